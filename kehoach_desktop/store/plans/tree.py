"""The section tree (``plan_nodes``): insert, edit, move, delete and restore items; each joins
the caller's transaction and refuses an issued plan."""

from __future__ import annotations

from typing import Any

from ...core.document import task_title
from ...core.text import clean, fold
from ..db import Database, now_iso, row_id
from .header import reindex, require_draft, touch

NODE_KINDS = ("section", "paragraph", "bullet")


APPENDIX = "appendix"  # role of a top-level section printed as a Phụ lục


def add_node(
    db: Database,
    plan_id: int,
    parent_id: int | None,
    kind: str,
    text: str,
    position: int | None = None,
    role: str = "",
    label: str = "",
) -> int:
    """*label*: the label as an imported source wrote it (kept until «Đánh số lại», issue 16)."""
    with db.transaction():
        if position is None:
            position = db.scalar(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM plan_nodes WHERE plan_id = ? AND parent_id IS ?",
                (plan_id, parent_id),
            )
        cur = db.execute(
            "INSERT INTO plan_nodes(plan_id, parent_id, position, kind, text, role, label) VALUES (?,?,?,?,?,?,?)",
            (plan_id, parent_id, position, kind, clean(text), role, clean(label)),
        )
        return row_id(cur)


def renumber(db: Database, plan_id: int) -> dict[int, str]:
    """«Đánh số lại»: drop the labels kept from the imported source, so the plan's numbering
    style numbers every item; returns the labels dropped (node id → label) for undo."""
    with db.transaction():
        kept = {
            int(r[0]): r[1]
            for r in db.all("SELECT id, label FROM plan_nodes WHERE plan_id = ? AND label != ''", (plan_id,))
        }
        db.execute("UPDATE plan_nodes SET label = '' WHERE plan_id = ?", (plan_id,))
    return kept


def restore_labels(db: Database, labels: dict[int, str]) -> None:
    """Undo of :func:`renumber`."""
    with db.transaction():
        db.conn.executemany("UPDATE plan_nodes SET label = ? WHERE id = ?", [(v, k) for k, v in labels.items()])


def has_source_labels(db: Database, plan_id: int) -> bool:
    return bool(db.scalar("SELECT 1 FROM plan_nodes WHERE plan_id = ? AND label != '' LIMIT 1", (plan_id,)))


def node_row(db: Database, node_id: int):
    row = db.one("SELECT * FROM plan_nodes WHERE id = ?", (node_id,))
    if row is None:
        raise LookupError("Mục này không còn trong kế hoạch (có thể đã bị xóa).")
    return row


def children_rows(db: Database, plan_id: int, parent_id: int | None) -> list:
    return db.all(
        "SELECT * FROM plan_nodes WHERE plan_id = ? AND parent_id IS ? ORDER BY position, id", (plan_id, parent_id)
    )


def _shift(db: Database, plan_id: int, parent_id: int | None, from_pos: int, delta: int) -> None:
    db.execute(
        "UPDATE plan_nodes SET position = position + ? WHERE plan_id = ? AND parent_id IS ? AND position >= ?",
        (delta, plan_id, parent_id, from_pos),
    )


def _compact(db: Database, plan_id: int, parent_id: int | None) -> None:
    """Positions 0..n-1 again (after imports or old data with gaps)."""
    for pos, r in enumerate(children_rows(db, plan_id, parent_id)):
        if r["position"] != pos:
            db.execute("UPDATE plan_nodes SET position = ? WHERE id = ?", (pos, r["id"]))


def insert_node(
    db: Database,
    plan_id: int,
    parent_id: int | None,
    position: int | None,
    kind: str,
    text: str,
    role: str = "",
    node_id: int | None = None,
) -> int:
    """Insert at *position* among the parent's children (end when None), shifting the rest."""
    if kind not in NODE_KINDS:
        raise ValueError(f"Loại mục «{kind}» không hợp lệ.")
    with db.transaction():
        require_draft(db, plan_id)
        if parent_id is not None and node_row(db, parent_id)["plan_id"] != plan_id:
            raise ValueError("Mục cha thuộc kế hoạch khác.")
        _compact(db, plan_id, parent_id)  # positions are indexes (imported trees may have gaps)
        count = db.scalar("SELECT COUNT(*) FROM plan_nodes WHERE plan_id = ? AND parent_id IS ?", (plan_id, parent_id))
        position = count if position is None else max(0, min(position, count))
        _shift(db, plan_id, parent_id, position, 1)
        cur = db.execute(
            "INSERT INTO plan_nodes(id, plan_id, parent_id, position, kind, text, role) VALUES (?,?,?,?,?,?,?)",
            (node_id, plan_id, parent_id, position, kind, clean(text), role),
        )
        touch(db, plan_id)
        db.audit("plan", plan_id, "node.add", {"node": row_id(cur), "kind": kind})
        return row_id(cur)


def set_node(db: Database, node_id: int, **fields: Any) -> None:
    allowed = {k: v for k, v in fields.items() if k in ("text", "kind", "role")}
    if "kind" in allowed and allowed["kind"] not in NODE_KINDS:
        raise ValueError(f"Loại mục «{allowed['kind']}» không hợp lệ.")
    if "text" in allowed:
        allowed["text"] = clean(allowed["text"])
    with db.transaction():
        row = node_row(db, node_id)
        require_draft(db, row["plan_id"])
        sets = ", ".join(f"{k} = ?" for k in allowed)
        db.execute(f"UPDATE plan_nodes SET {sets} WHERE id = ?", [*allowed.values(), node_id])
        if "text" in allowed:
            title = task_title(allowed["text"])
            db.execute(
                "UPDATE tasks SET title = ?, title_folded = ?, updated_at = ? WHERE node_id = ?",
                (title, fold(title), now_iso(), node_id),
            )
        touch(db, row["plan_id"])
        db.audit(
            "plan",
            row["plan_id"],
            "node.edit",
            {"node": node_id, **{k: (v[:80] if isinstance(v, str) else v) for k, v in allowed.items()}},
        )


def subtree_rows(db: Database, node_id: int) -> list:
    """The node and all its descendants, parents before children."""
    return db.all(
        "WITH RECURSIVE sub(id, depth) AS (SELECT ?, 0 UNION ALL "
        "SELECT n.id, sub.depth + 1 FROM plan_nodes n JOIN sub ON n.parent_id = sub.id) "
        "SELECT n.* FROM sub JOIN plan_nodes n ON n.id = sub.id ORDER BY sub.depth, n.position",
        (node_id,),
    )


def move_node(db: Database, node_id: int, new_parent: int | None, new_position: int) -> None:
    """Move a node (with its subtree) to *new_position* among *new_parent*'s children.

    *new_position* counts the new siblings without the moved node itself, so moving
    back to the old (parent, position) restores the old order exactly (undo).
    """
    with db.transaction():
        row = node_row(db, node_id)
        plan_id = row["plan_id"]
        require_draft(db, plan_id)
        _compact(db, plan_id, row["parent_id"])
        _compact(db, plan_id, new_parent)
        row = node_row(db, node_id)
        if new_parent is not None:
            target = node_row(db, new_parent)
            if target["plan_id"] != plan_id:
                raise ValueError("Không chuyển được mục sang kế hoạch khác.")
            if any(r["id"] == new_parent for r in subtree_rows(db, node_id)):
                raise ValueError("Không thể chuyển một mục vào bên trong chính nó.")
        _shift(db, plan_id, row["parent_id"], row["position"] + 1, -1)
        count = db.scalar(
            "SELECT COUNT(*) FROM plan_nodes WHERE plan_id = ? AND parent_id IS ? AND id <> ?",
            (plan_id, new_parent, node_id),
        )
        new_position = max(0, min(new_position, count))
        db.execute("UPDATE plan_nodes SET position = -1 WHERE id = ?", (node_id,))
        _shift(db, plan_id, new_parent, new_position, 1)
        db.execute(
            "UPDATE plan_nodes SET parent_id = ?, position = ? WHERE id = ?", (new_parent, new_position, node_id)
        )
        touch(db, plan_id)
        db.audit("plan", plan_id, "node.move", {"node": node_id, "parent": new_parent, "position": new_position})


def delete_node(db: Database, node_id: int) -> dict[str, Any]:
    """Delete a node, its subtree and their tasks; returns a snapshot for :func:`restore_nodes`."""
    with db.transaction():
        row = node_row(db, node_id)
        plan_id = row["plan_id"]
        require_draft(db, plan_id)
        _compact(db, plan_id, row["parent_id"])
        row = node_row(db, node_id)
        nodes = [dict(r) for r in subtree_rows(db, node_id)]
        ids = [n["id"] for n in nodes]
        marks = ",".join("?" for _ in ids)
        upstream = upstream_rows(db, f"u.node_id IN ({marks})", ids)
        tasks = [dict(r) for r in db.all(f"SELECT * FROM tasks WHERE node_id IN ({marks})", ids)]
        task_ids = [t["id"] for t in tasks]
        if task_ids:
            tmarks = ",".join("?" for _ in task_ids)
            if db.scalar(f"SELECT COUNT(*) FROM progress WHERE task_id IN ({tmarks})", task_ids):
                raise ValueError(
                    "Mục này có nhiệm vụ đã được báo cáo tiến độ; không xóa được. "
                    "Hãy bỏ nội dung thay vì xóa, hoặc tạo bản sửa đổi."
                )
            units = [
                tuple(r)
                for r in db.all(f"SELECT task_id, unit_id FROM task_units WHERE task_id IN ({tmarks})", task_ids)
            ]
            db.execute(f"DELETE FROM tasks WHERE id IN ({tmarks})", task_ids)
        else:
            units = []
        db.execute("DELETE FROM plan_nodes WHERE id = ?", (node_id,))
        _shift(db, plan_id, row["parent_id"], row["position"] + 1, -1)
        touch(db, plan_id)
        db.audit("plan", plan_id, "node.delete", {"node": node_id, "text": row["text"][:80], "count": len(nodes)})
        reindex(db, plan_id)
    return {"nodes": nodes, "tasks": tasks, "task_units": units, "upstream": upstream}


def insert_rows(db: Database, table: str, rows: list[dict[str, Any]]) -> None:
    for r in rows:
        cols = ", ".join(r)
        db.execute(f"INSERT INTO {table}({cols}) VALUES ({', '.join('?' for _ in r)})", list(r.values()))


def restore_nodes(db: Database, snap: dict[str, Any]) -> None:
    """Undo :func:`delete_node`: the same rows with the same ids, siblings shifted back."""
    root = snap["nodes"][0]
    with db.transaction():
        require_draft(db, root["plan_id"])
        _shift(db, root["plan_id"], root["parent_id"], root["position"], 1)
        insert_rows(db, "plan_nodes", snap["nodes"])
        insert_rows(db, "tasks", snap["tasks"])
        db.conn.executemany("INSERT INTO task_units(task_id, unit_id) VALUES (?, ?)", snap["task_units"])
        restore_upstream(db, snap.get("upstream", []))
        touch(db, root["plan_id"])
        db.audit("plan", root["plan_id"], "node.restore", {"node": root["id"], "count": len(snap["nodes"])})
        reindex(db, root["plan_id"])


def upstream_rows(db: Database, where: str, params: list[Any]) -> list[tuple[int, int, str]]:
    return [
        tuple(r)
        for r in db.all(
            "SELECT u.node_id, u.directive_id, u.item_key FROM node_upstream u "
            f"JOIN plan_nodes n ON n.id = u.node_id WHERE {where}",
            params,
        )
    ]


def restore_upstream(db: Database, rows: list[tuple[int, int, str]]) -> None:
    """Put back upstream links (those whose directive still exists)."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO node_upstream(node_id, directive_id, item_key) SELECT ?, id, ? FROM directives WHERE id = ?",
        [(node, key, did) for node, did, key in rows],
    )


def implemented_items(db: Database, directive_id: int | None = None) -> list[tuple]:
    """Every item of our plans that implements an upstream item and is a task, as plain tuples
    (directive id, plan id, item key, item text, task id, lead unit name, deadline text) in
    plan and task order: the registry's chain tree shows upstream item → our item → task.
    Only the items implementing *directive_id* when given (one document opened)."""
    cur = db.conn.cursor()
    cur.row_factory = None
    where = "WHERE u.directive_id = ? " if directive_id is not None else ""
    return cur.execute(
        "SELECT u.directive_id, n.plan_id, u.item_key, n.text, t.id, un.name, t.deadline_text "
        "FROM node_upstream u JOIN plan_nodes n ON n.id = u.node_id JOIN tasks t ON t.node_id = n.id "
        f"LEFT JOIN units un ON un.id = t.lead_unit_id {where}ORDER BY n.plan_id, t.position, n.id",
        () if directive_id is None else (directive_id,),
    ).fetchall()
