"""The application context passed to every widget (no ambient singletons).

``ctx.push(command)`` runs a store command and puts it on the ``QUndoStack``
(honouring its ``undoable`` flag); ``ctx.changed`` tells views what changed; ``ctx.run_job`` runs a
Qt-free function on a worker thread with a progress dialog and a cancel button.
"""

from __future__ import annotations

import sqlite3
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..core import oserrors
from ..store import profile as profile_store
from ..store.commands import Changes, Command
from ..store.db import Database, open_database
from . import messages
from .gc_pause import GcPause

if TYPE_CHECKING:
    from ..safety.startup import StartupResult
    from .main_window import MainWindow

# Errors a command may raise that are the user's to fix, not bugs.
USER_ERRORS: tuple[type[BaseException], ...] = (ValueError, LookupError, sqlite3.IntegrityError)


class _UndoAdapter(QUndoCommand):
    """Wraps a store Command. Its first redo already ran in ``AppContext.push``.

    A redo or undo that fails changes nothing in the file (its transaction rolls back),
    but ``QUndoStack`` has already moved its index by then; the adapter moves it back on
    the next turn of the event loop, without touching the file again, so the stack and
    the file agree.
    """

    def __init__(self, ctx: AppContext, command: Command):
        super().__init__(command.text or "Thay đổi")
        self.ctx = ctx
        self.command = command
        self._skip_redo = True  # push() ran the first redo
        self._skip_undo = False

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        if self.ctx._apply(self.command.redo, failing_step=True) is None:
            self._skip_undo = True  # still undone in the file: step the stack back only
            QTimer.singleShot(0, self.ctx.undo_stack.undo)

    def undo(self) -> None:
        if self._skip_undo:
            self._skip_undo = False
            return
        if self.ctx._apply(self.command.undo, failing_step=True) is None:
            self._skip_redo = True  # still done in the file: step the stack forward only
            QTimer.singleShot(0, self.ctx.undo_stack.redo)


class AppContext(QObject):
    changed = Signal(object)  # store.commands.Changes
    profile_changed = Signal()

    def __init__(self, db: Database, *, read_only_reason: str = "", parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.read_only_reason = read_only_reason
        self.undo_stack = QUndoStack(self)
        self.profile = profile_store.load(db)
        self.window: MainWindow | None = None  # set by the main window; None for a widget on its own
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.dirty = False  # something changed since open (backup on close)
        self.stepping = False  # an undo or redo from the stack is being told (views show where it changed)
        self.startup: StartupResult | None = None  # how the file was opened (set by the app)

    @property
    def read_only(self) -> bool:
        return bool(self.read_only_reason) or self.db.read_only

    def refuse_writing(self, parent, what: str) -> bool:
        """In a read-only session, say so before a form is opened (what is typed into it could
        never be saved) and return True; *what* is the job, e.g. «thêm văn bản»."""
        if not self.read_only:
            return False
        messages.error(
            parent or self.window,
            f"Tệp dữ liệu đang mở chỉ để xem nên không {what} được. "
            + (self.read_only_reason or "Tệp dữ liệu không ghi được."),
        )
        return True

    def save_profile(self, prof) -> None:
        profile_store.save(self.db, prof)
        self.profile = prof
        self.dirty = True
        self.profile_changed.emit()

    # -- commands ------------------------------------------------------------------
    def push(self, command: Command) -> Changes | None:
        """Run *command* now and put it on the undo stack; returns its changes or None on a
        user error. A command with ``undoable = False`` (issuing) runs and clears the stack:
        the steps before it may no longer apply."""
        if self.read_only:
            messages.error(
                self.window, "Tệp dữ liệu đang mở ở chế độ chỉ đọc: " + (self.read_only_reason or "không thể ghi.")
            )
            return None
        changes = self._apply(command.redo)
        if changes is None:
            return None
        if command.undoable:
            self.undo_stack.push(_UndoAdapter(self, command))
        else:
            self.undo_stack.clear()
        return changes

    def _apply(self, fn: Callable[[Database], Changes], *, failing_step: bool = False) -> Changes | None:
        """Run a command's redo or undo; a user error is shown and None returned. For undo
        and redo from the stack (*failing_step*) a database or disk error is shown too, so
        the stack can step back instead of the error escaping into Qt."""
        # A full disk, a busy or read-only file: told in Vietnamese, never a traceback (issue 13).
        caught = (*USER_ERRORS, sqlite3.Error, OSError) if failing_step else (*USER_ERRORS, sqlite3.OperationalError)
        try:
            changes = fn(self.db)
        except caught as exc:
            message = str(exc) if isinstance(exc, USER_ERRORS) else oserrors.user_message(exc)
            messages.error(self.window, message)
            return None
        self.dirty = True
        self.stepping = failing_step  # failing_step: an undo or redo from the stack
        try:
            self.changed.emit(changes)
        finally:
            self.stepping = False
        return changes

    def notify(self, changes: Changes) -> None:
        """Tell the views about a change made outside a Command (e.g. an import)."""
        self.dirty = True
        self.changed.emit(changes)

    # -- background jobs -----------------------------------------------------------
    def run_job(
        self,
        parent: QWidget | None,
        title: str,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        modal: bool = True,
        with_db: bool = False,
    ) -> Job:
        """Run ``fn(progress, cancelled, *args)`` off the GUI thread.

        ``progress(fraction, message)`` updates the dialog (a negative fraction: a busy bar,
        for work whose share done cannot be told); ``cancelled()`` is true once
        the user pressed Hủy. The worker never touches widgets; results come back here.
        A job that reads or writes the database asks ``with_db=True`` and is called as
        ``fn(progress, cancelled, db, *args)`` with a connection of its own, opened and
        closed on the worker: one writer per connection, never the GUI's (SQLite's own
        locking and busy timeout keep the two apart; the views refresh from ``notify``).
        """
        job = Job(self, parent, title, fn, args, on_done, on_error, modal, with_db)
        job.start()
        return job

    def worker_database(self) -> Database:
        """A connection of its own to the open file, for a worker thread (close it there).
        An in-memory database exists in one connection only: a worker then shares it."""
        if self.db.path is None:
            return self.db
        gate = self.db.write_gate
        if gate is not None:  # the start-up check still runs (safety.deferred): no writer before it passes
            gate.wait()
            if gate.error is not None:
                raise gate.error
        return open_database(self.db.path, read_only=self.db.read_only, check=False)


class _Signals(QObject):
    progress = Signal(float, str)
    done = Signal(object)
    failed = Signal(object, str)


class _Runnable(QRunnable):
    def __init__(self, job: Job):
        super().__init__()
        self.job = job
        self.setAutoDelete(True)

    def run(self) -> None:
        job = self.job
        db: Database | None = None
        failure: tuple[BaseException, str] | None = None
        result: Any = None
        try:
            if job.with_db:
                db = job.db = job.ctx.worker_database()
                result = job.fn(job._progress, job.is_cancelled, db, *job.args)
            else:
                result = job.fn(job._progress, job.is_cancelled, *job.args)
        except BaseException as exc:  # noqa: BLE001 (every failure is handed to the GUI thread)
            failure = (exc, traceback.format_exc())
        if db is not None and db is not job.ctx.db:
            db.close()  # before the GUI hears the job ended
        if failure is not None:
            job.signals.failed.emit(*failure)
        else:
            job.signals.done.emit(result)


class Job(QObject):
    def __init__(self, ctx: AppContext, parent, title, fn, args, on_done, on_error, modal, with_db=False):
        super().__init__(ctx)
        self.ctx, self.fn, self.args, self.with_db = ctx, fn, args, with_db
        self.db: Database | None = None  # the worker's own connection (with_db), closed when done
        self.on_done, self.on_error = on_done, on_error
        self.cancelled = False
        self.finished = False
        self.result: Any = None
        self.signals = _Signals()
        self.dialog = QProgressDialog(title, "Hủy", 0, 1000, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setMinimumDuration(400)
        from PySide6.QtCore import Qt  # here, not at import: the first screen never names Qt (ui.qt_values)

        self.dialog.setWindowModality(Qt.WindowModal if modal else Qt.NonModal)
        self.dialog.canceled.connect(self._cancel)
        self.signals.progress.connect(self._on_progress, Qt.QueuedConnection)
        self.signals.done.connect(self._on_done, Qt.QueuedConnection)
        self.signals.failed.connect(self._on_failed, Qt.QueuedConnection)

    def start(self) -> None:
        GcPause.hold()  # no collection inside a worker (see gc_pause)
        self.ctx.pool.start(_Runnable(self))

    def is_cancelled(self) -> bool:
        return self.cancelled

    def _progress(self, fraction: float, message: str = "") -> None:
        self.signals.progress.emit(float(fraction), message)

    @Slot()
    def _cancel(self) -> None:
        # QProgressDialog emits canceled() when it is closed, also by _on_done/_on_failed: a
        # job that has finished was not cancelled, whatever its dialog says afterwards.
        if not self.finished:
            self.cancelled = True

    @Slot(float, str)
    def _on_progress(self, fraction: float, message: str) -> None:
        if self.finished:
            return
        if fraction < 0:  # how far it is cannot be told (one long OCR call): a moving bar, not «0%»
            self.dialog.setRange(0, 0)
            self.dialog.setValue(0)  # the value is what lets the dialog show after its minimum duration
        else:
            if self.dialog.maximum() == 0:
                self.dialog.setRange(0, 1000)
            self.dialog.setValue(int(min(1.0, fraction) * 1000))
        if message:
            self.dialog.setLabelText(message)

    @Slot(object)
    def _on_done(self, result: Any) -> None:
        GcPause.release()
        self.finished = True
        self.result = result
        self.dialog.reset()
        self.dialog.close()
        if self.on_done:
            self.on_done(result)

    @Slot(object, str)
    def _on_failed(self, exc: BaseException, trace: str) -> None:
        GcPause.release()
        self.finished = True
        self.dialog.reset()
        self.dialog.close()
        if self.on_error:
            self.on_error(exc)
        elif isinstance(exc, (USER_ERRORS, OSError, sqlite3.OperationalError)):
            messages.error(self.dialog.parentWidget(), oserrors.user_message(exc))
        else:
            messages.error(self.dialog.parentWidget(), f"Lỗi không mong đợi: {exc}\n\n{trace[-1500:]}")
