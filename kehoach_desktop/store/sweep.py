"""Gather what :func:`core.sweep.sweep` reads: every plan's text and the registry (issue 17)."""

from __future__ import annotations

from ..core.dates import from_iso
from ..core.findings import Finding
from ..core.sweep import PlanTexts, RegisteredDoc, sweep
from . import plans
from .db import Database


def plan_label(row) -> str:
    if row["number"]:
        return f"{row['doc_type']} số {row['number']}"
    return f"Dự thảo «{(row['title'] or 'chưa có tên')[:50]}»"


def check_all(db: Database, progress=None) -> list[Finding]:
    docs = [
        RegisteredDoc(r["id"], r["number"], r["doc_type"], from_iso(r["issued_on"]), r["issuer"])
        for r in db.all("SELECT id, number, doc_type, issued_on, issuer FROM directives")
    ]
    rows = db.all("SELECT id, number, doc_type, title FROM plans ORDER BY id")
    texts = []
    for i, row in enumerate(rows):
        doc = plans.load_document(db, row["id"])
        item = PlanTexts(row["id"], plan_label(row))
        item.texts = [("field:title", doc.title), ("field:basis", doc.basis)]
        item.texts += [(f"node:{n.id}", n.text) for n in doc.walk() if n.text]
        item.texts.append(("field:closing", doc.closing))
        texts.append(item)
        if progress is not None:
            progress((i + 1) / max(1, len(rows)), f"Đã đọc {i + 1}/{len(rows)} kế hoạch")
    pending = [
        (
            r["directive_id"] or 0,
            r["target_number"],
            f"{r['doc_type']} số {r['number']}" if r["number"] else "Một văn bản",
        )
        for r in db.all(
            "SELECT r.directive_id, r.target_number, d.doc_type, d.number FROM directive_relations r "
            "LEFT JOIN directives d ON d.id = r.directive_id "
            "WHERE r.target_id IS NULL AND NOT EXISTS (SELECT 1 FROM directives x WHERE x.number = r.target_number)"
        )
    ]
    return sweep(docs, texts, pending)
