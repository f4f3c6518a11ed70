"""Secret documents (MẬT and above): ask before writing them out, and carry the mark.

Shared by the exporters (PDF/DOCX, issue 4) and the Excel progress sheets (issue 5),
so every way out of the program treats a secret document the same way.
"""

from __future__ import annotations

from ..core.text import nfc

# Lowest first; index = how secret.
LEVELS = ("thường", "mật", "tối mật", "tuyệt mật")
# The command-line switch every exporting subcommand should accept for secret documents.
CLI_CONFIRM_FLAG = "--confirm-secret"
_ALIASES = {"": "thường", "thuong": "thường", "mat": "mật", "toi mat": "tối mật", "tuyet mat": "tuyệt mật"}


def normalise(security: str | None) -> str:
    """``"MẬT"``, ``" tối  mật "``, ``"toi mat"`` → the stored lower-case form; unknown → ``thường``."""
    value = " ".join(nfc(security or "").lower().split())
    if value in LEVELS:
        return value
    return _ALIASES.get(value, "thường")


def rank(security: str | None) -> int:
    return LEVELS.index(normalise(security))


def needs_confirmation(security: str | None) -> bool:
    """True for MẬT, TỐI MẬT and TUYỆT MẬT: the user must confirm before export."""
    return rank(security) >= 1


def mark_text(security: str | None) -> str:
    """The mark printed on the document: ``MẬT``, ``TỐI MẬT``, ``TUYỆT MẬT``; empty for ordinary ones."""
    level = normalise(security)
    return "" if level == "thường" else level.upper()


def confirmation_text(security: str | None, what: str = "tài liệu") -> str:
    """The Vietnamese question to ask before exporting ``what`` (e.g. "kế hoạch 12-KH/HU")."""
    mark = mark_text(security) or "THƯỜNG"
    return (
        f"{what[:1].upper()}{what[1:]} được đóng dấu độ mật «{mark}». Tệp xuất ra sẽ mang dấu «{mark}» "
        "nhưng không được mã hóa: ai có tệp là đọc được. Chỉ lưu vào máy hoặc thiết bị được phép "
        "lưu giữ tài liệu mật, không gửi qua mạng Internet, thư điện tử công cộng hay Zalo. "
        "Bạn có chắc muốn xuất?"
    )


def reason_text(security: str | None) -> str:
    """One line for logs, status bars and CLI refusals."""
    return f"Tài liệu độ mật «{mark_text(security)}»: cần xác nhận trước khi xuất (dòng lệnh: thêm {CLI_CONFIRM_FLAG})."
