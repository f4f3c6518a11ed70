"""Undoable operations (Qt-free): the :class:`Command` contract and a Qt-free :class:`UndoStack`.

Every change the GUI can make is a :class:`Command` whose ``redo``/``undo`` each
commit one transaction and return the :class:`Changes` they made, so views refresh
only what they show. The GUI pushes commands through ``AppContext.push`` (a
``QUndoStack``); tests and the command line use :class:`UndoStack` below. Both keep
the same promises: a command with ``undoable = False`` runs and clears the history
(earlier steps may no longer apply), and a redo/undo that fails changes nothing in the
file and leaves the stack where it was.

Commands live in one ``*_ops`` module per domain, laid out the same way (a class per
operation; ``__init__`` reads what undo needs, sets ``text``; ``redo``/``undo`` return
Changes): :mod:`store.plan_ops` (plans), :mod:`store.directive_ops` (the registry),
:mod:`store.unit_ops` (units), :mod:`tracking.progress_ops` (progress, Excel import),
:mod:`importer.import_ops` (document import).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .db import Database


@dataclass
class Changes:
    directives: set[int] = field(default_factory=set)
    plans: set[int] = field(default_factory=set)
    tasks: set[int] = field(default_factory=set)
    structure: bool = False  # the tree shape changed (add/delete/relink)

    def merge(self, other: Changes) -> Changes:
        self.directives |= other.directives
        self.plans |= other.plans
        self.tasks |= other.tasks
        self.structure = self.structure or other.structure
        return self


class Command:
    """One undoable operation. ``text`` names it in the Edit menu; ``undoable = False``
    marks a one-way step (issuing a plan): it runs, and the history before it is cleared."""

    text = ""
    undoable = True

    def redo(self, db: Database) -> Changes:  # pragma: no cover - interface
        raise NotImplementedError

    def undo(self, db: Database) -> Changes:  # pragma: no cover - interface
        raise NotImplementedError


class UndoStack:
    """A minimal undo stack with the same contract as ``QUndoStack`` (push runs redo)."""

    def __init__(self, db: Database):
        self.db = db
        self._done: list[Command] = []
        self._undone: list[Command] = []

    def push(self, command: Command) -> Changes:
        """Run *command*; a failure raises and leaves the stack as it was."""
        changes = command.redo(self.db)
        self._undone.clear()
        if command.undoable:
            self._done.append(command)
        else:
            self._done.clear()  # earlier steps may no longer apply after a one-way step
        return changes

    def undo(self) -> Changes | None:
        """Undo the last step; if that fails (the error propagates) the step stays done."""
        if not self._done:
            return None
        changes = self._done[-1].undo(self.db)
        self._undone.append(self._done.pop())
        return changes

    def redo(self) -> Changes | None:
        if not self._undone:
            return None
        changes = self._undone[-1].redo(self.db)
        self._done.append(self._undone.pop())
        return changes

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)
