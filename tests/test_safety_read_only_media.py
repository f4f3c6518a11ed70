"""A healthy database on read-only media (a CD, a write-protected USB stick, a read-only
share) opens for viewing with a banner saying why it cannot be changed — never "tệp bị
hỏng" (issue 13). Writes, `backup create` and "start fresh" say in Vietnamese what to do.

The medium is made read-only for real: a read-only bind mount when running as root (root
ignores permission bits, not a read-only mount), else a folder and file without write
permission."""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kehoach_desktop import app as app_module
from kehoach_desktop.safety import backup, recovery
from kehoach_desktop.safety.startup import open_for_gui
from kehoach_desktop.store import open_database
from kehoach_desktop.store.db import ReadOnlyMedium, medium_writable
from kehoach_desktop.ui import messages

ROOT = Path(__file__).resolve().parent.parent
CITE = "Hướng dẫn số 73-HD/BTGTU, ngày 16/11/2023 của Ban Tuyên giáo Tỉnh ủy về việc học tập"


@contextlib.contextmanager
def read_only_medium(src: Path, where: Path):
    """``src`` (a folder) seen read-only at ``where``."""
    if os.geteuid() == 0:
        where.mkdir()
        subprocess.run(["mount", "--bind", str(src), str(where)], check=True)
        try:
            subprocess.run(["mount", "-o", "remount,ro,bind", str(where)], check=True)
            yield where
        finally:
            subprocess.run(["umount", str(where)], check=False)
    else:
        modes = {p: p.stat().st_mode for p in src.iterdir()}
        for p in src.iterdir():
            p.chmod(0o444)
        src.chmod(0o555)
        try:
            yield src
        finally:
            src.chmod(0o755)
            for p, mode in modes.items():
                p.chmod(mode)


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), KEHOACH_NO_BACKUP="1", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "kehoach_desktop", *args], capture_output=True, text=True, encoding="utf-8", env=env
    )


def _make(folder: Path) -> Path:
    folder.mkdir()
    path = folder / "k.sqlite3"
    assert _cli("--db", str(path), "directives", "add", CITE).returncode == 0
    return path


def test_healthy_file_on_read_only_medium_opens_for_viewing(tmp_path):
    src = _make(tmp_path / "usb").parent
    with read_only_medium(src, tmp_path / "ro") as ro:
        path = ro / "k.sqlite3"
        assert not medium_writable(path)
        result = open_for_gui(path, make_backup=False)
        try:
            assert result.problem is None and result.db is not None and result.read_only
            assert "chỉ cho đọc" in result.read_only_reason and "CHỈ XEM" in result.read_only_reason
            assert "hỏng" not in result.read_only_reason
            assert result.db.scalar("SELECT number FROM directives") == "73-HD/BTGTU"
        finally:
            result.close()
        with pytest.raises(ReadOnlyMedium):
            open_database(path)
        listed = _cli("--db", str(path), "directives", "list")
        assert listed.returncode == 0 and "73-HD/BTGTU" in listed.stdout
        add = _cli("--db", str(path), "directives", "add", CITE.replace("73-HD", "74-HD"))
        assert add.returncode == 1 and "chỉ cho đọc" in add.stderr and "hỏng" not in add.stderr
        made = _cli("--db", str(path), "backup", "create")
        assert made.returncode == 1 and "--to" in made.stderr and "Traceback" not in made.stderr
        verified = _cli("--db", str(path), "backup", "verify")
        assert verified.returncode == 0 and "toàn vẹn" in verified.stdout
        with pytest.raises(backup.BackupError) as exc:
            recovery.start_fresh(path)  # the GUI's "start fresh" choice
        assert "chỉ cho đọc" in str(exc.value)
        assert path.exists()
    assert not any(p.name.startswith("k.sqlite3.hong") for p in src.iterdir())


WRITER = textwrap.dedent("""
    import os, sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT INTO meta(key, value) VALUES ('only_in_wal', '1')")
    os._exit(0)  # killed before any checkpoint: the row lives in the -wal only
""")


@pytest.mark.parametrize("with_shm", [True, False], ids=["with-shm", "wal-without-shm"])
def test_committed_pages_still_in_the_wal_are_read(tmp_path, with_shm):
    """Without its -shm (copied to a CD without it) SQLite cannot read the -wal in place:
    the file is then read through a temporary copy, so nothing committed is missed."""
    path = _make(tmp_path / "usb")
    subprocess.run([sys.executable, "-c", WRITER, str(path)], check=True)
    assert Path(str(path) + "-wal").stat().st_size > 0
    if not with_shm:
        Path(str(path) + "-shm").unlink()
    with read_only_medium(path.parent, tmp_path / "ro") as ro:
        db = open_database(ro / "k.sqlite3", read_only=True)
        try:
            assert db.scalar("SELECT value FROM meta WHERE key = 'only_in_wal'") == "1"
        finally:
            db.close()


def test_window_shows_the_read_only_banner(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_NO_BACKUP", "1")
    errors: list[str] = []
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": errors.append(text))
    src = _make(tmp_path / "cd").parent
    with read_only_medium(src, tmp_path / "ro") as ro:
        session = app_module.Session(QApplication.instance() or QApplication([]))
        assert session.open(ro / "k.sqlite3")
        w = session.window
        qtbot.addWidget(w)
        try:
            banners = [b for b in getattr(w, "safety_banners", []) if b.kind == "readonly"]
            assert banners and "chỉ cho đọc" in banners[0].text() and "CHỈ XEM" in banners[0].text()
            assert socket.gethostname() not in banners[0].text()  # nobody else holds it: the medium does
        finally:
            w.close()  # its close hook closes the database
    assert not errors
    conn = sqlite3.connect(src / "k.sqlite3")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()
