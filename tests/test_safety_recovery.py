"""Damaged, foreign and too-new files are detected at open and never overwritten;
the way out is the newest good backup or a fresh file, with the bad one kept aside.
Start-up/close backups; migrations from every earlier schema keep the data and a
failing migration leaves the file as it was."""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from kehoach_desktop.safety import backup, recovery
from kehoach_desktop.safety.startup import open_for_gui
from kehoach_desktop.store import open_database, schema
from kehoach_desktop.store.db import DamagedDatabase, NotOurDatabase, SchemaTooNew

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _good_db(path: Path, numbers=("01-NQ/TU",)) -> Path:
    from kehoach_desktop.store import directives

    db = open_database(path)
    for n in numbers:
        directives.add(db, {"doc_type": "Nghị quyết", "number": n, "issuer": "Tỉnh ủy", "summary": "x" * 3000})
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def _truncate(p: Path) -> None:
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])


def _garbage_page(p: Path) -> None:
    data = bytearray(p.read_bytes())
    rnd = random.Random(7)
    page = 4096 * 3
    data[page : page + 4096] = bytes(rnd.randrange(256) for _ in range(4096))
    p.write_bytes(bytes(data))


def _not_a_db(p: Path) -> None:
    p.write_bytes("Đây là một tệp văn bản, không phải cơ sở dữ liệu.\n".encode() * 200)


def _too_new(p: Path) -> None:
    c = sqlite3.connect(p)
    c.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 5}")
    c.close()


def _foreign(p: Path) -> None:
    p.unlink()
    c = sqlite3.connect(p)
    c.execute("CREATE TABLE contacts(name)")
    c.execute("PRAGMA application_id = 12345")
    c.execute("PRAGMA user_version = 1")
    c.close()


DAMAGE = {
    "truncated": (_truncate, DamagedDatabase, "damaged"),
    "garbage_page": (_garbage_page, DamagedDatabase, "damaged"),
    "not_a_database": (_not_a_db, NotOurDatabase, "not_ours"),
    "newer_schema": (_too_new, SchemaTooNew, "too_new"),
    "other_program": (_foreign, NotOurDatabase, "not_ours"),
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damage_is_detected_and_file_untouched(tmp_path, kind):
    damage, error, problem_kind = DAMAGE[kind]
    path = _good_db(tmp_path / "k.sqlite3")
    damage(path)
    before = _digest(path)
    with pytest.raises(error) as exc:
        open_database(path)
    assert "Hãy" in str(exc.value)
    assert _digest(path) == before
    result = open_for_gui(path)
    try:
        assert result.db is None and result.problem.kind == problem_kind
        assert _digest(path) == before
    finally:
        result.close()


@pytest.mark.parametrize("kind", ["truncated", "garbage_page", "newer_schema"])
def test_recover_from_newest_good_backup(tmp_path, kind):
    path = _good_db(tmp_path / "k.sqlite3", numbers=("01-NQ/TU",))
    older = backup.create_backup(path, "khoidong", now=__import__("datetime").datetime(2026, 1, 1, 8))
    db = open_database(path)
    from kehoach_desktop.store import directives

    directives.add(db, {"doc_type": "Chỉ thị", "number": "02-CT/TU", "issuer": "Tỉnh ủy"})
    db.close()
    newer = backup.create_backup(path, "dong", now=__import__("datetime").datetime(2026, 1, 2, 8))
    # the newest backup is itself damaged: it must be skipped
    bad = newer.path.with_name(newer.path.name.replace("2026-01-02", "2026-01-03"))
    bad.write_bytes(newer.path.read_bytes()[:5000])
    DAMAGE[kind][0](path)
    damaged_digest = _digest(path)

    result = open_for_gui(path)
    assert result.problem is not None
    found = recovery.newest_good_backup(path)
    assert found is not None and found[0].path == newer.path
    db = result.recover("backup")
    try:
        assert sorted(r[0] for r in db.all("SELECT number FROM directives")) == ["01-NQ/TU", "02-CT/TU"]
        assert result.moved_aside is not None and _digest(result.moved_aside) == damaged_digest
        assert older.path.exists() and newer.path.exists()
    finally:
        result.close()


def test_start_fresh_keeps_damaged_file_and_its_wal(tmp_path):
    path = _good_db(tmp_path / "k.sqlite3")
    _garbage_page(path)
    wal = Path(str(path) + "-wal")
    wal.write_bytes(b"old wal content")
    digest = _digest(path)
    result = open_for_gui(path)
    assert result.problem.kind == "damaged"
    db = result.recover("fresh")
    try:
        assert db.scalar("SELECT COUNT(*) FROM directives") == 0
        assert _digest(result.moved_aside) == digest
        assert Path(str(result.moved_aside) + "-wal").read_bytes() == b"old wal content"
    finally:
        result.close()


def test_move_aside_never_overwrites(tmp_path):
    p = tmp_path / "k.sqlite3"
    p.write_bytes(b"one")
    a = recovery.move_aside(p)
    p.write_bytes(b"two")
    b = recovery.move_aside(p)
    assert a != b and a.read_bytes() == b"one" and b.read_bytes() == b"two"


def test_no_backup_to_recover_from(tmp_path):
    path = _good_db(tmp_path / "k.sqlite3")
    _truncate(path)
    result = open_for_gui(path)
    with pytest.raises(backup.BackupError) as exc:
        result.recover("backup")
    assert "Bắt đầu dữ liệu mới" in str(exc.value)
    assert path.exists()  # nothing moved when there is nothing to put in its place
    result.close()


# -- start-up and close backups --------------------------------------------------------------
def test_startup_and_close_backups(tmp_path, monkeypatch):
    monkeypatch.delenv("KEHOACH_NO_BACKUP", raising=False)
    path = _good_db(tmp_path / "k.sqlite3")
    folder = backup.backup_dir(path)
    r = open_for_gui(path)
    assert r.backup_made is not None and r.backup_made.reason == "khoidong"
    assert r.close() is None  # nothing changed: no close backup
    r = open_for_gui(path)
    assert r.backup_made is None  # same data as the newest backup: none at start-up
    from kehoach_desktop.store import directives

    directives.add(r.db, {"doc_type": "Chỉ thị", "number": "09-CT/TU", "issuer": "Tỉnh ủy"})
    made = r.close()
    assert made is not None and made.reason == "dong"
    conn = sqlite3.connect(made.path)
    assert conn.execute("SELECT COUNT(*) FROM directives WHERE number = '09-CT/TU'").fetchone()[0] == 1
    conn.close()
    assert [b.reason for b in backup.list_backups(folder)] == ["dong", "khoidong"]


def test_no_backup_env_is_honoured(tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_NO_BACKUP", "1")
    path = _good_db(tmp_path / "k.sqlite3")
    r = open_for_gui(path)
    from kehoach_desktop.store import directives

    directives.add(r.db, {"doc_type": "Chỉ thị", "number": "10-CT/TU", "issuer": "Tỉnh ủy"})
    assert r.backup_made is None and r.close() is None
    assert not backup.backup_dir(path).exists()


# -- migrations ----------------------------------------------------------------------------
def test_a_fixture_exists_for_every_earlier_schema_version():
    for version in range(1, schema.SCHEMA_VERSION):
        assert (FIXTURES / f"schema_v{version}.sqlite3").exists(), (
            f"thiếu tests/fixtures/schema_v{version}.sqlite3: chạy tests/fixtures/make_schema_fixture.py {version}"
        )


@pytest.mark.parametrize("version", range(1, schema.SCHEMA_VERSION + 1))
def test_every_schema_version_opens_migrates_and_keeps_data(tmp_path, version):
    from tests.fixtures.make_schema_fixture import EXPECTED, NODE_TEXT, PLAN_TITLE

    src = FIXTURES / f"schema_v{version}.sqlite3"
    path = tmp_path / "old.sqlite3"
    shutil.copy(src, path)
    db = open_database(path)
    try:
        assert db.schema_version == schema.SCHEMA_VERSION
        for table, n in EXPECTED.items():
            assert db.scalar(f"SELECT COUNT(*) FROM {table}") == n, table
        assert db.scalar("SELECT title FROM plans WHERE id = 1") == PLAN_TITLE
        assert db.scalar("SELECT text FROM plan_nodes WHERE id = 2") == NODE_TEXT
        assert db.scalar("SELECT security FROM directives WHERE id = 2") == "mật"
        assert db.scalar("PRAGMA integrity_check") == "ok"
        assert db.scalar("PRAGMA foreign_key_check") is None
        # the migrated file is fully usable
        from kehoach_desktop.store import plans

        assert plans.load_document(db, 1).title == PLAN_TITLE
    finally:
        db.close()


def _dump(path: Path) -> list[str]:
    c = sqlite3.connect(path)
    try:
        return [*c.iterdump(), str(c.execute("PRAGMA user_version").fetchone()[0])]
    finally:
        c.close()


def test_failing_migration_leaves_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "schema_v1.sqlite3", path)
    before = _dump(path)
    steps = list(schema.MIGRATIONS) + [
        "CREATE TABLE new_thing (id INTEGER PRIMARY KEY);\nALTER TABLE plans ADD COLUMN extra TEXT;",
        "INSERT INTO new_thing(id) VALUES (1);\nSELECT no_such_function();",
    ]
    monkeypatch.setattr(schema, "MIGRATIONS", steps)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(steps))
    with pytest.raises(sqlite3.OperationalError):
        open_database(path)
    assert _dump(path) == before  # not even the good steps 2 and 3 stayed
    monkeypatch.undo()
    db = open_database(path)  # and the file still migrates normally
    assert db.schema_version == schema.SCHEMA_VERSION
    db.close()


def test_startup_backs_up_before_migrating(tmp_path, monkeypatch):
    monkeypatch.delenv("KEHOACH_NO_BACKUP", raising=False)
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "schema_v1.sqlite3", path)
    r = open_for_gui(path)
    try:
        assert r.backup_made is not None and r.backup_made.reason == "truocnangcap"
        assert backup.preview(r.backup_made.path).schema_version == 1
        assert r.db.schema_version == schema.SCHEMA_VERSION
    finally:
        r.close()


def test_background_startup_backup(tmp_path, monkeypatch):
    monkeypatch.delenv("KEHOACH_NO_BACKUP", raising=False)
    path = _good_db(tmp_path / "k.sqlite3")
    r = open_for_gui(path, background=True)
    assert r.db.scalar("SELECT COUNT(*) FROM directives") == 1  # usable at once
    r.wait_for_backup()
    assert r.backup_made is not None and r.backup_made.reason == "khoidong"
    assert backup.preview(r.backup_made.path).ok
    from kehoach_desktop.store import directives

    directives.add(r.db, {"doc_type": "Chỉ thị", "number": "11-CT/TU", "issuer": "Tỉnh ủy"})
    made = r.close()
    assert made is not None and made.reason == "dong"


def test_another_program_s_database_is_never_renamed_nor_replaced(tmp_path):
    """The walk: `kehoach --db` on another program's SQLite file, «Bắt đầu dữ liệu mới (trống)»:
    the file was renamed «….hong-<time>» (called damaged) and ours created in its place — the
    other program then finds its database gone. Every way out that renames or replaces the
    file is refused with the reason; a damaged file of ours still moves aside as before."""
    path = _good_db(tmp_path / "k.sqlite3")
    backup.create_backup(path, "khoidong")
    _foreign(path)
    before = _digest(path)

    def beside() -> list[str]:
        return sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("k.sqlite3"))

    files = beside()
    assert recovery.belongs_to_another_program(path)
    for way_out in (recovery.start_fresh, recovery.open_backup_instead, recovery.move_aside):
        with pytest.raises(backup.BackupError, match="chương trình khác"):
            way_out(path)
        assert _digest(path) == before
    assert beside() == files and not [n for n in files if ".hong" in n]
    # a file of ours that cannot be read is no other program's: start fresh still works
    garbage = _good_db(tmp_path / "g.sqlite3")
    _not_a_db(garbage)
    assert not recovery.belongs_to_another_program(garbage)
    db, aside = recovery.start_fresh(garbage)
    db.close()
    assert aside is not None and aside.exists()


def test_the_recovery_dialog_offers_no_repair_for_another_program_s_database(qtbot, tmp_path):
    from kehoach_desktop.ui.safety.recovery_dialog import RecoveryDialog

    path = _good_db(tmp_path / "k.sqlite3")
    _foreign(path)
    result = open_for_gui(path)
    try:
        dialog = RecoveryDialog(path, result.problem)
        qtbot.addWidget(dialog)
        assert not dialog.use_newest.isEnabled() and not dialog.use_other.isEnabled()
        assert not dialog.fresh.isEnabled() and dialog.quit.isEnabled()
        assert "chương trình khác" in dialog.keep.text() and "Mở tệp dữ liệu" in dialog.keep.text()
    finally:
        result.close()
