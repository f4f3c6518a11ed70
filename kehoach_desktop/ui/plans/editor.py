"""The plan editor: section tree beside the text of the selected item, its task,
the header and căn cứ, Nơi nhận and signature, the pre-signing check and the
status buttons. Every change goes through ``ctx.push`` (undoable store commands).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...core.dates import format_short
from ...core.models import PLAN_STATUSES
from ...core.text import fold
from ...store import autosave, plan_ops, plans
from ...store.commands import Changes
from .. import messages
from ..context import AppContext
from ..flow import ToolRow
from .checks_tab import ChecksTab
from .find_bar import FindBar
from .header_tab import HeaderTab
from .recipients_tab import RecipientsTab
from .task_list import PlanTaskList, task_lines
from .task_panel import TaskPanel
from .text_commit import TextCommitter, changed_span
from .tree_model import KIND_NAMES, PlanTreeModel


class PlanEditor(QWidget):
    plan_loaded = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.plan_id: int | None = None
        self.doc = None
        self.status = "draft"
        self._selecting = False
        self._row_key: tuple | None = None
        self._texts_changed: list[tuple[int, str, str]] = []  # (item, before, after) at the last refresh

        top = self._build_status_row()
        left = self._build_tree_pane()
        self._build_item_pane(ctx)
        self.splitter = QSplitter(Qt.Horizontal, self)
        self.splitter.setObjectName("planEditorSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.tabs)
        # The item/header/recipients/check pane gets three fifths: its four tab titles and the
        # header's buttons («Chọn căn cứ…») were cut off at 1366×768 and at 125 % (issue 20).
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.find_bar = FindBar(self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.splitter, 1)

        self.btn_check.clicked.connect(self.run_check)
        self.btn_review.clicked.connect(lambda: self._set_status("review"))
        self.btn_draft.clicked.connect(lambda: self._set_status("draft"))
        self.btn_issue.clicked.connect(self.issue)
        self.btn_revision.clicked.connect(self.create_revision)
        ctx.changed.connect(self.on_changed)
        self.setEnabled(False)

    def _build_status_row(self) -> QHBoxLayout:
        """The status, and the buttons that move the plan from draft to issued."""
        # -- status row ------------------------------------------------------------------------
        self.status_label = QLabel(self)
        self.btn_check = QPushButton("Kiểm tra trước khi trình ký", self)
        self.btn_review = QPushButton("Trình ký", self)
        self.btn_draft = QPushButton("Trả về dự thảo", self)
        self.btn_issue = QPushButton("Ban hành…", self)
        self.btn_revision = QPushButton("Tạo bản sửa đổi, bổ sung", self)
        # Toolbars shrink (overflow menu) so the window can stay small on a laptop screen.
        status_bar = QToolBar(self)
        # Widgets in a toolbar are shown and hidden through their actions.
        self._bar_actions = {
            b: status_bar.addWidget(b)
            for b in (self.btn_check, self.btn_review, self.btn_draft, self.btn_issue, self.btn_revision)
        }
        self.status_label.setMinimumWidth(60)
        top = QHBoxLayout()
        top.addWidget(self.status_label, 1)
        top.addWidget(status_bar)
        return top

    def _build_tree_pane(self) -> QWidget:
        """Left: the tree with its tools (one action per command) and the plan's task list."""
        # -- tree ------------------------------------------------------------------------------------
        self.model = PlanTreeModel(self)
        self.model.move_requested = self.move_to
        self.tree = QTreeView(self)
        self.tree.setObjectName("planTree")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setDragDropMode(QAbstractItemView.InternalMove)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setDefaultDropAction(Qt.MoveAction)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        # One action per tree command: toolbar button, right-click menu and keyboard shortcut
        # (the shortcuts act while the tree has focus, so typing in the editors is untouched).
        tools = ToolRow(self)  # wraps onto a second line rather than hiding buttons behind "»"
        self.tree.setContextMenuPolicy(Qt.ActionsContextMenu)
        self.tool_buttons: dict[str, QAction] = {}
        for key, text, tip, keys, slot in (
            ("add", "+ Mục", "Thêm mục cùng cấp sau mục đang chọn", "Insert", lambda: self.add_node("section", False)),
            ("child", "+ Mục con", "Thêm mục con", "Ctrl+Insert", lambda: self.add_node("section", True)),
            (
                "bullet",
                "+ Gạch đầu dòng",
                "Thêm gạch đầu dòng vào mục đang chọn",
                "Ctrl+Shift+Insert",
                lambda: self.add_node("bullet", None),
            ),
            ("para", "+ Đoạn", "Thêm đoạn văn vào mục đang chọn", "", lambda: self.add_node("paragraph", None)),
            ("delete", "Xóa", "Xóa mục đang chọn", QKeySequence.Delete, self.delete_current),
            ("up", "↑", "Chuyển lên", "Alt+Up", lambda: self.move("up")),
            ("down", "↓", "Chuyển xuống", "Alt+Down", lambda: self.move("down")),
            ("outdent", "←", "Lùi ra một cấp", "Alt+Left", lambda: self.move("outdent")),
            ("indent", "→", "Thụt vào một cấp", "Alt+Right", lambda: self.move("indent")),
        ):
            act = QAction(text, self)
            seq = QKeySequence(keys) if keys else None
            if seq is not None:
                # Tab / Shift+Tab indent and outdent too, as in outliners (only while the tree has focus).
                extra = {
                    "indent": [QKeySequence("Tab")],
                    "outdent": [QKeySequence("Shift+Tab"), QKeySequence("Backtab")],
                }.get(key, [])
                act.setShortcuts([seq, *extra])
                act.setShortcutContext(Qt.WidgetShortcut)
            keys_text = ", ".join(
                s.toString(QKeySequence.NativeText) for s in act.shortcuts() if s.toString() != "Backtab"
            )
            act.setToolTip(f"{tip} ({keys_text})" if seq is not None else tip)
            act.triggered.connect(slot)
            tools.addAction(act)
            self.tree.addAction(act)
            self.tool_buttons[key] = act
        # F2 (as in the registry and in Explorer): from the tree to the text of the selected item.
        self.edit_action = QAction("Sửa nội dung mục", self)
        self.edit_action.setShortcut(QKeySequence("F2"))
        self.edit_action.setShortcutContext(Qt.WidgetShortcut)
        self.edit_action.setToolTip("Sửa nội dung mục đang chọn (F2)")
        self.edit_action.triggered.connect(self.edit_current_text)
        self.tree.addAction(self.edit_action)
        # Phụ lục: a top-level section printed after the signature (checkable; also in the Kế hoạch menu).
        self.appendix_action = QAction("Đánh dấu là phụ &lục", self)
        self.appendix_action.setIconText("Phụ lục")
        self.appendix_action.setCheckable(True)
        self.appendix_action.setToolTip(
            "Đánh dấu mục lớn đang chọn là phụ lục (in sau phần ký), hoặc bỏ đánh dấu; chỉ cho mục cấp cao nhất"
        )
        self.appendix_action.setEnabled(False)
        self.appendix_action.triggered.connect(self.set_appendix)
        tools.addAction(self.appendix_action)
        self.tree.addAction(self.appendix_action)
        # The plan's tasks (unit, deadline, status) under the tree; a row selects its item.
        self.task_list = PlanTaskList(self)
        self.task_list.node_chosen.connect(self._task_chosen)
        self.task_list_label = QLabel(self)
        tasks_box = QWidget(self)
        tv = QVBoxLayout(tasks_box)
        tv.setContentsMargins(0, 0, 0, 0)
        tv.addWidget(self.task_list_label)
        tv.addWidget(self.task_list, 1)
        self.left_splitter = QSplitter(Qt.Vertical, self)
        self.left_splitter.setObjectName("planTreeTasksSplitter")
        self.left_splitter.setChildrenCollapsible(False)
        self.left_splitter.addWidget(self.tree)
        self.left_splitter.addWidget(tasks_box)
        self.left_splitter.setStretchFactor(0, 3)
        self.left_splitter.setStretchFactor(1, 2)
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(tools)
        lv.addWidget(self.left_splitter, 1)
        return left

    def _build_item_pane(self, ctx: AppContext) -> None:
        """Right: the selected item, the header, the recipients and the checks, as tabs."""
        # -- right: the selected item, header, recipients, checks -------------------------------------
        self.tabs = QTabWidget(self)
        item_page = QWidget(self)
        iv = QVBoxLayout(item_page)
        kind_row = QHBoxLayout()
        kind_row.addWidget(QLabel("Loại:", self))
        self.kind_combo = QComboBox(self)
        for kind, name in KIND_NAMES.items():
            self.kind_combo.addItem(name, kind)
        self.kind_combo.activated.connect(self._kind_chosen)
        kind_row.addWidget(self.kind_combo)
        self.node_label = QLabel(self)
        kind_row.addWidget(self.node_label, 1)
        iv.addLayout(kind_row)
        self.node_text = QPlainTextEdit(self)
        self.node_text.setObjectName("nodeText")
        self.node_text.setPlaceholderText("Nội dung của mục đang chọn (gõ tiếng Việt bình thường, tự lưu).")
        self.node_text.setTabChangesFocus(True)  # Tab goes on to the task fields (a tab is no indent in print)
        iv.addWidget(self.node_text, 2)
        self.node_commit = TextCommitter(self.node_text, self._stash, self._commit_text, self)
        self.task_panel = TaskPanel(ctx, self)
        iv.addWidget(self.task_panel, 1)
        self.header_tab = HeaderTab(self)
        self.recipients_tab = RecipientsTab(self)
        self.checks_tab = ChecksTab(self)
        for page, title in (
            (item_page, "Mục đang chọn"),
            (self.header_tab, "Phần đầu, căn cứ"),
            (self.recipients_tab, "Nơi nhận, chữ ký"),
            (self.checks_tab, "Kiểm tra"),
        ):
            scroll = QScrollArea(self)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.NoFrame)
            scroll.setFocusPolicy(Qt.NoFocus)  # no empty Tab stop between the fields
            scroll.setWidget(page)
            self.tabs.addTab(scroll, title)
        self.tabs.setUsesScrollButtons(True)  # only when the user narrows the pane himself
        self.tabs.setElideMode(Qt.ElideNone)
        self.tabs.currentChanged.connect(lambda _i: self._check_if_shown())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not getattr(self, "_split_checked", False):
            self._split_checked = True
            self.balance_split()

    def balance_split(self) -> None:
        """The tree gets two fifths and the right pane at least its tab titles' width: the
        pane's size hint alone left the tree 210 pixels at 1093×614 (issue 20). A split the
        user saved is kept unless it cuts the tab titles or leaves the tree under a third."""
        sizes = self.splitter.sizes()
        total = sum(sizes)
        need = self.tabs.tabBar().sizeHint().width() + 24
        if total <= 0 or (sizes[1] >= need and sizes[0] >= total // 3):
            return
        right = min(max(need, total * 3 // 5), total - 120)
        self.splitter.setSizes([total - right, right])

    def show_page(self, page: QWidget) -> None:
        for i in range(self.tabs.count()):
            if self.tabs.widget(i).widget() is page:
                self.tabs.setCurrentIndex(i)
                return

    def current_page(self) -> QWidget:
        return self.tabs.currentWidget().widget()

    # -- loading ----------------------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return self.status == "issued" or self.ctx.read_only

    def load(self, plan_id: int | None) -> None:
        self.commit_pending()
        self.plan_id = plan_id
        self.checks_tab.clear()
        if plan_id is None:
            self.doc = None
            self.model.set_nodes([])
            self.node_commit.set_text(None, "")
            self._show_tasks()
            self.find_bar.hide()
            self.find_bar.invalidate()
            self._update_appendix_action()
            self.setEnabled(False)
            return
        self.setEnabled(True)
        self._row_key = None
        self.refresh(structure=True)
        first = self.model.index(0, 0)
        if first.isValid():
            self.tree.setCurrentIndex(first)
        self._check_if_shown()  # the «Kiểm tra» tab left on screen checks the plan now shown
        self.plan_loaded.emit(plan_id)

    def open_plan(self, plan_id: int) -> None:
        self.load(plan_id)

    def refresh(self, structure: bool) -> None:
        self._texts_changed = []
        if self.plan_id is None:
            return
        try:
            self.doc = plans.load_document(self.ctx.db, self.plan_id)
        except LookupError:
            self.load(None)
            return
        self.status = self.doc.status
        current = self.current_node_id()
        if structure or self.model.read_only != self.read_only:
            self._selecting = True
            try:
                roots = self.doc.sections + self.doc.appendices  # appendices (Phụ lục) after the body
                moved = None if self.model.read_only != self.read_only else self.model.apply_incremental(roots)
                if moved is None:
                    self.model.set_nodes(roots, read_only=self.read_only)
                    self.tree.expandAll()
                elif moved.isValid():
                    self.tree.expandRecursively(moved)  # a moved row comes back collapsed
                if current is not None and self.model.index_of(current).isValid():
                    self.tree.setCurrentIndex(self.model.index_of(current))
            finally:
                self._selecting = False
        else:
            for node in self.doc.walk():
                item = self.model.by_id.get(node.id)
                if item is not None:
                    if item.node.text != node.text:
                        self._texts_changed.append((node.id, item.node.text, node.text))
                        self.model.set_text(node.id, node.text)
                    self.model.set_task(node.id, node.task_id)
        row = plans.get_row(self.ctx.db, self.plan_id)
        # The side pages only when what they show changed (a move must stay fast on big plans).
        key = (tuple(row[k] for k in row.keys() if k != "updated_at"), self.read_only)  # noqa: SIM118 (sqlite3.Row)
        if key != self._row_key:
            self._row_key = key
            self.header_tab.load(self.ctx.db, row, self.read_only)
            self.recipients_tab.load(self.ctx.db, self.doc, self.read_only)
            self._show_status(row)
        self._show_node(self.current_node_id())
        self._show_tasks()
        self.find_bar.invalidate()  # texts or order changed: fold again on the next search

    def _show_tasks(self) -> None:
        lines = task_lines(self.ctx.db, self.doc) if self.plan_id is not None else []
        self.task_list.show_lines(lines)
        self.task_list.select_node(self.current_node_id())
        self.task_list_label.setText(
            f"<b>Nhiệm vụ của kế hoạch</b> ({len(lines)})" if lines else "<b>Nhiệm vụ của kế hoạch</b>: chưa có"
        )

    def _task_chosen(self, node_id: int) -> None:
        if node_id != self.current_node_id():
            self.select_node(node_id)

    def _show_status(self, row) -> None:
        name = PLAN_STATUSES.get(self.status, self.status)
        number = row["number"] or "chưa có số"
        extra = ""
        if row["revision_of"]:
            src = plans.find_row(self.ctx.db, row["revision_of"])
            extra = f" — sửa đổi, bổ sung Kế hoạch {src['number'] if src else ''}"
        lock = " — đã khóa, chỉ xem" if self.status == "issued" else ""
        self.status_label.setText(f"<b>{name}</b> · {number}{extra}{lock}")
        for button, visible in (
            (self.btn_review, self.status == "draft"),
            (self.btn_draft, self.status == "review"),
            (self.btn_issue, self.status != "issued"),
            (self.btn_revision, self.status == "issued"),
        ):
            self._bar_actions[button].setVisible(visible)
            # A window opened only to look changes no status (the walk: «Ban hành…» did nothing).
            button.setEnabled(not self.ctx.read_only)
        for button in self.tool_buttons.values():
            button.setEnabled(not self.read_only)
        self.kind_combo.setEnabled(not self.read_only)
        self.node_text.setReadOnly(self.read_only)
        self.task_panel.set_read_only(self.read_only)

    # -- selection and the item text ---------------------------------------------------------------
    def current_node_id(self) -> int | None:
        index = self.tree.currentIndex()
        return self.model.item(index).id if index.isValid() else None

    def select_node(self, node_id: int) -> None:
        index = self.model.index_of(node_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
            self.tabs.setCurrentIndex(0)

    def edit_current_text(self) -> None:
        if self.current_node_id() is not None:
            self.tabs.setCurrentIndex(0)
            self.node_text.setFocus()
            self.node_text.moveCursor(QTextCursor.End)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._selecting:
            return
        node_id = self.model.item(current).id if current.isValid() else None
        self._show_node(node_id, force=True)
        self.task_list.select_node(node_id)

    def _show_node(self, node_id: int | None, force: bool = False) -> None:
        item = self.model.by_id.get(node_id) if node_id is not None else None
        target = f"node:{node_id}" if item is not None else None
        same = target == self.node_commit.target
        self._update_appendix_action()
        if item is None:
            self.node_commit.set_text(None, "")
            self.node_label.setText("")
            self.task_panel.show_node(None, None, self.doc)
            return
        node = item.node
        # Never overwrite what the user is typing; show the stored text otherwise.
        if not same or (not self.node_commit.pending and self.node_text.toPlainText() != node.text):
            self.node_commit.set_text(target, node.text, in_place=same, to_change=self.ctx.stepping)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(node.kind)))
        self.node_label.setText(f"Số thứ tự: {node.label}" if node.label else "")
        # Re-suggest when the text of an unmarked item changed (deadline typed in), else keep the fields
        # (and never over what the user has entered in them).
        if (
            force
            or not same
            or (
                self.task_panel.state is None
                and self.task_panel.suggested_for != node.text
                and not self.task_panel.dirty
            )
        ):
            self.task_panel.show_node(self.plan_id, node, self.doc)

    # -- find in the plan -----------------------------------------------------------------------------
    def show_find(self) -> bool:
        """Ctrl+F with a plan open: the find bar, focus in its field. False when no plan is open."""
        if self.plan_id is None:
            return False
        self.find_bar.open()
        return True

    def show_match(self, match, folded_query: str = "") -> None:
        """Select the node of *match* (parents expanded, scrolled to) and the matched span in its
        text, leaving the focus where it is (in the find field while the user types)."""
        index = self.model.index_of(match.node_id)
        if not index.isValid():
            return
        parent = index.parent()
        while parent.isValid():
            self.tree.expand(parent)
            parent = parent.parent()
        self.select_node(match.node_id)
        text = self.node_text.toPlainText()
        span = text[match.start : match.end]
        if self.current_node_id() != match.node_id or not span or (folded_query and fold(span) != folded_query):
            return  # the text shown is not the text searched (typed meanwhile, or a table cell)

        def utf16(i: int) -> int:  # QTextCursor positions count UTF-16 code units
            return len(text[:i].encode("utf-16-le")) // 2

        cursor = self.node_text.textCursor()
        cursor.setPosition(utf16(match.start))
        cursor.setPosition(utf16(match.end), QTextCursor.KeepAnchor)
        self.node_text.setTextCursor(cursor)
        self.node_text.ensureCursorVisible()

    # -- Phụ lục -----------------------------------------------------------------------------------------
    def _appendix_target(self):
        """The selected item when it can be marked as (or cleared from) a Phụ lục, else None."""
        node_id = self.current_node_id()
        item = self.model.by_id.get(node_id) if node_id is not None else None
        if item is None or self.plan_id is None or self.read_only:
            return None
        if item.parent is not self.model.root or item.node.kind != "section":
            return None
        return item

    def _update_appendix_action(self) -> None:
        item = self._appendix_target()
        node_id = self.current_node_id()
        shown = self.model.by_id.get(node_id) if node_id is not None else None
        self.appendix_action.setEnabled(item is not None)
        self.appendix_action.setChecked(
            shown is not None and shown.parent is self.model.root and shown.node.role == plan_ops.APPENDIX
        )

    def set_appendix(self, on: bool | None = None) -> None:
        """Mark the selected top-level section as a Phụ lục (``on`` True) or clear it (one undoable step)."""
        item = self._appendix_target()
        if item is None:
            self._update_appendix_action()
            return
        node_id = item.id
        if on is None:
            on = item.node.role != plan_ops.APPENDIX
        self.commit_pending()
        try:
            cmd = plan_ops.SetAppendix(self.ctx.db, node_id, bool(on))
        except (ValueError, LookupError) as exc:
            messages.error(self, str(exc))
            self._update_appendix_action()
            return
        if self.ctx.push(cmd) is not None:
            self.select_node(node_id)  # it moved (after the body, or back to its end)
        self._update_appendix_action()

    def _stash(self, target: str, text: str) -> None:
        if self.plan_id is not None and not self.read_only:
            autosave.stash(self.ctx.db, self.plan_id, target, text)

    def _commit_text(self, target: str, text: str) -> None:
        if self.plan_id is None or self.read_only:
            return
        kind, _, ref = target.partition(":")
        if kind == "node":
            node_id = int(ref)
            try:
                stored = plans.node_row(self.ctx.db, node_id)["text"]
            except LookupError:
                return
            if stored != text:
                self.ctx.push(plan_ops.EditNode(self.ctx.db, node_id, text=text))
        else:
            row = plans.get_row(self.ctx.db, self.plan_id)
            if row[plans.column(ref)] != text:
                self.ctx.push(plan_ops.UpdateHeader(self.ctx.db, self.plan_id, {ref: text}))
        autosave.clear(self.ctx.db, self.plan_id, target)

    def commit_pending(self) -> None:
        """Commit whatever is being typed (before switching plans, checking, issuing, closing)."""
        self.node_commit.commit_now()
        self.task_panel.commit_pending()
        self.header_tab.commit_pending()

    def step_history(self, redo: bool) -> None:
        """Ctrl+Z / Ctrl+Y (Ctrl+Shift+Z) in a text field: what is typed becomes a step, then one
        step of the plan's history is undone or redone (as Sửa → Hoàn tác / Làm lại)."""
        self.commit_pending()
        stack = self.ctx.undo_stack
        if stack.canRedo() if redo else stack.canUndo():
            stack.redo() if redo else stack.undo()

    def can_step(self, redo: bool) -> bool:
        stack = self.ctx.undo_stack
        return stack.canRedo() if redo else stack.canUndo()

    def _kind_chosen(self, _index: int) -> None:
        node_id = self.current_node_id()
        kind = self.kind_combo.currentData()
        if node_id is not None and self.model.by_id[node_id].node.kind != kind:
            self.ctx.push(plan_ops.EditNode(self.ctx.db, node_id, kind=kind))

    # -- tree commands -----------------------------------------------------------------------------------
    def add_node(self, kind: str, as_child: bool | None, text: str = "") -> int | None:
        """Add a node after the current one (``as_child`` False), inside it (True), or — None —
        inside when the current item is a section, else right after it (a bullet after a bullet)."""
        if self.plan_id is None or self.read_only:
            return None
        self.commit_pending()
        current = self.current_node_id()
        if as_child is None:
            as_child = current is not None and self.model.by_id[current].node.kind == "section"
        if current is None:
            parent, position = None, None
        elif as_child:
            parent, position = current, None
        else:
            item = self.model.by_id[current]
            parent, position = item.parent.id, item.row + 1
        cmd = plan_ops.AddNode(self.plan_id, parent, kind, text, position)
        if self.ctx.push(cmd) is None:
            return None
        self.select_node(cmd.node_id)
        self.node_text.setFocus()
        return cmd.node_id

    def delete_current(self) -> None:
        node_id = self.current_node_id()
        if node_id is None or self.read_only:
            return
        item = self.model.by_id[node_id]
        if item.children and not messages.confirm(
            self,
            f"Xóa mục «{item.node.label} {item.node.text[:60]}» cùng {len(item.children)} mục con?",
            yes="Xóa",
            detail="Có thể hoàn tác bằng Ctrl+Z.",
        ):
            return
        self.commit_pending()
        parent = item.parent
        neighbour = None
        if parent is not None:
            siblings = parent.children
            if item.row + 1 < len(siblings):
                neighbour = siblings[item.row + 1].id
            elif item.row > 0:
                neighbour = siblings[item.row - 1].id
            elif parent.id is not None:
                neighbour = parent.id
        if self.ctx.push(plan_ops.DeleteNode(self.ctx.db, node_id)) is not None and neighbour is not None:
            self.select_node(neighbour)

    def move(self, how: str) -> None:
        node_id = self.current_node_id()
        if node_id is None or self.read_only:
            return
        self.commit_pending()
        make = {
            "up": plan_ops.move_up,
            "down": plan_ops.move_down,
            "indent": plan_ops.indent,
            "outdent": plan_ops.outdent,
        }[how]
        try:
            cmd = make(self.ctx.db, node_id)
        except ValueError as exc:
            if self.ctx.window is not None:
                self.ctx.window.statusBar().showMessage(str(exc), 4000)
            return
        self.ctx.push(cmd)
        if self.current_node_id() != node_id:
            self.select_node(node_id)
        else:  # the view kept the selection through the move; keep it in sight
            self.tree.scrollTo(self.tree.currentIndex(), QAbstractItemView.EnsureVisible)
        self.tree.setFocus()

    def move_to(self, node_id: int, parent_id: int | None, position: int) -> None:
        """A drop in the tree: one undoable move."""
        if self.read_only:
            return
        self.commit_pending()
        try:
            cmd = plan_ops.MoveNode(self.ctx.db, node_id, parent_id, position)
        except LookupError:
            return
        if self.ctx.push(cmd) is not None:
            self.select_node(node_id)

    # -- changes from anywhere (commands, undo/redo) ---------------------------------------------
    def on_changed(self, changes: Changes) -> None:
        if self.plan_id is None:
            return
        if changes.directives:
            self._row_key = None  # the căn cứ links may show another document's number
        if self.plan_id in changes.plans or changes.tasks or changes.directives:
            self.refresh(structure=changes.structure)
            if self.ctx.stepping:
                self._show_text_change()
            if changes.tasks and not changes.structure:
                self._show_node(self.current_node_id(), force=True)  # the task panel shows the new state
            if self.checks_tab.plan_id is not None:
                self.checks_tab.clear()  # the findings were for the plan before this change
                self._check_if_shown()

    def _show_text_change(self) -> None:
        """An undo or redo changed the text of an item other than the one shown: that item is
        selected, the cursor at the change (the current item's change is placed by its
        committer), as a word processor shows what Ctrl+Z did."""
        changed = self._texts_changed
        if not changed or any(node_id == self.current_node_id() for node_id, _, _ in changed):
            return
        node_id, before, after = changed[0]
        self.select_node(node_id)
        if self.current_node_id() == node_id and self.node_text.toPlainText() == after:
            self.node_commit.place_cursor(changed_span(before, after)[2])

    # -- check and status ---------------------------------------------------------------------------
    def run_check(self) -> list:
        if self.plan_id is None:
            return []
        self.commit_pending()
        findings = plans.check(self.ctx.db, self.plan_id)
        self.checks_tab.show_findings(findings, self.plan_id)
        self.show_page(self.checks_tab)
        return findings

    def _check_if_shown(self) -> None:
        """The «Kiểm tra» tab on screen shows the findings of the plan on screen, as it is now."""
        if self.plan_id is None or self.checks_tab.plan_id == self.plan_id:
            return
        if self.tabs.currentWidget() is not None and self.current_page() is self.checks_tab:
            self.checks_tab.show_findings(plans.check(self.ctx.db, self.plan_id), self.plan_id)

    def go_to(self, place: str) -> None:
        """Select the place a finding concerns."""
        kind, _, ref = place.partition(":")
        if kind == "node" and ref.isdigit():
            self.select_node(int(ref))
            self.node_text.setFocus()
        elif kind == "task" and ref.isdigit():
            node_id = plans.task_node(self.ctx.db, int(ref))
            if node_id:
                self.select_node(node_id)
        elif kind == "field":
            self.show_page(self.header_tab)
            self.header_tab.focus_field(ref)
        elif kind in ("recipients", "signature"):
            self.show_page(self.recipients_tab)
            self.recipients_tab.focus_part(kind)
        elif kind == "recipient" and ref.isdigit():  # one line of Nơi nhận (issue 17)
            self.show_page(self.recipients_tab)
            self.recipients_tab.focus_row(int(ref))

    def _set_status(self, status: str) -> None:
        if self.plan_id is None:
            return
        self.commit_pending()
        if status == "review":
            findings = plans.check(self.ctx.db, self.plan_id)
            errors = [f for f in findings if f.severity == "error"]
            if errors:
                self.checks_tab.show_findings(findings, self.plan_id)
                if not messages.confirm(
                    self,
                    f"Kế hoạch còn {len(errors)} lỗi cần sửa trước khi trình ký.",
                    yes="Vẫn trình ký",
                    no="Xem và sửa lỗi",
                    detail="Danh sách lỗi ở thẻ «Kiểm tra»; bấm vào từng dòng để đến chỗ cần sửa.",
                ):
                    self.show_page(self.checks_tab)
                    return
        self.ctx.push(plan_ops.SetStatus(self.ctx.db, self.plan_id, status))

    def issue(self, *, number: str | None = None, day: dt.date | None = None, ask: bool = True) -> bool:
        """Number, date and lock the plan (cannot be undone; a revision is the way to change it)."""
        from .dialogs import IssueDialog

        if self.plan_id is None or self.read_only:
            return False
        self.commit_pending()
        if ask:
            errors = [f for f in plans.check(self.ctx.db, self.plan_id) if f.severity == "error"]
            dialog = IssueDialog(self.ctx, self.plan_id, len(errors), self)
            if not dialog.exec():
                return False
            number, day = dialog.values()
            if not self._confirm_errors_on(day, errors):
                return False
        # Issuing cannot be undone (IssuePlan.undoable is False): push clears the history.
        return self.ctx.push(plan_ops.IssuePlan(self.plan_id, number, day)) is not None

    def _confirm_errors_on(self, day: dt.date, before: list) -> bool:
        """Errors that come with the issue date are named before the plan is locked (the walk:
        a draft has no date, so deadlines before it were found only after issuing)."""
        seen = {(f.kind, f.place, f.message) for f in before}
        assert self.plan_id is not None
        on_day = [f for f in plans.check(self.ctx.db, self.plan_id, as_of=day) if f.severity == "error"]
        if all((f.kind, f.place, f.message) in seen for f in on_day):
            return True
        on_day.sort(key=lambda f: (f.kind, f.place, f.message) in seen)  # those the date brings first
        # All of them, not «thêm N lỗi»: a deadline's error reads differently once the plan has a date,
        # and the dialog's «còn 2 lỗi» came back as «thấy thêm 2 lỗi» for the same two (the walk).
        shown = "\n".join(f"• {f.message}" for f in on_day[:5])
        if len(on_day) > 5:
            shown += f"\n… và {len(on_day) - 5} lỗi khác."
        return messages.confirm(
            self,
            f"Với ngày ban hành {format_short(day)}, kế hoạch có {len(on_day)} lỗi:\n{shown}\n\n"
            "Ban hành rồi thì không sửa được nữa. Vẫn ban hành, hay hủy để sửa trước?",
            title="Ban hành kế hoạch",
            yes="Vẫn ban hành",
            no="Hủy để sửa",
        )

    def create_revision(self) -> int | None:
        if self.plan_id is None:
            return None
        cmd = plan_ops.CreateRevision(self.plan_id)
        if self.ctx.push(cmd) is None:
            return None
        if self.ctx.window is not None:
            self.ctx.window.plans_panel.open_plan(cmd.plan_id)
        else:  # an editor on its own (tests)
            self.load(cmd.plan_id)
        return cmd.plan_id
