"""The start-up reminder counts, made on a worker through a read-only connection of its own.

Apart from the tab (issue 19): at start-up the counts are made without building the
tracking panel, which is built only when something is due and the reminders window opens.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class ReminderBridge(QObject):
    """Brings the counts back to the GUI thread and hands them to ``on_ready``."""

    ready = Signal(object)  # ReminderCounts, or None when they could not be counted

    def __init__(self, on_ready: Callable[[object], None], parent: QObject | None = None):
        super().__init__(parent)
        self.on_ready = on_ready
        # A bound method of this GUI-thread object: a lambda here would run on the worker thread.
        self.ready.connect(self._deliver)

    def _deliver(self, result) -> None:
        self.on_ready(result)


class ReminderJob(QRunnable):
    """Start-up reminder counts on a worker thread, through a separate read-only connection."""

    def __init__(self, path: Path, days: int, today, bridge: ReminderBridge):
        super().__init__()
        self.path, self.days, self.today, self.bridge = path, days, today, bridge

    def run(self) -> None:
        from ...store import open_database
        from ...tracking import reminders as reminders_core

        result = None
        try:
            db = open_database(self.path, read_only=True, check=False)
            try:
                result = reminders_core.counts(db, self.days, self.today)
            finally:
                db.close()
        except Exception:  # noqa: BLE001 - reminders stay available on demand
            result = None
        try:
            self.bridge.ready.emit(result)
        except RuntimeError:  # the window closed meanwhile
            pass


def count_in_background(
    pool: QThreadPool, path: Path, days: int, parent: QObject, on_ready: Callable[[object], None]
) -> ReminderBridge:
    """Count what is due within *days* on *pool*; ``on_ready(counts or None)`` runs on the GUI
    thread (not at all once *parent* is gone)."""
    bridge = ReminderBridge(on_ready, parent)
    pool.start(ReminderJob(Path(path), days, None, bridge))
    return bridge
