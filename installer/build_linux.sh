#!/usr/bin/env bash
# Freeze KeHoach with the same spec as the Windows build, then smoke-test the
# frozen programs headless, so a missing data file, font or hidden import is
# caught on Linux before a Windows build ships it.
#
#   bash installer/build_linux.sh            freeze + smoke test (about 1-2 minutes)
#   bash installer/build_linux.sh --no-build smoke-test an existing dist/KeHoach
#   DIST=/tmp/out bash installer/build_linux.sh   build somewhere else (default: dist/)
#
# Every step prints PASS/FAIL with its time; the summary names the step that failed
# and the script exits non-zero when any step failed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DIST=${DIST:-$ROOT/dist}
WORK=${WORK:-$ROOT/build}
APP="$DIST/KeHoach"
BUDGET_MB=120
BUILD=1
[ "${1:-}" = "--no-build" ] && BUILD=0

export QT_QPA_PLATFORM=offscreen
SMOKE=$(mktemp -d)
trap 'rm -rf "$SMOKE"' EXIT
# Keep the test away from the real user's data folder and settings.
export KEHOACH_DATA_DIR="$SMOKE/appdata" XDG_CONFIG_HOME="$SMOKE/config" XDG_DATA_HOME="$SMOKE/data"
export KEHOACH_NO_BACKUP=1

STEP_LOG="$SMOKE/step.log"
STEP_TAIL_OK=4
# shellcheck source=installer/steps.sh
source "$ROOT/installer/steps.sh"

need_file() {  # need_file PATH MAGIC — the file exists and starts with MAGIC
    [ -s "$1" ] || { echo "thiếu tệp $1"; return 1; }
    head -c ${#2} "$1" | grep -q "^$2" || { echo "$1 không bắt đầu bằng $2"; return 1; }
    echo "$1: $(stat -c %s "$1") byte"
}

freeze() {
    python3 -m PyInstaller --version >/dev/null 2>&1 || python3 -m pip install --quiet "pyinstaller>=6.5" || return 1
    python3 -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$DIST" --workpath "$WORK" \
        installer/kehoach.spec
}

size_report() {  # fails over budget: the Linux folder carries more than Windows' (ICU, X11)
    local bytes total disk
    bytes=$(du -sb "$APP" | cut -f1)
    total=$(python3 -c "print(f'{$bytes / 1e6:.1f}')")
    disk=$(du -sm "$APP" | cut -f1)
    echo "Thư mục đóng gói: $APP — ${total} MB ($bytes byte; ${disk} MiB trên đĩa; ngân sách: ${BUDGET_MB} MB)"
    du -sm "$APP/_internal"/* 2>/dev/null | sort -n | tail -n 6 | sed 's/^/  /'
    local icu
    icu=$(du -cm "$APP"/_internal/PySide6/Qt/lib/libicu* 2>/dev/null | tail -n1 | cut -f1)
    echo "  (trên Linux Qt mang theo ICU, đã thu gọn: ${icu:-0} MiB; bản Windows dùng ICU của hệ điều hành)"
    echo "$total" >"$SMOKE/size_mb"
    if [ "$bytes" -gt $((BUDGET_MB * 1000000)) ]; then
        echo "vượt ngân sách ${BUDGET_MB} MB"
        return 1
    fi
}

pdf_ok() {
    need_file "$1" "%PDF" || return 1
    if command -v pdffonts >/dev/null; then
        # Every font embedded: a missing bundled font would show "no" in the emb column.
        if pdffonts "$1" | tail -n +3 | awk '{print $(NF-4)}' | grep -qv yes; then
            pdffonts "$1"; echo "có phông chữ không được nhúng"; return 1
        fi
        pdffonts "$1" | tail -n +3 | awk '{print "  phông: " $1}'
    fi
    if command -v pdftotext >/dev/null; then
        pdftotext "$1" - | grep -q "KẾ HOẠCH" || { echo "không tìm thấy chữ «KẾ HOẠCH» trong PDF"; return 1; }
    fi
}

xlsx_ok() {
    need_file "$1" "PK" || return 1
    python3 - "$1" <<'EOF'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
assert "xl/workbook.xml" in names, "không phải sổ Excel"
print(f"  {sum(n.startswith('xl/worksheets/') for n in names)} trang tính")
EOF
}

docx_ok() {
    need_file "$1" "PK" || return 1
    python3 -c "import sys, zipfile; assert 'word/document.xml' in zipfile.ZipFile(sys.argv[1]).namelist()" "$1"
}

export_pdf() {
    "$APP/kehoach-cli" export pdf --db "$SMOKE/demo.sqlite3" --plan 1 -o "$SMOKE/plan.pdf" && pdf_ok "$SMOKE/plan.pdf"
}

export_docx() {
    "$APP/kehoach-cli" export docx --db "$SMOKE/demo.sqlite3" --plan 1 -o "$SMOKE/plan.docx" \
        && docx_ok "$SMOKE/plan.docx"
}

export_progress() {
    "$APP/kehoach-cli" export progress --db "$SMOKE/demo.sqlite3" --plan 1 -o "$SMOKE/progress.xlsx" \
        && xlsx_ok "$SMOKE/progress.xlsx"
}

import_progress() {
    # openpyxl reading the sheet the frozen program wrote (nothing changed: exit 0, no errors).
    [ -s "$SMOKE/progress.xlsx" ] || { echo "chưa có progress.xlsx (bước xuất Excel lỗi)"; return 1; }
    "$APP/kehoach-cli" progress import --db "$SMOKE/demo.sqlite3" --dry-run "$SMOKE/progress.xlsx"
}

parse_docx() {
    # python-docx reading: the plan exported above comes back with its sections.
    [ -s "$SMOKE/plan.docx" ] || { echo "chưa có plan.docx (bước xuất DOCX lỗi)"; return 1; }
    "$APP/kehoach-cli" parse "$SMOKE/plan.docx" --json >"$SMOKE/parse-docx.json" || return 1
    python3 -c "import json,sys; d=json.load(open(sys.argv[1], encoding='utf-8')); assert len(d.get('sections') or []) >= 2, 'thiếu mục'; print('  ', d.get('title'), '—', len(d['sections']), 'mục')" "$SMOKE/parse-docx.json"
}

smoke_gui() {
    local out
    out=$("$APP/KeHoach" --db "$SMOKE/demo.sqlite3" --smoke) || return 1
    echo "$out"
    echo "$out" | grep -Eq '^[0-9]+ ms' || { echo "--smoke không in số mili giây"; return 1; }
}

portable_mode() {
    # portable.txt beside the program: with no --db the window opens data/kehoach.sqlite3 beside
    # the program (a first start fills it with the demo under --smoke), not the user's folder.
    touch "$APP/portable.txt"
    local rc=0
    ( unset KEHOACH_DATA_DIR; "$APP/KeHoach" --smoke ) || rc=1
    if [ ! -s "$APP/data/kehoach.sqlite3" ]; then echo "không có data/kehoach.sqlite3 bên cạnh chương trình"; rc=1; fi
    if [ -e "$KEHOACH_DATA_DIR/kehoach.sqlite3" ]; then echo "dữ liệu lại nằm trong thư mục người dùng"; rc=1; fi
    rm -rf "$APP/portable.txt" "$APP/data"
    return $rc
}

parse_fixture() {
    local f
    f=$(ls tests/fixtures/*.txt 2>/dev/null | head -n1)
    [ -n "$f" ] || { echo "không có tệp mẫu trong tests/fixtures"; return 1; }
    "$APP/kehoach-cli" parse "$f" --json >"$SMOKE/parse.json" || return 1
    python3 -c "import json,sys; d=json.load(open(sys.argv[1], encoding='utf-8')); assert d.get('sections'), 'không có mục nào'; print('  ', d.get('title'), '—', len(d['sections']), 'mục')" "$SMOKE/parse.json"
}

T_START=$(date +%s.%N)
if [ $BUILD -eq 1 ]; then
    step "Đóng gói bằng PyInstaller (installer/kehoach.spec)" freeze
fi
if [ ! -x "$APP/kehoach-cli" ]; then
    echo "Không có $APP/kehoach-cli: bước đóng gói không thành công."
    exit 1
fi
step "Kích thước thư mục đóng gói" size_report
step "kehoach-cli --version" "$APP/kehoach-cli" --version
step "Tạo dữ liệu mẫu (kehoach-cli demo)" "$APP/kehoach-cli" demo --db "$SMOKE/demo.sqlite3"
step "Mở cửa sổ không màn hình (KeHoach --smoke)" smoke_gui
step "Danh sách văn bản (directives list)" "$APP/kehoach-cli" directives list --db "$SMOKE/demo.sqlite3"
step "Xuất PDF (export pdf, phông nhúng)" export_pdf
step "Xuất PDF mẫu Nhà nước (--profile state)" \
    "$APP/kehoach-cli" export pdf --db "$SMOKE/demo.sqlite3" --plan 1 --profile state -o "$SMOKE/state.pdf"
step "Xuất DOCX (export docx)" export_docx
step "Xuất Excel theo dõi (export progress)" export_progress
step "Nhập lại bảng Excel, xem trước (progress import --dry-run)" import_progress
step "Đọc văn bản .txt (parse)" parse_fixture
step "Đọc văn bản .docx vừa xuất (parse)" parse_docx
step "Sao lưu (backup create)" "$APP/kehoach-cli" backup create --db "$SMOKE/demo.sqlite3"
step "Chế độ di động (portable.txt bên cạnh chương trình)" portable_mode
T_END=$(date +%s.%N)

print_summary
python3 -c "print(f'Tổng thời gian: {$T_END-$T_START:.0f} s')"
[ -f "$SMOKE/size_mb" ] && echo "Kích thước: $(cat "$SMOKE/size_mb") MB"
if [ $FAILED -gt 0 ]; then
    echo "KHÔNG ĐẠT: $FAILED bước lỗi (xem [FAIL] ở trên)."
    exit 1
fi
echo "ĐẠT: bản đóng gói chạy được."
