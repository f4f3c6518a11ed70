"""The first screen is built without naming PySide6's ``Qt`` namespace (issue 19, ui.qt_values):
every setting it used to make with a ``Qt`` enum still holds, made another way — an enum
property by its key's name, shortcuts through ``setShortcuts``, roles as Qt's ints, the
tree's column titles from a model of their own. A property set by a misspelt name fails
silently in Qt, so each one is read back here."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication

from kehoach_desktop.ui.qt_values import ItemRole
from kehoach_desktop.ui.tree_model import ID_ROLE, KIND_ROLE


def test_the_item_roles_are_qts_own_values():
    pairs = {
        "DISPLAY": "DisplayRole",
        "DECORATION": "DecorationRole",
        "EDIT": "EditRole",
        "TOOLTIP": "ToolTipRole",
        "FONT": "FontRole",
        "TEXT_ALIGNMENT": "TextAlignmentRole",
        "BACKGROUND": "BackgroundRole",
        "FOREGROUND": "ForegroundRole",
        "CHECK_STATE": "CheckStateRole",
        "USER": "UserRole",
    }
    ours = {name: getattr(ItemRole, name) for name in pairs}
    assert ours == {name: int(getattr(Qt.ItemDataRole, qt)) for name, qt in pairs.items()}
    roles = {"id": ID_ROLE, "kind": KIND_ROLE}
    assert roles == {"id": Qt.ItemDataRole.UserRole + 1, "kind": Qt.ItemDataRole.UserRole + 2}


def test_high_dpi_scaling_passes_the_exact_factor_through(qapp):
    """125 % and 150 % displays: Qt 6's default, no longer set by the program."""
    assert QGuiApplication.highDpiScaleFactorRoundingPolicy() == Qt.HighDpiScaleFactorRoundingPolicy.PassThrough


def test_the_window_settings_made_by_name_hold(open_window, demo_db):
    window = open_window(demo_db)
    assert window.toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextOnly
    panel = window.registry_panel
    assert panel.splitter.orientation() == Qt.Orientation.Horizontal  # list beside the details
    assert panel.level_view.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    assert panel.chain_view.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    for act in (panel.act_edit, panel.act_delete):
        assert act.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut
    banner = window.demo_banner  # the demo file's strip, shown at start
    assert banner is not None and window.toolBarArea(banner) == Qt.ToolBarArea.TopToolBarArea
    assert banner.label.textInteractionFlags() == Qt.TextInteractionFlag.TextSelectableByMouse


def test_the_shortcuts_set_at_start_still_answer(open_window, demo_db):
    window = open_window(demo_db)
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert window.derive.action.shortcut() == QKeySequence("Ctrl+Shift+K")
    shortcuts = {a.shortcut().toString() for a in window.findChildren(type(window.undo_action))}
    assert {"Ctrl+F", "Ctrl+S", "Ctrl+O"} <= shortcuts, shortcuts
    assert window.registry_panel.act_edit.shortcut() == QKeySequence("F2")


def test_the_registry_tree_shows_its_column_titles(open_window, demo_db):
    window = open_window(demo_db)
    panel = window.registry_panel
    for view, model in ((panel.level_view, panel.level_model), (panel.chain_view, panel.chain_model)):
        header = view.header()
        assert not header.isHidden() and header.count() == len(model.headers)
        titles = [header.model().headerData(i, Qt.Orientation.Horizontal) for i in range(header.count())]
        assert titles == list(model.headers)
        assert model.headerData(0, Qt.Orientation.Horizontal) == model.headers[0]  # for other callers
    QApplication.processEvents()
    assert panel.level_view.header().sectionSize(1) == 90  # the date column keeps its width
