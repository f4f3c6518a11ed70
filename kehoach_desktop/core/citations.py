"""Citations of upstream documents in running text.

``Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị về tiếp tục …`` →
type, canonical number, date, issuer, summary. Used when a user pastes a
citation into the registry form, by the importer and by the pre-signing check.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .dates import format_citation_date, parse_date_or_none
from .numbers import NUMBER_IN_TEXT, TYPE_NAMES, STATE_TYPE_NAMES, try_parse
from .text import fold, nfc, squash_spaces

# Type names as they start a citation (longest first so "Quyết định" beats "Quy").
CITABLE_TYPES = sorted(
    {
        "Nghị quyết", "Chỉ thị", "Kết luận", "Quy định", "Quyết định", "Hướng dẫn",
        "Kế hoạch", "Chương trình", "Thông báo", "Báo cáo", "Tờ trình", "Quy chế",
        "Đề án", "Phương án", "Công văn", "Thông tri", "Thông tư", "Nghị định", "Luật",
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

LEVELS = ("Trung ương", "Tỉnh", "Cơ sở", "Nội bộ")


def level_for_body(body_code: str) -> str:
    """Best guess of a document's level from its body code; the user may change it."""
    code = body_code.upper()
    if code.endswith("TW") or code in {"CP", "TTG"} or code.endswith("-CP"):
        return "Trung ương"
    if code.endswith("TU") or code.endswith("THU") or code.endswith("-TU"):
        return "Tỉnh"
    return "Cơ sở"


@dataclass
class Citation:
    doc_type: str
    number: str                 # canonical
    date: dt.date | None = None
    issuer: str = ""
    subject: str = ""
    start: int = 0              # span in the text it was found in
    end: int = 0
    raw_number: str = ""        # as written, before normalisation
    extra: dict = field(default_factory=dict)

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
_HEAD_RE = re.compile(
    rf"(?<![\w])({_TYPE_ALTERNATION})\s+(?:so\s*:?\s*)?({NUMBER_IN_TEXT})",
    re.IGNORECASE,
)
_DATE_AFTER_RE = re.compile(
    r"^\s*,?\s*(?:ngay\s+)?(\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4})"
)
_ISSUER_RE = re.compile(r"^\s*,?\s*cua\s+")
# Where an issuer's name ends: the subject starts, or a clause or list ends.
_ISSUER_STOP_RE = re.compile(
    r"\s+(?:ve|huong dan|ban hanh|khoa\s+[xvil]+|\(khoa)\b|\s*[,;:.(“\"\n]|\s+[-–]\s|$"
)
_SUBJECT_RE = re.compile(r"^\s*,?\s*(ve\s+(?:viec\s+)?|huong dan\s+)")
_SUBJECT_STOP_RE = re.compile(r"\n|;|\.(?:\s|$)|\s\(|,\s+(?=[A-ZĐ][a-zà-ỹđ]+ [A-ZĐ])")


def _strip_noise(text: str) -> str:
    return _NOISE_RE.sub("", nfc(text))


def _clean_issuer(issuer: str) -> str:
    issuer = squash_spaces(issuer).strip(" ,;")
    return issuer


def _clean_subject(subject: str) -> str:
    subject = squash_spaces(subject).strip(" ,;")
    subject = subject.strip("“”\"'«» ")
    return subject


def find_citations(text: str) -> list[Citation]:
    """Every citation in *text*, in order, with its span. Noise markers are ignored."""
    text = _strip_noise(text)
    folded = fold(text)
    # fold() keeps the length of NFC Vietnamese text (one char per letter),
    # so spans found in the folded text index the original too.
    if len(folded) != len(text):
        folded = "".join(fold(ch) or ch for ch in text)
    found: list[Citation] = []
    for m in _HEAD_RE.finditer(folded):
        number = try_parse(text[m.start(2):m.end(2)])
        if number is None:
            continue
        doc_type = _FOLDED_TYPES.get(m[1].lower(), text[m.start(1):m.end(1)])
        if doc_type == "Văn bản":
            doc_type = number.type_name or doc_type
        pos = m.end()
        date = None
        dm = _DATE_AFTER_RE.match(folded[pos:])
        if dm:
            date = parse_date_or_none(text[pos + dm.start(1):pos + dm.end(1)])
            pos += dm.end()
        issuer = ""
        im = _ISSUER_RE.match(folded[pos:])
        if im:
            start = pos + im.end()
            stop = _ISSUER_STOP_RE.search(folded, start)
            end = stop.start() if stop else len(text)
            issuer = _clean_issuer(text[start:end])
            pos = end
            km = re.match(r"\s*(?:\(\s*)?khoa\s+[xvil]+\)?", folded[pos:])
            if km:
                pos += km.end()
        subject = ""
        sm = _SUBJECT_RE.match(folded[pos:])
        if sm:
            start = pos + sm.end()
            if folded[pos + sm.start(1):].startswith("huong dan"):
                start = pos + sm.start(1)
            rest = text[start:]
            quoted = re.match(r"\s*[“\"«]([^”\"»]+)[”\"»]", rest)
            if quoted:
                subject = _clean_subject(quoted[1])
                pos = start + quoted.end()
            else:
                stop = _SUBJECT_STOP_RE.search(rest)
                nxt = _HEAD_RE.search(folded, start)
                end = start + (stop.start() if stop else len(rest))
                subject = _clean_subject(text[start:end])
                pos = end
                del nxt
        found.append(
            Citation(
                doc_type=doc_type,
                number=number.format(),
                date=date,
                issuer=issuer,
                subject=subject,
                start=m.start(),
                end=pos,
                raw_number=text[m.start(2):m.end(2)],
            )
        )
    return found


def parse_citation(text: str) -> Citation | None:
    """The first citation in a pasted text (with or without a leading "Căn cứ")."""
    found = find_citations(text)
    if found:
        cite = found[0]
        if not cite.issuer:
            number = try_parse(cite.number)
            if number is not None:
                cite.issuer = BODY_NAMES.get(number.body, "")
        return cite
    # A bare number such as "73-HD/BTGTU" is still useful.
    number = try_parse(squash_spaces(_strip_noise(text)))
    if number is None:
        return None
    table = STATE_TYPE_NAMES if number.style == "state" else TYPE_NAMES
    return Citation(
        doc_type=table.get(number.type_code, "Văn bản"),
        number=number.format(),
        issuer=BODY_NAMES.get(number.body, ""),
    )


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
