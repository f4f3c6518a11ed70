"""Build real .docx files for the importer tests, laid out as offices do.

A borderless two-column header table (issuing body / party title, number / place and
date), the type line and trích yếu in bold, level-1 parts in Word's "Heading 1"
style, numbered headings in bold, a soft line break inside a paragraph, and the
Nơi nhận / signature block as a second two-column table. Text noise of the .txt
samples (``[bookmark: …]``, ``*``, ``| (để)``) does not exist in a Word file and
is removed while building.
"""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

_NOISE = re.compile(r"\[bookmark:[^\]]*\]|\*+")
_ROMAN = re.compile(r"^[IVX]+\s*[.\-–]")
_NUMBERED = re.compile(r"^\d+(?:\.\d+)*\s*[.\-–]")


def _cell_lines(cell, lines: list[tuple[str, bool, bool]]) -> None:
    """(text, bold, italic) lines into a table cell; "\\n" inside a text is a soft break."""
    first = True
    for text, bold, italic in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        parts = text.split("\n")
        for i, part in enumerate(parts):
            run = paragraph.add_run(part)
            run.bold, run.italic = bold, italic
            if i < len(parts) - 1:
                run.add_break()


def build_plan_docx(
    path: Path,
    body_text: str,
    *,
    superior: str | None,
    issuer: str | None,
    number: str | None,
    place_date: str | None,
    recipients: list[str],
    signature: list[str],
    soft_break_after: str | None = None,
) -> Path:
    """*body_text* runs from the type line to the closing paragraph (sample text)."""
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(14)
    header = doc.add_table(rows=1, cols=2)
    left: list[tuple[str, bool, bool]] = []
    if superior:
        left.append((superior, False, False))
    if issuer:
        left.append((issuer, True, False))
    left.append(("*", False, False))
    if number:
        left.append((f"Số {number}", False, False))
    right = [("ĐẢNG CỘNG SẢN VIỆT NAM", True, False)]
    if place_date:
        right.append((place_date, False, True))
    _cell_lines(header.cell(0, 0), left)
    _cell_lines(header.cell(0, 1), right)

    lines = [_NOISE.sub("", line).strip() for line in body_text.split("\n")]
    lines = [line for line in lines if line and not re.fullmatch(r"(?:-\s*){3,}", line)]
    # Type line and trích yếu: centred, bold.
    for text in lines[:2]:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).bold = True
    for text in lines[2:]:
        if _ROMAN.match(text):
            doc.add_paragraph(text, style="Heading 1")
            continue
        p = doc.add_paragraph()
        if soft_break_after and soft_break_after in text:
            head, _, tail = text.partition(soft_break_after)
            run = p.add_run(head + soft_break_after)
            run.add_break()  # a soft line break inside the paragraph
            p.add_run(tail.lstrip())
            continue
        run = p.add_run(text)
        if _NUMBERED.match(text) and len(text) < 160 and not text.rstrip().endswith("."):
            run.bold = True
    end = doc.add_table(rows=1, cols=2)
    _cell_lines(end.cell(0, 0), [("Nơi nhận:", True, True)] + [(f"- {r}", False, False) for r in recipients])
    _cell_lines(end.cell(0, 1), [(line, not line[:1].islower() and line.isupper(), False) for line in signature])
    doc.save(str(path))
    return path


def sample_body(text: str) -> str:
    """The part of a sample from the type line up to (not including) Nơi nhận."""
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    start = text.index("KẾ HOẠCH")
    end = text.index("Nơi nhận")
    return text[start:end]
