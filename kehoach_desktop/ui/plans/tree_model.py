"""The section tree of one plan: a QStandardItemModel plus a plain mirror of the nodes.

The view's layout of a long plan (1 500 rows expanded) runs entirely in C++ with a
QStandardItemModel, which keeps a move in a 60-page plan well under 100 ms; a
Python ``QAbstractItemModel`` pays a Python call per row on every relayout.
The mirror (:class:`Item`: node, parent, row, children) answers the editor's
questions in O(1). A drop never edits the model itself: it asks the editor to
push a ``MoveNode`` command; the model then takes the reloaded tree, moving one
row when that is the only difference (:meth:`PlanTreeModel.apply_incremental`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel

from ...core.document import Node
from .. import pyside_guard

# Filling a long plan makes thousands of void Qt calls in a row (see pyside_guard).
pyside_guard.install()

NODE_ID_ROLE = Qt.UserRole + 1
MIME = "application/x-kehoach-plan-node"
KIND_NAMES = {"section": "Mục", "paragraph": "Đoạn", "bullet": "Gạch đầu dòng"}
_EMPTY = QBrush(QColor("#a33"))
_TASK = QBrush(QColor("#14569b"))
_BOLD = QFont()
_BOLD.setBold(True)
_FLAGS_RO = Qt.ItemIsEnabled | Qt.ItemIsSelectable
_FLAGS_RW = _FLAGS_RO | Qt.ItemIsDragEnabled | Qt.ItemIsDropEnabled


class Item:
    """Mirror of one node: what the editor asks about (parent, row, children)."""

    __slots__ = ("bold", "children", "coloured", "node", "parent", "qitem", "row")

    def __init__(self, node: Node | None, parent: Item | None, row: int, qitem: QStandardItem | None):
        self.node = node
        self.parent = parent
        self.row = row
        self.children: list[Item] = []
        self.qitem = qitem
        self.coloured = False
        self.bold = False

    @property
    def id(self) -> int | None:
        return self.node.id if self.node is not None else None


def preview(text: str, limit: int = 140) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def display(node: Node, top: bool) -> str:
    text = preview(node.text) if node.text.strip() else "(chưa có nội dung)"
    if node.role == "appendix" and top:
        text = f"Phụ lục: {text}"
    return f"{node.label} {text}".strip() if node.label else text


class PlanTreeModel(QStandardItemModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setColumnCount(1)
        self.setHorizontalHeaderLabels(["Nội dung kế hoạch"])
        # The root mirror holds no Qt item: a kept wrapper of invisibleRootItem() outlives the
        # model (PySide does not invalidate it), and the address it points to is later reused
        # by another Qt object, which PySide then hands back under the stale wrapper's type
        # ("QStandardItem has no attribute setShortcuts", crashes at collection).
        self.root = Item(None, None, 0, None)
        self.by_id: dict[int, Item] = {}
        self.read_only = False
        # Called with (node_id, new_parent_id, position) when the user drops a node.
        self.move_requested: Callable[[int, int | None, int], None] | None = None

    # -- building ------------------------------------------------------------------------------
    # As few Qt calls per row as possible: opening a 60-page plan makes one row per item.
    def _style(self, item: Item, fresh: bool = False) -> None:
        node, q = item.node, item.qitem
        top = item.parent is self.root
        if not fresh:
            q.setText(display(node, top))
        brush = _EMPTY if not node.text.strip() else _TASK if node.task_id else None
        if brush is not None:
            q.setForeground(brush)
            item.coloured = True
        elif item.coloured:
            q.setData(None, Qt.ForegroundRole)
            item.coloured = False
        bold = top and node.kind == "section"
        if bold:
            q.setFont(_BOLD)
        elif item.bold:
            q.setData(None, Qt.FontRole)  # moved down from the top level
        item.bold = bold

    def _make(self, node: Node, parent: Item, row: int) -> Item:
        q = QStandardItem(display(node, parent is self.root))
        q.setData(node.id, NODE_ID_ROLE)
        q.setFlags(_FLAGS_RO if self.read_only else _FLAGS_RW)  # not editable in place: the side editor is
        item = Item(node, parent, row, q)
        self._style(item, fresh=True)
        if node.id is not None:
            self.by_id[node.id] = item
        if node.children:
            rows = []
            for r, child in enumerate(node.children):
                c = self._make(child, item, r)
                item.children.append(c)
                rows.append(c.qitem)
            q.appendRows(rows)
        return item

    def set_nodes(self, roots: list[Node], read_only: bool = False) -> None:
        self.read_only = read_only
        self.by_id = {}
        self.removeRows(0, self.rowCount())
        self.root = Item(None, None, 0, None)
        rows = []
        for r, node in enumerate(roots):
            item = self._make(node, self.root, r)
            self.root.children.append(item)
            rows.append(item.qitem)
        if rows:
            self.invisibleRootItem().appendRows(rows)

    def apply_incremental(self, roots: list[Node]) -> QModelIndex | None:
        """Take a reloaded tree without rebuilding when it differs by one moved node (or none).

        Returns the index of the moved row (so the view can expand it again), an
        invalid index when nothing moved, or None when the change is something else
        (added or deleted nodes, several moves): the caller rebuilds.
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
            return None
        old_children: dict[int | None, list[int]] = {None: [c.id for c in self.root.children]}
        for nid, item in self.by_id.items():
            old_children[nid] = [c.id for c in item.children]
        diff = [p for p, ids in new_children.items() if ids != old_children.get(p)]
        moved_index = QModelIndex()
        if diff:
            found = self._single_move(diff, old_children, new_children)
            if found is None:
                return None
            moved, src, dst = found
            old_row = old_children[src].index(moved)
            new_row = new_children[dst].index(moved)
            src_item = self.root if src is None else self.by_id[src]
            dst_item = self.root if dst is None else self.by_id[dst]
            item = src_item.children.pop(old_row)
            qrow = self._qt(src_item).takeRow(old_row)
            dst_item.children.insert(new_row, item)
            self._qt(dst_item).insertRow(new_row, qrow)
            item.parent = dst_item
            for owner in {id(src_item): src_item, id(dst_item): dst_item}.values():
                for row, child in enumerate(owner.children):
                    child.row = row
            moved_index = item.qitem.index()
        # New node objects carry the new labels: restyle the rows whose text or state changed.
        for nid, item in self.by_id.items():
            node = new_nodes[nid]
            old = item.node
            changed = (old.label, old.text, old.task_id, old.kind, old.role) != (
                node.label,
                node.text,
                node.task_id,
                node.kind,
                node.role,
            ) or item.bold != (item.parent is self.root and node.kind == "section")
            item.node = node
            if changed:
                self._style(item)
        return moved_index

    def _qt(self, item: Item) -> QStandardItem:
        """The Qt item behind a mirror item; the root's is asked for each time (see __init__)."""
        return item.qitem if item.qitem is not None else self.invisibleRootItem()

    @staticmethod
    def _single_move(diff, old: dict, new: dict):
        """(moved id, old parent, new parent) when *new* is *old* with one node moved, else None."""
        if len(diff) == 2:
            a, b = diff
            for src, dst in ((a, b), (b, a)):
                gone = [x for x in old[src] if x not in new[src]]
                if len(gone) == 1:
                    x = gone[0]
                    if [y for y in old[src] if y != x] == new[src] and [
                        y for y in new.get(dst, []) if y != x
                    ] == old.get(dst, []):
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
        self._style(item)

    def set_task(self, node_id: int, task_id: int | None) -> None:
        item = self.by_id.get(node_id)
        if item is not None and item.node.task_id != task_id:
            item.node.task_id = task_id
            self._style(item)

    # -- lookups used by the editor --------------------------------------------------------------
    def item(self, index: QModelIndex) -> Item:  # type: ignore[override]
        """The mirror item of *index* (the root for an invalid index)."""
        if not index.isValid():
            return self.root
        return self.by_id.get(index.data(NODE_ID_ROLE), self.root)

    def index_of(self, node_id: int | None) -> QModelIndex:
        item = self.by_id.get(node_id) if node_id is not None else None
        return item.qitem.index() if item is not None else QModelIndex()

    # -- drag and drop ---------------------------------------------------------------------------
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

    def canDropMimeData(self, data: QMimeData, action, row: int, column: int, parent: QModelIndex) -> bool:
        return not self.read_only and data.hasFormat(MIME)

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
            position -= 1  # positions count the siblings without the moved node
        callback = self.move_requested
        # Run after the drag finishes; returning False keeps the view from removing rows itself.
        QTimer.singleShot(0, lambda: callback(node_id, new_parent, position))
        return False
