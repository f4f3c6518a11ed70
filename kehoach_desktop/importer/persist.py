"""Store a recognised document: as a plan (our own) or as a registry entry (another office's).

Each document is saved in ONE transaction — its plan or registry row, its section
tree, its references registered in the registry, its tasks and unit assignments —
so a failure half-way leaves nothing behind.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.basis import issuer_name
from ..core.citations import Citation, default_issuer, level_for
from ..core.dates import format_short, to_iso
from ..core.deadlines import Deadline
from ..core.document import Node, TaskSpec
from ..core.numbers import number_key, try_parse
from ..core.text import fold
from ..store import directives, plans, profile
from ..store.db import Database
from .errors import ImportFailure
from .model import ParsedDocument

# Reference states shown in the review.
REGISTERED, NEW, CONFLICT = "registered", "new", "conflict"
STATE_NAMES = {REGISTERED: "Đã có trong sổ", NEW: "Chưa có — sẽ thêm", CONFLICT: "Khác với sổ"}


@dataclass
class ReferenceState:
    citation: Citation
    state: str  # registered / new / conflict
    directive_id: int | None = None
    messages: list[str] = field(default_factory=list)


def reference_states(db: Database, refs: Iterable[Citation]) -> list[ReferenceState]:
    """Which references are already registered, which are new, which disagree with the registry."""
    out: list[ReferenceState] = []
    for cite in refs:
        rows = directives.find_document(db, cite.number, cite.date)  # 37-NQ/TW of 2014 is not that of 2018
        messages = []
        if not rows:
            # "20-KH/DU" for a registered "20-KH/ĐU" (a keyboard without Đ): the same number (issue 16).
            rows = db.all(
                "SELECT * FROM directives WHERE upper(replace(replace(replace(number, 'Đ', 'D'), 'đ', 'd'), ' ', ''))"
                " = ? ORDER BY id",
                (number_key(cite.number),),
            )
            rows = directives.same_document(rows, cite.date)
            if rows:
                messages.append(f"Sổ ghi số «{rows[0]['number']}», văn bản ghi «{cite.number}» (chữ D thay cho Đ).")
        if not rows:
            out.append(ReferenceState(cite, NEW))
            continue
        row = rows[0]
        if cite.date and row["issued_on"] and row["issued_on"] != to_iso(cite.date):
            messages.append(
                f"Sổ ghi ngày {format_short(_date(row['issued_on']))}, văn bản ghi {format_short(cite.date)}."
            )
        if cite.issuer and row["issuer"] and fold(row["issuer"]) != fold(cite.issuer):
            messages.append(f"Sổ ghi cơ quan «{row['issuer']}», văn bản ghi «{cite.issuer}».")
        out.append(ReferenceState(cite, CONFLICT if messages else REGISTERED, int(row["id"]), messages))
    return out


def _date(iso: str):
    from ..core.dates import from_iso

    return from_iso(iso)


def _directive_data(cite: Citation) -> dict:
    data = directives.from_citation(cite)
    if not data.get("issuer"):
        parsed = try_parse(cite.number)
        data["issuer"] = default_issuer(parsed.body) if parsed else ""
    data["notes"] = "Thêm tự động khi nhập văn bản; hãy soát lại ngày, cơ quan và trích yếu."
    return {k: v for k, v in data.items() if v not in (None, "")}


def register_references(db: Database, refs: Iterable[Citation]) -> dict[str, int]:
    """Add the references not yet in the registry; returns number → directive id for all."""
    ids: dict[str, int] = {}
    by_key: dict[str, int] = {}  # one document cited as "20-KH/DU" and "20-KH/ĐU" is registered once
    with db.transaction():
        directives.ensure_levels(db)
        for state in reference_states(db, refs):
            when = state.citation.date
            key = f"{number_key(state.citation.number)}|{when.year if when else ''}"
            if state.directive_id is not None:
                ids[state.citation.number] = state.directive_id
            elif key in by_key:
                ids[state.citation.number] = by_key[key]
            else:
                ids[state.citation.number] = directives.add(db, _directive_data(state.citation))
            by_key.setdefault(key, ids[state.citation.number])
    return ids


def _basis_numbers(doc: ParsedDocument) -> list[str]:
    from ..core.citations import find_citations

    return [c.number for c in find_citations(doc.basis or "")]


@dataclass
class SaveOptions:
    status: str | None = None  # draft / review / issued; None: issued when numbered and dated
    register_references: bool = True
    tasks: bool = True  # create the proposed tasks
    assignments: bool = True  # create tasks for the TỔ CHỨC THỰC HIỆN units
    # Units not in the office's list: add them (the GUI asks first, issue 16); None: only for a
    # document of our own office (importer.folder decides; save_as_plan alone adds none then).
    add_new_units: bool | None = True


def _sentence(title: str) -> str:
    """A task title read as a sentence: «Các đảng ủy xã, phường: xây dựng kế hoạch …» of TỔ CHỨC THỰC
    HIỆN gives the duty after the colon, «xây dựng kế hoạch …», shown as «Xây dựng kế hoạch …» in the
    task list, the matrix and the Báo cáo."""
    return title[:1].upper() + title[1:] if title[:1].islower() else title


def save_as_plan(db: Database, doc: ParsedDocument, options: SaveOptions | None = None) -> int:
    """Store *doc* as a plan; returns the plan id. All or nothing.

    The recognised document becomes a :class:`PlanDocument`, the task proposals (and the
    TỔ CHỨC THỰC HIỆN assignments) become the tasks of its items, and
    :func:`store.plans.save_document` writes it in the same transaction as the
    references it registers.
    """
    options = options or SaveOptions()
    status = options.status or ("issued" if doc.is_issued else "draft")
    if status not in ("draft", "review", "issued"):
        raise ImportFailure(
            f"Trạng thái «{status}» không hợp lệ; chọn Dự thảo, Trình ký hoặc Đã ban hành.", "unsupported"
        )
    if status == "issued" and not (doc.number and doc.date and try_parse(doc.number or "")):
        raise ImportFailure(
            "Văn bản chưa có đủ số và ngày nên không lưu là «Đã ban hành» được. "
            "Hãy chọn Dự thảo, hoặc điền số và ngày trước khi lưu.",
            "unsupported",
        )
    plan, places = doc.plan_with_places()
    plan.title = plan.title or doc.source_name or "Văn bản nhập"
    if not plan.issuer_body:
        # A text without its header, saved as our own plan, is ours: our header and signer. It was
        # saved with none, and numbered «Số   -KH/» (the second walk of session 9).
        office = profile.load(db)
        plan.superior_body = plan.superior_body or office.superior_body
        plan.issuer_body = office.issuer_body
        plan.issuer_code = plan.issuer_code or office.issuer_code
        plan.place = plan.place or office.place
        if not (plan.signature.authority or plan.signature.title or plan.signature.name):
            plan.signature.authority = office.signer_authority
            plan.signature.title = office.signer_title
            plan.signature.name = office.signer_name
    plan.status, plan.draft = status, status != "issued"
    with db.transaction():
        ref_ids = register_references(db, doc.references) if options.register_references else {}
        proposals: list[tuple[Node | None, str, Deadline | None, list[str], str]] = []
        if options.tasks:
            proposals += [
                (
                    places.get((id(t.section_ref), t.paragraph_index)),
                    t.text,
                    t.deadline,
                    [*t.units, *t.cooperating],
                    t.product,
                )
                for t in doc.tasks
            ]
        if options.assignments:
            proposals += [
                (places.get((id(a.section_ref), None)), a.text, a.deadline, [a.unit], "") for a in doc.assignments
            ]
        ours = {fold(r["name"]) for r in db.all("SELECT name FROM units")}
        for node, text, deadline, unit_names, product in proposals:
            if node is None or node.task is not None:  # one task per item, as the plan editor keeps them
                continue
            if not options.add_new_units:  # another office's units join ours only when the user agreed
                unit_names = [n for n in unit_names if fold(n) in ours]
            units = profile.unit_ids(db, unit_names)
            node.task = TaskSpec(
                lead_unit_id=units[0] if units else None,
                unit_ids=units[1:],
                deadline=deadline,
                product=product,  # "Kết quả: …" of a task card (issue 16)
                title=_sentence(plans.task_title(text)) or "Nhiệm vụ",
            )
        extra = {
            "imported_from": doc.source_name,
            "import_encoding": doc.encoding,
            "references": list(ref_ids.values()),
            "style": doc.style,  # issue 16: a State document keeps the State layout on export
            "source_sha256": doc.source_sha256,
            "original_attachment_id": _keep_original(db, doc),
        }
        basis_ids = [ref_ids[n] for n in _basis_numbers(doc) if n in ref_ids]
        from .protect import partial_matches

        basis_ids += [i for i in partial_matches(db, doc)[0] if i not in basis_ids]  # "Chỉ thị số 35 ngày …"
        try:
            plan_id = plans.save_document(db, plan, basis_ids=basis_ids, extra=extra)
        except ValueError as exc:  # the number is taken by another issued plan
            raise ImportFailure(f"Không lưu được «{doc.title or doc.source_name}»: {exc}", "duplicate") from None
        db.audit(
            "plan",
            plan_id,
            "import",
            {
                "file": doc.source_name,
                "references": len(ref_ids),
                "tasks": len(doc.tasks),
                "assignments": len(doc.assignments),
            },
        )
    return plan_id


def new_unit_names(db: Database, doc: ParsedDocument) -> list[str]:
    """Units the document names that the office's list does not hold (to ask before adding)."""
    existing = {fold(r["name"]) for r in db.all("SELECT name FROM units")}
    names = [u for t in doc.tasks for u in (*t.units, *t.cooperating)] + [a.unit for a in doc.assignments]
    return [n for n in dict.fromkeys(n.strip() for n in names if n and n.strip()) if fold(n) not in existing]


def _keep_original(db: Database, doc: ParsedDocument) -> int | None:
    """The imported file itself, kept inside the database (issue 16); None for pasted text."""
    path = Path(doc.source_path) if doc.source_path else None
    if path is None or not path.is_file():
        return None
    try:
        return directives.store_attachment(db, path)
    except (OSError, ValueError):
        return None  # too big to keep: the import itself goes on


def structure_json(doc: ParsedDocument) -> str:
    """The document's structure as stored with a registry entry (readable JSON)."""
    data = doc.to_json()
    data.pop("tasks", None)
    data.pop("source", None)
    data.pop("warnings", None)
    return json.dumps(data, ensure_ascii=False, indent=1)


def registered_structure(db: Database, doc: ParsedDocument) -> Any:
    """The registry row of *doc*'s number when it already holds a structure (imported before,
    perhaps from another form of the same document: the .docx, then its PDF), else None."""
    if not doc.number:
        return None
    rows = directives.find_document(db, doc.number, doc.date)
    return rows[0] if rows and rows[0]["structure_json"] else None


def save_as_directive(db: Database, doc: ParsedDocument, *, replace_structure: bool = False) -> int:
    """Store *doc* in the registry with its structure; returns the document's id.

    An entry with the same number (and the same year: numbers restart with each term) gets the
    fields it lacks instead of a duplicate, and the
    structure when it has none — a structure read before (from the .docx, say) is kept unless
    *replace_structure* (issue 16: a second form of one document never replaces it unasked).
    References in its căn cứ become what it implements. The import is recorded with the
    file's digest, so importing the same file again is noticed even when the entry keeps the
    first file as its attachment.
    """
    parsed = try_parse(doc.number or "")
    # The registry writes the issuer as running text does ("Đảng ủy xã Thạch Lạc"), not as
    # the header prints it ("ĐẢNG ỦY XÃ THẠCH LẠC"): a căn cứ citing it is then checked
    # against its normal case (issue 17). The header form stays in structure_json.
    # An organ («BAN THƯỜNG TRỰC», «BAN TUYÊN GIÁO») is named with the body it belongs to.
    issuer = issuer_name(doc.issuer_body or "", doc.superior_body or "") or (
        default_issuer(parsed.body) if parsed else ""
    )
    with db.transaction():
        ref_ids = register_references(db, doc.references)
        parents = [ref_ids[n] for n in _basis_numbers(doc) if n in ref_ids]
        data: dict[str, Any] = {
            "doc_type": doc.doc_type or (parsed.type_name if parsed else "") or "Văn bản",
            "number": doc.number or "",
            "issued_on": doc.date,
            "issuer": issuer,
            "summary": doc.title or "",
            "structure_json": structure_json(doc),
            "security": doc.security,
        }
        original = _keep_original(db, doc)
        if parsed:
            data["level"] = level_for(parsed.body, issuer)
        existing = directives.find_document(db, doc.number, doc.date) if doc.number else []
        if existing:
            row = existing[0]
            changes: dict[str, Any] = {}
            if replace_structure or not row["structure_json"]:
                changes["structure_json"] = data["structure_json"]
            if original is not None and not row["attachment_id"]:
                changes["attachment_id"] = original
            for key in ("issued_on", "issuer", "summary"):
                if not row[key] and data.get(key):
                    changes[key] = data[key]
            if row["security"] == "thường" and doc.security != "thường":
                changes["security"] = doc.security  # a copy read with its stamp: never less secret
            old_parents = [
                r[0] for r in db.all("SELECT parent_id FROM directive_links WHERE directive_id = ?", (row["id"],))
            ]
            changes["parent_ids"] = list(dict.fromkeys(old_parents + [p for p in parents if p != row["id"]]))
            directives.update(db, int(row["id"]), changes)
            _record_relations(db, int(row["id"]), doc)
            _audit_import(db, int(row["id"]), doc, "structure_json" in changes)
            return int(row["id"])
        data["parent_ids"] = parents
        if original is not None:
            data["attachment_id"] = original
        data["notes"] = f"Nhập từ tệp «{doc.source_name}»." if doc.source_name else "Nhập từ văn bản dán vào."
        did = directives.add(db, data)
        _record_relations(db, did, doc)
        _audit_import(db, did, doc, True)
        return did


def _audit_import(db: Database, directive_id: int, doc: ParsedDocument, structure: bool) -> None:
    db.audit(
        "directive",
        directive_id,
        "import",
        {"file": doc.source_name, "sha256": doc.source_sha256, "structure": structure},
    )


def _record_relations(db: Database, directive_id: int, doc: ParsedDocument) -> None:
    """ "Quy định này thay thế Quy định số …", "bãi bỏ …", "… hết hiệu lực" in the imported
    text become relations in the registry (issue 17, store.relations)."""
    from ..store import relations

    parts = [doc.basis or ""]
    for top in [*doc.sections, *doc.appendices]:
        for section in top.walk():
            parts.append(section.heading or "")
            parts += [p.text for p in section.paragraphs]
    parts.append(doc.closing or "")
    relations.record_detected(db, directive_id, "\n".join(p for p in parts if p))
