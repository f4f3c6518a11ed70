"""What a single export asks for besides the plan: marks, a copy block, confirmation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..core.document import PlanDocument, Signature
from ..core.text import nfc

COPY_KINDS = {"sao_y": "Sao y bản chính", "trich_sao": "Trích sao", "sao_luc": "Sao lục"}


class SecretExportError(PermissionError):
    """Exporting a secret document without the user's explicit confirmation."""


@dataclass
class CopyInfo:
    """A bản sao: the copying body's block printed after the copied text.

    ``sections`` (trích sao only) lists the 0-based indexes of the top-level sections
    to include; ``None`` copies everything.
    """

    kind: str = "sao_y"
    superior_body: str = ""
    issuer_body: str = ""
    issuer_code: str = ""
    number: str = ""  # the copy's serial, e.g. "24" → Số 24-BS/ĐU
    place: str = ""
    date: dt.date | None = None
    recipients: list[str] = field(default_factory=list)
    signature: Signature = field(default_factory=Signature)
    sections: list[int] | None = None

    def __post_init__(self) -> None:
        if self.kind not in COPY_KINDS:
            raise ValueError(f"Loại bản sao «{self.kind}» không hợp lệ; chọn một trong: {', '.join(COPY_KINDS)}.")


@dataclass
class ExportOptions:
    draft: bool | None = None  # None: follow the plan (DỰ THẢO until issued)
    copy: CopyInfo | None = None
    created: dt.datetime | None = None  # PDF creation date; None = now
    secret_confirmed: bool = False


def secret_reason(doc: PlanDocument) -> str | None:
    """Why exporting *doc* needs a confirmation, or ``None`` for an ordinary document."""
    level = nfc(doc.security or "thường").strip().lower()  # NFD "thường" is still ordinary
    if level in ("", "thường"):
        return None
    return (
        f"Văn bản này mang độ mật «{level.upper()}». Văn bản mật không được gửi qua Internet, "
        "thư điện tử hay Zalo; tệp xuất ra phải được quản lý như tài liệu mật "
        "(lưu trên máy không nối mạng, in và vào sổ theo quy định bảo vệ bí mật nhà nước)."
    )


def check_secret(doc: PlanDocument, options: ExportOptions) -> None:
    reason = secret_reason(doc)
    if reason and not options.secret_confirmed:
        raise SecretExportError(reason + " Hãy xác nhận trước khi xuất.")
