"""The page-independent layout both exporters draw: a list of typed blocks.

:func:`kehoach_desktop.export.compose.compose` turns a plan and a profile into these
blocks once, so the PDF and the DOCX carry exactly the same text, sizes and styles.
Sizes are in points. No reportlab, no python-docx here.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Line:
    """One centred line inside a column (header, signature, copy block)."""

    text: str
    size: float
    bold: bool = False
    italic: bool = False
    underline: bool = False
    align: str = "center"
    rule: float = 0.0  # rule below: 0 none, else this fraction of the text's own width
    box: bool = False  # drawn inside a rectangle (DỰ THẢO, MẬT, KHẨN)
    space_before: float = 0.0
    hang: float = 0.0  # hanging indent: wrapped lines of a "- recipient" start under its text


@dataclass
class Para:
    text: str
    size: float
    bold: bool = False
    italic: bool = False
    align: str = "justify"  # justify / center / left / right
    first_indent: float = 0.0
    space_before: float = 0.0
    space_after: float = 0.0
    leading: float = 0.0
    keep_with_next: bool = False
    role: str = "body"  # title / summary / heading / body / bullet / closing / caption
    page_break_before: bool = False
    outline: int = 0  # a heading of the plan: 1 for I., 2 for 1., … (DOCX: Word's Heading N style)


@dataclass
class Rule:
    """A horizontal line: ``fraction`` of the text width, centred."""

    fraction: float = 1.0
    space_before: float = 6.0
    space_after: float = 6.0
    thickness: float = 0.75


@dataclass
class Columns:
    """A borderless two-column row: header, Nơi nhận + signature, copy block."""

    left: list[Line]
    right: list[Line]
    left_fraction: float
    role: str = "header"  # header / signoff / copy
    keep_with_previous: bool = False
    space_before: float = 0.0


@dataclass
class Mark:
    """A boxed mark on its own line (DỰ THẢO at the top right of page 1)."""

    text: str
    size: float
    align: str = "right"


@dataclass
class TableBlock:
    rows: list[list[str]]
    header_rows: int
    col_widths: list[float]  # fractions of the text width, summing to 1
    size: float
    header_bold: bool = True
    leading: float = 0.0


Block = Line | Para | Rule | Columns | Mark | TableBlock


@dataclass
class PageNumbers:
    show: bool = True
    first_page: bool = False
    size: float = 14.0
    from_top: float = 28.35  # baseline distance from the top edge, pt


@dataclass
class Layout:
    blocks: list[Block]
    page_size: tuple[float, float]
    margins: dict[str, float]  # top/bottom/left/right in pt
    page_numbers: PageNumbers
    title: str = ""
    author: str = ""
    subject: str = ""
    font_family: str = "Times New Roman"  # the name DOCX asks Word for
    mirror: bool = False  # duplex: even pages swap left and right margins (binding side stays wide)
    warnings: list[str] = field(default_factory=list)

    @property
    def text_width(self) -> float:
        return self.page_size[0] - self.margins["left"] - self.margins["right"]

    def texts(self) -> list[str]:
        """Every printed string in drawing order (tests compare this with the files)."""
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, (Para, Mark, Line)):
                out.append(b.text)
            elif isinstance(b, Columns):
                out += [ln.text for ln in b.left] + [ln.text for ln in b.right]
            elif isinstance(b, TableBlock):
                out += [c for row in b.rows for c in row]
        return [t for t in out if t]
