"""Whole plans: snapshot for undo, delete, restore, copy."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from .. import search as search_index
from ..db import Database
from .document import load_document, save_document
from .header import DRAFT_MARK, PlanLocked, get_row, reindex
from .tree import insert_rows, restore_upstream, upstream_rows


def snapshot_plan(db: Database, plan_id: int) -> dict[str, Any]:
    row = dict(get_row(db, plan_id))
    tasks = [dict(r) for r in db.all("SELECT * FROM tasks WHERE plan_id = ?", (plan_id,))]
    return {
        "plan": row,
        "nodes": [
            dict(r)
            for r in db.all(
                "WITH RECURSIVE t(id, depth) AS (SELECT id, 0 FROM plan_nodes WHERE plan_id = ? AND parent_id IS NULL "
                "UNION ALL SELECT n.id, t.depth + 1 FROM plan_nodes n JOIN t ON n.parent_id = t.id) "
                "SELECT n.* FROM t JOIN plan_nodes n ON n.id = t.id ORDER BY t.depth, n.position",
                (plan_id,),
            )
        ],
        "basis": [
            tuple(r)
            for r in db.all("SELECT plan_id, directive_id, position FROM plan_basis WHERE plan_id = ?", (plan_id,))
        ],
        "tasks": tasks,
        "task_units": [
            tuple(r)
            for r in db.all(
                "SELECT u.task_id, u.unit_id FROM task_units u JOIN tasks t ON t.id = u.task_id WHERE t.plan_id = ?",
                (plan_id,),
            )
        ],
        "upstream": upstream_rows(db, "n.plan_id = ?", [plan_id]),
    }


def delete_plan(db: Database, plan_id: int) -> dict[str, Any]:
    with db.transaction():
        row = get_row(db, plan_id)
        if row["status"] == "issued":
            raise PlanLocked("Kế hoạch đã ban hành không được xóa.")
        snap = snapshot_plan(db, plan_id)
        if db.scalar(
            "SELECT COUNT(*) FROM progress p JOIN tasks t ON t.id = p.task_id WHERE t.plan_id = ?", (plan_id,)
        ):
            raise ValueError("Kế hoạch này đã có báo cáo tiến độ nhiệm vụ nên không xóa được.")
        db.execute("DELETE FROM plans WHERE id = ?", (plan_id,))
        search_index.unindex_plan(db, plan_id)
        db.audit("plan", plan_id, "delete", {"title": row["title"]})
    return snap


def restore_plan(db: Database, snap: dict[str, Any]) -> int:
    plan = snap["plan"]
    with db.transaction():
        # Insert as a draft first: the triggers refuse nodes under an issued plan.
        insert_rows(db, "plans", [{**plan, "status": "draft"}])
        insert_rows(db, "plan_nodes", snap["nodes"])
        db.conn.executemany(
            "INSERT INTO plan_basis(plan_id, directive_id, position) SELECT ?, id, ? FROM directives WHERE id = ?",
            [(p, pos, d) for p, d, pos in snap["basis"]],
        )
        insert_rows(db, "tasks", snap["tasks"])
        db.conn.executemany(
            "INSERT OR IGNORE INTO task_units(task_id, unit_id) SELECT ?, id FROM units WHERE id = ?",
            snap["task_units"],
        )
        restore_upstream(db, snap.get("upstream", []))
        if plan["status"] != "draft":
            db.execute("UPDATE plans SET status = ? WHERE id = ?", (plan["status"], plan["id"]))
        reindex(db, plan["id"])
        db.audit("plan", plan["id"], "restore")
    return int(plan["id"])


def copy_plan(
    db: Database,
    plan_id: int,
    changes: dict[str, Any] | None = None,
    *,
    extra: dict[str, Any] | None = None,
    revision_of: int | None = None,
    with_tasks: bool = True,
) -> int:
    """A new draft with the same header, căn cứ links, tree and tasks (through
    :func:`save_document`). *changes* are PlanDocument fields that differ (``title``,
    ``year``, ``date``…); *extra* replaces the source's ``extra_json`` when given."""
    src = get_row(db, plan_id)
    doc = load_document(db, plan_id, tasks=True)
    extra = json.loads(src["extra_json"] or "{}") if extra is None else dict(extra)
    doc = dataclasses.replace(doc, **{"number": "", "status": "draft", "id": None, **(changes or {})})
    doc.draft = bool(extra.get(DRAFT_MARK, True))
    if not with_tasks:
        for node in doc.walk_all():
            node.task = None
    basis_ids = [
        r[0] for r in db.all("SELECT directive_id FROM plan_basis WHERE plan_id = ? ORDER BY position", (plan_id,))
    ]
    return save_document(db, doc, basis_ids=basis_ids, extra=extra, revision_of=revision_of)
