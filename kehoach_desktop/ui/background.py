"""Work off the GUI thread that is not a user's job (those are ``AppContext.run_job``): a read
through a read-only connection of its own with its result handed back on the GUI thread (the
tracking counts, the start-up reminder counts: issue 19), and warm-ups on a thread of their
own (the checks' tables, the export's fonts).

Either way cyclic garbage collection is paused until the work is over and resumed on the GUI
thread (``gc_pause``): a collection started by the worker's allocations could free Qt objects
of the GUI thread there, which crashes Qt (seen in an export, before jobs paused it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from .gc_pause import GcPause


class _Bridge(QObject):
    """Brings the result back to the GUI thread, resumes collection; gone once delivered.

    It belongs to the application, not to *owner*: a bridge deleted with a closed window
    would never resume collection."""

    ready = Signal(object)  # the result, or the exception the work raised

    def __init__(self, on_ready: Callable[[Any], None] | None, owner: QObject | None):
        super().__init__(QCoreApplication.instance())
        self.on_ready, self.owner = on_ready, owner
        # A bound method of this GUI-thread object: a lambda here would run on the worker thread.
        self.ready.connect(self._deliver)

    def _deliver(self, result: Any) -> None:
        GcPause.release()
        self.deleteLater()
        if self.on_ready is not None and (self.owner is None or shiboken6.isValid(self.owner)):
            self.on_ready(result)


def _paused_bridge(on_ready: Callable[[Any], None] | None, owner: QObject | None) -> _Bridge:
    GcPause.hold()
    return _Bridge(on_ready, owner)


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
        self.bridge.ready.emit(result)


def read_in_background(
    pool: QThreadPool, path: Path | str, read: Callable[[Any], Any], parent: QObject, on_ready: Callable[[Any], None]
) -> QObject:
    """``read(db)`` on *pool* with a read-only connection to *path*; ``on_ready(result or the
    exception)`` runs on the GUI thread — not at all once *parent* is gone."""
    bridge = _paused_bridge(on_ready, parent)
    pool.start(_ReadJob(Path(path), read, bridge))
    return bridge


def warm_up_thread(work: Callable[[], None], name: str) -> threading.Thread:
    """``work()`` on a daemon thread of its own (not the pool: a user's export must not wait
    behind a warm-up); a failure only means the first real use is slower."""
    bridge = _paused_bridge(None, None)

    def run() -> None:
        try:
            work()
        except Exception:  # noqa: BLE001 - a failed warm-up costs time, nothing else
            pass
        finally:
            bridge.ready.emit(None)

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread
