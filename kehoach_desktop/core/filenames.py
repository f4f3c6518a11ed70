"""File names made from Vietnamese text, safe on Windows (the one rule for every file we write)."""

from __future__ import annotations

import re
import unicodedata

_RESERVED = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def file_stem(*parts: str, limit: int = 120) -> str:
    """One file name from *parts*, diacritics kept (NFC), Windows-reserved characters → "-":
    ``file_stem("Báo cáo", "Q4-2026", "KH 05-KH/ĐU")`` → ``Báo cáo Q4-2026 KH 05-KH-ĐU``."""
    text = " ".join(unicodedata.normalize("NFC", p).strip() for p in parts if p and p.strip())
    text = _RESERVED.sub("-", text)
    text = re.sub(r"\s+", " ", text).strip().rstrip(". ")
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(" .-—,")
    return text or "Tệp"
