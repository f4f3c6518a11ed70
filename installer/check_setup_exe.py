"""Check a built KeHoach-Setup-<version>.exe without running it (any OS, standard library only).

    python3 installer/check_setup_exe.py dist/KeHoach-Setup-0.1.0.exe [--arch x86|amd64] [--version 0.1.0]

Reads the PE file itself: the CPU it is built for, the version resource (numbers and the
Vietnamese strings Explorer shows under Properties → Details), the application icon (every
image of resources/icons/kehoach.ico is inside) and the manifest's execution level
("asInvoker": Windows never asks for administrator rights). Prints what it found; exits 1
with the reason when something is missing.
"""

from __future__ import annotations

import argparse
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from version_info import app_version, version_tuple

MACHINES = {0x14C: "x86", 0x8664: "amd64"}
FIXED_SIGNATURE = struct.pack("<I", 0xFEEF04BD)


def pe_machine(data: bytes) -> str:
    if data[:2] != b"MZ":
        raise ValueError("không phải tệp chạy Windows (thiếu «MZ»)")
    offset = struct.unpack_from("<I", data, 0x3C)[0]
    if data[offset : offset + 4] != b"PE\0\0":
        raise ValueError("không có phần đầu PE")
    machine = struct.unpack_from("<H", data, offset + 4)[0]
    return MACHINES.get(machine, hex(machine))


def fixed_version(data: bytes) -> tuple[int, int, int, int]:
    """FileVersion numbers of VS_FIXEDFILEINFO (the first one: the stub has exactly one)."""
    start = data.find("VS_VERSION_INFO".encode("utf-16-le"))
    if start < 0:
        raise ValueError("không có tài nguyên phiên bản (VS_VERSION_INFO)")
    sig = data.find(FIXED_SIGNATURE, start)
    if sig < 0 or sig - start > 64:
        raise ValueError("tài nguyên phiên bản thiếu VS_FIXEDFILEINFO")
    ms, ls = struct.unpack_from("<II", data, sig + 8)
    return (ms >> 16, ms & 0xFFFF, ls >> 16, ls & 0xFFFF)


def version_string(data: bytes, key: str) -> str:
    """The value of one StringFileInfo entry (UTF-16: key, NUL, padding to 4 bytes, value)."""
    start = data.find("VS_VERSION_INFO".encode("utf-16-le"))
    needle = (key + "\0").encode("utf-16-le")
    at = data.find(needle, start)
    if start < 0 or at < 0:
        raise ValueError(f"tài nguyên phiên bản không có «{key}»")
    pos = at + len(needle)
    while pos % 4:
        pos += 2
    end = pos
    while data[end : end + 2] != b"\0\0":
        end += 2
    return data[pos:end].decode("utf-16-le")


def icon_images(ico: bytes) -> list[tuple[int, bytes]]:
    count = struct.unpack_from("<HHH", ico, 0)[2]
    images = []
    for i in range(count):
        width, _h, _c, _r, _p, _b, size, offset = struct.unpack_from("<BBBBHHII", ico, 6 + 16 * i)
        images.append((width or 256, ico[offset : offset + size]))
    return images


def check(path: Path, arch: str | None, version: str) -> list[str]:
    data = path.read_bytes()
    problems: list[str] = []
    try:
        machine = pe_machine(data)
    except ValueError as exc:
        return [f"{path}: {exc}"]
    print(f"{path.name}: {len(data) / 1e6:.1f} MB, PE {machine}")
    if arch and machine != arch:
        problems.append(f"dựng cho {machine}, cần {arch}")
    if b"Nullsoft" not in data:
        problems.append("không phải bộ cài NSIS (không có chữ «Nullsoft»)")
    try:
        numbers = fixed_version(data)
        print(f"  FileVersion (số): {'.'.join(map(str, numbers))}")
        if numbers != version_tuple(version):
            problems.append(f"số phiên bản {numbers}, cần {version_tuple(version)}")
        for key, expected in (
            ("ProductVersion", version),
            ("ProductName", "KeHoach Desktop"),
            ("FileDescription", "Bộ cài đặt KeHoach Desktop"),
            ("CompanyName", "KeHoach"),
        ):
            value = version_string(data, key)
            print(f"  {key}: {value}")
            if value != expected:
                problems.append(f"{key} là «{value}», cần «{expected}»")
    except ValueError as exc:
        problems.append(str(exc))
    ico = (ROOT / "resources" / "icons" / "kehoach.ico").read_bytes()
    missing = [width for width, image in icon_images(ico) if image not in data]
    print(f"  biểu tượng: {len(icon_images(ico)) - len(missing)}/{len(icon_images(ico))} ảnh của kehoach.ico")
    if missing:
        problems.append(f"thiếu ảnh biểu tượng cỡ {missing}")
    if b'level="asInvoker"' not in data:
        problems.append('manifest không có level="asInvoker" (Windows sẽ hỏi quyền quản trị)')
    elif b"requireAdministrator" in data or b"highestAvailable" in data:
        problems.append("manifest đòi quyền quản trị")
    else:
        print('  manifest: requestedExecutionLevel level="asInvoker" (không cần quyền quản trị)')
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Kiểm tra tệp KeHoach-Setup-<phiên bản>.exe đã dựng.")
    parser.add_argument("setup", type=Path)
    parser.add_argument("--arch", choices=sorted(set(MACHINES.values())))
    parser.add_argument("--version", default=app_version())
    args = parser.parse_args(argv)
    problems = check(args.setup, args.arch, args.version)
    for problem in problems:
        print(f"LỖI: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
