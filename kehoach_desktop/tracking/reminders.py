"""Reminders at start-up and on demand.

Tasks due within N days and overdue ones (judged for the current quarter, so a
periodic duty falls due at the end of its own cycle that contains the quarter's end), and upstream documents whose
"cụ thể hóa" deadline (``implement_due``) is near or past with no implementing plan
issued yet (no issued plan cites them in its căn cứ; a draft does not meet the deadline).

The window shows grouped counts first (:func:`counts`: "412 nhiệm vụ quá hạn trên 90
ngày", counted in SQL) and reads the rows of a group when it is opened (:func:`rows`),
a page at a time: at 100,000 tasks nothing builds every overdue row. :func:`collect`
lists everything (the command line).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from ..core.dates import format_short, from_iso
from ..store.db import Database
from .periods import Period, containing
from .queries import TaskFilter, TaskRow, group_rows
from .queries import counts as count_tasks
from .status import OVERDUE_BUCKETS

DEFAULT_DAYS = 7


@dataclass
class DirectiveReminder:
    directive_id: int
    label: str
    due: dt.date
    days_left: int  # negative: the deadline has passed

    @property
    def text(self) -> str:
        if self.days_left < 0:
            return f"{self.label}: quá hạn cụ thể hóa {-self.days_left} ngày (hạn {format_short(self.due)})"
        if self.days_left == 0:
            return f"{self.label}: hôm nay là hạn cụ thể hóa"
        return f"{self.label}: còn {self.days_left} ngày đến hạn cụ thể hóa ({format_short(self.due)})"


@dataclass
class Reminders:
    period: Period
    days: int
    due_soon: list[TaskRow]
    overdue: list[TaskRow]
    directives: list[DirectiveReminder]

    @property
    def empty(self) -> bool:
        return not (self.due_soon or self.overdue or self.directives)

    def lines(self) -> list[str]:
        out: list[str] = []
        for row in self.overdue:
            out.append(
                f"Quá hạn {row.overdue_days} ngày: {row.title} — {row.lead_unit or 'chưa giao đơn vị'} "
                f"({row.plan_label})"
            )
        for row in self.due_soon:
            when = "hôm nay" if row.due_in_days == 0 else f"còn {row.due_in_days} ngày"
            out.append(
                f"Sắp đến hạn ({when}, {format_short(row.due)}): {row.title} — {row.lead_unit or 'chưa giao đơn vị'}"
            )
        out += [d.text for d in self.directives]
        return out

    def to_json(self) -> dict:
        return {
            "period": self.period.code,
            "days": self.days,
            "overdue": [
                {"task_id": r.task_id, "title": r.title, "unit": r.lead_unit, "days": r.overdue_days}
                for r in self.overdue
            ],
            "due_soon": [
                {
                    "task_id": r.task_id,
                    "title": r.title,
                    "unit": r.lead_unit,
                    "due": r.due.isoformat() if r.due else None,
                    "days_left": r.due_in_days,
                }
                for r in self.due_soon
            ],
            "directives": [
                {"directive_id": d.directive_id, "label": d.label, "due": d.due.isoformat(), "days_left": d.days_left}
                for d in self.directives
            ],
        }


def directives_awaiting_plan(db: Database, days: int, today: dt.date) -> list[DirectiveReminder]:
    limit = (today + dt.timedelta(days=days)).isoformat()
    rows = db.all(
        "SELECT d.id, d.doc_type, d.number, d.summary, d.implement_due FROM directives d "
        "WHERE d.implement_due IS NOT NULL AND d.implement_due <= ? "
        "AND NOT EXISTS (SELECT 1 FROM plan_basis b JOIN plans p ON p.id = b.plan_id "
        "WHERE b.directive_id = d.id AND p.status = 'issued') "
        "ORDER BY d.implement_due, d.id",
        (limit,),
    )
    out = []
    for r in rows:
        due = from_iso(r["implement_due"])
        if due is None:  # the query keeps only documents with a due date
            continue
        label = f"{r['doc_type']} {r['number']}".strip()
        if r["summary"]:
            label += f" — {r['summary'][:80]}"
        out.append(DirectiveReminder(r["id"], label, due, (due - today).days))
    return out


GROUP_LABELS = dict(OVERDUE_BUCKETS)
_OVERDUE_WORDS = {"le30": "quá hạn đến 30 ngày", "le90": "quá hạn 31–90 ngày", "gt90": "quá hạn trên 90 ngày"}


@dataclass
class ReminderCounts:
    """What the reminder window says first: how many tasks in each group, and the documents."""

    period: Period
    days: int
    groups: Counter  # gt90 / le90 / le30 (overdue buckets) and soon (due within *days*)
    directives: list[DirectiveReminder]

    @property
    def overdue(self) -> int:
        return self.groups["le30"] + self.groups["le90"] + self.groups["gt90"]

    @property
    def due_soon(self) -> int:
        return self.groups["soon"]

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.directives)

    def group_text(self, group: str) -> str:
        """``412 nhiệm vụ quá hạn trên 90 ngày``; ``3 nhiệm vụ sắp đến hạn trong 7 ngày tới``."""
        n = self.groups[group]
        if group == "soon":
            return f"{n} nhiệm vụ sắp đến hạn trong {self.days} ngày tới"
        return f"{n} nhiệm vụ {_OVERDUE_WORDS[group]}"

    def lines(self) -> list[str]:
        out = [self.group_text(g) for g in ("gt90", "le90", "le30", "soon") if self.groups[g]]
        return out + [d.text for d in self.directives]


def counts(
    db: Database, days: int = DEFAULT_DAYS, today: dt.date | None = None, issued_only: bool = False
) -> ReminderCounts:
    """The grouped counts (one pass in SQL) and the documents awaiting a plan (few)."""
    today = today or dt.date.today()
    period = containing(today, "quarter")
    found = count_tasks(db, period, TaskFilter(issued_only=issued_only), today, soon_days=days)
    return ReminderCounts(period, days, found.groups, directives_awaiting_plan(db, days, today))


def rows(
    db: Database,
    group: str,
    days: int = DEFAULT_DAYS,
    today: dt.date | None = None,
    limit: int = 100,
    offset: int = 0,
    issued_only: bool = False,
) -> list[TaskRow]:
    """A page of one group's tasks: overdue ones most days late first, due ones nearest first."""
    today = today or dt.date.today()
    period = containing(today, "quarter")
    return group_rows(
        db, period, group, TaskFilter(issued_only=issued_only), today, limit=limit, offset=offset, soon_days=days
    )


def collect(
    db: Database, days: int = DEFAULT_DAYS, today: dt.date | None = None, issued_only: bool = False
) -> Reminders:
    """Every reminder row (the command line); the window uses :func:`counts` and :func:`rows`."""
    today = today or dt.date.today()
    period = containing(today, "quarter")
    every = 10**9
    overdue = sorted(
        (r for g in ("le30", "le90", "gt90") for r in rows(db, g, days, today, every, 0, issued_only)),
        key=lambda r: (-r.overdue_days, r.task_id),
    )
    soon = rows(db, "soon", days, today, every, 0, issued_only)
    return Reminders(period, days, soon, overdue, directives_awaiting_plan(db, days, today))
