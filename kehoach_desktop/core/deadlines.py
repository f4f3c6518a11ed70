"""Deadlines written in plan text: ``trước ngày 31/5/2024``, ``(Quý 1/2024)``,
``từ tháng 02 đến tháng 4/2024``, ``hằng quý``, ``thường xuyên``, ``(có kế hoạch riêng)``.

A deadline is one of: a date, a date range, a period (quarter/half/year/month),
a periodic duty, ongoing work, or a separate plan to follow.

The most precise statement wins: an explicit date or range before a quarter,
a quarter before "có kế hoạch riêng", which beats "định kỳ" and "thường xuyên".
A year left out (``trước ngày 31/5``, ``Quý 2``) is taken from ``default_year``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, TypeGuard

from .folding import fold_aligned
from .text import nfc

KINDS = ("date", "range", "period", "periodic", "ongoing", "separate_plan")
KIND_NAMES = {
    "date": "Ngày cụ thể",
    "range": "Khoảng thời gian",
    "period": "Quý/6 tháng/năm",
    "periodic": "Định kỳ",
    "ongoing": "Thường xuyên",
    "separate_plan": "Có kế hoạch riêng",
}


@dataclass
class Deadline:
    kind: str
    start: dt.date | None = None
    end: dt.date | None = None
    text: str = ""  # the words it was read from (or a label)
    every: str = ""  # periodic: week / month / quarter / half / year

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "text": self.text,
        }

    @property
    def due(self) -> dt.date | None:
        """The date by which the work must be done (None for open-ended kinds)."""
        return self.end or (self.start if self.kind == "date" else None)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _valid(year: int | None, month: int) -> TypeGuard[int]:
    return year is not None and 1900 <= year <= 2200 and 1 <= month <= 12


# Patterns run on folded text (no diacritics, lower case, đ→d).
_DMY = r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{4}))?(?![\d/])"
_DMY_WORDS = r"(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?"
_DATE = rf"(?:ngay\s+)?(?:{_DMY}|{_DMY_WORDS})"
_BEFORE_RE = re.compile(
    rf"\b(?:truoc|cham nhat|han chot|han|hoan thanh trong|xong truoc|den het)\s*(?:la\s+|vao\s+)?(?:ngay\s+)?"
    rf"(?:{_DMY}|{_DMY_WORDS})"
)
_FROM_TO_DATES_RE = re.compile(
    rf"\btu\s+(?:ngay\s+)?(?:{_DMY}|{_DMY_WORDS})\s*(?:den|toi|-|–)\s*(?:ngay\s+)?"
    rf"(?:{_DMY}|{_DMY_WORDS})"
)
_FROM_TO_MONTHS_RE = re.compile(
    r"\btu\s+thang\s+(\d{1,2})(?:\s*(?:/|-|nam)\s*(\d{4}))?\s+(?:den|toi)\s+(?:het\s+)?thang\s+(\d{1,2})"
    r"(?:\s*(?:/|-|nam)\s*(\d{4}))?"
)
# An event's date: "vào ngày 14/5/2020", "09 giờ 00 ngày 25/02/2013", "tổ chức ngày 3/2/2026".
_EVENT_RE = re.compile(
    rf"(?:\b(?:vao|luc|dien ra|to chuc|khai mac|tu)\s+)?(?:\d{{1,2}}\s*(?:gio|h)\s*(?:\d{{1,2}}\s*(?:phut)?)?,?\s*)?"
    rf"\bngay\s*(?:{_DMY}|{_DMY_WORDS})"
)
# A citation's number ("Kế hoạch số 12-KH/TU ngày …"): its date is never a deadline.
_CITES_RE = re.compile(r"\d\s*[-/]\s*[a-z]{1,8}\s*[-/]")
_QUARTER_RE = re.compile(r"\bquy\s+(\d|iv|i{1,3})\b(?:\s*(?:/|nam)\s*(\d{4}))?")
_HALF_RE = re.compile(r"\b6 thang (dau|cuoi) nam(?:\s*(\d{4}))?")
_MONTH_RE = re.compile(r"\bthang\s+(\d{1,2})\s*(?:/|nam)\s*(\d{4})")
_EARLY_LATE_YEAR_RE = re.compile(r"\b(dau|giua|cuoi)\s+nam\s+(\d{4})")
_IN_YEAR_RE = re.compile(r"\b(?:trong|ca)\s+nam\s+(\d{4})")
_PERIODIC_RE = re.compile(
    r"\bdinh ky\s+(?:(?:hang|moi)\s+)?(?:6 thang(?:,\s*(?:9 thang,\s*)?(?:ca\s+)?nam\b)?|tuan|thang|quy|nam"
    r"|(?:cuoi|dau)\s+(?:nam|quy|thang))\b"
    r"|\b(?:hang|moi)\s+(?:tuan|thang|quy|nam)\b|\b6 thang,\s*(?:9 thang,\s*)?(?:ca\s+)?nam\b"
    r"|\bgiao ban\s+(?:\w+\s*,\s*)*(?:quy|thang)\b|\bdinh\s+ky\b"
)
_ONGOING_RE = re.compile(r"\bthuong xuyen\b|\blien tuc\b|\bsuot nam\b|\bhang ngay\b")
_SEPARATE_RE = re.compile(
    r"co ke hoach(?:\s+\w+){0,3}\s+rieng|co huong dan rieng|co huong dan cu the|se co huong dan|"
    r"co huong dan sau|co cong van rieng|co van ban rieng|co chuong trinh rieng|"
    r"co ke hoach cu the sau|co thong bao(?:\s+\w+){0,6}\s+(?:cu the\s+)?sau|khi co thong bao|"
    r"sau khi trung uong ban hanh"
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _quarter(q: str) -> int:
    return int(q) if q.isdigit() else _ROMAN[q]


def find_deadline(text: str, default_year: int | None = None) -> Deadline | None:
    """The deadline a piece of plan text states, or ``None``. Never raises."""
    try:
        return _find(nfc(text or ""), default_year)
    except (ValueError, KeyError, IndexError, OverflowError, TypeError):
        return None


def _aligned_fold(text: str) -> str:
    return fold_aligned(text)


def _date_from(groups: tuple[str | None, ...], default_year: int | None) -> dt.date | None:
    """Groups (d, m, y, d2, m2, y2) of one _DMY|_DMY_WORDS alternative."""
    d, m, y = (groups[0], groups[1], groups[2]) if groups[0] else (groups[3], groups[4], groups[5])
    if not d or not m:
        return None
    year = int(y) if y else default_year
    if year is None or not _valid(year, int(m)):
        return None
    try:
        return dt.date(year, int(m), int(d))
    except ValueError:
        return None


def _masked(text: str, folded: str) -> str:
    """*folded* with every citation blanked out (same length): "Kế hoạch số 12-KH/TU ngày
    05/01/2024 của Tỉnh ủy" states when that plan was issued, not when the task is due."""
    if not _CITES_RE.search(folded):
        return folded
    from .citations import find_citations

    chars = list(folded)
    for cite in find_citations(text):
        for i in range(cite.start, min(cite.end, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _find(text: str, default_year: int | None) -> Deadline | None:
    f = _masked(text, _aligned_fold(text))

    def span(m: re.Match[str]) -> str:
        return text[m.start() : m.end()].strip(" ()*,;.")

    m = _FROM_TO_DATES_RE.search(f)
    if m:
        groups = m.groups()
        b = _date_from(groups[6:12], default_year)
        a = _date_from(groups[0:6], b.year if b else default_year)
        if a and b and a <= b:
            return Deadline("range", a, b, span(m))
    m = _BEFORE_RE.search(f)
    if m:
        d = _date_from(m.groups(), default_year)
        if d:
            return Deadline("date", None, d, span(m))
    m = _FROM_TO_MONTHS_RE.search(f)
    if m:
        end_year = int(m[4]) if m[4] else (int(m[2]) if m[2] else default_year)
        start_year = int(m[2]) if m[2] else end_year
        m1, m2 = int(m[1]), int(m[3])
        if _valid(start_year, m1) and _valid(end_year, m2):
            start, end = dt.date(start_year, m1, 1), _month_end(end_year, m2)
            if start <= end:
                return Deadline("range", start, end, span(m))
    m = _QUARTER_RE.search(f)
    if m:
        q = _quarter(m[1])
        year = int(m[2]) if m[2] else default_year
        if 1 <= q <= 4 and _valid(year, 1):
            return Deadline("period", dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q), span(m))
    m = _HALF_RE.search(f)
    if m:
        year = int(m[2]) if m[2] else default_year
        if _valid(year, 1):
            first = m[1] == "dau"
            return Deadline(
                "period", dt.date(year, 1 if first else 7, 1), _month_end(year, 6 if first else 12), span(m)
            )
    m = _MONTH_RE.search(f)
    if m:
        month, year = int(m[1]), int(m[2])
        if _valid(year, month):
            return Deadline("period", dt.date(year, month, 1), _month_end(year, month), span(m))
    m = _EVENT_RE.search(f)
    if m:
        d = _date_from(m.groups(), default_year)
        if d:
            return Deadline("date", None, d, span(m))
    m = _EARLY_LATE_YEAR_RE.search(f)
    if m:
        year = int(m[2])
        if _valid(year, 1):
            first, last = {"dau": (1, 3), "giua": (4, 9), "cuoi": (10, 12)}[m[1]]
            return Deadline("period", dt.date(year, first, 1), _month_end(year, last), span(m))
    m = _SEPARATE_RE.search(f)
    if m:
        return Deadline("separate_plan", text=span(m))
    m = _PERIODIC_RE.search(f)
    if m:
        word = f[m.start() : m.end()]
        every = (
            "half"
            if "6 thang" in word
            else "quarter"
            if "quy" in word
            else "week"
            if "tuan" in word
            else "month"
            if "thang" in word
            else "year"
            if "nam" in word
            else ""
        )
        return Deadline("periodic", text=span(m), every=every)
    m = _ONGOING_RE.search(f)
    if m:
        return Deadline("ongoing", text=span(m))
    m = _IN_YEAR_RE.search(f)
    if m:
        year = int(m[1])
        if _valid(year, 1):
            return Deadline("period", dt.date(year, 1, 1), dt.date(year, 12, 31), span(m))
    return None
