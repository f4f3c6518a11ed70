"""The section tree of one plan as a QAbstractItemModel with internal drag and drop.

Items wrap the ``core.document.Node`` objects of a loaded plan and cache their row,
so ``parent()`` is O(1). A drop never edits the model itself: it asks the editor to
push a ``MoveNode`` command, and the model is rebuilt from the store afterwards
(one source of truth, and the move is undoable like any other edit).
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QAbstractItemModel, QByteArray, QMimeData, QModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont

from ...core.document import Node

NODE_ID_ROLE = Qt.UserRole + 1
MIME = "application/x-kehoach-plan-node"
_FLAGS_RO = Qt.ItemIsEnabled | Qt.ItemIsSelectable
_FLAGS_RW = _FLAGS_RO | Qt.ItemIsDragEnabled | Qt.ItemIsDropEnabled
_FLAGS_ROOT = Qt.ItemFlags(Qt.ItemIsDropEnabled)
KIND_NAMES = {"section": "Mục", "paragraph": "Đoạn", "bullet": "Gạch đầu dòng"}


class Item:
    __slots__ = ("node", "parent", "row", "children")

    def __init__(self, node: Node | None, parent: "Item | None", row: int):
        self.node = node
        self.parent = parent
        self.row = row
        self.children: list[Item] = []

    @property
    def id(self) -> int | None:
        return self.node.id if self.node is not None else None


def preview(text: str, limit: int = 140) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class PlanTreeModel(QAbstractItemModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.root = Item(None, None, 0)
        self.by_id: dict[int, Item] = {}
        self.read_only = False
        # Called with (node_id, new_parent_id, position) when the user drops a node.
        self.move_requested: Callable[[int, int | None, int], None] | None = None

    # -- filling -------------------------------------------------------------------------------
    def set_nodes(self, roots: list[Node], read_only: bool = False) -> None:
        self.beginResetModel()
        self.read_only = read_only
        self.root = Item(None, None, 0)
        self.by_id = {}

        def add(parent: Item, nodes: list[Node]) -> None:
            for row, node in enumerate(nodes):
                item = Item(node, parent, row)
                parent.children.append(item)
                if node.id is not None:
                    self.by_id[node.id] = item
                add(item, node.children)

        add(self.root, roots)
        self.endResetModel()

    def set_text(self, node_id: int, text: str) -> None:
        """Show an edited text without rebuilding the tree (typing stays smooth)."""
        item = self.by_id.get(node_id)
        if item is None:
            return
        item.node.text = text
        index = self.createIndex(item.row, 0, item)
        self.dataChanged.emit(index, index, [Qt.DisplayRole, Qt.ToolTipRole])

    def item(self, index: QModelIndex) -> Item:
        return index.internalPointer() if index.isValid() else self.root

    def index_of(self, node_id: int | None) -> QModelIndex:
        item = self.by_id.get(node_id) if node_id is not None else None
        return self.createIndex(item.row, 0, item) if item is not None else QModelIndex()

    # -- the model interface -------------------------------------------------------------------
    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        owner = self.item(parent)
        if 0 <= row < len(owner.children) and column == 0:
            return self.createIndex(row, 0, owner.children[row])
        return QModelIndex()

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = index.internalPointer().parent
        if parent is None or parent is self.root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return len(self.item(parent).children)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 1

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = index.internalPointer().node
        if role == Qt.DisplayRole:
            text = preview(node.text) if node.text.strip() else "(chưa có nội dung)"
            return f"{node.label} {text}".strip() if node.label else text
        if role == Qt.ToolTipRole:
            kind = KIND_NAMES.get(node.kind, node.kind)
            return f"{kind}{' — nhiệm vụ' if node.task_id else ''}\n{node.text[:600]}"
        if role == NODE_ID_ROLE:
            return node.id
        if role == Qt.FontRole and node.kind == "section" and index.internalPointer().parent is self.root:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ForegroundRole:
            if not node.text.strip():
                return QBrush(QColor("#a33"))
            if node.task_id:
                return QBrush(QColor("#14569b"))
        return None

    def headerData(self, section: int, orientation, role: int = Qt.DisplayRole) -> Any:
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return "Nội dung kế hoạch"
        return None

    # -- drag and drop -------------------------------------------------------------------------
    def flags(self, index: QModelIndex) -> Qt.ItemFlags:
        # Precomputed: the view asks for every row on expandAll (enum arithmetic is slow).
        if self.read_only:
            return _FLAGS_RO
        return _FLAGS_RW if index.isValid() else _FLAGS_ROOT

    def supportedDropActions(self) -> Qt.DropActions:
        return Qt.MoveAction

    def supportedDragActions(self) -> Qt.DropActions:
        return Qt.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes) -> QMimeData:
        mime = QMimeData()
        ids = [str(self.item(i).id) for i in indexes if i.isValid()]
        mime.setData(MIME, QByteArray(",".join(ids[:1]).encode()))
        return mime

    def drop_target(self, row: int, parent: QModelIndex) -> tuple[int | None, int]:
        """(new parent node id, position) for a drop at *row* under *parent* (row -1: onto it)."""
        owner = self.item(parent)
        position = len(owner.children) if row < 0 else row
        return owner.id, position

    def dropMimeData(self, data: QMimeData, action, row: int, column: int, parent: QModelIndex) -> bool:
        if self.read_only or not data.hasFormat(MIME) or self.move_requested is None:
            return False
        raw = bytes(data.data(MIME)).decode()
        if not raw:
            return False
        node_id = int(raw)
        moving = self.by_id.get(node_id)
        new_parent, position = self.drop_target(row, parent)
        if moving is None:
            return False
        if moving.parent is not None and moving.parent.id == new_parent and position > moving.row:
            position -= 1          # positions count the siblings without the moved node
        callback = self.move_requested
        # Run after the drag finishes; returning False keeps the view from removing rows itself.
        QTimer.singleShot(0, lambda: callback(node_id, new_parent, position))
        return False
