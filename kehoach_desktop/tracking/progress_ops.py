"""Undoable tracking operations (Qt-free), for the GUI's undo stack.

Progress is append-only history; undo of a report just recorded removes that
one row (the report never happened), which keeps history honest.
"""

from __future__ import annotations

from ..store.commands import Changes, Command
from ..store.db import Database
from . import excel_import
from . import progress as progress_store
from .periods import Period
from .progress import Report


class RecordProgress(Command):
    def __init__(self, task_id: int, period: Period, report: Report, title: str = ""):
        self.task_id, self.period, self.report = task_id, period, report.normalised()
        self.row_id: int | None = None
        self.text = f"Ghi tiến độ {period.label}" + (f": {title[:40]}" if title else "")

    def redo(self, db: Database) -> Changes:
        self.row_id = progress_store.record(db, self.task_id, self.period, self.report)
        return Changes(tasks={self.task_id})

    def undo(self, db: Database) -> Changes:
        if self.row_id is not None:
            progress_store.delete_row(db, self.row_id)
        return Changes(tasks={self.task_id})


class ApplyImport(Command):
    """Apply a checked import preview in one transaction; undo removes what it wrote."""

    def __init__(self, preview: excel_import.ImportPreview):
        self.preview = preview
        self.ids: list[int] = []
        n = len(preview.changes)
        self.text = f"Nhập bảng tiến độ ({n} thay đổi)"

    def redo(self, db: Database) -> Changes:
        self.ids = excel_import.apply(db, self.preview)
        return Changes(tasks={c.task_id for c in self.preview.changes})

    def undo(self, db: Database) -> Changes:
        with db.transaction():
            for row_id in reversed(self.ids):
                progress_store.delete_row(db, row_id)
        self.ids = []
        return Changes(tasks={c.task_id for c in self.preview.changes})
