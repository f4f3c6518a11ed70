"""Undo and redo from the plan's text fields: one history (the plan's commands), Ctrl+Y and
Ctrl+Shift+Z both redo, and the cursor lands where the change was.

The tester's walk: type into an item's text, pause longer than every commit timer, Ctrl+Z,
Ctrl+Y. On Linux the field took only Ctrl+Shift+Z as redo (Ctrl+Y then committed the field's
undone text as a new step and the redo was gone), the field's own undo left the file behind
the screen, and an undo from the menu or the tree set the text anew with the cursor at its start.
Every check reads the file through a separate sqlite3 connection.
"""

from __future__ import annotations

import sqlite3
import unicodedata

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from typing_helpers import type_text

from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.store import plans, profile
from kehoach_desktop.ui.plans import text_commit

COMMIT_MS = 150
STASH_MS = 60
PAUSE_MS = 4 * max(COMMIT_MS, STASH_MS)  # longer than every timer of text_commit


@pytest.fixture
def short_intervals(monkeypatch):
    monkeypatch.setattr(text_commit, "COMMIT_MS", COMMIT_MS)
    monkeypatch.setattr(text_commit, "STASH_MS", STASH_MS)


@pytest.fixture
def plan(short_intervals, open_window, db):
    profile.save(db, OfficeProfile(issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH", issuer_code="ĐU", place="Hòa Bình"))
    window = open_window(db, tab="plans")
    plan_id = window.plans_panel.new_plan("blank", 2026)
    nodes = [r["id"] for r in plans.children_rows(db, plan_id, None)]
    return window, plan_id, nodes


def _in_file(db, sql, key):
    """What the file holds, read by a connection of its own (not the window's)."""
    con = sqlite3.connect(db.path)
    try:
        return con.execute(sql, (key,)).fetchone()[0]
    finally:
        con.close()


def stored_node(db, node_id):
    return _in_file(db, "SELECT text FROM plan_nodes WHERE id = ?", node_id)


def stored_basis(db, plan_id):
    return _in_file(db, "SELECT basis_text FROM plans WHERE id = ?", plan_id)


def put_cursor(widget, position):
    cursor = widget.textCursor()
    cursor.setPosition(position)
    widget.setTextCursor(cursor)


def key(widget, letter, shift=False):
    mods = Qt.ControlModifier | (Qt.ShiftModifier if shift else Qt.NoModifier)
    QTest.keyClick(widget, letter, mods)


@pytest.mark.parametrize("redo_shift", [False, True], ids=["ctrl_y", "ctrl_shift_z"])
def test_item_text_undo_redo_keys_after_a_pause(plan, qtbot, redo_shift):
    window, _plan_id, nodes = plan
    db, editor = window.ctx.db, window.plans_panel.editor
    node = nodes[0]
    editor.select_node(node)
    widget = editor.node_text
    widget.setFocus()
    before = widget.toPlainText()
    put_cursor(widget, 4)  # «MỤC |ĐÍCH, YÊU CẦU»
    type_text(widget, "cụ thể ", unikey=True)
    after = before[:4] + "cụ thể " + before[4:]
    qtbot.wait(PAUSE_MS)
    assert stored_node(db, node) == after

    key(widget, Qt.Key_Z)
    assert widget.toPlainText() == before
    assert stored_node(db, node) == before  # the plan's history stepped, not a field's own
    assert widget.textCursor().position() == 4  # where the words were, not the text's start
    assert widget.hasFocus()

    if redo_shift:
        key(widget, Qt.Key_Z, shift=True)
    else:
        key(widget, Qt.Key_Y)
    assert widget.toPlainText() == after
    assert stored_node(db, node) == after
    assert widget.textCursor().position() == 4 + len("cụ thể ")  # after the redone words

    # Nothing left to redo: the key changes nothing (and commits nothing).
    key(widget, Qt.Key_Y)
    assert widget.toPlainText() == stored_node(db, node) == after


def test_ctrl_z_right_after_typing_undoes_that_typing_as_one_step(plan, qtbot):
    """No pause: the typing becomes a step first, so Ctrl+Z takes all of it back (Unikey's
    half-typed letters never come back one by one), and Ctrl+Y brings it again."""
    window, _plan_id, nodes = plan
    db, editor = window.ctx.db, window.plans_panel.editor
    editor.select_node(nodes[1])
    widget = editor.node_text
    widget.setFocus()
    widget.moveCursor(QTextCursor.End)
    before = widget.toPlainText()
    type_text(widget, " về đường lối", unikey=True)
    key(widget, Qt.Key_Z)
    assert widget.toPlainText() == stored_node(db, nodes[1]) == before
    assert widget.textCursor().position() == len(before)
    key(widget, Qt.Key_Y)
    assert widget.toPlainText() == stored_node(db, nodes[1]) == before + " về đường lối"
    assert widget.textCursor().position() == len(before + " về đường lối")
    qtbot.wait(PAUSE_MS)  # nothing was left to commit late over the redo
    assert stored_node(db, nodes[1]) == before + " về đường lối"
    assert window.ctx.undo_stack.canUndo() and not window.ctx.undo_stack.canRedo()


def test_undo_from_the_menu_shows_the_item_it_changed_with_the_cursor_there(plan, qtbot):
    window, _plan_id, nodes = plan
    db, editor = window.ctx.db, window.plans_panel.editor
    editor.select_node(nodes[0])
    widget = editor.node_text
    widget.setFocus()
    before = widget.toPlainText()
    put_cursor(widget, len("MỤC ĐÍCH"))
    type_text(widget, " chung")
    qtbot.wait(PAUSE_MS)
    # Same item, from the menu (the focus in the tree): the cursor goes to the change.
    editor.tree.setFocus()
    window.undo_action.trigger()
    assert widget.toPlainText() == stored_node(db, nodes[0]) == before
    assert widget.textCursor().position() == len("MỤC ĐÍCH")
    window.redo_action.trigger()
    assert widget.textCursor().position() == len("MỤC ĐÍCH chung")
    # Another item selected meanwhile: the undo brings the changed item back into view.
    editor.select_node(nodes[1])
    window.undo_action.trigger()
    assert editor.current_node_id() == nodes[0]
    assert widget.toPlainText() == before
    assert widget.textCursor().position() == len("MỤC ĐÍCH")


def test_cursor_stays_by_its_text_when_the_store_cleans_what_was_typed(plan, qtbot):
    """Text typed decomposed (Unikey «Unicode tổ hợp») is stored NFC; the text shown is then
    the stored one, and the cursor did not jump to the start while the person typed on."""
    window, _plan_id, nodes = plan
    db, editor = window.ctx.db, window.plans_panel.editor
    editor.select_node(nodes[0])
    widget = editor.node_text
    widget.setFocus()
    put_cursor(widget, 4)
    typed = unicodedata.normalize("NFD", "tổ hợp ")
    widget.textCursor().insertText(typed)
    at = widget.textCursor().position()
    qtbot.wait(PAUSE_MS)
    shown = widget.toPlainText()
    assert shown == stored_node(db, nodes[0]) and unicodedata.is_normalized("NFC", shown)
    assert widget.textCursor().position() == at - (len(typed) - len("tổ hợp "))  # after «tổ hợp »


def test_basis_field_ctrl_y_redoes_and_the_cursor_lands_at_the_change(plan, qtbot):
    window, plan_id, _nodes = plan
    db, editor = window.ctx.db, window.plans_panel.editor
    editor.show_page(editor.header_tab)
    widget = editor.header_tab.basis
    widget.setFocus()
    widget.moveCursor(QTextCursor.End)
    before = widget.toPlainText()
    type_text(widget, "\nCăn cứ Hướng dẫn số 73-HD/BTGTU", unikey=True)
    after = widget.toPlainText()
    qtbot.wait(PAUSE_MS)
    assert stored_basis(db, plan_id) == after
    put_cursor(widget, 0)
    key(widget, Qt.Key_Z)
    assert widget.toPlainText() == (stored_basis(db, plan_id) or "") == before
    assert widget.textCursor().position() == len(before)
    key(widget, Qt.Key_Y)
    assert widget.toPlainText() == stored_basis(db, plan_id) == after
    assert widget.textCursor().position() == len(after)


def test_an_undo_from_another_page_shows_the_basis_it_changed(plan, qtbot):
    """Căn cứ typed, then the item page shown and Ctrl+Z from the menu: the editor goes back
    to «Phần đầu, căn cứ» with the cursor at the change (it stayed on the item page)."""
    window, plan_id, nodes = plan
    db, editor = window.ctx.db, window.plans_panel.editor
    editor.show_page(editor.header_tab)
    widget = editor.header_tab.basis
    widget.setFocus()
    widget.moveCursor(QTextCursor.End)
    before = widget.toPlainText()
    type_text(widget, "\nCăn cứ Hướng dẫn số 73-HD/BTGTU", unikey=True)
    qtbot.wait(PAUSE_MS)
    editor.select_node(nodes[0])
    editor.show_page(editor.node_text.parentWidget())
    assert editor.current_page() is not editor.header_tab
    window.undo_action.trigger()
    assert (stored_basis(db, plan_id) or "") == widget.toPlainText() == before
    assert editor.current_page() is editor.header_tab
    assert widget.textCursor().position() == len(before)


def test_the_field_has_no_history_of_its_own(plan):
    """One history: the plan's, also after the text is set anew."""
    window, _plan_id, nodes = plan
    editor = window.plans_panel.editor
    for widget in (editor.node_text, editor.header_tab.basis, editor.header_tab.closing):
        assert not widget.isUndoRedoEnabled()
    editor.select_node(nodes[1])
    assert not editor.node_text.isUndoRedoEnabled()


def _menu_steps(committer):
    menu = committer.context_menu(committer.editor.rect().center())
    steps = {a.objectName(): a for a in menu.actions() if a.objectName() in ("edit-undo", "edit-redo")}
    return menu, steps["edit-undo"], steps["edit-redo"]


def test_right_click_hoan_tac_and_lam_lai_step_the_plans_history(plan, qtbot):
    """The field's right-click «Hoàn tác»/«Làm lại» were greyed out (the walk): they step the
    plan's history as Ctrl+Z / Ctrl+Y do, and say those keys."""
    window, _plan_id, nodes = plan
    db, editor = window.ctx.db, window.plans_panel.editor
    editor.select_node(nodes[0])
    widget = editor.node_text
    widget.setFocus()
    widget.moveCursor(QTextCursor.End)
    before = widget.toPlainText()
    type_text(widget, " (sửa)")
    menu, undo, redo = _menu_steps(editor.node_commit)
    assert undo.isEnabled() and not redo.isEnabled()  # the typing is a step to undo
    assert undo.text().replace("&", "") == "Hoàn tác\tCtrl+Z" and redo.text().replace("&", "") == "Làm lại\tCtrl+Y"
    undo.trigger()
    assert widget.toPlainText() == stored_node(db, nodes[0]) == before
    menu.deleteLater()
    menu, undo, redo = _menu_steps(editor.node_commit)
    assert redo.isEnabled()
    redo.trigger()
    assert widget.toPlainText() == stored_node(db, nodes[0]) == before + " (sửa)"
    assert widget.textCursor().position() == len(before + " (sửa)")
    menu.deleteLater()
