"""Reporting periods: tháng, quý, 6 tháng, 9 tháng, năm.

Stored in ``progress`` as (period_kind, period_year, period_index). The 6-month,
9-month and yearly reports are cumulative from 1 January, as offices write them
("6 tháng đầu năm", "9 tháng", "năm"); ``half`` index 2 is the second half-year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from ..core.text import fold

KINDS = ("month", "quarter", "half", "nine_months", "year")
KIND_NAMES = {"month": "Tháng", "quarter": "Quý", "half": "6 tháng", "nine_months": "9 tháng", "year": "Năm"}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_MAX_INDEX = {"month": 12, "quarter": 4, "half": 2, "nine_months": 1, "year": 1}


class PeriodError(ValueError):
    """A period that cannot be read; the message is for the user."""


@functools.lru_cache(maxsize=4096)
def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, order=True)
class Period:
    kind: str
    year: int
    index: int = 1

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise PeriodError(f"Loại kỳ báo cáo «{self.kind}» không hợp lệ.")
        if not 1 <= self.index <= _MAX_INDEX[self.kind]:
            raise PeriodError(f"{KIND_NAMES[self.kind]} thứ {self.index} không tồn tại.")

    @property
    def start(self) -> dt.date:
        if self.kind == "month":
            return dt.date(self.year, self.index, 1)
        if self.kind == "quarter":
            return dt.date(self.year, 3 * self.index - 2, 1)
        if self.kind == "half":
            return dt.date(self.year, 1 if self.index == 1 else 7, 1)
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        if self.kind == "month":
            return _month_end(self.year, self.index)
        if self.kind == "quarter":
            return _month_end(self.year, 3 * self.index)
        if self.kind == "half":
            return _month_end(self.year, 6 if self.index == 1 else 12)
        if self.kind == "nine_months":
            return dt.date(self.year, 9, 30)
        return dt.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        """``Quý I/2026``, ``Tháng 3/2026``, ``6 tháng đầu năm 2026``, ``9 tháng năm 2026``, ``Năm 2026``."""
        if self.kind == "month":
            return f"Tháng {self.index}/{self.year}"
        if self.kind == "quarter":
            return f"Quý {_ROMAN[self.index]}/{self.year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        if self.kind == "nine_months":
            return f"9 tháng năm {self.year}"
        return f"Năm {self.year}"

    @property
    def code(self) -> str:
        """A compact, parseable form: ``2026-Q1``, ``2026-M03``, ``2026-H1``, ``2026-9M``, ``2026``."""
        if self.kind == "month":
            return f"{self.year}-M{self.index:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.index}"
        if self.kind == "half":
            return f"{self.year}-H{self.index}"
        if self.kind == "nine_months":
            return f"{self.year}-9M"
        return f"{self.year}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def key(self) -> tuple[str, int, int]:
        return (self.kind, self.year, self.index)


def containing(day: dt.date, kind: str) -> Period:
    """The period of *kind* that *day* falls in (9 tháng: the year's Jan–Sep report)."""
    if kind == "month":
        return Period("month", day.year, day.month)
    if kind == "quarter":
        return Period("quarter", day.year, (day.month - 1) // 3 + 1)
    if kind == "half":
        return Period("half", day.year, 1 if day.month <= 6 else 2)
    return Period(kind, day.year, 1)


_EVERY_KIND = {"month": "month", "quarter": "quarter", "half": "half", "year": "year"}


def occurrence(period: Period, every: str) -> Period:
    """The occurrence of a periodic duty judged in *period*: the duty's own cycle (month,
    quarter, half-year, year) that contains the end of *period*. A 6-monthly duty judged for
    Quý I is the first half-year (due 30/6), so it is not late at the end of March. Unknown
    or finer cycles (weekly) are judged per reporting period."""
    kind = _EVERY_KIND.get(every)
    if kind is None:
        return period
    return containing(period.end, kind)


_PATTERNS = [
    (re.compile(r"^(\d{4})-?q([1-4])$"), lambda m: Period("quarter", int(m[1]), int(m[2]))),
    (
        re.compile(r"^q(?:uy)?\s*([1-4]|i{1,3}|iv)\s*[/ -]\s*(?:nam\s*)?(\d{4})$"),
        lambda m: Period("quarter", int(m[2]), _roman(m[1])),
    ),
    (re.compile(r"^(\d{4})-?m(\d{1,2})$"), lambda m: Period("month", int(m[1]), int(m[2]))),
    (re.compile(r"^(?:thang|t)\s*(\d{1,2})\s*/\s*(\d{4})$"), lambda m: Period("month", int(m[2]), int(m[1]))),
    (re.compile(r"^(\d{4})-?h([12])$"), lambda m: Period("half", int(m[1]), int(m[2]))),
    (
        re.compile(r"^6\s*(?:thang|t)\s*(dau|cuoi)?\s*(?:nam)?\s*[/ ]?\s*(\d{4})$"),
        lambda m: Period("half", int(m[2]), 2 if m[1] == "cuoi" else 1),
    ),
    (re.compile(r"^(\d{4})-?9m$"), lambda m: Period("nine_months", int(m[1]))),
    (re.compile(r"^9\s*(?:thang|t)\s*(?:nam)?\s*[/ ]?\s*(\d{4})$"), lambda m: Period("nine_months", int(m[1]))),
    (re.compile(r"^(?:nam\s*)?(\d{4})$"), lambda m: Period("year", int(m[1]))),
]


def _roman(token: str) -> int:
    return int(token) if token.isdigit() else {"i": 1, "ii": 2, "iii": 3, "iv": 4}[token]


def parse_period(text: str) -> Period:
    """Read ``2026-Q1``, ``Quý I/2026``, ``quy 1/2026``, ``Tháng 3/2026``, ``6 tháng đầu năm 2026``,
    ``9 tháng 2026``, ``Năm 2026``, ``2026``."""
    key = re.sub(r"\s+", " ", fold(text).strip())
    for pattern, build in _PATTERNS:
        m = pattern.match(key)
        if m:
            try:
                return build(m)
            except (PeriodError, ValueError):
                break
    raise PeriodError(
        f"Không đọc được kỳ báo cáo «{text}». Ví dụ hợp lệ: Quý I/2026, Tháng 3/2026, "
        "6 tháng đầu năm 2026, 9 tháng năm 2026, Năm 2026 (hoặc 2026-Q1, 2026-M03, 2026-H1, 2026-9M, 2026)."
    )
