"""The office's unit list (chi bộ, ban, MTTQ, đoàn thể): listing and editing primitives.
The undoable commands over them are in :mod:`store.unit_ops`.

Units are never deleted while tasks refer to them: a unit no longer in use is
made inactive (hidden from the pickers, kept in old plans and reports).
"""

from __future__ import annotations

from typing import Any

from ..core.text import clean
from .db import Database

FIELDS = ("name", "short_name", "kind", "active")


def tasks_of(db: Database, unit_id: int) -> set[int]:
    rows = db.all(
        "SELECT id FROM tasks WHERE lead_unit_id = ? UNION SELECT task_id FROM task_units WHERE unit_id = ?",
        (unit_id, unit_id),
    )
    return {r[0] for r in rows}


def all_units(db: Database) -> list:
    """Every unit, inactive ones too (the unit list dialog shows them greyed)."""
    return db.all("SELECT * FROM units ORDER BY active DESC, position, id")


def update(db: Database, unit_id: int, changes: dict[str, Any]) -> None:
    row = {k: (clean(v).strip() if isinstance(v, str) else v) for k, v in changes.items() if k in FIELDS}
    if "name" in row:
        if not row["name"]:
            raise ValueError("Tên đơn vị không được để trống.")
        other = db.scalar("SELECT id FROM units WHERE name = ? AND id <> ?", (row["name"], unit_id))
        if other is not None:
            raise ValueError(f"Đã có đơn vị «{row['name']}»; hãy đặt tên khác.")
    if not row:
        return
    with db.transaction():
        db.execute(f"UPDATE units SET {', '.join(f'{k} = ?' for k in row)} WHERE id = ?", [*row.values(), unit_id])
        db.audit("unit", unit_id, "update", row)


def is_active(db: Database, unit_id: int) -> bool:
    return bool(db.scalar("SELECT active FROM units WHERE id = ?", (unit_id,)))


def active_units(db: Database) -> list:
    """(id, name) of the units in use, in list order."""
    return db.all("SELECT id, name FROM units WHERE active = 1 ORDER BY position, id")
