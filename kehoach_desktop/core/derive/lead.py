"""Our deadline from the upstream's: a lead time in working days before it, never after.

- a date, or the end of a range, quarter, half year or month: ours is *lead_days*
  working days earlier, written ``trước ngày dd/mm/yyyy`` (a range keeps its start);
- it never falls before *not_before* (the day we plan) unless the upstream's own
  deadline does, and it never falls after the upstream's;
- periodic duties (``hằng tháng``, ``định kỳ 6 tháng``), ongoing work and "có kế
  hoạch riêng" stay what they are.
"""

from __future__ import annotations

import datetime as dt

from ..dates import format_citation_date as format_short
from ..deadlines import Deadline

DEFAULT_LEAD_DAYS = 5

# Fixed-date public holidays (Tết Nguyên đán moves with the lunar calendar: not counted).
_HOLIDAYS = {(1, 1), (30, 4), (1, 5), (2, 9)}


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and (day.day, day.month) not in _HOLIDAYS


def working_days_before(day: dt.date, n: int) -> dt.date:
    """The working day *n* working days before *day* (``n = 0``: *day* itself)."""
    out = day
    while n > 0:
        out -= dt.timedelta(days=1)
        if is_working_day(out):
            n -= 1
    return out


def ours_before(due: dt.date, lead_days: int, not_before: dt.date | None = None) -> dt.date:
    """*lead_days* working days before *due*, but not before *not_before*; never after *due*."""
    ours = working_days_before(due, max(0, lead_days))
    if not_before and ours < not_before:
        ours = min(not_before, due)
    return min(ours, due)


def derive_deadline(
    upstream: Deadline | None, lead_days: int = DEFAULT_LEAD_DAYS, not_before: dt.date | None = None
) -> Deadline | None:
    """Our deadline for a task whose upstream deadline is *upstream* (None stays None)."""
    if upstream is None:
        return None
    if upstream.kind in ("periodic", "ongoing", "separate_plan"):
        return Deadline(upstream.kind, upstream.start, upstream.end, upstream.text, upstream.every)
    due = upstream.due
    if due is None:
        return Deadline(upstream.kind, upstream.start, upstream.end, upstream.text, upstream.every)
    end = ours_before(due, lead_days, not_before)
    if upstream.kind == "range" and upstream.start and upstream.start < end:
        return Deadline(
            "range", upstream.start, end, f"từ ngày {format_short(upstream.start)} đến ngày {format_short(end)}"
        )
    return Deadline("date", None, end, f"trước ngày {format_short(end)}")


def not_later(ours: Deadline | None, upstream: Deadline | None) -> bool:
    """Ours falls on or before the upstream's (periodic and open-ended kinds: same kind)."""
    if upstream is None:
        return True
    if ours is None:
        return False
    if upstream.due is None:
        return ours.kind == upstream.kind and ours.every == upstream.every
    return ours.due is not None and ours.due <= upstream.due
