"""Two programs on one file (issue 13): a process holding a connection never opens and
closes the database file itself (POSIX locks are per process: one close drops them all
and the other program unlinks our WAL), and the command line honours the one-writer lock:
a write while a window has the file is refused naming who holds it, reads still work, a
write behind another command waits, and «database is locked» is never shown raw."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from kehoach_desktop.safety import lock as lockmod
from kehoach_desktop.safety.startup import open_for_gui
from kehoach_desktop.store import db as dbmod
from kehoach_desktop.store import open_database

ROOT = Path(__file__).resolve().parent.parent
ADD = "Hướng dẫn số 73-HD/BTGTU, ngày 16/11/2023 của Ban Tuyên giáo Tỉnh ủy về việc học tập"


def _env(**extra: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), KEHOACH_NO_BACKUP="1", PYTHONIOENCODING="utf-8")
    env.update(extra)
    return env


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kehoach_desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(**env),
        timeout=120,
    )


def _numbers(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT number FROM directives ORDER BY id")]
    finally:
        conn.close()


GUI_LIKE = textwrap.dedent("""
    import json, os, sys
    from pathlib import Path
    from kehoach_desktop.safety import backup
    from kehoach_desktop.safety.startup import open_for_gui
    from kehoach_desktop.store import open_database

    path = Path(sys.argv[1])
    session = open_for_gui(path, make_backup=False)
    session.db.set_meta("gui", 1)
    # what the window's worker jobs do (reminders at start-up): a connection of their own
    open_database(path, read_only=True, check=False).close()
    open_database(path, read_only=True).close()
    # what the restore list and «backup verify» do with a file
    backup.preview(path)
    print("ready", flush=True)
    sys.stdin.readline()  # meanwhile another program writes and closes its connection
    deleted = []
    if os.path.isdir("/proc/self/fd"):
        for fd in os.listdir("/proc/self/fd"):
            try:
                target = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                continue
            if "(deleted)" in target:
                deleted.append(target)
    session.db.set_meta("gui", 2)  # must reach the file others read
    print(json.dumps({"deleted": deleted}), flush=True)
    session.close(make_backup=False)
""")


def test_other_program_cannot_unlink_the_wal_of_a_live_session(tmp_path):
    path = tmp_path / "k.sqlite3"
    open_database(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", GUI_LIKE, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=_env(),
    )
    try:
        assert holder.stdout.readline().strip() == "ready", holder.stderr.read()
        # Another program (a plain SQLite connection) writes and closes: closing, it
        # checkpoints and deletes the WAL whenever no other process holds a lock on the file.
        other = sqlite3.connect(path)
        other.execute("INSERT INTO meta(key, value) VALUES ('other', '1')")
        other.commit()
        other.close()
        holder.stdin.write("go\n")
        holder.stdin.flush()
        line = holder.stdout.readline()
        assert line, holder.stderr.read()
        report = json.loads(line)
        assert holder.wait(60) == 0, holder.stderr.read()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        for stream in (holder.stdin, holder.stdout, holder.stderr):
            stream.close()
    assert report["deleted"] == []
    check = sqlite3.connect(path)
    try:
        assert check.execute("SELECT value FROM meta WHERE key = 'gui'").fetchone() == ("2",)
        assert check.execute("SELECT value FROM meta WHERE key = 'other'").fetchone() == ("1",)
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        check.close()


def test_an_open_file_is_never_read_as_bytes(tmp_path):
    """Importing or attaching the open database itself is refused before any open()."""
    from kehoach_desktop.importer.errors import ImportFailure
    from kehoach_desktop.importer.readers import read_source
    from kehoach_desktop.safety.hostile import HostileFileError, check_office_file
    from kehoach_desktop.store import directives

    path = tmp_path / "k.sqlite3"
    db = open_database(path)
    try:
        assert dbmod.is_open_database_file(path) and dbmod.is_open_database_file(str(path) + "-wal")
        for call, error in (
            (lambda: read_source(path), ImportFailure),
            (lambda: check_office_file(path, "docx"), HostileFileError),
            (lambda: directives.store_attachment(db, path), directives.RegistryError),
        ):
            try:
                call()
            except error as exc:
                assert "đang mở" in str(exc)
            else:
                raise AssertionError("the open database was read as a file")
    finally:
        db.close()
    assert not dbmod.is_open_database_file(path)


def test_cli_write_refused_while_a_window_holds_the_file_and_reads_work(tmp_path):
    path = tmp_path / "k.sqlite3"
    assert _cli("--db", str(path), "directives", "add", ADD).returncode == 0
    session = open_for_gui(path, make_backup=False)
    try:
        assert not session.read_only
        before = _numbers(path)
        run = _cli("--db", str(path), "directives", "add", ADD.replace("73-HD", "74-HD"))
        assert run.returncode == 3
        assert "Traceback" not in run.stderr and "database is locked" not in run.stderr
        assert "cửa sổ KeHoach" in run.stderr and socket.gethostname() in run.stderr
        assert "không ghi gì" in run.stderr
        assert _numbers(path) == before
        listed = _cli("--db", str(path), "directives", "list", "--json")
        assert listed.returncode == 0, listed.stderr
        assert [d["number"] for d in json.loads(listed.stdout)] == ["73-HD/BTGTU"]
    finally:
        session.close(make_backup=False)
    run = _cli("--db", str(path), "directives", "add", ADD.replace("73-HD", "74-HD"))
    assert run.returncode == 0, run.stderr
    assert _numbers(path) == ["73-HD/BTGTU", "74-HD/BTGTU"]


def test_cli_write_waits_for_another_command_then_goes_through(tmp_path):
    path = tmp_path / "k.sqlite3"
    open_database(path).close()
    other = lockmod.WriterLock(path, program="cli").acquire()  # another kehoach command, running
    proc = subprocess.Popen(
        [sys.executable, "-m", "kehoach_desktop", "--db", str(path), "directives", "add", ADD],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=_env(KEHOACH_LOCK_WAIT="60"),
    )
    try:
        waiting = proc.stderr.readline()
        assert "Đang chờ" in waiting and "dòng lệnh" in waiting
        assert _numbers(path) == []
    finally:
        other.release()
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert _numbers(path) == ["73-HD/BTGTU"]


def test_cli_write_gives_up_after_its_time_limit(tmp_path):
    path = tmp_path / "k.sqlite3"
    open_database(path).close()
    other = lockmod.WriterLock(path, program="cli").acquire()
    try:
        run = _cli("--db", str(path), "directives", "add", ADD, KEHOACH_LOCK_WAIT="1")
    finally:
        other.release()
    assert run.returncode == 3
    assert "đã chờ 1 giây" in run.stderr and "Traceback" not in run.stderr
    assert _numbers(path) == []


def test_database_is_locked_is_never_shown_raw(tmp_path):
    """A writer outside the lock (another program) keeps a write transaction open past the
    busy timeout: the command line says so in Vietnamese, no traceback."""
    path = tmp_path / "k.sqlite3"
    open_database(path).close()
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        run = _cli("--db", str(path), "directives", "add", ADD)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert run.returncode == 1
    assert "Traceback" not in run.stderr and "database is locked" not in run.stderr
    assert "đang bận" in run.stderr
