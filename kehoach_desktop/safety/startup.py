"""Opening and closing the database for the GUI, with every safety step in order.

``open_for_gui(path)``:
1. warn when the file sits on a network share;
2. take the one-writer lock, or fall back to read-only with the reason (who has it);
3. back up before a schema upgrade, then open (``open_database`` checks and migrates);
4. on a damaged/foreign/too-new file return ``db=None`` with the :class:`Problem` and
   keep the lock, so the recovery dialog can call :meth:`StartupResult.recover`;
5. make the start-up backup unless the newest one already holds the same data.

``result.close()`` is the close hook: a backup when something changed, then the
database is closed and the lock released. ``KEHOACH_NO_BACKUP=1`` turns automatic
backups off (the tests set it).
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..store import schema
from ..store.db import Database, DatabaseError, medium_writable, open_database
from .deferred import CheckGate, open_checked_later, run_check
from .lock import PROGRAM_CLI, LockHeld, LockInfo, WriterLock, network_warning
from .switches import automatic_backups_disabled

if TYPE_CHECKING:
    # imported where used: the backups run once the window is up, the recovery only for a
    # file that cannot be opened, and their dataclasses cost ~1 ms each to make (issue 19)
    from .backup import BackupInfo
    from .recovery import Problem


@dataclass
class StartupResult:
    path: Path
    db: Database | None
    read_only_reason: str | None = None
    warnings: list[str] = field(default_factory=list)
    backup_made: BackupInfo | None = None
    problem: Problem | None = None
    lock: WriterLock | None = None
    moved_aside: Path | None = None
    backup_thread: threading.Thread | None = None
    restore_from: Path | None = None  # set by "Khôi phục…": restored when the session reopens
    holder: LockInfo | None = None  # who has the file open, when we are read-only because of it
    check_gate: CheckGate | None = None  # the start-up check running beside the window (defer_check)
    _baseline: int = 0
    _started: bool = False  # backup_thread started (start_later: by start_background)
    _start_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    # -- recovery ------------------------------------------------------------------------
    def recover(self, how: str, chosen: Path | str | None = None) -> Database:
        """``how`` = "backup" (newest good or ``chosen``) or "fresh"; sets and returns ``db``."""
        from . import recovery

        if how == "backup":
            db, aside = recovery.open_backup_instead(self.path, chosen)
        elif how == "fresh":
            db, aside = recovery.start_fresh(self.path)
        else:
            raise ValueError(how)
        self.db, self.moved_aside, self.problem = db, aside, None
        self._baseline = db.conn.total_changes
        return db

    def mark_saved(self) -> None:
        """After a manual backup/restore: compare later changes against now."""
        if self.db is not None:
            self._baseline = self.db.conn.total_changes

    # -- the background work ---------------------------------------------------------------
    def start_background(self) -> None:
        """Start the start-up check (and the backup after it) if it has not started: called
        by the window once it is on screen, or by the first write waiting for the check."""
        with self._start_lock:
            if self.backup_thread is not None and not self._started:
                self._started = True
                self.backup_thread.start()

    # -- the close hook -------------------------------------------------------------------
    def wait_for_backup(self, timeout: float | None = None) -> None:
        """Wait for the start-up check and backup running in the background (see
        ``background=True``), starting them first if the window has not yet."""
        self.start_background()
        self._join_background(timeout)

    def _join_background(self, timeout: float | None = None) -> None:
        if self.backup_thread is not None and self._started:
            self.backup_thread.join(timeout)

    def close(self, *, make_backup: bool = True) -> BackupInfo | None:
        from . import backup

        made = None
        # A check never started (the window closed at once, nothing written: a write starts
        # it) is not run now; the unchecked file gets no closing backup either (below).
        self._join_background()
        if self.check_gate is not None and not self.check_gate.passed:
            make_backup = False  # a file that failed its check is never backed up over good copies
        db, self.db = self.db, None
        try:
            if db is not None and not db.read_only and make_backup and not automatic_backups_disabled():
                changed = db.conn.total_changes != self._baseline
                if changed and not backup.newest_matches(self.path, db.conn):
                    try:
                        made = backup.create_backup(self.path, "dong", source=db.conn)
                    except backup.BackupError as exc:
                        self.warnings.append(str(exc))
        finally:
            if db is not None:
                db.close()
            if self.lock is not None:
                self.lock.release()
                self.lock = None
        return made


CLI_WAIT_SECONDS = 15.0


def _acquire_for_gui(path: Path) -> WriterLock:
    """The window's writer lock. A command-line command holds the lock only for as long as
    it runs, so a window starting meanwhile waits for it (a few seconds) instead of
    opening read-only; another window holds it for hours and is not waited for."""
    try:
        return WriterLock(path).acquire()
    except LockHeld as exc:
        if exc.holder is None or exc.holder.program != PROGRAM_CLI:
            raise
    return WriterLock(path).acquire(timeout=CLI_WAIT_SECONDS)


def open_for_gui(
    path: Path | str,
    *,
    make_backup: bool = True,
    background: bool = False,
    defer_check: bool = False,
    start_later: bool = False,
) -> StartupResult:
    """``background=True`` makes the start-up backup on a thread with its own read-only
    connection, so a large file does not delay the window (the close hook waits for it).

    ``defer_check=True`` (the window, issue 19): a file already at the current schema opens
    at once on a read-only connection while the same thread first runs ``quick_check``,
    then the backup; writes wait for the check (safety.deferred). A file that needs a
    migration is checked before anything, as always.

    ``start_later=True``: that thread waits for :meth:`StartupResult.start_background` (the
    window calls it once it is on screen) or for the first write, which starts it."""
    path = Path(path)
    result = StartupResult(path=path, db=None)
    warning = network_warning(path)
    if warning:
        result.warnings.append(warning)

    exists = path.exists() and path.stat().st_size > 0
    if exists and not medium_writable(path):
        # A CD, a write-protected USB stick, a read-only share: the file is fine (issue 13).
        result.read_only_reason = (
            "Tệp dữ liệu nằm trên ổ đĩa hoặc thư mục chỉ cho đọc (đĩa CD, USB gạt khóa ghi, "
            "thư mục dùng chung chỉ đọc), nên chương trình mở ở chế độ CHỈ XEM: xem được mọi thứ "
            "nhưng không sửa được. Để sửa, hãy chép tệp vào thư mục có quyền ghi (ví dụ Tài liệu) "
            "rồi mở tệp đó (Tệp → Mở tệp dữ liệu…)."
        )
    else:
        try:
            result.lock = _acquire_for_gui(path)
            if result.lock.stale is not None:
                result.warnings.append(
                    f"Lần trước, {result.lock.stale.describe()} đã tắt đột ngột; dữ liệu đã lưu vẫn còn nguyên."
                )
        except LockHeld as exc:
            result.read_only_reason = str(exc)
            result.holder = exc.holder
        except OSError:
            pass  # a folder where no lock file can be written: go on as the only writer

    auto = make_backup and not automatic_backups_disabled()
    try:
        if result.read_only:
            if not exists:
                raise DatabaseError(f"Không tìm thấy tệp dữ liệu «{path}».")
            result.db = open_database(path, read_only=True)
            return result
        version = None
        if exists and defer_check:
            # Foreign and too-new files are refused here too (no quick_check yet: see below).
            peek = open_database(path, read_only=True, check=False)
            version = peek.schema_version
            if version == schema.SCHEMA_VERSION and str(peek.scalar("PRAGMA journal_mode")).lower() == "wal":
                result.db, gate = open_checked_later(peek)
                result.check_gate = gate
                auto_backup = auto

                def after_check() -> None:
                    if auto_backup:
                        _startup_backup(result, None)

                result.backup_thread = threading.Thread(
                    target=run_check, args=(gate, after_check), name="kehoach-startup-check", daemon=True
                )
                gate.starter = result.start_background
                if not start_later:
                    result.start_background()
                result._baseline = 0
                return result
            peek.close()
        if exists:
            # Every check (damaged, foreign, too new) on a read-only connection first:
            # a file we refuse is left exactly as it was, without a -wal/-shm (issue 13).
            checked = open_database(path, read_only=True)
            version = checked.schema_version
            checked.close()
        if auto and version is not None and 0 < version < schema.SCHEMA_VERSION:
            from . import backup

            try:
                result.backup_made = backup.create_backup(path, "truocnangcap")
            except backup.BackupError as exc:
                result.warnings.append(str(exc))
        result.db = open_database(path, check=not exists)
    except DatabaseError as exc:
        from . import recovery

        result.problem = recovery.describe(exc)
        return result

    if auto and result.backup_made is None and exists:
        if background:
            result.backup_thread = threading.Thread(
                target=_startup_backup, args=(result, None), name="kehoach-startup-backup", daemon=True
            )
            result.start_background()
        else:
            _startup_backup(result, result.db.conn)
    result._baseline = result.db.conn.total_changes
    return result


def _startup_backup(result: StartupResult, conn: sqlite3.Connection | None) -> None:
    """The start-up backup unless the newest one already holds the same data."""
    from . import backup

    try:
        own = conn is None
        src = sqlite3.connect(result.path.resolve().as_uri() + "?mode=ro", uri=True) if conn is None else conn
        try:
            if not backup.newest_matches(result.path, src):
                result.backup_made = backup.create_backup(result.path, "khoidong", source=None if own else src)
        finally:
            if own:
                src.close()
    except (backup.BackupError, sqlite3.Error, OSError) as exc:
        result.warnings.append(str(exc))
