"""Layout → PDF with reportlab (imported here only, never at application start-up).

Stable entry point for other features (the progress report uses it too)::

    render_pdf(doc, out_path, profile="party", options=None, progress=None, abort=None) -> ExportResult
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from ..core.document import PlanDocument
from .compose import compose
from .fonts import FontSet, find_fonts, missing_glyphs, register_pdf_fonts, style_name
from .model import Columns, Layout, Line, Mark, Para, Rule, TableBlock
from .options import ExportOptions, check_secret
from .profile import LayoutProfile, load_profile, profile_for
from .result import ExportCancelled, ExportResult

Progress = Callable[[float, str], None]
Abort = Callable[[], bool]

_BLANKS = re.compile(r" {2,}")
_ALIGN = {"justify": 4, "center": 1, "left": 0, "right": 2}


def _flowables(layout: Layout, fonts: FontSet):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (
        CondPageBreak,
        Flowable,
        KeepTogether,
        PageBreak,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    names = register_pdf_fonts(fonts)
    styles: dict[tuple, ParagraphStyle] = {}

    def pstyle(size, bold, italic, align, first=0.0, before=0.0, after=0.0, leading=0.0, keep=False, left=0.0):
        key = (size, bold, italic, align, first, before, after, leading, keep, left)
        if key not in styles:
            styles[key] = ParagraphStyle(
                f"s{len(styles)}",
                fontName=names[style_name(bold, italic)],
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
        return styles[key]

    def markup(text: str, underline: bool = False) -> str:
        # Blanks left for a hand-written number or date must survive line filling.
        text = _BLANKS.sub(lambda m: "\u00a0" * len(m.group()), escape(text))
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

        def __init__(self, text: str, size: float, align: str = "center", before: float = 0.0):
            super().__init__()
            self.text, self.size, self.align, self.before = text, size, align, before
            from reportlab.pdfbase.pdfmetrics import stringWidth

            self.font = names["bold"]
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

    def line_flow(ln: Line, width: float) -> list:
        if ln.box:
            return [Boxed(ln.text, ln.size, "center", ln.space_before)]
        out: list = [
            Paragraph(
                markup(ln.text, ln.underline),
                pstyle(
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
            from reportlab.pdfbase.pdfmetrics import stringWidth

            tw = stringWidth(ln.text, names[style_name(ln.bold, ln.italic)], ln.size)
            out.append(RuleUnder(min(tw, width) * ln.rule, before=3.5, after=1.5))  # clear the dấu nặng
        return out

    def columns(b: Columns, width: float):
        lw = width * b.left_fraction
        rw = width - lw
        cell_l = [f for ln in b.left for f in line_flow(ln, lw)] or [Spacer(1, 1)]
        cell_r = [f for ln in b.right for f in line_flow(ln, rw)] or [Spacer(1, 1)]
        tbl = Table([[cell_l, cell_r]], colWidths=[lw, rw], hAlign="CENTER")
        tbl.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONT", (0, 0), (-1, -1), names["regular"]),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), b.space_before),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return tbl

    def table(b: TableBlock, width: float):
        rows = []
        for r, row in enumerate(b.rows):
            bold = b.header_bold and r < b.header_rows
            st = pstyle(b.size, bold, False, "center" if bold else "left", leading=b.leading or b.size * 1.2)
            rows.append([Paragraph(markup(c), st) for c in row])
        tbl = Table(rows, colWidths=[width * f for f in b.col_widths], repeatRows=b.header_rows)
        tbl.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONT", (0, 0), (-1, -1), names["regular"]),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return tbl

    width = layout.text_width
    story: list = []
    headings: list = []  # a run of headings waiting for the paragraph they introduce

    def flush_headings() -> None:
        # Keep a heading (or a run of them) with the first lines of what follows — like Word's
        # "keep with next" — instead of platypus' keepWithNext, which moves the whole next
        # paragraph and leaves a half-empty page before a long one.
        if not headings:
            return
        heights = [h.wrap(width, 10_000)[1] + h.style.spaceBefore for h in headings]
        # The run plus three lines of what follows (and its space before): with widows and orphans
        # both refused, a three-line paragraph cannot split, a longer one splits at two lines or more.
        # A run taller than most of a page is let go rather than moved whole.
        need = min(sum(heights), 0.6 * frame_height) + 3 * layout_leading + 8
        story.append(CondPageBreak(need))
        story.extend(headings)
        headings.clear()

    frame_height = layout.page_size[1] - layout.margins["top"] - layout.margins["bottom"]
    layout_leading = max((b.leading for b in layout.blocks if isinstance(b, Para) and b.role == "body"), default=18.0)
    for b in layout.blocks:
        if isinstance(b, Para) and b.role == "heading" and not b.page_break_before:
            headings.append(
                Paragraph(
                    markup(b.text),
                    pstyle(b.size, b.bold, b.italic, b.align, b.first_indent, b.space_before, b.space_after, b.leading),
                )
            )
            continue
        flush_headings()
        if isinstance(b, Para):
            if b.page_break_before:
                story.append(PageBreak())
            story.append(
                Paragraph(
                    markup(b.text),
                    pstyle(
                        b.size,
                        b.bold,
                        b.italic,
                        b.align,
                        b.first_indent,
                        b.space_before,
                        b.space_after,
                        b.leading,
                        b.keep_with_next,
                    ),
                )
            )
        elif isinstance(b, Mark):
            story += [Boxed(b.text, b.size, b.align), Spacer(1, 8)]
        elif isinstance(b, Rule):
            story.append(RuleUnder(width * b.fraction, b.thickness, b.space_before, b.space_after))
        elif isinstance(b, TableBlock):
            story.append(table(b, width))
        elif isinstance(b, Columns):
            flow = columns(b, width)
            if b.keep_with_previous and story and isinstance(story[-1], Paragraph):
                # Nơi nhận + signature never start a page alone (pitfalls §9).
                story[-1] = KeepTogether([story[-1], flow])
            elif b.keep_with_previous and story and isinstance(story[-1], KeepTogether):
                story[-1] = KeepTogether([*story[-1]._content, flow])
            else:
                story.append(flow)
    flush_headings()
    return story


def _timestamp(created: dt.datetime | None):
    from reportlab.lib.utils import TimeStamp

    ts = TimeStamp(invariant=True)
    when = created or dt.datetime.now(dt.UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    epoch = when.timestamp()
    ts.t, ts.lt = epoch, time.gmtime(epoch)
    ts.YMDhms = tuple(ts.lt)[:6]
    return ts


def render_layout_pdf(
    layout: Layout,
    out_path: str | Path,
    fonts: FontSet | None = None,
    created: dt.datetime | None = None,
    progress: Progress | None = None,
    abort: Abort | None = None,
) -> int:
    """Draw *layout* into *out_path*; returns the number of pages."""
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    fonts = fonts or find_fonts()
    names = register_pdf_fonts(fonts)
    story = _flowables(layout, fonts)
    total = max(1, len(story))
    m = layout.margins
    pn = layout.page_numbers
    page_w = layout.page_size[0]

    def canvasmaker(*args, **kwargs):
        kwargs["invariant"] = 1  # ID from content only: same input, same bytes
        kwargs["initialFontName"] = names["regular"]  # else an unembedded Helvetica is listed
        kwargs["initialFontSize"] = pn.size
        canv = Canvas(*args, **kwargs)
        canv._doc._timeStamp = _timestamp(created)
        canv.setViewerPreference("PrintScaling", "None")  # printed at actual size (pitfalls §8)
        canv.setCreator("KeHoach Desktop")
        return canv

    def number_page(canv, doc):
        page = canv.getPageNumber()
        if pn.show and (page > 1 or pn.first_page):
            canv.setFont(names["regular"], pn.size)
            left, right = (m["right"], m["left"]) if layout.mirror and page % 2 == 0 else (m["left"], m["right"])
            x = left + (page_w - left - right) / 2
            canv.drawCentredString(x, layout.page_size[1] - pn.from_top - pn.size * 0.35, str(page))

    class Doc(BaseDocTemplate):
        done = 0

        def handle_pageBegin(self):
            super().handle_pageBegin()
            if layout.mirror:
                # Duplex: even pages put the wide margin on the right (the binding side of a back page).
                self.frame._x1 = m["right"] if self.page % 2 == 0 else m["left"]
                self.frame._geom()
                self.frame._reset()

        def afterFlowable(self, flowable):
            self.done += 1
            if abort and abort():
                raise ExportCancelled()
            if progress and self.done % 20 == 0:
                progress(min(0.99, self.done / total), f"Đang dàn trang {self.page}…")

    doc = Doc(
        str(out_path),
        pagesize=layout.page_size,
        leftMargin=m["left"],
        rightMargin=m["right"],
        topMargin=m["top"],
        bottomMargin=m["bottom"],
        title=layout.title,
        author=layout.author,
        subject=layout.subject,
        creator="KeHoach Desktop",
        lang="vi-VN",
        invariant=1,
    )

    # A frame without padding: the text block is exactly the page minus the profile's margins
    # (platypus' default 6 pt padding would silently widen every margin).
    def frame(left: float, name: str):
        return Frame(
            left,
            m["bottom"],
            doc.width,
            doc.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=name,
        )

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame(m["left"], "body")], onPage=number_page)])
    doc.build(story, canvasmaker=canvasmaker)
    return doc.page


def render_pdf(
    doc: PlanDocument,
    out_path: str | Path,
    profile: str | LayoutProfile | None = None,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
    abort: Abort | None = None,
    fonts: FontSet | None = None,
) -> ExportResult:
    """Export *doc* to an official-format PDF.

    Raises :class:`~kehoach_desktop.export.options.SecretExportError` for a secret plan
    unless ``options.secret_confirmed``; :class:`ExportCancelled` when *abort* says so.
    """
    options = options or ExportOptions()
    check_secret(doc, options)
    prof = profile if isinstance(profile, LayoutProfile) else load_profile(profile_for(doc, profile))
    fonts = fonts or find_fonts()
    layout = compose(doc, prof, options)
    missing = missing_glyphs("".join(layout.texts()), fonts)
    warnings = list(layout.warnings)
    if missing:
        warnings.append(
            "Phông chữ không có các ký tự: "
            + " ".join(f"«{c}» (U+{ord(c):04X})" for c in missing)
            + ". Chúng sẽ in thành ô trống; hãy sửa lại văn bản."
        )
    out_path = Path(out_path)
    tmp = out_path.with_name(out_path.name + ".tmp")
    try:
        pages = render_layout_pdf(layout, tmp, fonts, options.created, progress, abort)
        tmp.replace(out_path)  # never leave a half-written file under the real name
    finally:
        tmp.unlink(missing_ok=True)
    if progress:
        progress(1.0, "Xong.")
    return ExportResult(out_path, "pdf", pages, prof.id, fonts.display_name, warnings)
