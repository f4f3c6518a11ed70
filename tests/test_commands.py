"""The promises every command stack keeps — the Qt-free ``UndoStack`` (CLI, tests) and the
GUI's ``AppContext.push`` over a ``QUndoStack``:

- a command with ``undoable = False`` (issuing) runs and clears the history;
- an undo or redo that fails changes nothing in the file and leaves the stack where it
  was, so the stack and the file agree.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.core.templates import BLANK
from kehoach_desktop.store import plan_ops, plans
from kehoach_desktop.store.commands import UndoStack

PROFILE = OfficeProfile(issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH", issuer_code="ĐU")


def node_count(db, plan_id: int) -> int:
    return db.scalar("SELECT COUNT(*) FROM plan_nodes WHERE plan_id = ?", (plan_id,))


def new_plan(db) -> int:
    """A draft from the blank template, its skeleton deleted: no items at all."""
    create = plan_ops.CreatePlan(BLANK, PROFILE, year=2026)
    UndoStack(db).push(create)
    assert create.plan_id is not None
    db.execute("DELETE FROM plan_nodes WHERE plan_id = ?", (create.plan_id,))
    return create.plan_id


def lock(db, plan_id: int) -> None:
    """Issue the plan behind the stack's back: edits of it are refused from now on."""
    plans.issue(db, plan_id, "07-KH/ĐU", dt.date(2026, 3, 1))


# -- the Qt-free stack ----------------------------------------------------------------------
def test_one_way_command_clears_the_history(db):
    plan_id = new_plan(db)
    stack = UndoStack(db)
    stack.push(plan_ops.AddNode(plan_id, None, "section", "NỘI DUNG"))
    stack.push(plan_ops.IssuePlan(plan_id, "01-KH/ĐU", dt.date(2026, 1, 5)))
    assert not stack.can_undo and not stack.can_redo
    assert plans.get_row(db, plan_id)["status"] == "issued"


def test_failed_undo_keeps_the_step_done(db):
    plan_id = new_plan(db)
    stack = UndoStack(db)
    stack.push(plan_ops.AddNode(plan_id, None, "section", "NỘI DUNG"))
    lock(db, plan_id)
    with pytest.raises(plans.PlanLocked):
        stack.undo()
    assert node_count(db, plan_id) == 1 and stack.can_undo and not stack.can_redo


def test_failed_redo_keeps_the_step_undone(db):
    plan_id = new_plan(db)
    stack = UndoStack(db)
    stack.push(plan_ops.AddNode(plan_id, None, "section", "NỘI DUNG"))
    stack.undo()
    lock(db, plan_id)
    with pytest.raises(plans.PlanLocked):
        stack.redo()
    assert node_count(db, plan_id) == 0 and stack.can_redo and not stack.can_undo


# -- the GUI's context ------------------------------------------------------------------------
@pytest.fixture
def ctx(db, qtbot, monkeypatch):
    from kehoach_desktop.ui import messages
    from kehoach_desktop.ui.context import AppContext

    context = AppContext(db)
    context.errors = []
    monkeypatch.setattr(messages, "error", lambda parent, text, title="", **kw: context.errors.append(text))
    return context


def test_push_honours_undoable(ctx):
    plan_id = new_plan(ctx.db)
    ctx.push(plan_ops.AddNode(plan_id, None, "section", "NỘI DUNG"))
    assert ctx.undo_stack.count() == 1
    ctx.push(plan_ops.IssuePlan(plan_id, "01-KH/ĐU", dt.date(2026, 1, 5)))
    assert ctx.undo_stack.count() == 0 and not ctx.undo_stack.canUndo()
    assert plans.get_row(ctx.db, plan_id)["status"] == "issued"


def test_failed_undo_in_the_gui_leaves_stack_and_file_in_agreement(ctx, qtbot):
    plan_id = new_plan(ctx.db)
    ctx.push(plan_ops.AddNode(plan_id, None, "section", "NỘI DUNG"))
    lock(ctx.db, plan_id)
    ctx.undo_stack.undo()
    qtbot.waitUntil(lambda: ctx.undo_stack.index() == 1, timeout=2000)
    assert node_count(ctx.db, plan_id) == 1  # the step is still done, in the file and on the stack
    assert ctx.undo_stack.canUndo() and not ctx.undo_stack.canRedo()
    assert ctx.errors and "ban hành" in ctx.errors[0]


def test_failed_redo_in_the_gui_leaves_stack_and_file_in_agreement(ctx, qtbot):
    plan_id = new_plan(ctx.db)
    ctx.push(plan_ops.AddNode(plan_id, None, "section", "NỘI DUNG"))
    ctx.undo_stack.undo()
    assert node_count(ctx.db, plan_id) == 0
    lock(ctx.db, plan_id)
    ctx.undo_stack.redo()
    qtbot.waitUntil(lambda: ctx.undo_stack.index() == 0, timeout=2000)
    assert node_count(ctx.db, plan_id) == 0 and ctx.undo_stack.canRedo() and not ctx.undo_stack.canUndo()
    assert len(ctx.errors) == 1 and ctx.undo_stack.count() == 1  # the step is kept, still undone
