"""Reminders at start-up and on demand.

Tasks due within N days and overdue ones (judged for the current quarter, so a
periodic duty falls due at the end of its own cycle that contains the quarter's end), and upstream documents whose
"cụ thể hóa" deadline (``implement_due``) is near or past with no implementing plan
issued yet (no issued plan cites them in its căn cứ; a draft does not meet the deadline).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.dates import format_short, from_iso
from ..store.db import Database
from .periods import Period, containing
from .queries import TaskFilter, TaskRow, load_rows
from .status import OVERDUE

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


def collect(
    db: Database, days: int = DEFAULT_DAYS, today: dt.date | None = None, issued_only: bool = False
) -> Reminders:
    today = today or dt.date.today()
    period = containing(today, "quarter")
    rows = load_rows(db, period, TaskFilter(issued_only=issued_only), today)
    overdue = sorted((r for r in rows if r.status == OVERDUE), key=lambda r: (-r.overdue_days, r.task_id))
    soon = sorted(
        (r for r in rows if r.due_in_days is not None and 0 <= r.due_in_days <= days),
        key=lambda r: (r.due_in_days, r.task_id),
    )
    return Reminders(period, days, soon, overdue, directives_awaiting_plan(db, days, today))
