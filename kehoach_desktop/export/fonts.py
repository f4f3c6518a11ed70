"""The serif font family the exports use, and its registration with reportlab.

Times New Roman from Windows (system fonts folder, then the per-user one) when all four
styles are there; otherwise the bundled Liberation Serif 2 (same metrics, SIL OFL 1.1,
covers every Vietnamese letter). reportlab is imported only when a PDF is made.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from ..resources import resource_path

STYLES = ("regular", "bold", "italic", "bolditalic")
TNR_FILES = {"regular": "times.ttf", "bold": "timesbd.ttf", "italic": "timesi.ttf", "bolditalic": "timesbi.ttf"}
LIBERATION_FILES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bolditalic": "LiberationSerif-BoldItalic.ttf",
}


@dataclass(frozen=True)
class FontSet:
    display_name: str  # what DOCX names and the UI shows
    paths: dict[str, Path]  # style → file
    bundled: bool

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(str(self.paths[s]) for s in STYLES)


def windows_font_dirs() -> list[Path]:
    dirs = []
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot")  # noqa: SIM112 (Windows spells it so; lookups ignore case there)
    if windir:
        dirs.append(Path(windir) / "Fonts")
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def _find_in(folder: Path, names: dict[str, str]) -> dict[str, Path] | None:
    if not folder.is_dir():
        return None
    # Windows file names are case-insensitive; match the listing that way too.
    listing = {p.name.lower(): p for p in folder.iterdir()}
    found = {style: listing.get(name.lower()) for style, name in names.items()}
    return found if all(found.values()) else None  # type: ignore[return-value]


def find_fonts(search_dirs: list[Path] | None = None) -> FontSet:
    """Times New Roman when every style is present in one folder, else bundled Liberation Serif."""
    if os.environ.get("KEHOACH_BUNDLED_FONT") != "1":
        for folder in windows_font_dirs() if search_dirs is None else search_dirs:
            found = _find_in(folder, TNR_FILES)
            if found:
                return FontSet("Times New Roman", found, False)
    bundled = {s: resource_path("fonts", f) for s, f in LIBERATION_FILES.items()}
    missing = [str(p) for p in bundled.values() if not p.exists()]
    if missing:
        raise FileNotFoundError(
            "Thiếu phông chữ kèm theo chương trình: " + ", ".join(missing) + ". Hãy cài lại chương trình."
        )
    return FontSet("Liberation Serif", bundled, True)


_registered: dict[tuple[str, ...], dict[str, str]] = {}
_lock = threading.Lock()  # exports run on worker threads; reportlab's registry is a plain dict


def register_pdf_fonts(fonts: FontSet) -> dict[str, str]:
    """Register the four styles with reportlab once; style → reportlab font name."""
    with _lock:
        if fonts.key not in _registered:
            _registered[fonts.key] = _register(fonts)
        return _registered[fonts.key]


def _register(fonts: FontSet) -> dict[str, str]:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    base = "KH-" + ("TNR" if not fonts.bundled else "LiberationSerif") + f"-{len(_registered)}"
    names = {s: f"{base}-{s}" for s in STYLES}
    for style in STYLES:
        pdfmetrics.registerFont(TTFont(names[style], str(fonts.paths[style])))
    # Without the family mapping <b>/<i> silently print regular (pitfalls §7).
    for bold, italic, style in ((0, 0, "regular"), (1, 0, "bold"), (0, 1, "italic"), (1, 1, "bolditalic")):
        addMapping(names["regular"], bold, italic, names[style])
    return names


def style_name(bold: bool, italic: bool) -> str:
    return ("bold" if bold else "") + ("italic" if italic else "") or "regular"


def missing_glyphs(text: str, fonts: FontSet) -> list[str]:
    """Characters of *text* the font cannot draw (they would print as empty boxes)."""
    from reportlab.pdfbase import pdfmetrics

    names = register_pdf_fonts(fonts)
    cmap = pdfmetrics.getFont(names["regular"]).face.charToGlyph
    return sorted({ch for ch in text if ch not in "\n\t" and ord(ch) not in cmap})


def text_width(text: str, size: float, bold: bool, italic: bool, fonts: FontSet) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, register_pdf_fonts(fonts)[style_name(bold, italic)], size)
