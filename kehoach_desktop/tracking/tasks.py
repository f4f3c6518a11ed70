"""Storage primitive for tasks, used where no plan editor is involved (tests, benchmarks,
scripted set-up). The plan editor has its own undoable operations over the same table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..core.dates import to_iso
from ..core.text import clean
from ..store.db import Database, now_iso


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
    stamp = now_iso()
    with db.transaction():
        if position is None:
            position = db.scalar("SELECT COALESCE(MAX(position), -1) + 1 FROM tasks WHERE plan_id = ?", (plan_id,))
        cur = db.execute(
            "INSERT INTO tasks(plan_id, node_id, title, lead_unit_id, deadline_kind, deadline_start, deadline_end, "
            "deadline_text, product, position, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                plan_id,
                node_id,
                clean(title).strip(),
                lead_unit_id,
                deadline_kind,
                to_iso(start),
                to_iso(end),
                clean(deadline_text).strip(),
                clean(product).strip(),
                position,
                stamp,
                stamp,
            ),
        )
        task_id = int(cur.lastrowid)
        db.audit("task", task_id, "create", {"title": clean(title).strip(), "plan_id": plan_id})  # issue 6
        db.conn.executemany(
            "INSERT OR IGNORE INTO task_units(task_id, unit_id) VALUES (?, ?)",
            [(task_id, u) for u in cooperating if u != lead_unit_id],
        )
    return task_id
