"""Tasks on the items of a plan: mark, change, clear, list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from ...core.dates import to_iso
from ...core.deadlines import Deadline, periodic_every
from ...core.document import TaskSpec, task_title
from ...core.text import clean, fold
from ..db import Database, now_iso, row_id
from .header import require_draft, touch
from .tree import node_row

TASK_FIELDS = ("title", "lead_unit_id", "deadline_kind", "deadline_start", "deadline_end", "deadline_text", "product")


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
        fields["title_folded"] = fold(fields["title"])  # the tracking text filter (schema step 11)
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
            tid = row_id(cur)
        else:
            tid = int(existing["id"])
            fields["updated_at"] = stamp
            sets = ", ".join(f"{k} = ?" for k in fields)
            db.execute(f"UPDATE tasks SET {sets} WHERE id = ?", [*fields.values(), tid])
        # The periodic cycle the tracking judges by (schema step 12), written apart after the
        # deadline: an update of the wording alone clears it (another tool's, too).
        kept = db.one("SELECT deadline_kind, deadline_text FROM tasks WHERE id = ?", (tid,))
        if kept is not None:
            every = deadline_every(kept["deadline_kind"], kept["deadline_text"])
            db.execute("UPDATE tasks SET deadline_every = ? WHERE id = ?", (every, tid))
        if "unit_ids" in data:
            lead = fields.get("lead_unit_id", existing["lead_unit_id"] if existing is not None else None)
            db.execute("DELETE FROM task_units WHERE task_id = ?", (tid,))
            db.conn.executemany(
                "INSERT OR IGNORE INTO task_units(task_id, unit_id) VALUES (?, ?)",
                [(tid, u) for u in dict.fromkeys(data["unit_ids"]) if u != lead],
            )
        db.audit("task", tid, "set", {k: v for k, v in fields.items() if k not in ("updated_at", "title_folded")})
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
        return insert_task(db, plan_id, node_id, "", spec, int(position), now_iso())


def deadline_every(kind: str, text: str) -> str:
    """``tasks.deadline_every`` (schema step 12): a periodic duty's cycle, '' for other kinds."""
    return periodic_every(text or "") if kind == "periodic" else ""


def insert_task(
    db: Database, plan_id: int, node_id: int | None, node_text: str, spec: TaskSpec, position: int, stamp: str
) -> int:
    deadline = spec.deadline
    title = clean(spec.title).strip() or task_title(node_text) or "Nhiệm vụ"
    kind = deadline.kind if deadline else ""
    text = clean(deadline.text).strip() if deadline else ""
    cur = db.execute(
        "INSERT INTO tasks(plan_id, node_id, title, title_folded, lead_unit_id, deadline_kind, deadline_start, "
        "deadline_end, deadline_text, deadline_every, product, position, created_at, updated_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            plan_id,
            node_id,
            title,
            fold(title),
            spec.lead_unit_id,
            kind,
            to_iso(deadline.start) if deadline else None,
            to_iso(deadline.end) if deadline else None,
            text,
            deadline_every(kind, text),
            clean(spec.product).strip(),
            position,
            stamp,
            stamp,
        ),
    )
    task_id = row_id(cur)
    db.audit("task", task_id, "create", {"title": title, "plan_id": plan_id})
    db.conn.executemany(
        "INSERT OR IGNORE INTO task_units(task_id, unit_id) VALUES (?, ?)",
        [(task_id, u) for u in dict.fromkeys(spec.unit_ids) if u != spec.lead_unit_id],
    )
    return task_id


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


def task_node(db: Database, task_id: int) -> int | None:
    """The item a task sits on (None for a task without an item)."""
    return db.scalar("SELECT node_id FROM tasks WHERE id = ?", (task_id,))
