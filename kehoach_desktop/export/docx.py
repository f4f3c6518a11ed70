"""Layout → DOCX with python-docx (imported here only), editable in Word or LibreOffice.

The same :class:`~kehoach_desktop.export.model.Layout` as the PDF: same text, sizes,
margins, columns. Rules are paragraph borders sized to the text (never underline),
the header is a borderless table, the page number a PAGE field from page 2.

Stable entry point::

    render_docx(doc, out_path, profile="party", options=None, progress=None, abort=None) -> ExportResult
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..core.document import PlanDocument
from .compose import compose
from .fonts import FontSet, find_fonts, missing_glyphs, text_width
from .layout_profile import LayoutProfile, load_profile, profile_for
from .model import Columns, Layout, Line, Mark, Para, Rule, TableBlock
from .options import ExportOptions, check_secret
from .result import ExportCancelled, ExportResult

Progress = Callable[[float, str], None]
Abort = Callable[[], bool]

TWIPS_PER_PT = 20


def _el(tag: str, **attrs):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


def _border(paragraph, sides: tuple[str, ...], size_eighths: int = 6, space: int = 1) -> None:
    """Paragraph border (w:pBdr) on *sides*: the rule under a title, or a box."""
    ppr = paragraph._p.get_or_add_pPr()
    bdr = _el("w:pBdr")
    for side in sides:
        bdr.append(_el(f"w:{side}", val="single", sz=size_eighths, space=space, color="000000"))
    # pBdr must come before spacing/ind/jc in pPr (schema order).
    ppr.insert(0, bdr) if not len(ppr) else ppr.insert(_pbdr_index(ppr), bdr)


def _pbdr_index(ppr) -> int:
    from docx.oxml.ns import qn

    before = {
        qn("w:pStyle"),
        qn("w:keepNext"),
        qn("w:keepLines"),
        qn("w:pageBreakBefore"),
        qn("w:framePr"),
        qn("w:widowControl"),
        qn("w:numPr"),
        qn("w:suppressLineNumbers"),
    }
    idx = 0
    for i, child in enumerate(ppr):
        if child.tag in before:
            idx = i + 1
    return idx


def _run_font(run, name: str, size: float, bold=False, italic=False, underline=False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = _el("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{attr}"), name)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline


class _Writer:
    def __init__(self, layout: Layout, fonts: FontSet):
        from docx import Document

        self.layout = layout
        self.fonts = fonts
        # Word on the office PC has Times New Roman; LibreOffice substitutes the metric twin.
        self.font_name = layout.font_family or "Times New Roman"
        self.doc = Document()
        self._page_setup()

    # -- page ---------------------------------------------------------------------------
    def _page_setup(self) -> None:
        from docx.enum.section import WD_ORIENT
        from docx.shared import Pt

        lay = self.layout
        sec = self.doc.sections[0]
        w, h = lay.page_size
        sec.orientation = WD_ORIENT.LANDSCAPE if w > h else WD_ORIENT.PORTRAIT
        sec.page_width, sec.page_height = Pt(w), Pt(h)
        sec.top_margin, sec.bottom_margin = Pt(lay.margins["top"]), Pt(lay.margins["bottom"])
        sec.left_margin, sec.right_margin = Pt(lay.margins["left"]), Pt(lay.margins["right"])
        pn = lay.page_numbers
        # Same baseline as the PDF's page number: header top + ascent (0.891 em for Times New Roman).
        sec.header_distance = Pt(max(0.0, pn.from_top + 0.35 * pn.size - 0.891 * pn.size))
        sec.footer_distance = Pt(lay.margins["bottom"] / 2)
        if lay.mirror:
            # Word's mirror margins: "left" becomes the inside (binding) margin on both sides.
            self.doc.settings.element.append(_el("w:mirrorMargins"))
        normal = self.doc.styles["Normal"]
        normal.font.name = self.font_name
        normal.font.size = Pt(14)
        rpr = normal.element.get_or_add_rPr()
        from docx.oxml.ns import qn

        fonts_el = rpr.find(qn("w:rFonts"))
        if fonts_el is None:
            fonts_el = _el("w:rFonts")
            rpr.insert(0, fonts_el)
        for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts_el.set(qn(f"w:{attr}"), self.font_name)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)
        self._heading_styles()
        if pn.show:
            sec.different_first_page_header_footer = not pn.first_page
            para = sec.header.paragraphs[0]
            para.alignment = 1
            self._field(para, "PAGE", pn.size)
            sec.first_page_header.paragraphs[0].text = ""

    def _heading_styles(self) -> None:
        """Word's Heading 1…9 carry the plan's headings (navigation pane, table of contents)
        but must look like the official text: the template's blue theme font, colour and
        spacing go; each paragraph then sets its own size, bold, italic and spacing."""
        from docx.oxml.ns import qn
        from docx.shared import Pt, RGBColor

        for level in range(1, 10):
            style = self.doc.styles[f"Heading {level}"]
            style.font.name = self.font_name
            style.font.size = Pt(14)
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.font.bold = False
            style.font.italic = False
            rpr = style.element.get_or_add_rPr()
            fonts_el = rpr.find(qn("w:rFonts"))
            if fonts_el is None:
                fonts_el = _el("w:rFonts")
                rpr.insert(0, fonts_el)
            for attr in list(fonts_el.attrib):
                if attr.endswith("Theme"):
                    del fonts_el.attrib[attr]
            for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
                fonts_el.set(qn(f"w:{attr}"), self.font_name)
            fmt = style.paragraph_format
            fmt.space_before = Pt(0)
            fmt.space_after = Pt(0)
            fmt.keep_with_next = True

    def _field(self, paragraph, instr: str, size: float) -> None:
        for kind, text in (("begin", None), ("instr", instr), ("separate", None), ("text", "2"), ("end", None)):
            run = paragraph.add_run()
            _run_font(run, self.font_name, size)
            if kind == "instr":
                el = _el("w:instrText")
                el.text = f" {text} "
                el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                run._r.append(el)
            elif kind == "text":
                run.text = text
            else:
                run._r.append(_el("w:fldChar", fldCharType=kind))

    # -- blocks ---------------------------------------------------------------------
    def _para(
        self,
        container,
        text: str,
        size: float,
        bold=False,
        italic=False,
        underline=False,
        align="justify",
        first=0.0,
        before=0.0,
        after=0.0,
        leading=0.0,
        keep=False,
        page_break=False,
    ):
        from docx.enum.text import WD_LINE_SPACING
        from docx.shared import Pt

        p = container.add_paragraph()
        fmt = p.paragraph_format
        p.alignment = {"justify": 3, "center": 1, "left": 0, "right": 2}[align]
        fmt.first_line_indent = Pt(first) if first else None
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)
        if leading:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(leading)
        fmt.keep_with_next = keep or None
        fmt.widow_control = True
        if page_break:
            fmt.page_break_before = True
        if text:
            _run_font(p.add_run(text), self.font_name, size, bold, italic, underline)
        return p

    def _fit(
        self, p, text: str, size: float, bold: bool, italic: bool, width: float, fraction: float, pad: float = 0.0
    ) -> None:
        """Indent *p* so its border is *fraction* of the text's own width, centred in *width*."""
        from docx.shared import Pt

        tw = min(text_width(text, size, bold, italic, self.fonts), width) * fraction + 2 * pad
        side = max(0.0, (width - tw) / 2)
        p.paragraph_format.left_indent = Pt(side)
        p.paragraph_format.right_indent = Pt(side)

    def line(self, cell, ln: Line, width: float, first: bool) -> None:
        from docx.shared import Pt

        p = cell.paragraphs[0] if first else cell.add_paragraph()
        p.alignment = {"center": 1, "left": 0, "right": 2, "justify": 3}[ln.align]
        p.paragraph_format.space_before = Pt(ln.space_before)
        if ln.hang:
            p.paragraph_format.left_indent = Pt(ln.hang)
            p.paragraph_format.first_line_indent = Pt(-ln.hang)
        if ln.text:
            _run_font(p.add_run(ln.text), self.font_name, ln.size, ln.bold, ln.italic, ln.underline)
        if ln.box:
            _border(p, ("top", "left", "bottom", "right"), 8, 2)
            self._fit(p, ln.text, ln.size, ln.bold, ln.italic, width, 1.0, pad=6)
        elif ln.rule:
            # The rule is its own 1-pt paragraph with a top border, indented to the text's
            # width: a border on the text paragraph itself would force a wrap in LibreOffice.
            from docx.enum.text import WD_LINE_SPACING

            q = cell.add_paragraph()
            q.paragraph_format.space_before = Pt(1)
            q.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            q.paragraph_format.line_spacing = Pt(1)
            _border(q, ("top",), 6, 0)
            self._fit(q, ln.text, ln.size, ln.bold, ln.italic, width, ln.rule)

    def columns(self, b: Columns, keep_prev_para) -> None:
        from docx.shared import Pt

        width = self.layout.text_width
        lw = width * b.left_fraction
        table = self.doc.add_table(rows=1, cols=2)
        table.autofit = False
        table.alignment = 1
        self._no_borders(table)
        row = table.rows[0]
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(_el("w:cantSplit"))
        for k, (cell, w, lines) in enumerate(((row.cells[0], lw, b.left), (row.cells[1], width - lw, b.right))):
            table.columns[k].width = Pt(w)  # the grid: a fixed table is laid out by it, not by tcW
            cell.width = Pt(w)
            for i, ln in enumerate(lines or [Line("", 1)]):
                self.line(cell, ln, w, i == 0)
            if b.keep_with_previous:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True
        self._cell_margins(table)
        if b.space_before:
            row.cells[0].paragraphs[0].paragraph_format.space_before = Pt(b.space_before)
            row.cells[1].paragraphs[0].paragraph_format.space_before = Pt(b.space_before)
        if b.keep_with_previous and keep_prev_para is not None:
            keep_prev_para.paragraph_format.keep_with_next = True

    def _no_borders(self, table) -> None:
        tbl_pr = table._tbl.tblPr
        borders = _el("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(_el(f"w:{side}", val="nil"))
        tbl_pr.append(borders)

    def _cell_margins(self, table, side: int = 0) -> None:
        tbl_pr = table._tbl.tblPr
        mar = _el("w:tblCellMar")
        for s in ("left", "right"):
            mar.append(_el(f"w:{s}", w=side, type="dxa"))
        tbl_pr.append(mar)
        layout = _el("w:tblLayout", type="fixed")
        tbl_pr.append(layout)

    def table(self, b: TableBlock) -> None:
        from docx.shared import Pt

        width = self.layout.text_width
        table = self.doc.add_table(rows=len(b.rows), cols=len(b.col_widths))
        table.style = self.doc.styles["Table Grid"]
        table.autofit = False
        for c, fraction in enumerate(b.col_widths):
            table.columns[c].width = Pt(width * fraction)
        for r, row in enumerate(b.rows):
            head = r < b.header_rows
            if head:
                row_el = table.rows[r]._tr.get_or_add_trPr()
                row_el.append(_el("w:tblHeader"))
            for c, text in enumerate(row):
                cell = table.rows[r].cells[c]
                cell.width = Pt(width * b.col_widths[c])
                p = cell.paragraphs[0]
                p.alignment = 1 if head and b.header_bold else 0
                if text:
                    _run_font(p.add_run(text), self.font_name, b.size, head and b.header_bold)

    def build(self, progress: Progress | None, abort: Abort | None) -> None:
        from docx.shared import Pt

        lay = self.layout
        last_para = None
        total = max(1, len(lay.blocks))
        for i, b in enumerate(lay.blocks):
            if abort and abort():
                raise ExportCancelled()
            if progress and i % 50 == 0:
                progress(min(0.95, i / total), "Đang ghi DOCX…")
            if isinstance(b, Para):
                last_para = self._para(
                    self.doc,
                    b.text,
                    b.size,
                    b.bold,
                    b.italic,
                    False,
                    b.align,
                    b.first_indent,
                    b.space_before,
                    b.space_after,
                    b.leading,
                    b.keep_with_next,
                    b.page_break_before,
                )
                if b.outline:
                    # The paragraph's own formatting (set above) stays; the style adds the outline level.
                    last_para.style = self.doc.styles[f"Heading {min(b.outline, 9)}"]
            elif isinstance(b, Mark):
                p = self._para(self.doc, b.text, b.size, bold=True, align="center", after=8)
                _border(p, ("top", "left", "bottom", "right"), 8, 2)
                tw = text_width(b.text, b.size, True, False, self.fonts) + 12
                p.paragraph_format.left_indent = Pt(max(0.0, lay.text_width - tw))
                last_para = None
            elif isinstance(b, Rule):
                p = self._para(self.doc, "", 2, before=b.space_before, after=b.space_after, leading=2)
                _border(p, ("top",), 6, 0)
                side = lay.text_width * (1 - b.fraction) / 2
                p.paragraph_format.left_indent = Pt(side)
                p.paragraph_format.right_indent = Pt(side)
                last_para = None
            elif isinstance(b, Columns):
                self.columns(b, last_para)
                last_para = None
            elif isinstance(b, TableBlock):
                self.table(b)
                last_para = None
        props = self.doc.core_properties
        # Word's core properties hold at most 255 characters each.
        props.title, props.author, props.subject = lay.title[:255], lay.author[:255], lay.subject[:255]
        props.comments = "KeHoach Desktop"
        props.language = "vi-VN"


def render_layout_docx(
    layout: Layout,
    out_path: str | Path,
    fonts: FontSet | None = None,
    progress: Progress | None = None,
    abort: Abort | None = None,
) -> None:
    writer = _Writer(layout, fonts or find_fonts())
    writer.build(progress, abort)
    writer.doc.save(str(out_path))


def render_docx(
    doc: PlanDocument,
    out_path: str | Path,
    profile: str | LayoutProfile | None = None,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
    abort: Abort | None = None,
    fonts: FontSet | None = None,
) -> ExportResult:
    """Export *doc* to a DOCX with the official layout (same rules as :func:`render_pdf`)."""
    options = options or ExportOptions()
    check_secret(doc, options)
    prof = profile if isinstance(profile, LayoutProfile) else load_profile(profile_for(doc, profile))
    fonts = fonts or find_fonts()
    layout = compose(doc, prof, options)
    warnings = list(layout.warnings)
    missing = missing_glyphs("".join(layout.texts()), fonts)
    if missing:
        warnings.append("Phông chữ không có các ký tự: " + " ".join(f"«{c}» (U+{ord(c):04X})" for c in missing) + ".")
    out_path = Path(out_path)
    tmp = out_path.with_name(out_path.name + ".tmp")
    try:
        render_layout_docx(layout, tmp, fonts, progress, abort)
        tmp.replace(out_path)
    finally:
        tmp.unlink(missing_ok=True)
    if progress:
        progress(1.0, "Xong.")
    return ExportResult(out_path, "docx", None, prof.id, str(prof.get("font.family", "Times New Roman")), warnings)
