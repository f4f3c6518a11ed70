"""Citations of upstream documents in running text.

``Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị về tiếp tục …`` →
type, canonical number, date, issuer, summary. Used when a user pastes a
citation into the registry form, by the importer and by the pre-signing check.

Real plans cite loosely: without "số" (``Nghị quyết 37-NQ/TW``), with stray spaces
(``58- KH/BTGTU``, ``04 NQ/TU``), with the date after the issuer (``của Ban Bí thư
(khóa XII) ngày 18/1/2018``), with a typo in the type word (``HHhhhướng dẫn``) or
with no type word at all. So the finder starts from every document number in the
text and looks around it, rather than from the type word.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .dates import format_citation_date, parse_date_or_none
from .domain import level_names
from .folding import fold_aligned
from .numbers import NUMBER_IN_TEXT, STATE_TYPE_NAMES, TYPE_NAMES, DocNumber, try_parse
from .text import fold, nfc, squash_spaces

# Type names as they start a citation (longest first so "Quyết định" beats "Quy").
CITABLE_TYPES = sorted(
    {
        "Nghị quyết liên tịch",
        "Thông tư liên tịch",
        "Nghị quyết",
        "Chỉ thị",
        "Kết luận",
        "Quy định",
        "Quyết định",
        "Hướng dẫn",
        "Kế hoạch",
        "Chương trình",
        "Thông báo",
        "Báo cáo",
        "Tờ trình",
        "Quy chế",
        "Đề án",
        "Phương án",
        "Công văn",
        "Thông tri",
        "Thông tư",
        "Nghị định",
        "Luật",
        "Văn bản",
    },
    key=len,
    reverse=True,
)
_FOLDED_TYPES = {fold(t): t for t in CITABLE_TYPES}
# "Đế án" (a typo seen in a sample) folds to "de an" too, so folding catches it.
_TYPE_ALTERNATION = "|".join(re.escape(fold(t)) for t in CITABLE_TYPES)

# Default issuer names by body code, used only when the citation names none.
BODY_NAMES: dict[str, str] = {
    "BTGTW": "Ban Tuyên giáo Trung ương",
    "BTCTW": "Ban Tổ chức Trung ương",
    "VPTW": "Văn phòng Trung ương Đảng",
    "UBKTTW": "Ủy ban Kiểm tra Trung ương",
    "BTGTU": "Ban Tuyên giáo Tỉnh ủy",
    "BTCTU": "Ban Tổ chức Tỉnh ủy",
    "VPTU": "Văn phòng Tỉnh ủy",
    "UBKTTU": "Ủy ban Kiểm tra Tỉnh ủy",
    "TU": "Tỉnh ủy",
    "ThU": "Thành ủy",
    "HU": "Huyện ủy",
    "QU": "Quận ủy",
    "ĐU": "Đảng ủy",
    "ĐUK": "Đảng ủy Khối",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
}

# Trung ương / Tỉnh / Xã (two-tier local government since 01/7/2025), the old Huyện
# kept for older documents, Nội bộ: data in resources/domain/levels.json (issue 17).
LEVELS = level_names()


# The National Assembly's laws and resolutions (85/2015/QH13, 653/2019/UBTVQH14) carry the
# term in their code; ministries issue circulars as TT-BNV, TT-BTC …; the Central Committee of
# the Fatherland Front writes MTTW (06/KH-MTTW-BTT). Any part of a joint code counts.
_CENTRAL_PART = re.compile(
    r"(?:UBTV)?QH\d{0,2}|MTTW|.*UBTW.*|VPCP|TTCP|NHNN|KTNN|TANDTC|VKSNDTC|"
    r"B(?:NV|TC|YT|GDĐT|CA|QP|CT|KHĐT|TTTT|TP|NG|XD|GTVT|NNPTNT|LĐTBXH|VHTTDL|KHCN|TNMT|DTTG|NNMT|KHCNĐMST)"
)
_NAMED_CODES = ((re.compile(r"UBTVQH\d{0,2}"), "Ủy ban Thường vụ Quốc hội"), (re.compile(r"QH\d{0,2}"), "Quốc hội"))


def default_issuer(body_code: str) -> str:
    """The issuer a body code names by itself ("QH13" → Quốc hội), or ""."""
    for pattern, name in _NAMED_CODES:
        if pattern.fullmatch(body_code):
            return name
    return BODY_NAMES.get(body_code, "")


def level_for_body(body_code: str) -> str:
    """Best guess of a document's level from its body code; the user may change it."""
    code = body_code.upper()
    if code.endswith(("TW", "-CP")) or code in {"CP", "TTG"}:
        return "Trung ương"
    if any(_CENTRAL_PART.fullmatch(part) for part in code.split("-")):
        return "Trung ương"
    if code.endswith(("TU", "THU", "-TU")) or code == "ĐUK":
        return "Tỉnh"
    if code.endswith(("HU", "QU")) or code in {"TXU", "TPU"}:
        return "Huyện"
    return "Xã"


_ISSUER_LEVELS = (
    (
        re.compile(
            r"^(?:bo(?! chi huy)|chinh phu|thu tuong|quoc hoi|uy ban thuong vu quoc hoi|van phong chinh phu|"
            r"ban chap hanh trung uong|bo chinh tri|ban bi thu)\b|trung uong"
        ),
        "Trung ương",
    ),
    (re.compile(r"\b(?:(?<!thi )xa(?! hoi)|phuong|thi tran)\b"), "Xã"),  # a thị xã is a district
    # «quận», not the syllable of «cơ quan» (Đảng ủy Khối các cơ quan tỉnh was filed under Huyện —
    # the walk), «quân sự», «quân đội», «quân khu»
    (re.compile(r"\b(?:huyen|(?<!co )quan(?! su| doi| khu)|thi xa|thi uy)\b"), "Huyện"),
    (re.compile(r"\b(?:tinh|thanh pho)\b|^so\b|^(?:uy ban nhan dan|hoi dong nhan dan) [a-z]"), "Tỉnh"),
)


def level_for(body_code: str, issuer: str = "") -> str:
    """A document's level from its issuing body's name when there is one ("Ủy ban nhân dân
    tỉnh Sóc Trăng" → Tỉnh, "Bộ Nội vụ" → Trung ương), else from its body code (issue 16:
    a UBND tỉnh document is filed under Tỉnh, not with the commune's)."""
    name = fold(issuer or "")
    for pattern, level in _ISSUER_LEVELS:
        if name and pattern.search(name):
            return level
    return level_for_body(body_code)


@dataclass
class Citation:
    doc_type: str
    number: str  # canonical
    date: dt.date | None = None
    issuer: str = ""
    subject: str = ""
    start: int = 0  # span in the text it was found in
    end: int = 0
    raw_number: str = ""  # as written, before normalisation
    extra: dict[str, Any] = field(default_factory=dict)

    def format(self, prefix: str = "") -> str:
        """Official citation form: ``Hướng dẫn số 73-HD/BTGTU, ngày 16/11/2023 của … về …``."""
        parts = [f"{self.doc_type} số {self.number}"]
        if self.date:
            parts.append(f", ngày {format_citation_date(self.date)}")
        if self.issuer:
            parts.append(f" của {self.issuer}")
        if self.subject:
            subject = self.subject
            if not fold(subject).startswith(("ve ", "huong dan ")):
                subject = "về " + subject
            parts.append(" " + subject)
        text = "".join(parts)
        return f"{prefix} {text}".strip() if prefix else text


_NOISE_RE = re.compile(r"\[bookmark:[^\]]*\]|\*+")
# A number standing on its own (not the tail of a longer token or of a date).
_NUMBER_RE = re.compile(rf"(?<![\w/.\-])(?:{NUMBER_IN_TEXT})")
# The type word right before a number: "Kết luận số ", "Nghị quyết ", "Quy định số: ".
_TYPE_BEFORE_RE = re.compile(rf"(?:^|[^\w])({_TYPE_ALTERNATION})\s*(?:so\s*:?\s*)?$")
_TYPE_WINDOW = 32
_DATE = (
    r"(\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*(?:\d{4}|\d{2} \d{2})"
    r"|\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4})"
)
# "ngày15/01/2024" (no space) and "16/7/20 21" (a space typed inside the year) are read too.
_DATE_AFTER_RE = re.compile(rf"\s*,?\s*(?:ban hanh\s+)?(?:ngay\s*)?{_DATE}(?!\d)")
# "…/TƯ": "TƯ" is how people (and OCR) write TW — or TU when the Tỉnh ủy is named next.
_TU_HORN_RE = re.compile(r"(?<=/)\s*TƯ(?![A-Za-zÀ-ỹ])")
_TINH_UY_RE = re.compile(r"[^.;\n]{0,40}?t[iỉ]nh\s*[uủ][yỷ]", re.IGNORECASE)
_GLUED_NGAY_RE = re.compile(r"(?<=[A-ZĐ0-9])ng(?:[aà]y?)?$")
_ISSUER_RE = re.compile(r"\s*,?\s*cua\s+")
# Where an issuer's name ends: the subject starts, a date follows, or a clause ends.
_ISSUER_STOP_RE = re.compile(
    r"\s+(?:ve|huong dan|ban hanh|khoa\s+[xvil]+\b|ngay\s*\d+|nham|gan voi|trong|tai|theo|de|quy dinh|phe duyet|"
    r"sua doi|thanh lap|cong bo|trien khai|thuc hien|tiep tuc|da|la|kem theo|den)\b"
    r"|\s+va\s+(?!dan van\b)"
    r"|\s*[,;:.(“\"”«\n]|\s+[-–]\s|$"
)
_CAP_WORDS = r"[A-ZĐÀ-Ỹ][\wÀ-ỹđ]*(?:\s+[a-zđà-ỹ][\wà-ỹđ]*)?"
# «… của Bộ Chính trị và Chỉ thị này»: a document named after «và» is not part of the body's name.
_NOT_A_BODY = (
    r"(?!(?:Chỉ thị|Nghị quyết|Kế hoạch|Kết luận|Quy định|Quyết định|Hướng dẫn|Thông báo|Thông tri|Chương trình"
    r"|Công văn|Đề án|Luật|Nghị định|Thông tư|Văn bản)\b)"
)
_COMPOUND_BODY_RE = re.compile(
    rf"(?:Bộ|Sở|Phòng|Ban|Ủy ban|Uỷ ban|Tổng cục|Cục|Vụ|Chi cục|Trung tâm)\s+{_CAP_WORDS}"
    rf"(?:(?:,\s*|\s+[-–]\s+|\s+và\s+){_NOT_A_BODY}{_CAP_WORDS}){{1,3}}"
)
COMPOUND_BODY_RE = _COMPOUND_BODY_RE  # the importer reads unit lists with it too
_KHOA_RE = re.compile(r"\s*(?:\(\s*)?khoa\s+[xvil]+\s*\)?")
_SUBJECT_RE = re.compile(r"\s*,?\s*(ve\s+(?:viec\s+)?|huong dan\s+)")
_SUBJECT_STOP_RE = re.compile(r"\n|;|\.(?:\s|$)|…|\s\(|,\s+(?=[A-ZĐ][a-zà-ỹđ]+ [A-ZĐ])")
_SUBJECT_STOP_FOLDED_RE = re.compile(r",\s+(?:gan voi|nham|gop phan|dong thoi|tao |dam bao|phu hop|kip thoi|dap ung)")
_LIST_JOIN_RE = re.compile(r"(?:[,;(]|\s+va|\s+cung|\s+hoac)\s*$")
_MAX_ISSUER_WORDS = 14


def _strip_noise(text: str) -> str:
    return _NOISE_RE.sub("", nfc(text))


def _fold_aligned(text: str) -> str:
    """fold() that keeps one character per character, so spans index both strings."""
    return fold_aligned(text)


def _clean_issuer(issuer: str) -> str:
    issuer = squash_spaces(issuer).strip(" ,;")
    words = issuer.split()
    if len(words) > _MAX_ISSUER_WORDS:
        issuer = " ".join(words[:_MAX_ISSUER_WORDS])
    for tail in (" và", " của"):
        issuer = issuer.removesuffix(tail)
    return issuer.strip(" ,;")


_QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("«", "»"), ("(", ")"))


def _clean_subject(subject: str) -> str:
    subject = squash_spaces(subject).strip(" ,;:")
    for tail in (" và", " của", " về"):
        if subject.endswith(tail):
            subject = subject[: -len(tail)].rstrip(" ,;")
    # Quotes around the whole subject go; a closing mark whose opening is inside stays;
    # a closing mark without an opening (the end of an enclosing bracket) goes.
    for _ in range(3):
        changed = False
        for opening, closing in _QUOTE_PAIRS:
            if (
                len(subject) >= 2
                and subject[0] == opening
                and subject[-1] == closing
                and subject.count(opening) + (subject.count(closing) if opening != closing else 0) <= 2
            ):
                subject, changed = subject[1:-1].strip(), True
            elif subject.endswith(closing) and opening != closing and subject.count(opening) < subject.count(closing):
                subject, changed = subject[:-1].rstrip(), True
            elif subject.startswith(opening) and opening != closing and subject.count(closing) < subject.count(opening):
                subject, changed = subject[1:].lstrip(), True
        if not changed:
            break
    if subject.count("“") > subject.count("”"):
        subject += "”"
    if subject.count('"') % 2 == 1:
        subject = subject.strip('"') if subject.startswith('"') or subject.endswith('"') else subject
    return subject.strip(" ,;:")


def _type_for(number: DocNumber) -> str:
    table = STATE_TYPE_NAMES if number.style == "state" else TYPE_NAMES
    return table.get(number.type_code, "")


@dataclass
class _Hit:
    head: int  # where the citation starts (type word, or the number)
    num_start: int
    num_end: int
    doc_type: str
    number: DocNumber


# Hyphens a word processor puts in numbers ("296‑QĐ/TW" with a non-breaking hyphen): read as "-"
# (one character for one, so spans still index the text).
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-"})


def _horn_fixed(text: str) -> str:
    """ "13-NQ/TƯ" → "13-NQ/TU" when "của Tỉnh ủy" follows, else "…/TW" (same length)."""
    if "TƯ" not in text:
        return text

    def repl(m: re.Match[str]) -> str:
        code = "TU" if _TINH_UY_RE.match(text, m.end()) else "TW"
        return str(m.group(0)).replace("TƯ", code)

    return _TU_HORN_RE.sub(repl, text)


def _hits(text: str, folded: str) -> list[_Hit]:
    hits: list[_Hit] = []
    for m in _NUMBER_RE.finditer(text):
        raw, end = m.group(0), m.end()
        glued = _GLUED_NGAY_RE.search(raw)
        if glued and folded.startswith("ngay", m.start() + glued.start()):
            raw, end = raw[: glued.start()], m.start() + glued.start()  # "70-TB/TWngày 06 …"
        number = try_parse(raw)
        if number is None:
            continue
        window_start = max(0, m.start() - _TYPE_WINDOW)
        window = folded[window_start : m.start()]
        tm = _TYPE_BEFORE_RE.search(window)
        if tm and tm.start(1) == 0 and window_start > 0 and folded[window_start - 1].isalnum():
            tm = None  # the window cut a longer word
        if tm:
            word = _FOLDED_TYPES.get(tm[1], "")
            doc_type = word if word and word != "Văn bản" else (_type_for(number) or word)
            head = window_start + tm.start(1)
        else:
            # No type word (or a mistyped one): only a known type code makes it a citation.
            doc_type = _type_for(number)
            if not doc_type and number.year and re.fullmatch(r"QH\d{1,2}", number.body):
                doc_type = "Luật"  # "Luật Tổ chức Quốc hội số 57/2014/QH13"
            elif not doc_type and number.year and re.fullmatch(r"UBTVQH\d{1,2}", number.body):
                doc_type = "Nghị quyết"
            if not doc_type:
                continue
            head = m.start()
        hits.append(_Hit(head, m.start(), end, doc_type, number))
    return hits


def find_citations(text: str) -> list[Citation]:
    """Every citation in *text*, in order, with its span. Noise markers are ignored.

    Spans index the text after NFC and noise removal (``[bookmark: …]``, ``*``).
    """
    text = _horn_fixed(_strip_noise(text or "")).translate(_HYPHENS)
    folded = _fold_aligned(text)
    hits = _hits(text, folded)
    found: list[Citation] = []
    for i, hit in enumerate(hits):
        limit = hits[i + 1].head if i + 1 < len(hits) else len(text)
        found.append(_read_tail(text, folded, hit, limit, len(text)))
    return found


def _read_tail(text: str, folded: str, hit: _Hit, next_head: int, size: int) -> Citation:
    """Date, issuer and subject written after the number."""
    pos = hit.num_end
    date = None

    def read_date() -> None:
        nonlocal pos, date
        dm = _DATE_AFTER_RE.match(folded, pos)
        if dm and date is None:
            date = parse_date_or_none(re.sub(r"(\d{2}) (\d{2})$", r"\1\2", text[dm.start(1) : dm.end(1)]))
            pos = dm.end()

    read_date()
    issuer = ""
    im = _ISSUER_RE.match(folded, pos)
    if im:
        start = im.end()
        # A body whose name has commas, "và" or " - " ("Sở Văn hóa, Thể thao và Du lịch",
        # "Bộ Lao động - Thương binh và Xã hội") is read whole before the usual stops apply.
        compound = _COMPOUND_BODY_RE.match(text, start)
        stop = None
        ahead = text[start : start + 80]
        shouting = ahead.upper() == ahead  # a title in capitals: case tells nothing about names
        for candidate in _ISSUER_STOP_RE.finditer(folded, compound.end() if compound else start):
            word = candidate.group(0).lstrip()
            if not shouting and word[:1].isalpha() and text[candidate.end() - len(word)].isupper():
                continue  # "Bộ Tài chính", "Ban Tổ chức": a capitalised word is part of the name
            stop = candidate
            break
        end = stop.start() if stop else size
        if next_head > start:
            end = min(end, next_head)
        issuer = _clean_issuer(text[start:end])
        pos = end
        km = _KHOA_RE.match(folded, pos)
        if km:
            pos = km.end()
        read_date()  # "… của Ban Bí thư (khóa XII) ngày 18/1/2018"
    subject = ""
    sm = _SUBJECT_RE.match(folded, pos)
    if sm:
        start = sm.end()
        if folded.startswith("huong dan", sm.start(1)):
            start = sm.start(1)
        quoted = re.match(r"\s*[“\"«]([^”\"»\n]+)[”\"»]", text[start:])
        if quoted:
            subject = _clean_subject(quoted[1])
            pos = start + quoted.end()
        else:
            rest = text[start:]
            stop = _SUBJECT_STOP_RE.search(rest)
            end = start + (stop.start() if stop else len(rest))
            fstop = _SUBJECT_STOP_FOLDED_RE.search(folded, start, end)
            if fstop:
                end = fstop.start()
            # A following citation ends the subject when it starts a new list item
            # ("…, Nghị quyết số 07-NQ/HU"), not when the subject names it
            # ("về thực hiện Nghị quyết số 35-NQ/TW").
            if start < next_head < end and _LIST_JOIN_RE.search(folded[start:next_head]):
                end = next_head
            subject = _clean_subject(text[start:end])
            pos = end
    return Citation(
        doc_type=hit.doc_type,
        number=hit.number.format(),
        date=date,
        issuer=issuer,
        subject=subject,
        start=hit.head,
        end=max(pos, hit.num_end),
        raw_number=text[hit.num_start : hit.num_end],
    )


def parse_citation(text: str) -> Citation | None:
    """The first citation in a pasted text (with or without a leading "Căn cứ")."""
    found = find_citations(text)
    if found:
        cite = found[0]
        if not cite.issuer:
            number = try_parse(cite.number)
            if number is not None:
                cite.issuer = default_issuer(number.body)
        return cite
    # A bare number such as "73-HD/BTGTU" is still useful.
    number = try_parse(squash_spaces(_strip_noise(text or "")))
    if number is None:
        return None
    return Citation(
        doc_type=_type_for(number) or "Văn bản",
        number=number.format(),
        issuer=default_issuer(number.body),
    )


@dataclass
class PartialCitation:
    """ "Chỉ thị số 35 ngày 30/5/2019": a citation typed without its symbol (no "-CT/TW")."""

    doc_type: str
    serial: int
    date: dt.date | None
    text: str


_PARTIAL_RE = re.compile(
    rf"(?:^|[^\w])({_TYPE_ALTERNATION})\s+(?:so\s*:?\s*)?(\d{{1,5}})(?![\d/\-\w])\s*,?\s*"
    rf"(?:ngay\s*)?(\d{{1,2}}\s*[/.\-]\s*\d{{1,2}}\s*[/.\-]\s*\d{{4}}|\d{{1,2}}\s+thang\s+\d{{1,2}}\s+nam\s+\d{{4}})"
)


def partial_citations(text: str) -> list[PartialCitation]:
    """Citations with a type word, a serial and a date but no symbol. They are linked to the
    registry only when exactly one document matches (type, serial, date); else flagged."""
    text = _strip_noise(text or "")
    folded = _fold_aligned(text)
    out: list[PartialCitation] = []
    for m in _PARTIAL_RE.finditer(folded):
        doc_type = _FOLDED_TYPES.get(m[1], "")
        if not doc_type or doc_type == "Văn bản":
            continue
        out.append(
            PartialCitation(
                doc_type, int(m[2]), parse_date_or_none(text[m.start(3) : m.end(3)]), text[m.start(1) : m.end()]
            )
        )
    return out


def unique_references(text: str) -> list[Citation]:
    """Citations unique by canonical number, in order of first appearance.

    A later citation of the same number fills in a date, issuer or subject that the
    first one lacked (plans often cite a document fully once and briefly after).
    """
    seen: dict[str, Citation] = {}
    for cite in find_citations(text):
        first = seen.get(cite.number)
        if first is None:
            seen[cite.number] = cite
            continue
        first.date = first.date or cite.date
        first.issuer = first.issuer or cite.issuer
        first.subject = first.subject or cite.subject
    return list(seen.values())


# Letters that begin no word an issuer code abbreviates (Vietnamese has no F, J, W, Z, and no
# Party or State body is named by a word in E, I or O); W only in «TW» (Trung ương). OCR reads
# specks and broken strokes as exactly these: «15-HD/ETGDVIW» for 15-HD/BTGDVTW (issue 18).
_FOREIGN_CODE_LETTERS = re.compile(r"[EFIJOWZ]")
_TERM_SUFFIX = re.compile(r"(?<=QH)\d{1,2}$")  # 85/2015/QH13: the term, the only digits a body code has


def implausible_number(number: str) -> str:
    """Why *number* cannot be a real document's number as read («ký hiệu cơ quan có chữ lạ
    "E, I"»), or "" when it can. For citations read by OCR: such a number is never
    registered without the user's word."""
    parsed = try_parse(number)
    if parsed is None:
        return "không đúng dạng số ký hiệu"
    table = STATE_TYPE_NAMES if parsed.style == "state" else TYPE_NAMES
    if parsed.type_code and parsed.type_code not in table:
        return f"loại văn bản «{parsed.type_code}» không có"
    for part in parsed.body.split("-"):
        code = _TERM_SUFFIX.sub("", part).upper().replace("TW", "")
        letters = sorted(set(_FOREIGN_CODE_LETTERS.findall(code)))
        if letters:
            return f"ký hiệu cơ quan «{parsed.body}» có chữ {', '.join(letters)} mà không cơ quan nào dùng"
        if any(ch.isdigit() for ch in code):
            return f"ký hiệu cơ quan «{parsed.body}» lẫn chữ số"
    return ""
