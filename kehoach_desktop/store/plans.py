"""Plans (Kế hoạch): header, căn cứ links and the section tree.

Plans are edited through :mod:`kehoach_desktop.store.plan_ops`-style commands; this
module holds the storage primitives they use.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from ..core.dates import from_iso, to_iso
from ..core.deadlines import Deadline
from ..core.document import Node, PlanDocument, Signature, TaskSpec, Upstream
from ..core.numbering import apply_labels
from ..core.text import clean
from . import search as search_index
from .db import Database, now_iso

# The plan header in Python speaks PlanDocument's names everywhere (parser, store API,
# commands, renderer). The ``plans`` table keeps its column names; this is the one
# place that translates: header name → column. ``recipients``/``signature`` are lists
# and dicts stored as JSON; ``extra`` is a dict stored in ``extra_json``.
COLUMN_OF = {
    "date": "plan_date",
    "basis": "basis_text",
    "closing": "closing_text",
    "recipients": "recipients_json",
    "signature": "signature_json",
    "extra": "extra_json",
}
HEADER_FIELDS = (
    "doc_type",
    "type_code",
    "number",
    "serial",
    "title",
    "superior_body",
    "issuer_body",
    "issuer_code",
    "place",
    "date",
    "year",
    "status",
    "revision_of",
    "basis",
    "closing",
    "recipients",
    "signature",
    "numbering_style",
    "security",
    "urgency",
    "extra",
    "issued_at",
)


def column(field: str) -> str:
    """The ``plans`` column that stores header *field* (a PlanDocument name)."""
    if field not in HEADER_FIELDS:
        raise ValueError(f"unknown plan field {field!r}")
    return COLUMN_OF.get(field, field)


def _prepare(data: dict[str, Any]) -> dict[str, Any]:
    """Header fields (PlanDocument names) → a row of ``plans`` columns, text cleaned."""
    row: dict[str, Any] = {}
    for key, value in data.items():
        col = column(key)
        if key == "recipients":
            value = json.dumps([clean(v) for v in value], ensure_ascii=False)
        elif key == "signature":
            value = json.dumps({k: clean(v) for k, v in value.items()}, ensure_ascii=False)
        elif key == "extra":
            value = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, dt.date):
            value = to_iso(value)
        elif isinstance(value, str):
            value = clean(value)
        row[col] = value
    return row


def create(db: Database, header: dict[str, Any]) -> int:
    """An empty plan with *header* (a header only; whole plans go through :func:`save_document`)."""
    with db.transaction():
        plan_id = _insert_plan(db, header)
        reindex(db, plan_id)
    return plan_id


def add_node(
    db: Database, plan_id: int, parent_id: int | None, kind: str, text: str, position: int | None = None, role: str = ""
) -> int:
    with db.transaction():
        if position is None:
            position = db.scalar(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM plan_nodes WHERE plan_id = ? AND parent_id IS ?",
                (plan_id, parent_id),
            )
        cur = db.execute(
            "INSERT INTO plan_nodes(plan_id, parent_id, position, kind, text, role) VALUES (?,?,?,?,?,?)",
            (plan_id, parent_id, position, kind, clean(text), role),
        )
        return int(cur.lastrowid)


def set_basis(db: Database, plan_id: int, directive_ids: list[int]) -> None:
    with db.transaction():
        db.execute("DELETE FROM plan_basis WHERE plan_id = ?", (plan_id,))
        db.conn.executemany(
            "INSERT INTO plan_basis(plan_id, directive_id, position) VALUES (?,?,?)",
            [(plan_id, did, pos) for pos, did in enumerate(dict.fromkeys(directive_ids))],
        )


def reindex(db: Database, plan_id: int) -> None:
    row = db.one("SELECT number, title, basis_text FROM plans WHERE id = ?", (plan_id,))
    if row is None:
        search_index.unindex_plan(db, plan_id)
        return
    body = " ".join(r[0] for r in db.all("SELECT text FROM plan_nodes WHERE plan_id = ?", (plan_id,)))
    search_index.index_plan(db, plan_id, " ".join([row["number"] or "", row["title"], row["basis_text"], body]))


def list_rows(db: Database) -> list:
    return db.all(
        "SELECT id, number, title, status, plan_date, year FROM plans ORDER BY COALESCE(plan_date, created_at) DESC, id DESC"
    )


def plans_citing(db: Database) -> dict[int, list]:
    """directive id → plans whose căn cứ links it (for the implementation-chain tree)."""
    out: dict[int, list] = {}
    for r in db.all(
        "SELECT b.directive_id, p.id, p.number, p.title, p.status FROM plan_basis b "
        "JOIN plans p ON p.id = b.plan_id ORDER BY b.directive_id, p.plan_date"
    ):
        out.setdefault(r["directive_id"], []).append(r)
    return out


def load_document(db: Database, plan_id: int) -> PlanDocument:
    """The whole plan as a :class:`~kehoach_desktop.core.document.PlanDocument`.

    The inverse of :func:`save_document`: items carry their task (``node.task`` and
    ``node.task_id``) and the upstream item they implement (``node.upstream``);
    labels are computed by the numbering style, never stored.
    """
    row = db.one("SELECT * FROM plans WHERE id = ?", (plan_id,))
    if row is None:
        raise LookupError(f"Không có kế hoạch số {plan_id}.")
    tasks: dict[int, tuple[int, TaskSpec]] = {}
    task_rows = db.all(
        "SELECT * FROM tasks WHERE plan_id = ? AND node_id IS NOT NULL ORDER BY position, id", (plan_id,)
    )
    if task_rows:
        coop: dict[int, list[int]] = {}
        for r in db.all(
            "SELECT u.task_id, u.unit_id FROM task_units u JOIN tasks t ON t.id = u.task_id "
            "WHERE t.plan_id = ? ORDER BY u.task_id, u.unit_id",
            (plan_id,),
        ):
            coop.setdefault(r[0], []).append(r[1])
        for t in task_rows:
            tasks[t["node_id"]] = (t["id"], _task_spec(t, coop.get(t["id"], [])))
    upstream = {
        r[0]: Upstream(r[1], r[2])
        for r in db.all(
            "SELECT u.node_id, u.directive_id, u.item_key FROM node_upstream u "
            "JOIN plan_nodes n ON n.id = u.node_id WHERE n.plan_id = ?",
            (plan_id,),
        )
    }
    # Rows come grouped by parent in position order, so appending builds each child list in order.
    rows = db.conn.execute(
        "SELECT id, parent_id, kind, text, role FROM plan_nodes WHERE plan_id = ? ORDER BY parent_id, position, id",
        (plan_id,),
    ).fetchall()
    nodes: dict[int, Node] = {}
    for r in rows:
        task_id, spec = tasks.get(r[0], (None, None))
        nodes[r[0]] = Node(
            kind=r[2], text=r[3], id=r[0], role=r[4], task_id=task_id, task=spec, upstream=upstream.get(r[0])
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
        id=row["id"],
        status=row["status"],
    )
    apply_labels(doc)
    return doc


def _task_spec(row: Any, cooperating: list[int]) -> TaskSpec:
    deadline = None
    if row["deadline_kind"] or row["deadline_start"] or row["deadline_end"] or row["deadline_text"]:
        deadline = Deadline(
            row["deadline_kind"], from_iso(row["deadline_start"]), from_iso(row["deadline_end"]), row["deadline_text"]
        )
    return TaskSpec(
        lead_unit_id=row["lead_unit_id"],
        unit_ids=cooperating,
        deadline=deadline,
        product=row["product"],
        title=row["title"],
    )


# =============================================================================
# The one writer of a whole plan (import, demo, report drafts, templates, copies,
# cụ thể hóa, bundles): the inverse of load_document.
# =============================================================================

DRAFT_MARK = "draft_mark"  # extra_json: print DỰ THẢO other than the status says
LANDSCAPE = "landscape"  # extra_json: A4 landscape pages
STATUSES = ("draft", "review", "issued")


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
    extra.pop(LANDSCAPE, None)
    if doc.landscape:
        extra[LANDSCAPE] = True
    header = document_header(doc)
    header.update(status="draft", revision_of=revision_of, extra=extra)
    with db.transaction():
        plan_id = _insert_plan(db, header)
        set_basis(db, plan_id, list(basis_ids))
        stamp = now_iso()
        task_position = 0

        def write(parent_id: int | None, position: int, node: Node, role: str) -> None:
            nonlocal task_position
            cur = db.execute(
                "INSERT INTO plan_nodes(plan_id, parent_id, position, kind, text, role) VALUES (?,?,?,?,?,?)",
                (plan_id, parent_id, position, node.kind, clean(node.text), role),
            )
            node.id = int(cur.lastrowid)
            if node.upstream is not None:
                db.execute(
                    "INSERT INTO node_upstream(node_id, directive_id, item_key) VALUES (?,?,?)",
                    (node.id, node.upstream.directive_id, node.upstream.item_key),
                )
            if node.task is not None:
                node.task_id = _insert_task(db, plan_id, node.id, node.text, node.task, task_position, stamp)
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


def _insert_plan(db: Database, header: dict[str, Any]) -> int:
    row = _prepare(header)
    stamp = now_iso()
    row.setdefault("created_at", stamp)
    row["updated_at"] = stamp
    cols = ", ".join(row)
    cur = db.execute(f"INSERT INTO plans({cols}) VALUES ({', '.join('?' for _ in row)})", list(row.values()))
    plan_id = int(cur.lastrowid)
    db.audit("plan", plan_id, "create", {"title": row.get("title", "")})
    return plan_id


def _insert_task(
    db: Database, plan_id: int, node_id: int | None, node_text: str, spec: TaskSpec, position: int, stamp: str
) -> int:
    deadline = spec.deadline
    title = clean(spec.title).strip() or task_title(node_text) or "Nhiệm vụ"
    cur = db.execute(
        "INSERT INTO tasks(plan_id, node_id, title, lead_unit_id, deadline_kind, deadline_start, deadline_end, "
        "deadline_text, product, position, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            plan_id,
            node_id,
            title,
            spec.lead_unit_id,
            deadline.kind if deadline else "",
            to_iso(deadline.start) if deadline else None,
            to_iso(deadline.end) if deadline else None,
            clean(deadline.text).strip() if deadline else "",
            clean(spec.product).strip(),
            position,
            stamp,
            stamp,
        ),
    )
    task_id = int(cur.lastrowid)
    db.audit("task", task_id, "create", {"title": title, "plan_id": plan_id})
    db.conn.executemany(
        "INSERT OR IGNORE INTO task_units(task_id, unit_id) VALUES (?, ?)",
        [(task_id, u) for u in dict.fromkeys(spec.unit_ids) if u != spec.lead_unit_id],
    )
    return task_id


# =============================================================================
# Editing primitives used by store.plan_ops (each joins the caller's transaction).
# =============================================================================


class PlanLocked(ValueError):
    """An edit refused because the plan is issued; the message says what to do."""


LOCKED_MESSAGE = (
    "Kế hoạch này đã ban hành nên không sửa trực tiếp được. Hãy dùng «Tạo bản sửa đổi, bổ sung» để soạn bản mới."
)
NODE_KINDS = ("section", "paragraph", "bullet")
APPENDIX = "appendix"  # role of a top-level section printed as a Phụ lục
TASK_FIELDS = ("title", "lead_unit_id", "deadline_kind", "deadline_start", "deadline_end", "deadline_text", "product")


def get_row(db: Database, plan_id: int):
    row = db.one("SELECT * FROM plans WHERE id = ?", (plan_id,))
    if row is None:
        raise LookupError(f"Không còn kế hoạch mã {plan_id} (có thể đã bị xóa).")
    return row


def require_draft(db: Database, plan_id: int) -> None:
    if get_row(db, plan_id)["status"] == "issued":
        raise PlanLocked(LOCKED_MESSAGE)


def touch(db: Database, plan_id: int) -> None:
    db.execute("UPDATE plans SET updated_at = ? WHERE id = ?", (now_iso(), plan_id))


def update_header(db: Database, plan_id: int, changes: dict[str, Any], action: str = "update") -> None:
    row = _prepare(changes)
    with db.transaction():
        require_draft(db, plan_id)
        row["updated_at"] = now_iso()
        sets = ", ".join(f"{k} = ?" for k in row)
        db.execute(f"UPDATE plans SET {sets} WHERE id = ?", [*row.values(), plan_id])
        db.audit("plan", plan_id, action, {k: v for k, v in row.items() if k != "updated_at"})
        reindex(db, plan_id)


def header_values(db: Database, plan_id: int, keys: Iterable[str]) -> dict[str, Any]:
    """Current values of header fields *keys* (PlanDocument names; JSON decoded) for undo."""
    row = get_row(db, plan_id)
    out: dict[str, Any] = {}
    for key in keys:
        value = row[column(key)]
        out[key] = json.loads(value or ("{}" if key != "recipients" else "[]")) if key in _JSON_FIELDS else value
    return out


_JSON_FIELDS = ("recipients", "signature", "extra")


def get_extra(db: Database, plan_id: int) -> dict[str, Any]:
    return json.loads(get_row(db, plan_id)["extra_json"] or "{}")


# -- nodes ----------------------------------------------------------------------
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
        db.audit("plan", plan_id, "node.add", {"node": int(cur.lastrowid), "kind": kind})
        return int(cur.lastrowid)


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
            db.execute(
                "UPDATE tasks SET title = ?, updated_at = ? WHERE node_id = ?",
                (task_title(allowed["text"]), now_iso(), node_id),
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
        upstream = _upstream_rows(db, f"u.node_id IN ({marks})", ids)
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


def _insert_rows(db: Database, table: str, rows: list[dict[str, Any]]) -> None:
    for r in rows:
        cols = ", ".join(r)
        db.execute(f"INSERT INTO {table}({cols}) VALUES ({', '.join('?' for _ in r)})", list(r.values()))


def restore_nodes(db: Database, snap: dict[str, Any]) -> None:
    """Undo :func:`delete_node`: the same rows with the same ids, siblings shifted back."""
    root = snap["nodes"][0]
    with db.transaction():
        require_draft(db, root["plan_id"])
        _shift(db, root["plan_id"], root["parent_id"], root["position"], 1)
        _insert_rows(db, "plan_nodes", snap["nodes"])
        _insert_rows(db, "tasks", snap["tasks"])
        db.conn.executemany("INSERT INTO task_units(task_id, unit_id) VALUES (?, ?)", snap["task_units"])
        _restore_upstream(db, snap.get("upstream", []))
        touch(db, root["plan_id"])
        db.audit("plan", root["plan_id"], "node.restore", {"node": root["id"], "count": len(snap["nodes"])})
        reindex(db, root["plan_id"])


# -- tasks --------------------------------------------------------------------------
def task_title(text: str) -> str:
    """A task's short title: the node text up to the first sentence end, at most 200 chars."""
    text = " ".join(clean(text).split())
    for stop in (". ", "; "):
        if stop in text[:200]:
            text = text[: text.index(stop)]
            break
    return text[:200].rstrip(" .;:,")


def task_row(db: Database, node_id: int):
    return db.one("SELECT * FROM tasks WHERE node_id = ?", (node_id,))


def task_state(db: Database, node_id: int) -> dict[str, Any] | None:
    """A task's editable fields plus its cooperating units (None if the node is no task)."""
    row = task_row(db, node_id)
    if row is None:
        return None
    state = {k: row[k] for k in TASK_FIELDS}
    state["id"] = row["id"]
    state["unit_ids"] = [
        r[0] for r in db.all("SELECT unit_id FROM task_units WHERE task_id = ? ORDER BY unit_id", (row["id"],))
    ]
    return state


def set_task(db: Database, node_id: int, data: dict[str, Any], task_id: int | None = None) -> int:
    """Make the node a task (or update it). ``unit_ids`` are the cooperating units."""
    with db.transaction():
        node = node_row(db, node_id)
        require_draft(db, node["plan_id"])
        fields = {k: data[k] for k in TASK_FIELDS if k in data}
        for key in ("deadline_start", "deadline_end"):
            if isinstance(fields.get(key), dt.date):
                fields[key] = to_iso(fields[key])
        for key in ("deadline_text", "product", "title"):
            if key in fields:
                fields[key] = clean(fields[key] or "").strip()
        fields.setdefault("title", task_title(node["text"]))
        if not fields["title"]:
            fields["title"] = task_title(node["text"]) or "Nhiệm vụ"
        stamp = now_iso()
        existing = task_row(db, node_id)
        if existing is None:
            position = db.scalar(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM tasks WHERE plan_id = ?", (node["plan_id"],)
            )
            row = {
                "plan_id": node["plan_id"],
                "node_id": node_id,
                "position": position,
                "created_at": stamp,
                "updated_at": stamp,
                **fields,
            }
            if task_id is not None:
                row["id"] = task_id
            cols = ", ".join(row)
            cur = db.execute(f"INSERT INTO tasks({cols}) VALUES ({', '.join('?' for _ in row)})", list(row.values()))
            tid = int(cur.lastrowid)
        else:
            tid = int(existing["id"])
            fields["updated_at"] = stamp
            sets = ", ".join(f"{k} = ?" for k in fields)
            db.execute(f"UPDATE tasks SET {sets} WHERE id = ?", [*fields.values(), tid])
        if "unit_ids" in data:
            lead = fields.get("lead_unit_id", existing["lead_unit_id"] if existing is not None else None)
            db.execute("DELETE FROM task_units WHERE task_id = ?", (tid,))
            db.conn.executemany(
                "INSERT OR IGNORE INTO task_units(task_id, unit_id) VALUES (?, ?)",
                [(tid, u) for u in dict.fromkeys(data["unit_ids"]) if u != lead],
            )
        db.audit("task", tid, "set", {k: v for k, v in fields.items() if k != "updated_at"})
        touch(db, node["plan_id"])
    return tid


def add_task(
    db: Database,
    plan_id: int,
    title: str,
    lead_unit_id: int | None = None,
    *,
    deadline_kind: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    deadline_text: str = "",
    product: str = "",
    cooperating: Iterable[int] = (),
    node_id: int | None = None,
    position: int | None = None,
) -> int:
    """A task row on its own (a task without an item of the tree, or set-up in tests and
    benchmarks); whole plans write their tasks through :func:`save_document`."""
    with db.transaction():
        if position is None:
            position = db.scalar("SELECT COALESCE(MAX(position), -1) + 1 FROM tasks WHERE plan_id = ?", (plan_id,))
        spec = TaskSpec(lead_unit_id, list(cooperating), Deadline(deadline_kind, start, end, deadline_text), product)
        spec.title = clean(title).strip()
        return _insert_task(db, plan_id, node_id, "", spec, int(position), now_iso())


def clear_task(db: Database, node_id: int) -> None:
    with db.transaction():
        node = node_row(db, node_id)
        require_draft(db, node["plan_id"])
        row = task_row(db, node_id)
        if row is None:
            return
        if db.scalar("SELECT COUNT(*) FROM progress WHERE task_id = ?", (row["id"],)):
            raise ValueError("Nhiệm vụ này đã có báo cáo tiến độ nên không bỏ đánh dấu được.")
        db.execute("DELETE FROM tasks WHERE id = ?", (row["id"],))
        db.audit("task", row["id"], "clear")
        touch(db, node["plan_id"])


def plan_tasks(db: Database, plan_id: int) -> list[dict[str, Any]]:
    out = []
    for r in db.all("SELECT * FROM tasks WHERE plan_id = ? ORDER BY position, id", (plan_id,)):
        d = dict(r)
        d["unit_ids"] = [x[0] for x in db.all("SELECT unit_id FROM task_units WHERE task_id = ?", (r["id"],))]
        out.append(d)
    return out


# -- whole plans: snapshot, delete, restore, copy ------------------------------------
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
        "upstream": _upstream_rows(db, "n.plan_id = ?", [plan_id]),
    }


def _upstream_rows(db: Database, where: str, params: list[Any]) -> list[tuple[int, int, str]]:
    return [
        tuple(r)
        for r in db.all(
            "SELECT u.node_id, u.directive_id, u.item_key FROM node_upstream u "
            f"JOIN plan_nodes n ON n.id = u.node_id WHERE {where}",
            params,
        )
    ]


def _restore_upstream(db: Database, rows: list[tuple[int, int, str]]) -> None:
    """Put back upstream links (those whose directive still exists)."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO node_upstream(node_id, directive_id, item_key) SELECT ?, id, ? FROM directives WHERE id = ?",
        [(node, key, did) for node, did, key in rows],
    )


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
        _insert_rows(db, "plans", [{**plan, "status": "draft"}])
        _insert_rows(db, "plan_nodes", snap["nodes"])
        db.conn.executemany(
            "INSERT INTO plan_basis(plan_id, directive_id, position) SELECT ?, id, ? FROM directives WHERE id = ?",
            [(p, pos, d) for p, d, pos in snap["basis"]],
        )
        _insert_rows(db, "tasks", snap["tasks"])
        db.conn.executemany(
            "INSERT OR IGNORE INTO task_units(task_id, unit_id) SELECT ?, id FROM units WHERE id = ?",
            snap["task_units"],
        )
        _restore_upstream(db, snap.get("upstream", []))
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
    doc = load_document(db, plan_id)
    extra = json.loads(src["extra_json"] or "{}") if extra is None else dict(extra)
    doc = dataclasses.replace(doc, number="", status="draft", id=None, **(changes or {}))
    doc.draft = bool(extra.get(DRAFT_MARK, True))
    if not with_tasks:
        for node in doc.walk_all():
            node.task = None
    basis_ids = [
        r[0] for r in db.all("SELECT directive_id FROM plan_basis WHERE plan_id = ? ORDER BY position", (plan_id,))
    ]
    return save_document(db, doc, basis_ids=basis_ids, extra=extra, revision_of=revision_of)


# -- recipient lists ---------------------------------------------------------------
def recipient_lists(db: Database) -> list[tuple[int, str, list[str]]]:
    return [
        (r["id"], r["name"], json.loads(r["items_json"] or "[]"))
        for r in db.all("SELECT * FROM recipient_lists ORDER BY name")
    ]


def save_recipient_list(db: Database, name: str, items: list[str], list_id: int | None = None) -> int:
    name = clean(name).strip()
    if not name:
        raise ValueError("Hãy đặt tên cho danh sách nơi nhận.")
    data = json.dumps([clean(i) for i in items], ensure_ascii=False)
    with db.transaction():
        existing = db.scalar("SELECT id FROM recipient_lists WHERE name = ?", (name,))
        if existing is not None:
            db.execute("UPDATE recipient_lists SET items_json = ? WHERE id = ?", (data, existing))
            return int(existing)
        cur = db.execute("INSERT INTO recipient_lists(id, name, items_json) VALUES (?,?,?)", (list_id, name, data))
        return int(cur.lastrowid)


def delete_recipient_list(db: Database, list_id: int) -> tuple[int, str, list[str]] | None:
    row = db.one("SELECT * FROM recipient_lists WHERE id = ?", (list_id,))
    if row is None:
        return None
    with db.transaction():
        db.execute("DELETE FROM recipient_lists WHERE id = ?", (list_id,))
    return (row["id"], row["name"], json.loads(row["items_json"] or "[]"))


# -- numbering on issue ------------------------------------------------------------
TERM_START_KEY = "term_start"


def term_start(db: Database) -> dt.date | None:
    """First day of the committee's current term (numbers restart from 01 then)."""
    value = db.get_meta(TERM_START_KEY)
    return dt.date.fromisoformat(value) if value else None


def set_term_start(db: Database, day: dt.date | None) -> None:
    db.set_meta(TERM_START_KEY, to_iso(day))


def next_serial(db: Database, type_code: str, issuer_code: str) -> int:
    """Next free serial for this type and issuer within the current term."""
    start = term_start(db)
    row = db.scalar(
        "SELECT MAX(serial) FROM plans WHERE status = 'issued' AND type_code = ? AND issuer_code = ? "
        "AND (? IS NULL OR plan_date >= ?)",
        (type_code, issuer_code, to_iso(start), to_iso(start)),
    )
    return int(row or 0) + 1


def format_plan_number(serial: int, type_code: str, issuer_code: str) -> str:
    return f"{serial:02d}-{type_code}/{issuer_code}"


def number_taken(db: Database, number: str, plan_id: int) -> bool:
    return bool(
        db.scalar("SELECT COUNT(*) FROM plans WHERE number = ? AND status = 'issued' AND id <> ?", (number, plan_id))
    )


def issue(db: Database, plan_id: int, number: str | None = None, day: dt.date | None = None) -> str:
    """Number, date and lock the plan. Returns the number given."""
    from ..core.numbers import canonical, try_parse

    with db.transaction():
        row = get_row(db, plan_id)
        if row["status"] == "issued":
            raise PlanLocked("Kế hoạch này đã ban hành rồi.")
        if not (row["issuer_code"] or "").strip():
            raise ValueError(
                "Chưa có ký hiệu cơ quan ban hành (ví dụ ĐU) trong phần đầu kế hoạch; hãy điền rồi ban hành."
            )
        if number:
            number = canonical(number)
            parsed = try_parse(number)
            if parsed is None:
                raise ValueError(f"Số «{number}» không đúng dạng số-KH/CƠQUAN, ví dụ 12-KH/ĐU.")
            serial = parsed.serial
        else:
            serial = next_serial(db, row["type_code"], row["issuer_code"])
            number = format_plan_number(serial, row["type_code"], row["issuer_code"])
        if number_taken(db, number, plan_id):
            raise ValueError(f"Số {number} đã dùng cho một kế hoạch đã ban hành khác; hãy chọn số khác.")
        day = day or dt.date.today()
        db.execute(
            "UPDATE plans SET status = 'issued', number = ?, serial = ?, plan_date = ?, year = COALESCE(year, ?), "
            "issued_at = ?, updated_at = ? WHERE id = ?",
            (number, serial, to_iso(day), day.year, now_iso(), now_iso(), plan_id),
        )
        db.audit("plan", plan_id, "issue", {"number": number, "date": to_iso(day)})
        reindex(db, plan_id)
    return number


# -- pre-signing check ----------------------------------------------------------------
def check(db: Database, plan_id: int):
    """Run :func:`core.checks.run_checks` with what the store knows about this plan."""
    from ..core.checks import CheckContext, RegistryEntry, TaskInfo, run_checks
    from ..core.dates import from_iso
    from ..core.findings import cites_in

    doc = load_document(db, plan_id)
    row = get_row(db, plan_id)
    numbers = {
        c.number
        for text in [doc.basis, doc.title, doc.closing, *(n.text for n in doc.walk())]
        for c in cites_in(text or "")
    }
    registry: dict[str, list] = {}
    for number in numbers:
        for r in db.all("SELECT number, doc_type, issued_on, issuer FROM directives WHERE number = ?", (number,)):
            registry.setdefault(number, []).append(
                RegistryEntry(r["number"], r["doc_type"], from_iso(r["issued_on"]), r["issuer"])
            )
    basis_numbers = {
        r[0]
        for r in db.all(
            "SELECT d.number FROM plan_basis b JOIN directives d ON d.id = b.directive_id WHERE b.plan_id = ?",
            (plan_id,),
        )
    }
    tasks = [
        TaskInfo(
            t["id"],
            t["node_id"],
            t["title"],
            t["lead_unit_id"],
            t["deadline_kind"],
            from_iso(t["deadline_start"]),
            from_iso(t["deadline_end"]),
            t["deadline_text"],
        )
        for t in db.all("SELECT * FROM tasks WHERE plan_id = ? ORDER BY position, id", (plan_id,))
    ]
    extra = json.loads(row["extra_json"] or "{}")
    ctx = CheckContext(
        registry=registry,
        basis_numbers=basis_numbers,
        tasks=tasks,
        plan_year=row["year"] or (doc.date.year if doc.date else None),
        stale_year=extra.get("clone_source_year"),
    )
    add_domain_context(db, plan_id, ctx, numbers)
    return run_checks(doc, ctx)


def add_domain_context(db: Database, plan_id: int, ctx, cited: set[str]) -> None:
    """What issue 17's checks read: relations of the cited documents, the body table,
    the tasks' units and each task's upstream deadline (the implement_due of the
    upstream document its item implements, else the earliest of the căn cứ)."""
    from . import bodies, relations

    ctx.relations = relations.infos_by_number(db, cited)
    ctx.bodies = bodies.specs(db) or None
    for r in db.all(
        "SELECT t.id AS task_id, t.lead_unit_id AS unit_id, 0 AS ord FROM tasks t "
        "WHERE t.plan_id = ? AND t.lead_unit_id IS NOT NULL "
        "UNION ALL SELECT tu.task_id, tu.unit_id, 1 FROM task_units tu JOIN tasks t ON t.id = tu.task_id "
        "WHERE t.plan_id = ? ORDER BY 1, 3",
        (plan_id, plan_id),
    ):
        ctx.task_units.setdefault(r["task_id"], []).append(r["unit_id"])
    for r in db.all("SELECT id, name FROM units"):
        ctx.unit_names[r["id"]] = r["name"]

    # The upstream deadline of a task: the deadline written in the upstream item its item
    # implements (node_upstream, issue 15), or in that item's heading. implement_due is not
    # used: it is the deadline for issuing our plan (hạn cụ thể hóa), not for its tasks.
    from ..core.deadlines import find_deadline
    from ..core.derive.upstream import read_structure

    docs: dict[int, tuple[str, dict]] = {}
    node_due: dict[int, tuple[str, object]] = {}
    for r in db.all(
        "SELECT u.node_id, u.item_key, d.id, d.doc_type, d.number, d.issued_on, d.issuer, d.structure_json "
        "FROM node_upstream u JOIN plan_nodes n ON n.id = u.node_id JOIN directives d ON d.id = u.directive_id "
        "WHERE n.plan_id = ? AND d.structure_json IS NOT NULL",
        (plan_id,),
    ):
        if r["id"] not in docs:
            up = read_structure(r["structure_json"], dict(r))
            docs[r["id"]] = (f"{r['doc_type']} số {r['number']}".strip(), {"doc": up, "items": up.by_key()})
        name, cached = docs[r["id"]]
        item = cached["items"].get(r["item_key"])
        if item is None:
            continue
        year = cached["doc"].year
        found = find_deadline(item.text, year)
        for parent in item.ancestors if found is None else ():
            if parent.kind == "section" and parent.depth > 0:
                found = find_deadline(parent.text, year)
                if found is not None:
                    break
        limit = found and (found.end or found.start) if found and found.kind in ("date", "range", "period") else None
        if limit:
            where = f" (mục {r['item_key'].split('#')[0]})" if r["item_key"] else ""
            node_due[r["node_id"]] = (f"{name}{where}", limit)
    parents = {r[0]: r[1] for r in db.all("SELECT id, parent_id FROM plan_nodes WHERE plan_id = ?", (plan_id,))}
    for t in ctx.tasks:
        node, found_due = t.node_id, None
        while node is not None and found_due is None:
            found_due = node_due.get(node)
            node = parents.get(node)
        if found_due:
            ctx.upstream_due[t.id] = found_due
