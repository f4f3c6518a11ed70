"""Files that are not ours (issue 13): another program's SQLite file, in either journal
mode, or an empty file given as --db is refused and left byte-identical, with no -wal or
-shm left beside it — by the command line, by the GUI's start-up and by restore."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kehoach_desktop.safety import backup
from kehoach_desktop.safety.startup import open_for_gui
from kehoach_desktop.store import open_database
from kehoach_desktop.store.db import NotOurDatabase

ROOT = Path(__file__).resolve().parent.parent


def _foreign(path: Path, journal: str, user_version: int = 0) -> Path:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute(f"PRAGMA user_version = {user_version}")  # many programs number their schema too
    conn.execute("CREATE TABLE contacts(name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Nguyễn Văn A', '0912')")
    conn.commit()
    conn.close()  # the last connection checkpoints: no -wal beside it afterwards
    return path


def _empty(path: Path, journal: str = "") -> Path:
    path.write_bytes(b"")
    return path


MAKERS = {
    "sqlite_delete_mode": lambda p: _foreign(p, "DELETE"),
    "sqlite_wal_mode": lambda p: _foreign(p, "WAL"),
    "sqlite_with_user_version": lambda p: _foreign(p, "DELETE", user_version=3),
    "empty_file": _empty,
}


def _state(path: Path) -> tuple:
    # <name>.lock is our (empty) lock file, left in place by design (contenders share its inode)
    sides = sorted(
        p.name
        for p in path.parent.iterdir()
        if p.name.startswith(path.name) and p != path and not p.name.endswith(".lock")
    )
    return hashlib.sha256(path.read_bytes()).hexdigest(), sides


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), KEHOACH_NO_BACKUP="1", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "kehoach_desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_foreign_file_refused_and_unchanged(tmp_path, kind):
    path = MAKERS[kind](tmp_path / "other.db")
    before = _state(path)
    with pytest.raises(NotOurDatabase) as exc:
        open_database(path)
    assert "không phải cơ sở dữ liệu của KeHoach" in str(exc.value)
    assert _state(path) == before
    result = open_for_gui(path, make_backup=False)
    try:
        assert result.db is None and result.problem.kind == "not_ours"
    finally:
        result.close(make_backup=False)
    for args in (["directives", "list"], ["directives", "add", "Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị"]):
        run = _cli("--db", str(path), *args)
        assert run.returncode != 0 and "Traceback" not in run.stderr
        assert "không phải cơ sở dữ liệu của KeHoach" in run.stderr
    assert _state(path) == before
    if kind != "empty_file":
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("contacts",)]
            assert conn.execute("PRAGMA user_version").fetchone()[0] in (0, 3)
        finally:
            conn.close()


@pytest.mark.parametrize("kind", ["sqlite_delete_mode", "sqlite_with_user_version", "empty_file"])
def test_restore_refuses_a_foreign_file_and_keeps_the_live_one(tmp_path, kind):
    live = tmp_path / "k.sqlite3"
    db = open_database(live)
    db.set_meta("org", "Đảng ủy xã")
    db.close()
    live_before = hashlib.sha256(live.read_bytes()).hexdigest()
    other = MAKERS[kind](tmp_path / "other.sqlite3")
    with pytest.raises(backup.BackupError) as exc:
        backup.restore_backup(other, live)
    assert "không phải tệp dữ liệu KeHoach" in str(exc.value)
    assert hashlib.sha256(live.read_bytes()).hexdigest() == live_before
    run = _cli("--db", str(live), "backup", "restore", str(other), "--yes")
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert hashlib.sha256(live.read_bytes()).hexdigest() == live_before


def test_a_new_file_is_never_left_empty(tmp_path, monkeypatch):
    """Our own new files are created whole (temp + link): a failure while creating leaves
    no 0-byte file that the next start would have to refuse as somebody else's."""
    from kehoach_desktop.store import db as dbmod

    path = tmp_path / "moi.sqlite3"

    def boom(db):
        raise sqlite3.OperationalError("simulated crash during the first migration")

    monkeypatch.setattr(dbmod, "migrate", boom)
    with pytest.raises(sqlite3.OperationalError):
        open_database(path)
    monkeypatch.undo()
    assert path.stat().st_size > 0
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".new")]
    db = open_database(path)  # accepted as ours at schema step 0, then migrated
    try:
        assert db.scalar("SELECT COUNT(*) FROM plans") == 0
    finally:
        db.close()
