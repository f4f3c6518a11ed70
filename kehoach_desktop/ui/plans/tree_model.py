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
    __slots__ = ("_node", "parent", "row", "children", "display")

    def __init__(self, node: Node | None, parent: "Item | None", row: int):
        self._node = node
        self.parent = parent
        self.row = row
        self.children: list[Item] = []
        self.display: str | None = None      # cached label + preview (painting asks often)

    @property
    def node(self) -> Node | None:
        return self._node

    @node.setter
    def node(self, value: Node | None) -> None:
        self._node = value
        self.display = None

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

    def apply_incremental(self, roots: list[Node]) -> bool:
        """Take a reloaded tree without a reset when it differs by one moved node (or not at all).

        A reset makes the view forget expansion and re-lay out every row; a move keeps
        both and costs O(1) rows. Returns False when the change is something else
        (added or deleted nodes, several moves): the caller resets.
        """
        new_nodes: dict[int, Node] = {}
        new_children: dict[int | None, list[int]] = {}

        def collect(pid: int | None, nodes: list[Node]) -> None:
            new_children[pid] = [n.id for n in nodes]
            for n in nodes:
                new_nodes[n.id] = n
                collect(n.id, n.children)

        collect(None, roots)
        if new_nodes.keys() != self.by_id.keys():
            return False
        old_children: dict[int | None, list[int]] = {None: [c.id for c in self.root.children]}
        for nid, item in self.by_id.items():
            old_children[nid] = [c.id for c in item.children]
        diff = [p for p, ids in new_children.items() if ids != old_children.get(p)]
        if diff:
            found = self._single_move(diff, old_children, new_children)
            if found is None:
                return False
            moved, src, dst = found
            old_row = old_children[src].index(moved)
            new_row = new_children[dst].index(moved)
            dest = new_row + 1 if src == dst and new_row > old_row else new_row
            src_item = self.root if src is None else self.by_id[src]
            dst_item = self.root if dst is None else self.by_id[dst]
            src_index = QModelIndex() if src is None else self.createIndex(src_item.row, 0, src_item)
            dst_index = QModelIndex() if dst is None else self.createIndex(dst_item.row, 0, dst_item)
            if not self.beginMoveRows(src_index, old_row, old_row, dst_index, dest):
                return False
            item = src_item.children.pop(old_row)
            item.parent = dst_item
            dst_item.children.insert(new_row, item)
            for owner in {id(src_item): src_item, id(dst_item): dst_item}.values():
                for row, child in enumerate(owner.children):
                    child.row = row
            self.endMoveRows()
        # New node objects carry the new labels; repaint rows whose shown text changed.
        changed_parents: set[int] = set()
        for nid, item in self.by_id.items():
            node = new_nodes[nid]
            if (item.node.label, item.node.text, item.node.task_id, item.node.kind) != \
                    (node.label, node.text, node.task_id, node.kind):
                changed_parents.add(id(item.parent))
            item.node = node
        for owner in [self.root, *self.by_id.values()]:
            if id(owner) in changed_parents and owner.children:
                first = self.createIndex(0, 0, owner.children[0])
                last = self.createIndex(len(owner.children) - 1, 0, owner.children[-1])
                self.dataChanged.emit(first, last, [Qt.DisplayRole, Qt.ToolTipRole, Qt.ForegroundRole])
        return True

    @staticmethod
    def _single_move(diff, old: dict, new: dict):
        """(moved id, old parent, new parent) when *new* is *old* with one node moved, else None."""
        if len(diff) == 2:
            a, b = diff
            for src, dst in ((a, b), (b, a)):
                gone = [x for x in old[src] if x not in new[src]]
                if len(gone) == 1:
                    x = gone[0]
                    if [y for y in old[src] if y != x] == new[src] and \
                            [y for y in new.get(dst, []) if y != x] == old.get(dst, []):
                        return x, src, dst
            return None
        if len(diff) == 1:
            p = diff[0]
            o, n = old.get(p, []), new[p]
            first = next((i for i, (x, y) in enumerate(zip(o, n)) if x != y), None)
            if first is None:
                return None
            for x in (o[first], n[first]):
                if [y for y in o if y != x] == [y for y in n if y != x]:
                    return x, p, p
        return None

    def set_text(self, node_id: int, text: str) -> None:
        """Show an edited text without rebuilding the tree (typing stays smooth)."""
        item = self.by_id.get(node_id)
        if item is None:
            return
        item.node.text = text
        item.display = None
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
        item = index.internalPointer()
        node = item.node
        if role == Qt.DisplayRole:
            if item.display is None:
                text = preview(node.text) if node.text.strip() else "(chưa có nội dung)"
                if node.role == "appendix" and item.parent is self.root:
                    text = f"Phụ lục: {text}"
                item.display = f"{node.label} {text}".strip() if node.label else text
            return item.display
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
