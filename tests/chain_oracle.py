"""The registry's implementation-chain tree built whole, as it was before it was read lazily
(issue 19): every document, every link, every plan at once. The lazy tree, opened fully,
must show exactly this."""

from __future__ import annotations

from kehoach_desktop.core.models import PLAN_STATUSES
from kehoach_desktop.store import directives, plans
from kehoach_desktop.ui.registry.trees import _doc_node
from kehoach_desktop.ui.tree_model import TreeNode


def outline(node: TreeNode) -> list:
    """(kind, id, label, date, children…) of every node under *node*, for comparing trees."""
    return [(c.kind, c.id, *c.columns, outline(c)) for c in node.children]


def whole_chain_tree(db, only: set[int] | None = None) -> TreeNode:
    rows = directives.tree_rows(db)
    by_id = {r[0]: r for r in rows}
    children: dict[int, list[int]] = {}
    has_parent: set[int] = set()
    for child, parent in directives.link_pairs(db):
        children.setdefault(parent, []).append(child)
        has_parent.add(child)
    citing = plans.plans_citing(db)
    # Cụ thể hóa (issue 15): upstream item → our item → task, under each implementing plan.
    items: dict[tuple[int, int], list[tuple]] = {}
    for row in plans.implemented_items(db):
        items.setdefault((row[0], row[1]), []).append(row[2:])

    def key(did: int):
        r = by_id[did]
        return (r[3] or "", r[0])

    def build(parent: TreeNode, did: int, path: frozenset[int]) -> None:
        node = parent.add(_doc_node(by_id[did]))
        for child in sorted(children.get(did, ()), key=key):
            if child not in path and child in by_id:
                build(node, child, path | {child})
        for p in citing.get(did, ()):
            status = PLAN_STATUSES.get(p["status"], p["status"])
            head = f"Kế hoạch {p['number']}" if p["number"] else "Kế hoạch (chưa có số)"
            plan_node = node.add(TreeNode("plan", p["id"], (f"{head} — {p['title']} [{status}]", "")))
            plan_node.bold = True
            for item_key, text, _task, unit, deadline in items.get((did, p["id"]), ()):
                label = f"{item_key} → {text[:70]}{'…' if len(text) > 70 else ''}"
                item_node = plan_node.add(TreeNode("plan", p["id"], (label, "")))
                item_node.tooltip = text
                item_node.add(
                    TreeNode("plan", p["id"], (f"Nhiệm vụ: {unit or 'chưa giao'} — {deadline or 'chưa có hạn'}", ""))
                )

    root = TreeNode("root", None, ())
    starts = [d for d in by_id if d not in has_parent] if only is None else [d for d in by_id if d in only]
    for did in sorted(starts, key=key, reverse=True):
        build(root, did, frozenset({did}))
    return root
