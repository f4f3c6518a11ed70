"""The tracking judgement written plainly in Python, task by task, from the rules of
``tracking.status`` and ``tracking.progress`` (what ``tracking.queries`` did before it
judged in SQL). Tests compare the SQL-judged rows, orders, filters and counts with it."""

from __future__ import annotations

import datetime as dt

from kehoach_desktop.core.dates import from_iso
from kehoach_desktop.core.text import fold
from kehoach_desktop.tracking import progress as progress_store
from kehoach_desktop.tracking.periods import Period
from kehoach_desktop.tracking.queries import periodic_every, periodic_windows
from kehoach_desktop.tracking.status import (
    DONE,
    OVERDUE,
    STATUSES,
    TaskDeadline,
    compute_status,
    due_date,
    judging_days,
    overdue_days,
)


def judge(db, period: Period, today: dt.date, text: str = "") -> dict[int, dict]:
    """task id → {status, due, overdue_days, due_in_days, progress_id, report, plan_id, lead_unit_id, title}."""
    as_of, completed_by = judging_days(period.end, today)
    rows = db.all(
        "SELECT t.id, t.plan_id, t.title, t.lead_unit_id, t.deadline_kind, t.deadline_start, t.deadline_end, "
        "t.deadline_text, p.status, p.extra_json FROM tasks t JOIN plans p ON p.id = t.plan_id"
    )
    if text:
        rows = [r for r in rows if fold(text) in fold(r["title"])]
    windows = periodic_windows(period, ((r["id"], r["deadline_kind"], r["deadline_text"]) for r in rows))
    reports = progress_store.effective(db, period, None, windows)
    out = {}
    for r in rows:
        kind = r["deadline_kind"]
        every = periodic_every(r["deadline_text"]) if kind == "periodic" else ""
        due = due_date(TaskDeadline(kind, from_iso(r["deadline_start"]), from_iso(r["deadline_end"]), every), period)
        prow = reports.get(r["id"])
        report = prow.report if prow else progress_store.Report()
        status = compute_status(due, report.completed_on, report.started, as_of, completed_by)
        live = r["status"] == "issued" and "imported_from" not in (r["extra_json"] or "")
        if status == OVERDUE and not live:  # drafts and imported plans are never overdue
            status = "in_progress" if report.started else "not_started"
        days_left = (due - as_of).days if due is not None and status not in DONE and status != OVERDUE else None
        out[r["id"]] = {
            "status": status,
            "status_index": STATUSES.index(status),
            "due": due,
            "overdue_days": overdue_days(due, status, as_of),
            "due_in_days": days_left,
            "progress_id": prow.id if prow else None,
            "report": report,
            "plan_id": r["plan_id"],
            "lead_unit_id": r["lead_unit_id"],
            "title": r["title"],
        }
    return out
