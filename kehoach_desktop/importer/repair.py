"""Messy text as it really arrives, put back in order before the structure parser (issue 16).

- Text copied from web pages: literal ``\\r\\n`` escapes, a header table flattened
  into cells separated by ``|`` (one cell per line, or ``A | B |`` rows), the site's
  menu, visitor counter or metadata before the header.
- Header pieces broken over lines: ``CỘNG HÒA XÃ HỘI`` / ``CHỦ NGHĨA VIỆT NAM``,
  ``ỦY`` / ``BAN NHÂN DÂN``, ``Số:`` / ``15/2023/QĐ-UBND``, ``Sóc Trăng, ngày`` /
  ``27 tháng 09 năm 2022``, ``Sơn`` / ``La, ngày 11 tháng 3`` / ``năm 2020``.
- OCR confusions the domain makes certain: ``Ð`` (U+00D0) → ``Đ``, ``ƯBND`` →
  ``UBND``, ``NHÂNDÂN`` → ``NHÂN DÂN``, a lost first letter ``Y BAN NHÂN DÂN``.

Nothing here guesses: each rule fires only on a pattern that has one reading.
"""

from __future__ import annotations

import re
import unicodedata

from ..core.folding import fold_aligned as fold
from ..core.text import squash_spaces
from .textfile import Line

_ESCAPED_BREAK_RE = re.compile(r"\\r\\n|\\n|\\r")
_QUOC_HIEU = "cong hoa xa hoi chu nghia viet nam"
_PARTY_TITLE = "dang cong san viet nam"
_GENERIC_BODY = "uy ban nhan dan"
_MOTTO_RE = re.compile(r"^doc lap\s*[-–]?\s*(?:tu do\s*[-–]?\s*(?:hanh phuc)?)?$")
_DATE_TAIL_RE = re.compile(r"(?:,\s*ngay|\bngay\s*\d{0,2}|\bthang\s*\d{0,2}|\bnam)\s*$")
_DATE_HEAD_RE = re.compile(r"^(?:\d{1,2}\s+thang|thang\s+\d|nam\s+\d{4})")
_PLACE_DATE_START_RE = re.compile(r"^[^,\d]{1,30},\s*ngay\b")
_NUMBER_ALONE_RE = re.compile(r"^(?:[\w ]{0,20}\s)?s[oố]\s*:?$", re.IGNORECASE)


def unescape_breaks(text: str) -> str:
    """A page that shows ``\\r\\n`` literally: three or more of them are line breaks."""
    if text.count("\\r\\n") + text.count("\\n") >= 3:
        return _ESCAPED_BREAK_RE.sub("\n", text)
    return text


_TYPE_WORDS = (
    "KẾ HOẠCH|QUYẾT ĐỊNH|NGHỊ QUYẾT|CHỈ THỊ|HƯỚNG DẪN|KẾT LUẬN|QUY ĐỊNH|THÔNG BÁO|BÁO CÁO|CHƯƠNG TRÌNH|"
    "QUY CHẾ|ĐỀ ÁN|THÔNG TRI|CÔNG VĂN"
)
_BREAKS = [
    (re.compile(r"\*{3}"), "\n*\n"),
    (re.compile(r"\s*(?=Số\s*:?\s*\d)"), "\n"),
    (re.compile(rf"([a-zà-ỹ0-9)])\s*((?:{_TYPE_WORDS})(?=[A-ZĐÀ-Ỹa-zđà-ỹ ]))"), "\\1\n\\2"),
    (re.compile(rf"((?:{_TYPE_WORDS}))(V[ềe] vi[ệe]c)"), "\\1\n\\2"),
    (re.compile(r"-{5,}"), "\n"),
    (re.compile(r"\s*(?=-\s*Căn cứ )"), "\n"),
    (re.compile(r"([;.])\s+(?=Căn cứ )"), "\\1\n"),
    (re.compile(r"\s+(?=(?:[A-ZĐ][a-zà-ỹđ]+\s){0,3}[A-ZĐ][a-zà-ỹđ]+, ngày \d)"), "\n"),
    (re.compile(r"\s+(?=Điều \d+\.)"), "\n"),
    (re.compile(r"\s+(?=Nơi nhận\s*:)"), "\n"),
    (re.compile(r"(Nơi nhận:)\s*(?=- )"), "\\1\n"),
    (re.compile(r"([;.,])\s+(?=- [A-ZĐÀ-Ỹ])"), "\\1\n"),
    (re.compile(r"\s+(?=(?:TM\.|T/M|KT\.|K/T|TL\.|T/L) [A-ZĐÀ-Ỹ])"), "\n"),
    (re.compile(r"\s*(\(đã ký\))\s*"), "\n\\1\n"),
]


def unflatten(text: str) -> str:
    """A whole document pasted onto one line (a forum post, a chat message): line breaks go
    back before the parts every document has — number, type line, each "Căn cứ", each
    "Điều", Nơi nhận and its items, the signature. Only for long text on very few lines."""
    if text.count("\n") > 3 or len(text) < 600:
        return text
    for pattern, repl in _BREAKS:
        text = pattern.sub(repl, text)
    return text


def ocr_fixes(text: str) -> str:
    """Character confusions of OCR and old fonts that have a single reading."""
    if "Ð" in text or "ð" in text:
        text = text.replace("Ð", "Đ").replace("ð", "đ")
    # Each repair runs only when its tell-tale is there (the importer reads long texts).
    if "ƯBND" in text:
        text = re.sub(r"\bƯBND\b", "UBND", text)
    if "NHÂNDÂN" in text or "BANNHÂN" in text:
        text = re.sub(r"\bBAN ?NHÂN ?DÂN\b", "BAN NHÂN DÂN", text)
        text = re.sub(r"\bNHÂNDÂN\b", "NHÂN DÂN", text)
    if "VIỆTNAM" in text:
        text = re.sub(r"\bVIỆTNAM\b", "VIỆT NAM", text)
    return text


def _is_pipe_only(text: str) -> bool:
    return text.strip() in {"|", "||", "| |"}


def table_cells(lines: list[Line], limit: int = 60) -> list[Line]:
    """Header cells flattened with ``|`` get their (table, row, column) back.

    Web copies print a two-column header table cell after cell, a ``|`` between
    cells: either one cell per line with ``|`` alone on the lines between, or rows
    ``ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |``. Only the first lines
    are looked at, and only when at least two ``|`` separate cells there.
    """
    from .labels import match_label

    end = min(limit, len(lines))
    for k, line in enumerate(lines[:limit]):
        folded = fold(line.text)
        if match_label(line.text) or folded.startswith(("noi nhan", "can cu", "thuc hien")):
            end = k  # the header ends before the body: "|" further down is a side note
            break
    head = lines[:end]
    pipes = [k for k, line in enumerate(head) if "|" in line.text or line.side]
    if len(pipes) < 2 or any(line.cell is not None for line in head):
        return lines
    last = pipes[-1]
    out: list[Line] = []
    row = col = 0
    for line in lines[: last + 1]:
        # "A | B |" arrives as text A with side B (the reader split the row): a whole row.
        text = f"{line.text} | {line.side} |" if line.side else line.text
        pieces = text.split("|")
        for p, piece in enumerate(pieces):
            if p > 0:
                col += 1
                if col > 1:
                    row, col = row + 1, 0
            piece = piece.strip()
            if piece:
                out.append(Line(piece, bold=line.bold, blank_before=line.blank_before, cell=(0, row, col)))
    rest = lines[last + 1 :]
    return out + rest


def drop_page_chrome(lines: list[Line], limit: int = 80) -> tuple[list[Line], int]:
    """Drop what a web page prints before the header (menus, counters, metadata, a lead).

    The header is anchored on its Quốc hiệu or Party title; the lines just above it
    that look like a header (upper case, ``Số …``, rules, ``|``) are kept with it."""
    anchor = None
    for k, line in enumerate(lines[:limit]):
        lower = f"{line.text} {line.side}".lower()
        if "c" not in lower or not ("cộng" in lower or "cong" in lower or "cọng" in lower):
            continue  # cheap test first: no "cộng", no Quốc hiệu or Party title
        folded = squash_spaces(fold(f"{line.text} {line.side}"))
        if _QUOC_HIEU[:24] in folded or folded.startswith((_PARTY_TITLE, "cong hoa xa hoi")):
            anchor = k
            break
    if not anchor:
        return lines, 0
    table = lines[anchor].cell
    if table is not None:
        # A real table (.docx, PDF layout): the header is the whole table, whatever its cells say.
        start = next(k for k, line in enumerate(lines) if line.cell is not None and line.cell[0] == table[0])
        return lines[start:], start
    start = anchor
    for k in range(anchor - 1, max(anchor - 14, -1), -1):
        text = lines[k].text.strip()
        folded = fold(text)
        if (
            _is_upper(text)
            or _is_pipe_only(text)
            or re.match(r"^s[o]\s*:?\s", folded + " ")
            or re.fullmatch(r"[-–—_=*.·~| ]+", text)
        ):
            start = k
            continue
        break
    return lines[start:], start


def _is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _joined(a: str, b: str) -> str:
    return squash_spaces(f"{a.rstrip()} {b.lstrip()}")


def _prefix_of(text: str, phrase: str) -> bool:
    folded = squash_spaces(fold(text)).strip()
    return bool(folded) and phrase.startswith(folded) and folded != phrase


def join_header_pieces(lines: list[Line]) -> list[Line]:
    """Re-join header lines a narrow cell or a web page broke in the middle."""
    out: list[Line] = []
    for line in lines:
        text = line.text.strip()
        if text.startswith(("Y BAN NHÂN DÂN", "y ban nhân dân")):
            text = "Ủ" + text  # the first letter lost by the page (never another reading)
        line = Line(
            text,
            bold=line.bold,
            heading=line.heading,
            soft=line.soft,
            blank_before=line.blank_before,
            cell=line.cell,
            side=line.side,
            bullet=line.bullet,
        )
        if out and out[-1].cell == line.cell:
            prev = out[-1]
            a, b = squash_spaces(fold(prev.text)), squash_spaces(fold(text))
            join = False
            both = f"{a} {b}"
            for phrase in (_QUOC_HIEU, _PARTY_TITLE, _GENERIC_BODY, "uy ban thuong vu quoc hoi"):
                if _prefix_of(prev.text, phrase) and (phrase.startswith(both) or both.startswith(phrase)):
                    join = True
            if _MOTTO_RE.match(f"{a} {b}") and not _MOTTO_RE.match(b):
                join = True
            if _NUMBER_ALONE_RE.match(prev.text.strip()) and re.match(r"^\d", text):
                join = True  # "Số:" / "15/2023/QĐ-UBND"
            if _DATE_TAIL_RE.search(a) and _DATE_HEAD_RE.match(b) and len(a) < 60:
                join = True  # "Sóc Trăng, ngày" / "27 tháng 09 năm 2022"
            if (
                len(prev.text.split()) <= 2
                and not _is_upper(prev.text)
                and prev.text[:1].isupper()
                and _PLACE_DATE_START_RE.match(b)
            ):
                join = True  # "Sơn" / "La, ngày 11 tháng 3"
            if line.cell is not None and _wrapped_body(prev.text, text):
                join = True  # "TIỂU BAN THÔNG TIN," / "TUYÊN TRUYỀN, KHÁNH" / "TIẾT" in a narrow cell
            if join:
                prev.text = _joined(prev.text, text)
                continue
        out.append(line)
    return out


def _wrapped_body(prev: str, text: str) -> bool:
    """A body's name wrapped in a narrow header cell: the line before ends with a comma (a
    name never does), or this line is one word (no body is named in one word)."""
    prev, text = prev.strip(), text.strip()
    if not (_is_upper(prev) and _is_upper(text)) or text.startswith(("SỐ", "Số")):
        return False
    if sum(ch.isalpha() for ch in text) < 2:
        return False  # "*", rules
    if any(_prefix_of(text, phrase) or squash_spaces(fold(text)) == phrase for phrase in (_QUOC_HIEU, _PARTY_TITLE)):
        return False  # "CỘNG" / "HÒA XÃ HỘI …": the other column's title starting
    return prev.endswith(",") or (len(text.split()) == 1 and len(text) >= 3)


_OCR_TAIL_RE = re.compile(r"(?:\s+[-–—_~¬|]+|[_~¬|]+)+$")
_OCR_HEAD_RE = re.compile(r"^[-–—_~¬|.,:;\s]+(?=[A-ZĐÀ-Ỹ])")


_MOTTO_OCR_RE = re.compile(r"^[^a-z]*[a-z]{0,4}\s*lap\s*[-–]?\s*tu do\s*[-–]?\s*hanh phuc\W*$")
# Marks after the last word of a signature line: a stamp's edge, the signature's strokes.
_SIGNATURE_TAIL_RE = re.compile(r"^(.*?\w{2,}[.)]?)((?:\s+(?:[^A-ZĐÀ-Ỹ\s(]\S{0,2}|\d{1,3}))+)$")
_TRUONG_RE = re.compile(r"\bTRƯỜNG(?= (?:TIỂU BAN|BAN|PHÒNG|ĐOÀN|KHOA)\b)")
_QH_RE = re.compile(r"(/(?:UBTV)?QH)[Il|](\d{1,2})\b")
_NUMBER_HYPHEN_RE = re.compile(r"(?<=\d/[A-ZĐ]{2})-\s+(?=[A-ZĐ]{2,}\b)|(?<=\d/[A-ZĐ]{3})-\s+(?=[A-ZĐ]{2,}\b)")
# A type code read with its Đ twice ("03/QĐĐ-UBBC"): no code has a double Đ.
_DOUBLE_D_RE = re.compile(r"(?<=/)([A-Z]*)ĐĐ(?=[A-Z]*\s?[-/])")


def clean_ocr_line(text: str, header: bool, signature: bool = False) -> str:
    """Specks and rule fragments OCR leaves at the ends of a line ("Số: 07/KH-UBND -",
    "năm 2020_", "- VIỆT NAM" in a header cell); "" for a line of specks only. Then the
    readings the domain makes certain: the motto ("pc lập - Tự do - Hạnh phúc"), a
    syllable split or glued by OCR ("CHƯƠN G", "CỬXÃ"), "TRƯỜNG BAN" in a signature,
    "QĐĐ" in a number."""
    text = _OCR_TAIL_RE.sub("", text.strip())
    if header:
        text = _OCR_HEAD_RE.sub("", text)
        tail = re.match(r"^(.*\S)\s+(\S{1,2})$", text)
        if tail and _is_upper(tail[1]) and len(tail[1]) > 6 and not _is_upper(tail[2]) and not tail[2].isdigit():
            text = tail[1]  # "QUẬN ỦY BA ĐÌNH ÿ": the "*" under the body read as a letter
        letters = sum(ch.isalpha() for ch in text)
        if letters < 3 and not any(ch.isdigit() for ch in text) and text != "*":
            return ""  # "KH", "N": specks beside the column's rule
        if _MOTTO_OCR_RE.match(squash_spaces(fold(text))):
            return "Độc lập - Tự do - Hạnh phúc"
        # "TĨNHT SƠN LA" under "ỦY BAN NHÂN DÂN": a header line opens with the level word TỈNH
        # (no place name starts with "Tĩnh" and goes on).
        text = re.sub(r"^T[ĨỈIÍÌ]NH[T]?(?= [A-ZĐÀ-Ỹ])", "TỈNH", text)
    else:
        # "I." read as "_L", "l." or "1" before an upper-case part title.
        text = re.sub(r"^[_|]?[lLI1]\s*[.\-]?\s+(?=[A-ZĐÀ-Ỹ]{2,}[A-ZĐÀ-Ỹ ,\-]*$)", "I. ", text)
        text = re.sub(r"^[_|¬~]+(?=[A-ZĐÀ-Ỹ]{2})", "", text)  # "_KẾ HOẠCH"
        # "_2, Hội nghị …": a speck before an item's number (no label starts with "_").
        text = re.sub(r"^[_¬~]+(?=\d{1,2}[.,] [A-ZĐÀ-Ỹ])", "", text)
        # "2-_ Ở cấp cơ sở": a speck after an item's number, before its title.
        text = re.sub(r"^(\d{1,2}[.\-])\s*[_¬~|]+\s+(?=[A-ZĐÀ-Ỹ])", r"\1 ", text)
        # "số lượng. người được": a speck read as a full stop inside a sentence (a sentence
        # never goes on in lower case after its full stop; "v.v. và" keeps its dots).
        if ". " in text:
            text = _STRAY_STOP_RE.sub(lambda m: m[1] if m[1].islower() and m[2].islower() else m[0], text)
        # "ban hành trước ngày 15-5-2026..": a speck read as a second full stop (an ellipsis keeps its three)
        text = re.sub(r"(?<=[\w)])\.\.(?=\s|$)", ".", text)
        # The Party's commonest words with a tone mark OCR misreads (no other reading in a plan):
        # "đáng viên", "chỉ bộ" (but "chỉ bộ phận …" is "only the unit …").
        for wrong, right in _OCR_WORDS:
            if wrong.search(text):
                text = wrong.sub(right, text)
    if signature:
        tail = _SIGNATURE_TAIL_RE.match(text)
        if tail and (_is_upper(tail[1]) or re.fullmatch(r"(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+ ?){2,6}", tail[1])):
            text = tail[1]
        text = _TRUONG_RE.sub("TRƯỞNG", text)
    if "ĐĐ" in text:
        text = _DOUBLE_D_RE.sub(r"\1Đ", text)
    if "QH" in text:
        # "101/2025/UBTVQHI15": the legislature's number is two digits ("QHI5" is QH15).
        text = _QH_RE.sub(lambda m: f"{m[1]}{m[2] if len(m[2]) == 2 else '1' + m[2]}", text)
    text = _NUMBER_HYPHEN_RE.sub("-", text)  # "101/QĐ- TTG": no space after a number's hyphen
    text = syllable_repairs(text)
    letters = sum(ch.isalpha() for ch in text)
    if letters < 2 and text != "*":
        return ""
    return text


_OCR_WORDS = (
    (re.compile(r"\b([đĐ])áng (viên|ủy|uỷ|bộ)\b"), r"\1ảng \2"),
    (re.compile(r"\b([cC])hỉ bộ\b(?! phận)"), r"\1hi bộ"),
)
_STRAY_STOP_RE = re.compile(r"(?<=[^\W\d_])([^\W\d_])\.(?= ([^\W\d_])[^\W\d_])")
_WORD_RE = re.compile(r"[^\W\d_]+")


def _syllable(word: str) -> bool:
    from ..core.spelling import speller, variants

    words = speller().words
    lower = word.lower()
    return lower in words or any(v in words for v in variants(lower))


def syllable_repairs(text: str) -> str:
    """A syllable OCR split in two ("CHƯƠN G", "NƯ ỚC") or two it glued ("CỬXÃ", "SƠNLA"),
    put back where the syllable list allows one reading only: the pieces are not both
    syllables and together they are one; the glued word is no syllable and splits into two
    in exactly one way. Upper-case words only are split (acronyms are never split: no
    piece without a vowel)."""
    parts = re.split(r"( )", text)
    out: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        if (
            i + 2 < len(parts)
            and parts[i + 1] == " "
            and _WORD_RE.fullmatch(part)
            and _WORD_RE.fullmatch(parts[i + 2])
            and (part.isupper() == parts[i + 2].isupper() or parts[i + 2].islower())
            and not (_syllable(part) and _syllable(parts[i + 2]))
            and _syllable(part + parts[i + 2])
        ):
            out.append(part + parts[i + 2])
            i += 3
            continue
        if _WORD_RE.fullmatch(part) and part.isupper() and len(part) >= 4 and not _syllable(part):
            splits = [
                (part[:k], part[k:])
                for k in range(2, len(part) - 1)
                if _has_vowel(part[:k]) and _has_vowel(part[k:]) and _syllable(part[:k]) and _syllable(part[k:])
            ]
            if len(splits) == 1:
                part = f"{splits[0][0]} {splits[0][1]}"
        out.append(part)
        i += 1
    return "".join(out)


def _has_vowel(word: str) -> bool:
    return any(ch in "aeiouy" for ch in unicodedata.normalize("NFD", word.lower()))
