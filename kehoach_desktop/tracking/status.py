"""Task status as government trackers report it — computed, never typed.

Five statuses, from the deadline, the completion date and the reference day
("as of", normally today):

- hoàn thành đúng hạn: completed on or before the due date (or no due date);
- hoàn thành quá hạn: completed after the due date;
- quá hạn chưa hoàn thành: not completed and the due date has passed
  (due today is still in time);
- đang thực hiện (trong hạn): not completed, not overdue, some progress reported;
- chưa triển khai: not completed, not overdue, nothing reported yet.

Which due date applies depends on the deadline kind (see :func:`due_date`):
dates, ranges and periods carry their own end date. Periodic duties
("hằng quý", "định kỳ 6 tháng") are judged per reporting period: for the period
being reported, the due date is that period's end and only that period's report
counts. Ongoing work ("thường xuyên") and work awaiting a separate plan have no
due date and are never overdue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.text import fold
from .periods import Period, occurrence

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
DONE_ON_TIME = "done_on_time"
DONE_LATE = "done_late"
OVERDUE = "overdue"

STATUSES = (NOT_STARTED, IN_PROGRESS, DONE_ON_TIME, DONE_LATE, OVERDUE)
STATUS_NAMES = {
    NOT_STARTED: "Chưa triển khai",
    IN_PROGRESS: "Đang thực hiện (trong hạn)",
    DONE_ON_TIME: "Hoàn thành đúng hạn",
    DONE_LATE: "Hoàn thành quá hạn",
    OVERDUE: "Quá hạn chưa hoàn thành",
}
# A text mark next to each colour: colour is never the only signal.
STATUS_MARKS = {NOT_STARTED: "○", IN_PROGRESS: "◐", DONE_ON_TIME: "✔", DONE_LATE: "✔!", OVERDUE: "⚠"}
# RGB hex used by the Excel sheets and the GUI (light fills readable in print).
STATUS_COLOURS = {
    NOT_STARTED: "#EDEDED",
    IN_PROGRESS: "#DDEBF7",
    DONE_ON_TIME: "#E2EFDA",
    DONE_LATE: "#FFF2CC",
    OVERDUE: "#F8CBAD",
}
DONE = (DONE_ON_TIME, DONE_LATE)

# What a unit reports in the sheet's drop-down (its own state, not the verdict).
REPORT_NOT_STARTED = "Chưa triển khai"
REPORT_IN_PROGRESS = "Đang thực hiện"
REPORT_DONE = "Đã hoàn thành"
REPORT_CHOICES = (REPORT_NOT_STARTED, REPORT_IN_PROGRESS, REPORT_DONE)

# Words a unit might type instead of picking from the list (folded, no diacritics).
_REPORT_ALIASES = {
    "chua trien khai": REPORT_NOT_STARTED,
    "chua thuc hien": REPORT_NOT_STARTED,
    "dang thuc hien": REPORT_IN_PROGRESS,
    "dang trien khai": REPORT_IN_PROGRESS,
    "dang thuc hien (trong han)": REPORT_IN_PROGRESS,
    "trong han": REPORT_IN_PROGRESS,
    "qua han chua hoan thanh": REPORT_IN_PROGRESS,
    "da hoan thanh": REPORT_DONE,
    "hoan thanh": REPORT_DONE,
    "hoan thanh dung han": REPORT_DONE,
    "hoan thanh qua han": REPORT_DONE,
    "xong": REPORT_DONE,
}


def parse_report_choice(text: str) -> str | None:
    """The drop-down value a cell means, or ``None`` when it is not one we know."""
    key = " ".join(fold(text).replace(".", " ").split())
    return _REPORT_ALIASES.get(key)


@dataclass(frozen=True)
class TaskDeadline:
    kind: str  # '', date, range, period, periodic, ongoing, separate_plan
    start: dt.date | None = None
    end: dt.date | None = None
    every: str = ""  # periodic: month / quarter / half / year (from the wording)


def due_date(deadline: TaskDeadline, period: Period | None = None) -> dt.date | None:
    """The day by which the work is due; ``None`` when it is open-ended.

    Periodic duties are due at the end of the reporting period being judged.
    """
    if deadline.kind == "periodic":
        return occurrence(period, deadline.every).end if period is not None else None
    if deadline.kind in ("ongoing", "separate_plan"):
        return None
    return deadline.end or deadline.start


def compute_status(
    due: dt.date | None,
    completed_on: dt.date | None,
    started: bool,
    as_of: dt.date,
    completed_by: dt.date | None = None,
) -> str:
    """One of :data:`STATUSES`, judged on day *as_of*.

    A completion after *completed_by* (default *as_of*) has not happened yet; a
    closed period is judged the morning after its end with completions up to its end.
    """
    cutoff = completed_by or as_of
    if completed_on is not None and completed_on <= cutoff:
        if due is None or completed_on <= due:
            return DONE_ON_TIME
        return DONE_LATE
    if due is not None and as_of > due:
        return OVERDUE
    return IN_PROGRESS if started else NOT_STARTED


def judging_days(period_end: dt.date, today: dt.date) -> tuple[dt.date, dt.date]:
    """(as_of, completed_by) for a period: today while it runs; once it has closed, the
    day after its end (work due on the last day and not done by then is overdue in that
    period's report). Completions count up to today: a report filed for the period
    that says the work was finished after its end makes it "hoàn thành quá hạn"."""
    if today <= period_end:
        return today, today
    return period_end + dt.timedelta(days=1), today


def overdue_days(due: dt.date | None, status: str, as_of: dt.date) -> int:
    return (as_of - due).days if status == OVERDUE and due is not None else 0


OVERDUE_BUCKETS = (("le30", "Quá hạn đến 30 ngày"), ("le90", "Quá hạn 31–90 ngày"), ("gt90", "Quá hạn trên 90 ngày"))


def overdue_bucket(days: int) -> str:
    """``le30`` (≤ 30 days), ``le90`` (≤ 90) or ``gt90``."""
    if days <= 30:
        return "le30"
    if days <= 90:
        return "le90"
    return "gt90"
