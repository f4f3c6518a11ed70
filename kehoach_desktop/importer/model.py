"""What the importer recognised in a document, before anything is stored.

:class:`ParsedDocument` is reviewed by the user (GUI) or printed (``kehoach parse
--json``), then saved as a plan or a registry entry by :mod:`.persist`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..core.citations import Citation
from ..core.deadlines import Deadline
from ..core.document import Node, PlanDocument, Signature

Place = tuple[int, "int | None"]  # (id(section), paragraph index; None for the heading)


@dataclass
class Paragraph:
    text: str
    bullet: str = ""  # "-" or "+" for bullet items, "" for plain paragraphs


@dataclass
class Section:
    label: str | None  # bare: I, 1, 1.1, a, 1 for (1); None for an unnumbered heading
    heading: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    style: str = ""  # roman / decimal / multi2 / letter / paren / heading1 …
    role: str = ""  # purpose / content / organisation / appendix (top level only)
    path: str = ""  # II.4.1
    sep: str = ""  # separator written after the label: "." or "-"
    raw_label: str = ""  # the label as written ("(1)", "01.", a repeated "1."): kept on export

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "heading": self.heading,
            "paragraphs": [p.text for p in self.paragraphs],
            "children": [c.to_json() for c in self.children],
        }


@dataclass
class TaskProposal:
    text: str
    section: str  # path of the section it sits in: "II.2"
    units: list[str] = field(default_factory=list)
    deadline: Deadline | None = None
    section_ref: Section | None = None  # where it came from (not serialised)
    paragraph_index: int | None = None  # index in section_ref.paragraphs; None: the heading
    cooperating: list[str] = field(default_factory=list)  # "phối hợp với …", "Đơn vị phối hợp: …"
    unmatched: list[str] = field(default_factory=list)  # units not in the office's list: ask before adding
    product: str = ""  # "Kết quả: …" / "Sản phẩm: …" of a task card
    matched: dict[str, str] = field(default_factory=dict)  # as written → the office's unit, matched closely

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "section": self.section,
            "units": list(self.units),
            "cooperating": list(self.cooperating),
            "deadline": self.deadline.to_json() if self.deadline else None,
            "product": self.product or None,
        }


@dataclass
class Assignment:
    unit: str
    text: str
    section: str = ""
    deadline: Deadline | None = None
    section_ref: Section | None = None
    written: str = ""  # the unit as the document wrote it, when matched to the office's spelling
    unmatched: bool = False  # the office's list does not hold the unit: asked before adding

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "text": self.text}


@dataclass
class ParsedDocument:
    doc_type_line: str | None = None  # as printed: "KẾ HOẠCH"
    doc_type: str = "Kế hoạch"  # registry spelling: "Kế hoạch"
    style: str = ""  # "state" (Quốc hiệu, "Số:" …/KH-UBND), "party", or "" when the header says neither
    number: str | None = None  # canonical
    superior_body: str | None = None
    issuer_body: str | None = None
    place: str | None = None
    date: dt.date | None = None
    title: str | None = None
    basis: str | None = None
    sections: list[Section] = field(default_factory=list)
    closing: str | None = None
    recipients: list[str] = field(default_factory=list)
    signature: Signature | None = None
    appendices: list[Section] = field(default_factory=list)
    references: list[Citation] = field(default_factory=list)
    # Read by OCR with a number no document can have («15-HD/ETGDVIW»): not registered until the
    # user confirms or corrects it (issue 18).
    doubtful_references: list[Citation] = field(default_factory=list)
    tasks: list[TaskProposal] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    source_name: str = ""
    source_path: str = ""  # the file read (kept as the original attachment on save), "" for pasted text
    source_sha256: str = ""  # content digest: importing the same file twice is noticed
    source_kind: str = "text"
    encoding: str = "unicode"
    warnings: list[str] = field(default_factory=list)
    security: str = "thường"  # «MẬT» / «TỐI MẬT» / «TUYỆT MẬT» stamped on it: mật / tối mật / tuyệt mật

    # -- views -------------------------------------------------------------------
    @property
    def year(self) -> int | None:
        if self.date:
            return self.date.year
        m = re.search(r"\b(20\d\d|19\d\d)\b", self.title or "")
        return int(m[1]) if m else None

    @property
    def is_issued(self) -> bool:
        """Carries a number and a date: an issued document, not a draft."""
        return bool(self.number and self.date)

    def walk(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()

    def to_json(self) -> dict[str, Any]:
        sig = self.signature
        return {
            "doc_type": self.doc_type_line,
            "style": self.style or None,
            "number": self.number,
            "superior_body": self.superior_body,
            "issuer": self.issuer_body,  # the stored structure_json key (registry entries)
            "place": self.place,
            "date": self.date.isoformat() if self.date else None,
            "title": self.title,
            "basis": self.basis,
            "sections": [s.to_json() for s in self.sections],
            "references": [
                {
                    "type": c.doc_type,
                    "number": c.number,
                    "date": c.date.isoformat() if c.date else None,
                    "issuer": c.issuer or None,
                    "subject": c.subject or None,
                }
                for c in self.references
            ],
            "doubtful_references": [c.number for c in self.doubtful_references],
            "tasks": [t.to_json() for t in self.tasks],
            "assignments": [a.to_json() for a in self.assignments],
            "recipients": list(self.recipients),
            "signature": None
            if sig is None
            else {"authority": sig.authority or None, "title": sig.title or None, "name": sig.name or None},
            "closing": self.closing,
            "appendices": [s.to_json() for s in self.appendices],
            "source": {"name": self.source_name or None, "kind": self.source_kind, "encoding": self.encoding},
            "warnings": list(self.warnings),
            "security": self.security,
        }

    def to_plan_document(self) -> PlanDocument:
        """The plan as it is stored and rendered (no tasks; see :meth:`plan_with_places`)."""
        return self.plan_with_places()[0]

    def plan_with_places(self) -> tuple[PlanDocument, dict[Place, Node]]:
        """The :class:`PlanDocument` and where each recognised piece landed in its tree:
        ``(id(section), None)`` → the section's item, ``(id(section), k)`` → the item of
        its k-th paragraph — so task proposals attach to the right items. A top-level
        section without heading or number (the body of a document without parts) becomes
        its paragraphs at the top level, role ``content``. Labels are as read; the store
        recomputes them from the numbering style."""
        from ..core.numbers import try_parse

        places: dict[Place, Node] = {}

        def paragraphs(section: Section, role: str = "") -> list[Node]:
            nodes = paragraph_nodes(section.paragraphs)
            flat = [n for top in nodes for n in (top, *top.children)]  # one item per paragraph, in order
            for index, node in enumerate(flat):
                places[(id(section), index)] = node
            for node in nodes:
                node.role = role
            return nodes

        def item(section: Section, role: str = "") -> Node:
            node = Node(
                kind="section",
                text=section.heading,
                label=section.label or "",
                source_label=section.raw_label,  # kept on export until «Đánh số lại» (issue 16)
                role=role or section.role,
            )
            places[(id(section), None)] = node
            node.children = paragraphs(section) + [item(c) for c in section.children]
            return node

        sections: list[Node] = []
        for section in self.sections:
            if section.heading or section.label:
                sections.append(item(section))
            else:
                sections += paragraphs(section, "content")
        parsed = try_parse(self.number or "")
        doc = PlanDocument(
            doc_type=self.doc_type or "Kế hoạch",
            type_code=(parsed.type_code if parsed else "KH") or "KH",
            number=self.number or "",
            superior_body=self.superior_body or "",
            issuer_body=self.issuer_body or "",
            issuer_code=parsed.body if parsed else "",
            place=self.place or "",
            date=self.date,
            year=self.year,
            title=self.title or "",
            basis=self.basis or "",
            sections=sections,
            closing=self.closing or "",
            recipients=list(self.recipients),
            signature=self.signature or Signature(),
            appendices=[item(s, "appendix") for s in self.appendices],
            numbering_style=numbering_style(self),
            status="issued" if self.is_issued else "draft",
            draft=not self.is_issued,
            style=self.style,
            security=self.security,
        )
        return doc, places


def numbering_style(doc: ParsedDocument) -> str:
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


def paragraph_nodes(paragraphs: list[Paragraph]) -> list[Node]:
    """Plain paragraphs and bullets; a ``+`` bullet nests under the ``-`` before it."""
    nodes: list[Node] = []
    for p in paragraphs:
        if p.bullet == "+" and nodes and nodes[-1].kind == "bullet":
            nodes[-1].children.append(Node(kind="bullet", text=p.text, label="+"))
            continue
        kind = "bullet" if p.bullet else "paragraph"
        nodes.append(Node(kind=kind, text=p.text, label="-" if p.bullet else ""))
    return nodes
