"""The register of Excel progress-sheet exports (``progress_exports``).

Each export gets a number; an import refuses a workbook when a newer export for the
same plan, unit and period exists (the older file was superseded), and refuses a
workbook made from another database file.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from ..store.db import Database, now_iso, row_id
from .periods import Period

DB_TOKEN_KEY = "tracking_db_token"


@dataclass(frozen=True)
class ExportRecord:
    id: int
    plan_id: int
    unit_id: int | None
    period: Period
    task_count: int
    created_at: str


def db_token(db: Database) -> str:
    """A random identity of this database file, written into every workbook."""
    token = db.get_meta(DB_TOKEN_KEY)
    if not token:
        token = secrets.token_hex(8)
        db.set_meta(DB_TOKEN_KEY, token)
    return str(token)


def register(db: Database, plan_id: int, unit_id: int | None, period: Period, task_count: int) -> int:
    with db.transaction():
        cur = db.execute(
            "INSERT INTO progress_exports(plan_id, unit_id, period_kind, period_year, period_index, task_count, "
            "created_at, created_by) VALUES (?,?,?,?,?,?,?,?)",
            (plan_id, unit_id, period.kind, period.year, period.index, task_count, now_iso(), db.user),
        )
        export_id = row_id(cur)
        db.audit(
            "plan", plan_id, "progress_export", {"export_id": export_id, "unit_id": unit_id, "period": period.code}
        )
    return export_id


def _record(r) -> ExportRecord:
    return ExportRecord(
        r["id"],
        r["plan_id"],
        r["unit_id"],
        Period(r["period_kind"], r["period_year"], r["period_index"]),
        r["task_count"],
        r["created_at"],
    )


def get(db: Database, export_id: int) -> ExportRecord | None:
    r = db.one("SELECT * FROM progress_exports WHERE id = ?", (export_id,))
    return _record(r) if r else None


def latest(db: Database, plan_id: int, unit_id: int | None, period: Period) -> ExportRecord | None:
    r = db.one(
        "SELECT * FROM progress_exports WHERE plan_id = ? AND unit_id IS ? AND period_kind = ? "
        "AND period_year = ? AND period_index = ? ORDER BY id DESC LIMIT 1",
        (plan_id, unit_id, period.kind, period.year, period.index),
    )
    return _record(r) if r else None


def forget(db: Database, export_id: int) -> None:
    """Drop a register entry whose workbook could not be written."""
    with db.transaction():
        db.execute("DELETE FROM progress_exports WHERE id = ?", (export_id,))
