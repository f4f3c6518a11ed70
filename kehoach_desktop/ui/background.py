"""A read on a worker thread through a read-only connection of its own, its result handed back
on the GUI thread: the tracking counts and the start-up reminder counts (issue 19) — never the
GUI's connection, never a frozen window on a big file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Bridge(QObject):
    """Brings the result back to the GUI thread; gone once delivered."""

    ready = Signal(object)  # the result, or the exception the read raised

    def __init__(self, on_ready: Callable[[Any], None], parent: QObject):
        super().__init__(parent)
        self.on_ready = on_ready
        # A bound method of this GUI-thread object: a lambda here would run on the worker thread.
        self.ready.connect(self._deliver)

    def _deliver(self, result: Any) -> None:
        self.deleteLater()
        self.on_ready(result)


class _ReadJob(QRunnable):
    def __init__(self, path: Path, read: Callable[[Any], Any], bridge: _Bridge):
        super().__init__()
        self.path, self.read, self.bridge = path, read, bridge

    def run(self) -> None:
        from ..store import open_database

        try:
            db = open_database(self.path, read_only=True, check=False)
            try:
                result: Any = self.read(db)
            finally:
                db.close()
        except Exception as exc:  # noqa: BLE001 - handed to on_ready, which says so on screen
            result = exc
        try:
            self.bridge.ready.emit(result)
        except RuntimeError:  # the window closed meanwhile
            pass


def read_in_background(
    pool: QThreadPool, path: Path | str, read: Callable[[Any], Any], parent: QObject, on_ready: Callable[[Any], None]
) -> QObject:
    """``read(db)`` on *pool* with a read-only connection to *path*; ``on_ready(result or the
    exception)`` runs on the GUI thread — not at all once *parent* is gone."""
    bridge = _Bridge(on_ready, parent)
    pool.start(_ReadJob(Path(path), read, bridge))
    return bridge
