"""Issue 20: on Linux the marks above capitals were cut off in the trees and lists ("ỦY BAN"):
every item row leaves room for stacked marks ("Ữ", "Ặ") in the font it is drawn with."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QTreeView
from screen_probe import STACKED, stacked_mark_room

from kehoach_desktop.demo import load_demo


def _rows_too_short(window) -> list[str]:
    out = []
    for view in window.findChildren(QAbstractItemView):
        model = view.model()
        if model is None or not view.isVisible() or not isinstance(view, (QTreeView, QListWidget)):
            continue
        if not model.rowCount(view.rootIndex()):
            continue
        rect = view.visualRect(model.index(0, 0, view.rootIndex()))
        need = stacked_mark_room(view.font())
        if rect.height() < need:
            out.append(f"{view.objectName() or type(view).__name__}: {rect.height()} < {need}")
    return out


def test_rows_of_every_tree_and_list_have_room_for_stacked_marks(open_window, db):
    plan_id = load_demo(db)
    window = open_window(db, tab="registry")
    fm = QFontMetrics(window.font())
    # The marks do rise above the ascent in the fonts used here (else this test proves nothing).
    assert -fm.tightBoundingRect(STACKED).top() > fm.ascent()
    assert not _rows_too_short(window)
    window.plans_panel.open_plan(plan_id)
    window.show_tab("plans")
    assert not _rows_too_short(window)
    window.show_tab("tracking")
    assert not _rows_too_short(window)


def _as_in_a_new_program(text_room) -> None:
    """The platform style, as a new program starts with (the suite's application keeps the
    style a former test installed)."""
    from PySide6.QtWidgets import QApplication, QStyleFactory

    text_room._installed = False
    QApplication.instance().setStyle(QStyleFactory.create("Fusion"))


def test_the_registry_rows_keep_their_room_when_the_style_takes_over(open_window, db, qtbot):
    """Issue 19: the style leaving the room comes once the window is up; until then the registry's
    tree (the first screen) leaves it itself, and the rows neither shrink nor double after."""
    from PySide6.QtWidgets import QApplication

    from kehoach_desktop.ui import text_room
    from kehoach_desktop.ui.main_window import WHEN_UP_MS

    load_demo(db)
    _as_in_a_new_program(text_room)
    window = open_window(db, tab="registry")
    view = window.registry_panel.level_view
    assert not text_room.installed()
    assert not _rows_too_short(window)
    before = view.visualRect(view.model().index(0, 0)).height()
    qtbot.waitUntil(text_room.installed, timeout=WHEN_UP_MS + 2000)
    qtbot.wait(10)
    assert type(QApplication.instance().style()).__name__ == "RoomForMarks"
    assert view.visualRect(view.model().index(0, 0)).height() == before
    window.registry_panel.search.setText("ban")  # the rows laid out anew, under the search marks
    window.registry_panel.apply_filter()
    QApplication.processEvents()
    assert view.visualRect(view.model().index(0, 0)).height() == before
    assert not _rows_too_short(window)


def test_a_tab_built_before_the_window_is_up_gets_the_style_first(open_window, db):

    from kehoach_desktop.ui import text_room

    plan_id = load_demo(db)
    _as_in_a_new_program(text_room)
    window = open_window(db, tab="registry")
    window.plans_panel.open_plan(plan_id)  # builds the tab: the style comes first
    assert text_room.installed()
    window.show_tab("plans")
    assert not _rows_too_short(window)


def test_plan_editor_split_leaves_room_for_the_tree_and_the_tab_titles(open_window, db, qtbot):
    """The walk found the tree 190 pixels wide (its items cut to «Giúp cán bộ…») once the right
    pane had room for its tabs; both get their share."""
    plan_id = load_demo(db)
    window = open_window(db, tab="plans")
    window.resize(1077, 566)  # 1366×768 at 125 %
    editor = window.plans_panel.editor
    window.plans_panel.open_plan(plan_id)
    qtbot.wait(10)
    editor.balance_split()
    tree, right = editor.splitter.sizes()
    assert tree >= (tree + right) // 3
    assert right >= editor.tabs.tabBar().sizeHint().width()


def test_tracking_shows_the_status_without_scrolling_at_125_percent(open_window, db, qtbot):
    from kehoach_desktop.ui.tracking.model import COL

    load_demo(db)
    window = open_window(db, tab="tracking")
    window.resize(1077, 566)  # the window on 1366×768 at 125 %
    qtbot.wait(10)
    table = window.tracking_panel.table
    header = table.horizontalHeader()
    visible = table.viewport().width()
    for key in ("title", "status"):
        right = header.sectionViewportPosition(COL[key]) + header.sectionSize(COL[key])
        assert header.sectionViewportPosition(COL[key]) >= 0 and right <= visible, key


def test_the_wheel_over_the_plan_year_scrolls_the_form_and_keeps_the_year(open_window, db, qtbot):
    """The walk: scrolling «Phần đầu, căn cứ» with the wheel changed «Năm kế hoạch» 2026 → 2018."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QScrollArea

    from kehoach_desktop.store import plans

    plan_id = load_demo(db)
    window = open_window(db, tab="plans")
    window.resize(1077, 566)
    window.plans_panel.open_plan(plan_id)
    editor = window.plans_panel.editor
    editor.show_page(editor.header_tab)
    qtbot.wait(10)
    spin = next(s for s in editor.header_tab.findChildren(QAbstractSpinBox) if s.isVisible())
    before = spin.value() if hasattr(spin, "value") else spin.text()
    area = next(a for a in editor.findChildren(QScrollArea) if a.widget() is editor.header_tab)
    bar = area.verticalScrollBar()
    top = bar.value()
    window.plans_panel.list.setFocus()
    center = QPointF(spin.rect().center())
    for _ in range(4):
        wheel = QWheelEvent(
            center,
            QPointF(spin.mapToGlobal(QPoint(5, 5))),
            QPoint(0, 0),
            QPoint(0, -120),
            Qt.NoButton,
            Qt.NoModifier,
            Qt.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(spin, wheel)
    after = spin.value() if hasattr(spin, "value") else spin.text()
    assert after == before
    assert plans.get_row(db, plan_id)["year"] == before
    assert bar.maximum() == 0 or bar.value() > top  # the form scrolled instead
