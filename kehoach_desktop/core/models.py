"""Plain data objects shared by the store, the exporters and the GUI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

SECURITY_LEVELS = ("thường", "mật", "tối mật", "tuyệt mật")
URGENCY_LEVELS = ("", "khẩn", "thượng khẩn", "hỏa tốc")
PLAN_STATUSES = {"draft": "Dự thảo", "review": "Trình ký", "issued": "Đã ban hành"}


@dataclass
class OfficeProfile:
    """Who we are: printed in every header, asked once at first start."""

    superior_body: str = ""  # ĐẢNG BỘ TỈNH HÀ TĨNH
    issuer_body: str = ""  # ĐẢNG ỦY XÃ …
    issuer_code: str = "ĐU"  # used in numbers: 12-KH/ĐU
    place: str = ""  # place name for dates
    signer_authority: str = "T/M BAN THƯỜNG VỤ"
    signer_title: str = "BÍ THƯ"
    signer_name: str = ""
    layout_profile: str = "party"
    numbering_style: str = "party-dot"

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> OfficeProfile:
        known = {k: v for k, v in (data or {}).items() if k in cls.__dataclass_fields__}
        return cls(**known)

    @property
    def is_complete(self) -> bool:
        return bool(self.issuer_body and self.issuer_code and self.place)


@dataclass
class Directive:
    id: int | None
    doc_type: str
    number: str = ""
    issued_on: dt.date | None = None
    issuer: str = ""
    summary: str = ""
    level: str = ""
    security: str = "thường"
    implement_due: dt.date | None = None
    notes: str = ""
    parent_ids: list[int] = field(default_factory=list)
    attachment_name: str = ""

    @property
    def label(self) -> str:
        head = f"{self.doc_type} {self.number}".strip()
        return f"{head} — {self.summary}" if self.summary else head
