"""Issue 20: every task field is saved as it is changed (no «Cập nhật nhiệm vụ» button),
and the plan's tasks are listed beside the tree. Checked through a separate sqlite3
connection, with a short but real commit interval."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from typing_helpers import type_text

from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.store import plans, profile
from kehoach_desktop.ui import messages
from kehoach_desktop.ui.plans import text_commit

COMMIT_MS = 150


@pytest.fixture(autouse=True)
def short_intervals(monkeypatch):
    monkeypatch.setattr(text_commit, "COMMIT_MS", COMMIT_MS)
    monkeypatch.setattr(text_commit, "STASH_MS", 60)


@pytest.fixture
def window(open_window, db, qtbot):
    profile.save(db, OfficeProfile(issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH", issuer_code="ĐU", place="Hòa Bình"))
    for name in ("Văn phòng Đảng ủy", "Ban Xây dựng Đảng", "Đoàn Thanh niên xã"):
        profile.add_unit(db, name)
    win = open_window(db, tab="plans")
    qtbot.wait(10)  # the start-up recovery offer has run
    return win


def in_file(path, sql, args=()):
    con = sqlite3.connect(path)
    try:
        row = con.execute(sql, args).fetchone()
        return None if row is None else row[0]
    finally:
        con.close()


def _plan_and_node(window):
    panel = window.plans_panel
    plan_id = panel.new_plan("blank", 2026)
    db = window.ctx.db
    node_id = plans.children_rows(db, plan_id, None)[1]["id"]
    panel.editor.select_node(node_id)
    return panel.editor, plan_id, node_id


def test_typing_into_a_task_field_saves_it_after_a_pause_as_one_undoable_step(window, qtbot):
    editor, _plan_id, node_id = _plan_and_node(window)
    path = window.ctx.db.path
    task = editor.task_panel
    assert task.btn_save.isVisible() and task.btn_save.text() == "Đánh dấu là nhiệm vụ"
    assert in_file(path, "SELECT COUNT(*) FROM tasks WHERE node_id = ?", (node_id,)) == 0
    task.product.setFocus()
    type_text(task.product, "Báo cáo sơ kết ", unikey=True)  # a trailing space, then a pause
    assert in_file(path, "SELECT COUNT(*) FROM tasks WHERE node_id = ?", (node_id,)) == 0  # not yet: typing
    qtbot.wait(COMMIT_MS * 4)
    assert in_file(path, "SELECT product FROM tasks WHERE node_id = ?", (node_id,)) == "Báo cáo sơ kết"
    # The field with the cursor was not rewritten under it (the stored value is trimmed).
    assert task.product.text() == "Báo cáo sơ kết " and task.product.hasFocus()
    type_text(task.product, "6 tháng", unikey=True)
    qtbot.wait(COMMIT_MS * 4)
    assert in_file(path, "SELECT product FROM tasks WHERE node_id = ?", (node_id,)) == "Báo cáo sơ kết 6 tháng"
    # Once a task, no button to press: the fields are saved as they change.
    assert task.btn_save.isHidden()
    assert not [b for b in task.findChildren(QPushButton) if "Cập nhật" in b.text()]
    window.undo_action.trigger()
    assert in_file(path, "SELECT product FROM tasks WHERE node_id = ?", (node_id,)) == "Báo cáo sơ kết"
    assert task.product.text() == "Báo cáo sơ kết"
    window.undo_action.trigger()  # the first pause made the item a task: undo un-marks it
    assert in_file(path, "SELECT COUNT(*) FROM tasks WHERE node_id = ?", (node_id,)) == 0


def test_picks_and_ticks_are_saved_at_once(window, qtbot):
    editor, _plan_id, node_id = _plan_and_node(window)
    path = window.ctx.db.path
    task = editor.task_panel
    lead = task.lead.findText("Ban Xây dựng Đảng")
    task.lead.setCurrentIndex(lead)
    task.lead.activated.emit(lead)  # as the user's pick
    lead_id = task.lead.itemData(lead)
    assert in_file(path, "SELECT lead_unit_id FROM tasks WHERE node_id = ?", (node_id,)) == lead_id
    helper = task.helpers.item(2)
    helper.setCheckState(Qt.Checked)
    task_id = in_file(path, "SELECT id FROM tasks WHERE node_id = ?", (node_id,))
    assert in_file(path, "SELECT unit_id FROM task_units WHERE task_id = ?", (task_id,)) == helper.data(Qt.UserRole + 1)
    kind = task.kind.findData("ongoing")
    task.kind.setCurrentIndex(kind)
    task.kind.activated.emit(kind)
    assert in_file(path, "SELECT deadline_kind FROM tasks WHERE id = ?", (task_id,)) == "ongoing"
    # Each was one step: three undos go back to an item that is no task.
    for _ in range(3):
        window.undo_action.trigger()
    assert in_file(path, "SELECT COUNT(*) FROM tasks WHERE node_id = ?", (node_id,)) == 0


def _check_box_centre(view, row):
    """Where the tick box of *row* is drawn (the style's own rectangle, as the user sees it)."""
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    index = view.model().index(row, 0)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    view.itemDelegate().initStyleOption(option, index)
    return view.style().subElementRect(QStyle.SE_ItemViewItemCheckIndicator, option, view).center()


def test_a_cooperating_unit_is_ticked_with_the_mouse_or_the_space_bar(window, qtbot):
    """The walk at 1366×768 found «Phối hợp» drawn without tick boxes: a click only highlighted
    the unit and nothing was saved (the tests ticked through setCheckState)."""
    editor, _plan_id, node_id = _plan_and_node(window)
    path = window.ctx.db.path
    task = editor.task_panel
    view = task.helpers
    assert view.count() == 3
    for i in range(view.count()):  # a box is drawn for every unit, ticked or not
        assert view.item(i).data(Qt.CheckStateRole) is not None, view.item(i).text()
    QTest.mouseClick(view.viewport(), Qt.LeftButton, Qt.NoModifier, _check_box_centre(view, 1))
    assert view.item(1).checkState() == Qt.Checked
    task_id = in_file(path, "SELECT id FROM tasks WHERE node_id = ?", (node_id,))
    assert task_id is not None
    assert in_file(path, "SELECT unit_id FROM task_units WHERE task_id = ?", (task_id,)) == view.item(1).data(
        Qt.UserRole + 1
    )
    view.setFocus()
    view.setCurrentRow(2)
    QTest.keyClick(view, Qt.Key_Space)
    assert view.item(2).checkState() == Qt.Checked
    assert in_file(path, "SELECT COUNT(*) FROM task_units WHERE task_id = ?", (task_id,)) == 2
    # Another item that is no task shows the boxes again, none ticked.
    other = plans.children_rows(window.ctx.db, editor.plan_id, None)[0]["id"]
    editor.select_node(other)
    assert all(view.item(i).checkState() == Qt.Unchecked for i in range(view.count()))
    assert all(view.item(i).data(Qt.CheckStateRole) is not None for i in range(view.count()))


def test_leaving_a_field_or_choosing_another_item_saves_at_once(window, qtbot):
    editor, plan_id, node_id = _plan_and_node(window)
    path = window.ctx.db.path
    task = editor.task_panel
    task.deadline_text.setFocus()
    type_text(task.deadline_text, "Quý 3/2026", unikey=True)
    QTest.keyClick(task.deadline_text, Qt.Key_Tab)  # the focus moves on: saved without a pause
    assert in_file(path, "SELECT deadline_text FROM tasks WHERE node_id = ?", (node_id,)) == "Quý 3/2026"
    task.product.setFocus()
    type_text(task.product, "Hội nghị quán triệt")
    other = plans.children_rows(window.ctx.db, plan_id, None)[0]["id"]
    editor.select_node(other)  # another item, no pause
    assert in_file(path, "SELECT product FROM tasks WHERE node_id = ?", (node_id,)) == "Hội nghị quán triệt"
    assert task.node.id == other and task.product.text() == ""


def test_a_date_being_typed_is_not_an_error_until_the_field_is_done(window, qtbot, monkeypatch):
    errors: list[str] = []
    monkeypatch.setattr(messages, "error", lambda parent, text, **k: errors.append(text))
    editor, _plan_id, node_id = _plan_and_node(window)
    path = window.ctx.db.path
    task = editor.task_panel
    kind = task.kind.findData("date")
    task.kind.setCurrentIndex(kind)
    task.kind.activated.emit(kind)
    task.end.setFocus()
    task.end.clear()
    type_text(task.end, "30/0")  # a pause in the middle of a date
    qtbot.wait(COMMIT_MS * 4)
    assert errors == [] and not task.problem.isHidden()  # said under the fields, no dialog
    type_text(task.end, "6/2026")
    qtbot.wait(COMMIT_MS * 4)
    assert in_file(path, "SELECT deadline_end FROM tasks WHERE node_id = ?", (node_id,)) == "2026-06-30"
    assert task.problem.isHidden() and task.end.text() == "30/06/2026"
    task.end.selectAll()
    type_text(task.end, "31/02/2026")
    assert not window.save_all()  # Ctrl+S: a date that does not exist is explained, nothing claimed
    assert errors and "Ngày kết thúc" in errors[-1]
    assert in_file(path, "SELECT deadline_end FROM tasks WHERE node_id = ?", (node_id,)) == "2026-06-30"


def test_the_plan_task_list_shows_unit_deadline_status_and_selects_the_item(window, qtbot):
    editor, plan_id, node_id = _plan_and_node(window)
    tasks = editor.task_list
    assert tasks.rowCount() == 0 and "chưa có" in editor.task_list_label.text()
    task = editor.task_panel
    lead = task.lead.findText("Văn phòng Đảng ủy")
    task.lead.setCurrentIndex(lead)
    task.lead.activated.emit(lead)
    task.end.setFocus()
    type_text(task.end, "31/12/2026")
    QTest.keyClick(task.end, Qt.Key_Tab)
    assert tasks.rowCount() == 1
    cells = [tasks.item(0, c).text() for c in range(tasks.columnCount())]
    assert cells[1] == "Văn phòng Đảng ủy" and cells[2] == "31/12/2026" and "Chưa triển khai" in cells[3]
    assert cells[0].startswith("II.")  # the item as numbered in the plan
    assert tasks.currentRow() == 0  # follows the tree's selection
    # Another item selected in the tree: no row highlighted; a click on the row goes back to it.
    other = plans.children_rows(window.ctx.db, plan_id, None)[0]["id"]
    editor.select_node(other)
    assert tasks.currentRow() == -1
    rect = tasks.visualItemRect(tasks.item(0, 1))
    QTest.mouseClick(tasks.viewport(), Qt.LeftButton, pos=rect.center())
    assert editor.current_node_id() == node_id and task.node.id == node_id
    # Undo empties the list again.
    while window.ctx.undo_stack.canUndo() and plans.task_state(window.ctx.db, node_id) is not None:
        window.undo_action.trigger()
    assert tasks.rowCount() == 0


def test_undo_while_typing_undoes_the_typing_and_never_writes_an_undone_step_back(window, qtbot):
    editor, _plan_id, node_id = _plan_and_node(window)
    path = window.ctx.db.path
    task = editor.task_panel
    lead = task.lead.findText("Ban Xây dựng Đảng")
    task.lead.setCurrentIndex(lead)
    task.lead.activated.emit(lead)  # step 1: the item becomes a task led by the Ban
    task.product.setFocus()
    type_text(task.product, "Kế hoạch chi tiết")  # typing, no pause
    window.undo_action.trigger()  # Sửa → Hoàn tác: the typing is the step undone
    assert in_file(path, "SELECT product FROM tasks WHERE node_id = ?", (node_id,)) == ""
    assert task.product.text() == "" and not task.dirty
    window.undo_action.trigger()  # then the pick
    assert in_file(path, "SELECT COUNT(*) FROM tasks WHERE node_id = ?", (node_id,)) == 0
    qtbot.wait(COMMIT_MS * 4)  # nothing left to write back after a pause
    assert in_file(path, "SELECT COUNT(*) FROM tasks WHERE node_id = ?", (node_id,)) == 0
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert in_file(path, "SELECT product FROM tasks WHERE node_id = ?", (node_id,)) == "Kế hoạch chi tiết"


def test_typed_task_field_is_stashed_for_a_crash_and_cleared_when_saved(open_window, db, qtbot, monkeypatch):
    from kehoach_desktop.store import autosave, open_database
    from kehoach_desktop.store.commands import UndoStack

    monkeypatch.setattr(text_commit, "COMMIT_MS", 5000)  # no idle commit in this test
    profile.save(db, OfficeProfile(issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH", issuer_code="ĐU"))
    window = open_window(db, tab="plans")
    qtbot.wait(10)
    editor, plan_id, node_id = _plan_and_node(window)
    task = editor.task_panel
    task.product.setFocus()
    type_text(task.product, "Báo cáo chuyên đề ", unikey=True)
    qtbot.wait(200)  # > STASH_MS: on disk, though not committed
    target = f"task:{node_id}/product"
    assert in_file(db.path, "SELECT COUNT(*) FROM tasks WHERE node_id = ?", (node_id,)) == 0
    # What the next start would offer after a crash now (read through another connection).
    other = open_database(db.path)
    try:
        offered = {p.target: p for p in autosave.pending(other)}
        assert offered[target].text == "Báo cáo chuyên đề"
        UndoStack(other).push(autosave.recovery_command(other, offered[target]))
        assert in_file(db.path, "SELECT product FROM tasks WHERE node_id = ?", (node_id,)) == "Báo cáo chuyên đề"
    finally:
        other.close()
    # Saving the field clears its stash.
    type_text(task.product, "quý 3")
    assert window.save_all()
    assert in_file(db.path, "SELECT product FROM tasks WHERE node_id = ?", (node_id,)) == "Báo cáo chuyên đề quý 3"
    assert in_file(db.path, "SELECT COUNT(*) FROM meta WHERE key LIKE 'autosave/%'") == 0
    assert plan_id == editor.plan_id


def test_closing_with_a_date_that_does_not_exist_keeps_the_typing_for_the_next_start(
    window, qtbot, monkeypatch, open_window
):
    errors: list[str] = []
    monkeypatch.setattr(messages, "error", lambda parent, text, **k: errors.append(text))
    editor, plan_id, _node_id = _plan_and_node(window)
    task = editor.task_panel
    task.end.setFocus()
    task.end.clear()
    type_text(task.end, "31/02/2026")
    task.product.setFocus()  # leaving the date: not saved, said under the fields
    assert not task.problem.isHidden() and errors == []
    type_text(task.product, "Sơ kết")
    window.close()  # the commit is refused (and said); nothing typed may be lost
    assert errors and "Ngày kết thúc" in errors[-1]
    qtbot.wait(COMMIT_MS * 3)  # no timer of the closed window writes any more
    offers: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda parent, text, **k: offers.append(text) or False)
    open_window(window.ctx.db, tab="plans")
    qtbot.waitUntil(lambda: bool(offers), timeout=3000)
    assert "Sơ kết" in offers[0] and "đột ngột" not in offers[0]  # a clean quit, not a crash
    assert plan_id == editor.plan_id


def test_the_task_list_leaves_the_item_text_room_in_the_pane_of_a_1366_screen(window, qtbot):
    """At 1366×768 the pane beside the tree is about 430 px and the unit, deadline and status
    columns took 400 of it: the item's text showed «Xây d…» (the walk, w-walk-15)."""
    editor, _plan_id, _node_id = _plan_and_node(window)
    editor.task_panel.save()
    window.resize(1366, 728)
    qtbot.waitExposed(window)
    table = editor.task_list
    qtbot.waitUntil(lambda: table.rowCount() == 1)
    width = table.viewport().width()
    assert width < 600  # the pane really is narrow on this screen
    assert table.columnWidth(0) >= 0.38 * width, (table.columnWidth(0), width)
    assert sum(table.columnWidth(c) for c in range(table.columnCount())) <= width + 2  # no sideways scrolling
    # A column title too long for its narrow column ends in «…», never cut at both ends
    # («ình trạng», the walk of session 9).
    from PySide6.QtCore import Qt

    assert table.horizontalHeader().textElideMode() == Qt.ElideRight
    # A wide pane gives every column its full width again.
    table.resize(1000, table.height())
    qtbot.waitUntil(lambda: table.columnWidth(1) == 150)
    assert table.columnWidth(0) > 400
