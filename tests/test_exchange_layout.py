"""The Trao đổi tab at 1366×768 (the walk): its plan choosers were clipped mid-word with no
sign that the text goes on. They end in «…» now and say the whole text in their tooltip."""

from __future__ import annotations

from exchange_support import upper_office

from kehoach_desktop.ui.exchange import TAB_KEY


def test_the_plan_choosers_end_in_an_ellipsis_when_cut(open_window, qtbot, tmp_path):
    db, plan_id = upper_office(tmp_path / "tinh.sqlite3")
    window = open_window(db, TAB_KEY)
    window.resize(1366, 728)
    panel = window.tab(TAB_KEY)
    qtbot.waitExposed(window)
    combo = panel.issued
    assert combo.currentData() == plan_id
    long_text = combo.currentText() + " — thực hiện chuyển đổi số trong các cơ quan đảng, đoàn thể chính trị - xã hội"
    combo.setItemText(combo.currentIndex(), long_text)
    assert combo.fontMetrics().horizontalAdvance(long_text) > combo.width()  # it cannot fit
    shown = combo.shown_text()
    assert shown.endswith("…") and long_text.startswith(shown[:-1])
    assert combo.toolTip() == long_text
    combo.grab()  # painted with the elided text, without error
