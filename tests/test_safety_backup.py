"""Backups: backup API copies, verification before replacing, rotation, preview, restore."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest

from kehoach_desktop.safety import backup
from kehoach_desktop.store import open_database
from kehoach_desktop.store.db import migrate


def _add_directive(db, number: str) -> None:
    from kehoach_desktop.store import directives

    directives.add(
        db, {"doc_type": "Nghị quyết", "number": number, "issuer": "Tỉnh ủy", "summary": "về công tác cán bộ"}
    )


def _numbers(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT number FROM directives"))
    finally:
        conn.close()


def test_backup_holds_committed_data_and_wal_content(db, tmp_path):
    _add_directive(db, "01-NQ/TU")
    # The change is still in the -wal (no checkpoint): a file copy of the main file would miss it.
    assert Path(str(db.path) + "-wal").stat().st_size > 0
    info = backup.create_backup(db.path, "thucong")
    assert info.path.parent == backup.backup_dir(db.path)
    assert _numbers(info.path) == ["01-NQ/TU"]
    assert backup.quick_check(info.path) == "ok"
    assert not Path(str(info.path) + "-wal").exists()
    assert not list(info.path.parent.glob(".*tmp"))


def test_backup_from_live_connection(db):
    _add_directive(db, "02-NQ/TU")
    info = backup.create_backup(db.path, "dong", source=db.conn)
    assert _numbers(info.path) == ["02-NQ/TU"]


def test_failed_verification_keeps_older_backups(db, monkeypatch):
    first = backup.create_backup(db.path, "thucong", now=dt.datetime(2026, 1, 1, 8))
    monkeypatch.setattr(
        backup, "integrity_check", lambda p: "*** in database main *** Page 3: btreeInitPage() returns error code 11"
    )
    with pytest.raises(backup.BackupError) as exc:
        backup.create_backup(db.path, "thucong", now=dt.datetime(2026, 1, 2, 8))
    assert "bản sao lưu cũ được giữ nguyên" in str(exc.value)
    assert [b.path for b in backup.list_backups(backup.backup_dir(db.path))] == [first.path]
    assert not list(backup.backup_dir(db.path).glob(".*"))


def test_cancel_leaves_nothing(db):
    for i in range(300):  # enough pages for several backup steps
        _add_directive(db, f"{i}-CV/VP")
    db.execute("CREATE TABLE filler(x)")
    db.execute(
        "INSERT INTO filler SELECT randomblob(4000) FROM (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM c WHERE n < 5000) SELECT n FROM c)"
    )
    calls = []
    with pytest.raises(backup.BackupCancelled):
        backup.create_backup(db.path, "thucong", progress=lambda f, m: calls.append(f), abort=lambda: len(calls) >= 1)
    folder = backup.backup_dir(db.path)
    assert backup.list_backups(folder) == []
    assert not list(folder.glob(".*"))


def test_progress_reports_fractions(db):
    seen: list[float] = []
    backup.create_backup(db.path, "thucong", progress=lambda f, m: seen.append(f))
    assert seen[-1] == 1.0 and seen == sorted(seen)


def test_stale_temp_from_killed_backup_is_removed(db):
    folder = backup.backup_dir(db.path)
    folder.mkdir(parents=True)
    stale = folder / f".test_2026-01-01_080000_thucong.sqlite3.{2**22 + 4321}.tmp"  # a dead process
    stale.write_bytes(b"half")
    busy = folder / f".test_2026-01-01_080001_thucong.sqlite3.{os.getppid()}.tmp"  # a live one, still writing
    busy.write_bytes(b"in progress")
    backup.create_backup(db.path, "thucong")
    assert not stale.exists() and busy.exists()


def _fake(folder: Path, when: dt.datetime, size: int = 10, reason: str = "khoidong") -> backup.BackupInfo:
    p = folder / f"kehoach_{when:%Y-%m-%d_%H%M%S}_{reason}.sqlite3"
    p.write_bytes(b"x" * size)
    return backup.parse_name(p)


def test_rotation_keeps_daily_weekly_monthly(tmp_path):
    start = dt.datetime(2025, 1, 1, 8, 0, 0)
    infos = []
    for day in range(400):
        for hour in (8, 17):  # two backups a day
            infos.append(_fake(tmp_path, start + dt.timedelta(days=day, hours=hour - 8)))
    (tmp_path / "ghi-chu.txt").write_text("của người dùng")  # not ours: never touched
    (tmp_path / "khac.sqlite3").write_bytes(b"x")
    removed = backup.rotate_backups(tmp_path)
    kept = backup.list_backups(tmp_path)
    assert len(removed) + len(kept) == 800
    newest = max(infos, key=lambda i: i.created)
    assert kept[0].path == newest.path
    days = {k.created.date() for k in kept}
    last7 = {(newest.created - dt.timedelta(days=d)).date() for d in range(7)}
    assert last7 <= days  # one per day for the last week
    months = {(k.created.year, k.created.month) for k in kept}
    assert len(months) == 12  # one per month for a year
    weeks = {tuple(k.created.isocalendar()[:2]) for k in kept}
    assert len(weeks) >= 4
    assert len(kept) <= backup.KEEP_LAST + 7 + 4 + 12
    # apart from the few newest kept regardless, each kept backup is the newest of its day
    for k in kept[backup.KEEP_LAST :]:
        same_day = [i for i in infos if i.created.date() == k.created.date()]
        assert k.created == max(i.created for i in same_day)
    assert (tmp_path / "ghi-chu.txt").exists() and (tmp_path / "khac.sqlite3").exists()


def test_rotation_bounds_total_size(tmp_path):
    start = dt.datetime(2025, 6, 1, 8)
    for day in range(30):
        _fake(tmp_path, start + dt.timedelta(days=day), size=1000)
    backup.rotate_backups(tmp_path, max_total_bytes=5500)
    kept = backup.list_backups(tmp_path)
    assert len(kept) == 5
    assert kept[0].created == start + dt.timedelta(days=29)  # the newest always stays
    assert sum(k.size for k in kept) <= 5500


def test_rotation_keeps_newest_even_if_too_big(tmp_path):
    _fake(tmp_path, dt.datetime(2025, 6, 1, 8), size=5000)
    backup.rotate_backups(tmp_path, max_total_bytes=10)
    assert len(backup.list_backups(tmp_path)) == 1


def test_same_second_backups_do_not_overwrite(db):
    when = dt.datetime(2026, 2, 2, 10, 0, 0)
    a = backup.create_backup(db.path, "thucong", now=when, rotate=False)
    b = backup.create_backup(db.path, "thucong", now=when, rotate=False)
    assert a.path != b.path and a.path.exists() and b.path.exists()
    assert {i.path for i in backup.list_backups(a.path.parent)} == {a.path, b.path}


def test_preview_counts(tmp_path):
    from tests.fixtures.make_schema_fixture import EXPECTED

    src = Path(__file__).parent / "fixtures" / "schema_v1.sqlite3"
    pv = backup.preview(src)
    assert pv.ok, pv.message
    assert (pv.plans, pv.directives, pv.tasks, pv.progress) == (
        EXPECTED["plans"],
        EXPECTED["directives"],
        EXPECTED["tasks"],
        EXPECTED["progress"],
    )
    assert pv.last_change == "2024-03-05T09:30:00"
    assert "1 kế hoạch, 2 văn bản, 2 nhiệm vụ" in pv.summary()
    assert "05/03/2024" in pv.summary()


def test_preview_refuses_bad_files(tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    assert not backup.preview(junk).ok
    foreign = tmp_path / "foreign.sqlite3"
    c = sqlite3.connect(foreign)
    c.execute("CREATE TABLE t(x)")
    c.commit()
    c.close()
    pv = backup.preview(foreign)
    assert not pv.ok and "KeHoach" in pv.message


def test_restore_backs_up_current_state_first(db):
    _add_directive(db, "01-NQ/TU")
    old = backup.create_backup(db.path, "thucong", rotate=False, now=dt.datetime(2026, 1, 1))
    _add_directive(db, "02-NQ/TU")
    safety = backup.restore_backup(old.path, db.path, live=db.conn)
    assert safety is not None and safety.reason == "truockhoiphuc"
    assert _numbers(safety.path) == ["01-NQ/TU", "02-NQ/TU"]  # nothing lost by restoring
    assert [r[0] for r in db.all("SELECT number FROM directives")] == ["01-NQ/TU"]
    assert db.scalar("PRAGMA quick_check") == "ok"
    _add_directive(db, "03-NQ/TU")  # still writable afterwards
    assert db.scalar("SELECT COUNT(*) FROM directives") == 2


def test_restore_closed_file(tmp_path):
    path = tmp_path / "k.sqlite3"
    d = open_database(path)
    _add_directive(d, "05-NQ/TU")
    d.close()
    old = backup.create_backup(path, "thucong", rotate=False, now=dt.datetime(2026, 1, 1))
    d = open_database(path)
    d.execute("DELETE FROM directives")
    d.close()
    backup.restore_backup(old.path, path)
    assert _numbers(path) == ["05-NQ/TU"]


def test_restore_older_schema_then_migrate(db):
    fixture = Path(__file__).parent / "fixtures" / "schema_v1.sqlite3"
    backup.restore_backup(fixture, db.path, live=db.conn)
    migrate(db)  # a no-op since issue 13: the restored copy is migrated before it goes in
    from kehoach_desktop.store import schema

    assert db.schema_version == schema.SCHEMA_VERSION
    assert db.scalar("SELECT COUNT(*) FROM plans") == 1


def test_restore_refuses_damaged_backup(db, tmp_path):
    _add_directive(db, "01-NQ/TU")
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with pytest.raises(backup.BackupError):
        backup.restore_backup(bad, db.path, live=db.conn)
    assert db.scalar("SELECT COUNT(*) FROM directives") == 1


def test_export_backup_to_folder(db, tmp_path):
    _add_directive(db, "07-NQ/TU")
    usb = tmp_path / "usb"
    usb.mkdir()
    out = backup.export_backup(db.path, usb, source=db.conn)
    assert out.parent == usb and _numbers(out) == ["07-NQ/TU"]
    with pytest.raises(backup.BackupError) as exc:
        backup.export_backup(db.path, tmp_path / "khong-co")
    assert "USB" in str(exc.value)


def test_fingerprint_tracks_changes(db):
    backup.create_backup(db.path, "thucong")
    assert backup.newest_matches(db.path, db.conn)
    _add_directive(db, "09-NQ/TU")
    assert not backup.newest_matches(db.path, db.conn)


def test_rotation_orders_same_second_backups_by_counter(db):
    """Found by the crash test: «…_045634_…» sorted after «…_045634-2_…» by name and the
    real newest backup was rotated away."""
    when = dt.datetime(2026, 2, 2, 10, 0, 0)
    made = [backup.create_backup(db.path, "thucong", now=when, rotate=False) for _ in range(5)]
    backup.rotate_backups(made[0].path.parent, keep_last=1, daily=1, weekly=1, monthly=1)
    assert [b.path for b in backup.list_backups(made[0].path.parent)] == [made[-1].path]


def test_same_second_counter_only_grows(db):
    when = dt.datetime(2026, 2, 2, 10, 0, 0)
    a = backup.create_backup(db.path, "thucong", now=when, rotate=False)
    b = backup.create_backup(db.path, "thucong", now=when, rotate=False)
    a.path.unlink()  # rotation removed the first one
    c = backup.create_backup(db.path, "dong", now=when, rotate=False)
    assert c.seq > b.seq
    assert backup.list_backups(c.path.parent)[0].path == c.path
