"""Backups and restore (issue 13): the backup made before a restore is never rotated away
and is listed first; a restore that fails leaves the live file as it was; a damaged live
file is renamed aside and the restore goes on (no talk of disk space); stale
.tmp-journal/-wal/-shm files are cleaned; new backups pass integrity_check, not only
quick_check; a full disk and a `.backups` path that is a file get Vietnamese messages."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import random
import sqlite3
from pathlib import Path

import pytest

from kehoach_desktop.cli import main as cli_main
from kehoach_desktop.safety import backup
from kehoach_desktop.store import directives, open_database, schema

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _db(path: Path, *numbers: str) -> Path:
    db = open_database(path)
    for n in numbers:
        directives.add(db, {"doc_type": "Nghị quyết", "number": n, "issuer": "Tỉnh ủy", "summary": "x" * 3000})
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def _numbers(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT number FROM directives"))
    finally:
        conn.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _garbage_page(p: Path) -> None:
    data = bytearray(p.read_bytes())
    rnd = random.Random(7)
    data[4096 * 3 : 4096 * 4] = bytes(rnd.randrange(256) for _ in range(4096))
    p.write_bytes(bytes(data))


def test_pre_restore_backup_survives_rotation_and_is_listed_first(tmp_path):
    path = _db(tmp_path / "k.sqlite3", "01-NQ/TU")
    old = backup.create_backup(path, "thucong", now=dt.datetime(2026, 1, 1, 8))
    db = open_database(path)
    directives.add(db, {"doc_type": "Chỉ thị", "number": "02-CT/TU", "issuer": "Tỉnh ủy"})
    db.close()
    safety = backup.restore_backup(old.path, path)
    assert safety is not None and safety.reason == "truockhoiphuc"
    for day in range(2, 9):  # a week of automatic backups afterwards
        backup.create_backup(path, "khoidong", now=dt.datetime(2026, 6, day, 8))
    backup.rotate_backups(backup.backup_dir(path), keep_last=1, daily=1, weekly=0, monthly=0)
    kept = backup.list_backups(backup.backup_dir(path))
    assert safety.path in [b.path for b in kept]
    assert _numbers(safety.path) == ["01-NQ/TU", "02-CT/TU"]  # the data live before the restore
    assert backup.list_for_restore(backup.backup_dir(path))[0].path == safety.path


def test_failed_restore_leaves_the_live_file_as_it_was(tmp_path, monkeypatch):
    from kehoach_desktop.store import db as dbmod

    path = _db(tmp_path / "k.sqlite3", "01-NQ/TU")
    before = _digest(path)

    def broken_migration(db):
        raise dbmod.DatabaseError("Bước nâng cấp dữ liệu thất bại (thử nghiệm).")

    monkeypatch.setattr(dbmod, "migrate", broken_migration)
    with pytest.raises(backup.BackupError) as exc:
        backup.restore_backup(FIXTURES / "schema_v1.sqlite3", path)
    assert "giữ nguyên" in str(exc.value)
    assert _digest(path) == before
    assert not [p.name for p in tmp_path.iterdir() if ".tmp" in p.name]
    assert not backup.backup_dir(path).exists()  # not even a safety backup: nothing was touched


def test_restore_over_a_damaged_live_file_keeps_it_aside(tmp_path, capsys):
    path = _db(tmp_path / "k.sqlite3", "01-NQ/TU")
    good = backup.create_backup(path, "thucong", now=dt.datetime(2026, 1, 1, 8))
    _garbage_page(path)
    damaged = _digest(path)
    code = cli_main(["--db", str(path), "backup", "restore", "1", "--yes"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in err and "chỗ trống" not in out + err and "đầy" not in out + err
    assert _numbers(path) == ["01-NQ/TU"]
    aside = [p for p in tmp_path.iterdir() if ".hong-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert len(aside) == 1 and _digest(aside[0]) == damaged
    assert str(aside[0]) in out
    assert good.path.exists()


def test_backing_up_a_damaged_file_says_so_not_disk_space(tmp_path):
    path = _db(tmp_path / "k.sqlite3", "01-NQ/TU")
    _garbage_page(path)
    with pytest.raises(backup.SourceDamaged) as exc:
        backup.create_backup(path, "thucong")
    assert "hỏng" in str(exc.value) and "chỗ trống" not in str(exc.value)


def test_new_backups_pass_integrity_check_not_only_quick_check(tmp_path):
    """An index that no longer matches its table passes quick_check; integrity_check finds it."""
    path = tmp_path / "k.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t(x, y)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(i, -i) for i in range(200)])
    conn.execute("CREATE INDEX t_x ON t(x)")
    conn.commit()
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX t_x ON t(y)' WHERE name = 't_x'")
    conn.commit()
    conn.close()
    assert backup.quick_check(path) == "ok"
    assert backup.integrity_check(path) != "ok"
    with pytest.raises(backup.SourceDamaged):
        backup.create_backup(path, "thucong")
    assert not list(backup.backup_dir(path).glob("*.sqlite3"))


def test_stale_temp_journal_files_are_cleaned(tmp_path):
    path = _db(tmp_path / "k.sqlite3")
    folder = backup.backup_dir(path)
    folder.mkdir()
    dead = 2**22 + 4321
    stale = [folder / f".k_2026-01-01_080000_thucong.sqlite3.{dead}.tmp{s}" for s in ("", "-journal", "-wal", "-shm")]
    for p in stale:
        p.write_bytes(b"half")
    live_pid = os.getppid()
    busy = folder / f".k_2026-01-01_080001_thucong.sqlite3.{live_pid}.tmp-journal"
    busy.write_bytes(b"in progress")
    beside = tmp_path / f".k.sqlite3.{dead}.tmp-wal"  # a restore killed half-way
    beside.write_bytes(b"half")
    backup.create_backup(path, "thucong")
    assert not any(p.exists() for p in stale) and busy.exists()
    backup.restore_backup(backup.list_backups(folder)[0].path, path)
    assert not beside.exists()


def test_backups_path_that_is_a_file(tmp_path, capsys):
    path = _db(tmp_path / "k.sqlite3", "01-NQ/TU")
    backup.backup_dir(path).write_text("không phải thư mục", encoding="utf-8")
    with pytest.raises(backup.BackupError) as exc:
        backup.create_backup(path, "thucong")
    assert "là một tệp" in str(exc.value) and "Hãy" in str(exc.value)
    code = cli_main(["--db", str(path), "backup", "create"])
    _, err = capsys.readouterr()
    assert code == 1 and "là một tệp" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "where", ["sqlite_copy", "fsync", "mkdir"], ids=["sqlite-disk-full", "os-enospc", "folder-enospc"]
)
def test_full_disk_is_told_in_vietnamese(tmp_path, monkeypatch, capsys, where):
    path = _db(tmp_path / "k.sqlite3", "01-NQ/TU")

    def full(*args, **kwargs):
        if where == "sqlite_copy":
            raise sqlite3.OperationalError("database or disk is full")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    target = {"sqlite_copy": "_copy", "fsync": "_fsync_file"}.get(where)
    if target:
        monkeypatch.setattr(backup, target, full)
    else:
        monkeypatch.setattr(Path, "mkdir", full)
    code = cli_main(["--db", str(path), "backup", "create"])
    _, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err
    assert "đầy" in err and "Hãy" in err
    assert "No space" not in err and "disk is full" not in err


def test_restore_older_schema_is_migrated_before_the_live_file_changes(tmp_path):
    path = _db(tmp_path / "k.sqlite3", "01-NQ/TU")
    backup.restore_backup(FIXTURES / "schema_v1.sqlite3", path)
    db = open_database(path)
    try:
        assert db.schema_version == schema.SCHEMA_VERSION
        assert db.scalar("SELECT COUNT(*) FROM plans") == 1
    finally:
        db.close()
