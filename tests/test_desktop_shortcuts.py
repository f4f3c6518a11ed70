"""Tệp → Lưu (Ctrl+S) and the keyboard shortcuts the menus promise (pytest-qt, offscreen)."""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from typing_helpers import type_text

from kehoach_desktop.resources import resource_path
from kehoach_desktop.store import autosave, plans
from kehoach_desktop.ui import messages


@pytest.fixture
def said(monkeypatch):
    out = {"info": [], "error": []}
    monkeypatch.setattr(messages, "info", lambda parent, text, title="": out["info"].append(text))
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": out["error"].append(text))
    return out


@pytest.fixture
def window(open_window, demo_db):
    win = open_window(demo_db)
    win.activateWindow()
    return win


def _in_file(path: Path, sql: str, params=()):
    """Read the database file with a connection of its own: only committed data is there."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


def _press_save(window, widget) -> None:
    assert window.save_action.shortcut() == QKeySequence(QKeySequence.Save)
    assert window.save_action.shortcut().toString() == "Ctrl+S"
    QTest.keyClick(widget, Qt.Key_S, Qt.ControlModifier)


def _open_first_node(window):
    panel = window.plans_panel
    editor = panel.editor
    window.show_tab("plans")
    plan_id = plans.list_rows(window.ctx.db)[0]["id"]
    panel.open_plan(plan_id)
    first = plans.children_rows(window.ctx.db, plan_id, None)[0]["id"]
    editor.select_node(first)
    return editor, plan_id, first


def test_ctrl_s_writes_the_text_being_typed_into_the_file(window, qtbot, said):
    editor, _plan_id, node = _open_first_node(window)
    path = window.ctx.db.path
    before = plans.node_row(window.ctx.db, node)["text"]
    editor.node_text.setFocus()
    editor.node_text.moveCursor(QTextCursor.End)
    type_text(editor.node_text, " — Đảng ủy bổ sung", unikey=True)
    assert editor.node_commit.pending  # typed, not committed yet
    assert _in_file(path, "SELECT text FROM plan_nodes WHERE id = ?", (node,)) == before
    _press_save(window, editor.node_text)
    stored = _in_file(path, "SELECT text FROM plan_nodes WHERE id = ?", (node,))
    assert stored == before + " — Đảng ủy bổ sung" and unicodedata.is_normalized("NFC", stored)
    assert not editor.node_commit.pending
    assert autosave.pending(window.ctx.db) == []  # the crash stash is cleared
    assert editor.node_text.hasFocus()  # the user types on where they were
    message = window.statusBar().currentMessage()
    assert message.startswith("Đã lưu lúc ")
    hour, minute = message.removeprefix("Đã lưu lúc ").split(":")
    assert 0 <= int(hour) < 24 and 0 <= int(minute) < 60 and len(minute) == 2
    assert said["error"] == []
    # One undoable step, as when the editor commits by itself.
    window.undo_action.trigger()
    assert _in_file(path, "SELECT text FROM plan_nodes WHERE id = ?", (node,)) == before


def test_ctrl_s_with_nothing_pending_still_confirms(window, qtbot, said):
    _open_first_node(window)
    changes = window.ctx.db.conn.total_changes
    window.save_action.trigger()
    assert window.statusBar().currentMessage() == "Mọi thay đổi đã được lưu"
    assert window.ctx.db.conn.total_changes == changes  # nothing was written
    assert said["error"] == []


def test_ctrl_s_commits_a_header_field_and_a_recipient_cell_being_edited(window, qtbot, said):
    editor, plan_id, _node = _open_first_node(window)
    path = window.ctx.db.path
    editor.show_page(editor.header_tab)
    title = editor.header_tab.lines["title"]
    title.setFocus()
    title.selectAll()
    type_text(title, "Kế hoạch học tập nghị quyết năm 2026")
    assert _in_file(path, "SELECT title FROM plans WHERE id = ?", (plan_id,)) != title.text()
    _press_save(window, title)
    assert _in_file(path, "SELECT title FROM plans WHERE id = ?", (plan_id,)) == "Kế hoạch học tập nghị quyết năm 2026"
    assert title.hasFocus()
    assert window.statusBar().currentMessage().startswith("Đã lưu lúc ")

    # A Nơi nhận cell open for editing: its text reaches the plan without leaving the cell.
    tab = editor.recipients_tab
    editor.show_page(tab)
    tab.add_row()
    cell_editor = QApplication.focusWidget()
    assert cell_editor is not None and tab.table.isAncestorOf(cell_editor)
    type_text(cell_editor, "Ban Tuyên giáo Huyện ủy")
    _press_save(window, cell_editor)
    recipients = _in_file(path, "SELECT recipients_json FROM plans WHERE id = ?", (plan_id,))
    assert "Ban Tuyên giáo Huyện ủy" in recipients
    assert said["error"] == []


def test_ctrl_s_saves_task_fields_changed_without_the_button(window, qtbot, said):
    editor, plan_id, _node = _open_first_node(window)
    db, path = window.ctx.db, window.ctx.db.path
    panel = editor.task_panel
    # An item that is already a task: change what it should produce.
    task = db.one(
        "SELECT id, node_id, product FROM tasks WHERE plan_id = ? AND node_id IS NOT NULL ORDER BY position LIMIT 1",
        (plan_id,),
    )
    editor.select_node(task["node_id"])
    assert panel.state is not None and not panel.dirty
    panel.product.setFocus()
    panel.product.selectAll()
    type_text(panel.product, "Báo cáo sơ kết")
    assert panel.dirty
    _press_save(window, panel.product)
    assert _in_file(path, "SELECT product FROM tasks WHERE id = ?", (task["id"],)) == "Báo cáo sơ kết"
    assert window.statusBar().currentMessage().startswith("Đã lưu lúc ") and not panel.dirty

    # An unmarked item: the text being typed and the lead unit chosen are saved together,
    # and committing the text does not re-suggest over the unit the user picked.
    node = next(
        n
        for n in (r["id"] for r in db.all("SELECT id FROM plan_nodes WHERE plan_id = ? ORDER BY id", (plan_id,)))
        if plans.task_state(db, n) is None
    )
    editor.select_node(node)
    before = plans.node_row(db, node)["text"]
    editor.node_text.setFocus()
    editor.node_text.moveCursor(QTextCursor.End)
    type_text(editor.node_text, " trong quý 3/2026", unikey=True)
    unit = panel.lead.count() - 1
    panel.lead.setCurrentIndex(unit)
    panel.lead.activated.emit(unit)  # as when the user picks it
    unit_id = panel.lead.itemData(unit)
    # A pick is saved at once (issue 20): the item is a task with that lead unit now.
    assert _in_file(path, "SELECT lead_unit_id FROM tasks WHERE node_id = ?", (node,)) == unit_id
    editor.node_commit.commit_now()  # what the idle timer does after a pause
    assert plans.node_row(db, node)["text"] == before + " trong quý 3/2026"
    assert panel.lead.currentData() == unit_id  # the pick is not re-suggested away
    type_text(editor.node_text, ", báo cáo")
    _press_save(window, editor.node_text)
    assert _in_file(path, "SELECT text FROM plan_nodes WHERE id = ?", (node,)) == before + " trong quý 3/2026, báo cáo"
    assert _in_file(path, "SELECT lead_unit_id FROM tasks WHERE node_id = ?", (node,)) == unit_id
    assert said["error"] == []


def test_ctrl_s_says_so_when_a_typed_value_is_refused(window, qtbot, said):
    editor, plan_id, _node = _open_first_node(window)
    editor.show_page(editor.header_tab)
    date = editor.header_tab.date
    date.setFocus()
    date.selectAll()
    type_text(date, "31/02/2026")
    _press_save(window, date)
    assert said["error"], "the wrong date is explained"
    assert window.statusBar().currentMessage().startswith("Chưa lưu được")
    assert _in_file(window.ctx.db.path, "SELECT plan_date FROM plans WHERE id = ?", (plan_id,)) != "2026-02-31"


def test_ctrl_s_in_a_read_only_second_instance_explains_and_writes_nothing(qtbot, tmp_path, said, monkeypatch):
    from kehoach_desktop import app as app_module
    from kehoach_desktop.demo import load_demo
    from kehoach_desktop.safety.startup import open_for_gui
    from kehoach_desktop.store import open_database
    from kehoach_desktop.ui.safety import session as safety_session

    monkeypatch.setattr(safety_session, "_ask_switch", lambda parent, who: False)  # "Mở chỉ để xem"
    path = tmp_path / "k.sqlite3"
    db = open_database(path)
    load_demo(db, last_year=False)
    db.close()
    first = open_for_gui(path)  # another program holds the file for writing
    try:
        session = app_module.Session(QApplication.instance())
        assert session.open(path)
        w = session.window
        qtbot.addWidget(w)
        assert session.ctx.read_only
        size = path.stat().st_size
        mtime = path.stat().st_mtime_ns
        assert w.save_action.isEnabled()  # it answers, rather than doing nothing
        assert w.save_all() is False
        assert said["error"] and "chỉ xem" in said["error"][-1] and "đóng chương trình kia" in said["error"][-1]
        assert "Không lưu được" in w.statusBar().currentMessage()
        assert (path.stat().st_size, path.stat().st_mtime_ns) == (size, mtime)
        w.close()
    finally:
        first.close()


# -- every shortcut the issue names, from the menus ----------------------------------------------

# (key sequence, menu, words the action's text must contain, enabled on a fresh demo window).
# Standard keys stay QKeySequence.StandardKey until the test: resolving them needs the QApplication.
SHORTCUTS = [
    ("Ctrl+N", QKeySequence.New, "plans", "Kế hoạch mới", True),
    ("Ctrl+S", QKeySequence.Save, "file", "Lưu", True),
    ("Ctrl+F", QKeySequence.Find, "edit", "Tìm", True),
    ("Ctrl+P", QKeySequence.Print, "plans", "Xem trước khi in", True),
    ("Ctrl+Z", QKeySequence.Undo, "edit", "Hoàn tác", False),  # nothing to undo yet
    ("Ctrl+Y", "Ctrl+Y", "edit", "Làm lại", False),
    ("F2", "F2", "registry", "Sửa", True),
    ("F1", QKeySequence.HelpContents, "help", "Hướng dẫn sử dụng", True),
    ("Ctrl+O", "Ctrl+O", "file", "Mở tệp dữ liệu", True),
    # the walk: F1 never said how a received Word/PDF/scan gets in (the first step of cụ thể hóa)
    ("Ctrl+I", "Ctrl+I", "file", "Nhập văn bản", True),
    ("Ctrl+Shift+I", "Ctrl+Shift+I", "file", "Nhập cả thư mục", True),
]


def _menu_actions(menu):
    for act in menu.actions():
        if act.menu() is not None:
            yield from _menu_actions(act.menu())
        elif not act.isSeparator():
            yield act


@pytest.mark.parametrize(("name", "key", "menu", "words", "enabled"), SHORTCUTS, ids=[s[0] for s in SHORTCUTS])
def test_each_named_shortcut_is_a_vietnamese_menu_action(window, name, key, menu, words, enabled):
    keys = QKeySequence(key)
    assert keys.toString() == name
    found = [a for key in window.menus for a in _menu_actions(window.menus[key]) if keys in a.shortcuts()]
    assert len(found) == 1, f"{keys.toString()}: {[a.text() for a in found]}"  # one action, no ambiguity
    act = found[0]
    assert act in list(_menu_actions(window.menus[menu]))
    text = act.text().replace("&", "")
    assert words in text and unicodedata.is_normalized("NFC", text)
    assert act.isEnabled() is enabled
    # The guide (F1) lists the shortcut.
    guide = resource_path("help", "huong-dan.html").read_text(encoding="utf-8")
    assert keys.toString() in guide


def test_shortcuts_do_their_job(window, qtbot, said, monkeypatch):
    from kehoach_desktop.ui.help import GuideDialog
    from kehoach_desktop.ui.plans import panel as panel_module
    from kehoach_desktop.ui.preview.controller import ExportController

    registry = window.registry_panel
    # Ctrl+F on the registry tab: its search field (the other tabs: test_ctrl_f_follows_the_tab).
    window.show_tab("registry")
    registry.level_view.setFocus()
    QTest.keyClick(registry.level_view, Qt.Key_F, Qt.ControlModifier)
    assert window.tabs.currentWidget() is registry and registry.search.hasFocus()
    # Ctrl+N: a new plan (the template dialog answered by the test).
    asked = []
    monkeypatch.setattr(panel_module.PlansPanel, "new_plan", lambda self, *a, **k: asked.append("new"))
    QTest.keyClick(registry.search, Qt.Key_N, Qt.ControlModifier)
    assert asked == ["new"]
    # Ctrl+P: the print preview of the open plan.
    previews = []
    monkeypatch.setattr(ExportController, "preview", lambda self, *a, **k: previews.append("preview"))
    QTest.keyClick(registry.search, Qt.Key_P, Qt.ControlModifier)
    assert previews == ["preview"]
    # F1: the guide.
    guides = []
    monkeypatch.setattr(GuideDialog, "exec", lambda self: guides.append(self.windowTitle()) or 0)
    QTest.keyClick(registry.search, Qt.Key_F1)
    assert guides and "Hướng dẫn" in guides[0]
    # Ctrl+Z / Ctrl+Y: undo and redo a plan edit, from the plan list.
    editor, _plan_id, node = _open_first_node(window)
    old = plans.node_row(window.ctx.db, node)["text"]
    editor.node_text.setFocus()
    editor.node_text.moveCursor(QTextCursor.End)
    type_text(editor.node_text, " (sửa)")
    window.save_action.trigger()
    assert plans.node_row(window.ctx.db, node)["text"] == old + " (sửa)"
    window.plans_panel.list.setFocus()
    QTest.keyClick(window.plans_panel.list, Qt.Key_Z, Qt.ControlModifier)
    assert plans.node_row(window.ctx.db, node)["text"] == old
    QTest.keyClick(window.plans_panel.list, Qt.Key_Y, Qt.ControlModifier)
    assert plans.node_row(window.ctx.db, node)["text"] == old + " (sửa)"


def test_ctrl_f_follows_the_tab(window, qtbot):
    """One Ctrl+F (Sửa → Tìm…); what it searches depends on the tab being shown."""
    registry, tracking, panel = window.registry_panel, window.tracking_panel, window.plans_panel
    assert window.find_action.shortcut() == QKeySequence(QKeySequence.Find)
    # Tracking: the task search, its text selected so typing replaces it.
    tracking.search.setText("báo cáo")
    window.show_tab("tracking")
    tracking.table.setFocus()
    QTest.keyClick(tracking.table, Qt.Key_F, Qt.ControlModifier)
    assert window.tabs.currentWidget() is tracking
    assert tracking.search.hasFocus() and tracking.search.selectedText() == "báo cáo"
    # Plans, no plan open: the filter of the plan list.
    window.show_tab("plans")  # opens the first plan (issue 20) …
    panel.editor.load(None)  # … so close it: a list with no plan open (as after deleting the open one)
    panel.btn_new.setFocus()  # (focusing the list would open its first plan)
    assert panel.editor.plan_id is None
    QTest.keyClick(panel.btn_new, Qt.Key_F, Qt.ControlModifier)
    assert window.tabs.currentWidget() is panel and panel.filter.hasFocus()
    assert not panel.editor.find_bar.isVisible()
    # Plans with a plan open: the editor's find bar, from the tree or from the item text.
    editor, _plan_id, _node = _open_first_node(window)
    for widget in (editor.tree, editor.node_text):
        editor.find_bar.hide()
        widget.setFocus()
        QTest.keyClick(widget, Qt.Key_F, Qt.ControlModifier)
        assert editor.find_bar.isVisible() and editor.find_bar.field.hasFocus()
        assert window.tabs.currentWidget() is panel and not registry.search.hasFocus()
    # The registry tab again: its own search.
    window.show_tab("registry")
    registry.level_view.setFocus()
    QTest.keyClick(registry.level_view, Qt.Key_F, Qt.ControlModifier)
    assert registry.search.hasFocus()
    # The registry menu keeps «Tìm văn bản» (no shortcut of its own: no ambiguous Ctrl+F).
    window.show_tab("plans")
    registry.act_find.trigger()
    assert window.tabs.currentWidget() is registry and registry.search.hasFocus()
    assert registry.act_find.shortcut().isEmpty()


def test_f2_in_the_plan_tree_goes_to_the_item_text(window, qtbot):
    editor, _plan_id, node = _open_first_node(window)
    editor.tree.setFocus()
    assert editor.edit_action in editor.tree.actions()  # also in the tree's right-click menu
    QTest.keyClick(editor.tree, Qt.Key_F2)
    assert editor.node_text.hasFocus()
    assert editor.node_text.textCursor().position() == len(plans.node_row(window.ctx.db, node)["text"])


def _accelerator(text: str) -> str | None:
    plain = text.split("\t")[0].replace("&&", "")
    return plain[plain.index("&") + 1].lower() if "&" in plain else None


def _all_menus(window):
    """The menu bar and every menu and submenu under it."""
    todo = [window.menuBar()]
    seen = []
    while todo:
        menu = todo.pop()
        seen.append(menu)
        todo += [a.menu() for a in menu.actions() if a.menu() is not None]
    return seen


def test_alt_keys_are_unique_in_every_menu_and_typeable(window):
    """Alt+letter must reach one entry; a letter with a Vietnamese mark (đ, ê, ơ…) cannot be
    pressed with Alt at all, so every mnemonic is a plain ASCII letter or digit."""
    menus = _all_menus(window)
    assert len(menus) >= 8
    problems = []
    for menu in menus:
        entries = [a.text() for a in menu.actions() if not a.isSeparator() and a.isVisible()]
        keys = [k for k in map(_accelerator, entries) if k]
        title = menu.title() if hasattr(menu, "title") else "thanh menu"
        for key in sorted({k for k in keys if keys.count(k) > 1}):
            problems.append(f"{title}: Alt+{key} ở {[e for e in entries if _accelerator(e) == key]}")
        problems += [f"{title}: Alt+{k}" for k in keys if not (k.isascii() and k.isalnum())]
        assert len(keys) >= len(entries) - 1, f"{title}: mục không có phím Alt: {entries}"
    assert not problems, problems


def test_view_menu_switches_tabs_and_shows_the_toolbar(window, qtbot):
    view = window.menus["view"]
    tab_actions = window.tab_actions
    assert [a.shortcut().toString() for a in tab_actions] == ["Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4"]
    assert [a.text() for a in tab_actions] == ["&1 Văn bản chỉ đạo", "&2 Kế hoạch", "&3 Theo dõi", "&4 Trao đổi"]
    QTest.keyClick(window, Qt.Key_2, Qt.ControlModifier)
    assert window.tabs.currentWidget() is window.tab("plans")
    assert tab_actions[1].isChecked() and not tab_actions[0].isChecked()
    window.show_tab("tracking")  # a click on the tab: the menu follows
    assert tab_actions[2].isChecked() and not tab_actions[1].isChecked()
    QTest.keyClick(window, Qt.Key_1, Qt.ControlModifier)
    assert window.tabs.currentWidget() is window.tab("registry")
    toolbar = next(a for a in view.actions() if a.text() == "Thanh &công cụ")
    assert toolbar.isChecked() and window.toolbar.isVisible()
    toolbar.trigger()
    assert not window.toolbar.isVisible()
    toolbar.trigger()
    assert window.toolbar.isVisible()
