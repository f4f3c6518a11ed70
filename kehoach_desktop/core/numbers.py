"""Document numbers (số ký hiệu): parse real-world variants, format one canonical form.

Party style: ``73-HD/BTGTU`` (số-LOẠI/CƠ QUAN). State style: ``30/2020/NĐ-CP`` or
``155/KH-UBND`` (số[/năm]/LOẠI-CƠ QUAN). Typed variants such as ``798 - KL/TU``,
``58- KH/BTGTU``, ``04 NQ/TU``, ``Số: …``, lower case or ``Ð`` (U+00D0) for ``Đ``
all normalise to the canonical form so the same document is found once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import nfc

# Type code → type name. Party and State share most codes; TT differs (see below).
TYPE_NAMES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "QĐ": "Quyết định",
    "QĐi": "Quy định",
    "HD": "Hướng dẫn",
    "KH": "Kế hoạch",
    "CTr": "Chương trình",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
    "QC": "Quy chế",
    "ĐA": "Đề án",
    "PA": "Phương án",
    "CV": "Công văn",
    "TT": "Thông tri",
    "BS": "Bản sao",
    "BB": "Biên bản",
    "NĐ": "Nghị định",
    "L": "Luật",
}
STATE_TYPE_NAMES: dict[str, str] = {
    **TYPE_NAMES,
    "TT": "Thông tư",
    "QĐ": "Quyết định",
    # Joint documents: 102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN, 01/2024/TTLT-BNV-BTC.
    "NQLT": "Nghị quyết liên tịch",
    "TTLT": "Thông tư liên tịch",
}

# Name → code, for formatting a number from a chosen type. "Quy định" is written
# QĐ since 2023 (QĐi in 2018–2022); the registry keeps whatever the document says.
TYPE_CODES: dict[str, str] = {
    "Nghị quyết": "NQ",
    "Chỉ thị": "CT",
    "Kết luận": "KL",
    "Quyết định": "QĐ",
    "Quy định": "QĐ",
    "Hướng dẫn": "HD",
    "Kế hoạch": "KH",
    "Chương trình": "CTr",
    "Thông báo": "TB",
    "Báo cáo": "BC",
    "Tờ trình": "TTr",
    "Quy chế": "QC",
    "Đề án": "ĐA",
    "Phương án": "PA",
    "Công văn": "CV",
    "Thông tri": "TT",
    "Thông tư": "TT",
    "Nghị định": "NĐ",
    "Bản sao": "BS",
    "Biên bản": "BB",
    "Luật": "L",
}

# Codes whose canonical spelling is not all upper case.
_MIXED_CASE = {"QĐI": "QĐi", "CTR": "CTr", "TTR": "TTr", "THU": "ThU", "TTG": "TTg"}


class NumberError(ValueError):
    """Not a document number; the message is for the user."""


@dataclass(frozen=True)
class DocNumber:
    serial: int
    type_code: str  # "" for a State công văn (``123/UBND-VP``)
    body: str  # issuing-body code: "BTGTU", "CP", "KH-UBND" → "UBND"
    style: str = "party"  # "party" or "state"
    year: int | None = None  # State legal documents carry the year
    digits: str = field(default="", compare=False)  # the serial as written ("012" keeps its zero)

    @property
    def type_name(self) -> str | None:
        table = STATE_TYPE_NAMES if self.style == "state" else TYPE_NAMES
        return table.get(self.type_code)

    def format(self) -> str:
        serial = f"{self.serial:02d}"
        if len(self.digits) > len(serial):
            serial = self.digits  # "012/CT-UBND": a character is never dropped
        if self.style == "party":
            return f"{serial}-{self.type_code}/{self.body}"
        tail = f"{self.type_code}-{self.body}" if self.type_code else self.body
        if self.year:
            return f"{serial}/{self.year}/{tail}"
        return f"{serial}/{tail}"

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.format()


def _code(token: str) -> str:
    token = token.upper().replace("Ð", "Đ")
    return _MIXED_CASE.get(token, token)


_LETTERS = r"A-Za-zĐđÐð"
_PREFIX_RE = re.compile(r"^\s*(?:s[ốo]\s*:?\s*)", re.IGNORECASE)
_PARTY_RE = re.compile(rf"^(\d{{1,5}})\s*(?:[-–—]\s*|\s+)([{_LETTERS}]{{1,5}})\s*/\s*([{_LETTERS}0-9]{{1,12}})$")
_STATE_RE = re.compile(
    rf"^(\d{{1,5}})\s*/\s*(?:(\d{{4}})\s*/\s*)?([{_LETTERS}]{{1,8}}\d{{0,2}}(?:\s*-\s*[{_LETTERS}0-9]{{1,16}})*)$"
)


# "103/QĐ /BVHTTDL": a State type code followed by a slash instead of the hyphen (a typo).
_STATE_SLASHED_RE = re.compile(rf"^(\d{{1,5}})\s*/\s*(QĐ|KH|CT|HD|TB|BC|NQ|KL)\s*/\s*([{_LETTERS}]{{2,12}})$")


def parse_number(text: str) -> DocNumber:
    """Parse a number in any tolerated variant; raise :class:`NumberError` otherwise."""
    raw = nfc(text or "").strip().rstrip(".,;:")
    cleaned = _PREFIX_RE.sub("", raw).strip()
    m = _PARTY_RE.match(cleaned)
    if m:
        return DocNumber(int(m[1]), _code(m[2]), _code(m[3]), "party", digits=m[1])
    m = _STATE_SLASHED_RE.match(cleaned)
    if m and _code(m[3]) not in {"TW", "TU", "ĐU", "HU", "QU", "ThU"}:
        return DocNumber(int(m[1]), _code(m[2]), _code(m[3]), "state", digits=m[1])
    m = _STATE_RE.match(cleaned)
    if m:
        parts = [_code(p.strip()) for p in m[3].split("-")]
        year = int(m[2]) if m[2] else None
        if len(parts) == 1:
            return DocNumber(int(m[1]), "", parts[0], "state", year, digits=m[1])
        type_code, body = parts[0], "-".join(parts[1:])
        if type_code not in STATE_TYPE_NAMES:
            # ``123/UBND-VP``: a State công văn has no type code.
            return DocNumber(int(m[1]), "", "-".join(parts), "state", year, digits=m[1])
        return DocNumber(int(m[1]), type_code, body, "state", year, digits=m[1])
    raise NumberError(
        f"«{raw}» không phải số ký hiệu văn bản. Ví dụ đúng: 73-HD/BTGTU (văn bản Đảng) "
        "hoặc 30/2020/NĐ-CP, 155/KH-UBND (văn bản Nhà nước)."
    )


def number_key(text: str) -> str:
    """Key under which two spellings of one number meet: "20-KH/DU" and "20-KH/ĐU" (a
    keyboard without Đ) give the same key, so the pair is flagged as a duplicate."""
    return canonical(text).upper().replace("Đ", "D").replace(" ", "")


def canonical(text: str) -> str:
    """Canonical spelling of a number, or the cleaned input if it is not one."""
    try:
        return parse_number(text).format()
    except NumberError:
        return nfc(text).strip()


def try_parse(text: str) -> DocNumber | None:
    try:
        return parse_number(text)
    except NumberError:
        return None


def format_number_line(number: str | None, type_code: str, body_code: str, style: str = "party") -> str:
    """Header number line: ``Số 31-KH/BTGDUK``; blank serial until issued: ``Số    -KH/ĐU``."""
    prefix = "Số:" if style == "state" else "Số"
    if number:
        return f"{prefix} {number}"
    if style == "state":
        return f"{prefix}      /{type_code}-{body_code}"
    return f"{prefix}      -{type_code}/{body_code}"


# A number inside running text. Serial, optional separator, type code, slash, body.
NUMBER_IN_TEXT = (
    rf"\d{{1,5}}\s*(?:[-–]\s*|\s)[{_LETTERS}]{{1,5}}\s*/\s*[{_LETTERS}0-9]{{1,12}}(?![{_LETTERS}0-9])"
    rf"|\d{{1,5}}/ ?(?:\d{{4}}/)?[{_LETTERS}]{{1,8}}(?:-[{_LETTERS}0-9]{{1,16}})+"
    # (joint resolutions carry long codes: 102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN)
    rf"|\d{{1,5}}/(?:QĐ|KH|CT|HD|TB|BC|NQ|KL) ?/[{_LETTERS}]{{2,12}}(?![{_LETTERS}0-9])"
    # Laws and resolutions of the National Assembly: 85/2015/QH13, 653/2019/UBTVQH14.
    rf"|\d{{1,5}}/\d{{4}}/[{_LETTERS}]{{2,8}}\d{{1,2}}(?![{_LETTERS}0-9])"
    # A công văn without a type code (197/STTTT): only taken after its type word.
    rf"|\d{{1,5}}/[{_LETTERS}]{{2,12}}(?![{_LETTERS}0-9/\-])"
)
