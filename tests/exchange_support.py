"""Two offices, each with its own database: the upper one issues and sends a plan, the
lower one receives it and implements it with tasks linked to the upstream tasks."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.demo import load_demo
from kehoach_desktop.store import open_database
from kehoach_desktop.store import plans as plan_store
from kehoach_desktop.store import profile as profile_store
from kehoach_desktop.store.db import Database


def upper_office(path: Path) -> tuple[Database, int]:
    """The demo office with its issued plan of last year; returns (db, issued plan id)."""
    db = open_database(path)
    load_demo(db)
    plan_id = db.scalar("SELECT id FROM plans WHERE status = 'issued' ORDER BY id LIMIT 1")
    assert plan_id is not None
    return db, int(plan_id)


def lower_office(path: Path, name: str) -> Database:
    db = open_database(path)
    from kehoach_desktop.store.directives import ensure_levels

    ensure_levels(db)
    profile_store.save(
        db,
        OfficeProfile(
            superior_body="ĐẢNG BỘ XÃ HÒA BÌNH",
            issuer_body=name,
            issuer_code="CB",
            place="Hòa Bình",
            signer_title="BÍ THƯ",
            signer_name="Nguyễn Văn A",
        ),
    )
    return db


def implement(db: Database, directive_id: int, *, statuses: dict[int, str] | None = None) -> int:
    """Our plan implementing the received one: one item and one task per upstream task.

    *statuses* maps the index of an upstream task to "done" or "started" (progress recorded).
    """
    from kehoach_desktop.tracking import progress as progress_store
    from kehoach_desktop.tracking.periods import containing

    structure = json.loads(db.scalar("SELECT structure_json FROM directives WHERE id = ?", (directive_id,)))
    plan_id = plan_store.create(db, {"title": "Thực hiện kế hoạch của cấp trên", "year": dt.date.today().year})
    section = plan_store.add_node(db, plan_id, None, "section", "NỘI DUNG", role="content")
    unit = profile_store.add_unit(db, "Chi bộ Thôn 1")
    for i, task in enumerate(structure["tasks"]):
        node = plan_store.add_node(db, plan_id, section, "paragraph", task["text"])
        db.execute(
            "INSERT INTO node_upstream(node_id, directive_id, item_key) VALUES (?,?,?)",
            (node, directive_id, task["key"]),
        )
        task_id = plan_store.set_task(
            db,
            node,
            {
                "title": task["text"][:80],
                "lead_unit_id": unit,
                "deadline_kind": "date",
                "deadline_end": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
            },
        )
        state = (statuses or {}).get(i)
        if state:
            today = dt.date.today()
            report = progress_store.Report(
                result=f"Đã triển khai nhiệm vụ {i + 1}",
                completed_on=today if state == "done" else None,
                percent=None if state == "done" else 50,
            )
            progress_store.record(db, task_id, containing(today, "quarter"), report)
    return plan_id
