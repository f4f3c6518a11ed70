; Inno Setup 6 script (saved as UTF-8 with BOM: Inno reads a BOM-less script in the ANSI code page): KeHoach-Setup-<version>.exe from the PyInstaller folder dist\KeHoach.
;
;   iscc /DAppVersion=0.1.0 installer\kehoach.iss      (run from the repository root)
;
; Per-user install without administrator rights: the program must never run elevated,
; because Vietnamese input methods (Unikey, EVKey) cannot type into elevated windows.
; The user's data lives in %APPDATA%\KeHoach\KeHoach Desktop (never inside {app}), so
; uninstalling removes the program and keeps every plan, document and backup.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "KeHoach Desktop"
#define AppExe "KeHoach.exe"
#define SourceDir "..\dist\KeHoach"

[Setup]
; A fixed AppId: upgrades replace the old version in place instead of installing twice.
AppId={{6B1E2C55-2F4A-4C53-9E1D-7A0C4B8E5D21}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=KeHoach
AppComments=Lập và theo dõi kế hoạch của văn phòng cấp ủy
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription=Bộ cài đặt {#AppName}
VersionInfoCompany=KeHoach
; Per user, no UAC prompt, and no way to switch to an all-users (elevated) install.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
; {autopf} is %LOCALAPPDATA%\Programs for a per-user install.
DefaultDirName={autopf}\KeHoach Desktop
DefaultGroupName=KeHoach Desktop
DisableProgramGroupPage=yes
DisableWelcomePage=no
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist
OutputBaseFilename=KeHoach-Setup-{#AppVersion}
SetupIconFile=..\resources\icons\kehoach.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running copy (Restart Manager) before replacing its files.
CloseApplications=yes
RestartApplications=no

[Languages]
#ifexist "Vietnamese.isl"
; The CI job fetches Inno Setup's Vietnamese translation next to this script.
Name: "vi"; MessagesFile: "Vietnamese.isl"
#else
Name: "vi"; MessagesFile: "compiler:Default.isl"
#endif

[Messages]
; Our Vietnamese for every screen a per-user install shows (kept even when
; Vietnamese.isl is absent, so the wizard is never in English where it matters).
; Only names present in every Inno Setup 6 Default.isl (an unknown name stops ISCC).
SetupAppTitle=Cài đặt
SetupWindowTitle=Cài đặt - %1
UninstallAppTitle=Gỡ cài đặt
UninstallAppFullTitle=Gỡ cài đặt %1
ButtonBack=< &Quay lại
ButtonNext=&Tiếp >
ButtonInstall=&Cài đặt
ButtonOK=Đồng ý
ButtonCancel=Hủy
ButtonYes=&Có
ButtonNo=&Không
ButtonFinish=&Xong
ButtonBrowse=&Chọn...
ButtonWizardBrowse=C&họn...
ButtonNewFolder=&Tạo thư mục mới
InformationTitle=Thông tin
ConfirmTitle=Xác nhận
ErrorTitle=Lỗi
ClickNext=Nhấn Tiếp để tiếp tục, hoặc Hủy để thoát trình cài đặt.
BrowseDialogTitle=Chọn thư mục
BrowseDialogLabel=Chọn một thư mục trong danh sách rồi nhấn Đồng ý.
NewFolderName=Thư mục mới
SetupAppRunningError=Trình cài đặt thấy %1 đang chạy.%n%nHãy đóng chương trình rồi nhấn Đồng ý để tiếp tục, hoặc Hủy để thoát.
UninstallAppRunningError=Trình gỡ cài đặt thấy %1 đang chạy.%n%nHãy đóng chương trình rồi nhấn Đồng ý để tiếp tục, hoặc Hủy để thoát.
DirExistsTitle=Thư mục đã có
DirDoesntExistTitle=Thư mục chưa có
WelcomeLabel1=Chào mừng đến với trình cài đặt [name]
WelcomeLabel2=Trình cài đặt sẽ cài [name/ver] vào máy tính này, chỉ cho tài khoản của anh/chị, không cần quyền quản trị.%n%nNên đóng các chương trình khác trước khi tiếp tục.
WizardSelectDir=Chọn thư mục cài đặt
SelectDirDesc=Cài [name] vào đâu?
SelectDirLabel3=Chương trình sẽ được cài vào thư mục dưới đây.
SelectDirBrowseLabel=Nhấn Tiếp để tiếp tục. Muốn chọn thư mục khác, nhấn Chọn.
WizardSelectTasks=Chọn việc cần làm thêm
SelectTasksDesc=Trình cài đặt nên làm thêm những việc nào?
SelectTasksLabel2=Chọn các việc cần làm thêm khi cài [name], rồi nhấn Tiếp.
WizardReady=Sẵn sàng cài đặt
ReadyLabel1=Đã sẵn sàng cài [name] vào máy tính.
ReadyLabel2a=Nhấn Cài đặt để bắt đầu, hoặc Quay lại để xem lại các lựa chọn.
ReadyLabel2b=Nhấn Cài đặt để bắt đầu.
ReadyMemoDir=Thư mục cài đặt:
ReadyMemoTasks=Việc làm thêm:
WizardPreparing=Đang chuẩn bị cài đặt
PreparingDesc=Đang chuẩn bị cài [name] vào máy tính.
ApplicationsFound=Các chương trình sau đang dùng tệp cần cập nhật. Nên để trình cài đặt tự đóng chúng.
CloseApplications=&Tự động đóng các chương trình
DontCloseApplications=&Không đóng các chương trình
ErrorCloseApplications=Không tự đóng được mọi chương trình. Hãy đóng các chương trình đang dùng tệp cần cập nhật rồi tiếp tục.
WizardInstalling=Đang cài đặt
InstallingLabel=Vui lòng chờ trong khi [name] được cài vào máy tính.
FinishedHeadingLabel=Đã cài xong [name]
FinishedLabelNoIcons=Đã cài [name] vào máy tính.
FinishedLabel=Đã cài [name] vào máy tính. Mở chương trình từ biểu tượng vừa tạo.
ClickFinish=Nhấn Xong để đóng trình cài đặt.
RunEntryExec=Mở %1
ExitSetupTitle=Thoát cài đặt
ExitSetupMessage=Chưa cài xong. Nếu thoát bây giờ, chương trình sẽ không được cài.%n%nCó thể chạy lại trình cài đặt lúc khác.%n%nThoát cài đặt?
StatusClosingApplications=Đang đóng các chương trình...
StatusCreateDirs=Đang tạo thư mục...
StatusExtractFiles=Đang chép tệp...
StatusRunProgram=Đang hoàn tất cài đặt...
StatusCreateIcons=Đang tạo biểu tượng...
StatusCreateRegistryEntries=Đang ghi thông tin cài đặt...
StatusSavingUninstall=Đang lưu thông tin gỡ cài đặt...
StatusRollback=Đang hoàn tác các thay đổi...
ConfirmUninstall=Gỡ %1 khỏi máy tính? Dữ liệu (kế hoạch, sổ văn bản, bản sao lưu) được giữ nguyên.
UninstallStatusLabel=Vui lòng chờ trong khi %1 được gỡ khỏi máy tính.
WizardUninstalling=Đang gỡ cài đặt
StatusUninstalling=Đang gỡ %1...
UninstalledAll=Đã gỡ %1 khỏi máy tính.
UninstalledMost=Đã gỡ xong %1.%n%nMột số mục không xóa được; có thể xóa tay.
UninstallDataCorrupted=Tệp "%1" bị hỏng. Không gỡ được.
DirExists=Thư mục:%n%n%1%n%nđã có. Vẫn cài vào thư mục này?
DirDoesntExist=Thư mục:%n%n%1%n%nchưa có. Tạo thư mục này?

[CustomMessages]
vi.DesktopIcon=Tạo biểu tượng trên màn hình nền
vi.IconsGroup=Biểu tượng
vi.AdditionalIcons=Biểu tượng:
vi.LaunchProgram=Mở %1 ngay
vi.DataKept=Đã gỡ chương trình. Dữ liệu của anh/chị vẫn được giữ trong:%n%n%1%n%nCài lại chương trình sẽ dùng tiếp dữ liệu này. Muốn xóa hẳn, hãy xóa thư mục đó bằng tay (nên sao lưu ra USB trước).

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; GroupDescription: "{cm:IconsGroup}"

[Files]
; The whole PyInstaller folder: KeHoach.exe (window), kehoach-cli.exe (command line), _internal\.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; Files of an older version that a newer one no longer ships (the program only, never data).
Type: filesandordirs; Name: "{app}\_internal"
; An installed copy is never portable: its data belongs in the user's folder.
Type: files; Name: "{app}\portable.txt"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "Lập và theo dõi kế hoạch"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
; runasoriginaluser: even if the installer were elevated somehow, the program starts as the user.
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent runasoriginaluser

[UninstallDelete]
; Only what the program itself may leave inside {app}; user data is elsewhere and stays.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := ExpandConstant('{userappdata}\KeHoach\KeHoach Desktop');
    if DirExists(DataDir) and not UninstallSilent then
      MsgBox(FmtMessage(CustomMessage('DataKept'), [DataDir]), mbInformation, MB_OK);
  end;
end;
