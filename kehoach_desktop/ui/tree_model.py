"""A thin QAbstractItemModel over plain node objects (Anki's sidebar pattern).

Nodes cache their row in the parent so ``parent()`` is O(1); the whole tree is
built in plain Python and swapped in with one model reset.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

ID_ROLE = Qt.UserRole + 1
KIND_ROLE = Qt.UserRole + 2
# data() runs for every cell painted: the roles by their scoped names, read once. PySide6 finds
# an unscoped ``Qt.DisplayRole`` through a slow fallback (~5 µs a lookup, five per call).
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_FONT = Qt.ItemDataRole.FontRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole


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

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
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

    def headerData(self, section: int, orientation, role: int = Qt.DisplayRole) -> Any:
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.headers[section]
        return None

    def find(self, kind: str, id: int) -> QModelIndex:
        for node in self.root.walk():
            if node.kind == kind and node.id == id and node is not self.root:
                return self.createIndex(node.row, 0, node)
        return QModelIndex()
