"""A thin QAbstractItemModel over plain node objects (Anki's sidebar pattern).

Nodes cache their row in the parent so ``parent()`` is O(1); the whole tree is
built in plain Python and swapped in with one model reset.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex

from .qt_values import ItemRole

if TYPE_CHECKING:
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QTreeView

ID_ROLE = ItemRole.USER + 1
KIND_ROLE = ItemRole.USER + 2
# data() runs for every cell painted: plain ints, compared with the int Qt passes (no enum lookup).
_DISPLAY = ItemRole.DISPLAY
_TOOLTIP = ItemRole.TOOLTIP
_DECORATION = ItemRole.DECORATION
_FONT = ItemRole.FONT
_FOREGROUND = ItemRole.FOREGROUND


class TreeNode:
    __slots__ = ("bold", "children", "columns", "foreground", "icon", "id", "kind", "parent", "row", "tooltip")

    def __init__(self, kind: str, id: int | None, columns: tuple[str, ...], tooltip: str = ""):
        self.kind = kind
        self.id = id
        self.columns = columns
        self.tooltip = tooltip
        self.parent: TreeNode | None = None
        self.children: list[TreeNode] = []
        self.row = 0
        self.icon = None
        self.bold = False
        self.foreground = None

    def add(self, child: TreeNode) -> TreeNode:
        child.parent = self
        child.row = len(self.children)
        self.children.append(child)
        return child

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


class TreeModel(QAbstractItemModel):
    def __init__(self, headers: tuple[str, ...], parent=None):
        super().__init__(parent)
        self.headers = headers
        self.root = TreeNode("root", None, ())
        self._header_labels: QStandardItemModel | None = None

    def show_in(self, view: QTreeView) -> None:
        """Give ``view`` this model, its column titles from a C++ model of their own.

        Qt asks a Python ``headerData`` for the titles with a ``Qt.Orientation``, and PySide6
        makes the Python enums of the whole ``Qt`` namespace to pass it (~1,200 members, 12-25 ms:
        the registry tree is the first screen, issue 19). The titles never change, so the header
        reads them from a QStandardItemModel instead; :meth:`headerData` stays for other callers."""
        from PySide6.QtGui import QStandardItemModel

        view.setModel(self)
        if self._header_labels is None:
            self._header_labels = QStandardItemModel(0, len(self.headers), self)
            self._header_labels.setHorizontalHeaderLabels(list(self.headers))
        view.header().setModel(self._header_labels)

    def set_root(self, root: TreeNode) -> None:
        self.beginResetModel()
        self.root = root
        self.endResetModel()

    def node(self, index: QModelIndex | QPersistentModelIndex) -> TreeNode:
        return index.internalPointer() if index.isValid() else self.root

    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        node = self.node(parent)
        if 0 <= row < len(node.children) and 0 <= column < len(self.headers):
            return self.createIndex(row, column, node.children[row])
        return QModelIndex()

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = index.internalPointer().parent
        if parent is None or parent is self.root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return len(self.headers)

    def hasChildren(self, parent: QModelIndex = QModelIndex()) -> bool:
        return bool(self.node(parent).children)

    def data(self, index: QModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        node: TreeNode = index.internalPointer()
        col = index.column()
        if role == _DISPLAY:
            return node.columns[col] if col < len(node.columns) else ""
        if role == _TOOLTIP:
            return node.tooltip or None
        if role == ID_ROLE:
            return node.id
        if role == KIND_ROLE:
            return node.kind
        if role == _DECORATION and col == 0:
            return node.icon
        if role == _FONT and node.bold:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role == _FOREGROUND and node.foreground is not None:
            return node.foreground
        return None

    def headerData(self, section: int, orientation, role: int = _DISPLAY) -> Any:
        from PySide6.QtCore import Qt

        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return self.headers[section]
        return None

    def find(self, kind: str, id: int) -> QModelIndex:
        for node in self.root.walk():
            if node.kind == kind and node.id == id and node is not self.root:
                return self.createIndex(node.row, 0, node)
        return QModelIndex()
