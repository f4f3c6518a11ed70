"""A whole plan in and out of the store: :func:`load_document` and its inverse
:func:`save_document`, the one writer every road that creates a plan goes through (import,
demo, report drafts, templates, copies, cụ thể hóa, bundles)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from ...core.dates import from_iso
from ...core.deadlines import Deadline
from ...core.document import Node, PlanDocument, Signature, TaskSpec, Upstream
from ...core.numbering import apply_labels
from ...core.text import clean
from ..db import Database, now_iso, row_id
from . import tasks as task_rows
from .header import DRAFT_MARK, LANDSCAPE, STATUSES, insert_plan, reindex, set_basis
from .issuing import issue
from .tree import APPENDIX, NODE_KINDS


def load_document(db: Database, plan_id: int, *, tasks: bool = False) -> PlanDocument:
    """The whole plan as a :class:`~kehoach_desktop.core.document.PlanDocument`.

    Items carry their task id (``node.task_id``) and the upstream item they implement
    (``node.upstream``); labels are computed by the numbering style, never stored. With
    ``tasks=True`` each task item also carries its :class:`TaskSpec` (``node.task``: lead
    and cooperating units, deadline, product, title) — then this is the exact inverse of
    :func:`save_document`. The editor and the exporters need only the ids, and a 60-page
    plan opens a third faster without reading every task's details.
    """
    row = db.one("SELECT * FROM plans WHERE id = ?", (plan_id,))
    if row is None:
        raise LookupError(f"Không có kế hoạch số {plan_id}.")
    cur = db.conn.cursor()
    cur.row_factory = None  # plain tuples: a 60-page plan has a few thousand rows to read
    task_ids: dict[int, int] = {}
    specs: dict[int, TaskSpec] = {}
    if tasks:
        coop: dict[int, list[int]] = {}
        for task_id, unit_id in cur.execute(
            "SELECT u.task_id, u.unit_id FROM task_units u JOIN tasks t ON t.id = u.task_id "
            "WHERE t.plan_id = ? ORDER BY u.task_id, u.unit_id",
            (plan_id,),
        ):
            coop.setdefault(task_id, []).append(unit_id)
        dates: dict[str, dt.date] = {}

        def day(text: str | None) -> dt.date | None:
            if not text:
                return None
            found = dates.get(text)
            if found is None:
                found = dates[text] = dt.date.fromisoformat(text)
            return found

        for task_id, node_id, title, lead, kind, start, end, text, product in cur.execute(
            "SELECT id, node_id, title, lead_unit_id, deadline_kind, deadline_start, deadline_end, deadline_text, "
            "product FROM tasks WHERE plan_id = ? AND node_id IS NOT NULL ORDER BY position, id",
            (plan_id,),
        ):
            deadline = Deadline(kind, day(start), day(end), text) if (kind or start or end or text) else None
            task_ids[node_id] = task_id
            specs[node_id] = TaskSpec(lead, coop.get(task_id, []), deadline, product, title)
    else:
        task_ids = dict(
            cur.execute("SELECT node_id, id FROM tasks WHERE plan_id = ? AND node_id IS NOT NULL", (plan_id,))
        )
    upstream = {
        node_id: Upstream(directive_id, key)
        for node_id, directive_id, key in cur.execute(
            "SELECT u.node_id, u.directive_id, u.item_key FROM node_upstream u "
            "JOIN plan_nodes n ON n.id = u.node_id WHERE n.plan_id = ?",
            (plan_id,),
        )
    }
    # Rows come grouped by parent in position order, so appending builds each child list in order.
    rows = cur.execute(
        "SELECT id, parent_id, kind, text, role, label FROM plan_nodes WHERE plan_id = ? "
        "ORDER BY parent_id, position, id",
        (plan_id,),
    ).fetchall()
    nodes: dict[int, Node] = {}
    for r in rows:
        nodes[r[0]] = Node(
            kind=r[2],
            text=r[3],
            id=r[0],
            role=r[4],
            task_id=task_ids.get(r[0]),
            task=specs.get(r[0]),
            upstream=upstream.get(r[0]),
            source_label=r[5],  # the label the imported source wrote, until «Đánh số lại» (issue 16)
        )
    sections: list[Node] = []
    for r in rows:
        (sections if r[1] is None else nodes[r[1]].children).append(nodes[r[0]])
    appendices = [n for n in sections if n.role == APPENDIX]
    sections = [n for n in sections if n.role != APPENDIX]
    extra = json.loads(row["extra_json"] or "{}")
    sig = json.loads(row["signature_json"] or "{}")
    doc = PlanDocument(
        doc_type=row["doc_type"],
        type_code=row["type_code"],
        number=row["number"] or "",
        superior_body=row["superior_body"],
        issuer_body=row["issuer_body"],
        issuer_code=row["issuer_code"],
        place=row["place"],
        date=from_iso(row["plan_date"]),
        year=row["year"],
        title=row["title"],
        basis=row["basis_text"],
        sections=sections,
        closing=row["closing_text"],
        recipients=json.loads(row["recipients_json"] or "[]"),
        signature=Signature(sig.get("authority", ""), sig.get("title", ""), sig.get("name", "")),
        appendices=appendices,
        security=row["security"],
        urgency=row["urgency"],
        draft=bool(extra.get(DRAFT_MARK, row["status"] != "issued")),
        landscape=bool(extra.get(LANDSCAPE, False)),
        numbering_style=row["numbering_style"],
        style=extra.get("style", ""),
        id=row["id"],
        status=row["status"],
    )
    apply_labels(doc)
    return doc


def document_header(doc: PlanDocument) -> dict[str, Any]:
    """The header fields of *doc* that the ``plans`` row stores."""
    return {
        "doc_type": doc.doc_type or "Kế hoạch",
        "type_code": doc.type_code or "KH",
        "title": doc.title,
        "superior_body": doc.superior_body,
        "issuer_body": doc.issuer_body,
        "issuer_code": doc.issuer_code,
        "place": doc.place,
        "date": doc.date,
        "year": doc.year if doc.year is not None else (doc.date.year if doc.date else None),
        "basis": doc.basis,
        "closing": doc.closing,
        "recipients": list(doc.recipients),
        "signature": {
            "authority": doc.signature.authority,
            "title": doc.signature.title,
            "name": doc.signature.name,
        },
        "numbering_style": doc.numbering_style or "party-dot",
        "security": doc.security or "thường",
        "urgency": doc.urgency,
    }


def save_document(
    db: Database,
    doc: PlanDocument,
    *,
    basis_ids: Sequence[int] = (),
    extra: dict[str, Any] | None = None,
    revision_of: int | None = None,
) -> int:
    """Store *doc* as a new plan in ONE transaction (joining the caller's); returns its id.

    Writes the header, the căn cứ links *basis_ids*, the tree (``doc.sections``, then
    ``doc.appendices`` with role ``appendix``), a task for every item with ``node.task``
    and the ``node_upstream`` link of every item with ``node.upstream``. ``doc.status``
    ``issued`` numbers the plan with ``doc.number`` and ``doc.date`` (ValueError if the
    number is taken or malformed); a draft's ``doc.number`` is not stored (drafts have none). Fills ``doc.id``, every ``node.id`` and ``node.task_id``
    with the new rows' ids. :func:`load_document` of the result equals *doc* (labels
    computed, ids filled, empty task titles derived from the item's text).
    """
    status = doc.status or "draft"
    if status not in STATUSES:
        raise ValueError(f"Trạng thái «{status}» không hợp lệ; chọn Dự thảo, Trình ký hoặc Đã ban hành.")
    for node in doc.walk_all():
        if node.kind not in NODE_KINDS:
            raise ValueError(
                f"Không lưu được mục loại «{node.kind}» vào kế hoạch (chỉ mục, đoạn văn và gạch đầu dòng)."
            )
    extra = dict(extra or {})
    extra.pop(DRAFT_MARK, None)
    if doc.draft != (status != "issued"):
        extra[DRAFT_MARK] = doc.draft
    extra.pop("style", None)
    if doc.style:  # the document's own layout (an imported State plan: NĐ 30), issue 16
        extra["style"] = doc.style
    extra.pop(LANDSCAPE, None)
    if doc.landscape:
        extra[LANDSCAPE] = True
    header = document_header(doc)
    header.update(status="draft", revision_of=revision_of, extra=extra)
    with db.transaction():
        plan_id = insert_plan(db, header)
        set_basis(db, plan_id, list(basis_ids))
        stamp = now_iso()
        task_position = 0

        def write(parent_id: int | None, position: int, node: Node, role: str) -> None:
            nonlocal task_position
            cur = db.execute(
                "INSERT INTO plan_nodes(plan_id, parent_id, position, kind, text, role, label) VALUES (?,?,?,?,?,?,?)",
                (plan_id, parent_id, position, node.kind, clean(node.text), role, clean(node.source_label)),
            )
            node.id = row_id(cur)
            if node.upstream is not None:
                db.execute(
                    "INSERT INTO node_upstream(node_id, directive_id, item_key) VALUES (?,?,?)",
                    (node.id, node.upstream.directive_id, node.upstream.item_key),
                )
            if node.task is not None:
                node.task_id = task_rows.insert_task(db, plan_id, node.id, node.text, node.task, task_position, stamp)
                task_position += 1
            else:
                node.task_id = None
            for index, child in enumerate(node.children):
                write(node.id, index, child, child.role)

        top = [(n, n.role if n.role != APPENDIX else "") for n in doc.sections]
        top += [(n, APPENDIX) for n in doc.appendices]
        for index, (node, role) in enumerate(top):
            write(None, index, node, role)
        if status == "issued":
            issue(db, plan_id, doc.number or None, doc.date)  # numbers, dates, indexes
        else:
            if status == "review":
                db.execute("UPDATE plans SET status = 'review' WHERE id = ?", (plan_id,))
            reindex(db, plan_id)
    doc.id = plan_id
    return plan_id
