"""The find bar of the plan editor: Ctrl+F opens it, Esc closes it.

Matching is :mod:`kehoach_desktop.core.find` (folded text, document order). The node
texts are folded once per reload of the plan (the index is dropped when the plan
changes and rebuilt on the next search); typing a query only scans them. A match is
shown by selecting its node in the tree (the side editor follows) and selecting the
span in the item text, while the focus stays in the find field. Searching never writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QToolButton, QWidget

from ...core.find import FindIndex, Match, document_nodes
from ...core.text import fold

if TYPE_CHECKING:
    from .editor import PlanEditor

NOT_FOUND = "Không thấy"


class FindBar(QWidget):
    def __init__(self, editor: PlanEditor):
        super().__init__(editor)
        self.setObjectName("planFindBar")
        self.editor = editor
        self.field = QLineEdit(self)
        self.field.setObjectName("planFindField")
        self.field.setPlaceholderText("Tìm trong kế hoạch (có dấu hoặc không)…")
        self.field.setClearButtonEnabled(True)
        self.field.setToolTip("Enter: chỗ tiếp theo · Shift+Enter: chỗ trước · Esc: đóng")
        self.btn_prev = QPushButton("Trước", self)
        self.btn_prev.setToolTip("Chỗ trước (Shift+F3)")
        self.btn_next = QPushButton("Tiếp", self)
        self.btn_next.setToolTip("Chỗ tiếp theo (F3)")
        self.count = QLabel(self)
        self.count.setMinimumWidth(70)
        self.btn_close = QToolButton(self)
        self.btn_close.setText("✕")
        self.btn_close.setToolTip("Đóng thanh tìm (Esc)")
        self.btn_close.setAutoRaise(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.addWidget(self.field, 1)
        row.addWidget(self.btn_prev)
        row.addWidget(self.btn_next)
        row.addWidget(self.count)
        row.addWidget(self.btn_close)

        self._index: FindIndex | None = None
        self._order: dict[int, int] = {}  # node id → place in document order
        self.matches: list[Match] = []
        self.current = -1

        self.field.textChanged.connect(lambda _t: self._search(navigate=True))
        self.field.installEventFilter(self)
        self.btn_next.clicked.connect(self.find_next)
        self.btn_prev.clicked.connect(self.find_previous)
        self.btn_close.clicked.connect(self.close_bar)
        QShortcut(QKeySequence(Qt.Key_Escape), self, self.close_bar, context=Qt.WidgetWithChildrenShortcut)
        # F3 / Shift+F3 anywhere in the editor (tree, item text, the bar itself).
        self.next_action = QAction("Tìm chỗ tiếp theo", editor)
        self.next_action.setShortcut(QKeySequence("F3"))  # as the guide says, on every platform
        self.prev_action = QAction("Tìm chỗ trước", editor)
        self.prev_action.setShortcut(QKeySequence("Shift+F3"))
        for act, slot in ((self.next_action, self.find_next), (self.prev_action, self.find_previous)):
            act.setShortcutContext(Qt.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            editor.addAction(act)
        self._show_count()
        self.hide()

    # -- opening and closing ---------------------------------------------------------------------
    def open(self) -> None:
        """Show the bar with the focus in the field (the last query selected, to type over)."""
        self.show()
        self.field.setFocus(Qt.ShortcutFocusReason)
        self.field.selectAll()
        if self.field.text().strip() and not self.matches:
            self._search(navigate=False)

    def close_bar(self) -> None:
        self.hide()
        self.editor.tree.setFocus(Qt.OtherFocusReason)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.field and event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Return, Qt.Key_Enter):
            if event.modifiers() & Qt.ShiftModifier:
                self.find_previous()
            else:
                self.find_next()
            return True
        return False

    # -- searching -----------------------------------------------------------------------------------
    def invalidate(self) -> None:
        """The plan changed (edit, undo, another plan): fold again on the next search.

        With the bar open the matches are recounted at once, without moving the selection.
        """
        self._index = None
        if not self.isHidden() and self.field.text().strip():
            was = self.matches[self.current] if 0 <= self.current < len(self.matches) else None
            self._search(navigate=False)
            if was is not None and was in self.matches:  # the same place is still a match: stay on it
                self.current = self.matches.index(was)
                self._show_count()
        elif self.matches:  # closed: searched again when reopened
            self.matches, self.current = [], -1
            self._show_count()

    def _ensure_index(self) -> FindIndex:
        if self._index is None:
            doc = self.editor.doc
            nodes = document_nodes(doc.sections + doc.appendices) if doc is not None else []
            self._order = {node_id: i for i, (node_id, _text) in enumerate(nodes)}
            self._index = FindIndex(nodes)
        return self._index

    def _search(self, navigate: bool) -> None:
        query = self.field.text()
        self.matches = self._ensure_index().find(query) if query.strip() else []
        self.current = self._start_at() if self.matches else -1
        if navigate and self.current >= 0:
            self._go(self.current)
        self._show_count()

    def _start_at(self) -> int:
        """The first match in or after the selected item, in document order (wrapping)."""
        node = self.editor.current_node_id()
        here = self._order.get(node, -1) if node is not None else -1
        for i, m in enumerate(self.matches):
            if self._order.get(m.node_id, -1) >= here:
                return i
        return 0

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if self.editor.plan_id is None:
            return
        if self.isHidden():
            self.open()
        if not self.matches:
            if self.field.text().strip():
                self._search(navigate=True)
            return
        # Moved away in the tree meanwhile: continue from there.
        node = self.editor.current_node_id()
        if self.current < 0 or self.matches[self.current].node_id != node:
            here = self._order.get(node, -1) if node is not None else -1
            if delta > 0:
                self.current = self._start_at()
            else:  # the last match before the selected item (wrapping to the end)
                before = [i for i, m in enumerate(self.matches) if self._order.get(m.node_id, -1) < here]
                self.current = before[-1] if before else len(self.matches) - 1
        else:
            self.current = (self.current + delta) % len(self.matches)
        self._go(self.current)
        self._show_count()

    def _go(self, i: int) -> None:
        self.editor.show_match(self.matches[i], fold(self.field.text().strip()))

    def _show_count(self) -> None:
        if not self.field.text().strip() or (not self.matches and self.isHidden()):
            self.count.setText("")
        elif not self.matches:
            self.count.setText(NOT_FOUND)
        else:
            self.count.setText(f"{self.current + 1}/{len(self.matches)}")
        found = bool(self.matches)
        self.btn_next.setEnabled(found)
        self.btn_prev.setEnabled(found)
