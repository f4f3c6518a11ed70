"""Trim the ICU data library that PySide6's Linux wheel bundles (libicudata.so.NN, 31 MB).

Qt Core is the only user of ICU in the frozen app, and it calls just four families of
ICU functions (`nm -D --undefined-only libQt6Core.so.6 | grep _NN$`):

  ucol_*   collation (QCollator, locale-aware compare)   → coll/ data
  ucal_*   time-zone ids and display names (QTimeZone)   → zoneinfo64, metaZones, zone/…
  ucnv_*   legacy text codecs (QStringDecoder/Encoder)   → cnvalias.icu + *.cnv
  u_strTo* case mapping                                  → built into libicuuc, no data

So the data we keep is: those trees for the root, English and Vietnamese locales, the
locale-independent tables they depend on, and the single-byte Windows/ISO codecs
(windows-1258 among them). Dropped: the ~800 other locales, word-break dictionaries
(Thai, CJK, Khmer…), transliteration, spelled-out numbers, StringPrep profiles and the
multi-byte CJK codecs — none of which Qt reaches. The result is about 3.8 MB.

The rebuild uses ICU's own tools, the way ICU builds this library itself: `icupkg`
removes items from the data package (refusing if a kept item depends on a removed
one), `genccode` turns the package into an assembler file exporting `icudtNN_dat`,
and gcc links it into a shared library with the same soname. Windows needs none of
this: Qt there uses the system's ICU, and the wheel ships no ICU at all.

    python3 installer/trim_icu.py LIBICUDATA OUT_DIR     (prints the new library's path)
"""

from __future__ import annotations

import ctypes
import re
import shutil
import subprocess
import sys
from pathlib import Path

TOOLS = ("icupkg", "genccode", "gcc", "nm")
# Locale files kept in every kept tree. pool.res holds the keys the tree's other
# files share; res_index.res is kept separately (it names the locales installed).
LOCALES = frozenset({"root", "en", "en_US", "en_001", "vi", "vi_VN", "pool"})
# "" is the main tree (calendars, number formats); coll/ is collation; zone/, region/,
# lang/ give time-zone display names; curr/ and unit/ are kept small for fallbacks.
KEPT_TREES = frozenset({"", "coll", "zone", "region", "lang", "curr", "unit"})
# Single-byte codecs: windows-125x (ibm-5346…5354 and ibm-125x), DOS 437/850/858,
# Vietnamese ibm-1129/1163/1164, ISO-8859 and Thai windows-874. Multi-byte CJK ones go.
KEPT_CODECS = re.compile(
    r"^(ibm-(125\d|534[6-9]|535[0-4]|437|850|858|1129|1163|1164)_.*"
    r"|iso-8859_.*|windows-874-2000)\.cnv$"
)
_LOCALE_NAME = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]*)*")  # vi, vi_VN, de_, es__TRADITIONAL


def keep_item(item: str) -> bool:
    """True for the data items Qt can reach (item names as `icupkg -l` lists them)."""
    tree, _, name = item.rpartition("/")
    if tree not in KEPT_TREES:  # brkitr/, translit/, rbnf/
        return False
    base, _, ext = name.rpartition(".")
    if ext == "res":
        if base != "res_index" and _LOCALE_NAME.fullmatch(base):
            return base in LOCALES
        return True  # supplementalData, zoneinfo64, metaZones…
    if ext == "cnv":
        return bool(KEPT_CODECS.match(name))
    return ext not in ("spp", "cfu", "dict", "brk")  # keep .icu and .nrm tables


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def _data_symbol(library: Path) -> tuple[str, int]:
    """The `icudtNN_dat` symbol and its size, read from the dynamic symbol table."""
    listing = subprocess.run(
        ["nm", "-D", "-S", "--defined-only", str(library)], check=True, capture_output=True, text=True
    ).stdout
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) == 4 and re.fullmatch(r"icudt\d+_dat", parts[3]):
            return parts[3], int(parts[1], 16)
    raise RuntimeError(f"{library}: no icudtNN_dat symbol")


def trim(library: Path, out_dir: Path) -> Path:
    """Writes a trimmed copy of `library` (same file name and soname) into `out_dir`."""
    missing = missing_tools()
    if missing:
        raise RuntimeError(
            "thiếu công cụ để thu gọn dữ liệu ICU: "
            + ", ".join(missing)
            + " (Debian: apt-get install icu-devtools gcc binutils)"
        )
    symbol, size = _data_symbol(library)
    entry = symbol[: -len("_dat")]  # icudt73
    package = f"{entry}l"  # item prefix inside: little-endian
    work = out_dir / "icu-work"
    shutil.rmtree(work, ignore_errors=True)
    (work / "trimmed").mkdir(parents=True)
    full = work / f"{package}.dat"
    # The library has no dependencies of its own: load it and copy the data out.
    handle = ctypes.CDLL(str(library))
    full.write_bytes(ctypes.string_at(ctypes.addressof(ctypes.c_char.in_dll(handle, symbol)), size))

    items = subprocess.run(["icupkg", "-l", str(full)], check=True, capture_output=True, text=True).stdout.split()
    removed = [item for item in items if not keep_item(item)]
    (work / "remove.txt").write_text("\n".join(removed) + "\n", encoding="ascii")
    # The output keeps the package's own name, or ICU would not find the items in it.
    trimmed = work / "trimmed" / full.name
    subprocess.run(
        ["icupkg", "-r", str(work / "remove.txt"), str(full), str(trimmed)], check=True, capture_output=True, text=True
    )
    subprocess.run(["genccode", "-q", "-a", "gcc", "-e", entry, "-d", str(work), str(trimmed)], check=True)
    assembly = next(work.glob("*.S"))
    out_dir.mkdir(parents=True, exist_ok=True)
    result = out_dir / library.name
    soname = re.sub(r"(\.so\.\d+).*$", r"\1", library.name)
    subprocess.run(
        ["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-o", str(result), str(assembly)], check=True
    )
    shutil.rmtree(work, ignore_errors=True)
    return result


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.rstrip().rsplit("\n", 1)[-1].strip(), file=sys.stderr)
        return 2
    print(trim(Path(argv[0]), Path(argv[1])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
