"""The reportlab story of a :class:`Layout`: paragraphs, the header columns, tables, the
DỰ THẢO/MẬT marks and rules, with headings kept with what follows.

Imported by :mod:`.pdf` when a PDF is made (reportlab is never loaded at start-up).
"""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from ..core.line_breaks import keep_together
from .fonts import FontSet, register_pdf_fonts, style_name
from .model import Columns, Layout, Line, Mark, Para, Rule, TableBlock

_BLANKS = re.compile(r" {2,}")
_ALIGN = {"justify": 4, "center": 1, "left": 0, "right": 2}


def markup(text: str, underline: bool = False) -> str:
    # Blanks left for a hand-written number or date must survive line filling; no line ends
    # inside «Tỉnh ủy», «Bộ Chính trị», «số 45-KH/TU» (the DOCX keeps plain spaces: Word's
    # Find would not match a no-break space, and the user breaks lines there as she likes).
    text = _BLANKS.sub(lambda m: "\u00a0" * len(m.group()), escape(keep_together(text)))
    return f"<u>{text}</u>" if underline else text


class RuleUnder(Flowable):
    """A line *width* long, centred in the frame (the rule under ĐẢNG CỘNG SẢN VIỆT NAM)."""

    def __init__(self, width: float, thickness: float = 0.6, before: float = 1.0, after: float = 1.0):
        super().__init__()
        self.rule_width, self.thickness, self.before, self.after = width, thickness, before, after

    def wrap(self, avail_w, avail_h):
        self.avail = avail_w
        return avail_w, self.before + self.after + self.thickness

    def draw(self):
        x0 = (self.avail - min(self.rule_width, self.avail)) / 2
        self.canv.setLineWidth(self.thickness)
        y = self.after
        self.canv.line(x0, y, x0 + min(self.rule_width, self.avail), y)


class Boxed(Flowable):
    """Bold text inside a rectangle, centred (or right-aligned) in the frame."""

    def __init__(self, text: str, size: float, font: str, align: str = "center", before: float = 0.0):
        super().__init__()
        self.text, self.size, self.align, self.before = text, size, align, before
        self.font = font
        self.tw = stringWidth(text, self.font, size)
        self.pad = 3.0

    def wrap(self, avail_w, avail_h):
        self.avail = avail_w
        return avail_w, self.size * 1.2 + 2 * self.pad + self.before

    def draw(self):
        w = self.tw + 4 * self.pad
        x0 = (self.avail - w) / 2 if self.align == "center" else self.avail - w
        h = self.size * 1.2 + 2 * self.pad
        self.canv.setLineWidth(0.8)
        self.canv.rect(x0, 0, w, h)
        self.canv.setFont(self.font, self.size)
        self.canv.drawString(x0 + 2 * self.pad, self.pad + self.size * 0.3, self.text)


class StoryBuilder:
    """Paragraph styles (made once per combination) and the flowables of each block kind."""

    def __init__(self, fonts: FontSet):
        self.names = register_pdf_fonts(fonts)
        self.styles: dict[tuple, ParagraphStyle] = {}

    def pstyle(self, size, bold, italic, align, first=0.0, before=0.0, after=0.0, leading=0.0, keep=False, left=0.0):
        key = (size, bold, italic, align, first, before, after, leading, keep, left)
        if key not in self.styles:
            self.styles[key] = ParagraphStyle(
                f"s{len(self.styles)}",
                fontName=self.names[style_name(bold, italic)],
                fontSize=size,
                leading=leading or size * 1.2,
                alignment=_ALIGN[align],
                firstLineIndent=first,
                leftIndent=left,
                spaceBefore=before,
                spaceAfter=after,
                keepWithNext=int(keep),
                allowWidows=0,
                allowOrphans=0,
                splitLongWords=1,
            )
        return self.styles[key]

    def boxed(self, text: str, size: float, align: str = "center", before: float = 0.0) -> Boxed:
        return Boxed(text, size, self.names["bold"], align, before)

    def line_flow(self, ln: Line, width: float) -> list:
        if ln.box:
            return [self.boxed(ln.text, ln.size, "center", ln.space_before)]
        out: list = [
            Paragraph(
                markup(ln.text, ln.underline),
                self.pstyle(
                    ln.size,
                    ln.bold,
                    ln.italic,
                    ln.align,
                    first=-ln.hang,
                    before=ln.space_before,
                    leading=ln.size * 1.2,
                    left=ln.hang,
                ),
            )
        ]
        if ln.rule:
            tw = stringWidth(ln.text, self.names[style_name(ln.bold, ln.italic)], ln.size)
            out.append(RuleUnder(min(tw, width) * ln.rule, before=3.5, after=1.5))  # clear the dấu nặng
        return out

    def columns(self, b: Columns, width: float) -> Table:
        lw = width * b.left_fraction
        rw = width - lw
        cell_l = [f for ln in b.left for f in self.line_flow(ln, lw)] or [Spacer(1, 1)]
        cell_r = [f for ln in b.right for f in self.line_flow(ln, rw)] or [Spacer(1, 1)]
        tbl = Table([[cell_l, cell_r]], colWidths=[lw, rw], hAlign="CENTER")
        tbl.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONT", (0, 0), (-1, -1), self.names["regular"]),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), b.space_before),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return tbl

    def table(self, b: TableBlock, width: float) -> Table:
        rows = []
        for r, row in enumerate(b.rows):
            bold = b.header_bold and r < b.header_rows
            st = self.pstyle(b.size, bold, False, "center" if bold else "left", leading=b.leading or b.size * 1.2)
            rows.append([Paragraph(markup(c), st) for c in row])
        tbl = Table(rows, colWidths=[width * f for f in b.col_widths], repeatRows=b.header_rows)
        tbl.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONT", (0, 0), (-1, -1), self.names["regular"]),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return tbl

    def para(self, b: Para, keep: bool = False) -> Paragraph:
        return Paragraph(
            markup(b.text),
            self.pstyle(
                b.size, b.bold, b.italic, b.align, b.first_indent, b.space_before, b.space_after, b.leading, keep
            ),
        )


def build_story(layout: Layout, fonts: FontSet) -> list[Any]:
    """The flowables of *layout*, in order."""
    make = StoryBuilder(fonts)
    width = layout.text_width
    story: list = []
    headings: list = []  # a run of headings waiting for the paragraph they introduce
    frame_height = layout.page_size[1] - layout.margins["top"] - layout.margins["bottom"]
    layout_leading = max((b.leading for b in layout.blocks if isinstance(b, Para) and b.role == "body"), default=18.0)

    def flush_headings(following: float | None = None) -> None:
        # Keep a heading (or a run of them) with the first lines of what follows — like Word's
        # "keep with next" — instead of platypus' keepWithNext, which moves the whole next
        # paragraph and leaves a half-empty page before a long one.
        if not headings:
            return
        heights = [h.wrap(width, 10_000)[1] + h.style.spaceBefore for h in headings]
        # The run plus three lines of what follows (and its space before): with widows and orphans
        # both refused, a three-line paragraph cannot split, a longer one splits at two lines or more.
        # What follows may be shorter — a one-line «- Các chi bộ … hằng tháng.» — and then only it
        # is asked for (the walk: page 1 ended a quarter empty before a heading and one line).
        # A run taller than most of a page is let go rather than moved whole.
        after = 3 * layout_leading if following is None else min(3 * layout_leading, following)
        need = min(sum(heights), 0.6 * frame_height) + after + 8
        story.append(CondPageBreak(need))
        story.extend(headings)
        headings.clear()

    for b in layout.blocks:
        if isinstance(b, Para) and b.role == "heading" and not b.page_break_before:
            headings.append(make.para(b))
            continue
        if isinstance(b, Para):
            para = make.para(b, b.keep_with_next)
            flush_headings(None if b.keep_with_next else para.wrap(width, 10_000)[1] + para.style.spaceBefore)
            if b.page_break_before:
                story.append(PageBreak())
            story.append(para)
            continue
        flush_headings()
        if isinstance(b, Mark):
            story += [make.boxed(b.text, b.size, b.align), Spacer(1, 8)]
        elif isinstance(b, Rule):
            story.append(RuleUnder(width * b.fraction, b.thickness, b.space_before, b.space_after))
        elif isinstance(b, TableBlock):
            story.append(make.table(b, width))
        elif isinstance(b, Columns):
            flow = make.columns(b, width)
            if b.keep_with_previous and story and isinstance(story[-1], Paragraph):
                # Nơi nhận + signature never start a page alone (pitfalls §9).
                story[-1] = KeepTogether([story[-1], flow])
            elif b.keep_with_previous and story and isinstance(story[-1], KeepTogether):
                story[-1] = KeepTogether([*story[-1]._content, flow])
            else:
                story.append(flow)
    flush_headings()
    return story
