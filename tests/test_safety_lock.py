"""One writer per file: a second instance opens read-only naming who holds the file;
locks of crashed processes are recognised; network shares are warned about."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kehoach_desktop.safety import lock as lockmod
from kehoach_desktop.safety.lock import LockHeld, LockInfo, WriterLock, lock_path, network_warning, owner_path
from kehoach_desktop.safety.startup import open_for_gui
from kehoach_desktop.store import open_database

ROOT = Path(__file__).resolve().parent.parent


def _make_db(path: Path) -> Path:
    open_database(path).close()
    return path


def test_second_instance_is_read_only_with_banner(tmp_path):
    path = _make_db(tmp_path / "k.sqlite3")
    first = open_for_gui(path)
    try:
        assert not first.read_only and first.db is not None and first.lock.held
        holder = json.loads(owner_path(path).read_text(encoding="utf-8"))
        assert holder["pid"] == os.getpid() and holder["host"] == socket.gethostname()
        second = open_for_gui(path)
        try:
            assert second.read_only
            assert "CHỈ XEM" in second.read_only_reason
            assert socket.gethostname() in second.read_only_reason
            assert second.db is not None and second.db.read_only
            # the second instance can read but never write
            assert second.db.scalar("SELECT COUNT(*) FROM plans") == 0
            with pytest.raises(sqlite3.OperationalError):
                second.db.execute("INSERT INTO levels(name) VALUES ('x')")
        finally:
            second.close()
        assert owner_path(path).exists()  # closing the reader leaves the writer's lock alone
    finally:
        first.close()
    assert not owner_path(path).exists()
    third = open_for_gui(path)
    try:
        assert not third.read_only
    finally:
        third.close()


HOLDER = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    from kehoach_desktop.safety.lock import WriterLock
    lk = WriterLock({path!r}).acquire()
    print("held", flush=True)
    time.sleep(60)
""")


def test_lock_of_killed_process_is_stale(tmp_path):
    path = tmp_path / "k.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER.format(root=str(ROOT), path=str(path))], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline().strip() == "held"
        with pytest.raises(LockHeld) as exc:
            WriterLock(path).acquire()
        assert exc.value.holder is not None and exc.value.holder.pid == proc.pid
    finally:
        proc.kill()  # SIGKILL / TerminateProcess: the holder gets no chance to clean up
        proc.wait()
        proc.stdout.close()
    assert owner_path(path).exists()  # the crash left its note behind …
    lk = WriterLock(path).acquire()  # … but it is recognised as stale
    try:
        assert lk.stale is not None and lk.stale.pid == proc.pid
    finally:
        lk.release()


def test_startup_reports_previous_crash(tmp_path):
    path = _make_db(tmp_path / "k.sqlite3")
    dead = LockInfo("vanthu", socket.gethostname(), 2**22 + 12345, "2026-01-01T08:00:00")
    owner_path(path).write_text(json.dumps(dead._asdict()), encoding="utf-8")
    result = open_for_gui(path)
    try:
        assert not result.read_only
        assert any("tắt đột ngột" in w and "vanthu" in w for w in result.warnings)
        # One subject, said once (the walk read «Lần trước chương trình của cửa sổ KeHoach của …»).
        said = next(w for w in result.warnings if "tắt đột ngột" in w)
        assert said.startswith("Lần trước, cửa sổ KeHoach của vanthu trên máy ")
        assert "chương trình của" not in said
    finally:
        result.close()


def test_corrupt_lock_file_does_not_block(tmp_path):
    path = tmp_path / "k.sqlite3"
    lock_path(path).write_bytes(b"\x00\xff garbage")
    owner_path(path).write_bytes(b"\x00\xff garbage")
    lk = WriterLock(path).acquire()
    assert lk.held
    lk.release()


def test_read_only_file_opens_read_only(tmp_path, monkeypatch):
    """A file the user may not write (locked USB, CD, permissions) opens for viewing only."""
    path = _make_db(tmp_path / "k.sqlite3")
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if mode == os.W_OK and Path(p) == path else real_access(p, mode)
    )
    result = open_for_gui(path)
    try:
        assert result.read_only and "chỉ cho đọc" in result.read_only_reason
        assert result.db is not None and result.db.read_only and result.lock is None
    finally:
        result.close()


MOUNTS = textwrap.dedent("""\
    /dev/sda1 / ext4 rw,relatime 0 0
    proc /proc proc rw 0 0
    //server/VanPhong /mnt/van\\040phong cifs rw,vers=3.0 0 0
    nas:/export /srv/nfs nfs4 rw 0 0
    /dev/sdb1 /mnt/van ext4 rw 0 0
""")


def test_network_share_warnings(tmp_path):
    mounts = tmp_path / "mounts"
    mounts.write_text(MOUNTS)

    def kind(p):  # the mount-table logic itself, on any platform
        return lockmod._posix_mount_kind(p, str(mounts), resolve=False)

    assert "cifs" in kind("/mnt/van phong/kehoach.sqlite3")
    assert "nfs4" in kind("/srv/nfs/a/b.sqlite3")
    assert kind("/mnt/van/kehoach.sqlite3") is None  # a prefix of the share's name, not the share
    assert kind("/home/u/kehoach.sqlite3") is None
    w = network_warning(r"\\server\VanPhong\kehoach.sqlite3")
    assert w is not None and "ổ mạng" in w and "Sao lưu ra" in w
    assert "UNC" in network_warning(r"\\server\share\kehoach.sqlite3")
    assert "UNC" in network_warning("//server/share/kehoach.sqlite3")


def test_os_lock_refuses_a_second_holder_and_is_free_after_release(tmp_path):
    """The OS lock itself (zc.lockfile underneath, imported on first use): a second
    holder — in this process too — is refused while the first holds it; the lock file stays."""
    target = tmp_path / "k.sqlite3.lock"
    first, second = lockmod.OsLock(target), lockmod.OsLock(target)
    assert first.try_acquire() and first.try_acquire()  # taking it again is a no-op
    assert not second.try_acquire() and not second.held
    with pytest.raises(LockHeld):
        WriterLock(tmp_path / "k.sqlite3").acquire(timeout=0)
    first.release()
    first.release()  # releasing twice is harmless
    assert target.exists()
    assert second.try_acquire()
    second.release()


def test_os_lock_that_cannot_open_its_file_is_an_oserror_not_a_holder(tmp_path):
    """What cannot be opened for writing (here: a folder where the lock file should be) is an
    OSError, which the callers turn into opening read-only — never "someone holds it"."""
    target = tmp_path / "k.sqlite3.lock"
    target.mkdir()
    with pytest.raises(OSError):
        lockmod.OsLock(target).try_acquire()


def test_a_full_disk_leaves_no_owner_note_litter_and_the_lock_still_holds(tmp_path, monkeypatch):
    """On a full disk the owner note could not be written: the lock still holds (others see
    «someone» instead of a name), and no empty «….tmp» stays beside the database at each start."""
    import errno

    real_write = Path.write_text

    def full_disk(self, *args, **kwargs):
        if self.suffix == ".tmp":
            real_write(self, "")  # created, then the first block does not fit
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full_disk)
    db_path = tmp_path / "kehoach.sqlite3"
    with WriterLock(db_path) as mine:
        assert mine.held
        with pytest.raises(LockHeld):
            WriterLock(db_path).acquire()
    assert not list(tmp_path.glob("*.tmp"))


def test_the_owner_note_names_this_computer_as_the_network_does():
    """The host name comes from the OS without importing socket (issue 19): the same name,
    so «opened on this computer» is still told apart from another computer's holder."""
    assert lockmod.host_name() == socket.gethostname()
    assert LockInfo.mine().host == socket.gethostname()
