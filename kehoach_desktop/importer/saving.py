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

from ..core.citations import BODY_NAMES, Citation, level_for_body
from ..core.dates import format_short, to_iso
from ..core.numbers import try_parse
from ..core.text import fold
from ..store import directives, plans
from ..store.db import Database
from ..store.profile import add_unit
from ..tracking.tasks import add_task
from .errors import ImportFailure
from .model import ParsedDocument, Section, paragraph_nodes

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
        rows = directives.find_by_number(db, cite.number)
        if not rows:
            out.append(ReferenceState(cite, NEW))
            continue
        row = rows[0]
        messages = []
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
        data["issuer"] = BODY_NAMES.get(parsed.body, "") if parsed else ""
    data["notes"] = "Thêm tự động khi nhập văn bản; hãy soát lại ngày, cơ quan và trích yếu."
    return {k: v for k, v in data.items() if v not in (None, "")}


def register_references(db: Database, refs: Iterable[Citation]) -> dict[str, int]:
    """Add the references not yet in the registry; returns number → directive id for all."""
    ids: dict[str, int] = {}
    with db.transaction():
        directives.ensure_levels(db)
        for state in reference_states(db, refs):
            if state.directive_id is not None:
                ids[state.citation.number] = state.directive_id
            else:
                ids[state.citation.number] = directives.add(db, _directive_data(state.citation))
    return ids


def _unit_ids(db: Database, names: Iterable[str], add: bool = True) -> list[int]:
    """Ids of the named units, matching existing ones whatever the case or diacritics typed;
    a unit not in the office's list is added only when *add* (the user agreed, issue 16)."""
    existing = {fold(r["name"]): int(r["id"]) for r in db.all("SELECT id, name FROM units")}
    ids: list[int] = []
    for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
        uid = existing.get(fold(name))
        if uid is None:
            if not add:
                continue
            uid = existing[fold(name)] = add_unit(db, name)
        ids.append(uid)
    return list(dict.fromkeys(ids))


def _basis_numbers(doc: ParsedDocument) -> list[str]:
    from ..core.citations import find_citations

    return [c.number for c in find_citations(doc.basis or "")]


@dataclass
class SaveOptions:
    status: str | None = None  # draft / review / issued; None: issued when numbered and dated
    register_references: bool = True
    tasks: bool = True  # create the proposed tasks
    assignments: bool = True  # create tasks for the TỔ CHỨC THỰC HIỆN units
    add_new_units: bool = True  # units not in the office's list: add them (the GUI asks first)


def save_as_plan(db: Database, doc: ParsedDocument, options: SaveOptions | None = None) -> int:
    """Store *doc* as a plan; returns the plan id. All or nothing."""
    options = options or SaveOptions()
    status = options.status or ("issued" if doc.is_issued else "draft")
    if status not in ("draft", "review", "issued"):
        raise ImportFailure(
            f"Trạng thái «{status}» không hợp lệ; chọn Dự thảo, Trình ký hoặc Đã ban hành.", "unsupported"
        )
    parsed = try_parse(doc.number or "")
    if status == "issued" and not (doc.number and doc.date and parsed):
        raise ImportFailure(
            "Văn bản chưa có đủ số và ngày nên không lưu là «Đã ban hành» được. "
            "Hãy chọn Dự thảo, hoặc điền số và ngày trước khi lưu.",
            "unsupported",
        )
    with db.transaction():
        ref_ids = register_references(db, doc.references) if options.register_references else {}
        extra = {
            "imported_from": doc.source_name,
            "import_encoding": doc.encoding,
            "style": doc.style,  # issue 16: a State document keeps the State layout on export
            "source_sha256": doc.source_sha256,
            "original_attachment_id": _keep_original(db, doc),
            "references": list(ref_ids.values()),
            "draft_mark": status != "issued",
        }
        header = {
            "doc_type": doc.doc_type or "Kế hoạch",
            "type_code": (parsed.type_code if parsed and parsed.type_code else "KH"),
            "title": doc.title or (doc.source_name or "Văn bản nhập"),
            "superior_body": doc.superior_body or "",
            "issuer_body": doc.issuer or "",
            "issuer_code": parsed.body if parsed else "",
            "place": doc.place or "",
            "plan_date": doc.date,
            "year": doc.year,
            "status": "draft",
            "basis_text": doc.basis or "",
            "closing_text": doc.closing or "",
            "recipients": doc.recipients,
            "signature": {
                "authority": doc.signature.authority,
                "title": doc.signature.title,
                "name": doc.signature.name,
            }
            if doc.signature
            else {},
            "numbering_style": _numbering_style(doc),
            "extra_json": json.dumps(extra, ensure_ascii=False),
        }
        plan_id = plans.create(db, header)
        where: dict[tuple[int, int | None], int] = {}

        def add_nodes(parent: int | None, nodes) -> list[int]:
            ids = []
            for node in nodes:
                nid = plans.add_node(db, plan_id, parent, node.kind, node.text, role=node.role)
                add_nodes(nid, node.children)
                ids.append(nid)
            return ids

        def add_section(parent: int | None, section: Section, role: str = "") -> None:
            nid = plans.add_node(
                db, plan_id, parent, "section", section.heading, role=role or section.role, label=section.raw_label
            )
            where[(id(section), None)] = nid
            index = 0
            for node in paragraph_nodes(section.paragraphs):
                pid = plans.add_node(db, plan_id, nid, node.kind, node.text)
                where[(id(section), index)] = pid
                index += 1
                for child in node.children:  # "+" bullets under the "-" before them
                    where[(id(section), index)] = plans.add_node(db, plan_id, pid, child.kind, child.text)
                    index += 1
            for child in section.children:
                add_section(nid, child)

        for section in doc.sections:
            if section.heading or section.label:
                add_section(None, section)
            else:  # the unnumbered body of a document without parts
                for index, node in enumerate(paragraph_nodes(section.paragraphs)):
                    nid = plans.add_node(db, plan_id, None, node.kind, node.text, role="content")
                    where[(id(section), index)] = nid
                    add_nodes(nid, node.children)
        for section in doc.appendices:
            add_section(None, section, "appendix")
        # One task per node, as the plan editor keeps them (tracked here: no lookups).
        with_task: set[int] = set()
        proposals = []
        if options.tasks:
            proposals += [
                (where.get((id(t.section_ref), t.paragraph_index)), t.text, t.deadline, [*t.units, *t.cooperating])
                for t in doc.tasks
            ]
        if options.assignments:
            proposals += [(where.get((id(a.section_ref), None)), a.text, a.deadline, [a.unit]) for a in doc.assignments]
        for node_id, text, deadline, unit_names in proposals:
            if node_id is None or node_id in with_task:
                continue
            with_task.add(node_id)
            _add_task(db, plan_id, node_id, text, deadline, _unit_ids(db, unit_names, options.add_new_units))
        basis_ids = [ref_ids[n] for n in _basis_numbers(doc) if n in ref_ids]
        if basis_ids:
            plans.set_basis(db, plan_id, basis_ids)
        if status != "issued":  # issue() indexes the plan itself
            plans.reindex(db, plan_id)
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
        if status == "issued":
            try:
                plans.issue(db, plan_id, doc.number, doc.date)
            except ValueError as exc:
                raise ImportFailure(f"Không lưu được «{doc.title or doc.source_name}»: {exc}", "duplicate") from None
        elif status == "review":
            db.execute("UPDATE plans SET status = 'review' WHERE id = ?", (plan_id,))
    return plan_id


def _add_task(db: Database, plan_id: int, node_id: int, text: str, deadline, unit_ids: list[int]) -> int:
    """A task on a node: lead unit first, the others cooperating; the deadline as read."""
    return add_task(
        db,
        plan_id,
        plans.task_title(text) or "Nhiệm vụ",
        unit_ids[0] if unit_ids else None,
        deadline_kind=deadline.kind if deadline else "",
        start=deadline.start if deadline else None,
        end=deadline.end if deadline else None,
        deadline_text=deadline.text if deadline else "",
        cooperating=unit_ids[1:],
        node_id=node_id,
    )


def _numbering_style(doc: ParsedDocument) -> str:
    """The plan editor's numbering style closest to how the document is numbered."""
    romans = [s for s in doc.sections if s.style == "roman"]
    seconds = [c for s in romans for c in s.children if c.style == "decimal"]
    thirds = [g for c in seconds for g in c.children]
    roman_sep = romans[0].sep if romans else "."
    second_sep = seconds[0].sep if seconds else roman_sep
    alpha = bool(thirds) and thirds[0].style == "letter"
    if roman_sep == "-" and second_sep == "-":
        return "party-dash-alpha" if alpha else "party-dash"
    if roman_sep == "-":
        return "party-dash-roman"
    return "party-dot-alpha" if alpha else "party-dot"


def structure_json(doc: ParsedDocument) -> str:
    """The document's structure as stored with a registry entry (readable JSON)."""
    data = doc.to_json()
    data.pop("tasks", None)
    data.pop("source", None)
    data.pop("warnings", None)
    return json.dumps(data, ensure_ascii=False, indent=1)


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


def save_as_directive(db: Database, doc: ParsedDocument) -> int:
    """Store *doc* in the registry with its structure; returns the document's id.

    An entry with the same number gets the structure and the fields it lacks
    instead of a duplicate. References in its căn cứ become what it implements.
    """
    parsed = try_parse(doc.number or "")
    issuer = doc.issuer or (BODY_NAMES.get(parsed.body, "") if parsed else "")
    with db.transaction():
        ref_ids = register_references(db, doc.references)
        parents = [ref_ids[n] for n in _basis_numbers(doc) if n in ref_ids]
        data = {
            "doc_type": doc.doc_type or (parsed.type_name if parsed else "") or "Văn bản",
            "number": doc.number or "",
            "issued_on": doc.date,
            "issuer": issuer,
            "summary": doc.title or "",
            "structure_json": structure_json(doc),
        }
        original = _keep_original(db, doc)
        if parsed:
            data["level"] = level_for_body(parsed.body)
        existing = directives.find_by_number(db, doc.number) if doc.number else []
        if existing:
            row = existing[0]
            changes = {"structure_json": data["structure_json"]}
            if original is not None and not row["attachment_id"]:
                changes["attachment_id"] = original
            for key in ("issued_on", "issuer", "summary"):
                if not row[key] and data.get(key):
                    changes[key] = data[key]
            old_parents = [
                r[0] for r in db.all("SELECT parent_id FROM directive_links WHERE directive_id = ?", (row["id"],))
            ]
            changes["parent_ids"] = list(dict.fromkeys(old_parents + [p for p in parents if p != row["id"]]))
            directives.update(db, int(row["id"]), changes)
            return int(row["id"])
        data["parent_ids"] = parents
        if original is not None:
            data["attachment_id"] = original
        data["notes"] = f"Nhập từ tệp «{doc.source_name}»." if doc.source_name else "Nhập từ văn bản dán vào."
        return directives.add(db, data)
