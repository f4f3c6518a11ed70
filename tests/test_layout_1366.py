"""Layout at 1366×768 left by the outside walk: the Nơi nhận table's fixed narrow columns."""

from __future__ import annotations

import itertools


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


def _gaps(dialog) -> list[int]:
    """Vertical gaps above, between and below the dialog's stacked parts (a label: its text)."""
    from PySide6.QtWidgets import QLabel

    lay = dialog.layout()
    spans = []
    for i in range(lay.count()):
        item = lay.itemAt(i)
        w = item.widget()
        if w is not None and not w.isVisible():
            continue
        rect = item.geometry()
        bottom = rect.top() + w.heightForWidth(rect.width()) if isinstance(w, QLabel) else rect.bottom()
        spans.append((rect.top(), bottom))
    edges = [(0, 0), *spans, (dialog.height(), dialog.height())]
    return [b[0] - a[1] for a, b in itertools.pairwise(edges)]


def test_the_first_run_dialog_has_no_empty_bands(qtbot):
    from kehoach_desktop.core.models import OfficeProfile
    from kehoach_desktop.ui.first_run import ProfileDialog

    d = ProfileDialog(OfficeProfile(), None, first_run=True)
    qtbot.addWidget(d.dialog)
    d.dialog.show()
    qtbot.waitExposed(d.dialog)
    assert max(_gaps(d.dialog)) <= 24, _gaps(d.dialog)
    assert d.dialog.height() <= 768 - 60
    d._accept()  # nothing typed: the error shows, and the buttons stay in the dialog
    assert d.error.isVisible() and d.error.text()
    from PySide6.QtWidgets import QDialogButtonBox

    assert d.dialog.findChild(QDialogButtonBox, "buttonBox").geometry().bottom() <= d.dialog.height()
