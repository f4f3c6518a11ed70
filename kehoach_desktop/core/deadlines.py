"""Deadlines written in plan text: ``trước ngày 31/5/2024``, ``(Quý 1/2024)``,
``từ tháng 02 đến tháng 4/2024``, ``hằng quý``, ``thường xuyên``, ``(có kế hoạch riêng)``.

A deadline is one of: a date, a date range, a period (quarter/half/year/month),
a periodic duty, ongoing work, or a separate plan to follow.

Every date of the text is considered, not only the first (issue 16):

1. A date after a deadline word ("trước ngày", "chậm nhất", "hoàn thành trong", "hạn") is
   the deadline; of several such dates the latest ("gửi dự thảo trước ngày 10/3, hoàn
   thành trước ngày 31/3" → 31/3).
2. Otherwise every stated day, range and month — event dates ("vào ngày 14/5/2020", "09 giờ
   00 ngày 25/02/2013"), ranges ("từ tháng 1 đến tháng 3-2020", due at the end of the range)
   — and the latest one ends the task ("ngày 5/3 sơ kết, ngày 20/3 tổng kết" → 20/3).
3. Then the less precise kinds, in this order: a quarter or half year, early/late in a year,
   "có kế hoạch riêng", "định kỳ", "thường xuyên", "trong năm".

A date inside a citation ("Kế hoạch số 12-KH/TU ngày 05/01/2024", "Chỉ thị số 35 ngày
30/5/2019", "Luật … số 80/2015/QH13, ngày 22/6/2015") is when that document was issued,
never a deadline. A year left out (``trước ngày 31/5``, ``Quý 2``) is taken from
``default_year``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
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
    rf"\b(?:truoc|cham nhat(?: la| vao| trong)?|han chot|han|hoan thanh(?: trong| vao)?|xong truoc|den het)"
    rf"\s*(?:la\s+|vao\s+)?(?:ngay\s+)?(?:{_DMY}|{_DMY_WORDS})"
)
# A deadline word before a month: "hoàn thành trong tháng 6/2026", "chậm nhất tháng 12/2025",
# "trước tháng 6/2026" (by the end of May).
_BEFORE_MONTH_RE = re.compile(
    r"\b(?:(truoc)|cham nhat(?: la| vao| trong)?|hoan thanh(?: trong| vao)?|xong trong|den het)\s+"
    r"thang\s+(\d{1,2})\s*(?:/|-|nam)\s*(\d{4})"
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
# Several days of one month: "ngày 15 và 16/3/2026", "ngày 15, 16, 17/3/2026", "ngày 15-16/3/2026".
_DAYS_RE = re.compile(
    r"\bngay\s+(\d{1,2})(?:\s*(?:,|va|-|–)\s*\d{1,2})*\s*(?:,|va|-|–)\s*(\d{1,2})\s*/\s*(\d{1,2})"
    r"(?:\s*/\s*(\d{4}))?(?![\d/])"
)
# A whole date a few words after "ngày": "Ngày bầu cử 15/3/2026", "đến ngày bầu cử 15/3/2026"
# (not "Ngày thành lập Đảng (03/2/1930 – 03/2/2024)": an anniversary's years).
_BARE_DATE_RE = re.compile(r"\bngay(?:\s+[a-z]+){1,3}\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})(?![\d/])")
# Where a citation may start: a number with a type or body code ("12-KH/TU", "197/STTTT",
# "80/2015/QH13") or "số 35".
_CITES_RE = re.compile(r"\d\s*[-/]\s*[a-z]|\bso\s*:?\s*\d")
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


@functools.lru_cache(maxsize=4096)
def periodic_every(text: str) -> str:
    """The cycle a periodic duty's wording names: week / month / quarter / half / year ('' when
    the wording names no cycle). Kept on the task as ``tasks.deadline_every`` (schema step 12)."""
    found = find_deadline(text or "")
    return found.every if found is not None and found.kind == "periodic" else ""


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
    05/01/2024 của Tỉnh ủy" states when that plan was issued, not when the task is due; so do
    "Chỉ thị số 35 ngày 30/5/2019" (no symbol) and "Luật … số 80/2015/QH13, ngày 22/6/2015"."""
    if not _CITES_RE.search(folded):
        return folded
    from .citations import find_citations, partial_citations

    chars = list(folded)
    for cite in find_citations(text):
        for i in range(cite.start, min(cite.end, len(chars))):
            chars[i] = " "
    for partial in partial_citations(text):
        key = fold_aligned(partial.text)
        at = folded.find(key)
        while at >= 0:
            for i in range(at, min(at + len(key), len(chars))):
                chars[i] = " "
            at = folded.find(key, at + len(key))
    return "".join(chars)


def mask_citations(text: str) -> str:
    """The folded text (diacritics off, lower case, same length) with its citations blanked."""
    return _masked(text, _aligned_fold(text))


# Of two deadlines due the same day, the more precise statement is kept.
_PRECISION = {"range": 3, "date": 2, "period": 1}


def _latest(found: list[Deadline]) -> Deadline | None:
    best: Deadline | None = None
    for d in found:
        if d.due is None:
            continue
        if best is None or (d.due, _PRECISION.get(d.kind, 0)) > (best.due, _PRECISION.get(best.kind, 0)):
            best = d
    return best


def _find(text: str, default_year: int | None) -> Deadline | None:
    f = _masked(text, _aligned_fold(text))

    def span(m: re.Match[str]) -> str:
        return text[m.start() : m.end()].strip(" ()*,;.")

    # 1. Deadline words: the latest date they name.
    cued: list[Deadline] = []
    for hit in _BEFORE_RE.finditer(f):
        d = _date_from(hit.groups(), default_year)
        if d:
            cued.append(Deadline("date", None, d, span(hit)))
    for hit in _BEFORE_MONTH_RE.finditer(f):
        month, y = int(hit[2]), int(hit[3])
        if _valid(y, month):
            if hit[1]:  # "trước tháng 6/2026": by the end of May
                end = dt.date(y, month, 1) - dt.timedelta(days=1)
                cued.append(Deadline("date", None, end, span(hit)))
            else:
                cued.append(Deadline("period", dt.date(y, month, 1), _month_end(y, month), span(hit)))
    found = _latest(cued)
    if found is not None:
        return found
    # 2. Every day, range and month the text states: the latest ends the task.
    dated: list[Deadline] = []
    for hit in _FROM_TO_DATES_RE.finditer(f):
        groups = hit.groups()
        b = _date_from(groups[6:12], default_year)
        a = _date_from(groups[0:6], b.year if b else default_year)
        if a and b and a <= b:
            dated.append(Deadline("range", a, b, span(hit)))
    for hit in _FROM_TO_MONTHS_RE.finditer(f):
        end_year = int(hit[4]) if hit[4] else (int(hit[2]) if hit[2] else default_year)
        start_year = int(hit[2]) if hit[2] else end_year
        m1, m2 = int(hit[1]), int(hit[3])
        if _valid(start_year, m1) and _valid(end_year, m2):
            start, end = dt.date(start_year, m1, 1), _month_end(end_year, m2)
            if start <= end:
                dated.append(Deadline("range", start, end, span(hit)))
    for hit in _DAYS_RE.finditer(f):
        d = _date_from((hit[2], hit[3], hit[4], None, None, None), default_year)
        if d:
            dated.append(Deadline("date", None, d, span(hit)))
    for hit in _EVENT_RE.finditer(f):
        d = _date_from(hit.groups(), default_year)
        if d:
            dated.append(Deadline("date", None, d, span(hit)))
    for hit in _BARE_DATE_RE.finditer(f):
        d = _date_from((hit[1], hit[2], hit[3], None, None, None), default_year)
        if d:
            dated.append(Deadline("date", None, d, span(hit)))
    for hit in _MONTH_RE.finditer(f):
        month, y = int(hit[1]), int(hit[2])
        if _valid(y, month):
            dated.append(Deadline("period", dt.date(y, month, 1), _month_end(y, month), span(hit)))
    found = _latest(dated)
    if found is not None:
        return found
    # 3. Less precise statements.
    periods: list[Deadline] = []  # "Quý IV/2025 và Quý I/2026": the latest
    for hit in _QUARTER_RE.finditer(f):
        q = _quarter(hit[1])
        qy = int(hit[2]) if hit[2] else default_year
        if 1 <= q <= 4 and _valid(qy, 1):
            periods.append(Deadline("period", dt.date(qy, 3 * q - 2, 1), _month_end(qy, 3 * q), span(hit)))
    for hit in _HALF_RE.finditer(f):
        hy = int(hit[2]) if hit[2] else default_year
        if _valid(hy, 1):
            first = hit[1] == "dau"
            periods.append(
                Deadline("period", dt.date(hy, 1 if first else 7, 1), _month_end(hy, 6 if first else 12), span(hit))
            )
    found = _latest(periods)
    if found is not None:
        return found
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
