"""The Windows version resource of KeHoach.exe, built from kehoach_desktop.__version__.

Used by installer/kehoach.spec (PyInstaller takes the structure directly) and by the
NSIS build: ``python installer/version_info.py`` prints the version (APP_VERSION),
``--numeric`` its four numbers for the setup's version resource (VI_VERSION: 0.2.0b1 → 0.2.0.0).
Explorer shows these strings under Properties → Details.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def app_version() -> str:
    """The version string, read from the source without importing the package."""
    text = (ROOT / "kehoach_desktop" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.MULTILINE)
    if not found:
        raise SystemExit("Không tìm thấy __version__ trong kehoach_desktop/__init__.py")
    return found.group(1)


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """ "0.1.0" → (0, 1, 0, 0); pre-release suffixes ("0.2.0b1") keep their numeric part."""
    parts = [int(re.match(r"\d+", p).group()) if re.match(r"\d+", p) else 0 for p in version.split(".")]
    return tuple((parts + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def version_resource(exe_name: str, description: str):
    """A ``VSVersionInfo`` for one executable (PyInstaller's own structure)."""
    from PyInstaller.utils.win32.versioninfo import (
        FixedFileInfo,
        StringFileInfo,
        StringStruct,
        StringTable,
        VarFileInfo,
        VarStruct,
        VSVersionInfo,
    )

    version = app_version()
    numbers = version_tuple(version)
    # 0x042A = Vietnamese, 1200 = Unicode code page.
    return VSVersionInfo(
        ffi=FixedFileInfo(
            filevers=numbers, prodvers=numbers, mask=0x3F, flags=0x0, OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)
        ),
        kids=[
            StringFileInfo(
                [
                    StringTable(
                        "042A04B0",
                        [
                            StringStruct("CompanyName", "KeHoach"),
                            StringStruct("FileDescription", description),
                            StringStruct("FileVersion", version),
                            StringStruct("InternalName", exe_name),
                            StringStruct("LegalCopyright", "Phần mềm tự do theo giấy phép GPL-3.0-or-later"),
                            StringStruct("OriginalFilename", f"{exe_name}.exe"),
                            StringStruct("ProductName", "KeHoach Desktop"),
                            StringStruct("ProductVersion", version),
                        ],
                    )
                ]
            ),
            VarFileInfo([VarStruct("Translation", [0x042A, 1200])]),
        ],
    )


if __name__ == "__main__":
    if "--resource" in sys.argv:  # Windows only: PyInstaller's versioninfo needs pywin32/pefile
        print(version_resource("KeHoach", "KeHoach Desktop — lập và theo dõi kế hoạch"))
    elif "--numeric" in sys.argv:
        print(".".join(map(str, version_tuple(app_version()))))
    else:
        print(app_version())
