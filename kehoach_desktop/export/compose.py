"""Plan + layout profile → :class:`~kehoach_desktop.export.model.Layout`.

All text is NFC-normalised and stripped of control characters here, so decomposed
input (Unikey "tổ hợp", text pasted from PDFs) yields exactly the same output as
its NFC form.
"""

from __future__ import annotations

import copy as _copy
import re

from ..core.dates import format_place_date
from ..core.document import Node, PlanDocument, Signature
from ..core.numbering import legal_unit
from ..core.numbers import format_number_line
from ..core.text import clean, squash_spaces
from .layout_profile import MM, LayoutProfile
from .model import Columns, Layout, Line, Mark, PageNumbers, Para, Rule, TableBlock
from .options import CopyInfo, ExportOptions


def t(text: str | None) -> str:
    return squash_spaces(clean(text))


def _paragraphs(text: str | None) -> list[str]:
    return [p for p in (t(line) for line in clean(text).split("\n")) if p]


def _upper(text: str) -> str:
    return text.upper()


def _authority(text: str, prof: LayoutProfile) -> str:
    """``T/M BAN THƯỜNG VỤ`` ↔ ``TM. BAN THƯỜNG VỤ`` as the profile writes it."""
    text = t(text)
    for source, target in (prof.get("signature.prefixes") or {}).items():
        if text.upper().startswith(source.upper() + " ") or text.upper() == source.upper():
            return target + text[len(source) :]
    return text


_END_PUNCT = re.compile(r"[\s,;.]+$")


def recipient_lines(items: list[str], prof: LayoutProfile) -> list[str]:
    """Recipients as printed: ``- `` prefix and the profile's line endings."""
    cfg = prof.get("recipients") or {}
    prefix = cfg.get("prefix", "- ")
    lines = [t(x) for x in items if t(x)]
    if not cfg.get("normalize", True):
        return lines
    out = []
    for i, line in enumerate(lines):
        body = _END_PUNCT.sub("", line.lstrip("-–+• ").strip())
        end = cfg.get("last_end", ".") if i == len(lines) - 1 else cfg.get("line_end", ",")
        out.append(f"{prefix}{body}{end}")
    return out


def _signature_lines(sig: Signature, prof: LayoutProfile) -> list[Line]:
    s = prof.get("signature") or {}
    lines = []
    if t(sig.authority):
        lines.append(
            Line(
                _upper(_authority(sig.authority, prof)), s.get("authority_size", 14), bold=s.get("authority_bold", True)
            )
        )
    if t(sig.title):
        lines.append(Line(_upper(t(sig.title)), s.get("title_size", 14), bold=s.get("title_bold", False)))
    gap = float(s.get("gap_lines", 4)) * prof.leading
    name = t(sig.name)
    # An unsigned draft still keeps the space for the signature.
    lines.append(Line(name, s.get("name_size", 14), bold=s.get("name_bold", True), space_before=gap))
    return lines


def _body_para(text: str, prof: LayoutProfile, **kw) -> Para:
    size = kw.pop("size", prof.body_size)
    base = {
        "align": prof.get("body.align", "justify"),
        "first_indent": float(prof.get("font.first_line_indent_mm", 10)) * MM,
        "space_before": float(prof.get("font.space_before_pt", 6)),
        "space_after": float(prof.get("font.space_after_pt", 0)),
        "leading": prof.leading * size / prof.body_size,
    }
    return Para(text, size, **{**base, **kw})


def _ensure_labels(doc: PlanDocument) -> PlanDocument:
    nodes = [n for n in doc.walk() if n.kind in ("section", "bullet")]
    if not nodes or all(n.label for n in nodes):
        return doc
    from ..core.numbering import apply_labels  # plan editor's numbering, same as on screen

    return apply_labels(_copy.deepcopy(doc))


class _Composer:
    def __init__(self, doc: PlanDocument, prof: LayoutProfile, options: ExportOptions):
        self.doc = doc
        self.prof = prof
        self.options = options
        self.blocks: list = []

    # -- header -------------------------------------------------------------------
    def header(self) -> None:
        p, d = self.prof, self.doc
        h = p.get("header") or {}
        draft = d.draft if self.options.draft is None else self.options.draft
        if draft:
            m = p.get("marks") or {}
            self.blocks.append(Mark(t(m.get("draft_text", "DỰ THẢO")), m.get("draft_size", 14)))
        left: list[Line] = []
        sup, iss = h.get("superior_body", {}), h.get("issuer_body", {})
        if t(d.superior_body):
            left.append(Line(_upper(t(d.superior_body)), sup.get("size", 14), sup.get("bold", False)))
        if t(d.issuer_body):
            left.append(
                Line(
                    _upper(t(d.issuer_body)),
                    iss.get("size", 14),
                    iss.get("bold", True),
                    rule=float(h.get("issuer_rule", 0) or 0),
                )
            )
        if h.get("star"):
            left.append(Line(h["star"], sup.get("size", 14)))
        num = h.get("number", {})
        style = num.get("style", p.style)
        number_line = format_number_line(t(d.number), t(d.type_code) or "KH", t(d.issuer_code), style)
        left.append(Line(number_line, num.get("size", 14), num.get("bold", False), num.get("italic", False)))
        marks = p.get("marks") or {}
        if t(d.security).lower() not in ("", "thường"):
            left.append(
                Line(
                    _upper(t(d.security)),
                    marks.get("security_size", 14),
                    bold=True,
                    box=marks.get("box", True),
                    space_before=6,
                )
            )
        if t(d.urgency):
            left.append(
                Line(
                    _upper(t(d.urgency)),
                    marks.get("urgency_size", 14),
                    bold=True,
                    box=marks.get("box", True),
                    space_before=6,
                )
            )
        right: list[Line] = []
        for hl in h.get("heading_lines", []):
            right.append(
                Line(
                    t(hl["text"]),
                    hl.get("size", 14),
                    hl.get("bold", True),
                    hl.get("italic", False),
                    rule=1.0 if hl.get("rule") == "text" else 0.0,
                )
            )
        dl = h.get("date", {})
        right.append(
            Line(
                format_place_date(t(d.place), d.date),
                dl.get("size", 14),
                dl.get("bold", False),
                dl.get("italic", True),
                space_before=float(h.get("gap_mm", 4)) * MM,
            )
        )
        self.blocks.append(Columns(left, right, float(h.get("left_fraction", 0.45)), role="header"))

        ti, su = p.get("title") or {}, p.get("summary") or {}
        doc_type = t(d.doc_type) or "Kế hoạch"
        self.blocks.append(
            Para(
                _upper(doc_type) if ti.get("upper", True) else doc_type,
                ti.get("size", 15),
                bold=ti.get("bold", True),
                align="center",
                space_before=float(ti.get("space_before_pt", 18)),
                role="title",
                leading=ti.get("size", 15) * 1.2,
                keep_with_next=True,
            )
        )
        if t(d.title):
            self.blocks.append(
                Para(
                    t(d.title),
                    su.get("size", 14),
                    bold=su.get("bold", True),
                    italic=su.get("italic", False),
                    align="center",
                    role="summary",
                    leading=p.leading * su.get("size", 14) / p.body_size,
                    keep_with_next=True,
                )
            )
        if su.get("after") == "hyphens" and su.get("hyphens"):
            self.blocks.append(Para(su["hyphens"], p.body_size, align="center", role="separator", leading=p.leading))
        elif su.get("after") == "rule":
            self.blocks.append(Rule(float(su.get("rule_fraction", 0.3)), space_before=5, space_after=6))

    # -- body -----------------------------------------------------------------------
    def node(self, node: Node, depth: int) -> None:
        p = self.prof
        if node.kind == "section" and legal_unit(node.label):
            self.legal_unit(node, depth)
            return
        if node.kind == "section":
            levels = p.get("headings") or [{}]
            st = levels[min(depth, len(levels) - 1)]
            text = t(node.text)
            if st.get("upper"):
                text = _upper(text)
            label = t(node.label)
            # A section with nothing under it ("2. Ban Tuyên giáo: Tham mưu …") is content, not a
            # heading: it may end a page like any paragraph. A numbered whole sentence there
            # ("3. Các chi bộ … trong tháng 01/2026.") is body text: not set bold (issue 16).
            heading = bool(node.children)
            sentence = not heading and len(text) > 60 and text.rstrip().endswith((".", ";", ".)", "./."))
            self.blocks.append(
                _body_para(
                    f"{label} {text}".strip(),
                    p,
                    bold=st.get("bold", False) and not sentence,
                    italic=st.get("italic", False),
                    keep_with_next=heading,
                    role="heading" if heading else "item",
                    outline=depth + 1 if heading else 0,
                )
            )
            for child in node.children:
                self.node(child, depth + 1)
            return
        if node.kind == "table":
            if t(node.text):
                self.blocks.append(
                    _body_para(
                        t(node.text), p, bold=True, align="center", first_indent=0, keep_with_next=True, role="caption"
                    )
                )
            self.table(node)
            return
        texts = _paragraphs(node.text)
        for i, text in enumerate(texts):
            if node.kind == "bullet" and i == 0:
                text = f"{t(node.label) or '-'} {text}"
            self.blocks.append(_body_para(text, p, role=node.kind))
        for child in node.children:
            self.node(child, depth)

    def legal_unit(self, node: Node, depth: int) -> None:
        """«Điều 1. Phạm vi điều chỉnh»: the word, number and title on one line, bold, in the
        title's own case (not capitals); «Chương I» / «Phần thứ nhất» / «Mục 1»: the word and
        number bold in normal case, centred, its name in capitals, bold, on the line below
        (Phụ lục 3 of Hướng dẫn 36-HD/VPTW; issue 18)."""
        p = self.prof
        label, text = t(node.label), t(node.text)
        heading = bool(node.children)
        if legal_unit(label) == "điều":
            # «Điều 3. Giao Văn phòng … thực hiện.» (a Quyết định's whole-sentence article) is body
            # text, as a numbered sentence is; a paragraph has no bold run for its label alone.
            sentence = not heading and len(text) > 60 and text.rstrip().endswith((".", ";", ".)", "./."))
            self.blocks.append(
                _body_para(
                    f"{label} {text}".strip(),
                    p,
                    bold=not sentence,
                    keep_with_next=heading,
                    role="heading" if heading else "item",
                    outline=depth + 1 if heading else 0,
                )
            )
        else:
            self.blocks.append(
                _body_para(
                    label,
                    p,
                    bold=True,
                    align="center",
                    first_indent=0,
                    keep_with_next=True,
                    role="heading",
                    outline=depth + 1,
                )
            )
            if text:
                self.blocks.append(
                    _body_para(
                        _upper(text),
                        p,
                        bold=True,
                        align="center",
                        first_indent=0,
                        keep_with_next=True,
                        role="heading",
                        space_before=0,
                    )
                )
        for child in node.children:
            if legal_unit(label) == "điều":
                self.legal_body(child)
            else:
                self.node(child, depth + 1)

    def legal_body(self, node: Node) -> None:
        """A khoản («1.») or điểm («a)») of an Điều, and what is under it: the body of the
        article, upright and regular like all «Nội dung văn bản» (Phụ lục 3 row 6 of
        36-HD/VPTW) — never the plan's bold or italic heading levels."""
        if node.kind != "section":
            self.node(node, 0)
            return
        self.blocks.append(
            _body_para(f"{t(node.label)} {t(node.text)}".strip(), self.prof, keep_with_next=False, role="item")
        )
        for child in node.children:
            self.legal_body(child)

    def table(self, node: Node) -> None:
        rows = [[t(c) for c in row] for row in node.rows]
        if not rows:
            return
        ncols = max(len(r) for r in rows)
        rows = [r + [""] * (ncols - len(r)) for r in rows]
        widths = [float(w) for w in node.col_widths][:ncols]
        if len(widths) != ncols or sum(widths) <= 0:
            widths = [1.0] * ncols
        total = sum(widths)
        size = float(self.prof.get("table.size", 12))
        self.blocks.append(
            TableBlock(
                rows,
                max(0, min(node.header_rows, len(rows))),
                [w / total for w in widths],
                size,
                bool(self.prof.get("table.header_bold", True)),
                leading=self.prof.leading * size / self.prof.body_size,
            )
        )

    def body(self, sections: list[Node]) -> None:
        for text in _paragraphs(self.doc.basis):
            self.blocks.append(_body_para(text, self.prof, role="basis"))
        for node in sections:
            self.node(node, 0)
        for text in _paragraphs(self.doc.closing):
            self.blocks.append(_body_para(text, self.prof, role="closing"))

    # -- end ------------------------------------------------------------------------
    def signoff(self, recipients: list[str], sig: Signature, role: str = "signoff") -> None:
        p = self.prof
        r = p.get("recipients") or {}
        left: list[Line] = []
        lines = recipient_lines(recipients, p)
        if lines:
            left.append(
                Line(
                    r.get("label", "Nơi nhận:"),
                    r.get("label_size", 14),
                    r.get("label_bold", False),
                    r.get("label_italic", False),
                    underline=r.get("label_underline", False),
                    align="left",
                )
            )
            size = r.get("item_size", 12)
            left += [Line(x, size, align="left", hang=0.6 * size if x.startswith("-") else 0.0) for x in lines]
        right = _signature_lines(sig, p)
        self.blocks.append(
            Columns(
                left, right, float(r.get("left_fraction", 0.45)), role=role, keep_with_previous=True, space_before=6
            )
        )

    def copy_block(self, c: CopyInfo) -> None:
        p = self.prof
        h = p.get("header") or {}
        sup, iss, num = h.get("superior_body", {}), h.get("issuer_body", {}), h.get("number", {})
        self.blocks.append(Rule(1.0, space_before=12, space_after=6))
        left: list[Line] = []
        if t(c.superior_body):
            left.append(Line(_upper(t(c.superior_body)), sup.get("size", 14), sup.get("bold", False)))
        if t(c.issuer_body):
            left.append(
                Line(
                    _upper(t(c.issuer_body)),
                    iss.get("size", 14),
                    iss.get("bold", True),
                    rule=float(h.get("issuer_rule", 0) or 0),
                )
            )
        if h.get("star"):
            left.append(Line(h["star"], sup.get("size", 14)))
        code = (p.get("copy.type_codes") or {}).get(c.kind, "BS")
        style = num.get("style", p.style)
        number = ""
        if t(c.number):
            serial = t(c.number)
            serial = f"{int(serial):02d}" if serial.isdigit() else serial
            number = (
                f"{serial}-{code}/{t(c.issuer_code)}" if style == "party" else f"{serial}/{code}-{t(c.issuer_code)}"
            )
        left.append(Line(format_number_line(number, code, t(c.issuer_code), style), num.get("size", 14)))
        label = (p.get("copy.labels") or {}).get(c.kind, c.kind.upper())
        right = [
            Line(label, float(p.get("copy.label_size", 14)), bold=True),
            Line(
                format_place_date(t(c.place), c.date),
                h.get("date", {}).get("size", 14),
                italic=True,
                space_before=float(h.get("gap_mm", 4)) * MM,
            ),
        ]
        self.blocks.append(
            Columns(left, right, float(h.get("left_fraction", 0.45)), role="copy", keep_with_previous=True)
        )
        if c.recipients or t(c.signature.name) or t(c.signature.title):
            self.signoff(c.recipients, c.signature, role="copy_signoff")

    def appendices(self) -> None:
        apps = self.doc.appendices
        if not apps:
            return
        a = self.prof.get("appendix") or {}
        for i, app in enumerate(apps, 1):
            heading = a.get("heading", "PHỤ LỤC") + (f" {i}" if len(apps) > 1 else "")
            self.blocks.append(
                Para(
                    heading,
                    float(a.get("size", 14)),
                    bold=True,
                    align="center",
                    role="appendix",
                    page_break_before=bool(a.get("new_page", True)),
                    keep_with_next=True,
                    leading=self.prof.leading,
                )
            )
            if t(app.text):
                self.blocks.append(
                    Para(
                        t(app.text),
                        self.prof.body_size,
                        bold=True,
                        align="center",
                        role="appendix_title",
                        keep_with_next=True,
                        leading=self.prof.leading,
                    )
                )
            for child in app.children:
                self.node(child, 1 if child.kind == "section" else 0)


def compose(doc: PlanDocument, prof: LayoutProfile, options: ExportOptions | None = None) -> Layout:
    options = options or ExportOptions()
    doc = _ensure_labels(doc)
    c = _Composer(doc, prof, options)
    c.header()
    sections = doc.sections
    if options.copy and options.copy.kind == "trich_sao" and options.copy.sections is not None:
        keep = set(options.copy.sections)
        sections = [s for i, s in enumerate(doc.sections) if i in keep]
    c.body(sections)
    c.signoff(doc.recipients, doc.signature)
    if options.copy:
        c.copy_block(options.copy)
    c.appendices()

    w, h = prof.page_size
    if doc.landscape:
        w, h = h, w
    pn = prof.get("page_numbers") or {}
    margins = {side: prof.margin(side) for side in ("top", "bottom", "left", "right")}
    number = format_number_line(t(doc.number), t(doc.type_code) or "KH", t(doc.issuer_code), prof.style)
    return Layout(
        blocks=c.blocks,
        page_size=(w, h),
        margins=margins,
        page_numbers=PageNumbers(
            bool(pn.get("show", True)),
            bool(pn.get("first_page", False)),
            float(pn.get("size", 14)),
            float(pn.get("from_top_mm", 10)) * MM,
        ),
        title=f"{t(doc.doc_type) or 'Kế hoạch'} {t(doc.title)}".strip(),
        author=t(doc.issuer_body),
        font_family=str(prof.get("font.family", "Times New Roman")),
        mirror=bool(prof.get("page.mirror_duplex", False)),
        subject=f"{number} — {t(doc.title)}" if t(doc.number) else t(doc.title),
    )
