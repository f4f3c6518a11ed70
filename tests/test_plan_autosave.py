"""Autosave of typing and recovery after a simulated crash."""

from __future__ import annotations

from test_plan_ops import new_plan

from kehoach_desktop.store import autosave, open_database, plan_ops, plans
from kehoach_desktop.store.commands import UndoStack


def test_recovery_after_crash(tmp_path):
    path = tmp_path / "crash.sqlite3"
    db = open_database(path)
    plan_id, stack = new_plan(db)
    node = plans.children_rows(db, plan_id, None)[1]["id"]
    autosave.stash(db, plan_id, f"node:{node}", "NỘI DUNG đang gõ dở")
    autosave.stash(db, plan_id, "field:title", "Kế hoạch tuyên truyền năm 2026")
    # Crash: the process dies without committing the edit as a command or closing cleanly.
    db.conn.close()

    db = open_database(path)
    found = autosave.pending(db)
    assert {(p.target, p.text) for p in found} == {
        (f"node:{node}", "NỘI DUNG đang gõ dở"),
        ("field:title", "Kế hoạch tuyên truyền năm 2026"),
    }
    assert {p.current for p in found} == {"NỘI DUNG", ""}
    stack = UndoStack(db)
    assert autosave.recover(db, found, stack.push) == 2
    assert plans.node_row(db, node)["text"] == "NỘI DUNG đang gõ dở"
    assert plans.get_row(db, plan_id)["title"] == "Kế hoạch tuyên truyền năm 2026"
    assert autosave.pending(db) == []
    stack.undo()  # recovery is an ordinary undoable edit
    stack.undo()
    assert plans.node_row(db, node)["text"] == "NỘI DUNG"
    db.close()


def test_committed_or_identical_text_is_not_offered(db):
    plan_id, stack = new_plan(db)
    node = plans.children_rows(db, plan_id, None)[0]["id"]
    autosave.stash(db, plan_id, f"node:{node}", "Mục đích mới")
    stack.push(plan_ops.EditNode(db, node, text="Mục đích mới"))
    assert autosave.pending(db) == []  # same text as stored: dropped
    autosave.stash(db, plan_id, f"node:{node}", "Khác")
    autosave.clear(db, plan_id, f"node:{node}")
    assert autosave.pending(db) == []


def test_stash_for_deleted_node_or_issued_plan_is_dropped(db):
    plan_id, stack = new_plan(db)
    first, second, _ = [r["id"] for r in plans.children_rows(db, plan_id, None)]
    autosave.stash(db, plan_id, f"node:{first}", "gõ dở")
    stack.push(plan_ops.DeleteNode(db, first))
    assert autosave.pending(db) == []
    autosave.stash(db, plan_id, f"node:{second}", "gõ dở")
    stack.push(plan_ops.IssuePlan(plan_id))
    assert autosave.pending(db) == []


def test_discard(db):
    plan_id, _ = new_plan(db)
    autosave.stash(db, plan_id, "field:closing", "Trên đây là …")
    items = autosave.pending(db)
    assert len(items) == 1
    autosave.discard(db, items)
    assert autosave.pending(db) == []
