"""Body names as running text writes them ("Ban Thường vụ Tỉnh ủy Hà Tĩnh").

Headers print bodies in capitals ("ĐẢNG ỦY XÃ HƯƠNG SƠN"); the registry and a căn cứ
write them in normal case. Known phrases keep their official capitals; the words after
a place word (xã, phường, tỉnh …) are a place name and get title case.
"""

from __future__ import annotations

import re

from ..core.text import clean, fold

# Official capitalisation of the phrases that name bodies (longest first).
_PHRASES = [
    "Ban Chấp hành Trung ương",
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Mặt trận Tổ quốc",
    "Ủy ban Kiểm tra",
    "Ban Thường vụ",
    "Ban Chấp hành",
    "Ban Bí thư",
    "Bộ Chính trị",
    "Ban Tuyên giáo",
    "Ban Tổ chức",
    "Ban Dân vận",
    "Ban Nội chính",
    "Văn phòng",
    "Trung ương",
    "Tỉnh ủy",
    "Thành ủy",
    "Huyện ủy",
    "Quận ủy",
    "Thị ủy",
    "Đảng ủy",
    "Đảng bộ",
    "Dân vận",
]
_PLACE_WORDS = (
    "thành phố",
    "thị trấn",
    "thị xã",
    "đặc khu",
    "tổ dân phố",
    "khu phố",
    "xã",
    "phường",
    "tỉnh",
    "huyện",
    "quận",
    "thôn",
    "xóm",
    "ấp",
    "bản",
)
# A committee named by its place alone: "Tỉnh ủy Hà Tĩnh", "Huyện ủy Can Lộc".
_PLACE_COMMITTEES = {"Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy"}


def _title(word: str) -> str:
    return word[:1].upper() + word[1:]


def _title_place(words: list[str], folded: list[str], out: list[str], j: int) -> int:
    """Title-case the place name starting at *j*, up to a conjunction; returns where it ends."""
    while j < len(words) and folded[j] not in ("va", "cua", "ve"):
        out[j] = _title(words[j])
        j += 1
    return j


def normal_case(name: str) -> str:
    """«ĐẢNG ỦY XÃ HƯƠNG SƠN» → «Đảng ủy xã Hương Sơn»; mixed-case text is kept."""
    name = " ".join(clean(name).split())
    if not name or name != name.upper():
        return name
    words = name.lower().split(" ")
    folded = [fold(w) for w in words]
    out = list(words)
    i = 0
    while i < len(words):
        for phrase in _PHRASES:
            parts = phrase.split(" ")
            if [fold(p) for p in parts] == folded[i : i + len(parts)]:
                out[i : i + len(parts)] = parts
                i += len(parts)
                if phrase in _PLACE_COMMITTEES:
                    i = _title_place(words, folded, out, i)
                break
        else:
            for place in _PLACE_WORDS:
                parts = place.split(" ")
                n = len(parts)
                if folded[i : i + n] == [fold(p) for p in parts] and i + n < len(words) and folded[i + n] != "uy":
                    i = _title_place(words, folded, out, i + n)
                    break
            else:
                i += 1
    text = " ".join(out)
    return re.sub(r"^\w", lambda m: m[0].upper(), text)


def short_office(name: str) -> str:
    """«ĐẢNG ỦY XÃ THẠCH HÀ» → «Xã Thạch Hà»: what a narrow column heading has room for."""
    text = normal_case(name)
    for prefix in ("Đảng ủy ", "Ban Thường vụ Đảng ủy ", "Chi bộ "):
        if text.startswith(prefix) and len(text) > len(prefix):
            rest = text[len(prefix) :]
            return rest[:1].upper() + rest[1:] if prefix != "Chi bộ " else text
    return text
