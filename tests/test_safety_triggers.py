"""An issued plan is protected against direct SQL (issue 13): a plain SQLite connection
(the sqlite3 shell, DB Browser) can neither move a draft item into it, nor replace its
rows with INSERT/UPDATE OR REPLACE (REPLACE deletes without firing delete triggers), nor
change its cited documents, delete its tasks and their progress, touch the upstream
links of its items, or delete/rewrite the audit log. Our own undo of a report just
recorded still works."""

from __future__ import annotations

import sqlite3

import pytest

from kehoach_desktop.store import open_database

STAMP = "2026-01-05T08:00:00"


def _setup(path):
    db = open_database(path)
    c = db.conn
    c.execute(
        "INSERT INTO directives(id, doc_type, number, created_at, updated_at) VALUES (1, 'Nghị quyết', '01-NQ/TU', ?, ?)",
        (STAMP, STAMP),
    )
    c.execute(
        "INSERT INTO directives(id, doc_type, number, created_at, updated_at) VALUES (2, 'Chỉ thị', '02-CT/TU', ?, ?)",
        (STAMP, STAMP),
    )
    c.execute("INSERT INTO units(id, name) VALUES (1, 'Ban Tuyên giáo')")
    for pid, title in ((1, "Kế hoạch đã ban hành"), (2, "Dự thảo")):
        c.execute(
            "INSERT INTO plans(id, title, created_at, updated_at) VALUES (?, ?, ?, ?)", (pid, title, STAMP, STAMP)
        )
    c.execute("INSERT INTO plan_nodes(id, plan_id, position, text) VALUES (10, 1, 0, 'Mục đích')")
    c.execute("INSERT INTO plan_nodes(id, plan_id, position, text) VALUES (11, 1, 1, 'Nhiệm vụ')")
    c.execute("INSERT INTO plan_nodes(id, plan_id, position, text) VALUES (20, 2, 0, 'Mục của dự thảo')")
    c.execute("INSERT INTO plan_basis(plan_id, directive_id) VALUES (1, 1)")
    c.execute("INSERT INTO plan_basis(plan_id, directive_id) VALUES (2, 2)")
    c.execute("INSERT INTO node_upstream(node_id, directive_id, item_key) VALUES (11, 1, 'II.3')")
    c.execute(
        "INSERT INTO tasks(id, plan_id, node_id, title, lead_unit_id, created_at, updated_at) "
        "VALUES (100, 1, 11, 'Tuyên truyền', 1, ?, ?)",
        (STAMP, STAMP),
    )
    c.execute(
        "INSERT INTO tasks(id, plan_id, node_id, title, created_at, updated_at) VALUES (200, 2, 20, 'Nháp', ?, ?)",
        (STAMP, STAMP),
    )
    c.execute(
        "INSERT INTO progress(id, task_id, period_kind, period_year, result, recorded_at) "
        "VALUES (1000, 100, 'quarter', 2026, 'Đã tổ chức hội nghị', ?)",
        (STAMP,),
    )
    c.execute("UPDATE plans SET status = 'issued', number = '05-KH/ĐU', issued_at = ? WHERE id = 1", (STAMP,))
    db.audit("plan", 1, "issue")
    db.close()


SNAPSHOT = {
    "plans": "SELECT * FROM plans WHERE id = 1",
    "nodes": "SELECT * FROM plan_nodes WHERE plan_id = 1 ORDER BY id",
    "basis": "SELECT * FROM plan_basis WHERE plan_id = 1 ORDER BY directive_id",
    "tasks": "SELECT * FROM tasks WHERE plan_id = 1 ORDER BY id",
    "progress": "SELECT * FROM progress WHERE task_id = 100 ORDER BY id",
    "upstream": "SELECT * FROM node_upstream WHERE node_id IN (10, 11) ORDER BY node_id",
    "audit": "SELECT * FROM audit_log ORDER BY id",
}


def _snapshot(conn):
    return {k: conn.execute(sql).fetchall() for k, sql in SNAPSHOT.items()}


ATTACKS = {
    "move_draft_node_in": "UPDATE plan_nodes SET plan_id = 1 WHERE id = 20",
    "replace_plan": "INSERT OR REPLACE INTO plans(id, title, created_at, updated_at) VALUES (1, 'x', 'a', 'a')",
    "replace_plan_by_update": "UPDATE OR REPLACE plans SET id = 1 WHERE id = 2",
    "replace_node": "INSERT OR REPLACE INTO plan_nodes(id, plan_id, position, text) VALUES (10, 2, 5, 'x')",
    "replace_node_by_update": "UPDATE OR REPLACE plan_nodes SET id = 10 WHERE id = 20",
    "basis_update": "UPDATE plan_basis SET directive_id = 2 WHERE plan_id = 1",
    "basis_move_in": "UPDATE plan_basis SET plan_id = 1 WHERE plan_id = 2",
    "basis_replace": "INSERT OR REPLACE INTO plan_basis(plan_id, directive_id) VALUES (1, 1)",
    "delete_tasks": "DELETE FROM tasks WHERE plan_id = 1",
    "replace_task": "INSERT OR REPLACE INTO tasks(id, plan_id, title, created_at, updated_at) VALUES (100, 2, 'x', 'a', 'a')",
    "replace_task_by_update": "UPDATE OR REPLACE tasks SET id = 100 WHERE id = 200",
    "move_task_out": "UPDATE tasks SET plan_id = 2 WHERE id = 100",
    "delete_progress": "DELETE FROM progress WHERE task_id = 100",
    "update_progress": "UPDATE progress SET result = 'sửa lén' WHERE id = 1000",
    "replace_progress": "INSERT OR REPLACE INTO progress(id, task_id, period_kind, period_year, recorded_at) "
    "VALUES (1000, 200, 'year', 2026, 'a')",
    "upstream_insert": "INSERT INTO node_upstream(node_id, directive_id, item_key) VALUES (10, 2, 'I')",
    "upstream_update": "UPDATE node_upstream SET item_key = 'IX' WHERE node_id = 11",
    "upstream_delete": "DELETE FROM node_upstream WHERE node_id = 11",
    "upstream_replace": "INSERT OR REPLACE INTO node_upstream(node_id, directive_id, item_key) VALUES (11, 2, 'I')",
    "audit_delete": "DELETE FROM audit_log",
    "audit_rewrite": "UPDATE audit_log SET action = 'nothing'",
    "audit_back_in_time": "UPDATE audit_log SET at = '2000-01-01T00:00:00'",
    "audit_replace": "INSERT OR REPLACE INTO audit_log(id, at, user, entity, entity_id, action) "
    "VALUES ((SELECT MAX(id) FROM audit_log), 'a', 'b', 'c', 1, 'd')",
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_direct_sql_cannot_change_an_issued_plan(tmp_path, attack):
    path = tmp_path / "k.sqlite3"
    _setup(path)
    conn = sqlite3.connect(path)  # like the sqlite3 shell: none of our pragmas or functions
    try:
        before = _snapshot(conn)
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute(ATTACKS[attack])
            conn.commit()
        conn.rollback()
        assert _snapshot(conn) == before
    finally:
        conn.close()


@pytest.mark.parametrize("attack", ["delete_progress", "replace_node", "basis_update", "audit_delete"])
def test_our_own_connection_is_refused_too_with_a_vietnamese_reason(tmp_path, attack):
    path = tmp_path / "k.sqlite3"
    _setup(path)
    db = open_database(path)
    try:
        with pytest.raises(sqlite3.IntegrityError) as exc:
            db.execute(ATTACKS[attack])
        assert "không được" in str(exc.value)
    finally:
        db.close()


def test_draft_plans_and_the_app_itself_still_work(tmp_path):
    """What the program does keeps working: drafts change freely, a report on an issued
    plan is recorded and its undo removes it, the audit log folds repeated edits."""
    from kehoach_desktop.store import audit
    from kehoach_desktop.tracking import progress
    from kehoach_desktop.tracking.periods import Period

    path = tmp_path / "k.sqlite3"
    _setup(path)
    db = open_database(path)
    try:
        db.execute("UPDATE plan_nodes SET text = 'Sửa dự thảo' WHERE id = 20")
        db.execute("INSERT OR REPLACE INTO plan_basis(plan_id, directive_id) VALUES (2, 2)")
        db.execute("DELETE FROM tasks WHERE id = 200")
        db.execute("DELETE FROM plans WHERE id = 2")
        row_id = progress.record(
            db, 100, Period("quarter", 2026, 2), progress.Report(state="in_progress", result="Đang làm")
        )
        assert db.scalar("SELECT COUNT(*) FROM progress WHERE task_id = 100") == 2
        assert progress.delete_row(db, row_id) is not None
        assert db.scalar("SELECT COUNT(*) FROM progress WHERE task_id = 100") == 1
        with pytest.raises(sqlite3.IntegrityError):  # only the row being undone
            db.execute("DELETE FROM progress WHERE id = 1000")
        with db.transaction():
            audit.note_edit(db, "plan", 3, "edit")
        with db.transaction():
            audit.note_edit(db, "plan", 3, "edit")  # folded into the previous row: its time moves on
        assert db.scalar("SELECT COUNT(*) FROM audit_log WHERE entity_id = 3") == 1
    finally:
        db.close()
