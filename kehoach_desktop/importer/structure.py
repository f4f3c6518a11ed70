"""Recognise the parts of a plan in its lines: header, type and trích yếu, căn cứ,
section tree, closing, Nơi nhận, signature and appendices.

Works on :class:`~.textfile.Line` objects from any reader, so a .docx (two-column
header table, bold or heading-styled titles) and its text extraction (noise
markers, paragraphs broken across blank lines, no header at all) give one result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.citations import unique_references
from ..core.dates import parse_date_or_none
from ..core.document import Signature
from ..core.folding import fold_aligned as fold
from ..core.numbers import NUMBER_IN_TEXT, STATE_TYPE_NAMES, TYPE_NAMES, try_parse
from ..core.recipients import is_filing_line, tidy_name
from ..core.text import squash_spaces
from .labels import match_bullet, match_label
from .model import Paragraph, ParsedDocument, Section
from .repair import drop_page_chrome, join_header_pieces, table_cells
from .textfile import Line, is_separator

# Type lines ("KẾ HOẠCH", "NGHỊ QUYẾT" …) keyed by folded text.
_TYPE_LINES = {fold(name): name for name in {*TYPE_NAMES.values(), *STATE_TYPE_NAMES.values(), "Quy định"}}
_PARTY_TITLE = {"dang cong san viet nam"}
_STATE_TITLE_RE = re.compile(r"^cong hoa xa hoi chu nghia viet nam|^doc lap\s*[-–]?\s*tu do\s*[-–]?\s*hanh phuc")
_NUMBER_LINE_RE = re.compile(r"^s[oố]\s*:?\s*(.*)$", re.IGNORECASE)
# Folded: "Số: …", "Số …", and "Nghị quyết số: 653/2019/UBTVQH14" (the type word first).
_NUMBER_LINE_FOLDED_RE = re.compile(
    r"^(?:(?:nghi quyet|quyet dinh|chi thi|ke hoach|huong dan|ket luan|quy dinh|thong tu|nghi dinh|cong van)\s+)?"
    r"so\s*:?\s*(.*)$"
)
_PLACE_IN_NUMBER_RE = re.compile(r"\s(?P<place>(?:[A-ZÀ-ỸĐ][^\s,]*\s?){1,4}),\s*ng[aà]y\s")
_PLACE_DATE_RE = re.compile(
    r"^(?P<place>[^,]{2,60}),\s*ngay\s+(?P<d>\d{1,2}|[.…_ ]*)\s*thang\s+(?P<m>\d{1,2}|[.…_ ]*)\s*"
    r"nam\s+(?P<y>\d{4})"
)
_COLUMN_SPLIT_RE = re.compile(r"\t+|\s{3,}|\s\|\s")
_CELL_SPLIT_RE = re.compile(r"\t+|\s\|\s")  # the reader's own column marks, not a wide gap
# A place/date line that wrapped before its year ("Cẩm Xuyên, ngày 10 tháng 01 năm" / "2024").
_PLACE_DATE_NO_YEAR_RE = re.compile(r"^[^,]{2,60},\s*ngay\s+.{0,12}thang\s+.{0,12}nam\s*$")
_YEAR_RE = re.compile(r"^(?:19|20)\d{2}$")
_NOI_NHAN_RE = re.compile(r"^noi nhan\b")
_AUTHORITY_RE = re.compile(r"^(?:T\s*/\s*M|TM\.?|K\s*/\s*T|KT\.?|T\s*/\s*L|TL\.?|TUQ\.?|T/UQ|Q\.)\s+\S")
_SIGNED_RE = re.compile(r"^[(\[]?\s*(?:đã ký|da ky|ký tên|ky ten|ký,|ky,|\(?ký và|daky)", re.IGNORECASE)
_APPENDIX_RE = re.compile(r"^PH[UỤ]\s*L[UỤ]C\b")
_APPENDIX_ANY_CASE_RE = re.compile(r"^phu luc(?:\s+(?:\d+|[ivx]+|so\s+\d+)|\s*:|$)")
_CLOSING_RE = re.compile(
    r"^(?:tren day|nhan duoc (?:ke hoach|van ban|huong dan|cong van|chi thi|nghi quyet)"
    r"|(?:de nghi|yeu cau) (?:cac|thu truong cac) (?:cap uy|co quan|don vi|chi bo|dang bo|dong chi|to chuc|so|ban"
    r"|phong|dia phuong|nganh))"
)
# Where the closing starts for sure: "Trên đây là Kế hoạch …", "Nhận được Kế hoạch này …".
# A Party Chỉ thị or Nghị quyết ends «Chỉ thị này được phổ biến đến chi bộ.»
_CLOSING_START_RE = re.compile(
    r"^(?:tren day|nhan duoc (?:ke hoach|van ban|huong dan|cong van|chi thi|nghi quyet)"
    r"|(?:chi thi|nghi quyet|ket luan|quy dinh|huong dan|ke hoach) nay (?:duoc )?(?:pho bien|quan triet) den\b)"
)
# "Ban Thường vụ Đảng ủy yêu cầu các chi bộ … thực hiện Kế hoạch này./.": the body asks, naming this document.
_ASKS_RE = re.compile(r"^[^,.;:]{0,80}?\b(?:de nghi|yeu cau) (?:cac|thu truong|toan the)\b")
_THIS_DOC_RE = re.compile(
    r"\b(?:ke hoach|huong dan|chi thi|nghi quyet|quyet dinh|chuong trinh|cong van|van ban|thong bao) nay\b"
)
# "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, …": said after the closing (or as it).
_DIFFICULTIES_RE = re.compile(r"^trong qua trinh (?:to chuc )?(?:trien khai )?(?:thuc hien|trien khai)\b.{0,60}\bneu\b")
_TERMINAL = (".", ";", ":", "!", "?", "…", "./.", ".”", '."', ".)", ";)")
_NAME_WORD_RE = re.compile(r"^[A-ZÀ-ỸĐ][a-zà-ỹđ]+$")
_GENERIC_BODIES = {"uy ban nhan dan", "hoi dong nhan dan", "uy ban mat tran to quoc viet nam"}
_STATE_BODY_RE = re.compile(r"^(?:tieu ban|ban|so|phong|van phong|uy ban|cuc|vu|chi cuc|trung tam|truong)\b")
_PLACE_WORD_RE = re.compile(r"^(?:tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran)\b")
# A Party committee's organ («BAN TUYÊN GIÁO», «VĂN PHÒNG», «ỦY BAN KIỂM TRA») under its committee.
_PARTY_ORGAN_RE = re.compile(r"^(?:ban|van phong|uy ban kiem tra|trung tam)\b")
_PARTY_COMMITTEE_LINE_RE = re.compile(r"^(?:dang uy|tinh uy|thanh uy|huyen uy|quan uy|thi uy|chi bo)\b")
_TITLE_STARTS = ("can cu", "thuc hien ", "theo ", "trien khai ", "kinh gui")


def _is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _is_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 6 and all(_NAME_WORD_RE.match(w) for w in words)


_TYPE_LINES_NOSPACE = {key.replace(" ", ""): name for key, name in _TYPE_LINES.items()}


def _type_of_line(line: Line) -> str | None:
    """ "KẾ HOẠCH" alone on its line (any case: TCVN3 headings convert to lower case;
    an OCR'd "K ÉT LUẬN" with a stray space inside is the same line)."""
    text = line.text.strip().rstrip(":.-–— ")
    folded = fold(squash_spaces(text))
    name = _TYPE_LINES.get(folded)
    if name is None and len(text) <= 24 and _is_upper(text):
        name = _TYPE_LINES_NOSPACE.get(folded.replace(" ", ""))
    if name is None and folded == "chuong trinh hanh dong":
        # «CHƯƠNG TRÌNH HÀNH ĐỘNG» / «thực hiện Nghị quyết …»: a Chương trình (CTr); «HÀNH ĐỘNG» is
        # not the start of its trích yếu
        name = "Chương trình"
    return name


# -- paragraphs --------------------------------------------------------------------
@dataclass
class _Block:
    text: str
    line: Line  # the first line (layout hints)


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_TERMINAL)


def _starts_lower(text: str) -> bool:
    first = text.lstrip("“\"'«(")[:1]
    return first.isalpha() and first.islower()


# "Đơn vị chủ trì: …", "Đơn vị phối hợp: …", "Thời gian thực hiện: …" start lines of their own.
_KEY_LINE_RE = re.compile(r"^(?:(?:don vi|co quan|bo phan) )?(?:chu tri|phoi hop)\s*:|^thoi (?:gian|han)[a-z ]{0,14}:")


# A line cut after a word that needs what follows: "số", "ngày", "tại", "theo", "của" …
_CONTINUED_RE = re.compile(r"(?:\b(?:s[oố]|ng[aà]y|t[aạ]i|theo|c[uủ]a|v[eề]|th[aá]ng|n[aă]m|và|đến)|[,(])\s*$", re.I)


# Part titles a wrapped heading may be cut from ("III. TỔ CHỨC THỰC" + "HIỆN").
_PART_TITLES = (
    "muc dich, yeu cau",
    "muc dich - yeu cau",
    "muc dich va yeu cau",
    "muc tieu, yeu cau",
    "to chuc thuc hien",
    "nhiem vu, giai phap",
    "nhiem vu va giai phap",
    "nhiem vu, giai phap chu yeu",
    "noi dung, nhiem vu",
    "noi dung va nhiem vu",
    "noi dung, tien do, phan cong trach nhiem thuc hien",
    "noi dung va thoi gian thuc hien",
    "tien do thuc hien",
    "kinh phi thuc hien",
)


def _heading_goes_on(head: str, text: str) -> bool:
    """An upper-case part title wrapped over two lines: "I. MỤC ĐÍCH," + "YÊU CẦU", "III. TỔ CHỨC
    THỰC" + "HIỆN" (issue 16) — the next line is upper case and short, and the title was cut
    after a comma or dash, or in the middle of a part title; "I. NỘI DUNG" + "NHIỆM VỤ TRỌNG
    TÂM" stay two lines (a whole title, then a sub-heading)."""
    label = match_label(head)
    rest = (label.rest if label else head).strip()
    text = text.strip()
    if label and label.style in ("phan", "chuong", "muc") and not rest:
        return _is_upper(text) and not match_label(text)  # «Chương I» over «NHỮNG QUY ĐỊNH CHUNG»
    if not (_is_upper(rest) and _is_upper(text) and len(text) <= 60 and not match_label(text)):
        return False
    if rest.endswith((",", "-", "–")) or fold(rest).endswith(" va"):
        return True
    alone = squash_spaces(fold(rest)).rstrip(" :.")
    both = squash_spaces(fold(f"{rest} {text}")).rstrip(" :.")
    return alone not in _PART_TITLES and any(title.startswith(both) or both == title for title in _PART_TITLES)


def _closing_line(text: str) -> bool:
    """A line that opens the closing ("Trên đây là Kế hoạch …", "Đề nghị các cơ quan …"): never
    glued onto the paragraph before it, so the closing stays a paragraph of its own (issue 16)."""
    text = text.lstrip()
    return bool(text[:1].isupper() and _CLOSING_RE.match(fold(text[:40])))


def _structural(line: Line) -> bool:
    return bool(
        _closing_line(line.text)
        or _KEY_LINE_RE.match(fold(line.text[:30]))
        or match_label(line.text)
        or match_bullet(line.text)
        or line.heading
        or line.bullet
        or fold(line.text[:9]) == "kinh gui:"
        or fold(line.text[:8]) == "kinh gui"
    )


def join_paragraphs(lines: list[Line]) -> list[_Block]:
    """Re-join soft line breaks and paragraphs broken across blank lines mid-sentence.

    Linear in the text (issue 13): a block's text is kept as pieces joined once at the
    end, and the checks look only at its first and last characters (a numbering label
    is decided by the first few dozen; sentence ends by the last), never at the whole
    growing paragraph.
    """
    blocks: list[_Block] = []
    pieces: list[list[str]] = []
    for line in lines:
        last = blocks[-1].line if blocks else None
        if (
            last is not None
            and line.cell
            and last.cell
            and line.cell[:2] == last.cell[:2]
            and line.cell[2] != last.cell[2]
            and not line.soft
        ):
            # The next cell of the same table row: one row, one paragraph ("1 | Nội dung | Đơn vị").
            pieces[-1].append(f" | {line.text}")
            blocks[-1].line = line
            continue
        if (
            blocks
            and (not _structural(line) or _continues_inline_list(line, pieces[-1]))
            and line.cell == blocks[-1].line.cell
        ):
            prev, parts = blocks[-1], pieces[-1]
            head, tail = _pieces_head(parts), _pieces_tail(parts)
            prev_labelled = match_label(head) is not None or bool(prev.line.heading)
            join = False
            if line.soft:
                join = True
            elif not _ends_sentence(tail):
                if _starts_lower(line.text) or (line.text[:1].isdigit() and _CONTINUED_RE.search(tail)):
                    join = True  # "… tại Nghị định số" + "61/2018/NĐ-CP." (a wrapped number)
                elif not prev_labelled and not prev.line.bold and not (line.bold and not prev.line.bold):
                    join = tail[-1:].isalnum() or tail.endswith(",")
                elif prev_labelled and sum(len(p) for p in parts) <= 80:
                    join = _heading_goes_on(head, line.text)  # "I. MỤC ĐÍCH," + "YÊU CẦU"
            if join:
                while len(parts) > 1 and not parts[-1].strip():
                    parts.pop()  # f"{prev.text.rstrip()} …": trailing blanks go
                parts[-1] = parts[-1].rstrip()
                parts.append(f" {line.text.lstrip()}")
                continue
        blocks.append(_Block(line.text, line))
        pieces.append([line.text])
    for block, parts in zip(blocks, pieces):
        block.text = "".join(parts)
    return blocks


_EDGE = 64  # more than any numbering label and sentence end needs
_INLINE_ITEM_RE = re.compile(r"\((\d{1,2})\)\s")


def _continues_inline_list(line: Line, parts: list[str]) -> bool:
    """A wrapped line that opens with "(5) …" inside a sentence listing "(1) …; … (4) …;"
    (a PDF's soft break, the outside walk): the list goes on, it is not a new item. Only
    when "(4)" stands inside the paragraph, not as its own label."""
    m = _INLINE_ITEM_RE.match(line.text)
    if not (m and line.soft) or int(m[1]) < 2:
        return False
    before = f"({int(m[1]) - 1})"
    head, near = _pieces_head(parts).lstrip(), _pieces_tail_chars(parts, 600)
    return before in near and not head.startswith(before)


def _pieces_tail_chars(parts: list[str], size: int) -> str:
    out, n = [], 0
    for p in reversed(parts):
        out.append(p)
        n += len(p)
        if n >= size:
            break
    return "".join(reversed(out))[-size:]


def _pieces_head(parts: list[str]) -> str:
    out, n = [], 0
    for p in parts:
        out.append(p)
        n += len(p)
        if n >= _EDGE:
            break
    return "".join(out)[:_EDGE]


def _pieces_tail(parts: list[str]) -> str:
    out, n = [], 0
    for p in reversed(parts):
        out.append(p)
        n += len(p)
        if n >= _EDGE and p.strip():
            break
    return "".join(reversed(out))


# -- header ---------------------------------------------------------------------------
def _fragments(lines: list[Line]) -> list[Line]:
    """Header lines split where a text extraction glued two columns together."""
    out: list[Line] = []
    for line in lines:
        if _NUMBER_LINE_RE.match(line.text.strip()):
            # "Số:        /KH-UBND" is one blank number (a wide gap is no column here); a PDF's
            # "Số 120-KH/HU | 2024" is the number beside the year of a date that wrapped.
            parts = [squash_spaces(p.strip()) for p in _CELL_SPLIT_RE.split(line.text.strip()) if p.strip()]
        elif _blank_day_place_date(line.text):
            parts = [squash_spaces(line.text.strip())]  # "Bắc Cam Ranh, ngày    tháng 11 năm 2025"
        else:
            parts = [p.strip() for p in _COLUMN_SPLIT_RE.split(line.text) if p.strip()]
        for part in parts or [line.text]:
            out.append(Line(part, bold=line.bold, cell=line.cell))
        if line.side:
            out.append(Line(line.side, cell=line.cell))
    return out


def _blank_day_place_date(text: str) -> bool:
    """A place/date line whose day (or month) is left blank for the signer: the gap after
    "ngày" is not a column gap."""
    m = _PLACE_DATE_RE.match(fold(text.strip()))
    if m is None:
        return False
    return not re.search(r"\s{3,}", m["place"]) and not (m["d"].strip() and m["m"].strip())


_GLUED_PARTY_RE = re.compile(r"^(\d{1,5})\s*[-–]\s*([A-ZĐ]{3,10})$")


def _glued_number(text: str):
    """ "445-KLTU" (a scan lost the slash): split after the one type code it can start with."""
    m = _GLUED_PARTY_RE.match(text.strip())
    if not m:
        return None
    letters = m[2]
    splits = [code for code in TYPE_NAMES if letters.startswith(code.upper()) and len(letters) > len(code)]
    if len(splits) != 1:
        return None
    code = splits[0]
    return try_parse(f"{m[1]}-{code}/{letters[len(code) :]}")


def _place_date(text: str, doc: ParsedDocument) -> bool:
    pm = _PLACE_DATE_RE.match(fold(text))
    if not pm:
        return False
    doc.place = squash_spaces(text[: len(pm["place"])].strip(" _-–|"))
    if pm["d"].strip().isdigit() and pm["m"].strip().isdigit():
        doc.date = parse_date_or_none(f"{pm['d']}/{pm['m']}/{pm['y']}")
    return True


def _parse_header(lines: list[Line], doc: ParsedDocument) -> None:
    bodies: list[Line] = []
    wrapped_date = ""  # a place/date line still waiting for its year
    for line in _fragments(lines):
        text = line.text.strip()
        folded = fold(text)
        if not text or is_separator(text) or folded in _PARTY_TITLE or _STATE_TITLE_RE.match(folded):
            continue
        if wrapped_date and _YEAR_RE.match(text):
            _place_date(f"{wrapped_date} {text}", doc)
            wrapped_date = ""
            continue
        if _PLACE_DATE_NO_YEAR_RE.match(folded):
            wrapped_date = text
            doc.place = squash_spaces(text.split(",", 1)[0].strip(" _-–|"))  # should the year never come
            continue
        if folded.startswith(("v/v", "v/v:", "ve viec")):
            # A công văn's trích yếu sits under its number: "V/v triển khai …".
            doc.title = doc.title or re.sub(r"^(?:V/v|Về việc)\s*:?\s*", "", text, flags=re.IGNORECASE)
            continue
        m = _NUMBER_LINE_FOLDED_RE.match(folded)
        if m and doc.number is None and re.search(r"\d|-|/", m[1]):
            rest = text[m.start(1) :]
            both = _PLACE_IN_NUMBER_RE.search(rest)
            if both:
                # "Số 34-NQ/TU Lào Cai, ngày 27 tháng 12 năm 2025": two columns on one line.
                _place_date(rest[both.start() :].strip(), doc)
                rest = rest[: both.start()]
            rest = rest.strip()
            if re.search(r"/\s*TƯ$", rest):
                # OCR's (or a typist's) "TƯ": the Tỉnh ủy's own code TU when the header names it, else TW.
                header_text = fold(" ".join(line.text for line in lines))
                rest = rest[:-2] + ("TU" if re.search(r"tinh\s*uy", header_text) else "TW")
            parsed = try_parse(rest) or _glued_number(rest)
            doc.number = parsed.format() if parsed else None
            continue
        if _place_date(text, doc):
            continue
        if (_is_upper(text) or not _ends_sentence(text)) and len(text) <= 120:
            bodies.append(line)
    if any(_is_upper(b.text) for b in bodies):
        # Issuing bodies are written in capitals; a mixed-case scrap beside them is noise
        # (a site's caption, an OCR'd rule line).
        bodies = [b for b in bodies if _is_upper(b.text)]
    if not bodies:
        return
    # Party style: the superior body is plain, the issuing body bold; without
    # formatting, the first line is the superior body when there are two or more.
    plain_lines = [b for b in bodies if not b.bold]
    if (
        any(b.bold for b in bodies)
        and plain_lines == bodies[: len(plain_lines)]
        and squash_spaces(fold(" ".join(b.text for b in plain_lines))) in _GENERIC_BODIES
        and _PLACE_WORD_RE.match(fold(bodies[len(plain_lines)].text))
    ):
        # «ỦY BAN NHÂN DÂN» plain over «TỈNH KHÁNH HÒA» bold: one body's name, not a superior body
        # «ỦY BAN NHÂN DÂN» over an issuer «TỈNH KHÁNH HÒA»
        doc.issuer_body = squash_spaces(" ".join(b.text for b in bodies))
    elif any(b.bold for b in bodies) and not all(b.bold for b in bodies):
        plain = [b.text for b in bodies if not b.bold]
        bold = [b.text for b in bodies if b.bold]
        doc.superior_body = " ".join(plain) or None
        doc.issuer_body = " ".join(bold) or None
    elif len(bodies) == 1:
        doc.issuer_body = bodies[0].text
    elif squash_spaces(fold(bodies[0].text)) in _GENERIC_BODIES:
        # State style "ỦY BAN NHÂN DÂN / HUYỆN CAN LỘC" (or "/ LÀO CAI") is one body over two lines.
        doc.issuer_body = squash_spaces(" ".join(b.text for b in bodies))
    elif doc.style == "state" and len(bodies) > 2 and _STATE_BODY_RE.match(fold(bodies[-1].text)):
        # "BAN TỔ CHỨC / ĐẠI HỘI … / TIỂU BAN THI ĐUA – KHEN THƯỞNG": the last line issues it.
        doc.superior_body = squash_spaces(" ".join(b.text for b in bodies[:-1]))
        doc.issuer_body = bodies[-1].text
    elif (
        len(bodies) > 2
        and _PARTY_ORGAN_RE.match(fold(bodies[-1].text))
        and _PARTY_COMMITTEE_LINE_RE.match(fold(bodies[-2].text))
    ):
        # «ĐẢNG BỘ TỈNH … / ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH / BAN TUYÊN GIÁO»: the organ issues it,
        # the committee above it is its superior (read as one body «… tỉnh Ban Tuyên Giáo», filed
        # at the wrong level and cited so in the derived plan — the walk).
        doc.superior_body = bodies[-2].text
        doc.issuer_body = bodies[-1].text
    else:
        doc.superior_body = bodies[0].text
        doc.issuer_body = squash_spaces(" ".join(b.text for b in bodies[1:]))
    _place_from_issuer(doc)


_ISSUER_PLACE_RE = re.compile(r"\b(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)\s+(.+)$")


def _place_from_issuer(doc: ParsedDocument) -> None:
    """A place misread by OCR ("Tạng: Sơn, ngày …" under "TỈNH LẠNG SƠN"): when the place
    has a stray mark in it and is close to the place the issuing body names, it is that
    place. A place written cleanly is never changed."""
    place, names = doc.place, f"{doc.superior_body or ''} {doc.issuer_body or ''}"
    if not place or not re.search(r"[^\w\s.-]", place):
        return
    m = _ISSUER_PLACE_RE.search(names.strip())
    if not m:
        return
    from rapidfuzz import fuzz

    named = m[1].strip()
    cleaned = squash_spaces(re.sub(r"[^\w\s.-]", " ", place))
    if fuzz.ratio(fold(cleaned), fold(named)) >= 75:
        doc.place = " ".join(w[:1] + w[1:].lower() for w in named.split())


def _looks_like_header(line: Line) -> bool:
    folded = fold(line.text)
    return bool(
        line.cell is not None
        or _is_upper(line.text)
        or _NUMBER_LINE_RE.match(line.text)
        or _PLACE_DATE_RE.match(folded)
        or line.text.strip() == "*"
        or folded.startswith(("v/v", "doc lap"))
    )


# «… đến năm» / «2030»; «… nhiệm kỳ 2025 -» / «2030» (a range the line broke inside)
_NEEDS_NUMBER_RE = re.compile(r"\b(?:nam|ngay|thang|so|giai doan|den|tu|khoa)$|\b\d{4}\s*[-–]$")


def _stray_stop(previous: str, text: str) -> bool:
    """An upper-case trích yếu line ending in one "." or ":" that the next upper-case line
    goes on from: a speck read as punctuation, never the end of the title."""
    previous = previous.rstrip()
    return (
        len(previous) > 20
        and previous.endswith((".", ":"))
        and not previous.endswith(("./.", "..", "…"))
        and _is_upper(previous)
        and _is_upper(text)
        and not match_label(text)
        and not _TYPE_LINES.get(fold(text.strip()))
    )


def _continues_title(previous: str, text: str) -> bool:
    """A trích yếu line that goes on the line before: "(KHOÁ XVI) về xây dựng …" after
    "… ĐẢNG BỘ TỈNH"; "2025, định hướng …" after "… đến năm"."""
    text = text.strip()
    if text.startswith("(") and not _is_upper(text) and not match_label(text):
        # "(Ban hành kèm theo Quyết định …)" under a Quy chế is not its trích yếu.
        return not fold(text[1:20]).startswith(("ban hanh", "kem theo"))
    return text[:1].isdigit() and bool(_NEEDS_NUMBER_RE.search(squash_spaces(fold(previous))))


# -- tail: Nơi nhận, signature, appendices ----------------------------------------------------
def _parse_recipients(lines: list[Line], start: int, doc: ParsedDocument) -> int:
    """Items after ``Nơi nhận:``; returns the index after the last one."""
    first = lines[start]
    rest = first.text.split(":", 1)[1].strip() if ":" in first.text else ""
    items: list[list[str]] = []  # [text, side note]
    if rest:
        items.append([rest.lstrip("-–• ").strip(), first.side])
    i = start + 1
    column = first.cell[2] if first.cell else None
    while i < len(lines):
        line = lines[i]
        text = line.text.strip()
        if column is not None and line.cell is not None and line.cell[2] != column:
            break
        if line.cell is None and column is not None:
            break
        text = _DOUBLE_BULLET_RE.sub("- ", text)  # "- - Thành viên …": a speck before the dash
        bullet = match_bullet(text)
        if bullet and items and _starts_lower(bullet[1]) and not items[-1][0].rstrip().endswith((";", ".")):
            items[-1][0] = f"{items[-1][0]} {bullet[1]}"  # "- thôn;": no name starts in lower case
        elif bullet:
            items.append([bullet[1], line.side])
        elif _AUTHORITY_RE.match(text) or _APPENDIX_RE.match(text) or (_is_upper(text) and items):
            break
        elif (
            items
            and (items[-1][0].rstrip().endswith(";") or is_filing_line(text))
            and text[:1].isupper()
            and not _is_name(text)
        ):
            # an item whose dash was lost (OCR, a typist); «Lưu …» is always the filing line of its own
            items.append([text, line.side])
        elif items and not _is_name(text) and (not line.blank_before or _item_continues(items[-1][0], text)):
            items[-1][0] = f"{items[-1][0]} {text}"
            if line.side:
                items[-1][1] = f"{items[-1][1]} {line.side}".strip()
        else:
            break
        i += 1
    doc.recipients = _merge_side_notes(items)
    return i


_DOUBLE_BULLET_RE = re.compile(r"^(?:[-–•]\s*){2,}(?=\w)")


def _item_continues(previous: str, text: str) -> bool:
    """A Nơi nhận item carried onto the next paragraph (a text extraction puts a blank line
    after every line): "- Uỷ ban Kiểm tra Đảng uỷ, Ban xây dựng Đảng," + "VP Đảng uỷ;",
    "- Bí thư Chi bộ, Trưởng thôn, Ban công" + "tác MT thôn;". The item has not ended
    (no ";" or "."), or the line goes on in lower case."""
    previous = previous.rstrip()
    if not previous or is_filing_line(previous) or len(text) > 80:
        return False
    return not previous.endswith((";", ".")) or _starts_lower(text)


def _merge_side_notes(items: list[list[str]]) -> list[str]:
    """``- A; | (để)`` + ``- B; | báo cáo`` → "A (để báo cáo)", "B (để báo cáo)"."""
    out: list[str] = []
    i = 0
    while i < len(items):
        j = i
        notes: list[str] = []
        while j < len(items) and items[j][1]:
            notes.append(items[j][1])
            j += 1
        if notes:
            note = squash_spaces(" ".join(notes)).replace("(", "").replace(")", "").strip()
            for text, _ in items[i:j]:
                out.append(f"{_strip_item(text)} ({note})")
            i = j
        else:
            out.append(_strip_item(items[i][0]))
            i += 1
    return [o for o in out if o]


def _strip_item(text: str) -> str:
    return tidy_name(squash_spaces(text).rstrip(" ,;.-–").strip())


# A signature line glued after a recipient: "- Các chi bộ, PHÓ BÍ THƯ", "Nơi nhận: T/M BAN THƯỜNG VỤ",
# "- Lưu VPĐU. Nguyễn Văn An" (two words at least, or an authority: "- Lưu VP, BTGĐUK." stays whole).
_UPPER_TAIL_RE = re.compile(
    r"^(.*[a-zà-ỹđ,;.):])\s+((?:T/M|K/T|T/L|TM\.|KT\.|TL\.)\s*[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ/. ]{2,}"
    r"|[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ]+(?: [A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ/.]*)+)$"
    r"|^(.*?[,;.])\s+([A-ZĐ][a-zà-ỹđ]+(?: [A-ZĐ][a-zà-ỹđ]+){1,4})$"
)


def _signature_like(text: str) -> bool:
    text = squash_spaces(text)
    return bool(
        _AUTHORITY_RE.match(text) or _SIGNED_RE.match(text) or _is_name(text) or (_is_upper(text) and len(text) < 60)
    )


def _tail_columns(tail: list[Line]) -> list[Line]:
    """Nơi nhận and the signature flattened onto shared lines ("Nơi nhận:   T/M BAN THƯỜNG VỤ",
    "- Lưu VPĐU. | Nguyễn Văn A") become the two columns they were: left, then right."""
    if not tail or any(line.cell is not None for line in tail):
        return tail
    left: list[Line] = []
    right: list[Line] = []
    shared = False
    current = left
    for line in tail:
        parts = [p.strip() for p in _COLUMN_SPLIT_RE.split(line.text) if p.strip()]
        if len(parts) < 2:
            glued = _UPPER_TAIL_RE.match(line.text.strip())  # "- Ban Thường vụ Tỉnh ủy, PHÓ BÍ THƯ"
            if glued and fold(glued[1] or glued[3]).strip("-–: ") == "luu":
                glued = None  # "- Lưu: VT MTTQ.": the filing line's own capitals, not a signature
            if glued and not _is_upper(glued[1] or glued[3]):  # an upper-case line is one signature line
                parts = [glued[1] or glued[3], glued[2] or glued[4]]
        if len(parts) >= 2 and _signature_like(parts[-1]):
            left.append(Line(" ".join(parts[:-1]), blank_before=line.blank_before, side=line.side))
            right.append(Line(parts[-1], bold=line.bold))
            shared = True
            continue
        if line.side and _signature_like(line.side) and not line.side.startswith("("):
            left.append(Line(line.text, blank_before=line.blank_before))
            right.append(Line(line.side, bold=line.bold))
            shared = True
            continue
        text = line.text.strip()
        if match_bullet(text) or _NOI_NHAN_RE.match(fold(text)) or fold(text).startswith("luu"):
            current = left
        elif _signature_like(text):
            current = right
        current.append(line)
    if not shared:
        return tail
    return [Line(x.text, bold=x.bold, side=x.side, blank_before=x.blank_before, cell=(1, 0, 0)) for x in left] + [
        Line(x.text, bold=x.bold, cell=(1, 0, 1)) for x in right
    ]


# A signer's title glued to the last word of the authority line (no space between them).
_GLUED_TITLE_RE = re.compile(
    r"[A-ZĐÀ-Ỹ]((?:PHÓ )?(?:BÍ THƯ|CHỦ TỊCH|TRƯỞNG BAN|TRƯỞNG TIỂU BAN|CHÁNH VĂN PHÒNG|GIÁM ĐỐC|BỘ TRƯỞNG|THỦ TƯỚNG)"
    r"(?: THƯỜNG TRỰC)?)$"
)


def _parse_signature(lines: list[Line]) -> Signature | None:
    authority = title = name = ""
    uppers: list[str] = []
    for line in lines:
        text = squash_spaces(line.text)
        if not text or _SIGNED_RE.match(text):
            continue
        if _AUTHORITY_RE.match(text) and not uppers:
            glued = _GLUED_TITLE_RE.search(text)
            if glued:
                # "TM. BAN BÍ THƯ TRUNG ƯƠNG ĐOÀNBÍ THƯ THƯỜNG TRỰC": a web page lost the line break.
                uppers.append(text[glued.start(1) :])
                text = text[: glued.start(1)]
            # "TM. ỦY BAN NHÂN DÂN" + "KT. CHỦ TỊCH": both lines are the authority.
            authority = f"{authority}\n{text}" if authority else text
        elif _is_upper(text) and not name:
            uppers.append(text)
        elif not name and len(text.split()) <= 8:
            name = text
    if uppers:
        title = " ".join(uppers)
    if not (authority or title or name):
        return None
    return Signature(authority=authority, title=title, name=name)


def _parse_appendices(lines: list[Line]) -> list[Section]:
    sections: list[Section] = []
    row_key = None
    cell_key = None
    for line in lines:
        text = line.text.strip()
        if _APPENDIX_RE.match(text) or (not sections and _APPENDIX_ANY_CASE_RE.match(fold(text))):
            sections.append(Section(label=None, heading=text, role="appendix", style="appendix"))
            row_key = cell_key = None
            continue
        if not sections:
            continue
        current = sections[-1]
        key = line.cell[:2] if line.cell else None
        if key is not None and key == row_key and current.paragraphs:
            # a second line of the same cell (a soft break, a wrapped paragraph) goes on the cell's
            # text; only a new column is a new « | » cell
            current.paragraphs[-1].text += f" {text}" if line.cell == cell_key else f" | {text}"
            cell_key = line.cell
            continue
        row_key, cell_key = key, line.cell
        if not current.paragraphs and not current.children and _is_upper(text) and key is None:
            current.heading = f"{current.heading} — {text}"
            continue
        current.paragraphs.append(Paragraph(text))
    return sections


# -- section tree -------------------------------------------------------------------------------
def _build_tree(blocks: list[_Block], doc: ParsedDocument) -> list[Paragraph]:
    """Sections from labelled blocks; returns paragraphs found before the first section."""
    roots: list[Section] = []
    stack: list[Section] = []
    leading: list[Paragraph] = []
    for block in blocks:
        text = block.text.strip()
        label = match_label(text)
        style = label.style if label else ""
        heading_text = label.rest if label else text
        if not label and block.line.heading:
            style = f"heading{block.line.heading}"
        if style:
            section = Section(
                label=label.label if label else None,
                heading=heading_text.rstrip(":").strip() if _is_upper(heading_text) else heading_text,
                style=style,
                sep=label.sep if label else "",
                raw_label=label.raw if label else "",
            )
            # A style already open closes back to its level; a new style nests deeper.
            for depth, open_section in enumerate(stack):
                if open_section.style == style:
                    del stack[depth:]
                    break
            if style.startswith("multi") and section.label:
                # "4.1" belongs under "4": close anything opened after its parent.
                parent_label = section.label.rsplit(".", 1)[0]
                for depth in range(len(stack) - 1, -1, -1):
                    if stack[depth].label == parent_label:
                        del stack[depth + 1 :]
                        break
            if stack:
                stack[-1].children.append(section)
            else:
                roots.append(section)
            stack.append(section)
            continue
        bullet = match_bullet(text)
        if bullet:
            paragraph = Paragraph(bullet[1], bullet[0])
        elif block.line.bullet:
            paragraph = Paragraph(text, "-")
        else:
            paragraph = Paragraph(text)
        if stack:
            stack[-1].paragraphs.append(paragraph)
        else:
            leading.append(paragraph)
    doc.sections = roots
    return leading


_ROLE_PATTERNS = (
    ("muc dich", "purpose"),
    ("muc tieu", "purpose"),
    ("to chuc thuc hien", "organisation"),
    ("phu luc", "appendix"),
)


def _assign_roles_and_paths(doc: ParsedDocument) -> None:
    for section in doc.sections:
        folded = fold(section.heading)
        section.role = "content"
        for pattern, role in _ROLE_PATTERNS:
            if folded.startswith(pattern) or (role == "organisation" and pattern in folded[:40]):
                section.role = role
                break

    def visit(section: Section, parent_path: str, parent_label: str, grand_path: str) -> None:
        label = section.label or ""
        if label and parent_label and label.startswith(parent_label + "."):
            section.path = f"{grand_path}.{label}" if grand_path else label
        elif label:
            section.path = f"{parent_path}.{label}" if parent_path else label
        else:
            section.path = parent_path
        for child in section.children:
            visit(child, section.path, label, parent_path)

    for section in doc.sections:
        visit(section, "", "", "")


# -- the whole document ------------------------------------------------------------------------------
_SECURITY_MARKS = {"mat": "mật", "toi mat": "tối mật", "tuyet mat": "tuyệt mật"}
_DRAFT_MARK_RE = re.compile(r"^du thao(?: lan (?:thu )?\d+)?$")


def _marks(lines: list[Line], doc: ParsedDocument) -> list[Line]:
    """The stamps above or in the header — «MẬT», «TỐI MẬT», «TUYỆT MẬT» (the document's độ mật,
    kept: an imported secret document must stay secret) and «DỰ THẢO» (our own export's draft
    mark) — are taken out of the lines, so they are never read as a body's name or web-page text."""
    out: list[Line] = []
    for k, line in enumerate(lines):
        text = line.text.strip().strip('|[]()"“”«» ')
        folded = squash_spaces(fold(text))
        if k < 25 and _is_upper(text):
            if folded in _SECURITY_MARKS:
                doc.security = _SECURITY_MARKS[folded]
                continue
            if _DRAFT_MARK_RE.match(folded):
                continue
        out.append(line)
    if doc.security != "thường":
        doc.warnings.append(
            f"Văn bản có dấu độ mật «{doc.security.upper()}»: đã ghi độ mật; "
            "không gửi văn bản này qua mạng Internet, thư điện tử hay Zalo."
        )
    return out


def parse_lines(lines: list[Line]) -> ParsedDocument:
    doc = ParsedDocument()
    lines = _marks([line for line in lines if line.text.strip()], doc)
    # 0. What a web page adds before the header; a header table flattened with "|".
    lines, dropped = drop_page_chrome(lines)
    if dropped:
        doc.warnings.append(f"Đã bỏ {dropped} dòng trước phần đầu văn bản (chữ của trang web, không thuộc văn bản).")
    lines = table_cells(lines)
    # 1. The type line ends the header.
    type_at = None
    anchored = False  # a Quốc hiệu, Party title, number or place/date line was seen
    for i, line in enumerate(lines[:80]):
        if match_label(line.text):
            break
        name = _type_of_line(line)
        if name:
            type_at = i
            doc.doc_type_line = squash_spaces(line.text.strip().rstrip(":"))
            doc.doc_type = name
            break
        prefixed = _type_prefix(line) if anchored else None
        if prefixed:
            # "QUY CHẾ LÀM VIỆC …" / "Kế hoạch tổ chức …": the type shares its line with the trích yếu.
            name, type_words, rest = prefixed
            type_at = i
            doc.doc_type_line, doc.doc_type = type_words, name
            lines = [*lines[:i], line, Line(rest, bold=line.bold, cell=line.cell), *lines[i + 1 :]]
            break
        folded_line = squash_spaces(fold(line.text))
        if (
            folded_line.startswith("cong hoa xa hoi")
            or folded_line in _PARTY_TITLE
            or _NUMBER_LINE_FOLDED_RE.match(folded_line)
            or _PLACE_DATE_RE.match(folded_line)
        ):
            anchored = True
    if type_at is not None:
        header = lines[:type_at]
        pos = type_at + 1
    else:
        header = []
        pos = 0
        while (
            pos < len(lines)
            and pos < 12
            and _looks_like_header(lines[pos])
            and not match_label(lines[pos].text)
            and _type_of_line(lines[pos]) is None
        ):
            header.append(lines[pos])
            pos += 1
    header = join_header_pieces(header)
    doc.style = _style_of(header)
    _parse_header(header, doc)
    if type_at is None and not (doc.number or doc.place or doc.date or doc.style):
        # No header at all (a fragment, a page that starts with a heading): nothing here is
        # an issuing body; the lines belong to the body.
        doc.superior_body = doc.issuer_body = None
        pos = 0
    if type_at is None and doc.number:
        # No type line (a công văn): the number's type code says what it is.
        parsed_number = try_parse(doc.number)
        if parsed_number is not None and parsed_number.type_name:
            doc.doc_type = parsed_number.type_name
        elif parsed_number is not None and parsed_number.style == "state" and not parsed_number.type_code:
            doc.doc_type = "Công văn"  # "13/BTC-TĐKT" with a "V/v …" line: no type code is a công văn
    # 2. Trích yếu: the line(s) right after the type line.
    if (
        type_at is not None
        and pos < len(lines)
        and not match_label(lines[pos].text)
        and not _NOI_NHAN_RE.match(fold(lines[pos].text))
    ):
        first = lines[pos]
        title = [first.text]
        pos += 1
        while pos < len(lines):
            line = lines[pos]
            folded = fold(line.text)
            if _stray_stop(title[-1], line.text) and line.cell == first.cell and len(title) < 8:
                # OCR's speck after a word of an upper-case trích yếu: "… TỈNH SÓC:" / "TRĂNG NĂM 2022".
                title[-1] = title[-1][:-1].rstrip()
            if (
                (_starts_lower(line.text) or _continues_title(title[-1], line.text))
                and not _ends_sentence(title[-1])
                and line.cell == first.cell
                and not match_label(line.text)
                and (not line.blank_before or len(title) < 4)
                and len(line.text) <= 200
            ):
                title.append(line.text)  # a trích yếu wrapped over two lines (or across blank lines)
                pos += 1
                continue
            if (
                _is_upper(title[-1])
                and (
                    _is_upper(line.text)
                    or (line.text.startswith("(") and line.text.rstrip().endswith(")") and len(line.text) < 60)
                    or (not any(ch.isalpha() for ch in line.text) and len(line.text) < 30)
                )
                and not _ends_sentence(title[-1])
                and line.cell == first.cell
                and not match_label(line.text)
                and not _is_authority_line(line.text, doc)
                and len(title) < 8
            ):
                title.append(line.text)  # an upper-case trích yếu wrapped over lines
                pos += 1
                continue
            if (
                match_label(line.text)
                or line.blank_before
                or folded.startswith(_TITLE_STARTS)
                or _cites(line.text)
                or len(line.text) > 200
                or _ends_sentence(title[-1])
            ):
                break
            # Without formatting, a line that starts a new sentence is not the trích yếu any more.
            if not (first.bold and line.bold) or line.cell != first.cell:
                break
            title.append(line.text)
            pos += 1
        doc.title = squash_spaces(" ".join(title))
    # 3. Where the body ends: Nơi nhận, a signature authority, or an appendix.
    end = len(lines)
    noi_nhan = None
    for i in range(pos, len(lines)):
        text = lines[i].text.strip()
        if _NOI_NHAN_RE.match(fold(text)):
            noi_nhan = i
            end = i
            break
        if _AUTHORITY_RE.match(text) or _APPENDIX_RE.match(text):
            end = i
            break
    body_lines = lines[pos:end]
    tail = lines[end:]
    # A signature without Nơi nhận and authority: "TRƯỞNG BAN" + a name at the very end.
    if (
        noi_nhan is None
        and not tail
        and len(body_lines) >= 2
        and _is_name(body_lines[-1].text)
        and _is_upper(body_lines[-2].text)
        and len(body_lines[-2].text.split()) <= 8
    ):
        tail = body_lines[-2:]
        body_lines = body_lines[:-2]
    # 4. Tail: appendices last; Nơi nhận wherever it is (a text extraction may put the
    # signature column first); the signature is what remains.
    appendix_at = next((k for k, line in enumerate(tail) if _APPENDIX_RE.match(line.text.strip())), len(tail))
    appendix_lines = tail[appendix_at:]
    tail = _tail_columns(tail[:appendix_at])
    nn = next((k for k, line in enumerate(tail) if _NOI_NHAN_RE.match(fold(line.text.strip()))), None)
    if nn is not None:
        after = _parse_recipients(tail, nn, doc)
        signature_lines = tail[:nn] + tail[after:]
    else:
        signature_lines = tail
    doc.signature = _parse_signature(signature_lines)
    doc.appendices = _parse_appendices(appendix_lines)
    # 5. Body: paragraphs, closing, sections, basis.
    blocks = join_paragraphs(body_lines)
    closing_at = _closing_start(blocks)
    if closing_at is not None:
        doc.closing = "\n".join(b.text for b in blocks[closing_at:])
        del blocks[closing_at:]
    leading = _build_tree(blocks, doc)
    if leading and not doc.sections and len(leading) > 1:
        # No numbered parts at all: the căn cứ (if any) opens, the rest is the body.
        start = 0
        if (
            len(leading) > 2
            and _is_upper(leading[0].text)
            and len(leading[0].text) <= 80
            and fold(leading[1].text).startswith(_TITLE_STARTS)
        ):
            start = 1  # "BAN BÍ THƯ TRUNG ƯƠNG ĐOÀN" over the căn cứ of a Quyết định: it opens them
        while start < len(leading) - 1 and fold(leading[start].text).startswith(_TITLE_STARTS):
            start += 1  # every "Căn cứ …" / "Thực hiện …" paragraph in a row opens the document
        while start and start < len(leading) - 1 and fold(leading[start].text).startswith(("xet ", "de ")):
            start += 1  # "Xét đề nghị của …", "Để thống nhất …" after the căn cứ: still the opening
        doc.sections = [Section(label=None, heading="", paragraphs=leading[start:], style="body")]
        leading = leading[:start]
    if leading:
        doc.basis = "\n".join(p.text if not p.bullet else f"{p.bullet} {p.text}" for p in leading)
    _assign_roles_and_paths(doc)
    # 6. References in everything but the header and the recipients.
    text = "\n".join(
        filter(
            None,
            [doc.title, doc.basis, *(_section_texts(doc.sections)), doc.closing, *(_section_texts(doc.appendices))],
        )
    )
    own = doc.number
    doc.references = [c for c in unique_references(text) if c.number != own]
    return doc


def _plain(block: _Block) -> bool:
    text = block.text.strip()
    return not (match_label(text) or match_bullet(text) or block.line.heading or block.line.bullet)


def _closing_start(blocks: list[_Block]) -> int | None:
    """Where the closing paragraphs at the end of the body start (issue 16: the closing stays
    where it was — after the last item, before Nơi nhận — as the plan's closing, printed there,
    not glued to the last item of TỔ CHỨC THỰC HIỆN nor taken for its duty).

    The trailing run of plain paragraphs (no label, no bullet) is looked at: from its last
    "Trên đây là Kế hoạch …" / "Nhận được …" on, everything is the closing; without one, the
    last paragraph when it asks the units to carry out this document ("Đề nghị các cơ quan …",
    "Ban Thường vụ yêu cầu các chi bộ … Kế hoạch này"), with a "Trong quá trình thực hiện, nếu
    có vướng mắc …" after it."""
    run = len(blocks)
    while run > 0 and _plain(blocks[run - 1]):
        run -= 1
    if run == len(blocks):
        return None
    folded = [fold(b.text.strip()) for b in blocks[run:]]
    for k in range(len(folded) - 1, max(len(folded) - 4, -1), -1):  # a closing is a few paragraphs
        if _CLOSING_START_RE.match(folded[k]):
            return run + k

    def asks(k: int) -> bool:
        text = folded[k]
        return bool(_CLOSING_RE.match(text) or (_ASKS_RE.match(text) and _THIS_DOC_RE.search(text)))

    last = len(folded) - 1
    if asks(last):
        return run + last
    if last >= 1 and _DIFFICULTIES_RE.match(folded[last]) and asks(last - 1):
        return run + last - 1
    return None


_TYPE_PREFIXES = sorted(_TYPE_LINES.items(), key=lambda item: -len(item[0]))


def _type_prefix(line: Line) -> tuple[str, str, str] | None:
    """(type name, type words as written, rest) when a line starts with the type and goes on
    with the trích yếu: "QUY CHẾ LÀM" (upper case) or "Kế hoạch tổ chức …" (lower case after)."""
    text = line.text.strip()
    folded = fold(text)
    for key, name in _TYPE_PREFIXES:
        if folded.startswith(key + " ") and len(text) > len(key) + 1:
            rest = text[len(key) :].strip()
            if not rest or " so " in f" {folded[:40]} " or _cites(text):
                return None
            if _is_upper(text) or _starts_lower(rest):
                return name, text[: len(key)], rest
            return None
    return None


_AUTHORITY_BODY_RE = re.compile(
    r"^(?:uy ban nhan dan|hoi dong nhan dan|chu tich|bo truong|thu tuong|uy ban thuong vu|ban thuong vu|"
    r"ban chap hanh|ban bi thu|bo chinh tri|tong cuc truong|giam doc)\b"
)


def _is_authority_line(text: str, doc: ParsedDocument) -> bool:
    """ "ỦY BAN NHÂN DÂN TỈNH TIỀN GIANG" above the căn cứ of a Quyết định: not the trích yếu."""
    folded = squash_spaces(fold(text))
    if doc.issuer_body and folded.startswith(squash_spaces(fold(doc.issuer_body))):
        return True
    return bool(_AUTHORITY_BODY_RE.match(folded)) and doc.doc_type in (
        "Quyết định",
        "Nghị quyết",
        "Quy định",
        "Thông tư",
        "Nghị định",
        "Chỉ thị",
    )


def _style_of(header: list[Line]) -> str:
    """ "state" for a Quốc hiệu or a State number ("Số:" …/KH-UBND), "party" for the Party
    title or a Party number (…-KH/ĐU); "" when the header says neither."""
    state = party = 0
    for line in header:
        folded = squash_spaces(fold(line.text))
        if _STATE_TITLE_RE.match(folded) or folded.startswith("cong hoa xa hoi"):
            state += 2
        elif folded in _PARTY_TITLE:
            party += 2
        m = _NUMBER_LINE_FOLDED_RE.match(folded)
        if m:
            found = re.search(NUMBER_IN_TEXT, line.text[m.start(1) :])
            parsed = try_parse(found.group(0)) if found else None
            if parsed is not None:
                if parsed.style == "state":
                    state += 1
                else:
                    party += 1
            elif re.search(r"/[a-z]+-[a-z]+", m[1]):
                state += 1  # "Số:        /KH-UBND": a State number with the serial left blank
    if state > party:
        return "state"
    if party > state:
        return "party"
    return ""


def _cites(text: str) -> bool:
    """A line of body text that cites a document (never part of a trích yếu)."""
    from ..core.citations import find_citations

    return bool(find_citations(text))


def _section_texts(sections: list[Section]) -> list[str]:
    out: list[str] = []
    for root in sections:
        for section in root.walk():
            out.append(section.heading)
            out.extend(p.text for p in section.paragraphs)
    return out
