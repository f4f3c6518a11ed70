"""The portable variant: dist/KeHoach-Portable-<version>.zip from the frozen folder.

The zip holds one folder ``KeHoach-<version>/`` with the programs and a
``portable.txt`` beside them; kehoach_desktop.paths sees that file and keeps the
database in ``data/`` beside the program (a USB stick carries program and data
together). Nothing is written to the user's profile.

    python installer/make_portable.py [--dist dist]
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

from version_info import app_version

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from kehoach_desktop.paths import PORTABLE_MARKER

PORTABLE_NOTE = """KeHoach Desktop — bản di động (không cần cài đặt)

Tệp này (portable.txt) nằm cạnh KeHoach.exe báo cho chương trình chạy ở chế độ di động:
dữ liệu (kế hoạch, sổ văn bản, nhiệm vụ) được lưu trong thư mục «data» bên cạnh chương
trình, không lưu vào thư mục của người dùng trên máy. Có thể chép cả thư mục này sang
USB để mang đi.

- Mở chương trình: nhấp đúp KeHoach.exe.
- Sao lưu: Tệp → Sao lưu ra…, hoặc chép cả thư mục «data» khi chương trình đã đóng.
- Xóa tệp portable.txt thì chương trình dùng thư mục dữ liệu thông thường của người dùng.
- Không chạy chương trình bằng «Run as administrator»: bộ gõ tiếng Việt không gõ được
  vào cửa sổ chạy với quyền quản trị.
"""


def build(dist: Path) -> Path:
    source = dist / "KeHoach"
    if not (source / "_internal").is_dir():
        raise SystemExit(f"Không thấy thư mục đóng gói {source}; hãy chạy PyInstaller trước.")
    version = app_version()
    top = f"KeHoach-{version}"
    out = dist / f"KeHoach-Portable-{version}.zip"
    tmp = out.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for path in sorted(source.rglob("*")):
            rel = path.relative_to(source).as_posix()
            if rel == PORTABLE_MARKER or rel == "data" or rel.startswith("data/"):
                continue  # never ship someone's data or a stray marker from a test run
            if path.is_file():
                zf.write(path, f"{top}/{rel}")
        # CRLF so Notepad on older Windows shows the lines.
        zf.writestr(f"{top}/{PORTABLE_MARKER}", PORTABLE_NOTE.replace("\n", "\r\n").encode("utf-8-sig"))
    tmp.replace(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="Tạo bản di động KeHoach-Portable-<phiên bản>.zip.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="Thư mục chứa KeHoach/ (mặc định: dist).")
    args = parser.parse_args()
    out = build(args.dist)
    print(f"Đã tạo {out} ({out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
