"""The căn cứ paragraph built from registry documents, in the official citation form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .citations import Citation


@dataclass
class BasisSource:
    doc_type: str
    number: str
    date: dt.date | None
    issuer: str
    summary: str

    def citation(self) -> str:
        return Citation(self.doc_type, self.number, self.date, self.issuer, self.summary).format()


# Words of body names written lower case inside a sentence ("Đảng ủy xã Hòa Bình").
_LOWER_WORDS = {
    "ủy",
    "uỷ",
    "xã",
    "phường",
    "thị",
    "trấn",
    "khối",
    "các",
    "cơ",
    "quan",
    "và",
    "tỉnh",
    "huyện",
    "quận",
    "thành",
    "phố",
    "doanh",
    "nghiệp",
    "bộ",
}


def natural_case(upper: str) -> str:
    """``ĐẢNG ỦY XÃ HÒA BÌNH`` → ``Đảng ủy xã Hòa Bình``; mixed-case text is left alone."""
    if not upper.isupper():
        return upper
    words = [w.capitalize() for w in upper.split()]
    return " ".join(w.lower() if i and w.lower() in _LOWER_WORDS else w for i, w in enumerate(words))


def default_tail(issuer_body: str, title: str) -> str:
    """``Ban Thường vụ Đảng ủy xã … xây dựng Kế hoạch … như sau:`` from the header."""
    who = natural_case(issuer_body.strip())
    who = f"Ban Thường vụ {who}" if who else "Ban Thường vụ"
    what = f"Kế hoạch {title.strip()[:1].lower()}{title.strip()[1:]}" if title.strip() else "Kế hoạch"
    return f"{who} xây dựng {what} như sau:"


def compose(sources: list[BasisSource], tail: str = "", lead: str = "Căn cứ") -> str:
    """``Căn cứ Hướng dẫn số 73-HD/BTGTU, ngày 16/11/2023 của Ban Tuyên giáo Tỉnh ủy về …; …, <tail>``."""
    if not sources:
        return tail.strip()
    body = "; ".join(s.citation() for s in sources)
    text = f"{lead} {body}"
    return f"{text}, {tail.strip()}" if tail.strip() else text
