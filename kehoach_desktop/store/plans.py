"""Plans (Kế hoạch): header, căn cứ links and the section tree.

Plans are edited through :mod:`kehoach_desktop.store.plan_ops`-style commands; this
module holds the storage primitives they use.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..core.dates import to_iso
from ..core.text import clean
from . import search as search_index
from .db import Database, now_iso

HEADER_FIELDS = (
    "doc_type", "type_code", "number", "serial", "title", "superior_body", "issuer_body",
    "issuer_code", "place", "plan_date", "year", "status", "revision_of", "basis_text",
    "closing_text", "recipients_json", "signature_json", "numbering_style", "security",
    "urgency", "extra_json", "issued_at",
)


def _prepare(data: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for key, value in data.items():
        if key == "recipients":
            row["recipients_json"] = json.dumps([clean(v) for v in value], ensure_ascii=False)
            continue
        if key == "signature":
            row["signature_json"] = json.dumps({k: clean(v) for k, v in value.items()}, ensure_ascii=False)
            continue
        if key not in HEADER_FIELDS:
            raise ValueError(f"unknown plan field {key!r}")
        if isinstance(value, dt.date):
            value = to_iso(value)
        elif isinstance(value, str):
            value = clean(value)
        row[key] = value
    return row


def create(db: Database, header: dict[str, Any]) -> int:
    row = _prepare(header)
    stamp = now_iso()
    row.setdefault("created_at", stamp)
    row["updated_at"] = stamp
    with db.transaction():
        cols = ", ".join(row)
        cur = db.execute(f"INSERT INTO plans({cols}) VALUES ({', '.join('?' for _ in row)})", list(row.values()))
        plan_id = int(cur.lastrowid)
        db.audit("plan", plan_id, "create", {"title": row.get("title", "")})
        reindex(db, plan_id)
    return plan_id


def add_node(db: Database, plan_id: int, parent_id: int | None, kind: str, text: str,
             position: int | None = None, role: str = "") -> int:
    with db.transaction():
        if position is None:
            position = db.scalar(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM plan_nodes WHERE plan_id = ? AND parent_id IS ?",
                (plan_id, parent_id))
        cur = db.execute(
            "INSERT INTO plan_nodes(plan_id, parent_id, position, kind, text, role) VALUES (?,?,?,?,?,?)",
            (plan_id, parent_id, position, kind, clean(text), role))
        return int(cur.lastrowid)


def set_basis(db: Database, plan_id: int, directive_ids: list[int]) -> None:
    with db.transaction():
        db.execute("DELETE FROM plan_basis WHERE plan_id = ?", (plan_id,))
        db.conn.executemany(
            "INSERT INTO plan_basis(plan_id, directive_id, position) VALUES (?,?,?)",
            [(plan_id, did, pos) for pos, did in enumerate(dict.fromkeys(directive_ids))])


def reindex(db: Database, plan_id: int) -> None:
    row = db.one("SELECT number, title, basis_text FROM plans WHERE id = ?", (plan_id,))
    if row is None:
        search_index.unindex_plan(db, plan_id)
        return
    body = " ".join(r[0] for r in db.all("SELECT text FROM plan_nodes WHERE plan_id = ?", (plan_id,)))
    search_index.index_plan(db, plan_id, " ".join([row["number"] or "", row["title"], row["basis_text"], body]))


def list_rows(db: Database) -> list:
    return db.all("SELECT id, number, title, status, plan_date, year FROM plans ORDER BY COALESCE(plan_date, created_at) DESC, id DESC")


def plans_citing(db: Database) -> dict[int, list]:
    """directive id → plans whose căn cứ links it (for the implementation-chain tree)."""
    out: dict[int, list] = {}
    for r in db.all(
        "SELECT b.directive_id, p.id, p.number, p.title, p.status FROM plan_basis b "
        "JOIN plans p ON p.id = b.plan_id ORDER BY b.directive_id, p.plan_date"):
        out.setdefault(r["directive_id"], []).append(r)
    return out


def load_document(db: Database, plan_id: int):
    """The whole plan as a :class:`~kehoach_desktop.core.document.PlanDocument`."""
    from ..core.dates import from_iso
    from ..core.document import Node, PlanDocument, Signature

    row = db.one("SELECT * FROM plans WHERE id = ?", (plan_id,))
    if row is None:
        raise LookupError(f"Không có kế hoạch số {plan_id}.")
    by_parent: dict[int | None, list] = {}
    for n in db.all("SELECT * FROM plan_nodes WHERE plan_id = ? ORDER BY parent_id, position, id", (plan_id,)):
        by_parent.setdefault(n["parent_id"], []).append(n)
    task_of = {r["node_id"]: r["id"] for r in db.all(
        "SELECT id, node_id FROM tasks WHERE plan_id = ? AND node_id IS NOT NULL", (plan_id,))}

    def build(parent: int | None) -> list[Node]:
        return [Node(kind=n["kind"], text=n["text"], children=build(n["id"]), id=n["id"],
                     role=n["role"], task_id=task_of.get(n["id"]))
                for n in by_parent.get(parent, [])]

    sections = build(None)
    appendices = [n for n in sections if n.role == "appendix"]
    sections = [n for n in sections if n.role != "appendix"]
    extra = json.loads(row["extra_json"] or "{}")
    sig = json.loads(row["signature_json"] or "{}")
    doc = PlanDocument(
        doc_type=row["doc_type"], type_code=row["type_code"], number=row["number"] or "",
        superior_body=row["superior_body"], issuer_body=row["issuer_body"],
        issuer_code=row["issuer_code"], place=row["place"], date=from_iso(row["plan_date"]),
        title=row["title"], basis=row["basis_text"], sections=sections, closing=row["closing_text"],
        recipients=json.loads(row["recipients_json"] or "[]"),
        signature=Signature(sig.get("authority", ""), sig.get("title", ""), sig.get("name", "")),
        appendices=appendices, security=row["security"], urgency=row["urgency"],
        draft=bool(extra.get("draft_mark", row["status"] != "issued")),
        numbering_style=row["numbering_style"], id=row["id"], status=row["status"],
    )
    try:  # numbering lives with the plan editor; labels are computed, never stored
        from ..core.numbering import apply_labels
    except ImportError:
        return doc
    apply_labels(doc)
    return doc
