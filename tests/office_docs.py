"""Build a fixture of ``tests/fixtures/derive`` into the forms it arrives in at a commune office.

A fixture is plain text: the header lines (issuing-body column up to «Số …», then the
Party title and place/date), a blank line, the body from the type line, a blank line,
Nơi nhận, a blank line, the signature. Two marks carry what Word keeps and plain text
does not: ``→`` is a tab (``I-→MỤC ĐÍCH``, the way offices space a manual number from
its title) and ``↵`` a soft line break (Shift+Enter: two bullets, or a trích yếu set
over two lines, in one paragraph).

- :func:`build_docx`: python-docx, the header and the Nơi nhận | signature as
  borderless two-column tables, manual numbers in bold, tabs and soft breaks kept;
- :func:`build_pdf`: the same typeset as a text PDF with the bundled font (reportlab);
- :func:`scan`: that PDF rasterised as a scanner gives it (``corpus_render``).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "resources" / "fonts"
_HEADING = re.compile(r"^(?:[IVX]+|\d+(?:\.\d+)*)\s*[.\-]→")


def parts(path: Path) -> tuple[list[str], list[str], list[str], list[str], list[str]]:
    """(left header column, right header column, body, Nơi nhận, signature) of a fixture."""
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    blocks = [b.splitlines() for b in text.strip().split("\n\n")]
    end = next((k for k, b in enumerate(blocks) if b[0].startswith("PHỤ LỤC")), len(blocks))
    header, body, recipients = blocks[0], blocks[1], blocks[2]
    signature = [line for b in blocks[3:end] for line in b]
    split = next(i for i, line in enumerate(header) if line.startswith("Số"))
    return header[: split + 1], header[split + 1 :], body, recipients, signature


def appendix(path: Path) -> list[str]:
    """The Phụ lục after the signature: title lines, then table rows written «a | b | c»."""
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    blocks = [b.splitlines() for b in text.strip().split("\n\n")]
    start = next((k for k, b in enumerate(blocks) if b[0].startswith("PHỤ LỤC")), len(blocks))
    return [line for b in blocks[start:] for line in b]


def plain_text(path: Path) -> str:
    """The fixture as a .txt import sees it: tabs as spaces, soft breaks as line ends."""
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    return text.replace("→", " ").replace("↵", "\n")


def _runs(paragraph, text: str, bold: bool = False, italic: bool = False, underline: bool = False) -> None:
    for i, line in enumerate(text.split("↵")):
        if i:
            paragraph.add_run().add_break()
        for j, piece in enumerate(line.split("→")):
            if j:
                paragraph.add_run().add_tab()
            if piece:
                run = paragraph.add_run(piece)
                run.bold, run.italic, run.underline = bold, italic, underline


def _borderless(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def build_docx(fixture: Path, out: Path) -> Path:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    left, right, body, recipients, signature = parts(fixture)
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(14)
    header = doc.add_table(rows=1, cols=2)
    _borderless(header)
    for cell, lines in ((header.cell(0, 0), left), (header.cell(0, 1), right)):
        for k, line in enumerate(lines):
            p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            bold = line == "ĐẢNG CỘNG SẢN VIỆT NAM" or (lines is left and k == len(lines) - 3)
            _runs(p, line, bold=bold, italic=", ngày" in line, underline=line == "ĐẢNG CỘNG SẢN VIỆT NAM")
    for k, line in enumerate(body):
        p = doc.add_paragraph()
        if k < 3:  # type line, trích yếu, the row of hyphens under it
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _runs(p, line, bold=k < 2)
            continue
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Cm(1)
        _runs(p, line, bold=bool(_HEADING.match(line)) and len(line) < 120)
    end = doc.add_table(rows=1, cols=2)
    _borderless(end)
    for k, line in enumerate(recipients):
        p = end.cell(0, 0).paragraphs[0] if k == 0 else end.cell(0, 0).add_paragraph()
        _runs(p, line, underline=k == 0)
    for k, line in enumerate(signature):
        p = end.cell(0, 1).paragraphs[0] if k == 0 else end.cell(0, 1).add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _runs(p, line, bold=k == 0 or k == len(signature) - 1)
    extra = appendix(fixture)
    if extra:
        doc.add_page_break()
    rows = [line.split(" | ") for line in extra if " | " in line]
    for line in extra:
        if " | " not in line:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _runs(p, line, bold=not line.startswith("("), italic=line.startswith("("))
    if rows:
        table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        table.style = "Table Grid"
        for r, cells in enumerate(rows):
            for c, value in enumerate(cells):
                _runs(table.cell(r, c).paragraphs[0], value, bold=r == 0)
    doc.save(str(out))
    return out


def build_pdf(fixture: Path, out: Path) -> Path:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    for name, file in (("DocSerif", "Regular"), ("DocSerif-B", "Bold"), ("DocSerif-I", "Italic")):
        pdfmetrics.registerFont(TTFont(name, str(FONTS / f"LiberationSerif-{file}.ttf")))
    pdfmetrics.registerFontFamily("DocSerif", normal="DocSerif", bold="DocSerif-B", italic="DocSerif-I")
    body_style = ParagraphStyle("b", fontName="DocSerif", fontSize=13, leading=17, alignment=TA_JUSTIFY)
    body_style.firstLineIndent = 10 * mm
    centre = ParagraphStyle("c", parent=body_style, alignment=TA_CENTER, firstLineIndent=0)
    small = ParagraphStyle("s", parent=body_style, alignment=TA_LEFT, firstLineIndent=0, fontSize=11, leading=13)

    def markup(line: str, bold: bool = False, italic: bool = False) -> str:
        text = line.replace("&", "&amp;").replace("<", "&lt;").replace("↵", "<br/>").replace("→", "&nbsp;" * 3)
        if bold:
            text = f"<b>{text}</b>"
        return f"<i>{text}</i>" if italic else text

    left, right, body, recipients, signature = parts(fixture)
    story = [
        Table(
            [
                [
                    [Paragraph(markup(x, bold=k == len(left) - 3), centre) for k, x in enumerate(left)],
                    [Paragraph(markup(x, bold=x.isupper(), italic=", ngày" in x), centre) for x in right],
                ]
            ],
            colWidths=[75 * mm, 90 * mm],
        )
    ]
    for k, line in enumerate(body):
        if k < 3:
            story.append(Paragraph(markup(line, bold=k < 2), centre))
        else:
            story.append(Paragraph(markup(line, bold=bool(_HEADING.match(line)) and len(line) < 120), body_style))
    story.append(
        Table(
            [
                [
                    [Paragraph(markup(x), small) for x in recipients],
                    [
                        Paragraph(markup(x, bold=k in (0, len(signature) - 1)) or "&nbsp;", centre)
                        for k, x in enumerate(signature)
                    ],
                ]
            ],
            colWidths=[75 * mm, 90 * mm],
        )
    )
    SimpleDocTemplate(
        str(out), pagesize=A4, leftMargin=30 * mm, rightMargin=15 * mm, topMargin=20 * mm, bottomMargin=20 * mm
    ).build(story)
    return out


def scan(pdf: Path, out: Path, seed: int = 7) -> Path:
    """*pdf* as a scanner gives it: an image-only PDF (200 dpi, turned a little, specks)."""
    from tests.corpus_render import _scan

    _scan(pdf, out, seed, png=out.suffix.lower() == ".png")
    return out
