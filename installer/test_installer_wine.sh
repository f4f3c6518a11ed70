#!/usr/bin/env bash
# Build the NSIS installer on Linux and run it under wine: silent install, upgrade in
# place, silent uninstall that keeps the user's data.
#
#   bash installer/test_installer_wine.sh        (after bash installer/build_linux.sh: needs dist/KeHoach)
#   APP_DIR=/path/to/KeHoach bash installer/test_installer_wine.sh
#   COMPRESSOR=lzma bash installer/test_installer_wine.sh    compress like a release (slower)
#
# Needs makensis and wine (Debian: apt-get install nsis wine). The installer that ships is
# built on Windows from the Windows freeze with the x86-unicode stub; here the folder is
# the Linux freeze (its "programs" are Linux files that wine does not run), so this checks
# the installer's logic, not the program. Debian's wine without the i386 architecture runs
# only 64-bit programs, so the run uses the amd64-unicode stub (Debian's makensis has it)
# unless wine32 is installed; the script and its logic are the same for both stubs.
# The x86-unicode build (what ships) is compiled and checked too.
#
# Every step prints PASS/FAIL with its time; the exit code is non-zero when a step failed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
APP_DIR=${APP_DIR:-$ROOT/dist/KeHoach}
COMPRESSOR=${COMPRESSOR:-zlib}
NSI=${NSI:-$ROOT/installer/kehoach.nsi}   # another script to test: it must sit in a folder beside resources/
VERSION=$(python3 installer/version_info.py)
VI_VERSION=$(python3 installer/version_info.py --numeric)

T=$(mktemp -d)
cleanup() {
    [ -n "${WINEPREFIX:-}" ] && [ -d "$WINEPREFIX" ] && wineserver -k >/dev/null 2>&1
    rm -rf "$T"
}
trap cleanup EXIT
# A throw-away wine prefix and home: nothing touches the real user's folders (wine links
# the prefix's Desktop/Documents to $HOME). No Mono/Gecko prompts, no wine debug noise.
export WINEPREFIX="$T/prefix" HOME="$T/home" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
mkdir -p "$HOME"
unset DISPLAY WAYLAND_DISPLAY   # silent mode opens no window; wine must not try a real screen

STEP_LOG="$T/step.log"
STEP_TAIL_OK=14
# shellcheck source=installer/steps.sh
source "$ROOT/installer/steps.sh"

win_path() {  # win_path UNIX_PATH — its Windows form; winepath, retried: while the wineserver
    # is still busy with a program that just started it can print nothing (seen in CI).
    local out="" i
    for i in 1 2 3 4 5 6 7 8 9 10; do
        out=$(winepath -w "$1" 2>/dev/null | tr -d '\r')
        [ -n "$out" ] && { printf '%s' "$out"; return 0; }
        sleep 1
    done
    return 1
}

wine_rc() {   # wine_rc PROGRAM ARGS… — runs it, waits for wine to finish, returns its exit code
    local rc=0
    wine "$@" || rc=$?
    wineserver -w
    return $rc
}

UNINST_KEY='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\KeHoach Desktop'
SETUP_X86="$T/KeHoach-Setup-$VERSION-x86.exe"
SETUP_AMD64="$T/KeHoach-Setup-$VERSION-amd64.exe"

compile() {   # compile TARGET OUT
    # -V1: errors only (the Linux folder's "no KeHoach.exe" warning is expected here).
    makensis -V1 "-DTARGET=$1" "-DCOMPRESSOR=$COMPRESSOR" "-DAPP_VERSION=$VERSION" "-DVI_VERSION=$VI_VERSION" \
        "-DSOURCE_DIR=$APP_DIR" "-DOUT_FILE=$2" "$NSI" || return 1
    [ -s "$2" ] || { echo "makensis không tạo ra $2"; return 1; }
}

compile_x86() {
    compile x86-unicode "$SETUP_X86" && python3 installer/check_setup_exe.py "$SETUP_X86" --arch x86 --version "$VERSION"
}

compile_for_wine() {
    if [ -d /usr/lib/i386-linux-gnu/wine ]; then
        echo "wine32 có sẵn: chạy đúng bản x86-unicode"
        WINE_TARGET=x86-unicode
        cp "$SETUP_X86" "$T/setup.exe"
    else
        echo "wine không có phần 32 bit (i386): chạy bản amd64-unicode, cùng kịch bản"
        WINE_TARGET=amd64-unicode
        compile amd64-unicode "$SETUP_AMD64" && python3 installer/check_setup_exe.py "$SETUP_AMD64" --arch amd64 \
            --version "$VERSION" >/dev/null && cp "$SETUP_AMD64" "$T/setup.exe"
    fi
}

wine_init() {
    wine --version || return 1
    wineboot --init >/dev/null 2>&1 || wine wineboot --init >/dev/null 2>&1
    wineserver -w
    # The folders of the wine user, as Windows names them.
    U="$WINEPREFIX/drive_c/users/$(whoami)"
    [ -d "$U" ] || { echo "không có thư mục người dùng wine $U"; return 1; }
    PROG="$U/AppData/Local/Programs/KeHoach Desktop"
    START_LNK="$U/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/KeHoach Desktop.lnk"
    DESKTOP_LNK="$U/Desktop/KeHoach Desktop.lnk"
    DATA="$U/AppData/Roaming/KeHoach/KeHoach Desktop"
    echo "người dùng wine: $U"
}

set_windows() {   # set_windows win7|win10
    wine winecfg -v "$1" >/dev/null 2>&1
    wineserver -w
    wine cmd /c ver | tr -d '\r' | grep -v '^$'
}

refuses_windows7() {
    set_windows win7 || return 1
    local rc=0
    wine_rc "$T/setup.exe" /S || rc=$?
    echo "mã thoát: $rc (4 = máy không hợp)"
    [ "$rc" -eq 4 ] || { echo "trên Windows 7 bộ cài phải dừng với mã 4"; return 1; }
    [ ! -e "$PROG" ] || { echo "đã chép tệp dù máy không hợp"; return 1; }
    set_windows win10
}

reg_export() {   # the uninstall key as UTF-8 text (reg export writes UTF-16); fails when absent
    rm -f "$T/key.reg"
    wine reg export "$UNINST_KEY" "$T/key.reg" /y >/dev/null 2>&1 || return 1
    iconv -f UTF-16 -t UTF-8 "$T/key.reg" | tr -d '\r' | sed '1s/^\xEF\xBB\xBF//'
}

check_registry() {
    reg_export >"$T/key.txt" || { echo "không có khóa $UNINST_KEY"; return 1; }
    python3 - "$T/key.txt" "$VERSION" <<'EOF'
import re, sys, unicodedata
text = open(sys.argv[1], encoding="utf-8").read()
values = dict(re.findall(r'^"([^"]+)"=(.*)$', text, re.MULTILINE))
def s(name):
    raw = values.get(name)
    assert raw and raw.startswith('"'), f"thiếu giá trị chuỗi {name}"
    return raw[1:-1].replace('\\"', '"').replace("\\\\", "\\")
prog = r"AppData\Local\Programs\KeHoach Desktop"
assert s("DisplayName") == "KeHoach Desktop"
assert s("DisplayVersion") == sys.argv[2], s("DisplayVersion")
assert s("Publisher") == "KeHoach"
assert s("InstallLocation").endswith(prog), s("InstallLocation")
assert s("DisplayIcon").startswith(s("InstallLocation") + "\\KeHoach") and s("DisplayIcon").endswith(",0")
assert s("UninstallString") == f'"{s("InstallLocation")}\\uninstall.exe"', s("UninstallString")
assert s("QuietUninstallString") == s("UninstallString") + " /S"
comment = s("Comments")
assert comment == "Lập và theo dõi kế hoạch" and unicodedata.is_normalized("NFC", comment), comment
for name in ("NoModify", "NoRepair"):
    assert values.get(name) == "dword:00000001", f"{name} = {values.get(name)}"
size_kb = int(values["EstimatedSize"].split(":")[1], 16)
assert size_kb > 10_000, f"EstimatedSize {size_kb} KB"
for name in sorted(values):
    print(f"  {name} = {values[name]}")
EOF
}

lnk_points_to_program() {   # the .lnk names the installed program (Unicode or ANSI path)
    python3 - "$1" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
assert data[:4] == b"L\0\0\0", "không phải tệp .lnk"
target = r"KeHoach Desktop\KeHoach"
assert target.encode("utf-16-le") in data or target.encode() in data, "lối tắt không trỏ tới chương trình đã cài"
print(f"  {sys.argv[1].rsplit('/', 1)[-1]}: {len(data)} byte, trỏ tới …\\{target}")
EOF
}

check_program_files() {
    for f in KeHoach kehoach-cli uninstall.exe _internal/base_library.zip; do
        [ -e "$PROG/$f" ] || { echo "thiếu $PROG/$f"; return 1; }
    done
    # Every file of the frozen folder (symlinks followed, as File /r does), plus uninstall.exe.
    (cd "$APP_DIR" && find -L . -type f | sort) >"$T/want.txt"
    (cd "$PROG" && find . -type f ! -path ./uninstall.exe | sort) >"$T/got.txt"
    if ! diff "$T/want.txt" "$T/got.txt" >"$T/diff.txt"; then
        echo "thư mục cài đặt khác thư mục đóng gói:"; head -n 20 "$T/diff.txt"; return 1
    fi
    echo "  $(wc -l <"$T/got.txt") tệp như thư mục đóng gói, và uninstall.exe"
}

install_first() {
    local rc=0
    wine_rc "$T/setup.exe" /S /DESKTOP=0 || rc=$?
    [ "$rc" -eq 0 ] || { echo "bộ cài trả mã $rc"; return 1; }
    check_program_files || return 1
    [ -f "$START_LNK" ] || { echo "không có lối tắt menu Start $START_LNK"; return 1; }
    lnk_points_to_program "$START_LNK" || return 1
    [ ! -e "$DESKTOP_LNK" ] || { echo "/DESKTOP=0 mà vẫn có lối tắt trên màn hình nền"; return 1; }
    echo "  không có lối tắt màn hình nền (/DESKTOP=0)"
    check_registry || return 1
    # Installed again without /DESKTOP: the user's choice (no desktop shortcut) is kept.
    rc=0
    wine_rc "$T/setup.exe" /S || rc=$?
    [ "$rc" -eq 0 ] || { echo "cài lại: bộ cài trả mã $rc"; return 1; }
    [ ! -e "$DESKTOP_LNK" ] || { echo "cài lại không có /DESKTOP mà lại tạo lối tắt màn hình nền"; return 1; }
    echo "  cài lại không có /DESKTOP: vẫn không có lối tắt màn hình nền (giữ lựa chọn cũ)"
}

wine_ready() {   # wine_ready — wine starts a program again (retried: right after a wineserver
    # was stopped, the next program once exited at once with code 1 and no message, seen in CI)
    local i
    for i in 1 2 3 4 5 6 7 8 9 10; do
        wine cmd /c exit 0 >/dev/null 2>&1 && { wineserver -w; return 0; }
        echo "  wine chưa sẵn sàng (lần $i), thử lại"
        wineserver -k >/dev/null 2>&1; wineserver -w
        sleep 1
    done
    echo "wine không chạy được chương trình nào sau 10 lần thử"
    return 1
}

running_copy_blocks() {   # always stops the stand-in program, whatever the outcome
    local rc=0
    running_copy_checks || rc=$?
    # The stand-in stops like a closed program: its process ends and the wineserver exits by
    # itself, saving the registry (killing the server outright raced with the next step).
    if [ -n "${SLEEPER_PID:-}" ]; then
        kill "$SLEEPER_PID" 2>/dev/null
        wait "$SLEEPER_PID" 2>/dev/null
    fi
    timeout 30 wineserver -w || { wineserver -k; wineserver -w; }
    wine_ready || rc=1
    return $rc
}

running_copy_checks() {
    # A stand-in for the running program: a small Windows program (NSIS, no window) put in
    # place of the installed one. It marks when it has started, then waits.
    cat >"$T/sleeper.nsi" <<SLEEPER
Unicode true
Target $WINE_TARGET
OutFile "$T/sleeper.exe"
RequestExecutionLevel user
SilentInstall silent
Section
  FileOpen \$0 "\$EXEDIR\\..\\sleeper-started.txt" w
  FileClose \$0
  Sleep 120000
SectionEnd
SLEEPER
    makensis -V1 "$T/sleeper.nsi" || return 1
    cp "$T/sleeper.exe" "$PROG/KeHoach"
    echo old >"$PROG/_internal/tep-cua-ban-cu.txt"
    wine "$PROG/KeHoach" >/dev/null 2>&1 &
    SLEEPER_PID=$!
    local i rc=0
    for i in $(seq 1 60); do
        [ -e "$PROG/../sleeper-started.txt" ] && break
        sleep 0.5
    done
    [ -e "$PROG/../sleeper-started.txt" ] || { echo "chương trình thay thế không chạy được"; return 1; }
    rm -f "$PROG/../sleeper-started.txt"
    echo "  chương trình đang chạy; cài đè /S:"
    wine "$T/setup.exe" /S || rc=$?
    echo "  mã thoát $rc (3 = dừng vì chương trình còn chạy)"
    [ "$rc" -eq 3 ] || return 1
    cmp -s "$T/sleeper.exe" "$PROG/KeHoach" && [ -e "$PROG/_internal/tep-cua-ban-cu.txt" ] \
        || { echo "bộ cài đã đổi tệp dù chương trình đang chạy"; return 1; }
    echo "  gỡ /S _?= (chờ trình gỡ):"
    rc=0
    # _?= must come last and unquoted (a path with a space): wine would quote an argument,
    # so the command line goes through a batch file.
    local win_prog
    win_prog=$(win_path "$PROG") || { echo "winepath không cho đường dẫn Windows của $PROG"; return 1; }
    printf '@"%s\\uninstall.exe" /S _?=%s\r\n@exit /b %%errorlevel%%\r\n' "$win_prog" "$win_prog" >"$T/uninstall-wait.bat"
    local bat
    bat=$(win_path "$T/uninstall-wait.bat") || { echo "winepath không cho đường dẫn của tệp .bat"; return 1; }
    wine cmd /c "$bat" || rc=$?
    echo "  mã thoát $rc"
    [ "$rc" -eq 3 ] || return 1
    [ -e "$PROG/KeHoach" ] && [ -e "$PROG/_internal/base_library.zip" ] && [ -f "$START_LNK" ] \
        || { echo "trình gỡ đã xóa tệp dù chương trình đang chạy"; return 1; }
    reg_export >/dev/null || { echo "trình gỡ đã xóa khóa HKCU dù chương trình đang chạy"; return 1; }
    echo "  không tệp nào bị đổi; dừng chương trình thay thế"
}

upgrade_in_place() {
    # Leftovers of an "older version" and a stray portable marker: the upgrade removes both.
    echo old >"$PROG/_internal/tep-cua-ban-cu.txt"
    echo x >"$PROG/portable.txt"
    local rc=0
    wine_rc "$T/setup.exe" /S /DESKTOP=1 || rc=$?
    [ "$rc" -eq 0 ] || { echo "bộ cài trả mã $rc"; return 1; }
    [ ! -e "$PROG/_internal/tep-cua-ban-cu.txt" ] || { echo "tệp của bản cũ trong _internal còn lại"; return 1; }
    [ ! -e "$PROG/portable.txt" ] || { echo "portable.txt còn lại: bản cài đặt sẽ chạy ở chế độ di động"; return 1; }
    check_program_files || return 1
    cmp "$APP_DIR/KeHoach" "$PROG/KeHoach" || { echo "chương trình không được thay bằng bản mới"; return 1; }
    [ -f "$DESKTOP_LNK" ] || { echo "/DESKTOP=1 mà không có lối tắt trên màn hình nền"; return 1; }
    lnk_points_to_program "$DESKTOP_LNK" || return 1
    local keys
    keys=$(wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall' 2>/dev/null | tr -d '\r' | grep -c 'KeHoach')
    echo "  $keys mục KeHoach trong danh sách gỡ cài đặt"
    [ "$keys" -eq 1 ] || return 1
    check_registry >/dev/null
}

uninstall_keeps_data() {
    mkdir -p "$DATA/backups"
    printf 'SQLite format 3\0 dữ liệu thử' >"$DATA/kehoach.sqlite3"
    printf 'bản sao lưu' >"$DATA/backups/kehoach-thu.sqlite3"
    local before quiet rc=0
    before=$(cd "$DATA" && find . -type f -exec sha256sum {} + | sort)
    # The command Windows runs from "Apps & features" for a silent removal.
    quiet=$(reg_export | sed -n 's/^"QuietUninstallString"="\\"\(.*\)\\" \/S"$/\1/p' | sed 's/\\\\/\\/g')
    [ -n "$quiet" ] || { echo "không đọc được QuietUninstallString"; return 1; }
    echo "  gỡ bằng: \"$quiet\" /S"
    wine "$quiet" /S || rc=$?
    [ "$rc" -eq 0 ] || { echo "trình gỡ trả mã $rc"; return 1; }
    # The uninstaller copies itself to %TEMP% and goes on from there: wait for it.
    local i
    for i in $(seq 1 240); do
        [ -e "$PROG" ] || break
        sleep 0.5
    done
    wineserver -w
    if [ -e "$PROG" ]; then echo "thư mục chương trình còn lại:"; find "$PROG" | head; return 1; fi
    [ ! -e "$START_LNK" ] || { echo "lối tắt menu Start còn lại"; return 1; }
    [ ! -e "$DESKTOP_LNK" ] || { echo "lối tắt màn hình nền còn lại"; return 1; }
    if reg_export >/dev/null; then echo "khóa gỡ cài đặt còn lại"; return 1; fi
    local after
    after=$(cd "$DATA" && find . -type f -exec sha256sum {} + | sort)
    [ "$before" = "$after" ] || { echo "dữ liệu người dùng đã bị đổi hoặc xóa"; return 1; }
    echo "  đã xóa: thư mục chương trình, 2 lối tắt, khóa HKCU"
    echo "  còn nguyên: $(cd "$DATA" && find . -type f | wc -l) tệp trong %APPDATA%\\KeHoach\\KeHoach Desktop"
}

other_folder() {
    # A folder of the user's choice, with Vietnamese letters (/D= comes last, unquoted: no spaces).
    local win_dir="C:\\users\\$(whoami)\\PhầnMềm\\KeHoach" dir="$U/PhầnMềm/KeHoach" rc=0
    wine_rc "$T/setup.exe" /S "/D=$win_dir" || rc=$?
    [ "$rc" -eq 0 ] && [ -e "$dir/KeHoach" ] && [ -e "$dir/uninstall.exe" ] \
        || { echo "không cài được vào $win_dir (mã $rc)"; return 1; }
    [ ! -e "$PROG" ] || { echo "lại cài vào thư mục mặc định"; return 1; }
    reg_export | grep -q '"InstallLocation"=".*PhầnMềm\\\\KeHoach"' || { echo "InstallLocation không ghi thư mục đã chọn"; return 1; }
    echo "  cài vào $win_dir"
    # A newer version run without /D= goes to the same folder.
    rc=0
    wine_rc "$T/setup.exe" /S || rc=$?
    [ "$rc" -eq 0 ] || { echo "cài lại: mã $rc"; return 1; }
    [ ! -e "$PROG" ] || { echo "bản mới cài vào thư mục mặc định thay vì thư mục cũ"; return 1; }
    echo "  cài lại không có /D=: vẫn vào thư mục đó"
    rc=0
    wine "$dir/uninstall.exe" /S || rc=$?
    local i
    for i in $(seq 1 240); do
        [ -e "$dir" ] || break
        sleep 0.5
    done
    wineserver -w
    [ ! -e "$dir" ] || { echo "gỡ chưa xóa $dir"; return 1; }
    [ -e "$DATA/kehoach.sqlite3" ] || { echo "dữ liệu bị xóa"; return 1; }
    echo "  gỡ xong, dữ liệu vẫn còn"
}

T_START=$(date +%s.%N)
for tool in makensis wine iconv; do
    command -v $tool >/dev/null || { echo "Thiếu $tool: apt-get install nsis wine (xem installer/README.md)."; exit 1; }
done
[ -e "$APP_DIR/KeHoach" ] || [ -e "$APP_DIR/KeHoach.exe" ] || {
    echo "Không có $APP_DIR: chạy bash installer/build_linux.sh trước."; exit 1; }
echo "makensis $(makensis -VERSION), $(wine --version), phiên bản $VERSION, nén $COMPRESSOR"

step "Biên dịch bộ cài x86-unicode (bản phát hành), kiểm tra PE" compile_x86
step "Biên dịch bản chạy dưới wine" compile_for_wine
step "Tạo wine prefix tạm (wineboot --init)" wine_init
if [ -s "$T/setup.exe" ] && [ -n "${PROG:-}" ]; then
    step "Windows 7: bộ cài từ chối (mã 4), không chép gì" refuses_windows7
    step "Cài im lặng /S /DESKTOP=0: tệp, menu Start, khóa HKCU" install_first
    step "Chương trình đang chạy: cài và gỡ dừng lại (mã 3)" running_copy_blocks
    step "Cài đè bản mới /S /DESKTOP=1 (thay tại chỗ)" upgrade_in_place
    step "Gỡ im lặng (QuietUninstallString): dữ liệu còn nguyên" uninstall_keeps_data
    step "Thư mục khác (/D=…\\PhầnMềm\\KeHoach): cài, cài lại, gỡ" other_folder
fi
T_END=$(date +%s.%N)

print_summary
python3 -c "print(f'Tổng thời gian: {$T_END-$T_START:.0f} s')"
if [ $FAILED -gt 0 ] || [ ${#NAMES[@]} -lt 9 ]; then
    echo "KHÔNG ĐẠT: $FAILED bước lỗi (xem [FAIL] ở trên)."
    exit 1
fi
echo "ĐẠT: bộ cài NSIS cài, cài đè và gỡ đúng dưới wine."
