"""Undoable registry edits: add, change and delete directives, rename levels, the table of
bodies and the relations between documents (issue 17)."""

from __future__ import annotations

from typing import Any

from . import directives
from .commands import Changes, Command
from .db import Database


class AddDirective(Command):
    def __init__(self, data: dict[str, Any]):
        self.data = dict(data)
        self.id: int | None = None
        self.text = f"Thêm văn bản {data.get('number') or data.get('doc_type', '')}".strip()

    def redo(self, db: Database) -> Changes:
        # Redo after undo re-creates the row with the same id so later commands still apply.
        self.id = directives.add(db, self.data, directive_id=self.id)
        return Changes(directives={self.id}, structure=True)

    def undo(self, db: Database) -> Changes:
        assert self.id is not None
        directives.delete(db, self.id)
        return Changes(directives={self.id}, structure=True)


class UpdateDirective(Command):
    def __init__(self, db: Database, directive_id: int, changes: dict[str, Any]):
        self.id = directive_id
        self.new = dict(changes)
        row = directives.get_row(db, directive_id)
        if row is None:
            raise directives.RegistryError("Văn bản này không còn trong sổ.")
        self.old = {k: row[k] for k in changes if k in row.keys()}  # noqa: SIM118 (sqlite3.Row: `in` tests values)
        if "level" in changes:
            self.old["level_id"] = row["level_id"]
        if "parent_ids" in changes:
            self.old["parent_ids"] = [
                r[0] for r in db.all("SELECT parent_id FROM directive_links WHERE directive_id = ?", (directive_id,))
            ]
        if "attachment_path" in changes:
            self.old["attachment_id"] = row["attachment_id"]
        self.text = f"Sửa văn bản {row['number'] or row['doc_type']}"

    def redo(self, db: Database) -> Changes:
        directives.update(db, self.id, self.new)
        return Changes(directives={self.id}, structure=True)

    def undo(self, db: Database) -> Changes:
        directives.update(db, self.id, self.old)
        return Changes(directives={self.id}, structure=True)


class DeleteDirective(Command):
    def __init__(self, directive_id: int, label: str = ""):
        self.id = directive_id
        self.snap: dict[str, Any] | None = None
        self.text = f"Xóa văn bản {label}".strip()

    def redo(self, db: Database) -> Changes:
        self.snap = directives.delete(db, self.id)
        return Changes(directives={self.id}, structure=True)

    def undo(self, db: Database) -> Changes:
        assert self.snap is not None
        directives.restore(db, self.snap)
        return Changes(directives={self.id}, structure=True)


class RenameLevel(Command):
    """Levels (Trung ương / Tỉnh / Xã, the old Huyện, Nội bộ) are data the office edits."""

    def __init__(self, db: Database, level_id: int, name: str):
        self.id = level_id
        self.new = name
        self.old = db.scalar("SELECT name FROM levels WHERE id = ?", (level_id,))
        if self.old is None:
            raise directives.RegistryError("Cấp này không còn.")
        self.text = f"Đổi tên cấp «{self.old}»"

    def _set(self, db: Database, name: str) -> Changes:
        if not name.strip():
            raise directives.RegistryError("Tên cấp không được để trống.")
        clash = db.scalar("SELECT id FROM levels WHERE name = ? AND id <> ?", (name.strip(), self.id))
        if clash is not None:
            raise directives.RegistryError(f"Đã có cấp «{name.strip()}».")
        directives.rename_level(db, self.id, name)
        return Changes(structure=True)

    def redo(self, db: Database) -> Changes:
        return self._set(db, self.new)

    def undo(self, db: Database) -> Changes:
        return self._set(db, self.old)


# -- issue 17: the table of bodies and the relations between documents ---------------------------
class AddBody(Command):
    def __init__(self, data: dict[str, Any]):
        self.data = dict(data)
        self.id: int | None = None
        self.snap: dict[str, Any] | None = None
        self.text = f"Thêm cơ quan {data.get('name', '')}".strip()

    def redo(self, db: Database) -> Changes:
        from . import bodies

        if self.snap is not None:
            bodies.restore(db, self.snap)
        else:
            self.id = bodies.add(db, self.data)
        return Changes()

    def undo(self, db: Database) -> Changes:
        from . import bodies

        assert self.id is not None
        self.snap = bodies.delete(db, self.id)
        return Changes()


class UpdateBody(Command):
    def __init__(self, body_id: int, changes: dict[str, Any]):
        self.id = body_id
        self.new = dict(changes)
        self.old: dict[str, Any] = {}
        self.text = "Sửa cơ quan"

    def redo(self, db: Database) -> Changes:
        from . import bodies

        self.old = bodies.update(db, self.id, self.new)
        return Changes()

    def undo(self, db: Database) -> Changes:
        from . import bodies

        bodies.restore_columns(db, self.id, self.old)
        return Changes()


class DeleteBody(Command):
    def __init__(self, body_id: int):
        self.id = body_id
        self.snap: dict[str, Any] | None = None
        self.text = "Xóa cơ quan"

    def redo(self, db: Database) -> Changes:
        from . import bodies

        self.snap = bodies.delete(db, self.id)
        return Changes()

    def undo(self, db: Database) -> Changes:
        from . import bodies

        assert self.snap is not None
        bodies.restore(db, self.snap)
        return Changes()


class AddRelation(Command):
    """ "This document replaces / amends / repeals that one", or "that one has expired"."""

    def __init__(self, directive_id: int | None, kind: str, target_number: str = "", target_id: int | None = None):
        from ..core.relations import KINDS

        self.args = (directive_id, kind, target_number, target_id)
        self.id: int | None = None
        self.row: dict[str, Any] | None = None
        self.text = f"Ghi quan hệ «{KINDS.get(kind, kind)}»"

    def redo(self, db: Database) -> Changes:
        from . import relations

        directive_id, kind, number, target_id = self.args
        if self.row is not None:
            relations.restore(db, self.row)
        else:
            self.id = relations.add(db, directive_id, kind, target_id=target_id, target_number=number)
        touched = {x for x in (directive_id, target_id) if x}
        return Changes(directives=touched)

    def undo(self, db: Database) -> Changes:
        from . import relations

        assert self.id is not None
        self.row = relations.delete(db, self.id)
        return Changes(directives={x for x in (self.args[0], self.args[3]) if x})


class DeleteRelation(Command):
    def __init__(self, rel_id: int):
        self.id = rel_id
        self.row: dict[str, Any] | None = None
        self.text = "Xóa quan hệ văn bản"

    def redo(self, db: Database) -> Changes:
        from . import relations

        self.row = relations.delete(db, self.id)
        return Changes(
            directives={x for x in ((self.row or {}).get("directive_id"), (self.row or {}).get("target_id")) if x}
        )

    def undo(self, db: Database) -> Changes:
        from . import relations

        assert self.row is not None
        relations.restore(db, self.row)
        return Changes(directives={x for x in (self.row.get("directive_id"), self.row.get("target_id")) if x})
