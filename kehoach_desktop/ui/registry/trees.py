"""Building the two registry trees from store rows (by level/issuer, by implementation chain).

The level tree is lazy (issue 19): levels and issuing bodies with their counts come from
one GROUP BY over the ``directives_group`` index, and an issuer's documents are read
when it is opened, 500 at a time as the view scrolls (``fetchMore``), in the index's
order — at 100,000 documents the tree costs what is on screen. Search hits (at most a
few thousand) build their tree at once. The chain tree is lazy too: its first level is
read a page at a time, newest first (``directives_issued``), a document's children when
it is opened.
Labels are built with string slicing (no date objects).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QColor

from ...core.models import PLAN_STATUSES
from ...store import directives
from ...store.db import Database
from ..tree_model import TreeModel, TreeNode

SECRET_MARK = "🔒 "


def rows_of(db: Database, ids) -> list[tuple]:
    """The documents *ids* (search hits) as :func:`directives.tree_rows` rows, in tree order."""
    ids = list(ids)
    return directives.tree_rows(db, ids) if ids else []


PAGE = 500  # documents of one issuer read at a time


class IssuerNode(TreeNode):
    """An issuing body whose documents are read when it is opened."""

    __slots__ = ("issuer", "last", "level_id", "total")

    def __init__(self, level_id: int | None, issuer: str | None, total: int, label: str):
        super().__init__("issuer", None, (f"{label} ({total})", ""))
        self.level_id, self.issuer, self.total = level_id, issuer, total
        self.last: tuple | None = None  # (sort_key, id) of the last document read


def level_outline(db: Database) -> tuple[TreeNode, int]:
    """Level → issuing body with counts, no documents yet (:func:`fetch_documents` reads them);
    and the number of documents in all (the count label's, without a query of its own)."""
    root = TreeNode("root", None, ())
    level_node = None
    current = None
    totals: dict[int, int] = {}
    for level_id, level_name, issuer, n in directives.tree_outline(db):
        level = level_name or "Chưa xếp cấp"
        if level != current or level_node is None:
            level_node = root.add(TreeNode("level", None, (level, "")))
            level_node.bold = True
            current = level
        level_node.add(IssuerNode(level_id, issuer, n, issuer or "Chưa rõ cơ quan ban hành"))
        totals[id(level_node)] = totals.get(id(level_node), 0) + n
    for node in root.children:
        node.columns = (f"{node.columns[0]} ({totals.get(id(node), 0)})", "")
    return root, sum(totals.values())


def fetch_documents(db: Database, node: IssuerNode, limit: int = PAGE) -> list[TreeNode]:
    """The next *limit* documents of an issuer, in the tree's order (index ``directives_group``)."""
    rows = directives.tree_page(db, node.level_id, node.issuer, node.last, limit)
    if rows:
        node.last = (rows[-1][8], rows[-1][0])
    return [_doc_node((*r[:8], r[9])) for r in rows]


class LazyTreeModel(TreeModel):
    """A :class:`TreeModel` whose issuer nodes read their documents when opened (Qt's
    ``canFetchMore``/``fetchMore``: on expanding, and as the view scrolls to the end)."""

    def __init__(self, headers: tuple[str, ...], db_of, parent=None):
        super().__init__(headers, parent)
        self._db_of = db_of  # () -> Database (the context's, read when fetching)

    def hasChildren(self, parent=None) -> bool:
        node = self.node(parent) if parent is not None else self.root
        if isinstance(node, IssuerNode):
            return node.total > 0
        return bool(node.children)

    def canFetchMore(self, parent) -> bool:
        node = self.node(parent)
        return isinstance(node, IssuerNode) and len(node.children) < node.total

    def fetchMore(self, parent) -> None:
        node = self.node(parent)
        if not isinstance(node, IssuerNode):
            return
        found = fetch_documents(self._db_of(), node)
        if not found:
            node.total = len(node.children)  # fewer than counted: the data changed meanwhile
            return
        first = len(node.children)
        self.beginInsertRows(parent, first, first + len(found) - 1)
        for child in found:
            node.add(child)
        self.endInsertRows()

    def find(self, kind: str, id: int):
        """Like :meth:`TreeModel.find`; a document not read yet is read up to (its issuer's pages)."""
        found = super().find(kind, id)
        if found.isValid() or kind != "directive":
            return found
        row = directives.tree_place(self._db_of(), id)
        if row is None:
            return found
        for level in self.root.children:
            for issuer in level.children:
                if isinstance(issuer, IssuerNode) and issuer.level_id == row[0] and issuer.issuer == row[1]:
                    index = self.createIndex(issuer.row, 0, issuer)
                    while self.canFetchMore(index):
                        before = len(issuer.children)
                        self.fetchMore(index)
                        hit = next((c for c in issuer.children[before:] if c.id == id), None)
                        if hit is not None:
                            return self.createIndex(hit.row, 0, hit)
                    return found
        return found


ENDED_COLOR = QColor("#8a8a8a")  # a document replaced, repealed or expired (issue 17)


def _dmy(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso else ""


def _doc_node(row: tuple) -> TreeNode:
    """A document's node from a :func:`directives.tree_rows` tuple (id, doc_type, number,
    issued_on, issuer, summary, security, level, ended); a document that no longer applies
    is grey, and its tooltip names what replaced it."""
    did, doc_type, number, issued_on, _issuer, summary, security, _level, ended = row
    date = _dmy(issued_on)
    head = f"{doc_type} {number}" if number else doc_type
    label = f"{head} — {summary}" if summary else head
    if security != "thường":
        label = SECRET_MARK + label
    node = TreeNode("directive", did, (label, date))
    node.tooltip = label
    kind, by, by_day = directives.ended_state(ended)
    if kind:
        node.foreground = ENDED_COLOR
        from ...core.relations import PASSIVE  # with its patterns: only when a document has ended

        said = PASSIVE.get(kind, "")
        if by and kind != "expires":
            said += f" {by}" + (f", ngày {_dmy(by_day)}" if by_day else "")
        node.tooltip = f"{label}\n{said[:1].upper()}{said[1:]}."
    return node


def by_level(rows: list[tuple], only: set[int] | None = None) -> TreeNode:
    """Level → issuing body → documents; *only* restricts to search hits."""
    root = TreeNode("root", None, ())
    level_node = issuer_node = None
    current_level = current_issuer = None
    counts: dict[int, int] = {}
    for row in rows:
        if only is not None and row[0] not in only:
            continue
        level = row[7] or "Chưa xếp cấp"
        if level != current_level:
            level_node = root.add(TreeNode("level", None, (level, "")))
            level_node.bold = True
            current_level, current_issuer = level, None
        issuer = row[4] or "Chưa rõ cơ quan ban hành"
        if issuer != current_issuer:
            issuer_node = level_node.add(TreeNode("issuer", None, (issuer, "")))
            current_issuer = issuer
        issuer_node.add(_doc_node(row))
    for level_node in root.children:
        total = 0
        for issuer_node in level_node.children:
            n = len(issuer_node.children)
            total += n
            issuer_node.columns = (f"{issuer_node.columns[0]} ({n})", "")
        level_node.columns = (f"{level_node.columns[0]} ({total})", "")
    del counts
    return root


# -- the implementation-chain tree, lazy (issue 19) ------------------------------------------


class ChainRoot(TreeNode):
    """The chain tree's invisible root: its first level is read a page at a time (documents
    implementing none, newest first), or at once for search hits (*only*)."""

    __slots__ = ("done", "last", "only")

    def __init__(self, only: set[int] | None = None):
        super().__init__("root", None, ())
        self.only = only
        self.last: tuple[str, int] | None = None  # (day, id) of the last document read
        self.done = False


class ChainDocNode(TreeNode):
    """A document in the chain tree; what hangs under it is read when it is opened."""

    __slots__ = ("fetched", "more", "path")

    def __init__(self, row: tuple, path: frozenset[int]):
        base = _doc_node(row[:9])
        super().__init__(base.kind, base.id, base.columns, base.tooltip)
        self.bold, self.foreground, self.icon = base.bold, base.foreground, base.icon
        self.more = bool(row[9])  # a document implements it or a plan cites it
        self.path = path  # the documents above it and itself (a link cycle never loops)
        self.fetched = False


def chain_page(db: Database, root: ChainRoot, limit: int | None = None) -> list[ChainDocNode]:
    """The next *limit* (:data:`PAGE`) documents of the chain tree's first level (all the
    hits when filtered)."""
    limit = limit or PAGE
    if root.only is not None:
        rows = directives.chain_rows(db, root.only)
        root.done = True
    else:
        rows = directives.chain_roots(db, root.last, limit)
        root.done = len(rows) < limit
        if rows:
            root.last = (rows[-1][10], rows[-1][0])
    return [ChainDocNode(r, frozenset({r[0]})) for r in rows]


def chain_open(db: Database, node: ChainDocNode) -> list[TreeNode]:
    """What hangs under a document: the documents implementing it (oldest first), then the
    plans citing it with the items of theirs that implement its items (item → task)."""
    from ...core.derive import item_label
    from ...store import plans  # here, not at start-up: store.plans pulls the plan model in

    node.fetched = True
    out: list[TreeNode] = [
        ChainDocNode(r, node.path | {r[0]}) for r in directives.chain_children(db, node.id) if r[0] not in node.path
    ]
    items: dict[int, list[tuple]] = {}
    for row in plans.implemented_items(db, node.id):
        items.setdefault(row[1], []).append(row[2:])
    for p in plans.plans_citing(db, node.id).get(node.id, ()):
        status = PLAN_STATUSES.get(p["status"], p["status"])
        head = f"Kế hoạch {p['number']}" if p["number"] else "Kế hoạch (chưa có số)"
        plan_node = TreeNode("plan", p["id"], (f"{head} — {p['title']} [{status}]", ""))
        plan_node.bold = True
        for item_key, text, _task, unit, deadline in items.get(p["id"], ()):
            label = f"{item_label(item_key)} → {text[:70]}{'…' if len(text) > 70 else ''}"
            item_node = plan_node.add(TreeNode("plan", p["id"], (label, "")))
            item_node.tooltip = text
            item_node.add(
                TreeNode("plan", p["id"], (f"Nhiệm vụ: {unit or 'chưa giao'} — {deadline or 'chưa có hạn'}", ""))
            )
        out.append(plan_node)
    return out


class ChainTreeModel(TreeModel):
    """Implementation chains (01-KL/TW → 49-KH/TU → 53-KH/HU → our plan), read as the view
    asks: the first level a page at a time, a document's children when it is opened
    (Qt's ``canFetchMore``/``fetchMore``) — showing the tree never reads the registry."""

    def __init__(self, headers: tuple[str, ...], db_of, parent=None):
        super().__init__(headers, parent)
        self._db_of = db_of  # () -> Database (the context's, read when fetching)
        self.root = ChainRoot()
        self.root.done = True  # nothing to read before the first reset (the view asks when shown)

    def reset(self, only: set[int] | None = None) -> None:
        """Start again (nothing read yet); *only*: the search hits as the first level."""
        self.set_root(ChainRoot(only))

    def hasChildren(self, parent=None) -> bool:
        node = self.node(parent) if parent is not None else self.root
        if isinstance(node, ChainRoot):
            return bool(node.children) or not node.done
        if isinstance(node, ChainDocNode) and not node.fetched:
            return node.more
        return bool(node.children)

    def canFetchMore(self, parent) -> bool:
        node = self.node(parent)
        if isinstance(node, ChainRoot):
            return not node.done
        return isinstance(node, ChainDocNode) and not node.fetched and node.more

    def fetchMore(self, parent) -> None:
        node = self.node(parent)
        if isinstance(node, ChainRoot):
            found: list[TreeNode] = list(chain_page(self._db_of(), node))
        elif isinstance(node, ChainDocNode) and not node.fetched:
            found = chain_open(self._db_of(), node)
        else:
            return
        if not found:
            return
        first = len(node.children)
        self.beginInsertRows(parent, first, first + len(found) - 1)
        for child in found:
            node.add(child)
        self.endInsertRows()

    def find(self, kind: str, id: int):
        """Like :meth:`TreeModel.find`; a document not read yet is read down to, along its
        newest ancestors (:func:`store.directives.chain_path`)."""
        found = super().find(kind, id)
        if found.isValid() or kind != "directive":
            return found
        root = self.root
        assert isinstance(root, ChainRoot)
        path = directives.chain_path(self._db_of(), id)
        if root.only is not None:  # the hits are the first level: start at the lowest hit above it
            starts = [i for i, did in enumerate(path) if did in root.only]
            path = path[starts[-1] :] if starts else []
        if not path:
            return found
        top = QModelIndex()
        node = next((c for c in root.children if c.id == path[0]), None)
        while node is None and self.canFetchMore(top):
            before = len(root.children)
            self.fetchMore(top)
            node = next((c for c in root.children[before:] if c.id == path[0]), None)
        for did in path[1:]:
            if node is None:
                return found
            index = self.createIndex(node.row, 0, node)
            if self.canFetchMore(index):
                self.fetchMore(index)
            node = next((c for c in node.children if c.kind == "directive" and c.id == did), None)
        return self.createIndex(node.row, 0, node) if node is not None else found
