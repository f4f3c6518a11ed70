"""The start-up check off the critical path (issue 19): the window's database is usable at
once, no write reaches the file before ``quick_check`` has passed, the start-up backup
follows the check, and a damaged file is never written or backed up."""

from __future__ import annotations

import hashlib
import random
import threading
from pathlib import Path

import pytest

from kehoach_desktop.safety import backup, deferred
from kehoach_desktop.safety.startup import open_for_gui
from kehoach_desktop.store import directives, open_database
from kehoach_desktop.store.db import DamagedDatabase


def _digest(path: Path) -> str:
    parts = [path, Path(str(path) + "-wal")]
    return hashlib.sha256(b"".join(p.read_bytes() for p in parts if p.exists())).hexdigest()


def _good(path: Path) -> Path:
    db = open_database(path)
    for n in range(3):
        directives.add(db, {"doc_type": "Nghị quyết", "number": f"0{n + 1}-NQ/TU", "summary": "x" * 3000})
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def slow_check(monkeypatch):
    """The check waits for ``release`` (a big file on a slow disk), then runs for real."""
    release = threading.Event()
    started = threading.Event()
    real = deferred.open_database

    def checked_open(path, *, read_only=False, check=True):
        if read_only and check:
            started.set()
            assert release.wait(30)
        return real(path, read_only=read_only, check=check)

    monkeypatch.setattr(deferred, "open_database", checked_open)
    return started, release


def test_window_reads_at_once_and_writes_wait_for_the_check(tmp_path, slow_check, monkeypatch):
    monkeypatch.delenv("KEHOACH_NO_BACKUP", raising=False)  # the start-up backup follows the check
    started, release = slow_check
    path = _good(tmp_path / "data.sqlite3")
    before = _digest(path)
    result = open_for_gui(path, background=True, defer_check=True)
    try:
        assert result.problem is None and result.check_gate is not None
        assert started.wait(10)
        db = result.db
        assert db.scalar("SELECT COUNT(*) FROM directives") == 3  # readable before the check ends
        assert not result.check_gate.done and not db.read_only  # the window will be able to write
        written = threading.Event()

        def write() -> None:
            directives.add(db, {"doc_type": "Chỉ thị", "number": "05-CT/TU"})
            written.set()

        writer = threading.Thread(target=write)
        writer.start()
        assert not written.wait(0.3)  # held by the gate
        assert _digest(path) == before  # nothing reached the file
        assert not backup.backup_dir(path).exists() or not list(backup.backup_dir(path).iterdir())
        release.set()
        writer.join(20)
        assert written.is_set() and result.check_gate.passed and db.write_gate is None
        assert db.scalar("SELECT COUNT(*) FROM directives") == 4
        result.wait_for_backup(20)
        assert result.backup_made is not None  # made after the check passed
    finally:
        release.set()
        result.close(make_backup=False)
    again = open_database(path, read_only=True)
    assert again.scalar("SELECT COUNT(*) FROM directives WHERE number = '05-CT/TU'") == 1
    again.close()


def test_the_gui_thread_swaps_in_the_writable_connection_once_checked(tmp_path):
    path = _good(tmp_path / "data.sqlite3")
    result = open_for_gui(path, make_backup=False, background=True, defer_check=True)
    try:
        gate = result.check_gate
        assert gate.wait(20) and gate.passed
        assert gate.open_for_writing(result.db) and result.db.write_gate is None
        directives.add(result.db, {"doc_type": "Chỉ thị", "number": "06-CT/TU"})
        assert result.db.scalar("SELECT COUNT(*) FROM directives") == 4
    finally:
        result.close(make_backup=False)


def test_a_damaged_file_is_never_written_nor_backed_up(tmp_path, monkeypatch):
    monkeypatch.delenv("KEHOACH_NO_BACKUP", raising=False)
    path = _good(tmp_path / "data.sqlite3")
    data = bytearray(path.read_bytes())
    rnd = random.Random(19)
    page = 4096 * 3  # a page of the documents' text, past the schema page
    data[page : page + 4096] = bytes(rnd.randrange(256) for _ in range(4096))
    path.write_bytes(bytes(data))
    before = _digest(path)
    result = open_for_gui(path, background=True, defer_check=True)
    try:
        gate = result.check_gate
        assert gate is not None and gate.wait(20)
        assert not gate.passed and isinstance(gate.error, DamagedDatabase)
        assert "hỏng" in str(gate.error)
        with pytest.raises(DamagedDatabase):
            directives.add(result.db, {"doc_type": "Chỉ thị", "number": "07-CT/TU"})
        assert not gate.open_for_writing(result.db) and result.db.write_gate is gate
        result.wait_for_backup(20)
        assert result.backup_made is None
    finally:
        result.close()
    assert _digest(path) == before
    assert not backup.backup_dir(path).exists() or not list(backup.backup_dir(path).iterdir())


def test_a_file_that_needs_a_migration_is_checked_first(tmp_path):
    """Old schema: the check and the migration happen before the window, as always."""
    import shutil

    path = tmp_path / "old.sqlite3"
    shutil.copy(Path(__file__).resolve().parent / "fixtures" / "schema_v1.sqlite3", path)
    result = open_for_gui(path, make_backup=False, background=True, defer_check=True)
    try:
        assert result.check_gate is None and result.db is not None
        assert result.db.write_gate is None
    finally:
        result.close(make_backup=False)


def test_a_worker_connection_waits_for_the_check_too(qtbot, tmp_path, slow_check):
    """Jobs open a connection of their own (ctx.worker_database): it waits for the check as well."""
    from kehoach_desktop.ui.context import AppContext

    started, release = slow_check
    path = _good(tmp_path / "data.sqlite3")
    result = open_for_gui(path, make_backup=False, background=True, defer_check=True)
    try:
        ctx = AppContext(result.db)
        assert started.wait(10)
        opened = []
        worker = threading.Thread(target=lambda: opened.append(ctx.worker_database()))
        worker.start()
        worker.join(0.3)
        assert not opened  # held until the check has passed
        release.set()
        worker.join(20)
        assert opened and not opened[0].read_only
        opened[0].close()
    finally:
        release.set()
        result.close(make_backup=False)


def test_the_check_can_wait_for_the_window_and_a_write_starts_it(tmp_path, monkeypatch):
    """start_later (issue 19): the check waits until the window is on screen; a write that
    comes first starts it on the spot and then waits for it, on the same thread, never forever."""
    monkeypatch.delenv("KEHOACH_NO_BACKUP", raising=False)
    path = _good(tmp_path / "data.sqlite3")
    result = open_for_gui(path, background=True, defer_check=True, start_later=True)
    try:
        gate = result.check_gate
        assert gate is not None and not gate.done
        assert not result.backup_thread.is_alive()  # not started: nothing has asked for it yet
        directives.add(result.db, {"doc_type": "Chỉ thị", "number": "08-CT/TU"})  # starts, waits, writes
        assert gate.passed and result.db.write_gate is None
        assert result.db.scalar("SELECT COUNT(*) FROM directives") == 4
        result.wait_for_backup(20)
        assert result.backup_made is not None  # the start-up backup followed the check
    finally:
        result.close(make_backup=False)


def test_a_window_closed_before_its_check_started_runs_none_and_backs_up_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("KEHOACH_NO_BACKUP", raising=False)
    path = _good(tmp_path / "data.sqlite3")
    before = _digest(path)
    result = open_for_gui(path, background=True, defer_check=True, start_later=True)
    assert result.db.scalar("SELECT COUNT(*) FROM directives") == 3
    assert result.close() is None and not result.check_gate.done
    assert not result.backup_thread.is_alive()
    assert _digest(path) == before
    assert not backup.backup_dir(path).exists() or not list(backup.backup_dir(path).iterdir())
    again = open_for_gui(path, make_backup=False, background=True, defer_check=True)  # the lock was released
    try:
        assert again.lock is not None and not again.read_only
    finally:
        again.close(make_backup=False)


def test_the_window_starts_the_check_once_it_is_on_screen(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    from kehoach_desktop.app import Session

    path = _good(tmp_path / "data.sqlite3")
    session = Session(QApplication.instance(), smoke=True)
    assert session.open(path)
    qtbot.addWidget(session.window)
    gate = session.ctx.startup.check_gate
    assert gate is not None
    qtbot.waitUntil(lambda: gate.done, timeout=20000)  # started by the window, not by a write
    assert gate.passed
    qtbot.waitUntil(lambda: session.ctx.db.write_gate is None, timeout=5000)  # the writable connection is in
    session.window.close()
