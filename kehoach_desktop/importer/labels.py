"""Section labels and bullets at the start of a line, in every style offices use.

``I.``/``I-``/``I -``, ``1.``/``1-``/``1)``, ``1.1.``/``1.1-``, ``a)``, ``A.``, ``(1)``
and bullets ``-``, ``+``, ``•``. The label is returned bare (``I``, ``1``, ``1.1``,
``a``, ``1`` for ``(1)``) with a style name; depth comes from the order styles
appear in (see :mod:`.structure`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROMAN_RE = re.compile(r"^([IVX]{1,5})\s*([.\-–—:)]|/(?=\s))\s*(?=\S)(.*)$")
_MULTI_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})(\.?)\s*([-–)]?)\s*(?=[^\d\s.])(.*)$")
_DECIMAL_RE = re.compile(r"^(\d{1,2})\s*([.)]|\s[-–]|[-–/](?=\s))\s*(?=[^\d\s./])(.*)$")
_LETTER_RE = re.compile(r"^([a-zđ])\s*\)\s*(?=\S)(.*)$|^([a-zđ])\s*[.\-–/]\s+(?=[A-ZÀ-ỸĐ])(.*)$")
_UPPER_LETTER_RE = re.compile(r"^([A-H])\s*[.)\-]\s+(?=[A-ZÀ-ỸĐ]{2})(.*)$")
_PAREN_RE = re.compile(r"^\((\d{1,2})\)\s*(?=\S)(.*)$")
_PAREN_LETTER_RE = re.compile(r"^\(([a-zđ])\)\s*(?=\S)(.*)$")
# Word's symbol-font bullets arrive as private-use characters (U+F0A7, U+F0B7) when copied.
_BULLET_RE = re.compile("^([-–—•·▪●◦‐+\uf0a7\uf0b7\uf0d8\uf076])\\s*(?=\\S)(.*)$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
# A Quy định, Quy chế or Quyết định laid out as the 2026 Quy định 399-QĐ/TW is: «Phần thứ nhất»
# / «Chương I» (its name in capitals, often on the next line), «Mục 1», then «Điều 1. Title»
# over khoản «1.» and điểm «a)» (issue 18). The word and number are kept as the label.
_ORDINALS = "nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười"
_LEGAL_RE = re.compile(
    rf"^(?P<word>Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC)\s+(?P<num>[IVX]{{1,5}}|\d{{1,2}}|thứ\s+(?:{_ORDINALS})|"
    rf"THỨ\s+(?:{_ORDINALS.upper()}))\b\s*[.:\-–]?\s*(?P<rest>.*)$"
)
_DIEU_RE = re.compile(r"^(?P<word>Điều|ĐIỀU)\s+(?P<num>\d{1,3})\s*(?P<sep>[.:])\s*(?P<rest>.*)$")
# Style of each word: Phần holds Chương, Chương holds Mục, Mục holds Điều.
LEGAL_STYLES = {"phần": "phan", "chương": "chuong", "mục": "muc", "điều": "dieu"}


@dataclass
class Label:
    style: str  # roman / multi2 / multi3 / decimal / letter / upper / paren / paren_letter
    label: str  # bare
    rest: str  # the text after the label
    sep: str = ""  # "." or "-" after I/1/1.1 (the numbering style of the document)
    raw: str = ""  # the label exactly as written: "01.", "(1)", "1-", "a)"


def _roman_ok(text: str) -> bool:
    total, prev = 0, 0
    for ch in reversed(text):
        value = _ROMAN_VALUES[ch]
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    canonical = {
        1: "I",
        2: "II",
        3: "III",
        4: "IV",
        5: "V",
        6: "VI",
        7: "VII",
        8: "VIII",
        9: "IX",
        10: "X",
        11: "XI",
        12: "XII",
        13: "XIII",
        14: "XIV",
        15: "XV",
        16: "XVI",
        17: "XVII",
        18: "XVIII",
        19: "XIX",
        20: "XX",
    }
    return canonical.get(total) == text


def _sep(raw: str) -> str:
    raw = raw.strip()
    return "-" if raw in ("-", "–", "—") else "." if raw == "." else raw


def match_label(text: str) -> Label | None:
    """The numbering label that starts *text*, or ``None``."""
    found = _match_label(text)
    if found is not None:
        whole = text.rstrip()
        found.raw = whole[: len(whole) - len(found.rest)].strip()
    return found


def _legal_label(text: str) -> Label | None:
    m = _DIEU_RE.match(text) or _LEGAL_RE.match(text)
    if not m:
        return None
    word = m["word"][0] + m["word"][1:].lower()
    num = m["num"]
    if num.isalpha() and num.isupper() and not num.startswith("THỨ") and not _roman_ok(num):
        return None
    if num.upper().startswith("THỨ"):
        num = "thứ " + num.split()[-1].lower()
    return Label(LEGAL_STYLES[word.lower()], num, m["rest"].strip(), m.groupdict().get("sep") or "")


def _match_label(text: str) -> Label | None:
    legal = _legal_label(text)
    if legal is not None:
        return legal
    m = _ROMAN_RE.match(text)
    if m and _roman_ok(m[1]):
        return Label("roman", m[1], m[3].strip(), _sep(m[2]))
    m = _MULTI_RE.match(text)
    if m:
        label = m[1]
        return Label(f"multi{label.count('.') + 1}", label, m[4].strip(), _sep(m[3] or m[2]))
    m = _DECIMAL_RE.match(text)
    if m:
        return Label("decimal", str(int(m[1])), m[3].strip(), _sep(m[2]))
    m = _PAREN_RE.match(text)
    if m:
        return Label("paren", str(int(m[1])), m[2].strip())
    m = _PAREN_LETTER_RE.match(text)
    if m:
        return Label("paren_letter", m[1], m[2].strip())
    m = _LETTER_RE.match(text)
    if m:
        letter = m[1] or m[3]
        rest = m[2] if m[1] else m[4]
        return Label("letter", letter, rest.strip())
    m = _UPPER_LETTER_RE.match(text)
    if m:
        return Label("upper", m[1], m[2].strip())
    return None


def match_bullet(text: str) -> tuple[str, str] | None:
    """(marker, rest) for a bullet line: ``-`` (also –, •) or ``+``."""
    m = _BULLET_RE.match(text)
    if not m:
        return None
    marker = "+" if m[1] == "+" else "-"
    rest = m[2].strip()
    if not rest or rest[0] in "-–":  # "- - -" separators, "--" rules
        return None
    return marker, rest


def is_structural(text: str) -> bool:
    return match_label(text) is not None or match_bullet(text) is not None
