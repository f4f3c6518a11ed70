"""The pre-signing check with what the store knows about a plan (registry, tasks, units,
the domain tables and upstream deadlines of issue 17)."""

from __future__ import annotations

import datetime as dt
import json

from ..db import Database
from .document import load_document
from .header import get_row


def check(db: Database, plan_id: int, as_of: dt.date | None = None):
    """Run :func:`core.checks.run_checks` with what the store knows about this plan.

    *as_of*: check it as if dated that day (the issue dialog's date: a draft has no date, so
    the errors that depend on it — deadlines before the plan, bodies ended — show only then).
    An issued plan is not being signed: its findings are information, never errors (issue 18)."""
    from ...core.checks import CheckContext, RegistryEntry, TaskInfo, as_information, run_checks
    from ...core.dates import from_iso
    from ...core.findings import cites_in

    doc = load_document(db, plan_id)
    if as_of is not None:
        doc.date = as_of
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
    findings = run_checks(doc, ctx)
    return as_information(findings) if row["status"] == "issued" and as_of is None else findings


def prepare_check() -> None:
    """Load, once per process, what :func:`check` needs before its first run (the GUI calls
    this on a worker thread after the window is up: the first check is then as fast as the
    next; issue 17)."""
    from ...core import deadlines  # noqa: F401
    from ...core.checks import prepare
    from .. import bodies, relations  # noqa: F401

    prepare()


def add_domain_context(db: Database, plan_id: int, ctx, cited: set[str]) -> None:
    """What issue 17's checks read: relations of the cited documents, the body table,
    the tasks' units and each task's upstream deadline (the implement_due of the
    upstream document its item implements, else the earliest of the căn cứ)."""
    from .. import bodies, relations

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
    from ...core.derive.upstream import read_structure

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
        upstream = cached["doc"]  # its deadlines in its own time, as cụ thể hóa read them
        found = upstream.deadline_in(item.text)
        for parent in item.ancestors if found is None else ():
            if parent.kind == "section" and parent.depth > 0:
                found = upstream.deadline_in(parent.text)
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
