"""The start-up check off the critical path (issue 19), with its guarantee kept.

Opening a file of the current schema for the window: the window starts on a read-only
connection at once, while a thread checks the file (``quick_check`` on a read-only
connection of its own) and then makes the start-up backup. Nothing can write before the
check has passed: the read-only connection cannot, and the first write
(:meth:`Database.transaction`) waits for the check, then swaps in a writable connection
(:meth:`Database.promote`). A damaged file stays read-only and is never written: not by a
write, not by the checkpoint of a closing writable connection (none was opened), not by
the start-up backup (which is not made).

The window may start the check once it is on screen (``StartupResult.start_background``):
reading the whole file beside the window's own start-up slowed it (issue 19). Whatever
waits on the gate first (a write, a worker's connection) starts it at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from ..store.db import Database, DatabaseError, open_database


class CheckGate:
    """The state of the start-up check of one file; writes wait on it."""

    def __init__(self, path: Path):
        self.path = path
        self.error: DatabaseError | None = None
        self._done = threading.Event()
        self._lock = threading.Lock()
        self.starter: Callable[[], None] | None = None  # starts the check when it has not started yet

    @property
    def done(self) -> bool:
        return self._done.is_set()

    @property
    def passed(self) -> bool:
        return self._done.is_set() and self.error is None

    def finish(self, error: DatabaseError | None = None) -> None:
        self.error = error
        self._done.set()

    def wait(self, timeout: float | None = None) -> bool:
        self._ensure_started()
        return self._done.wait(timeout)

    def _ensure_started(self) -> None:
        """Waiting on a check that has not started would wait for ever: start it."""
        starter = self.starter
        if starter is not None and not self._done.is_set():
            starter()

    def open_for_writing(self, db: Database) -> bool:
        """On the thread that owns *db*: once the check has passed, the writable connection
        replaces the read-only one. False while the check runs or when it failed."""
        if not self.passed:
            return False
        with self._lock:
            if db.write_gate is self:
                db.promote()
                db.write_gate = None
        return True

    def before_write(self, db: Database) -> None:
        """Called by the first write: wait for the check, then write through a writable connection."""
        self._ensure_started()
        self._done.wait()
        if self.error is not None:
            raise self.error
        self.open_for_writing(db)


def run_check(gate: CheckGate, then: Callable[[], None] | None = None) -> None:
    """Thread body: ``quick_check`` through a read-only connection of its own, then *then*
    (the start-up backup) only when the file is sound."""
    try:
        open_database(gate.path, read_only=True, check=True).close()
    except DatabaseError as exc:
        gate.finish(exc)
        return
    except Exception as exc:  # noqa: BLE001 - an unexpected failure must not open the gate
        gate.finish(DatabaseError(f"Chưa kiểm tra được tệp dữ liệu «{gate.path.name}»: {exc}"))
        return
    gate.finish(None)
    if then is not None:
        then()


def open_checked_later(db: Database) -> tuple[Database, CheckGate]:
    """*db* (opened read-only, unchecked) becomes the window's database; writes wait on the gate."""
    db.read_only = False  # writable once the check has passed (the gate holds writes until then)
    assert db.path is not None
    gate = CheckGate(db.path)
    db.write_gate = gate
    return db, gate
