"""Estimate the Windows folder size from a Linux freeze, without a Windows machine.

Takes dist/KeHoach built on Linux, removes what is Linux-specific (Qt with its ICU,
the X11/Wayland/GLib libraries, Pillow/lxml/pdfium binaries) and adds the Windows
counterparts from the Windows wheels (downloaded with pip, same versions as installed),
filtered the way installer/kehoach.spec filters them. The Python runtime is taken as
equal on both systems. The Windows CI job measures the real folder; this is the
early warning.

    python3 installer/estimate_windows_size.py [--dist dist] [--wheels DIR]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_MB = 120
# Packages with native parts that differ per system: (distribution, wheel file prefix).
NATIVE = [
    ("PySide6_Essentials", "pyside6_essentials"),
    ("shiboken6", "shiboken6"),
    ("pillow", "pillow"),
    ("lxml", "lxml"),
    ("pypdfium2", "pypdfium2"),
]
PYTHON_RUNTIME = (
    "libpython",
    "libcrypto",
    "libssl",
    "libsqlite3",
    "libffi",
    "libz.",
    "libbz2",
    "liblzma",
    "libexpat",
    "libmpdec",
    "libuuid",
)
# What the spec keeps of PySide6 on Windows.
QT_KEEP = re.compile(
    r"PySide6/(Qt6(Core|Gui|Widgets|Network|PrintSupport|UiTools|Svg)\.dll"
    r"|Qt(Core|Gui|Widgets|Network|PrintSupport|UiTools|Svg)\.pyd|pyside6\.abi3\.dll"
    r"|msvcp140.*\.dll|vcruntime140.*\.dll|concrt140\.dll)$",
    re.IGNORECASE,
)
QT_PLUGINS_KEEP = re.compile(
    r"PySide6/plugins/(platforms/(qwindows|qoffscreen|qminimal|qdirect2d)|styles/"
    r"|imageformats/(qico|qjpeg|qsvg|qgif)|iconengines/)",
    re.IGNORECASE,
)


def _files(path: Path) -> list[Path]:
    if path.is_symlink():
        return []
    if path.is_file():
        return [path]
    return [f for f in path.rglob("*") if f.is_file() and not f.is_symlink()]


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in _files(path))


def download(wheels: Path) -> None:
    wanted = []
    for dist, _prefix in NATIVE:
        try:
            wanted.append(f"{dist}=={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            wanted.append(dist)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            "--platform",
            "win_amd64",
            "--python-version",
            "3.11",
            "--dest",
            str(wheels),
            *wanted,
        ],
        check=True,
    )


def estimate(app: Path, wheels: Path) -> dict[str, float]:
    internal = app / "_internal"
    total = _size(app)
    linux_native = sum(_size(internal / d) for d in ("PySide6", "shiboken6", "pillow.libs", "pypdfium2_raw"))
    linux_native += sum(f.stat().st_size for f in (internal / "PIL").glob("*.so"))
    linux_native += sum(f.stat().st_size for f in (internal / "lxml").rglob("*.so"))
    linux_only = sum(
        f.stat().st_size
        for f in internal.glob("lib*.so*")
        if not f.is_symlink() and not f.name.startswith(PYTHON_RUNTIME)
    )

    def wheel(prefix: str) -> zipfile.ZipFile:
        found = sorted(wheels.glob(f"{prefix}-*.whl"))
        if not found:
            raise SystemExit(f"Thiếu gói Windows {prefix} trong {wheels}")
        return zipfile.ZipFile(found[-1])

    windows = sum(
        i.file_size
        for i in wheel("pyside6_essentials").infolist()
        if QT_KEEP.search(i.filename) or QT_PLUGINS_KEEP.search(i.filename)
    )
    windows += sum(i.file_size for i in wheel("shiboken6").infolist() if i.filename.endswith((".dll", ".pyd")))
    windows += sum(
        i.file_size
        for i in wheel("pillow").infolist()
        if i.filename.endswith(".pyd") and not re.search("avif|webp|imagingtk|imagingft|imagingcms", i.filename)
    )
    windows += sum(i.file_size for i in wheel("lxml").infolist() if i.filename.endswith(".pyd"))
    windows += sum(i.file_size for i in wheel("pypdfium2").infolist() if i.filename.endswith(".dll"))
    # On Linux kehoach-cli is a symlink to KeHoach; Windows has a second executable with
    # its own copy of the PYZ archive.
    second_exe = (app / "KeHoach").stat().st_size if (app / "kehoach-cli").is_symlink() else 0
    windows += second_exe
    mb = 1e6
    return {
        "linux_mb": total / mb,
        "linux_only_libs_mb": linux_only / mb,
        "linux_native_mb": linux_native / mb,
        "windows_native_mb": windows / mb,
        "windows_estimate_mb": (total - linux_native - linux_only + windows) / mb,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description="Ước lượng kích thước thư mục đóng gói trên Windows.")
    ap.add_argument("--dist", type=Path, default=ROOT / "dist", help="Thư mục chứa KeHoach/ (mặc định: dist).")
    ap.add_argument("--wheels", type=Path, default=None, help="Thư mục gói .whl Windows đã tải (mặc định: tải mới).")
    args = ap.parse_args()
    app = args.dist / "KeHoach"
    if not (app / "_internal").is_dir():
        raise SystemExit(f"Không thấy {app}; hãy chạy installer/build_linux.sh trước.")
    with tempfile.TemporaryDirectory() as tmp:
        wheels = args.wheels or Path(tmp)
        if args.wheels is None:
            download(wheels)
        r = estimate(app, wheels)
    print(
        f"Bản Linux: {r['linux_mb']:.1f} MB, trong đó thư viện chỉ Linux dùng {r['linux_only_libs_mb']:.1f} MB "
        f"và Qt/Pillow/lxml/pdfium bản Linux {r['linux_native_mb']:.1f} MB."
    )
    print(
        f"Thay bằng bản Windows ({r['windows_native_mb']:.1f} MB): ước lượng thư mục Windows "
        f"{r['windows_estimate_mb']:.1f} MB (ngân sách {BUDGET_MB} MB)."
    )
    return 0 if r["windows_estimate_mb"] <= BUDGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
