"""The pre-signing check with what the store knows about a plan."""

from __future__ import annotations

import json

from ..db import Database
from .document import load_document
from .header import get_row
from .tasks import plan_tasks


def check(db: Database, plan_id: int):
    """Run :func:`core.checks.run_checks` with what the store knows about this plan."""
    from ...core.checks import CheckContext, RegistryEntry, TaskInfo, run_checks
    from ...core.citations import find_citations
    from ...core.dates import from_iso

    doc = load_document(db, plan_id)
    row = get_row(db, plan_id)
    numbers = {
        c.number
        for text in [doc.basis, doc.title, doc.closing, *(n.text for n in doc.walk())]
        for c in find_citations(text or "")
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
        for t in plan_tasks(db, plan_id)
    ]
    extra = json.loads(row["extra_json"] or "{}")
    ctx = CheckContext(
        registry=registry,
        basis_numbers=basis_numbers,
        tasks=tasks,
        plan_year=row["year"] or (doc.date.year if doc.date else None),
        stale_year=extra.get("clone_source_year"),
    )
    return run_checks(doc, ctx)
