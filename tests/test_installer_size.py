"""Issue 7, size budget: what the frozen build leaves out must be something the program
never loads, and the ICU data trimmed for Linux must still serve what Qt asks of ICU.

The frozen folder itself is built, measured against the 120 MB budget and smoke-tested
by installer/build_linux.sh (run by .ci/run).
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
sys.path.insert(0, str(INSTALLER))

import trim_icu


def _spec_list(name: str) -> list[str]:
    spec = (INSTALLER / "kehoach.spec").read_text(encoding="utf-8")
    return ast.literal_eval(re.search(rf"^{name} = (\[.*?\n\])", spec, re.DOTALL | re.MULTILINE).group(1))


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_no_module_of_the_program_imports_what_the_build_leaves_out():
    excluded = _spec_list("PY_UNUSED")
    assert {"ssl", "asyncio", "unittest", "reportlab.graphics", "PIL.ImageFont"} <= set(excluded)
    offenders = []
    for path in (ROOT / "kehoach_desktop").rglob("*.py"):
        for module in _imports(path):
            for gone in excluded:
                if module == gone or module.startswith(gone + "."):
                    offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not offenders, "the frozen build would miss: " + "; ".join(offenders)


def test_the_pillow_that_reportlab_imports_stays_in_the_build():
    # reportlab 4+ imports PIL.Image when it starts: leaving Pillow out broke every PDF.
    assert "PIL" not in _spec_list("PY_UNUSED") and "PIL.Image" not in _spec_list("PY_UNUSED")
    lib_utils = Path(__import__("reportlab.lib.utils").lib.utils.__file__).read_text(encoding="utf-8")
    assert "from PIL import Image" in lib_utils


@pytest.mark.parametrize(
    "item",
    [
        "coll/root.res",
        "coll/vi.res",
        "coll/en.res",
        "coll/ucadata.icu",
        "coll/res_index.res",
        "zone/vi.res",
        "zone/root.res",
        "zone/pool.res",
        "zone/tzdbNames.res",
        "region/vi.res",
        "zoneinfo64.res",
        "metaZones.res",
        "timezoneTypes.res",
        "windowsZones.res",
        "supplementalData.res",
        "root.res",
        "vi.res",
        "vi_VN.res",
        "pool.res",
        "res_index.res",
        "likelySubtags.res",
        "cnvalias.icu",
        "ibm-5354_P100-1998.cnv",
        "ibm-1258_P100-1997.cnv",
        "ibm-1252_P100-2000.cnv",
        "iso-8859_14-1998.cnv",
        "uts46.nrm",
        "nfkc.nrm",
    ],
)
def test_icu_keeps_what_qt_reaches_for_vietnamese(item):
    assert trim_icu.keep_item(item)


@pytest.mark.parametrize(
    "item",
    [
        "coll/de.res",
        "coll/de_.res",
        "coll/es__TRADITIONAL.res",
        "coll/zh.res",
        "zone/fr.res",
        "ja.res",
        "brkitr/thaidict.dict",
        "brkitr/cjdict.dict",
        "brkitr/word.brk",
        "brkitr/root.res",
        "translit/root.res",
        "rbnf/vi.res",
        "gb18030.cnv",
        "ibm-943_P15A-2003.cnv",
        "windows-936-2000.cnv",
        "rfc3491.spp",
        "confusables.cfu",
    ],
)
def test_icu_drops_other_languages_dictionaries_and_cjk_codecs(item):
    assert not trim_icu.keep_item(item)


# Run in a child process, so the dynamic loader takes the ICU data library we choose.
_QT_ICU_PROBE = r"""
import functools, json, os, sys
from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone
vi = QLocale(QLocale.Vietnamese, QLocale.Vietnam)
words = ["ước", "Ông", "ăn", "an", "ân", "bàn", "đi", "do", "Đông", "ê", "e", "ỷ", "yêu", "ơn", "ở", "ôm", "ua", "ưa"]
collator = QCollator(vi)
tz = QTimeZone(b"Asia/Ho_Chi_Minh")
maps = open("/proc/self/maps", encoding="utf-8").read()
print(json.dumps({
    "collation": sorted(words, key=functools.cmp_to_key(collator.compare)),
    "upper": vi.toUpper("đường ưu tiên"),
    "tz_vi": tz.displayName(QTimeZone.StandardTime, QTimeZone.LongName, vi),
    "tz_en": tz.displayName(QTimeZone.StandardTime, QTimeZone.LongName, QLocale(QLocale.English)),
    "cp1258": QStringDecoder("windows-1258").isValid(),
    "icudata": sorted({line.split()[-1] for line in maps.splitlines() if "libicudata" in line}),
}, ensure_ascii=False))
"""


def _probe(env_extra: dict[str, str]) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **env_extra)
    proc = subprocess.run(
        [sys.executable, "-c", _QT_ICU_PROBE],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PySide6 bundles its own ICU on Linux only")
def test_trimmed_icu_gives_qt_the_same_answers_in_vietnamese(tmp_path):
    missing = trim_icu.missing_tools()
    if missing:  # .ci/run installs them; a developer's machine may not have them yet
        pytest.skip("thiếu công cụ ICU (apt-get install icu-devtools): " + ", ".join(missing))
    import PySide6

    library = next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    trimmed = trim_icu.trim(library, tmp_path / "icu")
    assert trimmed.name == library.name
    assert trimmed.stat().st_size < library.stat().st_size / 5  # 31 MB → about 3.8 MB

    full = _probe({})
    small = _probe({"LD_LIBRARY_PATH": str(trimmed.parent)})
    assert small["icudata"] == [str(trimmed)], "the child did not load the trimmed library"
    assert full["icudata"] != small["icudata"]
    for key in ("collation", "upper", "tz_vi", "tz_en", "cp1258"):
        assert small[key] == full[key], key
    # …and those answers are the real ones, not two empty results agreeing.
    order = small["collation"]
    assert order.index("an") < order.index("ăn") < order.index("ân") < order.index("bàn")
    assert order.index("do") < order.index("đi") and order.index("ôm") < order.index("ơn")
    assert small["upper"] == "ĐƯỜNG ƯU TIÊN" and small["cp1258"] is True
    assert small["tz_vi"] == "Giờ Đông Dương" and small["tz_en"] == "Indochina Time"


def test_fuzzy_matching_works_without_rapidfuzz_compiled_kernels_the_build_leaves_out():
    """The frozen build drops rapidfuzz's C++ kernels (NATIVE_WITH_FALLBACK): in a process
    where they cannot be imported, unit matching gives the same answers."""
    import subprocess
    import sys

    blocked = _spec_list("NATIVE_WITH_FALLBACK")
    assert "rapidfuzz.fuzz_cpp" in blocked
    code = (
        "import sys, importlib.abc\n"
        f"BLOCKED = {blocked!r}\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name in BLOCKED: raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from rapidfuzz import fuzz, process\n"
        "assert fuzz.token_set_ratio.__module__ == 'rapidfuzz.fuzz_py', fuzz.token_set_ratio.__module__\n"
        "from kehoach_desktop.core.derive.units import UnitMatcher\n"
        "print(fuzz.token_set_ratio('ban tuyen giao', 'ban tuyen giao va dan van'),"
        " process.extractOne('ban to chuc', ['van phong', 'ban to chuc dang uy'])[0])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["100", "ban", "to", "chuc", "dang", "uy"]
