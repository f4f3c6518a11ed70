"""An upstream document's structure (``directives.structure_json``) read as keyed items.

The structure is what :func:`kehoach_desktop.importer.persist.structure_json` writes
(``ParsedDocument.to_json`` minus tasks/source/warnings), or the same shape received
in a plan bundle, where sections may carry ``key`` and ``paragraph_keys`` and the
document a ``tasks`` list. Every item gets the stable key that ``node_upstream``
stores (``item_key``):

- a section: its ``key`` if the sender gave one, else its path computed as the
  importer computes it (``II.4.1``: a ``4.1`` under ``4`` under ``II``);
- a paragraph: ``paragraph_keys[k]`` if given, else ``<section key>#p<k>`` with
  ``k`` counted from 1;
- a key met twice (an unlabelled heading shares its parent's path) gets ``~2``, ``~3``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..dates import from_iso
from ..deadlines import Deadline
from ..task_hints import PHASE_RE, key_line
from ..text import clean, fold

# Roles of the top-level parts. "background" parts (tình hình, quan điểm …) hold no tasks.
PURPOSE, CONTENT, ORGANISATION, APPENDIX, BACKGROUND = "purpose", "content", "organisation", "appendix", "background"
_ROLE_WORDS = (
    ("muc dich", PURPOSE),
    ("muc tieu", PURPOSE),
    ("yeu cau", PURPOSE),
    ("to chuc thuc hien", ORGANISATION),
    ("phu luc", APPENDIX),
    ("tinh hinh", BACKGROUND),
    ("ket qua", BACKGROUND),
    ("danh gia", BACKGROUND),
    ("quan diem", BACKGROUND),
    ("boi canh", BACKGROUND),
    ("thuc trang", BACKGROUND),
)


@dataclass
class UpstreamItem:
    """One section or paragraph of the upstream document."""

    key: str
    kind: str  # "section" or "paragraph"
    label: str  # as numbered upstream: "II", "4.1", "a", "" for paragraphs
    text: str
    role: str  # role of the top-level part it sits in
    depth: int  # 0: a top-level part (I., II. …)
    children: list[UpstreamItem] = field(default_factory=list)
    parent: UpstreamItem | None = field(default=None, repr=False)
    bullet: str = ""  # "-" / "+" when the structure says so

    def walk(self) -> Iterator[UpstreamItem]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def ancestors(self) -> list[UpstreamItem]:
        out = []
        node = self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out

    @property
    def display_label(self) -> str:
        if self.kind == "paragraph":
            return self.bullet or "–"
        return f"{self.label}." if self.label else ""


@dataclass
class BundleTask:
    """A task the sender of a plan bundle marked on one of its items."""

    key: str
    text: str
    lead_unit: str = ""
    units: list[str] = field(default_factory=list)
    deadline: Deadline | None = None


@dataclass
class UpstreamDoc:
    doc_type: str = ""
    number: str = ""
    date: dt.date | None = None
    issuer: str = ""
    title: str = ""
    basis: str = ""
    parts: list[UpstreamItem] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    closing: str = ""
    tasks: list[BundleTask] = field(default_factory=list)
    standing_committee: bool = False  # signed "T/M BAN THƯỜNG VỤ": issued by the Ban Thường vụ
    has_parts: bool = True  # numbered I., II. …; False for a Chỉ thị's bare points 1., 2. …
    # Keys of the same items as registered before a plan bundle replaced the structure (exchange.receive.key_aliases).
    key_aliases: dict[str, str] = field(default_factory=dict)

    def walk(self) -> Iterator[UpstreamItem]:
        for part in self.parts:
            yield from part.walk()

    def by_key(self) -> dict[str, UpstreamItem]:
        """Items by key; also by the keys they had before a bundle came (our items still link to those)."""
        items = {item.key: item for item in self.walk()}
        for old, new in self.key_aliases.items():
            if new in items and old not in items:
                items[old] = items[new]
        return items

    @property
    def year(self) -> int | None:
        if self.date:
            return self.date.year
        import re

        m = re.search(r"\b(20\d\d)\b", self.title or "")
        return int(m[1]) if m else None

    def deadline_in(self, text: str) -> Deadline | None:
        """The deadline *text* writes, in the document's own time: a day without its year
        («trước ngày 30/6») is the first such day on or after the document's date — in a plan
        issued on 10/12/2026 it is 30/6/2027; in one of March 2024 it stays 30/6/2024.
        Cụ thể hóa and the pre-signing check both read upstream deadlines through here."""
        import re

        from ..deadlines import find_deadline

        year = self.date.year if self.date else self.year
        found = find_deadline(text, year)
        if (
            found is not None
            and self.date is not None
            and found.due is not None
            and found.due < self.date
            and not re.search(r"(?:19|20)\d\d", found.text)
        ):
            later = find_deadline(text, self.date.year + 1)
            if later is not None and later.due is not None and later.due >= self.date:
                return later
        return found

    def year_for(self, today: dt.date) -> int:
        """The year a plan derived from this document on *today* is made for: this year, unless
        the document is explicitly for a later one («… năm 2027» read in December 2026) — never a
        past year (a 2022 document carried out in 2026 gives a 2026 plan)."""
        import re

        years = [today.year]
        if self.date:
            years.append(self.date.year)
        for m in re.finditer(r"\b(\w+\s+)?n[aă]m\s+(20\d\d)\b(\s*[-–]\s*20\d\d)?", self.title or "", re.IGNORECASE):
            # «đến năm 2025, định hướng đến năm 2030», «tầm nhìn năm 2045», «năm 2026 - 2030»: a horizon,
            # not the year of the work; and a plan is never made for later than next year
            if m[3] or fold(m[1] or "").strip() in ("den", "toi", "nhin", "huong", "sau"):
                continue
            if int(m[2]) <= today.year + 1:
                years.append(int(m[2]))
        return max(years)


def part_role(heading: str) -> str:
    folded = fold(heading)
    for words, role in _ROLE_WORDS:
        if folded.startswith(words) or (role == ORGANISATION and words in folded[:40]):
            return role
    return CONTENT


def _paragraph(value: Any) -> tuple[str, str]:
    """A paragraph as stored: a string, or a dict with text (and bullet) in richer shapes."""
    if isinstance(value, dict):
        return clean(value.get("text", "")), value.get("bullet", "") or ""
    return clean(str(value)), ""


def _deadline(data: Any) -> Deadline | None:
    if not isinstance(data, dict) or not data.get("kind"):
        return None
    return Deadline(
        data["kind"],
        from_iso(data.get("start")),
        from_iso(data.get("end")),
        data.get("text", "") or "",
        data.get("every", "") or "",
    )


def read_structure(structure: dict[str, Any] | str | None, directive: dict[str, Any] | None = None) -> UpstreamDoc:
    """The keyed item tree of an upstream document; *directive* (registry row values) fills
    the header fields the structure lacks (number, date, issuer, trích yếu as registered)."""
    data = json.loads(structure) if isinstance(structure, str) else dict(structure or {})
    reg = directive or {}
    doc = UpstreamDoc(
        doc_type=reg.get("doc_type") or (data.get("doc_type") or "").capitalize(),
        number=reg.get("number") or data.get("number") or "",
        date=from_iso(reg.get("issued_on")) if reg.get("issued_on") else from_iso(data.get("date")),
        issuer=reg.get("issuer") or data.get("issuer") or "",
        title=reg.get("summary") or data.get("title") or "",
        basis=clean(data.get("basis") or ""),
        recipients=list(data.get("recipients") or []),
        closing=clean(data.get("closing") or ""),
    )
    authority = fold(((data.get("signature") or {}).get("authority")) or "")
    doc.standing_committee = "ban thuong vu" in authority
    used: dict[str, int] = {}

    def unique(key: str) -> str:
        n = used.get(key, 0) + 1
        used[key] = n
        return key if n == 1 else f"{key}~{n}"

    sections = data.get("sections") or []
    # A document numbered only 1., 2., 3. (a Chỉ thị's points) has no parts: each point is one.
    has_parts = any(s.get("label") and not str(s["label"]).isdigit() for s in sections)

    def visit(
        s: dict[str, Any],
        parent: UpstreamItem | None,
        parent_path: str,
        parent_label: str,
        grand_path: str,
        role: str,
        depth: int,
    ) -> UpstreamItem:
        label = str(s.get("label") or "")
        if label and parent_label and label.startswith(parent_label + "."):
            path = f"{grand_path}.{label}" if grand_path else label
        elif label:
            path = f"{parent_path}.{label}" if parent_path else label
        else:
            path = parent_path
        heading = clean(s.get("heading") or "")
        if depth == 0:
            role = (
                part_role(heading)
                if (has_parts or not label)
                else (ORGANISATION if part_role(heading) == ORGANISATION else CONTENT)
            )
            if not label and not heading:
                role = BACKGROUND  # the unnumbered opening of a document
        key = unique(s.get("key") or path or "_")
        item = UpstreamItem(key, "section", label, heading, role, depth, parent=parent)
        pkeys = s.get("paragraph_keys") or []
        for k, raw in enumerate(s.get("paragraphs") or [], start=1):
            text, bullet = _paragraph(raw)
            if not text:
                continue
            pkey = pkeys[k - 1] if k - 1 < len(pkeys) and pkeys[k - 1] else f"{key}#p{k}"
            item.children.append(
                UpstreamItem(unique(pkey), "paragraph", "", text, role, depth + 1, parent=item, bullet=bullet)
            )
        for child in s.get("children") or []:
            item.children.append(visit(child, item, path, label, parent_path, role, depth + 1))
        return item

    doc.has_parts = has_parts
    doc.parts = [visit(s, None, "", "", "", CONTENT, 0) for s in sections]
    appendices = data.get("appendices") or []
    tables = [
        part
        for n, appendix in enumerate(appendices, start=1)
        if (part := _appendix_tasks(appendix, f"PL{n}" if len(appendices) > 1 else "PL", unique)) is not None
    ]
    if tables:
        _place_appendix_tasks(doc, tables)
    aliases = data.get("key_aliases")
    if isinstance(aliases, dict):
        doc.key_aliases = {str(k): str(v) for k, v in aliases.items() if isinstance(k, str) and isinstance(v, str)}
    for t in data.get("tasks") or []:
        if isinstance(t, dict) and t.get("key"):
            doc.tasks.append(
                BundleTask(
                    str(t["key"]),
                    clean(t.get("text") or ""),
                    clean(t.get("lead_unit") or ""),
                    [clean(u) for u in t.get("units") or [] if u],
                    _deadline(t.get("deadline")),
                )
            )
    return doc


# Columns of an appendix task table, by the words of their header cell (folded).
_COLUMNS = (
    ("lead", ("chu tri",)),
    ("coop", ("phoi hop",)),
    ("time", ("thoi gian", "thoi han", "tien do", "hoan thanh")),
    ("result", ("san pham", "ket qua")),
    ("task", ("noi dung", "nhiem vu", "ten ", "cong viec", "giai phap")),
)
_CARD_WORDS = {
    "lead": "Cơ quan chủ trì",
    "coop": "Cơ quan phối hợp",
    "time": "Thời gian hoàn thành",
    "result": "Sản phẩm",
}


def _points_to_appendix(text: str) -> bool:
    folded = fold(text)
    return len(folded) < 160 and bool(
        re.search(r"\b(?:tai|theo|o|trong) phu luc\b|\(?co phu luc\b|phu luc kem theo", folded)
    )


def _place_appendix_tasks(doc: UpstreamDoc, tables: list[UpstreamItem]) -> None:
    """The rows of Phụ lục task tables go where the text sends the reader: one item «Các nhiệm
    vụ cụ thể tại Phụ lục kèm theo» under «2. Hoàn thiện hạ tầng số» and one table — the rows
    take its place under that heading; otherwise each table is a part of its own and the
    pointers go (our plan has no Phụ lục to point to)."""
    pointers = [
        i
        for i in doc.walk()
        if i.kind == "paragraph" and i.parent is not None and i.role == CONTENT and _points_to_appendix(i.text)
    ]
    if len(tables) == 1 and len(pointers) == 1 and pointers[0].parent is not None:
        host = pointers[0].parent
        at = host.children.index(pointers[0])
        rows = tables[0].children
        for row in rows:
            row.parent = host
            for sub in row.walk():
                sub.depth += host.depth
        host.children[at : at + 1] = rows
        return
    for item in pointers:
        holder = item.parent
        if holder is not None:
            holder.children.remove(item)
            if not holder.children and holder.parent is not None and holder.kind == "section":
                holder.parent.children.remove(holder)  # only the pointer was there
    doc.parts.extend(tables)
    doc.has_parts = True


def _appendix_tasks(appendix: dict[str, Any], key: str, unique: Any) -> UpstreamItem | None:
    """A Phụ lục that is a task table («STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối
    hợp | Thời gian hoàn thành»), as a content part: one task card per row, its lines in the
    words the importer and the derivation read («Cơ quan chủ trì: …»). A row of one or two
    cells («I | NÂNG CAO NHẬN THỨC») groups the rows below it. None for any other appendix."""
    rows = [_paragraph(p)[0] for p in appendix.get("paragraphs") or []]
    columns: dict[str, int] = {}
    width = 0
    start = 0
    for k, row in enumerate(rows):
        cells = [fold(c).strip() for c in row.split(" | ")]
        found: dict[str, int] = {}
        for i, cell in enumerate(cells):
            for kind, words in _COLUMNS:
                if kind not in found and any(cell.startswith(w) or f" {w}" in f" {cell}" for w in words):
                    found[kind] = i
                    break
        if "task" in found and ("lead" in found or "time" in found):
            columns, width, start = found, len(cells), k + 1
            break
    if not columns:
        return None
    heading = clean(appendix.get("heading") or "")
    title = heading.split(" — ", 1)[1] if " — " in heading else ""
    part = UpstreamItem(unique(key), "section", "", title or "Các nhiệm vụ cụ thể", CONTENT, 0)
    group = part
    for row in rows[start:]:
        cells = [clean(c) for c in row.split(" | ")]
        filled = [c for c in cells if c]
        if len(cells) < width:
            if 0 < len(filled) <= 2 and not re.fullmatch(r"\(?\d+\)?", filled[-1]):
                label = filled[0] if len(filled) == 2 and len(filled[0]) <= 5 else ""
                group = UpstreamItem(
                    unique(f"{part.key}.{label or len(part.children) + 1}"),
                    "section",
                    label.rstrip("."),
                    filled[-1],
                    CONTENT,
                    1,
                    parent=part,
                )
                part.children.append(group)
            continue
        text = cells[columns["task"]]
        if not text:
            continue
        number = cells[0] if columns["task"] > 0 and len(cells[0]) <= 5 else ""
        card = UpstreamItem(
            unique(f"{group.key}.{number.rstrip('.') or len(group.children) + 1}"),
            "section",
            number.rstrip("."),
            text,
            CONTENT,
            group.depth + 1,
            parent=group,
        )
        for kind in ("lead", "coop", "time", "result"):
            if kind in columns and cells[columns[kind]]:
                value = cells[columns[kind]]
                line = f"{_CARD_WORDS[kind]}: {value}{'' if value.endswith(('.', ';', ')')) else '.'}"
                card.children.append(
                    UpstreamItem(
                        unique(f"{card.key}#{kind}"), "paragraph", "", line, CONTENT, card.depth + 1, parent=card
                    )
                )
        group.children.append(card)
    return part if any(True for _ in part.walk() if _ is not part) else None


def card_lines(item: UpstreamItem) -> dict[str, UpstreamItem]:
    """The «Đơn vị chủ trì: …» / «Đơn vị phối hợp: …» / «Thời gian hoàn thành: …» / «Kết quả: …»
    lines of a task card by kind ("lead", "coop", "time", "result"); empty when *item* is not
    one: a numbered item (not a phase, «Đợt 1: …») with such lines among its paragraphs."""
    if item.kind != "section" or not item.text or PHASE_RE.match(fold(item.text)):
        return {}
    out: dict[str, UpstreamItem] = {}
    for child in item.children:
        found = key_line(child.text) if child.kind == "paragraph" else None
        if found is not None:
            out.setdefault(found[0], child)
    return out


def task_items(doc: UpstreamDoc) -> list[UpstreamItem]:
    """The items that are work to do: paragraphs, and sections without paragraphs or
    children below a content part (a group heading is not itself a task). A task card is
    one task: the item, not its lines (issue 15, as the importer reads it: issue 16)."""
    out = []
    for item in doc.walk():
        if item.role != CONTENT or (item.depth == 0 and doc.has_parts):
            continue
        if item.kind == "section" and card_lines(item):
            out.append(item)
        elif item.kind == "paragraph" and item.parent is not None and card_lines(item.parent):
            continue  # a line of a card: describes its task
        elif item.kind == "paragraph" or item.is_leaf:
            out.append(item)
    return out


def item_label(key: str) -> str:
    """An item key as a person reads it: «II.1#p2» → «mục II.1, ý thứ 2», «II.3~2» → «mục II.3»
    (the key itself is for the file; the walk found «mục II.1#p2» in the status bar)."""
    key = (key or "").strip()
    section, _, paragraph = key.partition("#p")
    section = section.split("~", 1)[0].strip()
    point = paragraph.split("~", 1)[0]
    parts = [f"mục {section}"] if section else []
    if point.isdigit():
        parts.append(f"ý thứ {int(point)}")
    elif paragraph:  # a sender's own key: shown as it is rather than lost
        parts.append(paragraph)
    return ", ".join(parts) if parts else "mục"
