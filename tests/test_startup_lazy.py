"""Start-up pays for the first screen only (issue 19): the Kế hoạch, Theo dõi and Trao đổi
tabs are built when first shown or first needed, the heavy libraries are not imported until
used, and every tab, shortcut and menu action still reaches its panel when used first."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from kehoach_desktop.store import autosave, directives, plan_ops, plans, profile
from kehoach_desktop.store.commands import UndoStack
from kehoach_desktop.ui import messages
from kehoach_desktop.ui.context import AppContext
from kehoach_desktop.ui.main_window import MainWindow, TabPlaceholder

ROOT = Path(__file__).resolve().parent.parent
LAZY_TABS = ("plans", "tracking", "trao-doi")
PANEL_CLASSES = {"plans": "PlansPanel", "tracking": "TrackingPanel", "trao-doi": "ExchangePanel"}
# What the first screen (the registry) never needs: loaded when a feature runs.
HEAVY = (
    "reportlab",
    "openpyxl",
    "docx",
    "pypdfium2",
    "rapidfuzz",
    "xlsxwriter",
    "PIL",
    "lxml",
    "kehoach_desktop.ui.plans.panel",
    "kehoach_desktop.ui.plans.editor",
    "kehoach_desktop.ui.tracking.panel",
    "kehoach_desktop.ui.tracking.actions",
    "kehoach_desktop.ui.exchange.panel",
    "kehoach_desktop.tracking.excel_import",
    "kehoach_desktop.tracking.report",
    "kehoach_desktop.exchange.consolidate",
    "kehoach_desktop.exchange.container",
    "kehoach_desktop.core.derive",
    "kehoach_desktop.core.citations",
    "kehoach_desktop.importer",
    "kehoach_desktop.export.pdf",
    "kehoach_desktop.export.docx",
    "kehoach_desktop.store.plans",  # the plan model (numbering, deadlines, documents)
    "kehoach_desktop.ui.preview.controller",  # export and print: made on first use
    # Issue 19: the lock's old library (filelock: 12-20 ms of imports), and socket for the
    # host name and the SIGTERM wake-up (3 ms): neither on the way to the window.
    "filelock",
    "socket",
    # the search marks' delegate comes with the first search, not before the window
    "kehoach_desktop.ui.registry.highlight",
    # the backups run once the window is up, the recovery only for a file that cannot be
    # opened: their dataclasses cost ~1 ms each to make (KEHOACH_NO_BACKUP is set here)
    "kehoach_desktop.safety.backup",
    "kehoach_desktop.safety.recovery",
    # the style leaving rows room for stacked marks comes once the window is up (ui.text_room)
    "kehoach_desktop.ui.room_style",
    # the number patterns load when a document is written; the demo's data when it is made;
    # the watch for log-off and SIGTERM once the window is up (``signal``, a pipe)
    "kehoach_desktop.core.numbers",
    "kehoach_desktop.demo",
    "kehoach_desktop.ui.session_end",
    "signal",
    "kehoach_desktop.ui.unexpected",  # the box for an unforeseen error: imported when one comes
)

# Runs the real program (``--smoke``) and writes the modules loaded once the window is filled
# (``--smoke`` closes it then), before anything runs on closing.
PROBE = r"""
import enum, json, sys, traceback

# Where the first enum of the Qt namespace was made (its names come in argv): the line to fix.
QT_ENUMS = set(json.loads(sys.argv.pop(3)))
QT_NAMED_AT = []
_create = enum.EnumType._create_

def _watching(cls, class_name, names, **kw):
    if class_name in QT_ENUMS and not QT_NAMED_AT:
        QT_NAMED_AT.extend(traceback.format_stack(limit=14)[:-1])
    return _create(cls, class_name, names, **kw)

enum.EnumType._create_ = _watching
from kehoach_desktop.ui.main_window import MainWindow

close = MainWindow.close

def snapshot_then_close(window):
    import PySide6.QtCore

    qt_namespace = "Qt" in vars(PySide6.QtCore)  # PySide6 puts a type in its module when first named
    built = [k for k in window.tab_keys() if window.built_tab(k) is not None]
    chain_view = window.built_tab("registry").chain_view_built()
    wheel_guard = getattr(sys.modules.get("kehoach_desktop.ui.wheel_guard"), "_guard", None) is not None
    with open(sys.argv[1], "w", encoding="utf-8") as fh:
        json.dump(
            {
                "modules": sorted(sys.modules),
                "built": built,
                "chain_view": chain_view,
                "wheel_guard": wheel_guard,
                "qt_namespace": qt_namespace,
                "qt_named_at": QT_NAMED_AT,
            },
            fh,
        )
    return close(window)

MainWindow.close = snapshot_then_close
from kehoach_desktop.cli import main
sys.exit(main(["--db", sys.argv[2], "--smoke", *sys.argv[3:]]))
"""


def _window(qtbot, db, tmp_path, name="settings.ini") -> MainWindow:
    win = MainWindow(AppContext(db), settings=QSettings(str(tmp_path / name), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.show()
    return win


def _loaded_at_start(tmp_path, db_path, *extra) -> dict:
    out = tmp_path / "modules.json"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KEHOACH_NO_BACKUP": "1",
        "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(out), str(db_path), json.dumps(_qt_enum_names()), *extra],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def _qt_enum_names() -> list[str]:
    import enum

    from PySide6.QtCore import Qt

    return sorted(k for k, v in vars(Qt).items() if isinstance(v, type) and issubclass(v, enum.Enum))


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)]


def test_start_up_loads_no_heavy_library_and_builds_only_the_registry(tmp_path, demo_db):
    path = demo_db.path
    demo_db.close()
    seen = _loaded_at_start(tmp_path, path)
    assert seen["built"] == ["registry"]
    assert seen["chain_view"] is False  # the registry's second tree is made when its tab is shown
    assert seen["wheel_guard"] is False  # the registry has no field to guard: it comes once the window is up
    assert _heavy(seen["modules"]) == []
    assert "PySide6.QtWidgets" in seen["modules"] and "kehoach_desktop.ui.registry.panel" in seen["modules"]


def test_the_first_screen_never_names_the_qt_namespace(tmp_path, demo_db):
    """PySide6 makes all ~94 enums of ``Qt`` (~1,200 members) the first time anything names it:
    12-28 ms, the largest single cost left on the way to the window (issue 19, ui.qt_values).
    The window is built, filled and shown without it; on failure, the stack says which line."""
    path = demo_db.path
    demo_db.close()
    seen = _loaded_at_start(tmp_path, path)
    assert seen["built"] == ["registry"]
    assert not seen["qt_namespace"], "Qt named on the way to the first screen:\n" + "".join(seen["qt_named_at"])
    assert seen["qt_named_at"] == []


def test_start_up_on_another_tab_builds_that_tab_only(tmp_path, demo_db):
    path = demo_db.path
    demo_db.close()
    seen = _loaded_at_start(tmp_path, path, "--tab", "theo-doi")
    assert seen["built"] == ["registry", "tracking"]
    assert seen["wheel_guard"] is True  # a tab with fields: guarded from the start
    assert "kehoach_desktop.ui.tracking.panel" in seen["modules"]
    assert "kehoach_desktop.ui.room_style" in seen["modules"]  # its table's rows: room for "Ữ" from the start
    # The tab's own modules, and nothing of the others' or of the heavy libraries. Its counts
    # come from a worker: on a slow machine the window is up before they are (WHEN_UP_MS), and
    # what comes then (the watch for log-off and SIGTERM) may be loaded too.
    tracking = (
        "kehoach_desktop.ui.tracking",
        "kehoach_desktop.tracking",
        "kehoach_desktop.store.plans",
        "kehoach_desktop.ui.room_style",
        "kehoach_desktop.core.numbers",  # the progress rows' document numbers
        "kehoach_desktop.ui.session_end",
        "signal",
    )
    assert [m for m in _heavy(seen["modules"]) if not m.startswith(tracking)] == []


def test_only_the_registry_is_built_until_another_tab_is_needed(qtbot, demo_db, tmp_path):
    win = _window(qtbot, demo_db, tmp_path)
    qtbot.wait(20)  # the start-up timers with nothing to do (no stashed typing)
    assert win.tab_keys() == ["registry", *LAZY_TABS]
    assert win.built_tab("registry") is win.registry_panel
    for key in LAZY_TABS:
        assert win.built_tab(key) is None
        assert isinstance(win.tabs.widget(win.tab_keys().index(key)), TabPlaceholder)
    assert win.tabs.currentWidget() is win.registry_panel


@pytest.mark.parametrize("key", LAZY_TABS)
def test_a_tab_clicked_first_shows_its_panel_in_place(qtbot, demo_db, tmp_path, key):
    win = _window(qtbot, demo_db, tmp_path)
    index = win.tab_keys().index(key)
    title = win.tabs.tabText(index)
    win.tabs.setCurrentIndex(index)  # what a click on the tab does
    panel = win.tabs.currentWidget()
    assert type(panel).__name__ == PANEL_CLASSES[key] and panel.isVisible()
    assert win.built_tab(key) is panel and win.tab(key) is panel
    assert win.tabs.indexOf(panel) == index and win.tabs.tabText(index) == title and win.tabs.count() == 4
    assert [a.isChecked() for a in win.tab_actions] == [i == index for i in range(4)]  # Xem follows
    # The stand-in is gone (the other tabs keep theirs).
    qtbot.waitUntil(lambda: key not in [w.key for w in win.findChildren(TabPlaceholder)], timeout=3000)
    # Built once: showing it again gives the same panel.
    win.show_tab("registry")
    assert win.show_tab(key) is panel


@pytest.mark.parametrize("number, key", [(2, "plans"), (3, "tracking"), (4, "trao-doi")])
def test_ctrl_number_reaches_a_tab_never_shown(qtbot, demo_db, tmp_path, number, key):
    win = _window(qtbot, demo_db, tmp_path)
    action = win.tab_actions[number - 1]
    assert action.shortcut().toString() == f"Ctrl+{number}"
    action.trigger()
    panel = win.tabs.currentWidget()
    assert type(panel).__name__ == PANEL_CLASSES[key] and action.isChecked()
    assert panel.isAncestorOf(win.focusWidget()) or panel is win.focusWidget()


def test_a_part_asked_for_builds_its_tab_without_showing_it(qtbot, demo_db, tmp_path):
    win = _window(qtbot, demo_db, tmp_path)
    panel = win.tracking_panel
    assert win.built_tab("tracking") is panel and win.tabs.currentWidget() is win.registry_panel
    assert win.tabs.widget(win.tab_keys().index("tracking")) is panel
    assert win.plans_panel is win.tab("plans") and win.exchange_panel is win.tab("trao-doi")
    qtbot.waitUntil(lambda: not win.findChildren(TabPlaceholder), timeout=3000)


def test_menu_actions_build_the_panel_they_act_on(qtbot, demo_db, tmp_path, monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(messages, "info", lambda parent, text, **kw: said.append(text))
    win = _window(qtbot, demo_db, tmp_path)
    by_text = {a.text().replace("&", ""): a for a in win.menus["tracking"].actions()}
    by_text["Bảng theo dõi nhiệm vụ"].trigger()
    assert type(win.tabs.currentWidget()).__name__ == "TrackingPanel"
    win.show_tab("registry")
    by_text["Tổng quan (biểu đồ theo đơn vị)"].trigger()
    assert win.tabs.currentWidget() is win.tracking_panel
    assert win.tracking_panel.tabs.currentWidget() is win.tracking_panel.dashboard
    # Kế hoạch → Kế hoạch mới… (Ctrl+N) on a fresh window: the plans panel is built and asked.
    win2 = _window(qtbot, demo_db, tmp_path, "settings-2.ini")
    asked: list[str] = []
    monkeypatch.setattr(type(win2.plans_panel), "new_plan", lambda self, *a, **k: asked.append("new") or None)
    win3 = _window(qtbot, demo_db, tmp_path, "settings-3.ini")
    assert win3.built_tab("plans") is None
    new_plan = win3.plan_actions.new_plan
    assert new_plan.shortcut().toString() == "Ctrl+N"
    new_plan.trigger()
    assert asked == ["new"] and win3.built_tab("plans") is not None


def test_the_appendix_action_stands_in_the_menu_until_the_editor_brings_its_own(qtbot, demo_db, tmp_path):
    win = _window(qtbot, demo_db, tmp_path)
    menu = win.menus["plans"]
    texts = [a.text() for a in menu.actions()]
    stand_in = win.plan_actions.appendix
    assert stand_in in menu.actions() and not stand_in.isEnabled() and stand_in.isCheckable()
    editor = win.plans_panel.editor
    assert editor.appendix_action in menu.actions() and stand_in not in menu.actions()
    assert [a.text() for a in menu.actions()] == texts  # same place, same text


def test_recovery_is_offered_at_start_whatever_tab_is_first(qtbot, tmp_path, monkeypatch):
    from kehoach_desktop.core.models import OfficeProfile
    from kehoach_desktop.core.templates import BLANK
    from kehoach_desktop.store import open_database

    db = open_database(tmp_path / "office.sqlite3")
    profile.save(db, OfficeProfile(issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH", issuer_code="ĐU"))
    cmd = plan_ops.CreatePlan(BLANK, profile.load(db), year=2026)
    UndoStack(db).push(cmd)
    node = plans.children_rows(db, cmd.plan_id, None)[0]["id"]
    autosave.stash(db, cmd.plan_id, f"node:{node}", "MỤC ĐÍCH, YÊU CẦU gõ dở")
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda parent, text, **k: asked.append(text) or False)
    win = _window(qtbot, db, tmp_path)  # the registry is the first screen
    qtbot.waitUntil(lambda: bool(asked), timeout=3000)
    assert "gõ dở" in asked[0] and win.built_tab("plans") is not None
    assert win.tabs.currentWidget() is win.registry_panel
    win.close()
    db.close()


def test_closing_a_window_whose_plans_tab_was_never_built_marks_a_clean_exit(qtbot, tmp_path):
    from kehoach_desktop.store import open_database

    db = open_database(tmp_path / "x.sqlite3")
    autosave.stash(db, 1, "node:1", "chữ")
    calls: list[int] = []
    real = autosave.mark_clean_exit

    def mark(database):
        calls.append(1)
        return real(database)

    import kehoach_desktop.store.autosave as autosave_module

    original = autosave_module.mark_clean_exit
    autosave_module.mark_clean_exit = mark
    try:
        win = MainWindow(AppContext(db), settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
        qtbot.addWidget(win)
        assert win.built_tab("plans") is None
        assert win.close_hooks and all(hook() is not False for hook in list(win.close_hooks))
    finally:
        autosave_module.mark_clean_exit = original
    assert calls == [1] and win.built_tab("plans") is None
    db.close()


def test_start_up_reminders_build_the_tracking_panel_only_when_something_is_due(qtbot, tmp_path):
    from kehoach_desktop.store import open_database
    from kehoach_desktop.ui import tracking

    db = open_database(tmp_path / "empty.sqlite3")
    win = _window(qtbot, db, tmp_path)
    tracking.remind_at_start(win)
    qtbot.wait(300)
    qtbot.waitUntil(lambda: win.ctx.pool.activeThreadCount() == 0, timeout=10000)
    qtbot.wait(50)
    assert win.built_tab("tracking") is None  # nothing due: no panel, no window
    did = directives.add(db, {"doc_type": "Kết luận", "number": "21-KL/TW", "implement_due": dt.date.today()})
    tracking.remind_at_start(win)
    qtbot.waitUntil(lambda: win.built_tab("tracking") is not None, timeout=10000)
    panel = win.tracking_panel
    qtbot.waitUntil(lambda: panel._reminders is not None and panel._reminders.isVisible(), timeout=10000)
    assert [d.directive_id for d in panel.startup_result.directives] == [did]
    assert win.tabs.currentWidget() is win.registry_panel  # the tab shown stays shown
    panel._reminders.close()
    win.close()
    db.close()


def test_banners_stay_one_a_row_after_a_layout_saved_with_fewer_of_them(qtbot, tmp_path):
    """A demo file opened read-only after a session where it was writable: the remembered
    window layout knew only the demo strip, and restoring it put the read-only strip beside
    it, squeezed into a narrow column (found by the walk, shot walk-29)."""
    from kehoach_desktop.demo import load_demo
    from kehoach_desktop.store import open_database

    db = open_database(tmp_path / "demo.sqlite3")
    load_demo(db, last_year=False)
    ini = str(tmp_path / "layout.ini")
    first = MainWindow(AppContext(db), settings=QSettings(ini, QSettings.IniFormat))
    qtbot.addWidget(first)
    first.resize(1300, 740)
    first.show()
    first.save_layout()
    first.close()
    ctx = AppContext(db, read_only_reason="Tệp nằm trên đĩa chỉ đọc.")
    win = MainWindow(ctx, settings=QSettings(ini, QSettings.IniFormat))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    kinds = [b.kind for b in win.safety_banners]
    assert kinds == ["readonly", "demo"]
    rows = {win.toolBarArea(b) for b in win.safety_banners}
    assert len(rows) == 1
    tops = [b.geometry().top() for b in win.safety_banners]
    assert tops[0] != tops[1]  # one strip a row …
    for banner in win.safety_banners:  # … each as wide as the window
        assert banner.width() > win.width() * 0.9
    win.close()
    db.close()


WARM_PROBE = r"""
import json, sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from kehoach_desktop.store import open_database
from kehoach_desktop.ui import main_window
from kehoach_desktop.ui.context import AppContext
main_window.WARM_TABS_AFTER_MS = 0
main_window.WARM_STEP_MS = 0
db = open_database(sys.argv[2])
win = main_window.MainWindow(AppContext(db), settings=QSettings(sys.argv[3], QSettings.IniFormat))
win.show()
warmed = []
win.warmed.connect(lambda: warmed.append(True))
wanted = [name for _key, name in win._warm]
before = [name for name in wanted if name in sys.modules]
while win._warm:
    app.processEvents()
app.processEvents()
built = [k for k in win.tab_keys() if win.built_tab(k) is not None]
after = [n for n in wanted if n in sys.modules]
with open(sys.argv[1], "w", encoding="utf-8") as fh:
    json.dump({"wanted": wanted, "before": before, "after": after, "built": built, "warmed": warmed}, fh)
win.close()
db.close()
"""


def test_idle_warm_up_imports_the_other_tabs_modules_without_building_them(tmp_path, demo_db):
    path = demo_db.path
    demo_db.close()
    out = tmp_path / "warm.json"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KEHOACH_NO_REMINDERS": "1",
        "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    }
    env.pop("KEHOACH_NO_WARM_UP", None)
    result = subprocess.run(
        [sys.executable, "-c", WARM_PROBE, str(out), str(path), str(tmp_path / "s.ini")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(out.read_text(encoding="utf-8"))
    assert {
        "kehoach_desktop.ui.plans.panel",
        "kehoach_desktop.ui.tracking.panel",
        "kehoach_desktop.ui.exchange.panel",
    } <= set(seen["wanted"])
    assert "kehoach_desktop.ui.plans.panel" not in seen["before"]  # not at start-up …
    assert seen["after"] == seen["wanted"]  # … every one once the window was idle
    assert seen["built"] == ["registry"]  # and no tab was built for it
    assert seen["warmed"] == [True]  # said once (run_gui freezes what it imported: see test_gui_gc)


def test_history_of_the_selection_builds_no_other_tab(qtbot, demo_db, tmp_path):
    """Sửa → Lịch sử thay đổi asks what is selected in the tab shown; it must not build the
    other tabs to find out which one is shown."""
    from kehoach_desktop.ui.safety.history import current_item

    win = _window(qtbot, demo_db, tmp_path)
    did = demo_db.scalar("SELECT id FROM directives ORDER BY id LIMIT 1")
    win.registry_panel.select(did)
    entity, entity_id, _label = current_item(win)
    assert (entity, entity_id) == ("directive", did)
    assert [k for k in win.tab_keys() if win.built_tab(k) is not None] == ["registry"]
    win.show_tab("plans")
    qtbot.waitUntil(lambda: win.plans_panel.current_plan_id() is not None, timeout=5000)
    assert current_item(win)[0] == "plan" and win.built_tab("tracking") is None


def test_the_chain_tree_is_made_when_its_tab_is_first_shown(qtbot, demo_db, tmp_path):
    """Start-up makes the one tree on screen; the «Theo chuỗi thực hiện» view is made in its
    tab's place on first showing, filled, marked with the search, and keyboard-reachable."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    win = _window(qtbot, demo_db, tmp_path)
    panel = win.registry_panel
    assert not panel.chain_view_built()
    assert win.findChild(object, "chainTree") is None
    assert panel.level_view.itemDelegateForColumn(0) is None  # Qt draws the rows until a search
    panel.search.setText("kế hoạch")
    panel.apply_filter()
    hit = panel.current_id()
    assert hit is not None and not panel.chain_view_built()  # searching fills the tree shown only

    panel.views.tabBar().setCurrentIndex(1)  # the user clicks «Theo chuỗi thực hiện»
    assert panel.chain_view_built()
    view = panel.views.currentWidget()
    assert view is panel.chain_view and view.objectName() == "chainTree"
    assert panel.views.count() == 2 and panel.views.tabText(1) == "Theo chuỗi thực hiện"
    assert view.model().rowCount() > 0 and panel.current_id() == hit  # filled, the same document
    assert view.itemDelegateForColumn(0).query == "kế hoạch"
    assert panel.level_view.itemDelegateForColumn(0).query == "kế hoạch"
    panel.search.clear()
    panel.apply_filter()
    assert view.itemDelegateForColumn(0).query == ""

    view.setFocus()
    QTest.keyClick(view, Qt.Key_Tab)
    assert win.focusWidget() is panel.details  # tree, then details, as with the first tree
    panel.views.setCurrentIndex(0)
    assert panel.views.currentWidget() is panel.level_view and panel.current_id() == hit
    panel.views.setCurrentWidget(panel.chain_view)
    assert panel.views.currentWidget() is view  # made once


def test_show_chain_makes_the_chain_tree_on_the_way(qtbot, demo_db, tmp_path):
    win = _window(qtbot, demo_db, tmp_path)
    panel = win.registry_panel
    did = demo_db.scalar("SELECT id FROM directives ORDER BY id LIMIT 1")
    assert not panel.chain_view_built()
    panel.show_chain(did)
    assert panel.views.currentWidget() is panel.chain_view and panel.current_id() == did


def test_the_wheel_guard_comes_once_the_window_is_up_or_with_another_tab(qtbot, demo_db, tmp_path):
    from PySide6.QtWidgets import QApplication

    from kehoach_desktop.ui import wheel_guard

    app = QApplication.instance()
    if wheel_guard._guard is not None:  # an earlier test's window installed it: start without it
        app.removeEventFilter(wheel_guard._guard)
        wheel_guard._guard = None
    win = _window(qtbot, demo_db, tmp_path)
    assert wheel_guard._guard is None  # not while the first screen is built
    qtbot.waitUntil(lambda: wheel_guard._guard is not None, timeout=5000)  # … but soon after

    app.removeEventFilter(wheel_guard._guard)
    wheel_guard._guard = None
    win2 = _window(qtbot, demo_db, tmp_path, name="other.ini")
    assert wheel_guard._guard is None
    win2.show_tab("plans")  # a tab with fields, shown before the delay: guarded before it is built
    assert wheel_guard._guard is not None
    assert win.built_tab("plans") is None


def test_the_window_drop_filters_come_once_it_is_up(qtbot, demo_db, tmp_path, monkeypatch):
    """Dropping a document, an exchange file or a unit's Excel sheet on the window: its three
    event filters are installed once the window is up (not while it is built), the drop
    handlers themselves are tested in test_import_gui / test_exchange_gui / test_excel_world_gui."""
    from kehoach_desktop.ui.exchange import ExchangeDrop
    from kehoach_desktop.ui.importer.drop import DropFilter
    from kehoach_desktop.ui.tracking.drop import SheetDrop

    installed = []
    real = MainWindow.installEventFilter
    monkeypatch.setattr(MainWindow, "installEventFilter", lambda self, f: (installed.append(type(f)), real(self, f))[1])
    win = _window(qtbot, demo_db, tmp_path)
    assert installed == [] and win._when_up is not None
    qtbot.waitUntil(lambda: win._when_up is None, timeout=5000)
    assert sorted(t.__name__ for t in installed) == sorted(
        [DropFilter.__name__, ExchangeDrop.__name__, SheetDrop.__name__]
    )
    assert win.importer.drop_filter.parent() is win
    ran = []
    win.when_up(lambda: ran.append(True))  # asked once the window is up: runs at once
    assert ran == [True]
