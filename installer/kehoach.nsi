; NSIS 3 script (UTF-8 with BOM, so makensis reads the Vietnamese the same on Windows and
; Linux): KeHoach-Setup-<version>.exe from the PyInstaller folder dist/KeHoach.
;
;   makensis installer\kehoach.nsi                     (from the repository root; dist\KeHoach → dist\KeHoach-Setup-<version>.exe)
;   makensis /DAPP_VERSION=0.1.0 /DVI_VERSION=0.1.0.0 /DSOURCE_DIR=%CD%\dist\KeHoach /DOUT_FILE=%CD%\dist\KeHoach-Setup-0.1.0.exe installer\kehoach.nsi
;
; Every define is optional: APP_VERSION is read from kehoach_desktop/__init__.py,
; SOURCE_DIR defaults to dist/KeHoach and OUT_FILE to dist/KeHoach-Setup-<version>.exe
; (relative paths are taken from this folder: makensis works in the script's folder).
; VI_VERSION (four numbers for the version resource) defaults to <APP_VERSION>.0; a
; pre-release needs it: /DVI_VERSION=0.2.0.0 for 0.2.0b1 (python installer/version_info.py --numeric).
; TARGET picks the stub: x86-unicode (default, what ships: every NSIS build has it) or
; amd64-unicode (Debian's makensis only; installer/test_installer_wine.sh uses it because
; Debian's wine without the i386 architecture runs only 64-bit programs). The script does
; the same thing with either stub: it only touches per-user folders and HKCU.
;
; What ships is built on Windows from a Windows dist\KeHoach (KeHoach.exe + kehoach-cli.exe).
; The script also compiles against the Linux freeze (KeHoach + kehoach-cli, no .exe): that
; build is only a check that the script compiles and that the installer logic works under
; wine (installer/test_installer_wine.sh); its "programs" are Linux files and do not run there.
;
; Per-user install without administrator rights: the program must never run elevated,
; because Vietnamese input methods (Unikey, EVKey) cannot type into elevated windows.
; The user's data lives in %APPDATA%\KeHoach\KeHoach Desktop (never inside $INSTDIR), so
; uninstalling removes the program and keeps every plan, document and backup.

Unicode true
!ifndef TARGET
  !define TARGET "x86-unicode"
!endif
Target ${TARGET}

!define APP_NAME "KeHoach Desktop"
!define PUBLISHER "KeHoach"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\KeHoach Desktop"
!define UNINST_EXE "uninstall.exe"
!define DATA_DIR "$APPDATA\KeHoach\KeHoach Desktop"

!ifndef APP_VERSION
  !searchparse /file "../kehoach_desktop/__init__.py" `__version__ = "` APP_VERSION `"`
!endif
!ifndef VI_VERSION
  !define VI_VERSION "${APP_VERSION}.0"
!endif
!ifndef SOURCE_DIR
  !define SOURCE_DIR "../dist/KeHoach"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "../dist/KeHoach-Setup-${APP_VERSION}.exe"
!endif

; The program the shortcuts start: KeHoach.exe on Windows; the Linux check build has no .exe.
!if /FileExists "${SOURCE_DIR}/KeHoach.exe"
  !define APP_EXE "KeHoach.exe"
  !define CLI_EXE "kehoach-cli.exe"
!else if /FileExists "${SOURCE_DIR}/KeHoach"
  !define APP_EXE "KeHoach"
  !define CLI_EXE "kehoach-cli"
  !warning "Không có KeHoach.exe trong ${SOURCE_DIR}: bản dựng thử từ thư mục Linux, chỉ để kiểm tra kịch bản cài đặt."
!else
  !error "Không thấy chương trình trong ${SOURCE_DIR}: hãy đóng gói bằng PyInstaller trước (installer/kehoach.spec) hoặc chỉ đúng /DSOURCE_DIR=."
!endif

Name "${APP_NAME}"
OutFile "${OUT_FILE}"
; Per user: no UAC prompt, and nothing here would need one.
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
; An earlier installation (maybe in another folder) is replaced in place.
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
; COMPRESSOR=zlib makes a quick test build (installer/test_installer_wine.sh); releases use lzma.
!ifndef COMPRESSOR
  !define COMPRESSOR "lzma"
!endif
SetCompressor /SOLID ${COMPRESSOR}
ManifestDPIAware true
BrandingText "${APP_NAME} ${APP_VERSION}"
ShowInstDetails show
ShowUninstDetails show
; A file that cannot be written stops the installation (Retry/Cancel, no "Ignore" that would
; leave a half-old program; in silent mode: cancelled, exit code 2).
AllowSkipFiles off

VIProductVersion "${VI_VERSION}"
VIFileVersion "${VI_VERSION}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"
!include "WinVer.nsh"

!define MUI_ICON "../resources/icons/kehoach.ico"
!define MUI_UNICON "../resources/icons/kehoach.ico"
!define MUI_ABORTWARNING
!define MUI_UNABORTWARNING
!define MUI_COMPONENTSPAGE_SMALLDESC

!define MUI_WELCOMEPAGE_TITLE "$(WelcomeTitle)"
!define MUI_WELCOMEPAGE_TEXT "$(WelcomeText)"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TEXT "$(FinishText)"
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_TEXT "$(LaunchProgram)"
!define MUI_FINISHPAGE_RUN_FUNCTION LaunchAsUser
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(UninstallConfirm)"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Vietnamese"

; Our own strings (the MUI pages come from NSIS's Vietnamese translation, whose Next
; button is «Tiến >» and Cancel «Hủy bỏ»: our texts name the buttons the same way; message
; boxes have Windows' own buttons, in the language of Windows, so both names are given).
LangString WelcomeTitle ${LANG_VIETNAMESE} "Cài đặt ${APP_NAME} ${APP_VERSION}"
LangString WelcomeText ${LANG_VIETNAMESE} "Trình cài đặt sẽ cài ${APP_NAME} vào máy tính này, chỉ cho tài khoản của anh/chị, không cần quyền quản trị.$\r$\n$\r$\nNếu đã có bản cũ, bản mới sẽ thay thế bản cũ; dữ liệu (kế hoạch, sổ văn bản, bản sao lưu) được giữ nguyên.$\r$\n$\r$\nNhấn Tiến để tiếp tục."
; Short: above the "Mở KeHoach Desktop" box the finish page has room for about five lines.
LangString FinishText ${LANG_VIETNAMESE} "Đã cài ${APP_NAME} vào máy tính.$\r$\n$\r$\nDữ liệu được lưu trong:$\r$\n${DATA_DIR}"
LangString LaunchProgram ${LANG_VIETNAMESE} "Mở ${APP_NAME}"
LangString SecProgramName ${LANG_VIETNAMESE} "${APP_NAME} (bắt buộc)"
LangString SecProgramDesc ${LANG_VIETNAMESE} "Chương trình và lối tắt trong menu Start."
LangString SecDesktopName ${LANG_VIETNAMESE} "Biểu tượng trên màn hình nền"
LangString SecDesktopDesc ${LANG_VIETNAMESE} "Tạo biểu tượng ${APP_NAME} trên màn hình nền."
LangString ShortcutComment ${LANG_VIETNAMESE} "Lập và theo dõi kế hoạch"
LangString NeedsWin64 ${LANG_VIETNAMESE} "${APP_NAME} cần Windows 10 hoặc mới hơn, bản 64 bit. Máy tính này không chạy được chương trình; hãy cài trên máy khác."
LangString AppRunning ${LANG_VIETNAMESE} "${APP_NAME} đang chạy.$\r$\n$\r$\nNhấn OK (Đồng ý) để đóng chương trình (như khi bấm nút đóng cửa sổ; dữ liệu đã lưu không mất), hoặc Cancel (Hủy) để dừng lại."
LangString AppStillRunning ${LANG_VIETNAMESE} "${APP_NAME} vẫn đang chạy.$\r$\n$\r$\nHãy đóng mọi cửa sổ ${APP_NAME} (kể cả cửa sổ dòng lệnh kehoach-cli) rồi nhấn Retry (Thử lại), hoặc Cancel (Hủy) để dừng lại."
LangString Cancelled ${LANG_VIETNAMESE} "Đã dừng vì ${APP_NAME} còn đang chạy. Đóng chương trình rồi chạy lại."
LangString UninstallConfirm ${LANG_VIETNAMESE} "${APP_NAME} sẽ được gỡ khỏi thư mục dưới đây. Dữ liệu (kế hoạch, sổ văn bản, bản sao lưu) được giữ nguyên."
; One line for the details list (it shows line breaks as boxes).
LangString DataKeptLog ${LANG_VIETNAMESE} "Dữ liệu vẫn được giữ trong: ${DATA_DIR}"
LangString DataKept ${LANG_VIETNAMESE} "Đã gỡ chương trình. Dữ liệu của anh/chị vẫn được giữ trong:$\r$\n$\r$\n${DATA_DIR}$\r$\n$\r$\nCài lại chương trình sẽ dùng tiếp dữ liệu này. Muốn xóa hẳn, hãy xóa thư mục đó bằng tay (nên sao lưu ra USB trước)."

VIAddVersionKey /LANG=${LANG_VIETNAMESE} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "ProductVersion" "${APP_VERSION}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "FileVersion" "${APP_VERSION}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "FileDescription" "Bộ cài đặt ${APP_NAME}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "LegalCopyright" "Phần mềm tự do theo giấy phép GPL-3.0-or-later"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "OriginalFilename" "KeHoach-Setup-${APP_VERSION}.exe"

; Waits until the installed program is closed: a running .exe cannot be opened for writing.
; The user is asked first; then the program gets the same close request as its window's
; close button (taskkill without /F), never a forced kill. Silent mode closes it the same way.
!macro CLOSE_RUNNING_FUNC un
Function ${un}IsRunning   ; $R7 = 1 when either program of $INSTDIR cannot be opened for writing
  StrCpy $R7 0
  ${If} ${FileExists} "$INSTDIR\${APP_EXE}"
    ClearErrors
    FileOpen $R8 "$INSTDIR\${APP_EXE}" a
    ${If} ${Errors}
      StrCpy $R7 1
    ${Else}
      FileClose $R8
    ${EndIf}
  ${EndIf}
  ${If} ${FileExists} "$INSTDIR\${CLI_EXE}"
    ClearErrors
    FileOpen $R8 "$INSTDIR\${CLI_EXE}" a
    ${If} ${Errors}
      StrCpy $R7 1
    ${Else}
      FileClose $R8
    ${EndIf}
  ${EndIf}
FunctionEnd

Function ${un}CloseRunning
  StrCpy $R9 0
  check:
    Call ${un}IsRunning
    ${If} $R7 = 0
      Return
    ${EndIf}
    ${If} $R9 = 0
      MessageBox MB_OKCANCEL|MB_ICONEXCLAMATION "$(AppRunning)" /SD IDOK IDOK close
      Goto cancel
      close:
      nsExec::Exec '"$SYSDIR\taskkill.exe" /IM "${APP_EXE}"'
      Pop $R7
    ${ElseIf} $R9 >= 20
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(AppStillRunning)" /SD IDCANCEL IDRETRY retry
      Goto cancel
      retry:
      StrCpy $R9 0
      Goto check
    ${EndIf}
    IntOp $R9 $R9 + 1
    Sleep 500
    Goto check
  cancel:
    DetailPrint "$(Cancelled)"
    SetErrorLevel 3
    Abort "$(Cancelled)"
FunctionEnd
!macroend
!insertmacro CLOSE_RUNNING_FUNC ""
!insertmacro CLOSE_RUNNING_FUNC "un."

Section "$(SecProgramName)" SecProgram
  SectionIn RO
  SetShellVarContext current
  Call CloseRunning
  SetOutPath "$INSTDIR"
  ; Files of an older version that a newer one no longer ships (the program only, never data).
  RMDir /r "$INSTDIR\_internal"
  ; An installed copy is never portable: its data belongs in the user's folder.
  Delete "$INSTDIR\portable.txt"
  ; The whole PyInstaller folder: KeHoach.exe (window), kehoach-cli.exe (command line), _internal\.
  File /r "${SOURCE_DIR}/*"
  WriteUninstaller "$INSTDIR\${UNINST_EXE}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0 SW_SHOWNORMAL "" "$(ShortcutComment)"

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${APP_VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "Comments" "$(ShortcutComment)"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\${UNINST_EXE}"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINST_EXE}" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

; Checked by default (on an upgrade: only if the shortcut is there now); /DESKTOP=0 or
; /DESKTOP=1 on the command line decides, also in silent mode (/S).
Section "$(SecDesktopName)" SecDesktop
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0 SW_SHOWNORMAL "" "$(ShortcutComment)"
SectionEnd

Section "-NoDesktopShortcut"
  ; Unticked on an upgrade: the shortcut of the older installation goes too.
  ${IfNot} ${SectionIsSelected} ${SecDesktop}
    SetShellVarContext current
    Delete "$DESKTOP\${APP_NAME}.lnk"
  ${EndIf}
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecProgram} "$(SecProgramDesc)"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "$(SecDesktopDesc)"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Function .onInit
  SetShellVarContext current
  ; The program is 64-bit only and needs Windows 10 (the stub itself may be 32-bit).
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "$(NeedsWin64)" /SD IDOK
    SetErrorLevel 4
    Quit
  ${EndIf}
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/DESKTOP=" $R1
  ${IfNot} ${Errors}
    ${If} $R1 == "0"
      !insertmacro UnselectSection ${SecDesktop}
    ${Else}
      !insertmacro SelectSection ${SecDesktop}
    ${EndIf}
  ${Else}
    ; An upgrade keeps the user's choice: no desktop shortcut now, none after the upgrade.
    ReadRegStr $R2 HKCU "${UNINST_KEY}" "InstallLocation"
    ${If} $R2 != ""
    ${AndIfNot} ${FileExists} "$DESKTOP\${APP_NAME}.lnk"
      !insertmacro UnselectSection ${SecDesktop}
    ${EndIf}
  ${EndIf}
FunctionEnd

; Started through Explorer, the program runs with the user's own (never elevated) rights,
; even if someone started the installer with "Run as administrator".
Function LaunchAsUser
  Exec '"$WINDIR\explorer.exe" "$INSTDIR\${APP_EXE}"'
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  Call un.CloseRunning
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  ; Only the program: what File /r installed. Anything else in the folder stays, and the
  ; folder goes only when empty. The data folder (${DATA_DIR}) is never named here.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\portable.txt"
  Delete "$INSTDIR\${UNINST_EXE}"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINST_KEY}"
  ${If} ${FileExists} "${DATA_DIR}\*.*"
    DetailPrint "$(DataKeptLog)"
    MessageBox MB_OK|MB_ICONINFORMATION "$(DataKept)" /SD IDOK
  ${EndIf}
SectionEnd
