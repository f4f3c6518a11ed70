"""A whole plan as JSON (``kehoach plans show ID --json``): a stable, documented format.

Format ``kehoach.plan/1`` (keys are never renamed; new keys may be added):

- ``id``, ``status`` (draft/review/issued), ``number``, ``date`` (ISO or null), ``year``;
- ``header``: ``doc_type``, ``type_code``, ``superior_body``, ``issuer_body``,
  ``issuer_code``, ``place``, ``title`` (trích yếu), ``numbering_style``;
- ``basis``: ``text`` (the căn cứ paragraph) and ``links`` (the registry documents it
  cites: ``directive_id``, ``doc_type``, ``number``, ``date``, ``issuer``, ``summary``);
- ``sections`` (and ``appendices``): the tree; each node has ``id``, ``kind``
  (section/paragraph/bullet/table), ``label`` (as printed: ``I.``, ``1.``, ``-``),
  ``role``, ``text``, ``task_id`` (or null), ``upstream`` (``{"directive_id", "item_key"}``
  when the item implements an upstream item, else null) and ``children``;
- ``tasks``: ``id``, ``node_id``, ``title``, ``lead_unit`` (``{"id", "name"}`` or null),
  ``units`` (cooperating, same shape), ``deadline`` (``kind``, ``start``, ``end``, ``text``);
- ``closing``, ``recipients`` (lines as printed), ``signature`` (``authority``, ``title``, ``name``).
"""

from __future__ import annotations

from typing import Any

from ..core.document import Node
from . import plans
from .db import Database

FORMAT = "kehoach.plan/1"


def plan_json(db: Database, plan_id: int) -> dict[str, Any]:
    doc = plans.load_document(db, plan_id)
    row = plans.get_row(db, plan_id)
    upstream = {
        r[0]: {"directive_id": r[1], "item_key": r[2]}
        for r in db.all(
            "SELECT u.node_id, u.directive_id, u.item_key FROM node_upstream u "
            "JOIN plan_nodes n ON n.id = u.node_id WHERE n.plan_id = ?",
            (plan_id,),
        )
    }
    units = {r[0]: r[1] for r in db.all("SELECT id, name FROM units")}

    def unit(uid: int | None) -> dict[str, Any] | None:
        return {"id": uid, "name": units.get(uid, "")} if uid is not None else None

    def node(n: Node) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": n.id,
            "kind": n.kind,
            "label": n.label,
            "role": n.role,
            "text": n.text,
            "task_id": n.task_id,
            "upstream": upstream.get(n.id),
            "children": [node(c) for c in n.children],
        }
        if n.kind == "table":
            out["rows"] = n.rows
        return out

    links = [
        {
            "directive_id": r["id"],
            "doc_type": r["doc_type"],
            "number": r["number"],
            "date": r["issued_on"],
            "issuer": r["issuer"],
            "summary": r["summary"],
        }
        for r in db.all(
            "SELECT d.* FROM plan_basis b JOIN directives d ON d.id = b.directive_id WHERE b.plan_id = ? "
            "ORDER BY b.position",
            (plan_id,),
        )
    ]
    tasks = [
        {
            "id": t["id"],
            "node_id": t["node_id"],
            "title": t["title"],
            "lead_unit": unit(t["lead_unit_id"]),
            "units": [unit(u) for u in t["unit_ids"]],
            "deadline": {
                "kind": t["deadline_kind"],
                "start": t["deadline_start"],
                "end": t["deadline_end"],
                "text": t["deadline_text"],
            },
        }
        for t in plans.plan_tasks(db, plan_id)
    ]
    return {
        "format": FORMAT,
        "id": plan_id,
        "status": doc.status,
        "number": doc.number,
        "date": doc.date.isoformat() if doc.date else None,
        "year": row["year"],
        "header": {
            "doc_type": doc.doc_type,
            "type_code": doc.type_code,
            "superior_body": doc.superior_body,
            "issuer_body": doc.issuer_body,
            "issuer_code": doc.issuer_code,
            "place": doc.place,
            "title": doc.title,
            "numbering_style": doc.numbering_style,
        },
        "basis": {"text": doc.basis, "links": links},
        "sections": [node(n) for n in doc.sections],
        "appendices": [node(n) for n in doc.appendices],
        "tasks": tasks,
        "closing": doc.closing,
        "recipients": list(doc.recipients),
        "signature": {"authority": doc.signature.authority, "title": doc.signature.title, "name": doc.signature.name},
    }
