"""Layout at 1366×768 left by the outside walk: the Nơi nhận table's fixed narrow columns."""

from __future__ import annotations


def test_the_recipients_table_fills_its_pane(open_window, demo_db, qtbot):
    window = open_window(demo_db, "plans")
    window.resize(1366, 728)
    qtbot.waitExposed(window)
    panel = window.plans_panel
    plan_id = demo_db.scalar("SELECT id FROM plans ORDER BY id DESC LIMIT 1")
    panel.open_plan(plan_id)
    editor = panel.editor
    editor.tabs.setCurrentIndex([editor.tabs.tabText(i) for i in range(editor.tabs.count())].index("Nơi nhận, chữ ký"))
    table = editor.recipients_tab.table
    qtbot.waitUntil(lambda: table.isVisible() and table.viewport().width() > 0)
    used = table.columnWidth(0) + table.columnWidth(1)
    assert abs(table.viewport().width() - used) <= 2, (table.viewport().width(), used)  # no empty band
    header = table.horizontalHeader()
    assert table.columnWidth(1) >= header.fontMetrics().horizontalAdvance("Để báo cáo")
