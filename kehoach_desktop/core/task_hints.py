"""Suggestions when an item of a plan is marked as a task: its deadline and its unit.

The deadline comes from :func:`core.deadlines.find_deadline`, with a few more
phrasings seen in real plans that it leaves out (``(có kế hoạch tổng kết riêng)``,
``dự kiến vào đầu năm 2023``, ``giao ban quý, 6 tháng``, ``định kỳ báo cáo``).
The unit comes from items of III. TỔ CHỨC THỰC HIỆN written ``2. Ban Tuyên giáo
Huyện ủy: Tham mưu …``: the words before the colon name the unit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .deadlines import Deadline, _month_end, find_deadline, mask_citations
from .folding import fold_aligned
from .text import fold, nfc

_SEPARATE_MORE_RE = re.compile(
    r"co ke hoach(?:\s+\w+){1,3}\s+rieng|co thong bao(?:\s+\w+){0,6}\s+(?:cu the\s+)?sau|"
    r"co van ban rieng|co chuong trinh rieng|co huong dan sau"
)
_EARLY_LATE_YEAR_RE = re.compile(r"(dau|giua|cuoi)\s+nam\s+(\d{4})")
_IN_YEAR_RE = re.compile(r"(?:trong|ca)\s+nam\s+(\d{4})")
_PERIODIC_MORE_RE = re.compile(
    r"giao ban\s+(?:\w+\s*,\s*)*(quy|thang)|dinh ky|hang tuan|moi quy|moi thang|6 thang,\s*9 thang"
)


def suggest_deadline(text: str, default_year: int | None = None) -> Deadline | None:
    """The deadline an item's text states, or ``None`` (never raises)."""
    found = find_deadline(text, default_year)
    if found is not None:
        return found
    original = nfc(text or "")
    f = mask_citations(original)  # a cited document's "năm 2020" is not this item's (issue 16)
    if len(f) != len(original):
        original = f

    def span(m: re.Match[str]) -> str:
        return original[m.start() : m.end()].strip(" ()")

    m = _SEPARATE_MORE_RE.search(f)
    if m:
        return Deadline("separate_plan", text=span(m))
    m = _EARLY_LATE_YEAR_RE.search(f)
    if m:
        year = int(m[2])
        if 1900 <= year <= 2200:
            first, last = {"dau": (1, 3), "giua": (4, 9), "cuoi": (10, 12)}[m[1]]
            return Deadline("period", dt.date(year, first, 1), _month_end(year, last), span(m))
    m = _PERIODIC_MORE_RE.search(f)
    if m:
        word = f[m.start() : m.end()]
        every = (
            "quarter"
            if "quy" in word
            else "week"
            if "tuan" in word
            else "month"
            if "thang" in word and "6 thang" not in word
            else "year"
            if "nam" in word
            else ""
        )
        return Deadline("periodic", text=span(m), every=every)
    m = _IN_YEAR_RE.search(f)
    if m:
        year = int(m[1])
        if 1900 <= year <= 2200:
            return Deadline("period", dt.date(year, 1, 1), dt.date(year, 12, 31), span(m))
    return None


@dataclass
class UnitHint:
    name: str  # the words before the colon, as written
    unit_id: int | None  # the matching unit of the office, if any


# The lines of a task card under its item (folded text): "Đơn vị chủ trì: …", "Đơn vị phối hợp:
# …", "Thời gian hoàn thành: …", "Kết quả: …" — read by the importer and the derivation alike.
LEAD_LINE_RE = re.compile(r"^(?:don vi|co quan|bo phan)?\s*chu tri\s*:\s*")
COOP_LINE_RE = re.compile(r"^(?:don vi|co quan|bo phan)?\s*phoi hop\s*:\s*")
TIME_LINE_RE = re.compile(r"^(?:thoi gian(?: thuc hien| hoan thanh)?|thoi han|tien do)\s*:\s*")
RESULT_LINE_RE = re.compile(r"^(?:ket qua|san pham)(?: dat duoc| can dat)?\s*:\s*")
_KEY_LINES = (("lead", LEAD_LINE_RE), ("coop", COOP_LINE_RE), ("time", TIME_LINE_RE), ("result", RESULT_LINE_RE))
# A phase or a time, not a duty: "Đợt 1: Trong tháng 12/2025", "Giai đoạn 2 (quý II)".
PHASE_RE = re.compile(r"^(?:dot|giai doan|buoc|lan thu|thoi gian|thoi diem|tu ngay|tu thang|trong thang)\b")


def key_line(text: str) -> tuple[str, str] | None:
    """("lead" | "coop" | "time" | "result", what follows the colon) for a task card's line, else None."""
    stripped = nfc(text or "").strip()
    folded = fold_aligned(stripped)
    for kind, pattern in _KEY_LINES:
        m = pattern.match(folded)
        if m:
            return kind, stripped[m.end() :].strip()
    return None


_LEAD_RE = re.compile(r"^\s*(?:\d+[.\-]\s*)?([^:]{3,90}?)\s*:")


def unit_phrase(text: str) -> str:
    """``Ban Tuyên giáo Huyện ủy: Tham mưu …`` → ``Ban Tuyên giáo Huyện ủy`` (or "")."""
    text = nfc(text or "").strip()
    m = _LEAD_RE.match(text)
    if not m:
        # A heading that is only the unit's name ("2. Ban Tuyên giáo Quận ủy").
        if ":" not in text and 1 < len(text.split()) <= 12 and not text.endswith((".", ";", ",")):
            return text
        return ""
    phrase = m[1].strip()
    # A sentence that merely contains a colon ("… cụ thể: …") is not a unit name.
    if len(phrase.split()) > 16 or phrase.endswith((",", ";")):
        return ""
    return phrase


def _tokens(s: str) -> set[str]:
    return {t for t in re.split(r"[^\w]+", fold(s)) if t}


def suggest_unit(text: str, units: Iterable[tuple[int, str, str]]) -> UnitHint | None:
    """Match the unit named before the colon against the office's ``(id, name, short)`` list."""
    phrase = unit_phrase(text)
    if not phrase:
        return None
    folded = fold(phrase)
    want = _tokens(phrase)
    best: tuple[int, int | None] = (0, None)
    for uid, name, short in units:
        if fold(name) == folded or (short and fold(short) == folded):
            return UnitHint(phrase, uid)
        have = _tokens(name)
        # One name must contain the other word for word: "Quận ủy" never matches "Huyện ủy".
        if have and want and (have <= want or want <= have):
            overlap = len(have & want)
            if overlap > best[0]:
                best = (overlap, uid)
    return UnitHint(phrase, best[1])
