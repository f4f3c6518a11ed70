"""The review model of a cụ thể hóa and the draft plan built from it (Qt-free).

:func:`derive` reads the upstream document and proposes, for each of its items, the
item it becomes in our plan: ticked when addressed to our level, with our lead and
cooperating units (through the unit mapping) and our deadline (a lead time before the
upstream's). The GUI review screen and the command line edit a :class:`Derivation`;
:meth:`Derivation.build` turns it into a :class:`DerivedPlan` that the store writes in
one transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..basis import collective, natural_case, natural_case_fragments
from ..citations import Citation, find_citations
from ..dates import format_citation_date
from ..deadlines import Deadline
from ..document import Node, PlanDocument, Signature, Upstream, task_title
from ..document import TaskSpec as DocTask
from ..domain import BodySpec
from ..folding import fold_aligned
from ..models import OfficeProfile
from ..numbering import label_nodes
from ..task_hints import key_line
from ..text import clean, fold, nfc, shorten
from .lead import DEFAULT_LEAD_DAYS, derive_deadline
from .units import (
    GENERAL,
    OTHER,
    OURS,
    Addressee,
    UnitMatcher,
    addressee,
    alias_key,
    is_unit_like,
    split_names,
    subject_of,
)
from .upstream import BACKGROUND, CONTENT, ORGANISATION, PURPOSE, UpstreamDoc, UpstreamItem, card_lines, task_items

ONGOING_TEXT = "Thường xuyên"


@dataclass
class DerivedItem:
    """One upstream item and what it becomes in our plan."""

    up: UpstreamItem
    selected: bool
    who: Addressee
    text: str  # our text (editable)
    is_task: bool
    unit_names: list[str] = field(default_factory=list)  # upstream names that say who does it
    lead_unit_id: int | None = None
    unit_ids: list[int] = field(default_factory=list)  # cooperating
    unit_source: str = ""  # "mapping" / "default" / "edited" / "bundle"
    upstream_deadline: Deadline | None = None
    deadline: Deadline | None = None
    deadline_source: str = ""  # "upstream" / "parent" / "none" / "edited"
    children: list[DerivedItem] = field(default_factory=list)
    base_text: str = ""  # the upstream's words as our plan says them, before our deadline is written in

    def __post_init__(self) -> None:
        self.base_text = self.base_text or self.up.text

    def walk(self) -> Iterator[DerivedItem]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def included(self) -> bool:
        """A group is in the plan when any item below it is; a task item when ticked."""
        if self.children:
            return any(c.included for c in self.children) or (self.selected and self.is_task)
        return self.selected


@dataclass
class ReportTask:
    """ "Báo cáo kết quả về … trước ngày …": a report the upstream asks of us."""

    source_key: str
    recipient: str
    upstream_deadline: Deadline | None
    deadline: Deadline | None
    lead_unit_id: int | None
    selected: bool = True

    @property
    def text(self) -> str:
        d = self.deadline
        if d is None:
            return f"Báo cáo kết quả thực hiện về {self.recipient}."
        if d.kind in ("date", "range"):
            return f"Báo cáo kết quả thực hiện về {self.recipient} {d.text}."
        if d.kind == "periodic" and d.text:  # «Định kỳ 6 tháng, năm báo cáo …», as plans write it
            return f"{d.text[:1].upper()}{d.text[1:]} báo cáo kết quả thực hiện về {self.recipient}."
        return f"Báo cáo kết quả thực hiện về {self.recipient} ({_lower_first(d.text)})."


@dataclass
class Ground:
    """A document the upstream itself cites as căn cứ, offered as further grounds."""

    citation: Citation
    directive_id: int | None  # registered already
    selected: bool = False


@dataclass
class TaskSpec:
    title: str
    lead_unit_id: int | None
    unit_ids: list[int]
    deadline: Deadline | None


@dataclass
class DerivedPlan:
    """What the store writes: header, section tree, tasks and upstream links."""

    header: dict[str, Any]
    document: PlanDocument
    links: list[tuple[Node, str]]  # our node → upstream item_key
    tasks: list[tuple[Node, TaskSpec]]
    directive_id: int
    basis_ids: list[int]  # registered directives cited in the căn cứ (upstream first)
    new_grounds: list[Citation]  # grounds to register first, then link
    aliases: dict[str, tuple[str, int]]  # alias_key → (upstream name, our unit id): the confirmed mapping


# -- helpers -------------------------------------------------------------------------------------
def _lower_first(text: str) -> str:
    text = text.strip()
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def short_title(text: str) -> str:
    """A task's title: its text up to the first sentence end (the plan editor's own rule)."""
    return task_title(text)


def sentence_case(heading: str) -> str:
    """``NHIỆM VỤ, GIẢI PHÁP`` → ``Nhiệm vụ, giải pháp``; mixed case is kept."""
    if not heading.isupper():
        return heading
    low = heading.lower()
    return low[:1].upper() + low[1:]


def _issuer_text(issuer: str) -> str:
    return natural_case(clean(issuer).strip())


def issuer_and_subject(up: UpstreamDoc) -> tuple[str, str]:
    """Issuer in running-text case and the trích yếu starting lower case. A trích yếu
    written "của Ban Thường vụ Tỉnh ủy về …" (a Chỉ thị) gives both."""
    subject = natural_case_fragments(up.title or "")  # «HỘI NGHỊ LẦN THỨ BẢY …» from the header
    if not fold(subject).startswith(("hoi nghi", "dai hoi")):
        subject = _lower_first(subject)
    issuer = _issuer_text(up.issuer)
    # «Tỉnh ủy» or «Tỉnh ủy Tuyên Quang» (the header names the province): signed for its Ban Thường vụ
    if up.standing_committee and re.fullmatch(r"(?:tinh|thanh|huyen|quan|thi) uy(?: .+)?|dang uy.*", fold(issuer)):
        issuer = f"Ban Thường vụ {issuer}"
    m = re.match(r"(?i)^của\s+(.+?)\s+(về\s+.+)$", subject)
    if m:
        named = m[1].strip()
        if not issuer or fold(issuer) in fold(named):
            issuer = named
        subject = m[2]
    return issuer, subject


def upstream_citation(up: UpstreamDoc) -> Citation:
    issuer, subject = issuer_and_subject(up)
    return Citation(up.doc_type or "Văn bản", up.number, up.date, issuer, subject)


def upstream_reference(up: UpstreamDoc) -> str:
    """``Kế hoạch số 45-KH/TU, ngày 10/3/2024 của Ban Thường vụ Tỉnh ủy về …``."""
    cite = upstream_citation(up)
    if cite.number:
        return cite.format()
    text = cite.doc_type
    if cite.issuer:
        text += f" của {cite.issuer}"
    if cite.subject:
        text += " " + (cite.subject if fold(cite.subject).startswith("ve ") else f"về {cite.subject}")
    return text


def _short_reference(up: UpstreamDoc) -> str:
    if up.number:
        return f"{up.doc_type} số {up.number}"
    return f"{up.doc_type} của {_issuer_text(up.issuer)}" if up.issuer else (up.doc_type or "văn bản cấp trên")


def replace_deadline_text(text: str, upstream: Deadline | None, ours: Deadline | None) -> str:
    """Write our deadline where the upstream's stood (dates and periods only)."""
    if not (upstream and ours and upstream.text and upstream.due and ours.due):
        return text
    at = text.find(upstream.text)
    if at < 0:
        return text
    new = ours.text
    verb = _DEADLINE_VERB_RE.match(upstream.text)  # «hoàn thành vào tháng 9/2027»: the verb stays
    if verb and not fold(new).startswith(fold(verb[1])):
        new = verb[0] + new
    prefix = text[:at]
    if _OUR_DEADLINE_START_RE.match(new):  # «hoàn thành trong quý III» → «hoàn thành trước ngày …»
        prefix = _DEADLINE_PREPOSITION_RE.sub("", prefix)
    return prefix + new + text[at + len(upstream.text) :]


_DEADLINE_VERB_RE = re.compile(r"(?i)(hoàn thành|xong)\s+")
_OUR_DEADLINE_START_RE = re.compile(r"(?i)(?:trước|từ)\b")
_DEADLINE_PREPOSITION_RE = re.compile(r"(?i)(?<=\s)(?:trong|vào(?: ngày)?|ngày|trước|chậm nhất(?: là)?|tới|đến)\s+$")


# Our own committee named as the subject: in our plan the sentence starts with the work itself.
_OUR_LEVEL_SUBJECT_RE = re.compile(
    r"^(?:cac dang uy (?:xa|phuong|thi tran|cap xa|co so)(?:,\s*(?:xa|phuong|thi tran))*"
    r"|dang uy cac (?:xa|phuong|thi tran)(?:,\s*(?:xa|phuong|thi tran))*"
    r"|cap uy co so|cac cap uy(?: dang)?(?: cac cap)?(?:,\s*to chuc dang)?)\s+(?=\w)"
    r"(?!(?:va|cung|voi|dang)\b)"  # «Các cấp ủy và chính quyền …» is not ours alone: kept as written
)


def without_our_level(text: str) -> str:
    """ "Các đảng ủy xã, phường xây dựng kế hoạch …" → "Xây dựng kế hoạch …" (our plan's voice)."""
    m = _OUR_LEVEL_SUBJECT_RE.match(fold_aligned(nfc(text)))
    if not m:
        return text
    rest = nfc(text)[m.end() :]
    return rest[:1].upper() + rest[1:] if rest else text


def this_document(text: str, up: UpstreamDoc) -> str:
    """«… quán triệt Chỉ thị này đến cán bộ …» copied into our Kế hoạch: «Chỉ thị số 08-CT/TU»
    (in our plan «this» would be our own document)."""
    if not up.number or not up.doc_type:
        return text
    # «Chương trình hành động này» of a Chương trình hành động too
    return re.sub(rf"(?i)\b({re.escape(up.doc_type)}(?: hành động)?) này\b", rf"\1 số {up.number}", text)


_MANY_COMMUNES_RE = re.compile(r"(?i)\b(?:các\s+)?xã,\s*phường(?:,\s*(?:thị trấn|đặc khu))?(?![\w,])")
_BODY_BEFORE_RE = re.compile(
    r"(?i)(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd|hội đồng nhân dân|hđnd|mttq|mặt trận tổ quốc"
    r"|công an|đoàn thể|chính quyền|trên địa bàn|tại|ở|của)\s+$"
)


def our_locality(text: str, issuer_body: str) -> str:
    """The province's words for every commune, in a commune's plan: «UBND các xã, phường rà soát …»
    is «UBND xã rà soát …», «trên địa bàn các xã, phường» is «trên địa bàn xã» — our plan is
    for our commune (or ward) only."""
    m = re.match(r"(?i)^đảng ủy (xã|phường|đặc khu)\b", (issuer_body or "").strip())
    if not m:
        return text
    level = m[1].lower()

    def one(found: re.Match[str]) -> str:
        if not _BODY_BEFORE_RE.search(text[: found.start()]):
            return found[0]  # «các đảng ủy xã, phường» is read elsewhere; a list stays as written
        return level

    return _MANY_COMMUNES_RE.sub(one, text)


# -- report demands --------------------------------------------------------------------------------
_REPORT_RE = re.compile(
    r"\bbao cao\b[^.;:]{0,120}?\bve\s+(?P<to>(?:ban|thuong truc|tinh uy|thanh uy|huyen uy|quan uy|dang uy|"
    r"van phong|uy ban|cap uy cap tren)\b[^.;]*?)(?=\s+(?:truoc|theo|dinh ky|de|cham nhat|trong)\b|[.;]|$)"
)
# "… báo cáo Ban Thường vụ Tỉnh ủy về kết quả thực hiện": the recipient before "về".
_REPORT_TO_RE = re.compile(
    r"\bbao cao\s+(?P<to>(?:ban thuong vu|thuong truc|tinh uy|thanh uy|huyen uy|quan uy|dang uy)\b[^.;:]{0,80}?)"
    r"\s+ve\s+(?:ket qua|tinh hinh)"
)


def report_demands(item: UpstreamItem) -> list[str]:
    """Recipients of the reports an item asks for ("báo cáo kết quả về Ban Thường vụ …")."""
    text = nfc(item.text)
    folded = fold_aligned(text)
    out = []
    matches = sorted([*_REPORT_RE.finditer(folded), *_REPORT_TO_RE.finditer(folded)], key=lambda m: m.start())
    for m in matches:
        to = text[m.start("to") : m.end("to")].strip(" ,")
        if to.count("(") > to.count(")"):
            close = text.find(")", m.end("to"))
            if 0 <= close < m.end("to") + 80:
                to = text[m.start("to") : close + 1]
        out.append(to)
    return out


# -- the review model -------------------------------------------------------------------------------
@dataclass
class Derivation:
    directive_id: int
    upstream: UpstreamDoc
    profile: OfficeProfile
    matcher: UnitMatcher
    lead_days: int = DEFAULT_LEAD_DAYS
    plan_start: dt.date | None = None
    items: list[DerivedItem] = field(default_factory=list)  # mirrors the upstream content tree
    reports: list[ReportTask] = field(default_factory=list)
    grounds: list[Ground] = field(default_factory=list)
    use_upstream_purpose: bool = False
    mapping: dict[str, int | None] = field(default_factory=dict)  # alias_key(upstream name) → our unit
    mapping_names: dict[str, str] = field(default_factory=dict)  # alias_key → the name as written
    mapping_scores: dict[str, int] = field(default_factory=dict)
    default_unit_id: int | None = None  # the office (Văn phòng): work nobody else is named for
    advisory_name: str = ""  # the upstream's "tham mưu" body: ours leads what no unit is named for
    year: int = 0
    bodies: list[BodySpec] | None = None  # the office's body table (None: the bundled one)

    # -- walking ---------------------------------------------------------------------------------
    def walk(self) -> Iterator[DerivedItem]:
        for item in self.items:
            yield from item.walk()

    def task_items(self) -> list[DerivedItem]:
        return [i for i in self.walk() if i.is_task]

    def find(self, key: str) -> DerivedItem | None:
        return next((i for i in self.walk() if i.up.key == key), None)

    # -- edits (the review screen and the command line call these) --------------------------------
    def set_selected(self, key: str, selected: bool) -> None:
        item = self.find(key)
        if item is None:
            raise KeyError(key)
        for sub in item.walk():
            sub.selected = selected

    def set_mapping(self, upstream_name: str, unit_id: int | None) -> None:
        """Map an upstream unit name to one of ours; every task naming it follows."""
        key = alias_key(upstream_name)
        self.mapping[key] = unit_id
        self.mapping_names.setdefault(key, upstream_name)
        self.mapping_scores[key] = 100
        self.resolve_units()

    def set_units(self, key: str, lead: int | None, cooperating: list[int]) -> None:
        item = self.find(key)
        if item is None:
            raise KeyError(key)
        item.lead_unit_id, item.unit_ids, item.unit_source = lead, [u for u in cooperating if u != lead], "edited"

    def set_deadline(self, key: str, deadline: Deadline | None) -> None:
        item = self.find(key)
        if item is None:
            raise KeyError(key)
        item.deadline, item.deadline_source = deadline, "edited"

    def set_lead_days(self, days: int) -> None:
        self.lead_days = max(0, int(days))
        for item in self.walk():
            if item.is_task and item.deadline_source in ("upstream", "parent", "bundle"):
                auto = replace_deadline_text(item.base_text, item.upstream_deadline, item.deadline)
                item.deadline = derive_deadline(item.upstream_deadline, self.lead_days, self.plan_start)
                if item.text == auto:
                    item.text = replace_deadline_text(item.base_text, item.upstream_deadline, item.deadline)
                _write_card_deadline(item)
        for r in self.reports:
            if r.upstream_deadline is not None:
                r.deadline = derive_deadline(r.upstream_deadline, self.lead_days, self.plan_start)

    def resolve_units(self) -> None:
        """Lead and cooperating units of every task from its upstream names and the mapping."""
        for item in self.walk():
            if not item.is_task or item.unit_source == "edited":
                continue
            ids: list[int] = []
            for name in item.unit_names:
                uid = self.mapping.get(alias_key(name))
                if uid is not None and uid not in ids:
                    ids.append(uid)
            for uid in self.matcher.own_mentions(item.up.text):
                if uid not in ids:
                    ids.append(uid)
            if ids:
                item.lead_unit_id, item.unit_ids, item.unit_source = ids[0], ids[1:], "mapping"
            elif self.mapping.get(alias_key(self.advisory_name)) is not None:
                lead = self.mapping[alias_key(self.advisory_name)]
                item.lead_unit_id, item.unit_ids, item.unit_source = lead, [], "advisory"
            else:
                item.lead_unit_id, item.unit_ids, item.unit_source = self.default_unit_id, [], "default"

    # -- the draft ---------------------------------------------------------------------------------
    def title(self) -> str:
        return f"Thực hiện {upstream_reference(self.upstream)}"

    def basis_text(self) -> str:
        own = collective(self.profile.issuer_body, self.profile.signer_authority)
        tail = f"{own} xây dựng Kế hoạch triển khai thực hiện như sau:".replace("  ", " ")
        ref = upstream_reference(self.upstream)
        grounds = [g.citation.format() for g in self.grounds if g.selected]
        if grounds:
            return f"Căn cứ {'; '.join(grounds)}; thực hiện {ref}, {tail}"
        return f"Thực hiện {ref}, {tail}"

    def reports_to(self) -> str:
        """Who our plan is reported to: the upstream when it is a Party body; for a State or
        Mặt trận body's document (a UBND tỉnh plan), the Party committee above us — a Party
        committee reports to the Party, not to the State."""
        issuer = self._issuer_today()
        if issuer and is_party_document(self.upstream.number, issuer):
            if not fold(issuer).startswith("ban thuong vu") and any(
                fold(r.recipient).startswith("ban thuong vu") and _names_body(r.recipient, issuer) for r in self.reports
            ):
                # a Chương trình of the Tỉnh ủy (T/M TỈNH ỦY) asking for reports to its Ban Thường vụ: the
                # plan reports there, in Nơi nhận and Tổ chức thực hiện as in its own report item
                return f"Ban Thường vụ {issuer}"
            return issuer
        return superior_committee(self.profile.superior_body) or issuer

    def _issuer_today(self) -> str:
        """The upstream's issuer as it stands on our plan's day: a body ended since (a Huyện ủy
        after 30/6/2025, the Ban Tuyên giáo merged in 2025) is its successor, or nobody — a plan
        of 2026 derived from a district plan of 2024 reported to a body that no longer exists."""
        from ..checks_domain import body_index

        issuer = issuer_and_subject(self.upstream)[0]
        day = self.plan_start or dt.date.today()
        for body, _start, _end in body_index(self.bodies).find(issuer):
            if body.ended_by(day):
                return body.successor
        return issuer

    def recipients(self, unit_ids: list[int]) -> list[str]:
        issuer = self._issuer_today()
        upper = self.reports_to() or "Cấp ủy cấp trên"
        lines = [f"{upper} (để báo cáo),"]
        if issuer and fold(issuer) != fold(upper) and not is_party_document(self.upstream.number, issuer):
            lines.append(f"{issuer} (để biết),")  # a State body's plan: told, not reported to
        for uid in unit_ids:
            name = self.matcher.name(uid)
            if name:
                lines.append(f"{name} (để thực hiện),")
        lines.append(filing_line(self.profile))
        return lines

    def closing(self) -> str:
        own = collective(self.profile.issuer_body, self.profile.signer_authority)
        return (
            f"Trên đây là Kế hoạch của {own} thực hiện {_short_reference(self.upstream)}; "
            "đề nghị các chi bộ, cơ quan, đơn vị triển khai thực hiện nghiêm túc, đúng tiến độ./."
        )

    def build(self) -> DerivedPlan:
        links: list[tuple[Node, str]] = []
        tasks: list[tuple[Node, TaskSpec]] = []

        parent_of: dict[int, Node] = {}

        def mirror(item: DerivedItem) -> Node:
            if item.up.kind == "section":
                node = Node(kind="section", text=item.text)
            else:
                node = Node(kind="bullet", text=item.text)
            links.append((node, item.up.key))
            if item.is_task and item.selected:
                tasks.append(
                    (node, TaskSpec(short_title(item.text), item.lead_unit_id, list(item.unit_ids), item.deadline))
                )
            kept = [c for c in item.children if c.included]
            node.children = [mirror(c) for c in kept]
            for child in node.children:
                parent_of[id(child)] = node
            if item.is_task and item.up.kind == "section":  # a task card: its unit lines name ours
                for c, n in zip(kept, node.children, strict=True):
                    line = self._card_unit_line(item, c)
                    if line:
                        n.text = line
            return node

        content = [mirror(i) for i in self.items if i.included]
        reports = [r for r in self.reports if r.selected]
        if reports:
            section = Node(kind="section", text="Chế độ thông tin, báo cáo")
            for r in reports:
                node = Node(kind="bullet", text=r.text)
                parent_of[id(node)] = section
                links.append((node, r.source_key))
                tasks.append((node, TaskSpec(short_title(r.text), r.lead_unit_id, [], r.deadline)))
                section.children.append(node)
            content.append(section)
        purpose = Node(kind="section", text="MỤC ĐÍCH, YÊU CẦU", role="purpose", children=self._purpose())
        body = Node(kind="section", text="NỘI DUNG", role="content", children=content)
        style = self.profile.numbering_style or "party-dot"
        label_nodes([purpose, body], style)
        organisation = Node(
            kind="section",
            text="TỔ CHỨC THỰC HIỆN",
            role="organisation",
            children=self._organisation(tasks, parent_of, body),
        )
        used: list[int] = []
        for _, spec in tasks:
            for uid in [spec.lead_unit_id, *spec.unit_ids]:
                if uid is not None and uid not in used:
                    used.append(uid)
        if self.default_unit_id is not None and self.default_unit_id not in used:
            used.append(self.default_unit_id)
        p = self.profile
        doc = PlanDocument(
            doc_type="Kế hoạch",
            type_code="KH",
            superior_body=p.superior_body,
            issuer_body=p.issuer_body,
            issuer_code=p.issuer_code,
            place=p.place,
            year=self.year,
            title=self.title(),
            basis=self.basis_text(),
            sections=[purpose, body, organisation],
            closing=self.closing(),
            recipients=self.recipients(used),
            signature=Signature(p.signer_authority, p.signer_title, p.signer_name),
            draft=True,
            numbering_style=p.numbering_style or "party-dot",
        )
        # What the plan writer stores with the items: their tasks and the upstream items they implement.
        for node, spec in tasks:
            node.task = DocTask(spec.lead_unit_id, list(spec.unit_ids), spec.deadline, title=spec.title)
        for node, key in links:
            node.upstream = Upstream(self.directive_id, key)
        header: dict[str, Any] = {  # the header in PlanDocument's names (shown in the review)
            "title": doc.title,
            "year": doc.year,
            "basis": doc.basis,
            "closing": doc.closing,
            "recipients": doc.recipients,
            "numbering_style": doc.numbering_style,
        }
        basis_ids = [self.directive_id] + [
            g.directive_id for g in self.grounds if g.selected and g.directive_id is not None
        ]
        new_grounds = [g.citation for g in self.grounds if g.selected and g.directive_id is None]
        aliases = {key: (self.mapping_names.get(key, key), uid) for key, uid in self.mapping.items() if uid is not None}
        return DerivedPlan(header, doc, links, tasks, self.directive_id, basis_ids, new_grounds, aliases)

    def _card_unit_line(self, card: DerivedItem, line: DerivedItem) -> str:
        """«Đơn vị chủ trì: …» / «Đơn vị phối hợp: …» of a task card with our units ('' when the
        line is another kind, was edited in the review, or names no unit of ours)."""
        found = key_line(line.up.text)
        if found is None or found[0] not in ("lead", "coop") or line.text != line.base_text:
            return ""
        ids = [card.lead_unit_id] if found[0] == "lead" else list(card.unit_ids)
        names = [n for n in (self.matcher.name(uid) for uid in ids if uid is not None) if n]
        if not names and found[0] == "coop" and addressee(line.up.text).verdict == OURS:
            # «Chủ trì: Văn phòng Tỉnh ủy | Phối hợp: Các đảng ủy xã, phường»: our unit leads our
            # part of it, with the upstream's lead — not «phối hợp: các đảng ủy xã» in our own plan
            lead = next((k for c in card.up.children if (k := key_line(c.text)) and k[0] == "lead"), None)
            if lead is not None and lead[1] and addressee(lead[1]).verdict != OURS:
                names = [lead[1].rstrip(" .;")]
        if not names:
            return ""
        head = line.up.text.split(":", 1)[0].strip()
        return f"{head}: {', '.join(names)}."

    def _purpose(self) -> list[Node]:
        if self.use_upstream_purpose:
            part = next((p for p in self.upstream.parts if p.role == PURPOSE), None)
            if part is not None and part.children:

                def copy(item: UpstreamItem) -> Node:
                    kind = "section" if item.kind == "section" else "paragraph"
                    return Node(kind=kind, text=item.text, children=[copy(c) for c in item.children])

                return [copy(c) for c in part.children]
        ref = _short_reference(self.upstream)
        own = _issuer_text(self.profile.issuer_body) or "địa phương"
        return [
            Node(
                kind="section",
                text="Mục đích",
                children=[
                    Node(
                        kind="paragraph",
                        text=f"Cụ thể hóa và tổ chức thực hiện nghiêm túc, hiệu quả {ref} trong {own}; xác định rõ "
                        "nhiệm vụ, đơn vị chủ trì, đơn vị phối hợp và thời hạn hoàn thành.",
                    )
                ],
            ),
            Node(
                kind="section",
                text="Yêu cầu",
                children=[
                    Node(
                        kind="paragraph",
                        text="Các nhiệm vụ được phân công rõ người, rõ việc, rõ thời gian, rõ kết quả, rõ trách "
                        "nhiệm; hoàn thành trước thời hạn cấp trên yêu cầu; bám sát tình hình thực tế của địa "
                        "phương, đơn vị, tránh hình thức.",
                    )
                ],
            ),
        ]

    def _organisation(self, tasks: list[tuple[Node, TaskSpec]], parent_of: dict[int, Node], body: Node) -> list[Node]:
        """One paragraph per unit: the items of II it leads and those it helps with, by number."""
        leads: dict[int, list[Node]] = {}
        helps: dict[int, list[Node]] = {}
        for node, spec in tasks:
            if spec.lead_unit_id is not None:
                leads.setdefault(spec.lead_unit_id, []).append(node)
            for uid in spec.unit_ids:
                helps.setdefault(uid, []).append(node)
        task_nodes = {id(n) for n, _ in tasks}
        body_label = body.label.rstrip(".-") or "II"

        def refs(nodes: list[Node]) -> str:
            groups: dict[int, tuple[Node, list[int]]] = {}
            for n in nodes:
                if n.kind == "section":
                    groups.setdefault(id(n), (n, []))
                    continue
                sec = parent_of.get(id(n))
                if sec is None:
                    continue
                siblings = [c for c in sec.children if id(c) in task_nodes and c.kind != "section"]
                entry = groups.setdefault(id(sec), (sec, []))
                entry[1].append(siblings.index(n) + 1)
            out: list[str | Node] = []  # a Node: its points «a)», «b)» — «mục 1.1 (điểm a, b)»
            points: dict[int, list[str]] = {}
            for sec, ordinals in groups.values():
                label = sec.label.rstrip(".-)") or sec.text[:40]
                above = parent_of.get(id(sec))
                if re.fullmatch(r"[a-zđ]", label) and not ordinals and above is not None and above.label:
                    if id(above) not in points:
                        points[id(above)] = []
                        out.append(above)
                    points[id(above)].append(label)
                    continue
                total = len([c for c in sec.children if id(c) in task_nodes and c.kind != "section"])
                if not ordinals or len(ordinals) == total:
                    out.append(label)
                else:
                    out.append(f"{label} (ý {', '.join(str(o) for o in ordinals)})")
            return ", ".join(
                x if isinstance(x, str) else f"{x.label.rstrip('.-)')} (điểm {', '.join(points[id(x)])})" for x in out
            )

        order = list(dict.fromkeys([*leads, *helps]))
        if self.default_unit_id is not None and self.default_unit_id not in order:
            order.append(self.default_unit_id)
        upper = self.reports_to() or "cấp trên"
        out = []
        for uid in order:
            parts = []
            if leads.get(uid):
                parts.append(f"Chủ trì thực hiện các nội dung tại mục {refs(leads[uid])} phần {body_label}")
            if helps.get(uid):
                parts.append(f"phối hợp thực hiện các nội dung tại mục {refs(helps[uid])} phần {body_label}")
            if uid == self.default_unit_id:
                parts.append(
                    "tham mưu Ban Thường vụ theo dõi, đôn đốc việc thực hiện Kế hoạch; tổng hợp, báo cáo kết quả "
                    f"về {upper} theo quy định"
                )
            text = "; ".join(parts)
            out.append(Node(kind="section", text=f"{self.matcher.name(uid)}: {text[:1].upper()}{text[1:]}."))
        return out


_PARTY_BODY_RE = re.compile(
    r"\b(?:tinh|thanh|huyen|quan|thi|dang|chi) uy\b|\bban bi thu\b|\bbo chinh tri\b|\bban chap hanh trung uong\b"
    r"|\bdang bo\b|\bchi bo\b|\bban thuong vu\b"
)


def is_party_document(number: str, issuer: str) -> bool:
    """A Party body's document: a Party number («45-KH/TU») or, without one, a Party body's name."""
    from ..numbers import try_parse

    parsed = try_parse(number or "")
    if parsed is not None:
        return parsed.style == "party"
    folded = fold(issuer)
    return bool(_PARTY_BODY_RE.search(folded)) and not folded.startswith(("uy ban nhan dan", "hoi dong nhan dan"))


_SUPERIOR_RE = re.compile(r"^đảng bộ (tỉnh|thành phố|huyện|quận|thị xã|khối)\b", re.IGNORECASE)
_COMMITTEE = {"tỉnh": "Tỉnh ủy", "thành phố": "Thành ủy", "huyện": "Huyện ủy", "quận": "Quận ủy", "thị xã": "Thị ủy"}


def superior_committee(superior_body: str) -> str:
    """«ĐẢNG BỘ TỈNH QUẢNG NINH» → «Ban Thường vụ Tỉnh ủy»: the committee our plans report to."""
    name = natural_case(clean(superior_body).strip())
    m = _SUPERIOR_RE.match(name)
    if not m:
        return ""
    level = m[1].lower()
    if level == "khối":
        return f"Ban Thường vụ Đảng ủy Khối{name[m.end() :]}"
    return f"Ban Thường vụ {_COMMITTEE[level]}"


def filing_line(profile: OfficeProfile) -> str:
    """``Lưu Văn phòng Đảng ủy.`` — the profile's own line when it has one."""
    own = getattr(profile, "filing_line", "") or ""
    if own.strip():
        line = own.strip()
        return line if line.endswith(".") else line + "."
    f = fold(profile.issuer_body)
    for words, name in (
        ("dang uy", "Đảng ủy"),
        ("huyen uy", "Huyện ủy"),
        ("quan uy", "Quận ủy"),
        ("thi uy", "Thị ủy"),
        ("thanh uy", "Thành ủy"),
        ("tinh uy", "Tỉnh ủy"),
        ("chi bo", "Chi bộ"),
    ):
        if f.startswith(words):
            return f"Lưu Văn phòng {name}." if name != "Chi bộ" else "Lưu Chi bộ."
    return "Lưu Văn phòng."


# -- building the review model ---------------------------------------------------------------------
def _default_unit(matcher: UnitMatcher) -> int | None:
    for u in matcher.units:
        if fold(u.name).startswith("van phong"):
            return u.id
    return matcher.units[0].id if matcher.units else None


def _is_unit_heading(text: str) -> bool:
    text = text.strip()
    return 1 < len(text.split()) <= 12 and not text.endswith((".", ";", ",", ":")) and is_unit_like(text)


_OWN_ORGANS_RE = re.compile(r"^(?:ban thuong vu|thuong truc|ban chap hanh(?: dang bo)?)\s+")


def _names_body(words: str, issuer: str) -> bool:
    """*words* name the upstream issuer itself or its leadership («Ban Thường vụ Quận ủy» for
    «QUẬN ỦY BA ĐÌNH»), not one of its bans or offices («Ban Tuyên giáo Quận ủy»)."""
    body = fold(issuer).strip()
    name = _OWN_ORGANS_RE.sub("", fold(words).split("(")[0].strip(" ,;:."))
    return bool(body and name) and (body == name or body.startswith(name + " ") or name.startswith(body))


_LEVELS = (
    (4, r"\b(?:trung uong|bo chinh tri|ban bi thu)\b"),
    (3, r"\b(?:tinh uy|dang bo tinh)\b"),
    (2, r"\b(?:huyen uy|quan uy|thi uy|thanh uy)\b"),
    (1, r"\bdang uy (?:xa|phuong|thi tran|dac khu)\b"),
    (0, r"\bchi bo\b"),
)


def _level(words: str) -> int | None:
    """How high the Party body *words* name stands: 0 chi bộ … 4 Trung ương; None when unknown."""
    folded = fold(words).split("(")[0]
    for rank, pattern in _LEVELS:
        if re.search(pattern, folded):
            return rank
    return None


def _above(recipient: str, issuer: str) -> bool:
    """*recipient* is a Party body above the upstream's *issuer* (a commune's plan asking its Văn phòng
    to report to the Tỉnh ủy): the upstream's own report upward, not one asked of us."""
    mine, theirs = _level(issuer), _level(recipient)
    return mine is not None and theirs is not None and theirs > mine


def _upstream_body_own(item: UpstreamItem, issuer: str, standing_committee: bool = False) -> bool:
    """The item is the upstream issuer's own duty: it opens with «<issuer's leadership>: …» or
    sits under a unit heading naming it (III. TỔ CHỨC THỰC HIỆN, «1. Ban Thường vụ Quận ủy»).
    Issuer unknown (a text without its header) but signed «T/M BAN THƯỜNG VỤ»: a heading of its
    Ban Thường vụ or Thường trực is the issuer's."""
    colon = item.text.find(":")
    heads = [item.text[:colon]] if 0 < colon < 120 else []
    heads += [p.text for p in item.ancestors if p.kind == "section" and p.depth > 0 and _is_unit_heading(p.text)]
    if not issuer.strip() and standing_committee:
        return any(_OWN_ORGANS_RE.match(fold(h).strip() + " ") for h in heads)
    return any(_names_body(h, issuer) for h in heads)


def _write_card_deadline(item: DerivedItem) -> None:
    """A task card's «Thời gian hoàn thành: …» line says our deadline, as the task does."""
    if not item.is_task or item.up.kind != "section":
        return
    for child in item.children:
        found = key_line(child.up.text)
        if found is not None and found[0] == "time":
            child.text = replace_deadline_text(child.base_text, item.upstream_deadline, item.deadline)


def _item_deadline(item: UpstreamItem, up: UpstreamDoc) -> tuple[Deadline | None, str]:
    """The item's deadline (or its heading's), read in the upstream's own time."""
    found = up.deadline_in(item.text)
    if found is not None:
        return found, "upstream"
    for parent in item.ancestors:
        if parent.kind == "section" and parent.depth > 0:
            found = up.deadline_in(parent.text)
            if found is not None:
                return found, "parent"
    return None, "none"


# An item that is the report and nothing else: «Báo cáo kết quả …», «Tổng hợp kết quả, báo cáo về …».
_ONLY_REPORT_RE = re.compile(r"^(?:tong hop(?: ket qua)?(?: thuc hien)?,?\s+(?:va\s+)?|gui\s+)?bao cao\b")


def _report_deadline(item: UpstreamItem, up: UpstreamDoc, to: str) -> Deadline | None:
    """When a report is due: what the clause asking for it says («…, hoàn thành trước ngày
    28/02/2026; định kỳ 6 tháng, năm báo cáo kết quả về …» is half-yearly, not 28/02 — the
    day the communes' own plans are due), else the item's deadline."""
    clauses = item.text.split(";")
    if len(clauses) > 1:
        own = next((c for c in clauses if to in c), "")
        found = up.deadline_in(own) if own else None
        if found is not None:
            return found
    return _item_deadline(item, up)[0]


def derive(
    directive: dict[str, Any],
    structure: dict[str, Any] | str | None,
    profile: OfficeProfile,
    matcher: UnitMatcher,
    *,
    lead_days: int = DEFAULT_LEAD_DAYS,
    all_items: bool = False,
    today: dt.date | None = None,
    registered: dict[str, int] | None = None,
    bodies: list[BodySpec] | None = None,
) -> Derivation:
    """Propose our plan for the upstream *directive* (its registry row values and structure).

    *registered* maps document numbers already in the registry to their ids (for the
    upstream's own căn cứ offered as further grounds); *bodies* is the office's body table
    (ended bodies are not reported to), the bundled one when None.
    """
    from .upstream import read_structure

    up = read_structure(structure, directive)
    if not up.parts:
        raise ValueError(
            "Văn bản này chưa có cấu trúc (các mục I, II, 1, 2…) nên chưa cụ thể hóa được. "
            "Hãy nhập lại văn bản từ tệp .docx/.txt/.pdf để chương trình đọc được các mục."
        )
    today = today or dt.date.today()
    year = up.year_for(today)
    own_names = [natural_case(profile.issuer_body)] + [u.name for u in matcher.units]
    d = Derivation(
        directive_id=int(directive["id"]),
        upstream=up,
        profile=profile,
        matcher=matcher,
        lead_days=lead_days,
        plan_start=today,
        default_unit_id=_default_unit(matcher),
        year=year,
        bodies=bodies,
    )
    bundle = {t.key: t for t in up.tasks}
    tasks = {id(i) for i in task_items(up)} | {id(i) for i in up.walk() if i.key in bundle}
    names_seen: dict[str, str] = {}

    def note_name(name: str) -> None:
        name = clean(name).strip(" ,;:")
        if name and is_unit_like(name):
            names_seen.setdefault(alias_key(name), name)

    # Units the upstream names in its TỔ CHỨC THỰC HIỆN: candidates for mentions.
    for part in up.parts:
        if part.role == ORGANISATION:
            for item in part.walk():
                if item is not part:
                    subject = subject_of(item.text)
                    if not subject and item.kind == "section" and _is_unit_heading(item.text):
                        subject = item.text  # "2. Ban Tuyên giáo Quận ủy" with its duties below
                    names = split_names(subject)
                    for name in names:
                        note_name(name)
                    # "Ban Tuyên giáo Huyện ủy: Tham mưu …": its counterpart of ours leads unnamed work.
                    duties = " ".join([item.text, *(c.text for c in item.children[:1])])
                    if names and not d.advisory_name and "tham muu" in fold(duties)[:300]:
                        d.advisory_name = names[0]

    def inherited(item: UpstreamItem, who: Addressee) -> Addressee:
        if who.verdict != GENERAL:
            return who
        for parent in item.ancestors:
            if parent.depth == 0 and up.has_parts:
                break
            pw = addressee(parent.text, own_names)
            if pw.verdict != GENERAL:
                return Addressee(pw.verdict, pw.subject, pw.reason + " (theo mục trên)")
        return who

    def card_addressee(item: UpstreamItem, who: Addressee) -> Addressee:
        """A task card titled by its topic («1- Hội nghị cấp tỉnh») is for whom its lines say:
        ours when one names us; another body's when every line describing the work is
        («Ban Thường vụ Tỉnh ủy tổ chức hội nghị …» above «Thời gian: Trong tháng 3/2026»)."""
        if who.verdict != GENERAL or not card_lines(item):
            return who
        lines = [c for c in item.children if c.kind == "paragraph"]
        found = [addressee(c.text, own_names) for c in lines]
        ours = next((w for w in found if w.verdict == OURS), None)
        if ours is not None:
            return ours
        described = [w for c, w in zip(lines, found, strict=True) if key_line(c.text) is None]
        if described and all(w.verdict == OTHER for w in described):
            return described[0]
        lead = next((k[1] for c in lines if (k := key_line(c.text)) and k[0] == "lead"), "").rstrip(" .;")
        if not described and lead and is_unit_like(lead) and addressee(lead, own_names).verdict != OURS:
            # a row of a task table led by another body («Chủ trì: Văn phòng Tỉnh ủy»), naming us nowhere
            return Addressee(OTHER, lead, f"Việc của «{lead}» (cơ quan khác)")
        return who

    def who_does(item: UpstreamItem) -> Addressee:
        """Whose work the item is: what its text (or the heading above) says, else the unit the
        sender of a bundle made it lead — «Văn phòng Đảng ủy» of the commune is not a chi bộ's
        work (the walk: a chi bộ's draft took the commune's own report to the province, twice)."""
        who = inherited(item, addressee(item.text, own_names))
        bt = bundle.get(item.key)
        if who.verdict != GENERAL or bt is None or not bt.lead_unit:
            return who
        lead = addressee(f"{bt.lead_unit}: thực hiện.", own_names)
        if lead.verdict == OTHER and any(addressee(f"{u}: thực hiện.", own_names).verdict == OURS for u in bt.units):
            return Addressee(OURS, lead.subject, f"Cấp trên giao phối hợp: «{bt.lead_unit}» chủ trì")
        if lead.verdict == OTHER:
            return Addressee(OTHER, lead.subject, f"Cấp trên giao «{bt.lead_unit}» chủ trì (đơn vị của cấp trên)")
        if lead.verdict == OURS:
            return Addressee(OURS, lead.subject, f"Cấp trên giao chủ trì: «{bt.lead_unit}»")
        return who

    def make(item: UpstreamItem) -> DerivedItem:
        who = who_does(item)
        is_task = id(item) in tasks
        if is_task:
            who = card_addressee(item, who)
        selected = all_items or who.verdict != OTHER
        words = our_locality(this_document(item.text, up), profile.issuer_body)
        di = DerivedItem(item, selected, who, words, is_task, base_text=words)
        if is_task and who.verdict == OURS:
            di.text = di.base_text = without_our_level(words)
        if is_task:
            names: list[str] = []
            card = card_lines(item)
            for kind in ("lead", "coop"):  # a task card names its units on lines of their own
                line = key_line(card[kind].text) if kind in card else None
                if line is not None:
                    names += split_names(line[1])
            bt = bundle.get(item.key)
            if bt is not None:
                names += [n for n in [bt.lead_unit, *bt.units] if n]
            if who.subject:
                names += split_names(who.subject)
            folded = fold(item.text)
            for name in list(names_seen.values()):
                if len(fold(name).split()) >= 2 and fold(name) in folded and name not in names:
                    names.append(name)
            if who.verdict == OURS and who.reason.startswith("Giao cho cấp cơ sở"):
                phrase = who.reason.split("«", 1)[1].rstrip("»")
                if phrase not in names:
                    names.append(phrase)
            for n in names:
                note_name(n)
            di.unit_names = [n for n in names if is_unit_like(n)]
            upstream_deadline = bt.deadline if bt is not None and bt.deadline else None
            source = "bundle" if upstream_deadline else ""
            if upstream_deadline is None and "time" in card:
                # the card's «Thời gian: …» line, unless its item states a date of its own
                # («Chậm nhất ngày 20/02/2026» beats «Quý IV/2025 và Quý I/2026»), as the importer reads it
                own = up.deadline_in(item.text)
                timed = up.deadline_in(card["time"].text)
                upstream_deadline = own if own is not None and own.kind in ("date", "range") else timed or own
                source = "upstream" if upstream_deadline is not None else ""
            if upstream_deadline is None:
                upstream_deadline, source = _item_deadline(item, up)
            di.upstream_deadline = upstream_deadline
            di.deadline_source = source
            if upstream_deadline is not None:
                di.deadline = derive_deadline(upstream_deadline, lead_days, today)
                di.text = replace_deadline_text(di.base_text, upstream_deadline, di.deadline)
            else:
                di.deadline = Deadline("ongoing", text=ONGOING_TEXT)
        di.children = [make(c) for c in item.children]
        if is_task and not selected and item.kind == "section":
            for sub in di.walk():  # a card left out: its «Thời gian: …» line goes with it
                sub.selected = False
        _write_card_deadline(di)
        return di

    content_parts = [p for p in up.parts if p.role == CONTENT]
    if up.has_parts and len(content_parts) == 1:
        d.items = [make(c) for c in content_parts[0].children]
    elif up.has_parts:
        d.items = []
        for p in content_parts:
            di = make(p)
            di.text = sentence_case(p.text)
            d.items.append(di)
    else:
        d.items = [make(p) for p in content_parts]

    # The unit mapping: every upstream name met, suggested by fuzzy matching (or as confirmed before).
    for key, name in names_seen.items():
        s = matcher.suggest(name)
        d.mapping[key] = s.unit_id
        d.mapping_names[key] = name
        d.mapping_scores[key] = s.score
    d.resolve_units()

    # Reports the upstream asks of us become tasks of their own.
    seen: set[tuple[str, str]] = set()
    issuer = d._issuer_today()
    sender = d.reports_to() if is_party_document(up.number, issuer) else ""
    relayed = False
    for item in up.walk():
        if item.role == BACKGROUND:
            continue
        others = who_does(item).verdict == OTHER and not all_items
        own_duty = _upstream_body_own(item, up.issuer, up.standing_committee)
        for to in report_demands(item):
            if sender and _above(to, issuer):
                # a commune's plan reaching its chi bộ: «Báo cáo … về Ban Thường vụ Tỉnh ủy» is the commune's
                # own report upward (its Văn phòng's, twice); the chi bộ reports to the body that sent it
                # the plan, once
                if relayed:
                    continue
                relayed = True
                to = sender
            elif others or (own_duty and not _names_body(to, up.issuer)):
                continue  # another body's report; «Ban Thường vụ Quận ủy: … báo cáo Thành ủy»: the upstream's own
            found = _report_deadline(item, up, to)
            if found is None:
                found = Deadline("date", None, dt.date(year, 12, 15), f"trước ngày 15/12/{year}")
                # no deadline written: the usual year-end report; shown in the review to confirm
            ours = derive_deadline(found, lead_days, today)
            mark = (fold(to), ours.text if ours else "")
            if mark in seen:
                continue
            seen.add(mark)
            d.reports.append(ReportTask(item.key, to, found, ours, d.default_unit_id))

    # «5. Các đảng ủy xã, phường báo cáo kết quả … về Ban Thường vụ Tỉnh ủy …»: an item that is only
    # the report is said once, in «Chế độ thông tin, báo cáo» (the draft had it twice).
    reported = {r.source_key for r in d.reports}
    for di in d.walk():
        if di.is_task and di.up.key in reported and _ONLY_REPORT_RE.match(fold(without_our_level(di.up.text))):
            di.selected = False

    # The upstream's own căn cứ, offered as further grounds (unticked).
    numbers = registered or {}
    offered = {up.number}
    for cite in find_citations(up.basis or ""):
        if cite.number and cite.number not in offered:  # once each, though cited again in a subject
            offered.add(cite.number)
            d.grounds.append(Ground(cite, numbers.get(cite.number)))
    return d


def nothing_found(d: Derivation) -> str:
    """What to tell before the draft when no item of the upstream's content was read (a web page
    cut short, a Quyết định of Điều …): the draft's «II. NỘI DUNG» would be empty. '' otherwise."""
    if any(i.included for i in d.items) or any(r.selected for r in d.reports):
        return ""
    ref = _short_reference(d.upstream)
    return (
        f"Chưa nhận ra mục nội dung, nhiệm vụ nào trong {ref} (văn bản nhập vào có thể chưa đủ, "
        "hoặc không chia mục I, II, 1, 2…). Dự thảo vẫn tạo được, phần II. NỘI DUNG để trống để soạn tiếp; "
        "hoặc nhập lại văn bản đầy đủ (tệp .docx, .pdf) rồi cụ thể hóa lại."
    )


def past_deadlines(d: Derivation) -> list[tuple[str, Deadline]]:
    """(what, deadline) of every chosen task and report whose deadline has passed on the day we
    plan: an old upstream (a 2023 plan cụ thể hóa in 2026) carries its dates over unchanged,
    and only the pre-signing check on the draft said so (the walk)."""
    start = d.plan_start or dt.date.today()
    out: list[tuple[str, Deadline]] = []
    for item in d.task_items():
        dl = item.deadline
        if item.selected and dl is not None and dl.due is not None and dl.due < start:
            title = short_title(item.text or item.up.text).replace(dl.text, "").strip(" ,;.:")
            out.append((f"«{shorten(title, 60)}»", dl))
    for r in d.reports:
        dl = r.deadline
        if r.selected and dl is not None and dl.due is not None and dl.due < start:
            out.append((f"báo cáo về {r.recipient}", dl))
    return out


def past_notice(d: Derivation, shown: int = 4) -> str:
    """What the review says of :func:`past_deadlines` before the draft is made; '' when none."""
    past = past_deadlines(d)
    if not past:
        return ""
    start = d.plan_start or dt.date.today()
    named = "; ".join(f"{what} ({dl.text})" for what, dl in past[:shown])
    more = f"; và {len(past) - shown} thời hạn khác" if len(past) > shown else ""
    return (
        f"⚠ {len(past)} thời hạn đã qua (hôm nay là {format_citation_date(start)}): {named}{more}. "
        "Văn bản cấp trên đặt các hạn này từ trước; hãy gõ hạn mới ở cột «Thời hạn» (ô có dấu ⚠) "
        f"trong năm {d.year or start.year}, hoặc «Thường xuyên», hoặc bỏ chọn việc đã xong."
    )


@dataclass
class DeriveSummary:
    """How many upstream task items became our tasks with a unit and a deadline, and which did not.

    Every chosen item becomes a task with a lead unit and a deadline; what differs is where
    they came from: ``unit_named`` — a unit the item names (through the mapping) or the
    user chose; ``unit_advisory`` — nobody named, so the counterpart of the upstream's
    "tham mưu" body; ``unit_defaulted`` — the office (Văn phòng). ``deadline_defaulted``:
    the upstream gives no deadline, ours says «Thường xuyên» (to confirm).
    """

    upstream_tasks: int
    chosen: int
    with_unit_and_deadline: int  # unit named or advisory, and a deadline read from the upstream
    unit_named: list[str]
    unit_advisory: list[str]
    unit_defaulted: list[str]
    deadline_defaulted: list[str]
    not_chosen: list[str]
    reports: int

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def summary(d: Derivation) -> DeriveSummary:
    items = d.task_items()
    chosen = [i for i in items if i.selected]
    named = [i.up.key for i in chosen if i.unit_source in ("mapping", "bundle", "edited")]
    advisory = [i.up.key for i in chosen if i.unit_source == "advisory"]
    full = [
        i
        for i in chosen
        if i.unit_source in ("mapping", "bundle", "edited", "advisory") and i.deadline_source != "none"
    ]
    return DeriveSummary(
        upstream_tasks=len(items),
        chosen=len(chosen),
        with_unit_and_deadline=len(full),
        unit_named=named,
        unit_advisory=advisory,
        unit_defaulted=[i.up.key for i in chosen if i.unit_source == "default"],
        deadline_defaulted=[i.up.key for i in chosen if i.deadline_source == "none"],
        not_chosen=[f"{i.up.key}: {i.who.reason}" for i in items if not i.selected],
        reports=len([r for r in d.reports if r.selected]),
    )


__all__ = [
    "GENERAL",
    "OTHER",
    "OURS",
    "Derivation",
    "DerivedItem",
    "DerivedPlan",
    "Ground",
    "ReportTask",
    "TaskSpec",
    "derive",
    "nothing_found",
    "past_deadlines",
    "past_notice",
    "summary",
]
