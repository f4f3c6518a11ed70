"""Building the two registry trees from store rows (by level/issuer, by implementation chain)."""

from __future__ import annotations

from ...core.dates import format_short, from_iso
from ...core.models import PLAN_STATUSES
from ...store import directives, plans
from ...store.db import Database
from ..tree_model import TreeNode

SECRET_MARK = "🔒 "


def _doc_node(row) -> TreeNode:
    date = format_short(from_iso(row["issued_on"])) if row["issued_on"] else ""
    head = f"{row['doc_type']} {row['number']}".strip()
    label = f"{head} — {row['summary']}" if row["summary"] else head
    if row["security"] != "thường":
        label = SECRET_MARK + label
    node = TreeNode("directive", row["id"], (label, date),
                    tooltip=f"{head}\n{row['issuer']}\n{row['summary']}".strip())
    return node


def by_level(db: Database, only: set[int] | None = None) -> TreeNode:
    """Level → issuing body → documents; *only* restricts to search hits."""
    root = TreeNode("root", None, ())
    level_node = issuer_node = None
    current_level = current_issuer = None
    for row in directives.list_rows(db):
        if only is not None and row["id"] not in only:
            continue
        level = row["level"] or "Chưa xếp cấp"
        if level != current_level:
            level_node = root.add(TreeNode("level", None, (level, "")))
            level_node.bold = True
            current_level, current_issuer = level, None
        issuer = row["issuer"] or "Chưa rõ cơ quan ban hành"
        if issuer != current_issuer:
            issuer_node = level_node.add(TreeNode("issuer", None, (issuer, "")))
            current_issuer = issuer
        issuer_node.add(_doc_node(row))
    _count_labels(root)
    return root


def _count_labels(root: TreeNode) -> None:
    for node in root.walk():
        if node.kind in ("level", "issuer"):
            n = sum(1 for x in node.walk() if x.kind == "directive")
            node.columns = (f"{node.columns[0]} ({n})", "")


def by_chain(db: Database, only: set[int] | None = None) -> TreeNode:
    """Implementation chains: 01-KL/TW → 49-KH/TU → 53-KH/HU → our plan."""
    rows = {r["id"]: r for r in directives.list_rows(db)}
    children: dict[int, list[int]] = {}
    has_parent: set[int] = set()
    for link in db.all("SELECT directive_id, parent_id FROM directive_links"):
        children.setdefault(link["parent_id"], []).append(link["directive_id"])
        has_parent.add(link["directive_id"])
    citing = plans.plans_citing(db)

    def key(did: int):
        r = rows[did]
        return (r["issued_on"] or "", r["id"])

    def build(parent: TreeNode, did: int, path: frozenset[int]) -> None:
        node = parent.add(_doc_node(rows[did]))
        for child in sorted(children.get(did, []), key=key):
            if child not in path and child in rows:
                build(node, child, path | {child})
        for p in citing.get(did, []):
            status = PLAN_STATUSES.get(p["status"], p["status"])
            head = f"Kế hoạch {p['number']}" if p["number"] else "Kế hoạch (chưa có số)"
            plan_node = node.add(TreeNode("plan", p["id"], (f"{head} — {p['title']} [{status}]", "")))
            plan_node.bold = True

    root = TreeNode("root", None, ())
    if only is None:
        starts = [d for d in rows if d not in has_parent]
    else:
        starts = [d for d in rows if d in only]
    for did in sorted(starts, key=key, reverse=True):
        build(root, did, frozenset({did}))
    return root
