"""The start-up reminder counts, made on a worker through a read-only connection of its own.

Apart from the tab (issue 19): at start-up the counts are made without building the
tracking panel, which is built only when something is due and the reminders window opens.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool

from ..background import read_in_background


def _count(db, days: int):
    from ...tracking import reminders as reminders_core

    return reminders_core.counts(db, days, None)


def count_in_background(
    pool: QThreadPool, path: Path, days: int, parent: QObject, on_ready: Callable[[object], None]
) -> QObject:
    """Count what is due within *days* on *pool*; ``on_ready(counts or None)`` runs on the GUI
    thread (not at all once *parent* is gone). A failed count is None: reminders stay
    available on demand."""
    return read_in_background(
        pool,
        path,
        lambda db: _count(db, days),
        parent,
        lambda result: on_ready(None if isinstance(result, Exception) else result),
    )
