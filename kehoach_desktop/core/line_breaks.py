"""Where a line of a heading may not break (Qt-free; used by the export's composition).

A plan's title is centred on two or three lines, and a secretary never lets a line end
inside a body's name («… Tỉnh / ủy về …», «… Bộ Chính / trị …»), between «số» and the
document number or between «ngày» and the date. Those spaces become no-break spaces, which
reportlab and Word both keep on one line; everything else breaks as before.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"

_KEEP = [
    # «Tỉnh ủy», «Huyện ủy», «Đảng ủy», «THÀNH ỦY» … (the old spelling «uỷ» too)
    re.compile(r"\b(?:tỉnh|thành|huyện|quận|thị|đảng|xã|phường)\s+(?:ủy|uỷ)\b", re.IGNORECASE),
    re.compile(r"\bbộ\s+chính\s+trị\b", re.IGNORECASE),
    re.compile(r"\bban\s+bí\s+thư\b", re.IGNORECASE),
    re.compile(r"\btrung\s+ương\b", re.IGNORECASE),
    re.compile(r"\bsố\s+\S*\d\S*", re.IGNORECASE),  # «số 45-KH/TU»
    re.compile(r"\bngày\s+\d{1,2}/\d{1,2}/\d{2,4}", re.IGNORECASE),  # «ngày 10/3/2027»
]


def keep_together(text: str) -> str:
    """*text* with no-break spaces where a line must not end (see the module)."""
    for pattern in _KEEP:
        text = pattern.sub(lambda m: re.sub(r"\s+", NBSP, m.group()), text)
    return text
