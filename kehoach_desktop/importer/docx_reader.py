"""Lines of a .docx in reading order: body paragraphs and table cells alike.

Real plans put the header (issuing body / party title, number / place and date)
and the end (Nơi nhận / signature) in borderless two-column tables; cells are read
left to right, row by row, and each line remembers its cell so the parser can tell
the columns apart. Bold, Word heading styles, soft line breaks, automatic list
numbering and runs typed in the old TCVN3/VNI fonts are kept or resolved here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from ..core.text import clean
from .errors import ImportFailure
from .legacy import best_reading, tcvn3_to_unicode, vni_to_unicode
from .textfile import Line, is_page_artefact, is_separator, split_side, strip_noise

_W_P = qn("w:p")
_W_TBL = qn("w:tbl")
_W_R = qn("w:r")
_W_T = qn("w:t")
_W_TAB = qn("w:tab")
_W_BR = qn("w:br")
_W_CR = qn("w:cr")
_W_VAL = qn("w:val")


def _on(element) -> bool:
    """A w:b / w:i toggle: present and not switched off."""
    if element is None:
        return False
    return element.get(_W_VAL) not in ("0", "false", "off")


class _Numbering:
    """Labels of Word's automatic numbering (the number is not in the text)."""

    def __init__(self, document):
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[tuple[str, int], int] = {}
        try:
            numbering = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in numbering.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in node.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    fmt.get(_W_VAL) if fmt is not None else "decimal",
                    text.get(_W_VAL) if text is not None else "%1.",
                    int(start.get(_W_VAL)) if start is not None else 1,
                )
            abstract[node.get(qn("w:abstractNumId"))] = levels
        for num in numbering.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(_W_VAL), {}).items():
                self.formats[(num.get(qn("w:numId")), ilvl)] = spec

    def label(self, paragraph, style=None) -> tuple[str, bool]:
        """(label text to put before the paragraph, is_bullet)."""
        ppr = paragraph.find(qn("w:pPr"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        while numpr is None and style is not None:  # "List Number" styles carry the numbering
            sppr = style.element.find(qn("w:pPr"))
            numpr = sppr.find(qn("w:numPr")) if sppr is not None else None
            style = style.base_style
        if numpr is None:
            return "", False
        num_el, lvl_el = numpr.find(qn("w:numId")), numpr.find(qn("w:ilvl"))
        num_id = num_el.get(_W_VAL) if num_el is not None else None
        ilvl = int(lvl_el.get(_W_VAL)) if lvl_el is not None else 0
        if num_id in (None, "0"):
            return "", False
        spec = self.formats.get((num_id, ilvl))
        if spec is None:
            return "", False
        fmt, pattern, start = spec
        if fmt == "bullet":
            return "", True
        if fmt == "none":
            return "", False
        key = (num_id, ilvl)
        self.counters[key] = self.counters.get(key, start - 1) + 1
        for nid, deeper in list(self.counters):
            if nid == num_id and deeper > ilvl:
                del self.counters[(nid, deeper)]
        label = pattern
        for level in range(ilvl + 1):
            value = self.counters.get((num_id, level), 1)
            level_fmt = self.formats.get((num_id, level), ("decimal", "", 1))[0]
            label = label.replace(f"%{level + 1}", _format_number(value, level_fmt))
        return label + " ", False


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        out, rest = "", value
        for amount, glyph in numerals:
            while rest >= amount:
                out, rest = out + glyph, rest - amount
        return out if fmt == "upperRoman" else out.lower()
    if fmt in ("lowerLetter", "upperLetter"):
        letter = "abcdefghiklmnopqrstuvxy"[(value - 1) % 23]
        return letter if fmt == "lowerLetter" else letter.upper()
    return str(value)


class _Reader:
    def __init__(self, document):
        self.document = document
        self.numbering = _Numbering(document)
        self.styles = {s.style_id: s for s in document.styles}
        self.lines: list[Line] = []
        self.table_count = 0
        self.blank = False

    def _style(self, paragraph):
        ppr = paragraph.find(qn("w:pPr"))
        style_el = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style_id = style_el.get(_W_VAL) if style_el is not None else None
        return self.styles.get(style_id) if style_id else None

    @staticmethod
    def _heading_level(style) -> int:
        name = (style.name or "").lower() if style is not None else ""
        if name.startswith("heading") and name[-1:].isdigit():
            return int(name[-1])
        if name == "title":
            return 0
        return 0

    @staticmethod
    def _style_bold(style) -> bool:
        while style is not None:
            bold = style.font.bold if hasattr(style, "font") else None
            if bold is not None:
                return bool(bold)
            style = style.base_style
        return False

    def paragraph(self, p, cell: tuple[int, int, int] | None) -> None:
        style = self._style(p)
        style_bold = self._style_bold(style)
        heading = self._heading_level(style)
        label, bullet = self.numbering.label(p, style)
        pieces: list[str] = [label]
        bold_chars = plain_chars = 0
        for run in p.iter(_W_R):
            rpr = run.find(qn("w:rPr"))
            bold = style_bold
            font = ""
            if rpr is not None:
                b = rpr.find(qn("w:b"))
                if b is not None:
                    bold = _on(b)
                fonts = rpr.find(qn("w:rFonts"))
                if fonts is not None:
                    font = fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi")) or ""
            text_parts = []
            for child in run:
                if child.tag == _W_T:
                    text_parts.append(child.text or "")
                elif child.tag == _W_TAB:
                    text_parts.append("\t")
                elif child.tag in (_W_BR, _W_CR):
                    text_parts.append("\n")
            text = "".join(text_parts)
            lowered = font.lower()
            if lowered.startswith(".vn"):
                text = tcvn3_to_unicode(text)
                if lowered.endswith("h"):  # ".VnTimeH": the capitals font of TCVN3
                    text = text.upper()
            elif lowered.startswith("vni"):
                text = vni_to_unicode(text)
            visible = len(text.strip())
            if bold:
                bold_chars += visible
            else:
                plain_chars += visible
            pieces.append(text)
        whole = clean("".join(pieces))
        is_bold = bold_chars > 0 and plain_chars == 0
        if not whole.strip():
            self.blank = True  # an empty paragraph: a blank line, as in plain text
            return
        first = True
        for segment in whole.split("\n"):
            text = strip_noise(segment).strip()
            if not text or (cell is None and (is_separator(text) or is_page_artefact(text))):
                continue
            main, side = split_side(text)
            self.lines.append(
                Line(
                    main,
                    bold=is_bold,
                    heading=heading,
                    soft=not first,
                    blank_before=self.blank and first,
                    cell=cell,
                    side=side,
                    bullet=bullet,
                )
            )
            self.blank = False
            first = False

    def table(self, tbl) -> None:
        self.table_count += 1
        table_id = self.table_count
        for r, row in enumerate(tbl.findall(qn("w:tr"))):
            for c, tc in enumerate(row.findall(qn("w:tc"))):
                tcpr = tc.find(qn("w:tcPr"))
                vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
                if vmerge is not None and vmerge.get(_W_VAL) in (None, "continue"):
                    continue  # the text lives in the first cell of the merge
                self.block(tc, (table_id, r, c))

    def block(self, parent, cell: tuple[int, int, int] | None) -> None:
        for child in parent.iterchildren():
            if child.tag == _W_P:
                self.paragraph(child, cell)
            elif child.tag == _W_TBL:
                self.table(child)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self.block(content, cell)


def read_docx(path: Path) -> tuple[list[Line], str]:
    """(lines, encoding note) of a .docx; raises :class:`ImportFailure` when unreadable."""
    try:
        document = Document(str(path))
    except Exception as exc:  # noqa: BLE001 (python-docx raises many kinds for broken packages)
        raise ImportFailure(
            f"Không mở được tệp Word «{path.name}» ({type(exc).__name__}). "
            "Hãy mở tệp bằng Word, lưu lại dạng .docx rồi nhập lại.",
            "unreadable",
        ) from None
    reader = _Reader(document)
    reader.block(document.element.body, None)
    lines = reader.lines
    # Runs without a legacy font name can still hold TCVN3/VNI text.
    joined = "\n".join(line.text for line in lines)
    _, encoding = best_reading(joined)
    if encoding != "unicode":
        convert = tcvn3_to_unicode if encoding == "tcvn3" else vni_to_unicode
        for line in lines:
            line.text = convert(line.text)
            line.side = convert(line.side)
    return lines, encoding


def iter_text(lines: list[Line]) -> Iterator[str]:
    for line in lines:
        yield line.text
