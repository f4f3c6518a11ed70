"""Find in the plan editor (pytest-qt): Ctrl+F bar, folded matching, F3 / Enter, Esc, no writes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from typing_helpers import type_text

from kehoach_desktop.core.find import document_nodes, find_in_nodes
from kehoach_desktop.core.templates import BLANK
from kehoach_desktop.store import plan_ops, plans


@pytest.fixture
def window(open_window, db):
    win = open_window(db)
    win.activateWindow()
    win.show_tab("plans")
    return win


def _plan(window) -> tuple[int, dict[str, int]]:
    """I. MỤC ĐÍCH, YÊU CẦU / II. NỘI DUNG (nested items about tuyên truyền) / III. …"""
    from kehoach_desktop.core.models import OfficeProfile

    ctx = window.ctx
    create = plan_ops.CreatePlan(BLANK, OfficeProfile(issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH"), year=2026)
    ctx.push(create)
    plan_id = create.plan_id
    top = [r["id"] for r in plans.children_rows(ctx.db, plan_id, None)]
    ids = {"I": top[0], "II": top[1], "III": top[2]}

    def add(key, parent, kind, text):
        cmd = plan_ops.AddNode(plan_id, parent, kind, text)
        ctx.push(cmd)
        ids[key] = cmd.node_id

    add("purpose", ids["I"], "paragraph", "Quán triệt mục đích của Nghị quyết đến đảng viên.")
    add("media", ids["II"], "section", "Công tác tuyên truyền")
    add("bullet", ids["media"], "bullet", "Đẩy mạnh TUYÊN TRUYỀN trên hệ thống loa truyền thanh; tuyên truyền miệng.")
    add("deep", ids["bullet"], "bullet", "Đăng tin trên trang Đảng bộ xã")
    window.plans_panel.open_plan(plan_id)
    return plan_id, ids


def _open_bar(window):
    editor = window.plans_panel.editor
    editor.tree.setFocus()
    QTest.keyClick(editor.tree, Qt.Key_F, Qt.ControlModifier)
    bar = editor.find_bar
    assert bar.isVisible() and bar.field.hasFocus()
    return editor, bar


def test_find_goes_through_every_match_in_document_order_without_writing(window, qtbot):
    plan_id, ids = _plan(window)
    db = window.ctx.db
    editor, bar = _open_bar(window)
    assert bar.field.placeholderText() == "Tìm trong kế hoạch (có dấu hoặc không)…"
    writes = db.conn.total_changes
    editor.tree.collapseAll()  # a match inside a collapsed item is still shown

    type_text(bar.field, "tuyen truyen")  # no diacritics, lower case
    expected = find_in_nodes(document_nodes(editor.doc.sections), "tuyen truyen")
    assert [m.node_id for m in expected] == [ids["media"], ids["bullet"], ids["bullet"]]
    assert bar.matches == expected
    assert bar.count.text() == "1/3"
    assert editor.current_node_id() == ids["media"]
    assert editor.node_text.textCursor().selectedText() == "tuyên truyền"
    assert bar.field.hasFocus()  # typing goes on in the field
    assert bar.field.text() == "tuyen truyen"

    QTest.keyClick(bar.field, Qt.Key_Return)  # Enter: next
    assert bar.count.text() == "2/3" and editor.current_node_id() == ids["bullet"]
    assert editor.node_text.textCursor().selectedText() == "TUYÊN TRUYỀN"
    index = editor.model.index_of(ids["bullet"])
    assert editor.tree.isExpanded(index.parent()) and editor.tree.isExpanded(index.parent().parent())
    QTest.keyClick(bar.field, Qt.Key_F3)  # F3: next, in the same item
    assert bar.count.text() == "3/3" and editor.current_node_id() == ids["bullet"]
    cursor = editor.node_text.textCursor()
    assert cursor.selectedText() == "tuyên truyền" and cursor.selectionStart() > 40
    QTest.keyClick(bar.field, Qt.Key_F3)  # wraps to the first
    assert bar.count.text() == "1/3" and editor.current_node_id() == ids["media"]
    QTest.keyClick(bar.field, Qt.Key_F3, Qt.ShiftModifier)  # Shift+F3: previous (wraps to the last)
    assert bar.count.text() == "3/3" and editor.current_node_id() == ids["bullet"]
    QTest.keyClick(bar.field, Qt.Key_Return, Qt.ShiftModifier)  # Shift+Enter: previous
    assert bar.count.text() == "2/3"
    QTest.mouseClick(bar.btn_next, Qt.LeftButton)
    assert bar.count.text() == "3/3"
    QTest.mouseClick(bar.btn_prev, Qt.LeftButton)
    assert bar.count.text() == "2/3"
    # F3 from the tree too (the shortcut belongs to the whole editor).
    editor.tree.setFocus()
    QTest.keyClick(editor.tree, Qt.Key_F3)
    assert bar.count.text() == "3/3"

    # đ/d and tones: «dang» finds «đảng», «Đăng» and «Đảng»; nothing found says so.
    bar.field.setFocus()
    bar.field.selectAll()
    type_text(bar.field, "dang")
    assert [m.node_id for m in bar.matches] == [ids["purpose"], ids["deep"], ids["deep"]]
    assert bar.count.text().endswith("/3")
    bar.field.selectAll()
    type_text(bar.field, "không có chữ này")
    assert bar.count.text() == "Không thấy" and not bar.btn_next.isEnabled() and not bar.btn_prev.isEnabled()
    bar.field.clear()
    assert bar.count.text() == "" and bar.matches == []

    assert db.conn.total_changes == writes  # searching never wrote anything
    assert plans.load_document(db, plan_id).sections[1].children[0].text == "Công tác tuyên truyền"

    # Esc closes the bar and gives the focus back to the tree.
    bar.field.setFocus()
    QTest.keyClick(bar.field, Qt.Key_Escape)
    assert not bar.isVisible() and editor.tree.hasFocus()


def test_find_starts_at_the_selected_item_and_recounts_after_an_edit(window, qtbot):
    _plan_id, ids = _plan(window)
    editor = window.plans_panel.editor
    editor.select_node(ids["bullet"])
    editor, bar = _open_bar(window)
    type_text(bar.field, "tuyên truyền", unikey=True)  # the input method's backspace dance
    assert bar.field.text() == "tuyên truyền" and bar.field.hasFocus()
    assert bar.count.text() == "2/3" and editor.current_node_id() == ids["bullet"]  # not back to the top
    QTest.keyClick(bar.field, Qt.Key_F3)
    assert bar.count.text() == "3/3"  # the second place in the same item
    # An edit (here: through the undo stack) while the bar is open recounts, staying on that place.
    window.ctx.push(plan_ops.EditNode(window.ctx.db, ids["deep"], text="Đăng tin tuyên truyền trên trang Đảng bộ xã"))
    assert bar.count.text() == "3/4" and editor.current_node_id() == ids["bullet"]
    window.undo_action.trigger()
    assert bar.count.text() == "3/3"
    QTest.keyClick(bar.field, Qt.Key_F3)
    assert bar.count.text() == "1/3" and editor.current_node_id() == ids["media"]
    # Picked another item in the tree meanwhile: F3 / Shift+F3 go on from there.
    editor.select_node(ids["deep"])
    QTest.keyClick(bar.field, Qt.Key_F3, Qt.ShiftModifier)
    assert bar.count.text() == "3/3" and editor.current_node_id() == ids["bullet"]
    editor.select_node(ids["purpose"])
    QTest.keyClick(bar.field, Qt.Key_F3)
    assert bar.count.text() == "1/3" and editor.current_node_id() == ids["media"]
    editor.select_node(ids["III"])
    QTest.keyClick(bar.field, Qt.Key_F3)  # nothing after it: wraps to the first
    assert bar.count.text() == "1/3" and editor.current_node_id() == ids["media"]
    # Reopening keeps the last query, selected to type over.
    QTest.keyClick(bar.field, Qt.Key_Escape)
    _open_bar(window)
    assert bar.field.selectedText() == "tuyên truyền"


def test_find_bar_is_hidden_until_asked_and_closes_with_the_plan(window, qtbot):
    _plan(window)
    editor = window.plans_panel.editor
    assert not editor.find_bar.isVisible()
    _open_bar(window)
    window.plans_panel.editor.load(None)
    assert not editor.find_bar.isVisible()


def test_the_guide_explains_the_find_bar_and_the_appendix_action():
    from kehoach_desktop.resources import resource_path

    guide = resource_path("help", "huong-dan.html").read_text(encoding="utf-8")
    for words in ("Tìm trong kế hoạch", "F3", "Shift+F3", "Shift+Enter", "Esc", "Đánh dấu là phụ lục"):
        assert words in guide, words
