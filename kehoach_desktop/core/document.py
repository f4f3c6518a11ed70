"""A plan as one plain object: what the exporters render and the importer produces.

Built from the store by :func:`kehoach_desktop.store.plans.load_document`, from a
parsed file by the importer, and by hand in tests. No Qt, no SQLite.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .deadlines import Deadline
from .text import clean


@dataclass
class TaskSpec:
    """What makes an item a task: its lead unit, cooperating units, deadline and product.

    ``unit_ids`` are the cooperating units (the lead is left out when stored). An empty
    ``title`` means the item's text up to its first sentence end (as the editor does).
    """

    lead_unit_id: int | None = None
    unit_ids: list[int] = field(default_factory=list)
    deadline: Deadline | None = None
    product: str = ""
    title: str = ""


@dataclass
class Upstream:
    """The upstream item an item of our plan implements (table ``node_upstream``):
    ``item_key`` is the section path in the directive's structure ("II.3", "II.3.b#p2")
    or the sender's key for a plan received as a bundle."""

    directive_id: int
    item_key: str


@dataclass
class Node:
    """One item of the section tree.

    ``kind`` is ``section`` (numbered by depth: I., 1., 1.1./a)), ``paragraph``
    (plain text), ``bullet`` (``-``, nested ``+``) or ``table`` (``rows`` of cell
    texts, the first ``header_rows`` of them repeated on each page, ``text`` an
    optional caption; used by appendices and the progress report). ``label`` is the
    number shown (computed by the numbering style; empty for paragraphs).
    """

    kind: str
    text: str
    children: list[Node] = field(default_factory=list)
    label: str = ""
    source_label: str = ""  # the label as an imported source wrote it; kept until «Đánh số lại»
    id: int | None = None
    role: str = ""  # purpose / content / organisation / appendix
    task_id: int | None = None
    rows: list[list[str]] = field(default_factory=list)  # kind == "table" only
    header_rows: int = 1
    col_widths: list[float] = field(default_factory=list)  # relative widths; empty = equal
    task: TaskSpec | None = None  # the task this item is (stored in ``tasks``; its id is task_id)
    upstream: Upstream | None = None

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Node:
        """A node from ``{"kind", "text", "role", "children"}`` (templates, demo data)."""
        return cls(
            kind=data.get("kind", "section"),
            text=data.get("text", ""),
            role=data.get("role", ""),
            children=[cls.from_dict(c) for c in data.get("children", [])],
        )


@dataclass
class Signature:
    authority: str = ""  # T/M BAN THƯỜNG VỤ (may be empty: TRƯỞNG BAN signs alone)
    title: str = ""  # PHÓ BÍ THƯ
    name: str = ""


@dataclass
class PlanDocument:
    doc_type: str = "Kế hoạch"
    type_code: str = "KH"
    number: str = ""  # canonical, empty until issued
    superior_body: str = ""
    issuer_body: str = ""
    issuer_code: str = ""
    place: str = ""
    date: dt.date | None = None
    year: int | None = None  # the year the plan is for (the date's year when unset)
    title: str = ""  # trích yếu
    basis: str = ""  # căn cứ paragraph(s)
    sections: list[Node] = field(default_factory=list)
    closing: str = ""
    recipients: list[str] = field(default_factory=list)
    signature: Signature = field(default_factory=Signature)
    appendices: list[Node] = field(default_factory=list)
    security: str = "thường"  # thường / mật / tối mật / tuyệt mật
    urgency: str = ""  # khẩn / thượng khẩn / hỏa tốc
    draft: bool = True  # print DỰ THẢO (the default follows the default status, a draft)
    landscape: bool = False  # wide tables (e.g. a progress report): A4 landscape
    numbering_style: str = "party-dot"
    style: str = ""  # the document's own layout: "state" (Quốc hiệu, NĐ 30), "party", "" = the office's
    id: int | None = None
    status: str = "draft"

    def walk(self) -> Iterator[Node]:
        """The body's items in reading order (appendices apart: :meth:`walk_all`)."""
        for node in self.sections:
            yield from node.walk()

    def walk_all(self) -> Iterator[Node]:
        """Every item, the body's then the appendices'."""
        yield from self.walk()
        for node in self.appendices:
            yield from node.walk()

    def all_text(self) -> str:
        """Every piece of body text, in reading order (used by checks and tests)."""
        parts = [self.title, self.basis]
        for n in self.walk():
            parts.append(n.text)
            parts += [cell for row in n.rows for cell in row]
        parts += [self.closing, *self.recipients]
        return "\n".join(p for p in parts if p)


# A dot after a short capitalised abbreviation ("UB. MTTQ", "TP. Hà Tĩnh", "Tp. Vinh") ends no sentence.
_SENTENCE_END_RE = re.compile(r"(?<!\b[A-ZĐ][A-Za-zĐđ])(?<!\b[A-ZĐ])\. ")


def task_title(text: str) -> str:
    """A task's short title: the node text up to the first sentence end ("." before ";"), at most
    200 chars."""
    text = " ".join(clean(text).split())
    m = _SENTENCE_END_RE.search(text, 0, 201)
    if m is not None:
        text = text[: m.start()]
    elif "; " in text[:200]:
        text = text[: text.index("; ")]
    return text[:200].rstrip(" .;:,")
