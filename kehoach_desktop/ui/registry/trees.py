"""Building the two registry trees from store rows (by level/issuer, by implementation chain).

Kept cheap for 10,000 documents: one query of plain tuples, labels built with
string slicing (no date objects), and the chain tree built only when shown.
"""

from __future__ import annotations

from ...core.models import PLAN_STATUSES
from ...store import directives, plans
from ...store.db import Database
from ..tree_model import TreeNode

SECRET_MARK = "🔒 "


def snapshot(db: Database) -> list[tuple]:
    """All documents as plain tuples in tree order (id, type, number, date, issuer, summary, security, level)."""
    return directives.tree_rows(db)


def _doc_node(row: tuple) -> TreeNode:
    did, doc_type, number, issued_on, _issuer, summary, security, _level = row
    date = f"{issued_on[8:10]}/{issued_on[5:7]}/{issued_on[:4]}" if issued_on else ""
    head = f"{doc_type} {number}" if number else doc_type
    label = f"{head} — {summary}" if summary else head
    if security != "thường":
        label = SECRET_MARK + label
    node = TreeNode("directive", did, (label, date))
    node.tooltip = label
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


def by_chain(db: Database, rows: list[tuple], only: set[int] | None = None) -> TreeNode:
    """Implementation chains: 01-KL/TW → 49-KH/TU → 53-KH/HU → our plan."""
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
