"""What the tracking view, the Excel sheets, the dashboard and the report show.

One pass: the tasks matching the filters, their effective report for the period
and the computed status, as plain :class:`TaskRow` objects.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass, field

from ..core.dates import format_short, from_iso
from ..core.deadlines import find_deadline
from ..store.db import Database
from . import progress as progress_store
from .periods import Period, occurrence
from .progress import Report
from .status import (
    DONE,
    OVERDUE,
    STATUSES,
    TaskDeadline,
    compute_status,
    due_date,
    judging_days,
    overdue_bucket,
    overdue_days,
)

SOON_DAYS = 7


@dataclass
class TaskFilter:
    plan_ids: list[int] | None = None  # None: every plan
    unit_id: int | None = None  # lead or cooperating unit
    lead_only: bool = False  # with unit_id: only tasks the unit leads
    statuses: set[str] | None = None
    directive_id: int | None = None  # plans implementing this document or its chain
    text: str = ""  # folded substring of the title
    issued_only: bool = False


@dataclass(slots=True)
class TaskRow:
    task_id: int
    plan_id: int
    plan_label: str
    position: int
    title: str
    lead_unit_id: int | None
    lead_unit: str
    cooperating: list[str]
    deadline_kind: str
    deadline_label: str
    due: dt.date | None
    report: Report
    progress_id: int | None
    status: str
    overdue_days: int = 0
    due_in_days: int | None = None  # days left when not done and due is ahead
    plan_security: str = "thường"
    evidence_directive_id: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def due_soon(self) -> bool:
        return self.due_in_days is not None and 0 <= self.due_in_days <= SOON_DAYS

    @property
    def overdue_bucket(self) -> str | None:
        return overdue_bucket(self.overdue_days) if self.status == OVERDUE else None


def plan_label(number: str | None, title: str) -> str:
    head = f"Kế hoạch số {number}" if number else "Kế hoạch (chưa có số)"
    return f"{head} — {title}" if title else head


def deadline_label(kind: str, start: dt.date | None, end: dt.date | None, text: str) -> str:
    if text:
        return text
    if kind == "range" and start and end:
        return f"{format_short(start)} – {format_short(end)}"
    if end or start:
        return format_short(end or start)
    return {"ongoing": "Thường xuyên", "periodic": "Định kỳ", "separate_plan": "Có kế hoạch riêng"}.get(kind, "")


@functools.lru_cache(maxsize=4096)
def periodic_every(text: str) -> str:
    """The cycle a periodic duty's wording names: month / quarter / half / year ('' unknown)."""
    found = find_deadline(text or "")
    return found.every if found is not None and found.kind == "periodic" else ""


def periodic_windows(period: Period, tasks) -> dict[int, Period]:
    """task id → the occurrence judged in *period*, for the periodic duties among
    *tasks* given as (task id, deadline kind, deadline text)."""
    return {tid: occurrence(period, periodic_every(text)) for tid, kind, text in tasks if kind == "periodic"}


def chain_directives(db: Database, directive_id: int) -> list[int]:
    """The document and every document implementing it, transitively."""
    return [
        r[0]
        for r in db.all(
            "WITH RECURSIVE chain(id) AS (SELECT ? UNION SELECT l.directive_id FROM directive_links l "
            "JOIN chain c ON l.parent_id = c.id) SELECT id FROM chain",
            (directive_id,),
        )
    ]


def _plan_ids_for_chain(db: Database, directive_id: int) -> list[int]:
    ids = chain_directives(db, directive_id)
    marks = ",".join("?" * len(ids))
    return [r[0] for r in db.all(f"SELECT DISTINCT plan_id FROM plan_basis WHERE directive_id IN ({marks})", ids)]


def load_rows(
    db: Database, period: Period, flt: TaskFilter | None = None, today: dt.date | None = None
) -> list[TaskRow]:
    """Tasks with their status for *period*, judged as of min(today, end of period)."""
    flt = flt or TaskFilter()
    today = today or dt.date.today()
    as_of, completed_by = judging_days(period.end, today)
    where, params = ["1 = 1"], []
    plan_ids = flt.plan_ids
    if flt.directive_id is not None:
        chain = _plan_ids_for_chain(db, flt.directive_id)
        plan_ids = [p for p in chain if plan_ids is None or p in plan_ids]
    if plan_ids is not None:
        if not plan_ids:
            return []
        where.append(f"t.plan_id IN ({','.join('?' * len(plan_ids))})")
        params += plan_ids
    if flt.unit_id is not None:
        if flt.lead_only:
            where.append("t.lead_unit_id = ?")
            params.append(flt.unit_id)
        else:
            where.append(
                "(t.lead_unit_id = ? OR EXISTS (SELECT 1 FROM task_units x WHERE x.task_id = t.id AND x.unit_id = ?))"
            )
            params += [flt.unit_id, flt.unit_id]
    if flt.issued_only:
        where.append("p.status = 'issued'")
    # Plain tuples (no sqlite3.Row) and positional access: this loop runs once per task.
    cur = db.conn.cursor()
    cur.row_factory = None
    rows = cur.execute(
        "SELECT t.id, t.plan_id, t.position, t.title, t.lead_unit_id, t.deadline_kind, t.deadline_start, "
        "t.deadline_end, t.deadline_text, COALESCE(u.name, ''), p.number, p.title, p.security "
        "FROM tasks t JOIN plans p ON p.id = t.plan_id LEFT JOIN units u ON u.id = t.lead_unit_id "
        f"WHERE {' AND '.join(where)} ORDER BY p.plan_date, t.plan_id, t.position, t.id",
        params,
    ).fetchall()
    if flt.text:
        from ..core.text import fold

        needle = fold(flt.text)
        rows = [r for r in rows if needle in fold(r[3])]
    ids = [r[0] for r in rows]
    coop: dict[int, list[str]] = {}
    if ids:
        id_set = set(ids)
        for task_id, name in cur.execute(
            "SELECT x.task_id, u.name FROM task_units x JOIN units u ON u.id = x.unit_id ORDER BY u.position, u.id"
        ).fetchall():
            if task_id in id_set:
                coop.setdefault(task_id, []).append(name)
    windows = periodic_windows(period, ((r[0], r[5], r[8]) for r in rows))
    reports = progress_store.effective(db, period, ids if len(ids) < 5000 else None, windows)
    out: list[TaskRow] = []
    labels: dict[int, str] = {}
    empty = Report()
    no_coop: list[str] = []
    for (
        task_id,
        plan_id,
        position,
        title,
        lead_id,
        kind,
        d_start,
        d_end,
        d_text,
        lead_name,
        number,
        plan_title,
        security,
    ) in rows:
        start, end = from_iso(d_start), from_iso(d_end)
        due = due_date(TaskDeadline(kind, start, end, periodic_every(d_text) if kind == "periodic" else ""), period)
        prow = reports.get(task_id)
        report = prow.report if prow else empty
        status = compute_status(due, report.completed_on, report.started, as_of, completed_by)
        days_left = (due - as_of).days if due is not None and status not in DONE and status != OVERDUE else None
        label = labels.get(plan_id)
        if label is None:
            label = labels[plan_id] = plan_label(number, plan_title)
        out.append(
            TaskRow(
                task_id,
                plan_id,
                label,
                position,
                title,
                lead_id,
                lead_name,
                coop.get(task_id, no_coop),
                kind,
                deadline_label(kind, start, end, d_text)
                + (f" (kỳ này: {format_short(due)})" if kind == "periodic" and due else ""),
                due,
                report,
                prow.id if prow else None,
                status,
                overdue_days(due, status, as_of),
                days_left,
                security,
                prow.evidence_directive_id if prow else None,
            )
        )
    if flt.statuses is not None:
        out = [row for row in out if row.status in flt.statuses]
    return out


@dataclass
class Summary:
    """Counts by unit and status for one period, plus the overdue and due-soon lists."""

    period: Period
    by_unit: dict[str, Counter]
    totals: Counter
    overdue: list[TaskRow]
    due_soon: list[TaskRow]

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    def done_percent(self) -> float:
        done = self.totals[DONE[0]] + self.totals[DONE[1]]
        return 100.0 * done / self.total if self.total else 0.0

    def overdue_groups(self) -> dict[str, list[TaskRow]]:
        groups: dict[str, list[TaskRow]] = {"le30": [], "le90": [], "gt90": []}
        for row in self.overdue:
            groups[overdue_bucket(row.overdue_days)].append(row)
        return groups


NO_UNIT = "(Chưa giao đơn vị)"


def summarise(rows: list[TaskRow], period: Period) -> Summary:
    by_unit: dict[str, Counter] = {}
    totals: Counter = Counter(dict.fromkeys(STATUSES, 0))
    for row in rows:
        unit = row.lead_unit or NO_UNIT
        counter = by_unit.setdefault(unit, Counter(dict.fromkeys(STATUSES, 0)))
        counter[row.status] += 1
        totals[row.status] += 1
    overdue = sorted((r for r in rows if r.status == OVERDUE), key=lambda r: (-r.overdue_days, r.task_id))
    soon = sorted((r for r in rows if r.due_soon), key=lambda r: (r.due_in_days, r.task_id))
    return Summary(period, by_unit, totals, overdue, soon)
