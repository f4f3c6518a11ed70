"""Undoable edits of the office's unit list: add a unit, rename or (de)activate one.

Units are never deleted while tasks refer to them: a unit no longer in use is made
inactive (hidden from the pickers, kept in old plans and reports).
"""

from __future__ import annotations

from typing import Any

from ..core.text import clean
from . import profile, units
from .commands import Changes, Command
from .db import Database


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
            if self.was_inactive or units.tasks_of(db, self.unit_id):
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
        self.new = {k: v for k, v in changes.items() if k in units.FIELDS}
        self.old = {k: row[k] for k in self.new}
        self.text = "Ngừng dùng đơn vị" if self.new.get("active") == 0 else f"Sửa đơn vị «{row['name']}»"

    def redo(self, db: Database) -> Changes:
        units.update(db, self.unit_id, self.new)
        return Changes(tasks=units.tasks_of(db, self.unit_id), structure=True)

    def undo(self, db: Database) -> Changes:
        units.update(db, self.unit_id, self.old)
        return Changes(tasks=units.tasks_of(db, self.unit_id), structure=True)
