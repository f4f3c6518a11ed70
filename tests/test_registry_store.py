"""The registry in the store: migrations, search with and without diacritics, undo of each edit."""

import datetime as dt
import sqlite3

import pytest

from kehoach_desktop.core.citations import parse_citation
from kehoach_desktop.store import DatabaseError, SchemaTooNew, directives, open_database, schema, search
from kehoach_desktop.store.commands import UndoStack
from kehoach_desktop.store.directive_ops import AddDirective, DeleteDirective, UpdateDirective


def test_new_file_goes_through_the_whole_migration_chain(tmp_path):
    db = open_database(tmp_path / "new.sqlite3")
    assert db.schema_version == schema.SCHEMA_VERSION
    assert db.scalar("PRAGMA application_id") == schema.APPLICATION_ID
    assert db.scalar("PRAGMA foreign_keys") == 1
    assert db.scalar("PRAGMA journal_mode") == "wal"
    tables = {r[0] for r in db.all("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {
        "directives",
        "directive_links",
        "plans",
        "plan_nodes",
        "tasks",
        "progress",
        "audit_log",
        "directive_fts",
    } <= tables
    db.close()
    # Opening again is a no-op migration and keeps the version.
    again = open_database(tmp_path / "new.sqlite3")
    assert again.schema_version == schema.SCHEMA_VERSION
    again.close()


def test_a_file_from_a_newer_version_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "future.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 5}")
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")  # a file of ours (issue 13: others are foreign)
    conn.execute("CREATE TABLE x(a)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(SchemaTooNew) as err:
        open_database(path)
    assert "mới hơn" in str(err.value)
    assert path.read_bytes() == before


def test_a_non_database_file_is_refused_with_a_message(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_text("đây không phải cơ sở dữ liệu", encoding="utf-8")
    with pytest.raises(DatabaseError) as err:
        open_database(path)
    assert "không phải cơ sở dữ liệu" in str(err.value)
    assert path.read_text(encoding="utf-8") == "đây không phải cơ sở dữ liệu"


def _add(db, number, summary, **extra):
    return directives.add(db, {"doc_type": "Hướng dẫn", "number": number, "summary": summary, **extra})


def test_search_with_and_without_diacritics_ranks_accented_matches_first(db):
    a = _add(db, "73-HD/BTGTU", "thực hiện công tác lý luận chính trị năm 2024")
    b = _add(db, "01-HD/ĐU", "công tác xây dựng Đảng")
    c = _add(db, "02-HD/ĐU", "việc đang làm", notes="ghi chú dang dở")
    assert search.search_directives(db, "ly luan") == [a]
    assert search.search_directives(db, "lý luận") == [a]
    assert set(search.search_directives(db, "dang")) == {b, c}
    # "đang" exactly appears in c; "Đảng" in b only folds to it: accented match first.
    assert search.search_directives(db, "đang")[0] == c
    assert search.search_directives(db, "đảng")[0] == b
    # Numbers and notes are searched too.
    assert search.search_directives(db, "73-HD") == [a]
    assert search.search_directives(db, "dở") == [c]


@pytest.mark.parametrize("query", ['"', "-", "*", "NEAR(", "a OR", "(x", 'lý"luận', "AND NOT", "^"])
def test_search_input_is_never_query_syntax(db, query):
    _add(db, "73-HD/BTGTU", "lý luận")
    search.search_directives(db, query)  # must not raise


def test_add_update_delete_are_each_undoable(db):
    stack = UndoStack(db)
    parent = directives.add(db, {"doc_type": "Kết luận", "number": "01-KL/TW", "issuer": "Bộ Chính trị"})
    add = AddDirective({"doc_type": "Kế hoạch", "number": "49-KH/TU", "summary": "thực hiện", "parent_ids": [parent]})
    stack.push(add)
    assert directives.get(db, add.id).parent_ids == [parent]
    stack.undo()
    assert directives.get(db, add.id) is None
    stack.redo()
    assert directives.get(db, add.id).number == "49-KH/TU"  # same id after redo

    stack.push(
        UpdateDirective(
            db,
            add.id,
            {"summary": "thực hiện Kết luận 01", "issued_on": dt.date(2021, 10, 11), "level": "Tỉnh", "parent_ids": []},
        )
    )
    d = directives.get(db, add.id)
    assert (d.summary, d.issued_on, d.level, d.parent_ids) == (
        "thực hiện Kết luận 01",
        dt.date(2021, 10, 11),
        "Tỉnh",
        [],
    )
    stack.undo()
    d = directives.get(db, add.id)
    assert (d.summary, d.issued_on, d.parent_ids) == ("thực hiện", None, [parent])

    stack.push(DeleteDirective(parent, "01-KL/TW"))
    assert directives.get(db, parent) is None
    assert directives.get(db, add.id).parent_ids == []  # no dangling link
    assert search.search_directives(db, "Bộ Chính trị") == []
    stack.undo()
    assert directives.get(db, parent).issuer == "Bộ Chính trị"
    assert directives.get(db, add.id).parent_ids == [parent]  # link restored
    assert search.search_directives(db, "bo chinh tri") == [parent]


def test_deleting_a_document_cited_by_a_draft_plan_removes_the_link_and_undo_restores_it(db):
    from kehoach_desktop.store import plans

    did = _add(db, "73-HD/BTGTU", "lý luận chính trị")
    pid = plans.create(db, {"title": "Kế hoạch thử"})
    plans.set_basis(db, pid, [did])
    assert directives.dependants(db, did)["plans"] == ["Dự thảo «Kế hoạch thử»"]
    snap = directives.delete(db, did)
    assert db.scalar("SELECT COUNT(*) FROM plan_basis") == 0
    directives.restore(db, snap)
    assert db.scalar("SELECT directive_id FROM plan_basis WHERE plan_id = ?", (pid,)) == did


def test_a_link_cycle_is_refused(db):
    a = _add(db, "01-KL/TW", "a")
    b = _add(db, "49-KH/TU", "b", parent_ids=[a])
    with pytest.raises(directives.RegistryError):
        directives.update(db, a, {"parent_ids": [b]})


def test_pasted_citation_fills_every_field_and_warns_on_conflicts(db):
    cite = parse_citation(
        "Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện "
        "Chỉ thị số 05-CT/TW về đẩy mạnh học tập và làm theo tư tưởng"
    )
    data = directives.from_citation(cite)
    assert data["doc_type"] == "Kết luận"
    assert data["number"] == "01-KL/TW"
    assert data["issued_on"] == dt.date(2021, 5, 18)
    assert data["issuer"] == "Bộ Chính trị"
    assert data["summary"].startswith("tiếp tục thực hiện Chỉ thị số 05-CT/TW")
    assert data["level"] == "Trung ương"
    assert directives.conflicts(db, cite) == []
    directives.add(db, {**data, "issued_on": dt.date(2021, 5, 19), "issuer": "Ban Bí thư"})
    warnings = directives.conflicts(db, cite)
    assert any("19/05/2021" in w for w in warnings)
    assert any("Ban Bí thư" in w for w in warnings)


def test_attachment_is_stored_inside_the_database(db, tmp_path):
    original = tmp_path / "73-HD.pdf"
    original.write_bytes(b"%PDF-1.4 fake content")
    did = _add(db, "73-HD/BTGTU", "x", attachment_path=str(original))
    original.unlink()
    row = directives.get_row(db, did)
    name, data = directives.attachment(db, row["attachment_id"])
    assert (name, data) == ("73-HD.pdf", b"%PDF-1.4 fake content")


def test_text_is_stored_nfc_and_without_control_characters(db):
    import unicodedata

    did = _add(db, "73-HD/BTGTU", unicodedata.normalize("NFD", "lý luận\x07 chính trị"))
    assert directives.get(db, did).summary == "lý luận chính trị"


def test_demo_data_holds_the_implementation_chain(demo_db):
    from kehoach_desktop.store import plans

    ids = {r["number"]: r["id"] for r in demo_db.all("SELECT id, number FROM directives")}
    assert directives.get(demo_db, ids["53-KH/HU"]).parent_ids == [ids["49-KH/TU"]]
    assert directives.get(demo_db, ids["49-KH/TU"]).parent_ids == [ids["01-KL/TW"]]
    assert directives.get(demo_db, ids["01-KL/TW"]).parent_ids == [ids["05-CT/TW"]]
    citing = plans.plans_citing(demo_db)
    assert ids["73-HD/BTGTU"] in citing


def test_search_falls_back_to_like_when_fts5_is_missing(tmp_path, monkeypatch):
    from kehoach_desktop.store import db as db_module

    monkeypatch.setattr(db_module, "_has_fts5", lambda conn: False)
    database = open_database(tmp_path / "nofts.sqlite3")
    assert not database.has_fts5
    a = _add(database, "73-HD/BTGTU", "công tác lý luận chính trị")
    b = _add(database, "01-HD/ĐU", "xây dựng Đảng")
    assert search.search_directives(database, "ly luan") == [a]
    assert search.search_directives(database, "đảng") == [b]
    assert search.search_directives(database, '"%_') == []
    database.close()


def _schema_shape(db) -> dict:
    """Tables with their columns, indexes and triggers, as sqlite-utils introspects them."""
    utils = db.utils
    return {
        "tables": {
            t.name: (t.columns_dict, sorted((i.name, tuple(i.columns), i.unique) for i in t.indexes))
            for t in utils.tables
            if not t.name.startswith(("sqlite_", "directive_fts_"))
        },
        "triggers": sorted((t.name, t.table) for t in utils.triggers),
        "views": sorted(utils.view_names()),
    }


@pytest.mark.parametrize("version", [1, 2, 3])
def test_a_file_from_every_earlier_version_ends_with_the_schema_of_a_new_file(tmp_path, version):
    import shutil
    from pathlib import Path

    fresh = open_database(tmp_path / "fresh.sqlite3")
    old_path = tmp_path / f"v{version}.sqlite3"
    shutil.copy(Path(__file__).parent / "fixtures" / f"schema_v{version}.sqlite3", old_path)
    migrated = open_database(old_path)
    try:
        assert migrated.schema_version == fresh.schema_version == schema.SCHEMA_VERSION
        want, got = _schema_shape(fresh), _schema_shape(migrated)
        assert want["tables"].keys() == got["tables"].keys()
        for name in want["tables"]:
            assert got["tables"][name] == want["tables"][name], name
        assert got["triggers"] == want["triggers"] and got["views"] == want["views"]
        assert len(want["tables"]) >= 10 and want["triggers"]  # a real schema was compared
    finally:
        fresh.close()
        migrated.close()
