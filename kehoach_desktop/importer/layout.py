"""Lines of a page read by position: PDF text and OCR words alike (issue 16).

A PDF (or a scan after OCR) gives pieces of text with their boxes, not paragraphs
and table cells. This module rebuilds what the .docx reader gets from Word:

- **rows**: pieces whose boxes share a height form one visual row, left to right;
- **the header's two columns**: the first rows of page 1 whose pieces sit on both
  sides of a gap (issuing body and number on the left, Quốc hiệu or the Party title
  and the place/date on the right) become the cells of a two-column table, left
  column first — exactly the lines a .docx header table gives;
- **Nơi nhận and the signature**: from the "Nơi nhận" row on, pieces left of the
  page's middle go to the left column, the others (T/M …, BÍ THƯ, the name) right;
- **paragraphs**: a row that follows a row filled to the right margin and starts
  at the left margin (no first-line indent) continues that paragraph (a soft line
  break); a larger vertical gap counts as a blank line;
- page numbers at the top or the bottom of a page are dropped.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from ..core.folding import fold_aligned as fold
from ..core.text import clean
from .textfile import Line, is_separator


@dataclass
class Run:
    """A piece of text on one line, with its box (y grows downwards)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool = False

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)


@dataclass
class Page:
    width: float
    height: float
    runs: list[Run] = field(default_factory=list)
    fonts: bool = True  # False for OCR: no bold; a centred line counts as a heading instead


@dataclass
class _Row:
    runs: list[Run]

    @property
    def top(self) -> float:
        return min(r.top for r in self.runs)

    @property
    def bottom(self) -> float:
        return max(r.bottom for r in self.runs)

    @property
    def x0(self) -> float:
        return self.runs[0].x0

    @property
    def x1(self) -> float:
        return max(r.x1 for r in self.runs)

    @property
    def height(self) -> float:
        return statistics.median(r.height for r in self.runs)

    @property
    def text(self) -> str:
        return " ".join(r.text for r in self.runs)

    @property
    def bold(self) -> bool:
        letters = [r for r in self.runs if any(ch.isalpha() for ch in r.text)]
        return bool(letters) and all(r.bold for r in letters)


_PAGE_NUMBER_RE = re.compile(r"^[-–—\s]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$", re.IGNORECASE)
_NOI_NHAN_RE = re.compile(r"^noi nhan\b")
_APPENDIX_RE = re.compile(r"^phu luc\b")


def rows_of(page: Page) -> list[_Row]:
    """Visual rows of a page, top to bottom; pieces in a row left to right; without a page
    number alone at the top or the bottom (page furniture)."""
    return [
        row
        for row in _grouped(page.runs)
        if not (_PAGE_NUMBER_RE.match(row.text) and (row.bottom < page.height * 0.1 or row.top > page.height * 0.9))
    ]


def _grouped(runs: list[Run]) -> list[_Row]:
    """*runs* in visual rows, top to bottom; pieces in a row left to right."""
    rows: list[_Row] = []
    bands: list[tuple[float, float]] = []  # each row's first piece: the band others must overlap
    for run in sorted(runs, key=lambda r: (r.top, r.x0)):
        if not run.text.strip():
            continue
        for k in range(len(rows) - 1, max(len(rows) - 4, -1), -1):
            top, bottom = bands[k]
            overlap = min(bottom, run.bottom) - max(top, run.top)
            if overlap >= 0.5 * min(bottom - top, run.height):
                rows[k].runs.append(run)
                break
        else:
            rows.append(_Row([run]))
            bands.append((run.top, run.bottom))
    for row in rows:
        row.runs.sort(key=lambda r: r.x0)
    return rows


def _split_gaps(row: _Row, gap: float) -> list[list[Run]]:
    """The row's pieces grouped where the space between two pieces is wider than *gap*."""
    groups: list[list[Run]] = [[row.runs[0]]]
    for run in row.runs[1:]:
        if run.x0 - groups[-1][-1].x1 > gap:
            groups.append([run])
        else:
            groups[-1].append(run)
    return groups


def _text(runs: list[Run]) -> str:
    from .repair import ocr_fixes

    return ocr_fixes(clean(" ".join(r.text.strip() for r in runs)))


def _speck(text: str) -> bool:
    """OCR's reading of a rule, a stamp's edge or noise: fewer than three letters, or
    more other marks than letters."""
    letters = sum(ch.isalpha() for ch in text)
    return letters < 3 or letters < len(text.strip()) - letters


def _header_rows(rows: list[_Row], page: Page, em: float) -> tuple[int, float | None]:
    """(number of header rows, x of the gap between the header's columns)."""
    gaps, lefts, rights = [], [], []
    for row in rows[:14]:
        groups = _split_gaps(row, 2.5 * em)
        if len(groups) == 2:
            gaps.append((groups[0][-1].x1 + groups[1][0].x0) / 2)
            lefts.append((groups[0][0].x0 + groups[0][-1].x1) / 2)
            rights.append((groups[1][0].x0 + groups[1][-1].x1) / 2)
    if not gaps:
        return 0, None
    boundary = statistics.median(gaps)
    left_centre, right_centre = statistics.median(lefts), statistics.median(rights)
    page_centre = (left_centre + right_centre) / 2
    count = 0
    for row in rows:
        centred = False
        if sum(ch.isalpha() for ch in row.text) < 4 or not any(ch.isupper() for ch in row.text):
            count += 1  # specks or a rule under a column (scans): still the header
            continue
        for run in row.runs:
            if not page.fonts and _speck(run.text):
                continue  # a rule under a column read as "¬Ằằ%._-": decides nothing
            centre = (run.x0 + run.x1) / 2
            nearest_column = min(abs(centre - left_centre), abs(centre - right_centre))
            if abs(centre - page_centre) < nearest_column or (run.x0 < boundary - em and run.x1 > boundary + em):
                centred = True
        if centred:
            break  # the type line or the trích yếu, centred on the page
        count += 1
        if count > 16:
            break
    return count, boundary


def lines_from_pages(pages: list[Page]) -> list[Line]:
    """Lines for the structure parser, in reading order, with cells for the two-column parts."""
    lines = _lines(pages)
    if all(page.fonts for page in pages):
        return lines
    from .repair import clean_ocr_line

    out: list[Line] = []
    roman = 0  # the last part number read ("I." … "V."): an "IL" after "I." is "II."
    for line in lines:
        line.text = clean_ocr_line(
            line.text, header=line.cell is not None and line.cell[0] == 0, signature=line.cell == (1, 0, 1)
        )
        if line.cell is None and not line.soft:
            line.text, roman = _ocr_label(line.text, roman)
        if line.text:
            if out and out[-1].cell is None and line.cell is None:
                head = _wrapped_part_title(out[-1].text, line.text)
                if head is not None:
                    out[-1].text, line.text, line.soft = head[0], head[1], False
            out.append(line)
    return out


# The words a part title (I., II., …) of a plan ends with, as the domain writes them.
_PART_TITLE_ENDS = (
    "MỤC ĐÍCH",
    "YÊU CẦU",
    "NỘI DUNG",
    "TỔ CHỨC THỰC HIỆN",
    "THỰC HIỆN",
    "NHIỆM VỤ",
    "GIẢI PHÁP",
    "TRÁCH NHIỆM",
    "KINH PHÍ",
)
_WRAPPED_TITLE_RE = re.compile(r"^((?:[A-ZĐÀ-Ỹ]+ ){1,3})(\d{1,2}\.(?:\d{1,2}\.)* [A-ZĐÀ-Ỹ][a-zà-ỹđ])")


def _wrapped_part_title(prev: str, text: str) -> tuple[str, str] | None:
    """A part title wrapped over two lines and glued by OCR onto the item below it:
    «II. NỘI DUNG, … THỰC Ã» / «HIỆN 1. Hội nghị …» is the part «… THỰC HIỆN» and the item
    «1. Hội nghị …». Only where the upper-case words before the item's label finish a known
    title ending that the part line began; a one- or two-letter speck left at the end of
    the part line (no title word is that short there) goes."""
    m = _WRAPPED_TITLE_RE.match(text)
    if not m or not _PART_RE.match(prev) or not _is_upper_text(prev):
        return None
    tail = m[1].strip()
    if not _is_upper_text(tail):
        return None
    words = prev.split()
    for drop in (0, 1):
        if drop and (len(words[-1]) > 2 or len(words) < 3):
            break
        kept = " ".join(words[: len(words) - drop])
        joined = f"{kept} {tail}"
        for end in _PART_TITLE_ENDS:
            # The break falls inside the ending: the part line alone does not finish it.
            if joined.endswith(f" {end}") and not kept.endswith(end) and end.endswith(tail):
                return joined, text[len(m[1]) :]
    return None


def _is_upper_text(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


_ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_PART_RE = re.compile(r"^([IVX]{1,4})\.\s+[A-ZĐÀ-Ỹ]{2}")
_PART_MISREAD_RE = re.compile(r"^(?:IL|Il|lI|Ill|IIl|II1|I1)\.?\s+(?=[A-ZĐÀ-Ỹ]{2,}[A-ZĐÀ-Ỹ ,\-]*$)")
# Party style «II- NỘI DUNG»: OCR drops a stroke («I-», «II-» for «III-») or reads «HI-», «Hl-».
_DASH_PART_RE = re.compile(r"^([IVX]{1,4}|HI|Hl|H1|Il|lI|Ill|IIl)\s?[-–]\s*(?=[A-ZĐÀ-Ỹ]{2,}[A-ZĐÀ-Ỹ ,\-]*$)")
_COMMA_LABEL_RE = re.compile(r"^(\d{1,2}), (?=[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?: [a-zà-ỹđ]+){0,8}$)")


def _ocr_label(text: str, roman: int) -> tuple[str, int]:
    """Part and item labels OCR misread at a paragraph's start: "IL NỘI DUNG …" after part I
    is "II." (before any part, "I."); "1, Mục đích" is "1. Mục đích"."""
    m = _PART_RE.match(text) or _DASH_PART_RE.match(text)
    if m:
        # Parts run I, II, III: the number just read again, or one short of it, is a stroke OCR
        # dropped (the scan of a Tỉnh ủy plan gave «I-» and «II-» for «II-» and «III-»), as
        # «HI-» is a misread: each is the next part.
        value = _ROMANS.index(m[1]) + 1 if m[1] in _ROMANS else 0
        if value > roman or roman >= len(_ROMANS) or (value and roman - value > 1):
            return text, value or roman
        sep = "." if m.re is _PART_RE else "-"
        rest = text[m.end(1) :].lstrip()[1:].lstrip()
        return f"{_ROMANS[roman]}{sep} {rest}", roman + 1
    if _PART_MISREAD_RE.match(text) and roman < len(_ROMANS):
        return _PART_MISREAD_RE.sub(f"{_ROMANS[roman]}. ", text, count=1), roman + 1
    return _COMMA_LABEL_RE.sub(r"\1. ", text, count=1), roman


def _lines(pages: list[Page]) -> list[Line]:
    all_rows: list[tuple[int, _Row]] = []
    for number, page in enumerate(pages):
        all_rows.extend((number, row) for row in rows_of(page))
    if not all_rows:
        return []
    em = statistics.median(row.height for _, row in all_rows)
    singles = [row for _, row in all_rows if len(row.runs) >= 1]
    left = statistics.median(sorted(row.x0 for row in singles)[: max(1, len(singles) // 3)])
    right = sorted(row.x1 for row in singles)[int(len(singles) * 0.9)] if singles else 0.0
    centre = (left + right) / 2
    lines: list[Line] = []
    # 1. The header table on page 1.
    first_page_rows = [row for number, row in all_rows if number == 0]
    count, boundary = _header_rows(first_page_rows, pages[0], em)
    if boundary is not None and count:
        columns: list[list[Run]] = [[], []]
        for row in first_page_rows[:count]:
            for run in row.runs:
                columns[0 if (run.x0 + run.x1) / 2 < boundary else 1].append(run)
        for col, runs in enumerate(columns):
            for row in _rows_of_runs(runs):
                lines.append(Line(_text(row.runs), bold=row.bold, cell=(0, 0, col)))
        body_rows = all_rows[count:]
    else:
        body_rows = all_rows
    # 2. The tail: Nơi nhận and the signature side by side.
    tail_at = next((k for k, (_, row) in enumerate(body_rows) if _NOI_NHAN_RE.match(fold(row.text))), None)
    tail_rows: list[tuple[int, _Row]] = []
    if tail_at is not None:
        end = next(
            (k for k in range(tail_at + 1, len(body_rows)) if _APPENDIX_RE.match(fold(body_rows[k][1].text))),
            len(body_rows),
        )
        tail_rows = body_rows[tail_at:end]
        after = body_rows[end:]
        body_rows = body_rows[:tail_at]
    else:
        after = []
    # 3. Body rows as paragraphs' lines. A scan has no fonts: a centred line there is set
    # like a heading (the type line, the trích yếu), so it counts as bold.
    for number, row in body_rows:
        if not pages[number].fonts and row.x0 > left + 2 * em and abs((row.x0 + row.x1) / 2 - centre) < 1.5 * em:
            for run in row.runs:
                run.bold = True
    lines.extend(_body_lines(body_rows, left, right, em))
    if tail_rows:
        number = tail_rows[0][0]
        middle = pages[number].width / 2
        tail_columns: list[list[Run]] = [[], []]
        for _, row in tail_rows:
            for run in row.runs:
                tail_columns[0 if run.x0 < middle - em else 1].append(run)
        for col, runs in enumerate(tail_columns):
            for row in _rows_of_runs(runs):
                lines.append(Line(_text(row.runs), bold=row.bold, cell=(1, 0, col)))
    lines.extend(_body_lines(after, left, right, em))
    return [line for line in lines if line.text]


def _rows_of_runs(runs: list[Run]) -> list[_Row]:
    # Regrouping one column's pieces: the page's furniture is gone already, and a year alone
    # («2024», a place/date wrapped beside the number) is no page number (the walk's PDF).
    return _grouped(runs)


def _body_lines(rows: list[tuple[int, _Row]], left: float, right: float, em: float) -> list[Line]:
    out: list[Line] = []
    previous: _Row | None = None
    previous_page = -1
    pitch = em * 1.35
    rule_before = False
    for number, row in rows:
        text = (
            _text(row.runs)
            if len(_split_gaps(row, 3 * em)) == 1
            else " | ".join(_text(g) for g in _split_gaps(row, 3 * em))
        )
        if is_separator(text):
            # «-----» under the trích yếu (as the .txt reader does): a break, no text of the căn cứ
            rule_before, previous = True, None
            continue
        line = Line(text, bold=row.bold, blank_before=rule_before)
        rule_before = False
        if previous is not None:
            full = previous.x1 >= right - 2.0 * em
            flush = row.x0 <= left + 0.6 * em
            same_page = number == previous_page
            gap = row.top - previous.bottom if same_page else 0.0
            if full and flush and (not same_page or gap < pitch):
                line.soft = True
            elif same_page and gap > max(pitch, em * 1.1):
                line.blank_before = True
        out.append(line)
        previous, previous_page = row, number
    return out
