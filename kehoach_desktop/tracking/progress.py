"""Progress reports per task and reporting period (append-only history).

Every report is a new row of ``progress``: nothing is overwritten, so the full
history of what each unit reported stays available. The *effective* report of a
task for a period is the newest row that applies to it (see :func:`effective`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..core.dates import from_iso, to_iso
from ..core.numbers import try_parse
from ..core.text import clean
from ..store.db import Database, allow_progress_undo, now_iso
from ..store.db import row_id as new_row_id
from .periods import Period

STATES = ("", "not_started", "in_progress", "done")
STATE_NAMES = {"": "", "not_started": "Chưa triển khai", "in_progress": "Đang thực hiện", "done": "Đã hoàn thành"}


class ProgressError(ValueError):
    """A report the tracker refuses; the message is for the user."""


@dataclass(frozen=True)
class Report:
    """What a unit reports for one task and one period."""

    state: str = ""  # the unit's own choice: '', not_started, in_progress, done
    result: str = ""
    percent: int | None = None
    completed_on: dt.date | None = None
    evidence: str = ""  # the unit's implementing document, e.g. 20-KH/ĐU
    notes: str = ""

    @property
    def started(self) -> bool:
        return (
            self.state in ("in_progress", "done")
            or bool(self.result or self.evidence)
            or (self.percent or 0) > 0
            or self.completed_on is not None
        )

    @property
    def is_empty(self) -> bool:
        return self == Report()

    def normalised(self) -> Report:
        """Clean text (NFC, no control characters) and fill what the rest implies."""
        r = replace(
            self,
            result=clean(self.result).strip(),
            evidence=clean(self.evidence).strip(),
            notes=clean(self.notes).strip(),
        )
        if r.percent is not None and not 0 <= r.percent <= 100:
            raise ProgressError(f"Tỷ lệ hoàn thành {r.percent}% không hợp lệ; hãy nhập một số từ 0 đến 100.")
        if r.state not in STATES:
            raise ProgressError(f"Tình trạng «{r.state}» không hợp lệ.")
        if r.completed_on is not None:
            r = replace(r, state="done", percent=100 if r.percent is None else r.percent)
        elif r.state == "done":
            raise ProgressError("Đã chọn «Đã hoàn thành» nhưng chưa có ngày hoàn thành; hãy nhập ngày hoàn thành.")
        return r


@dataclass(frozen=True)
class ProgressRow:
    id: int
    task_id: int
    period: Period
    report: Report
    evidence_directive_id: int | None
    source: str
    recorded_at: str
    recorded_by: str


def source_label(source: str) -> str:
    """Where a report came from, as the history shows it: «nhập tay», «dòng lệnh», or the Excel
    file's name. The source ``excel:<export>:<file>@<saved at>`` was shown by its last «:» — the
    seconds of the time the unit saved the file («45», the walk)."""
    if source == "manual":
        return "nhập tay"
    if source == "cli":
        return "dòng lệnh"
    if source.startswith("excel:"):
        name = source.split(":", 2)[2] if source.count(":") >= 2 else ""
        head, at, when = name.rpartition("@")
        if at and re.match(r"\d{4}-\d\d-\d\d", when):  # «@2026-12-03T06:10:45»: when the unit saved it
            name = head
        return f"Excel «{name}»" if name else "tệp Excel"
    return source


def _row(r) -> ProgressRow:
    return ProgressRow(
        id=r["id"],
        task_id=r["task_id"],
        period=Period(r["period_kind"], r["period_year"], r["period_index"]),
        report=Report(
            state=r["state"],
            result=r["result"],
            percent=r["percent"],
            completed_on=from_iso(r["completed_on"]),
            evidence=r["evidence"],
            notes=r["notes"],
        ),
        evidence_directive_id=r["evidence_directive_id"],
        source=r["source"],
        recorded_at=r["recorded_at"],
        recorded_by=r["recorded_by"],
    )


def evidence_directive(db: Database, evidence: str) -> int | None:
    """The registry entry the evidence names, when its number is registered."""
    from ..core.citations import find_citations

    candidates: list[str] = []
    for cite in find_citations(evidence) if evidence else []:
        candidates.append(cite.number)
    parsed = try_parse(evidence) if evidence else None
    if parsed is not None:
        candidates.append(parsed.format())
    for number in candidates:
        found = db.scalar("SELECT id FROM directives WHERE number = ? ORDER BY id LIMIT 1", (number,))
        if found is not None:
            return int(found)
    return None


def record(db: Database, task_id: int, period: Period, report: Report, *, source: str = "manual") -> int:
    """Append one report; returns the new progress row id."""
    report = report.normalised()
    with db.transaction():
        if db.scalar("SELECT 1 FROM tasks WHERE id = ?", (task_id,)) is None:
            raise ProgressError("Nhiệm vụ này không còn trong kế hoạch (có thể đã bị xóa).")
        cur = db.execute(
            "INSERT INTO progress(task_id, period_kind, period_year, period_index, state, result, percent, "
            "completed_on, evidence, evidence_directive_id, notes, source, recorded_at, recorded_by) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                task_id,
                period.kind,
                period.year,
                period.index,
                report.state,
                report.result,
                report.percent,
                to_iso(report.completed_on),
                report.evidence,
                evidence_directive(db, report.evidence),
                report.notes,
                source,
                now_iso(),
                db.user,
            ),
        )
        row_id = new_row_id(cur)
        db.audit("task", task_id, "progress", {"period": period.code, "progress_id": row_id, "source": source})
    return row_id


def delete_row(db: Database, progress_id: int) -> ProgressRow | None:
    """Remove one report (used only to undo :func:`record`); returns what was removed."""
    with db.transaction():
        row = db.one("SELECT * FROM progress WHERE id = ?", (progress_id,))
        if row is None:
            return None
        with allow_progress_undo(progress_id):  # the issued plan's triggers allow this one (issue 13)
            db.execute("DELETE FROM progress WHERE id = ?", (progress_id,))
        db.audit("task", row["task_id"], "progress_undo", {"progress_id": progress_id})
    return _row(row)


def history(db: Database, task_id: int) -> list[ProgressRow]:
    """Every report for the task, newest first."""
    return [_row(r) for r in db.all("SELECT * FROM progress WHERE task_id = ? ORDER BY id DESC", (task_id,))]


def applies(row_period: Period, period: Period, periodic: bool) -> bool:
    """Does a report for *row_period* count when judging *period*?

    Periodic duties (*period* is then the duty's occurrence): only reports whose period
    ends inside it. Everything else: any report up to the end of the judged period (a
    task completed in Quý I stays completed in Quý II).
    """
    if periodic:
        return period.start <= row_period.end <= period.end
    return row_period.start <= period.end


def effective(
    db: Database,
    period: Period,
    task_ids: Iterable[int] | None = None,
    periodic: dict[int, Period] | set[int] | None = None,
) -> dict[int, ProgressRow]:
    """task id → the newest report that applies to *period* (see :func:`applies`).

    *periodic* maps each periodic duty to the occurrence being judged (a set means the
    reporting period itself).
    """
    if periodic is None:
        windows: dict[int, Period] = {}
    elif isinstance(periodic, dict):
        windows = periodic
    else:
        windows = dict.fromkeys(periodic, period)
    if task_ids is None:
        rows = db.all("SELECT * FROM progress WHERE period_year <= ? ORDER BY id", (period.year,))
    else:
        ids = list(task_ids)
        rows = []
        for i in range(0, len(ids), 900):  # stay under SQLite's parameter limit
            chunk = ids[i : i + 900]
            rows += db.all(
                f"SELECT * FROM progress WHERE task_id IN ({','.join('?' * len(chunk))}) "
                "AND period_year <= ? ORDER BY id",
                (*chunk, period.year),
            )
        rows.sort(key=lambda r: r["id"])
    out: dict[int, ProgressRow] = {}
    for r in rows:
        p = Period(r["period_kind"], r["period_year"], r["period_index"])
        window = windows.get(r["task_id"])
        if applies(p, window or period, window is not None):
            out[r["task_id"]] = _row(r)
    return out
