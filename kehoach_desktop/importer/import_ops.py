"""Undoable import operations for the GUI's undo stack (Qt-free, like store.commands).

An import creates a plan (or a registry entry) plus the registry entries for the
references it cites; undo removes exactly what it created, and puts a registry entry the
import updated (a second form of a registered document) back as it was. An issued plan cannot
be deleted (the database forbids it), so the GUI saves issued imports without undo.
"""

from __future__ import annotations

from typing import Any

from ..core.citations import Citation
from ..core.numbers import number_key
from ..store import directives, plans
from ..store.commands import Changes, Command
from ..store.db import Database
from .model import ParsedDocument
from .persist import (
    NEW,
    ReferenceState,
    SaveOptions,
    _directive_data,
    reference_states,
    save_as_directive,
    save_as_plan,
)


def _directive_ids(db: Database) -> set[int]:
    return {int(r[0]) for r in db.all("SELECT id FROM directives")}


class RegisterReferences(Command):
    """Register every reference not yet in the registry (one click in the review)."""

    def __init__(self, refs: list[Citation]):
        self.refs = list(refs)
        self.ids: list[int] = []
        self.snaps: list[dict[str, Any]] = []
        self.text = "Đăng ký các văn bản được trích dẫn"

    def redo(self, db: Database) -> Changes:
        with db.transaction():
            if self.snaps:
                self.ids = [directives.restore(db, snap) for snap in self.snaps]
            else:
                directives.ensure_levels(db)
                first: dict[str, ReferenceState] = {}  # "20-KH/DU" and "20-KH/ĐU": one entry (issue 16)
                for state in reference_states(db, self.refs):
                    first.setdefault(number_key(state.citation.number), state)
                self.ids = [directives.add(db, _directive_data(s.citation)) for s in first.values() if s.state == NEW]
        return Changes(directives=set(self.ids), structure=True)

    def undo(self, db: Database) -> Changes:
        with db.transaction():
            self.snaps = [directives.delete(db, did) for did in reversed(self.ids)][::-1]
        return Changes(directives=set(self.ids), structure=True)


class ImportDocument(Command):
    """Save a reviewed document as a draft plan or a registry entry; undo removes it."""

    def __init__(
        self,
        doc: ParsedDocument,
        *,
        as_directive: bool = False,
        options: SaveOptions | None = None,
        replace_structure: bool = False,
    ):
        self.doc, self.as_directive, self.options = doc, as_directive, options or SaveOptions()
        self.replace_structure = replace_structure
        self.id: int | None = None
        self.new_directives: list[int] = []
        self._plan_snap: dict[str, Any] | None = None
        self._dir_snaps: list[dict[str, Any]] = []
        # A registry entry of the same number is updated, not duplicated: as it was, and as
        # the import left it, so undo and redo put it back either way.
        self._updated: tuple[dict[str, Any], dict[str, Any]] | None = None
        self._ran = False  # the first redo imports; later ones put back what undo took away
        name = doc.title or doc.source_name or "văn bản"
        self.text = f"Nhập «{name[:60]}»"

    def _changes(self) -> Changes:
        if self.as_directive:
            return Changes(directives={*self.new_directives, *([self.id] if self.id else [])}, structure=True)
        return Changes(plans={self.id} if self.id else set(), directives=set(self.new_directives), structure=True)

    def redo(self, db: Database) -> Changes:
        with db.transaction():
            if not self._ran:
                before = _directive_ids(db)
                if self.as_directive:
                    same = directives.find_by_number(db, self.doc.number) if self.doc.number else []
                    was = directives.snapshot(db, int(same[0]["id"])) if same else None
                    self.id = save_as_directive(db, self.doc, replace_structure=self.replace_structure)
                    if was is not None and was["row"]["id"] == self.id:
                        self._updated = (was, directives.snapshot(db, self.id))
                else:
                    self.id = save_as_plan(db, self.doc, self.options)
                self.new_directives = sorted(_directive_ids(db) - before)
                self._ran = True
            else:
                for snap in self._dir_snaps:
                    directives.restore(db, snap)
                if self._plan_snap is not None:
                    self.id = plans.restore_plan(db, self._plan_snap)
                if self._updated is not None:
                    directives.put_back(db, self._updated[1])
        return self._changes()

    def undo(self, db: Database) -> Changes:
        with db.transaction():
            self._plan_snap = None
            if not self.as_directive and self.id is not None:
                self._plan_snap = plans.delete_plan(db, self.id)
            if self._updated is not None:  # before the new references go: it may implement them
                directives.put_back(db, self._updated[0])
            self._dir_snaps = [directives.delete(db, did) for did in self.new_directives]
        return self._changes()
