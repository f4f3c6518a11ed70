"""Deadlines written in plan text: ``trước ngày 31/5/2024``, ``(Quý 1/2024)``,
``từ tháng 02 đến tháng 4/2024``, ``hằng quý``, ``thường xuyên``, ``(có kế hoạch riêng)``.

A deadline is one of: a date, a date range, a period (quarter/half/year/month),
a periodic duty, ongoing work, or a separate plan to follow.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .dates import parse_date_or_none
from .text import fold, nfc

KINDS = ("date", "range", "period", "periodic", "ongoing", "separate_plan")
KIND_NAMES = {
    "date": "Ngày cụ thể", "range": "Khoảng thời gian", "period": "Quý/6 tháng/năm",
    "periodic": "Định kỳ", "ongoing": "Thường xuyên", "separate_plan": "Có kế hoạch riêng",
}


@dataclass
class Deadline:
    kind: str
    start: dt.date | None = None
    end: dt.date | None = None
    text: str = ""               # the words it was read from (or a label)
    every: str = ""              # periodic: month / quarter / half / year

    def to_json(self) -> dict:
        return {"kind": self.kind, "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None, "text": self.text}

    @property
    def due(self) -> dt.date | None:
        """The date by which the work must be done (None for open-ended kinds)."""
        return self.end or (self.start if self.kind == "date" else None)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _valid(year: int, month: int) -> bool:
    return 1900 <= year <= 2200 and 1 <= month <= 12


_DATE = r"(\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})"
_BEFORE_RE = re.compile(rf"(?:truoc|cham nhat|han chot|hoan thanh trong)\s+(?:ngay\s+)?{_DATE}")
_FROM_TO_DATES_RE = re.compile(rf"tu\s+(?:ngay\s+)?{_DATE}\s+den\s+(?:ngay\s+)?{_DATE}")
_FROM_TO_MONTHS_RE = re.compile(
    r"tu\s+thang\s+(\d{1,2})(?:\s*/\s*(\d{4}))?\s+(?:den|toi)\s+thang\s+(\d{1,2})\s*/\s*(\d{4})")
_QUARTER_RE = re.compile(r"quy\s+(\d|i{1,3}|iv)\s*(?:/|nam)\s*(\d{4})")
_HALF_RE = re.compile(r"6 thang (dau|cuoi) nam\s*(\d{4})")
_MONTH_RE = re.compile(r"(?:trong\s+)?thang\s+(\d{1,2})\s*/\s*(\d{4})")
_YEAR_RE = re.compile(r"(?:trong|dau|cuoi|giua)?\s*nam\s+(\d{4})")
_ON_DATE_RE = re.compile(rf"(?:ngay\s+)?{_DATE}")
_PERIODIC_RE = re.compile(
    r"\b(?:hang|hàng|dinh ky)\s+(thang|quy|nam|tuan)|dinh ky\s+(6 thang|hang thang|hang quy|hang nam)"
    r"|dinh ky\s+6 thang, nam|\bhang nam\b")
_ONGOING_RE = re.compile(r"thuong xuyen|lien tuc|suot nam")
_SEPARATE_RE = re.compile(r"co ke hoach (?:\w+\s+)?rieng|co huong dan rieng|co huong dan cu the|"
                          r"se co huong dan|co cong van rieng|co ke hoach cu the sau|khi co thong bao|"
                          r"sau khi trung uong ban hanh")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _quarter(q: str) -> int:
    return int(q) if q.isdigit() else _ROMAN[q]


def find_deadline(text: str, default_year: int | None = None) -> Deadline | None:
    """The deadline a piece of plan text states, or ``None``. Never raises."""
    try:
        return _find(nfc(text or ""), default_year)
    except (ValueError, KeyError, IndexError, OverflowError):
        return None


def _span(original: str, m: re.Match) -> str:
    return original[m.start():m.end()].strip(" ()")


def _find(text: str, default_year: int | None) -> Deadline | None:
    f = fold(text)
    if len(f) != len(text):  # keep spans aligned with the original text
        text = f
    m = _FROM_TO_DATES_RE.search(f)
    if m:
        a, b = parse_date_or_none(m[1]), parse_date_or_none(m[2])
        if a and b:
            return Deadline("range", a, b, _span(text, m))
    m = _BEFORE_RE.search(f)
    if m:
        d = parse_date_or_none(m[1])
        if d:
            return Deadline("date", None, d, _span(text, m))
    m = _FROM_TO_MONTHS_RE.search(f)
    if m:
        end_year = int(m[4])
        start_year = int(m[2]) if m[2] else end_year
        m1, m2 = int(m[1]), int(m[3])
        if _valid(start_year, m1) and _valid(end_year, m2):
            return Deadline("range", dt.date(start_year, m1, 1), _month_end(end_year, m2), _span(text, m))
    m = _QUARTER_RE.search(f)
    if m:
        q, year = _quarter(m[1]), int(m[2])
        if 1 <= q <= 4 and _valid(year, 1):
            return Deadline("period", dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q), _span(text, m))
    m = _HALF_RE.search(f)
    if m:
        year = int(m[2])
        first = m[1] == "dau"
        return Deadline("period", dt.date(year, 1 if first else 7, 1),
                        _month_end(year, 6 if first else 12), _span(text, m))
    m = _SEPARATE_RE.search(f)
    if m:
        return Deadline("separate_plan", text=_span(text, m))
    m = _PERIODIC_RE.search(f)
    if m:
        word = f[m.start():m.end()]
        every = "quarter" if "quy" in word else "half" if "6 thang" in word else \
            "month" if "thang" in word else "week" if "tuan" in word else "year"
        return Deadline("periodic", text=_span(text, m), every=every)
    m = _ONGOING_RE.search(f)
    if m:
        return Deadline("ongoing", text=_span(text, m))
    m = _MONTH_RE.search(f)
    if m:
        month, year = int(m[1]), int(m[2])
        if _valid(year, month):
            return Deadline("period", dt.date(year, month, 1), _month_end(year, month), _span(text, m))
    return None
