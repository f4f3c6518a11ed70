"""Plain text in: decoding bytes of unknown encoding, and conversion-noise removal.

Encodings seen in offices: UTF-8 (with or without BOM), UTF-16 (Notepad's
"Unicode"), cp1258 (Windows Vietnamese, decomposed tone marks), and the legacy
TCVN3/VNI font encodings (see :mod:`.legacy`).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..core.text import clean
from .errors import ImportFailure
from .legacy import best_reading, looks_garbled


@dataclass
class Line:
    """One line of a source document, with what the layout says about it."""

    text: str
    bold: bool = False
    heading: int = 0  # Word heading style level (0: none)
    soft: bool = False  # continues the previous line (a soft line break)
    blank_before: bool = False  # an empty line came before it (plain text)
    cell: tuple[int, int, int] | None = None  # (table, row, column) for table text
    side: str = ""  # text of a second table column left in the line ("| (để)")
    bullet: bool = False  # a Word list paragraph with a bullet


def decode_bytes(data: bytes, name: str = "văn bản") -> tuple[str, str]:
    """(text, encoding) for the bytes of a text file; raises :class:`ImportFailure`."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    sample = data[:4096]
    if len(sample) >= 4:
        # UTF-16 without a BOM: every other byte of ASCII text is NUL.
        odd_nuls = sample[1::2].count(0)
        even_nuls = sample[0::2].count(0)
        half = len(sample) // 2
        if odd_nuls > half * 0.3 and even_nuls < half * 0.05:
            return data.decode("utf-16-le", errors="replace"), "utf-16-le"
        if even_nuls > half * 0.3 and odd_nuls < half * 0.05:
            return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    if b"\x00" in sample:
        raise ImportFailure(
            f"Tệp «{name}» không phải văn bản (có dữ liệu nhị phân). "
            "Hãy mở bằng Word và lưu lại dạng .docx hoặc .txt (Unicode UTF-8) rồi nhập lại.",
            "unreadable",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Not UTF-8: either a legacy font encoding (bytes read as Latin-1) or cp1258.
    latin = data.decode("latin-1")
    converted, legacy = best_reading(latin)
    if legacy != "unicode":
        return converted, legacy
    return data.decode("cp1258", errors="replace"), "cp1258"


def to_unicode(text: str, name: str = "văn bản") -> tuple[str, str]:
    """Convert legacy-encoded text, or refuse text that cannot be read."""
    converted, encoding = best_reading(text)
    if looks_garbled(converted):
        raise ImportFailure(
            f"Không đọc được «{name}»: chữ bị lỗi phông hoặc dùng bảng mã lạ. "
            "Hãy mở bằng Word, chuyển sang Unicode (ví dụ bằng Unikey: Công cụ chuyển mã) "
            "rồi lưu lại dạng .docx hoặc .txt UTF-8 và nhập lại.",
            "garbled",
        )
    return converted, encoding


# -- noise left by .docx → text converters -------------------------------------------
_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
_EMPHASIS_RE = re.compile(r"\*+")
_ESCAPE_RE = re.compile(r"\\([-*_\[\]().#+])")
_PAGE_ARTEFACT_RE = re.compile(
    r"^(?:[-–—]?\s*\d{1,3}\s*[-–—]?|trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?|page\s+\d{1,3})$", re.IGNORECASE
)
_SEPARATOR_RE = re.compile(r"^(?:[-–—_=*.·~]\s*){3,}$")
_SOFT_HYPHEN = "\u00ad"


def strip_noise(text: str) -> str:
    """Remove bookmark markers, emphasis asterisks and markdown escapes from one line."""
    if "[" in text:
        text = _BOOKMARK_RE.sub("", text)
    if "\\" in text:
        text = _ESCAPE_RE.sub(r"\1", text)
    if "*" in text:
        text = _EMPHASIS_RE.sub("", text)
    return text.replace(_SOFT_HYPHEN, "")


def is_separator(text: str) -> bool:
    """``-----``, ``- - - - -``, ``***`` and the lone ``*`` under the issuing body."""
    stripped = text.strip()
    return stripped in {"*", "***", "* * *"} or bool(_SEPARATOR_RE.match(stripped))


def is_page_artefact(text: str) -> bool:
    return bool(_PAGE_ARTEFACT_RE.match(text.strip()))


def split_side(text: str) -> tuple[str, str]:
    """``- Ban Tuyên giáo Thành ủy; | (để)`` → main text and the leftover second column."""
    if " | " in text or text.rstrip().endswith(" |"):
        main, _, side = text.partition(" |")
        return main.rstrip(), side.strip(" |")
    return text, ""


def lines_from_text(text: str) -> list[Line]:
    """Lines of a plain text (file or paste), cleaned; blank lines become flags."""
    text = clean(text).replace("\f", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    lines: list[Line] = []
    blank = False
    for raw in text.split("\n"):
        stripped = raw.strip()
        if not stripped:
            blank = True
            continue
        had_emphasis = stripped.startswith("**")
        if is_separator(stripped):
            blank = True
            continue
        stripped = strip_noise(stripped).strip()
        if not stripped or is_page_artefact(stripped):
            blank = blank or not stripped
            continue
        main, side = split_side(stripped)
        lines.append(Line(main.strip(), bold=had_emphasis, blank_before=blank, side=side))
        blank = False
    return lines
