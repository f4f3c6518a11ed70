"""The main window: tabs for each feature, menus, undo/redo, remembered layout.

Start-up pays for the first screen only (issue 19): the registry tab is built at once,
the other tabs are placeholders whose panel is built when the tab is first shown or when
a feature needs it (``window.plans_panel``, ``window.tab("tracking")``…). Their menu
actions and shortcuts exist from the start and build the panel they act on.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QTabWidget, QToolBar, QWidget

from .. import APP_NAME, __version__
from . import derive, exchange, importer, plans, preview, registry, safety, text_room, tracking
from .context import AppContext

if TYPE_CHECKING:
    from .derive import DeriveActions
    from .exchange.panel import ExchangePanel
    from .importer import ImportActions
    from .plans import PlanActions
    from .plans.panel import PlansPanel
    from .preview.controller import ExportController
    from .registry.panel import RegistryPanel
    from .safety import SafetyActions
    from .safety.banner import Banner
    from .tracking.panel import TrackingPanel

MAX_RECENT = 8
# Once the window has been idle a while, the modules of the tabs not yet built are imported on
# the GUI thread one at a time (each a few tens of milliseconds), so opening such a tab later
# pays for building its widgets only. Not a thread: PySide6 builds a class's enums on first
# touch, which is not safe beside the GUI thread. KEHOACH_NO_WARM_UP turns it off.
READ_ONLY_STATUS = "CHỈ XEM — không sửa được tệp này; lý do và cách sửa ở dải báo phía trên."
WARM_TABS_AFTER_MS = 3000
WARM_STEP_MS = 40
# Python event filters make PySide6 build the Python type of every widget and event class that
# passes them: the application-wide wheel guard made the registry's first tree cost ~22 ms
# (0.4 ms without), the window's two drop filters ~3-5 ms. Nothing they handle can happen while
# the first screen is built (the registry and the first-run form have no spin box or combo box;
# nobody drops a file on a window not yet seen), so they come WHEN_UP_MS after the window is
# made (MainWindow.when_up), the wheel guard at once if another tab is built before that.
WHEN_UP_MS = 250


def install_wheel_guard() -> None:
    from . import wheel_guard

    wheel_guard.install()


class TabPlaceholder(QWidget):
    """Stands in a tab until its panel is built (the first time the tab is shown or needed)."""

    def __init__(self, key: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"placeholder-{key}")


class MainWindow(QMainWindow):
    database_requested = Signal(str)  # path of a database to open instead of this one
    filled = Signal()  # the first view is filled (used by --smoke)
    warmed = Signal()  # the other tabs' modules are imported (the idle warm-up is over)

    # The features, in tab order: each install() adds its tab (built now or on first use),
    # menus and shortcuts, and returns its part, which the window keeps here, typed. Features
    # reach each other through these (never getattr probes) and set no attributes on the
    # window themselves. The panels of tabs built on first use are properties below.
    registry_panel: RegistryPanel
    plan_actions: PlanActions
    derive: DeriveActions
    safety: SafetyActions
    importer: ImportActions

    def __init__(self, ctx: AppContext, settings: QSettings | None = None):
        super().__init__()
        # Once the window is up (see WHEN_UP_MS): the wheel scrolls forms, never changes a field
        # under the pointer; rows of every list leave room for "Ữ", "Ặ" (the registry's tree,
        # on screen before, leaves it itself: ui.text_room).
        self._when_up: list[Callable[[], None]] | None = [install_wheel_guard, text_room.install]
        QTimer.singleShot(WHEN_UP_MS, self, self._up)
        self.ctx = ctx
        ctx.window = self
        self.settings = settings or QSettings()
        self.setObjectName("MainWindow")
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self._tab_keys: dict[str, QWidget] = {}
        self.tab_actions: list[QAction] = []  # Xem → one entry per tab (Ctrl+1…)
        self._builders: dict[str, Callable[[], QWidget]] = {}  # tabs whose panel is not built yet
        self._warm: list[tuple[str, str]] = []  # (tab, module) imported when idle
        self._on_built: dict[str, list[Callable[[QWidget], None]]] = {}
        self.tabs.currentChanged.connect(self._tab_shown)
        self.setCentralWidget(self.tabs)
        self.toolbar = QToolBar("Thanh công cụ", self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setProperty("toolButtonStyle", "ToolButtonTextOnly")  # by name: ui.qt_values
        self.addToolBar(self.toolbar)
        self.menus: dict[str, object] = {}
        self.close_hooks: list = []  # callables run on close; one returning False vetoes
        self.save_hooks: list = []  # callables that commit pending edits now (Tệp → Lưu)
        self.safety_banners: list[Banner] = []  # notices above the tabs (read-only file, warnings)
        self._build_menus()
        self._build_status()
        self.registry_panel = registry.install(self)
        self.plan_actions = plans.install(self)
        self.derive = derive.install(self)
        self._export_controller: ExportController | None = None  # made on first use (issue 19)
        preview.install(self)
        tracking.install(self)
        exchange.install(self)
        self.safety = safety.install(self)
        self.importer = importer.install(self)
        self._finish_menus()
        self.demo_banner = self._demo_banner()
        self.update_title()
        self.restore_layout()
        self._go_to_tab(self.current_tab_key(), by_key=False)  # the keyboard starts in the tab, not on the tab bar
        if not os.environ.get("KEHOACH_NO_WARM_UP"):
            QTimer.singleShot(WARM_TABS_AFTER_MS, self, self._warm_next)

    def when_up(self, fn: Callable[[], None]) -> None:
        """Call ``fn()`` once the window is up (WHEN_UP_MS after it was made; now if it is)."""
        if self._when_up is None:
            fn()
        else:
            self._when_up.append(fn)

    def _up(self) -> None:
        waiting, self._when_up = self._when_up or [], None
        for fn in waiting:
            fn()

    @property
    def export_controller(self) -> ExportController:
        """Export, print preview and printing (ui/preview), made when first used."""
        if self._export_controller is None:
            from .preview.controller import ExportController

            self._export_controller = ExportController(self)
        return self._export_controller

    # -- the panels of tabs built on first use --------------------------------------------------
    @property
    def plans_panel(self) -> PlansPanel:
        return cast("PlansPanel", self.tab("plans"))

    @property
    def tracking_panel(self) -> TrackingPanel:
        return cast("TrackingPanel", self.tab("tracking"))

    @property
    def exchange_panel(self) -> ExchangePanel:
        return cast("ExchangePanel", self.tab("trao-doi"))

    # -- structure used by feature modules ---------------------------------------------------
    def add_tab(self, widget: QWidget, title: str, key: str) -> None:
        self._tab_keys[key] = widget
        self.tabs.addTab(widget, title)

    def add_lazy_tab(self, key: str, title: str, build: Callable[[], QWidget], warm: tuple[str, ...] = ()) -> None:
        """A tab whose panel ``build()`` makes when the tab is first shown or first needed;
        *warm* names the modules it needs, heaviest last, imported once the window is idle."""
        self._builders[key] = build
        self._warm += [(key, name) for name in warm]
        self.add_tab(TabPlaceholder(key, self), title, key)

    def _warm_next(self) -> None:
        """Import the next module of a tab not yet built, then come back for the one after."""
        import importlib
        import sys

        while self._warm:
            key, name = self._warm.pop(0)
            if key in self._builders and name not in sys.modules:
                importlib.import_module(name)
                break
        if self._warm:
            QTimer.singleShot(WARM_STEP_MS, self, self._warm_next)
        else:
            self.warmed.emit()

    def when_built(self, key: str, fn: Callable[[QWidget], None]) -> None:
        """Call ``fn(panel)`` once the panel of tab *key* exists (now, if it is built)."""
        if key in self._builders:
            self._on_built.setdefault(key, []).append(fn)
        elif key in self._tab_keys:
            fn(self._tab_keys[key])

    def built_tab(self, key: str) -> QWidget | None:
        """The panel of tab *key* if it has been built, without building it."""
        return None if key in self._builders else self._tab_keys.get(key)

    def _build_tab(self, key: str) -> QWidget:
        """Put the real panel where the placeholder of tab *key* stands (same place, same
        title); the tab shown stays shown and no other tab is shown in between."""
        install_wheel_guard()  # the other tabs have fields the wheel must not change
        text_room.install()  # and lists whose rows need room for stacked marks
        build = self._builders.pop(key)
        holder = self._tab_keys[key]
        try:
            widget = build()
        except BaseException:
            self._builders[key] = build
            raise
        index = self.tabs.indexOf(holder)
        shown = self.tabs.currentWidget() is holder
        blocked = self.tabs.blockSignals(True)
        try:
            self.tabs.insertTab(index + 1, widget, self.tabs.tabText(index))
            if shown:
                self.tabs.setCurrentIndex(index + 1)
            self.tabs.removeTab(index)
        finally:
            self.tabs.blockSignals(blocked)
        self._tab_keys[key] = widget
        holder.deleteLater()
        self._restore_splitters(widget)
        for fn in self._on_built.pop(key, []):
            fn(widget)
        self._follow_tab()
        return widget

    def _tab_shown(self, _index: int) -> None:
        """A placeholder was shown (a click on its tab, Ctrl+Tab): build its panel now, before
        anything is painted, so an empty tab is never seen."""
        current = self.tabs.currentWidget()
        if isinstance(current, TabPlaceholder) and current.key in self._builders:
            self._build_tab(current.key)
        self._follow_tab()

    def show_tab(self, key: str) -> QWidget | None:
        widget = self.tab(key)
        if widget is not None:
            self.tabs.setCurrentWidget(widget)
        return widget

    def current_tab_key(self) -> str | None:
        current = self.tabs.currentWidget()
        for key, widget in self._tab_keys.items():
            if widget is current:
                return key
        return None

    def _go_to_tab(self, key: str | None, by_key: bool = True) -> None:
        """Show tab *key* and give it the keyboard (its focus proxy: search field, list, table).

        ``by_key`` (Ctrl+1…): as a shortcut, so a search field selects what it holds and the next
        letters replace it. At start-up there is nothing typed to select, and plain focus names
        no ``Qt`` enum on the way to the first screen (ui.qt_values)."""
        widget = self.show_tab(key) if key is not None else None
        if widget is None:
            return
        if not by_key:
            widget.setFocus()
            return
        from PySide6.QtCore import Qt

        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def tab(self, key: str) -> QWidget | None:
        """The panel of tab *key*, built now if it was not yet (None: no such tab)."""
        if key in self._builders:
            return self._build_tab(key)
        return self._tab_keys.get(key)

    def tab_keys(self) -> list[str]:
        """The keys of the tabs, in order (tests walk every tab with it)."""
        return list(self._tab_keys)

    def add_action(self, menu_key: str, text: str, slot, shortcut=None, toolbar: bool = False) -> QAction:
        act = QAction(text, self)
        if shortcut:
            act.setShortcuts([QKeySequence(shortcut)])  # not setShortcut: ui.qt_values
        act.triggered.connect(slot)
        self.menus[menu_key].addAction(act)
        if toolbar:
            self.toolbar.addAction(act)
        return act

    # -- menus -----------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        for key, title in (
            ("file", "&Tệp"),
            ("edit", "&Sửa"),
            ("view", "&Xem"),
            ("registry", "&Văn bản"),
            ("plans", "&Kế hoạch"),
            ("tracking", "T&heo dõi"),
            ("help", "Trợ &giúp"),
        ):
            self.menus[key] = bar.addMenu(title)
        undo = self.ctx.undo_stack.createUndoAction(self, "&Hoàn tác")
        undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        redo = self.ctx.undo_stack.createRedoAction(self, "&Làm lại")
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.undo_action, self.redo_action = undo, redo
        # What is being typed becomes a step first, so Ctrl+Z undoes it rather than a step below
        # it that the typing would then write back (issue 13).
        for act, step in ((undo, self.ctx.undo_stack.undo), (redo, self.ctx.undo_stack.redo)):
            act.triggered.disconnect()
            act.triggered.connect(lambda _checked=False, step=step: self._commit_then(step))
        self.menus["edit"].addAction(undo)
        self.menus["edit"].addAction(redo)
        self.menus["edit"].addSeparator()
        # One Ctrl+F for the whole window: the tab being shown decides what it searches.
        self.find_action = self.add_action("edit", "&Tìm…", self.find, QKeySequence.Find)
        file_menu = self.menus["file"]
        self.add_action("file", "&Mở tệp dữ liệu…", self.open_database, "Ctrl+O")
        self.add_action("file", "Tạ&o tệp dữ liệu mới…", self.new_database)
        self.save_action = self.add_action("file", "&Lưu", self.save_all, QKeySequence.Save)
        self.recent_menu = file_menu.addMenu("Mở &gần đây")
        file_menu.addSeparator()
        self.add_action("file", "Thông tin &cơ quan…", self.edit_profile)
        file_menu.addSeparator()

    def _finish_menus(self) -> None:
        self._fill_view_menu()
        self.menus["file"].addSeparator()
        self.add_action("file", "T&hoát", self.close, QKeySequence.Quit)
        self.add_action("help", "&Hướng dẫn sử dụng", self.show_guide, QKeySequence.HelpContents)
        self.add_action("help", "&Giới thiệu", self.show_about)
        for key in ("plans", "tracking"):
            if not self.menus[key].actions():
                self.menus[key].menuAction().setVisible(False)
        self._tool_tips_with_keys()
        self._fill_recent()

    def _tool_tips_with_keys(self) -> None:
        """Toolbar buttons teach their shortcut: «Kế hoạch mới (Ctrl+N)» (Qt shows the bare text)."""
        for act in self.toolbar.actions():
            keys = act.shortcut().toString(QKeySequence.NativeText)
            plain = act.text().replace("&", "").rstrip("…").strip()
            if keys and act.toolTip().rstrip("…").strip() == plain:
                act.setToolTip(f"{plain} ({keys})")

    def _fill_view_menu(self) -> None:
        """Xem: one entry per tab (Ctrl+1, Ctrl+2…, checked for the tab shown) and the toolbar."""
        from PySide6.QtGui import QActionGroup

        group = QActionGroup(self)
        group.setExclusive(True)
        for number, (key, widget) in enumerate(self._tab_keys.items(), start=1):
            title = self.tabs.tabText(self.tabs.indexOf(widget))
            act = self.add_action(
                "view",
                f"&{number} {title}",
                lambda _=False, k=key: self._go_to_tab(k),
                f"Ctrl+{number}" if number <= 9 else None,
            )
            act.setCheckable(True)
            group.addAction(act)
            self.tab_actions.append(act)
        self._follow_tab()
        self.menus["view"].addSeparator()
        toolbar = self.toolbar.toggleViewAction()
        toolbar.setText("Thanh &công cụ")
        self.menus["view"].addAction(toolbar)

    def _follow_tab(self) -> None:
        """Xem: the entry of the tab shown is checked."""
        current = self.current_tab_key()
        for act, key in zip(self.tab_actions, self._tab_keys):
            act.setChecked(key == current)

    def _build_status(self) -> None:
        self.db_label = QLabel(self)
        # A gap before the file's path: a long message ran straight into it (the walk of session 9).
        self.db_label.setContentsMargins(16, 0, 0, 0)
        self.statusBar().addPermanentWidget(self.db_label)
        if self.ctx.read_only:
            # Short: the reason and what to do are in the strip at the top, which cannot be closed;
            # the whole reason here was cut off mid-word by the file's path at 1366×768 (the walk).
            self.statusBar().showMessage(READ_ONLY_STATUS)

    def _demo_banner(self):
        """A demo file says so in the title bar and in a strip that cannot be hidden (issue 20)."""
        from ..store.profile import is_demo

        if not is_demo(self.ctx.db):
            return None
        from .safety.banner import add_banner

        banner = add_banner(
            self,
            "DỮ LIỆU MẪU để làm quen: cơ quan, văn bản, kế hoạch ở đây là ví dụ — dữ liệu thật nằm ở tệp khác.",
            "demo",
            closable=False,
        )
        banner.label.setWordWrap(False)  # one line: a wrapped strip took a fifth of a 1366×768 screen at 125 %
        banner.label.setToolTip(str(self.ctx.db.path or ""))
        return banner

    def offer_real_data(self, path: Path) -> None:
        """The demo's strip gets a button back to the office's own file *path*."""
        if self.demo_banner is not None:
            button = self.demo_banner.add_button(
                "Về dữ liệu của cơ quan", lambda: self.database_requested.emit(str(path))
            )
            button.setObjectName("realDataButton")

    def update_title(self) -> None:
        path = self.ctx.db.path
        name = path.name if path else "(bộ nhớ)"
        mode = " [chỉ đọc]" if self.ctx.read_only else ""
        demo = "DỮ LIỆU MẪU — " if getattr(self, "demo_banner", None) is not None else ""
        office = self.ctx.profile.issuer_body
        self.setWindowTitle(f"{APP_NAME} — {demo}{office + ' — ' if office else ''}{name}{mode}")
        self.db_label.setText(str(path) if path else "")

    # -- files -------------------------------------------------------------------------------------
    def open_database(self) -> None:
        from . import files

        path = files.open_file(self, "Mở tệp dữ liệu", "Dữ liệu KeHoach (*.sqlite3 *.db *.kehoach);;Mọi tệp (*)")
        if path:
            self.database_requested.emit(path)

    def new_database(self) -> None:
        from . import files

        path = files.save_file(self, "Tạo tệp dữ liệu mới", "kehoach.sqlite3", "Dữ liệu KeHoach (*.sqlite3)")
        if path:
            if not path.endswith((".sqlite3", ".db", ".kehoach")):
                path += ".sqlite3"
            self.database_requested.emit(path)

    def find(self) -> None:
        """Ctrl+F: the search of the current tab (its ``focus_find``), else the registry's."""
        current = self.tabs.currentWidget()
        target = current if hasattr(current, "focus_find") else self.tab("registry")
        if target is not None and hasattr(target, "focus_find"):
            target.focus_find()

    def _commit_then(self, step) -> None:
        for hook in self.save_hooks:
            hook()
        step()

    def save_all(self) -> bool:
        """Ctrl+S: commit what is being typed now and confirm that the work is in the file."""
        from .saving import save_all

        return save_all(self)

    def recent_files(self) -> list[str]:
        """The remembered files, newest first. QSettings gives back a list of one entry as a
        plain string (INI files and the Windows registry store no one-element lists), so a
        string is one path, never a list of its letters."""
        value = self.settings.value("recentFiles", []) or []
        if isinstance(value, str):
            value = [value]
        return [str(p) for p in value if p]

    def remember_recent(self, path: Path) -> None:
        items = [p for p in self.recent_files() if p != str(path)]
        items.insert(0, str(path))
        self.settings.setValue("recentFiles", items[:MAX_RECENT])
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        items = self.recent_files()
        for path in items:
            act = self.recent_menu.addAction(path)
            act.triggered.connect(lambda _checked=False, p=path: self.database_requested.emit(p))
        self.recent_menu.setEnabled(bool(items))

    def edit_profile(self) -> None:
        from .first_run import ProfileDialog

        if self.ctx.refuse_writing(self, "sửa thông tin cơ quan"):
            return
        dialog = ProfileDialog(self.ctx.profile, self)
        if dialog.exec():
            self.ctx.save_profile(dialog.profile())
            self.update_title()

    # -- help --------------------------------------------------------------------------------------
    def show_guide(self) -> None:
        from .help import GuideDialog

        GuideDialog(self).exec()

    def show_about(self) -> None:
        from . import messages

        messages.info(
            self,
            f"{APP_NAME} phiên bản {__version__}\n\n"
            "Lập, trình ký và theo dõi kế hoạch của văn phòng cấp ủy — không cần mạng.\n"
            "Dữ liệu nằm trong một tệp trên máy này.",
            title="Giới thiệu",
        )

    # -- layout memory -------------------------------------------------------------------------------
    def restore_layout(self) -> None:
        from .screen import clamp_to_screen, fit_to_screen

        geometry = self.settings.value("mainWindow/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
            clamp_to_screen(self)
        else:
            fit_to_screen(self, 1200, 720)
        state = self.settings.value("mainWindow/state")
        if state is not None:
            self.restoreState(state)
            # The strips above the tabs differ from one opening to the next (read-only, demo,
            # warnings): a layout remembered with fewer of them put a new one beside another,
            # squeezed into a narrow column. Each strip starts a row of its own.
            for banner in self.safety_banners:
                self.removeToolBarBreak(banner)
                self.insertToolBarBreak(banner)
        # Only the registry is built yet (the other tabs restore theirs when built): asked by name,
        # not found by findChildren, which makes a Python object of every object in the window
        # (and of its type, enums and all: ~3 ms of the way to the first screen, issue 19).
        self._restore_splitters(self, [self.registry_panel.splitter])
        tab = self.settings.value("mainWindow/tab")
        if tab is not None:
            self.show_tab(str(tab))

    def _restore_splitters(self, root: QWidget, splitters: list[QSplitter] | None = None) -> None:
        """The remembered splitter positions inside *root* (the window, or a panel just built),
        or of the *splitters* given."""
        for splitter in root.findChildren(QSplitter) if splitters is None else splitters:
            if splitter.objectName():
                value = self.settings.value(f"splitters/{splitter.objectName()}")
                if value is not None:
                    splitter.restoreState(value)

    def save_layout(self) -> None:
        self.settings.setValue("mainWindow/geometry", self.saveGeometry())
        self.settings.setValue("mainWindow/state", self.saveState())
        for splitter in self.findChildren(QSplitter):
            if splitter.objectName():
                self.settings.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
        current = self.current_tab_key()
        if current is not None:
            self.settings.setValue("mainWindow/tab", current)

    def closeEvent(self, event) -> None:
        self.save_layout()
        for hook in self.close_hooks:
            if hook() is False:  # a hook may veto closing (unsaved work the user keeps)
                event.ignore()
                return
        super().closeEvent(event)
