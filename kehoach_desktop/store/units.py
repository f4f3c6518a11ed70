"""Editing the office's unit list (chi bộ, ban, MTTQ, đoàn thể) as undoable commands.

Units are never deleted while tasks refer to them: a unit no longer in use is
made inactive (hidden from the pickers, kept in old plans and reports).
"""

from __future__ import annotations

from typing import Any

from ..core.text import clean
from . import profile
from .commands import Changes, Command
from .db import Database

FIELDS = ("name", "short_name", "kind", "active")


def _tasks_of(db: Database, unit_id: int) -> set[int]:
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


class AddUnit(Command):
    def __init__(self, name: str, short_name: str = "", kind: str = ""):
        self.name, self.short, self.kind = clean(name).strip(), clean(short_name).strip(), kind
        if not self.name:
            raise ValueError("Hãy nhập tên đơn vị.")
        self.unit_id: int | None = None
        self.was_inactive = False
        self.text = f"Thêm đơn vị «{self.name}»"

    def redo(self, db: Database) -> Changes:
        existing = db.one("SELECT id, active FROM units WHERE name = ?", (self.name,))
        if existing is not None and existing["active"]:
            raise ValueError(f"Đơn vị «{self.name}» đã có trong danh sách.")
        self.was_inactive = existing is not None
        self.unit_id = profile.add_unit(db, self.name, self.short, self.kind)
        return Changes(structure=True)

    def undo(self, db: Database) -> Changes:
        assert self.unit_id is not None
        with db.transaction():
            if self.was_inactive or _tasks_of(db, self.unit_id):
                db.execute("UPDATE units SET active = 0 WHERE id = ?", (self.unit_id,))
            else:
                db.execute("DELETE FROM units WHERE id = ?", (self.unit_id,))
        return Changes(structure=True)


class UpdateUnit(Command):
    """Rename, change the short name or kind, or (de)activate a unit."""

    def __init__(self, db: Database, unit_id: int, changes: dict[str, Any]):
        row = db.one("SELECT * FROM units WHERE id = ?", (unit_id,))
        if row is None:
            raise LookupError("Đơn vị này không còn trong danh sách.")
        self.unit_id = unit_id
        self.new = {k: v for k, v in changes.items() if k in FIELDS}
        self.old = {k: row[k] for k in self.new}
        self.text = "Ngừng dùng đơn vị" if self.new.get("active") == 0 else f"Sửa đơn vị «{row['name']}»"

    def redo(self, db: Database) -> Changes:
        update(db, self.unit_id, self.new)
        return Changes(tasks=_tasks_of(db, self.unit_id), structure=True)

    def undo(self, db: Database) -> Changes:
        update(db, self.unit_id, self.old)
        return Changes(tasks=_tasks_of(db, self.unit_id), structure=True)
