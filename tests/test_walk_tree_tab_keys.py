"""Found walking the window by keyboard alone: in the plan's tree Tab does not go to the next
field — it indents the selected item (Shift+Tab outdents), as in outliners — and Ctrl+Tab
leaves the tree. Neither the guide's key table nor the → / ← buttons' tooltips said so: a
secretary pressing Tab to reach the text restructured her plan without knowing why."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kehoach_desktop.resources import resource_path


def test_the_guide_names_the_tree_keys():
    guide = resource_path("help", "huong-dan.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", guide)
    keys = dict(rows)
    tab = next((v for k, v in keys.items() if k.startswith("Tab")), "")
    assert "thụt vào" in tab.lower() and "lùi ra" in tab.lower(), keys
    assert any("Ctrl+Tab" in k and "nội dung" in v for k, v in keys.items()), keys


def test_the_indent_buttons_say_tab(open_window, demo_db):
    window = open_window(demo_db)
    tools = window.plans_panel.editor.tool_buttons
    assert "Tab" in tools["indent"].toolTip() and "Alt" in tools["indent"].toolTip()
    assert "Shift+Tab" in tools["outdent"].toolTip()


def test_ctrl_tab_leaves_the_tree_for_the_item_fields(open_window, demo_db, qtbot):
    window = open_window(demo_db)
    window.show_tab("plans")
    editor = window.plans_panel.editor
    editor.tree.setFocus()
    qtbot.waitUntil(editor.tree.hasFocus)
    QTest.keyClick(editor.tree, Qt.Key_Tab, Qt.ControlModifier)
    assert not editor.tree.hasFocus()
