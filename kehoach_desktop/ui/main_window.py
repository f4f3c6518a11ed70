"""The main window: tabs for each feature, menus, undo/redo, remembered layout."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QTabWidget, QToolBar, QWidget

from .. import APP_NAME, __version__
from ..core.models import PLAN_STATUSES  # noqa: F401  (kept: features read it through the window)
from . import derive, exchange, importer, plans, preview, registry, safety, tracking
from .context import AppContext

if TYPE_CHECKING:
    from .derive import DeriveActions
    from .exchange.panel import ExchangePanel
    from .importer import ImportActions
    from .plans.panel import PlansPanel
    from .preview.controller import ExportController
    from .registry.panel import RegistryPanel
    from .safety import SafetyActions
    from .safety.banner import Banner
    from .tracking.panel import TrackingPanel

MAX_RECENT = 8


class MainWindow(QMainWindow):
    database_requested = Signal(str)  # path of a database to open instead of this one
    filled = Signal()  # the first view is filled (used by --smoke)

    # The features, in tab order: each install() adds its tab, menus and shortcuts and returns
    # its part, which the window keeps here, typed. Features reach each other through these
    # (never getattr probes) and set no attributes on the window themselves.
    registry_panel: RegistryPanel
    plans_panel: PlansPanel
    derive: DeriveActions
    export_controller: ExportController
    tracking_panel: TrackingPanel
    exchange_panel: ExchangePanel
    safety: SafetyActions
    importer: ImportActions

    def __init__(self, ctx: AppContext, settings: QSettings | None = None):
        super().__init__()
        from . import text_room, wheel_guard

        text_room.install()  # rows tall enough for "Ữ", "Ặ" (also when a test builds the window)
        wheel_guard.install()  # the wheel scrolls forms, never changes a field under the pointer
        self.ctx = ctx
        ctx.window = self
        self.settings = settings or QSettings()
        self.setObjectName("MainWindow")
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self._tab_keys: dict[str, QWidget] = {}
        self.setCentralWidget(self.tabs)
        self.toolbar = QToolBar("Thanh công cụ", self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.addToolBar(self.toolbar)
        self.menus: dict[str, object] = {}
        self.close_hooks: list = []  # callables run on close; one returning False vetoes
        self.save_hooks: list = []  # callables that commit pending edits now (Tệp → Lưu)
        self.safety_banners: list[Banner] = []  # notices above the tabs (read-only file, warnings)
        self._build_menus()
        self._build_status()
        self.registry_panel = registry.install(self)
        self.plans_panel = plans.install(self)
        self.derive = derive.install(self)
        self.export_controller = preview.install(self)
        self.tracking_panel = tracking.install(self)
        self.exchange_panel = exchange.install(self)
        self.safety = safety.install(self)
        self.importer = importer.install(self)
        self._finish_menus()
        self.demo_banner = self._demo_banner()
        self.update_title()
        self.restore_layout()
        self._go_to_tab(self.tabs.currentWidget())  # the keyboard starts in the tab, not on the tab bar

    # -- structure used by feature modules ---------------------------------------------------
    def add_tab(self, widget: QWidget, title: str, key: str) -> None:
        self._tab_keys[key] = widget
        self.tabs.addTab(widget, title)

    def show_tab(self, key: str) -> QWidget | None:
        widget = self._tab_keys.get(key)
        if widget is not None:
            self.tabs.setCurrentWidget(widget)
        return widget

    def _go_to_tab(self, widget: QWidget | None) -> None:
        """Show *widget*'s tab and give it the keyboard (its focus proxy: search field, list, table)."""
        if widget is not None:
            self.tabs.setCurrentWidget(widget)
            widget.setFocus(Qt.ShortcutFocusReason)

    def tab(self, key: str) -> QWidget | None:
        return self._tab_keys.get(key)

    def tab_keys(self) -> list[str]:
        """The keys of the tabs, in order (tests walk every tab with it)."""
        return list(self._tab_keys)

    def add_action(self, menu_key: str, text: str, slot, shortcut=None, toolbar: bool = False) -> QAction:
        act = QAction(text, self)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
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
        undo.setShortcut(QKeySequence.Undo)
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
        self.tab_actions: list[QAction] = []
        for number, widget in enumerate(self._tab_keys.values(), start=1):
            title = self.tabs.tabText(self.tabs.indexOf(widget))
            act = self.add_action(
                "view",
                f"&{number} {title}",
                lambda _=False, w=widget: self._go_to_tab(w),
                f"Ctrl+{number}" if number <= 9 else None,
            )
            act.setCheckable(True)
            group.addAction(act)
            self.tab_actions.append(act)

        def follow(index: int) -> None:
            widget = self.tabs.widget(index)
            for act, tab in zip(self.tab_actions, self._tab_keys.values()):
                act.setChecked(tab is widget)

        self.tabs.currentChanged.connect(follow)
        follow(self.tabs.currentIndex())
        self.menus["view"].addSeparator()
        toolbar = self.toolbar.toggleViewAction()
        toolbar.setText("Thanh &công cụ")
        self.menus["view"].addAction(toolbar)

    def _build_status(self) -> None:
        self.db_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.db_label)
        if self.ctx.read_only:
            self.statusBar().showMessage("CHỈ ĐỌC: " + self.ctx.read_only_reason)

    def _demo_banner(self):
        """A demo file says so in the title bar and in a strip that cannot be hidden (issue 20)."""
        from ..demo import is_demo
        from .safety.banner import add_banner

        if not is_demo(self.ctx.db):
            return None
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
        for splitter in self.findChildren(QSplitter):
            if splitter.objectName():
                value = self.settings.value(f"splitters/{splitter.objectName()}")
                if value is not None:
                    splitter.restoreState(value)
        tab = self.settings.value("mainWindow/tab")
        if tab is not None:
            self.show_tab(str(tab))

    def save_layout(self) -> None:
        self.settings.setValue("mainWindow/geometry", self.saveGeometry())
        self.settings.setValue("mainWindow/state", self.saveState())
        for splitter in self.findChildren(QSplitter):
            if splitter.objectName():
                self.settings.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
        current = self.tabs.currentWidget()
        for key, widget in self._tab_keys.items():
            if widget is current:
                self.settings.setValue("mainWindow/tab", key)

    def closeEvent(self, event) -> None:
        self.save_layout()
        for hook in self.close_hooks:
            if hook() is False:  # a hook may veto closing (unsaved work the user keeps)
                event.ignore()
                return
        super().closeEvent(event)
