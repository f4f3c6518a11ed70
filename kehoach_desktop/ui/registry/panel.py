"""The registry tab: search as you type, the two trees, details, add/edit/delete with undo."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...core.dates import format_short
from ...store import directives, search
from ...store.commands import Changes
from .. import messages
from ..context import AppContext
from ..text_room import RoomDelegate
from ..tree_model import ID_ROLE, KIND_ROLE, TreeModel
from . import trees
from .actions import DOCUMENT_ACTIONS, DocumentAction

EMPTY_REGISTRY_HINT = (
    "Sổ văn bản còn trống. Để bắt đầu: «Thêm văn bản…» (Ctrl+Shift+N), dán trích dẫn đã sao chép "
    "«Hướng dẫn số …, ngày … của …» (Ctrl+Shift+V), hoặc «Nhập văn bản» từ tệp Word, PDF hoặc ảnh quét "
    "(Ctrl+I), hay kéo tệp thả vào cửa sổ."
)


LEVEL_TAB = "Theo cấp và cơ quan"
CHAIN_TAB = "Theo chuỗi thực hiện"


class RegistryPanel(QWidget):
    plan_activated = Signal(int)  # a plan node was double-clicked in the chain view

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.last_fill_ms = 0.0
        self._filter: set[int] | None = None

        self.search = _SearchField(self._down_to_results, self)
        self.search.setPlaceholderText(
            "Tìm văn bản: số, trích yếu, ghi chú — gõ có dấu hay không dấu đều được (Ctrl+F)"
        )
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel(self)

        self.level_model = trees.LazyTreeModel(("Văn bản", "Ngày"), lambda: self.ctx.db, self)
        self.chain_model = trees.ChainTreeModel(("Chuỗi thực hiện", "Ngày"), lambda: self.ctx.db, self)
        self.level_view = self._make_view(self.level_model, "levelTree")
        # The chain tree's view is made when its tab is first shown (or asked for): start-up
        # pays for the one tree on screen (issue 19). An empty page holds its place till then.
        self._chain_view: QTreeView | None = None
        self.views = QTabWidget(self)
        self.views.addTab(self.level_view, LEVEL_TAB)
        self.views.addTab(QWidget(self.views), CHAIN_TAB)
        self._total: int | None = None
        self._chain_stale = True
        self._level_stale = False
        self.views.currentChanged.connect(self._view_switched)

        self.details = QTextBrowser(self)
        self.details.setOpenLinks(False)
        self.details.setPlaceholderText("Chọn một văn bản để xem chi tiết.")
        self._empty_hint_shown = False
        # The detail pane's buttons and the right-click menu: one list of actions (actions.py).
        self.document_actions: list[DocumentAction] = list(DOCUMENT_ACTIONS)
        self.action_buttons: dict[str, QPushButton] = {}
        self.action_row = QGridLayout()  # two buttons a row: the pane stays narrow on small screens
        self.action_row.setContentsMargins(0, 0, 0, 0)
        detail_pane = QWidget(self)
        dv = QVBoxLayout(detail_pane)
        dv.setContentsMargins(0, 0, 0, 0)
        dv.addWidget(self.details, 1)
        dv.addLayout(self.action_row)
        self._build_action_buttons()

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        self.splitter = QSplitter(parent=self)  # side by side, Qt's default (ui.qt_values)
        self.splitter.setObjectName("registrySplitter")
        self.splitter.addWidget(self.views)
        self.splitter.addWidget(detail_pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

        # Type-ahead: search after a short pause, never on every keystroke's backspace dance.
        self.timer = QTimer(self, singleShot=True, interval=150)
        self.timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        ctx.changed.connect(self.on_changed)
        self.setFocusProxy(self.search)  # showing the tab (at start, Ctrl+1): type to search at once
        QWidget.setTabOrder(self.search, self.views)  # Tab top to bottom: search, view tabs, tree, details
        self.refresh()

    def _down_to_results(self) -> None:
        """↓ or Page Down in the search field moves into the tree, on the document found (the walk
        typed «dai hoi», pressed ↓ and then ↑, and nothing moved: the keys stayed in the field)."""
        if self.timer.isActive():
            self.apply_filter()  # typed faster than the pause: find now, then go
        view = self.current_view()
        if not view.currentIndex().isValid():
            first = view.model().index(0, 0)
            if first.isValid():
                view.setCurrentIndex(first)
        from PySide6.QtCore import Qt

        view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @property
    def chain_view(self) -> QTreeView:
        """The chain tree's view, made (and put in its tab, in place of the empty page) on first use."""
        return self._make_chain_view()

    def _make_chain_view(self) -> QTreeView:
        if self._chain_view is None:
            view = self._make_view(self.chain_model, "chainTree")
            _mark_search(view, self.search.text().strip())
            shown = self.views.currentIndex() == 1
            placeholder = self.views.widget(1)
            self.views.blockSignals(True)  # the page swap is no switch of view
            try:
                self.views.removeTab(1)
                self.views.insertTab(1, view, CHAIN_TAB)
                if shown:
                    self.views.setCurrentIndex(1)
            finally:
                self.views.blockSignals(False)
            placeholder.deleteLater()
            QWidget.setTabOrder(self.level_view, view)  # Tab: view tabs, this tree, details
            self._chain_view = view
        return self._chain_view

    def chain_view_built(self) -> bool:
        return self._chain_view is not None

    def _chain_shown(self) -> bool:
        return self.views.currentIndex() == 1

    def _make_view(self, model: TreeModel, name: str) -> QTreeView:
        view = QTreeView(self)
        view.setObjectName(name)
        model.show_in(view)  # the column titles without naming Qt (ui.qt_values)
        view.setUniformRowHeights(True)  # keeps 10,000 rows instant
        view.setItemDelegate(RoomDelegate(view))  # room for "Ữ" before the style leaves it (ui.text_room)
        view.setAlternatingRowColors(True)
        view.setSelectionMode(QTreeView.SingleSelection)
        view.header().setStretchLastSection(False)
        view.header().setSectionResizeMode(0, view.header().ResizeMode.Stretch)
        view.header().resizeSection(1, 90)
        view.selectionModel().currentChanged.connect(lambda cur, _prev: self.show_details(cur))
        view.doubleClicked.connect(self._activated)
        view.setProperty("contextMenuPolicy", "CustomContextMenu")  # by name: ui.qt_values
        view.customContextMenuRequested.connect(lambda pos, v=view: self._context_menu_at(v, pos))
        return view

    # -- actions on one document: right-click menu and the detail pane ------------------------
    def add_document_action(self, action: DocumentAction) -> None:
        """Another feature's action on a document (in the menu and as a button)."""
        self.document_actions.append(action)
        self._add_action_button(len(self.document_actions) - 1, action)
        self._update_action_buttons()

    def _build_action_buttons(self) -> None:
        self.action_buttons = {}
        for n, action in enumerate(self.document_actions):
            self._add_action_button(n, action)
        self._update_action_buttons()

    def _add_action_button(self, n: int, action: DocumentAction) -> None:
        button = QPushButton(action.text.replace("&", ""), self)
        button.setObjectName(f"docAction_{action.key}")
        button.setToolTip(action.tip)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _=False, a=action: self.run_document_action(a))
        self.action_row.addWidget(button, n // 2, n % 2)
        self.action_buttons[action.key] = button

    def _update_action_buttons(self) -> None:
        did = self.current_id() if hasattr(self, "views") else None
        for action in self.document_actions:
            button = self.action_buttons.get(action.key)
            if button is not None:
                button.setEnabled(did is not None and action.enabled(self, did))

    def run_document_action(self, action: DocumentAction) -> None:
        did = self.current_id()
        if did is not None and action.enabled(self, did):
            action.run(self, did)

    def context_menu(self, did: int) -> QMenu:
        """The right-click menu for document *did* (the same actions as the detail pane)."""
        menu = QMenu(self)
        for action in self.document_actions:
            act = menu.addAction(action.text)
            act.setObjectName(action.key)
            act.setEnabled(action.enabled(self, did))
            act.setToolTip(action.tip)
            act.triggered.connect(lambda _=False, a=action: self.run_document_action(a))
        return menu

    def _context_menu_at(self, view: QTreeView, pos) -> None:
        index = view.indexAt(pos)
        if not index.isValid() or index.data(KIND_ROLE) != "directive":
            return
        view.setCurrentIndex(index)
        menu = self.context_menu(index.data(ID_ROLE))
        menu.exec(view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def show_chain(self, directive_id: int) -> None:
        """«Xem chuỗi thực hiện»: the chain view, this document selected and opened out."""
        self.views.setCurrentWidget(self.chain_view)
        self.select(directive_id)
        index = self.chain_model.find("directive", directive_id)
        parent = index
        while parent.isValid():
            self.chain_view.expand(parent)
            parent = parent.parent()
        self.chain_view.setFocus()

    # -- actions -------------------------------------------------------------------------
    def install_actions(self, window) -> None:
        menu = window.menus["registry"]
        self.act_add = self._action(window, "&Thêm văn bản…", "Ctrl+Shift+N", self.add_document)
        self.act_paste = self._action(window, "Thêm từ trích &dẫn đã sao chép", "Ctrl+Shift+V", self.add_from_clipboard)
        self.act_edit = self._action(window, "&Sửa văn bản…", "F2", self.edit_current)
        self.act_delete = self._action(window, "&Xóa văn bản", QKeySequence.Delete, self.delete_current)
        # Ctrl+F is the window's Sửa → Tìm… (it follows the tab); this item always searches here.
        self.act_find = self._action(window, "Tì&m văn bản", None, self.focus_search)
        for act in (self.act_add, self.act_paste, self.act_edit, self.act_delete):
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(self.act_find)
        menu.addSeparator()
        self.act_bodies = self._action(
            window, "Cơ &quan ban hành (thời gian hoạt động, kế tục)…", None, self.edit_bodies
        )
        menu.addAction(self.act_bodies)
        for act in (self.act_edit, self.act_delete):
            act.setProperty("shortcutContext", "WidgetWithChildrenShortcut")  # by name: ui.qt_values
            self.addAction(act)
        window.toolbar.addAction(self.act_add)

    def _action(self, window, text: str, shortcut, slot) -> QAction:
        act = QAction(text, window)
        if shortcut is not None:
            act.setShortcuts([QKeySequence(shortcut)])  # not setShortcut: ui.qt_values
        act.triggered.connect(slot)
        return act

    def edit_bodies(self) -> None:
        """The table of bodies with validity and successor (issue 17)."""
        from .bodies_dialog import BodiesDialog

        BodiesDialog(self.ctx, self).exec()

    def focus_find(self) -> None:
        """Ctrl+F on this tab."""
        self.focus_search()

    def focus_search(self) -> None:
        if self.ctx.window is not None:
            self.ctx.window.show_tab("registry")
        self.search.setFocus()
        self.search.selectAll()

    # -- filling -----------------------------------------------------------------------------
    def refresh(self, reload: bool = True) -> None:
        """Rebuild the visible tree (keeping the selection); records the time it took.

        The other tree is rebuilt when its tab is shown, so one refresh costs one tree.
        Filtering passes ``reload=False``: typing re-reads nothing, only data changes do.
        """
        start = time.perf_counter()
        selected = self.current_id()
        if reload:
            self._total = None
        self._chain_stale = self._level_stale = True
        if self._chain_shown():
            self._fill_chain()
        else:
            self._fill_level()
        if self._total is None:
            self._total = int(self.ctx.db.scalar("SELECT COUNT(*) FROM directives"))
        total = self._total
        shown = total if self._filter is None else len(self._filter)
        self.count_label.setText(f"{shown}/{total} văn bản" if self._filter is not None else f"{total} văn bản")
        self._show_empty_hint()
        if selected is not None:
            self.select(selected)
        self.last_fill_ms = (time.perf_counter() - start) * 1000

    def _fill_level(self) -> None:
        """Unfiltered: levels and issuers with counts, documents read when an issuer is opened;
        filtered: the tree of the hits (a few thousand at most), whole."""
        if self._filter is None:
            root, self._total = trees.level_outline(self.ctx.db)
        else:
            root = trees.by_level(trees.rows_of(self.ctx.db, self._filter))
        self.level_model.set_root(root)
        self._level_stale = False
        if self._filter is not None and len(self._filter) <= 300:
            self.level_view.expandAll()
        else:
            self.level_view.expandToDepth(0)

    def _fill_chain(self) -> None:
        """The first page of the chain tree (or the hits); the rest is read as it is opened."""
        self.chain_model.reset(self._filter)
        self.chain_model.fetchMore(QModelIndex())
        self._chain_stale = False
        if self._filter is not None and len(self._filter) <= 300:
            self.chain_view.expandAll()

    def _view_switched(self, _index: int) -> None:
        to_chain = self._chain_shown()
        # the view left (the chain view is made here, on its first showing)
        selected = self.current_id_in(self.level_view if to_chain else self.chain_view)
        if to_chain:
            self._make_chain_view()  # on its first showing
        if to_chain and self._chain_stale:
            self._fill_chain()
        elif not to_chain and self._level_stale:
            self._fill_level()
        if selected is not None:
            self.select(selected)

    def apply_filter(self, reload: bool = False) -> None:
        self.timer.stop()  # a direct call makes a pending type-ahead run moot
        text = self.search.text().strip()
        ranked = search.search_directives(self.ctx.db, text, limit=2000) if text else []
        self._filter = set(ranked) if text else None
        for view in (self.level_view, self._chain_view):
            if view is None:  # not made yet: it takes the search text when it is
                continue
            _mark_search(view, text)
            view.viewport().update()
        self.refresh(reload=reload)
        if ranked:
            self.select(ranked[0])  # the best match, from the same search

    def on_changed(self, changes: Changes) -> None:
        if changes.directives or changes.structure or changes.plans:
            if self._filter is not None:
                self.apply_filter(reload=True)
            else:
                self.refresh()
            if changes.directives:
                did = next(iter(changes.directives))
                if directives.get_row(self.ctx.db, did) is not None:
                    self.select(did)

    # -- selection and details -------------------------------------------------------------
    def current_view(self) -> QTreeView:
        return self.chain_view if self._chain_shown() else self.level_view

    def current_id(self) -> int | None:
        return self.current_id_in(self.current_view())

    def current_id_in(self, view: QTreeView) -> int | None:
        index = view.currentIndex()
        if index.isValid() and index.data(KIND_ROLE) == "directive":
            return index.data(ID_ROLE)
        return None

    def select(self, directive_id: int) -> None:
        view = self.current_view()
        index = view.model().find("directive", directive_id)
        if index.isValid():
            view.setCurrentIndex(index)
            view.scrollTo(index)

    def _show_empty_hint(self) -> None:
        """An empty registry says how to start (the walk: a new office saw an empty tree, nothing
        more). Shown as the pane's text, wrapped: a placeholder is one line, cut at the pane's edge."""
        if self._total:
            if self._empty_hint_shown:
                self.details.clear()
                self._empty_hint_shown = False
            return
        from html import escape

        self.details.setHtml(f'<p style="color: gray">{escape(EMPTY_REGISTRY_HINT)}</p>')
        self._empty_hint_shown = True

    def show_details(self, index: QModelIndex) -> None:
        self._update_action_buttons()
        if not index.isValid() or index.data(KIND_ROLE) != "directive":
            self.details.clear()
            self._empty_hint_shown = False
            self._show_empty_hint()
            return
        d = directives.get(self.ctx.db, index.data(ID_ROLE))
        if d is None:
            self.details.clear()
            return
        import html

        from .implementation import chain_html, implementation_status

        e = html.escape
        rows = [
            ("Loại", d.doc_type),
            ("Số ký hiệu", d.number),
            ("Ngày ban hành", format_short(d.issued_on)),
            ("Cơ quan ban hành", d.issuer),
            ("Trích yếu", d.summary),
            ("Cấp", d.level),
            ("Độ mật", d.security),
            ("Hạn cụ thể hóa", implementation_status(self.ctx.db, d)),
            ("Ghi chú", d.notes),
            ("Tệp gốc", d.attachment_name),
        ]
        parents = [directives.get(self.ctx.db, p) for p in d.parent_ids]
        if parents:
            rows.append(("Thực hiện", "; ".join(f"{p.doc_type} {p.number}" for p in parents if p)))
        deps = directives.dependants(self.ctx.db, d.id)
        if deps["directives"]:
            rows.append(("Được thực hiện bởi", "; ".join(deps["directives"])))
        if deps["plans"]:
            rows.append(("Kế hoạch căn cứ", "; ".join(deps["plans"])))
        from ...store import relations

        rels = relations.for_directive(self.ctx.db, d.id)
        if rels:  # thay thế / sửa đổi, bổ sung / bãi bỏ / hết hiệu lực (issue 17)
            rows.append(("Hiệu lực, quan hệ", "; ".join(r["text"] for r in rels)))
        body = "".join(f"<tr><td><b>{e(k)}</b></td><td>{e(v or '—')}</td></tr>" for k, v in rows)
        self.details.setHtml(
            f"<h3>{e(d.doc_type)} {e(d.number)}</h3><table cellpadding='3'>{body}</table>"
            + chain_html(self.ctx.db, d.id)
        )

    def _activated(self, index: QModelIndex) -> None:
        kind = index.data(KIND_ROLE)
        if kind == "directive":
            self.edit_current()
        elif kind == "plan":
            self.plan_activated.emit(index.data(ID_ROLE))

    # -- commands -------------------------------------------------------------------------------
    def _run_form(self, directive_id: int | None = None, citation: str = ""):
        from .form import DirectiveForm

        form = DirectiveForm(self.ctx, self, directive_id)
        if citation:
            form.citation.setPlainText(citation)
            form.fill_from_citation()
        if not form.exec():
            return None
        try:
            return form.values()
        except ValueError as exc:
            messages.error(self, str(exc))
            return None

    def add_document(self, citation: str = "") -> None:
        if self.ctx.refuse_writing(self, "thêm văn bản"):
            return
        data = self._run_form(citation=citation if isinstance(citation, str) else "")
        if data is not None:
            from ...store.directive_ops import AddDirective

            cmd = AddDirective(data)
            if self.ctx.push(cmd) is not None:
                self._show_added(cmd)

    def _show_added(self, cmd) -> None:
        """Ctrl+Shift+N works from every tab: after «Lưu» on the Kế hoạch or Trao đổi tab nothing
        on screen changed (the walk). Show the registry with the new document selected, and say so."""
        window = self.window()
        if hasattr(window, "show_tab") and window.current_tab_key() != "registry":
            window.show_tab("registry")
        if cmd.id is not None:
            self.select(cmd.id)
        label = f"{cmd.data.get('doc_type') or 'Văn bản'} {cmd.data.get('number') or ''}".strip()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(f"Đã thêm «{label}» vào sổ văn bản (Ctrl+Z để hoàn tác).", 8000)

    def add_from_clipboard(self) -> None:
        self.add_document(QGuiApplication.clipboard().text())

    def edit_current(self) -> None:
        index = self.current_view().currentIndex()
        if index.isValid() and index.data(KIND_ROLE) == "level":
            self.rename_level(index)
            return
        did = self.current_id()
        if did is None:
            return
        if self.ctx.refuse_writing(self, "sửa văn bản"):  # the detail pane shows it all
            return
        data = self._run_form(did)
        if data is not None:
            from ...store.directive_ops import UpdateDirective

            self.ctx.push(UpdateDirective(self.ctx.db, did, data))

    def rename_level(self, index: QModelIndex) -> None:
        from PySide6.QtWidgets import QInputDialog

        old = index.data().rsplit(" (", 1)[0]
        level_id = directives.find_level(self.ctx.db, old)
        if level_id is None:
            return
        name, ok = QInputDialog.getText(self, "Đổi tên cấp", "Tên cấp mới:", text=old)
        if ok and name.strip() and name.strip() != old:
            from ...store.directive_ops import RenameLevel

            self.ctx.push(RenameLevel(self.ctx.db, level_id, name.strip()))

    def delete_current(self) -> None:
        did = self.current_id()
        if did is None:
            return
        d = directives.get(self.ctx.db, did)
        label = f"{d.doc_type} {d.number}".strip()
        issued = directives.issued_plans_citing(self.ctx.db, did)
        if issued:
            messages.error(
                self,
                f"Không xóa được «{label}»: văn bản này là căn cứ của Kế hoạch đã ban hành "
                f"{', '.join(issued)}. Kế hoạch đã ban hành phải giữ nguyên căn cứ.",
            )
            return
        deps = directives.dependants(self.ctx.db, did)
        if deps["directives"] or deps["plans"]:
            lines = []
            if deps["directives"]:
                lines.append("Các văn bản thực hiện văn bản này: " + "; ".join(deps["directives"]))
            if deps["plans"]:
                lines.append("Các kế hoạch lấy văn bản này làm căn cứ: " + "; ".join(deps["plans"]))
            if not messages.confirm(
                self,
                f"Xóa «{label}»? Các liên kết tới nó sẽ bị gỡ (có thể hoàn tác bằng Ctrl+Z).",
                title="Xóa văn bản đang được thực hiện",
                yes="Xóa",
                detail="\n".join(lines),
            ):
                return
        from ...store.directive_ops import DeleteDirective

        self.ctx.push(DeleteDirective(did, label))


class _SearchField(QLineEdit):
    """The registry's search field: ↓ or Page Down (without Ctrl/Alt) go to the results; every
    other key — typing, Unikey's backspaces included — is the field's own.

    A key handler, not an event filter: a filter sees every event the field gets, and Python
    receiving the first screen's events made PySide6 build QEvent's enums (issue 19)."""

    def __init__(self, to_results: Callable[[], None], parent: QWidget) -> None:
        super().__init__(parent)
        self._to_results = to_results

    def keyPressEvent(self, event) -> None:
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            self._to_results()
            return
        super().keyPressEvent(event)


def _mark_search(view: QTreeView, text: str) -> None:
    """The words of *text* marked in *view*'s first column. The marking delegate comes with
    the first search: until then Qt draws the rows itself, and start-up neither builds
    PySide6's QStyle and QStyleOption types for it (~8 ms) nor paints each row in Python."""
    delegate = view.itemDelegateForColumn(0)
    if delegate is None:
        if not text:
            return
        from .highlight import HighlightDelegate

        delegate = HighlightDelegate(view)
        view.setItemDelegateForColumn(0, delegate)
    delegate.query = text
