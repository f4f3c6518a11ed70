"""Body names as running text writes them ("Ban Thường vụ Tỉnh ủy Hà Tĩnh").

Headers print bodies in capitals ("ĐẢNG ỦY XÃ HƯƠNG SƠN"); the registry and a căn cứ
write them in normal case. Known phrases keep their official capitals; the words after
a place word (xã, phường, tỉnh …) are a place name and get title case.
"""

from __future__ import annotations

from ..core.basis import natural_case

# One road for body names in running text (core.basis.natural_case); the exchange
# code calls it by its older name.
normal_case = natural_case


def short_office(name: str) -> str:
    """«ĐẢNG ỦY XÃ THẠCH HÀ» → «Xã Thạch Hà»: what a narrow column heading has room for."""
    text = normal_case(name)
    for prefix in ("Đảng ủy ", "Ban Thường vụ Đảng ủy ", "Chi bộ "):
        if text.startswith(prefix) and len(text) > len(prefix):
            rest = text[len(prefix) :]
            return rest[:1].upper() + rest[1:] if prefix != "Chi bộ " else text
    return text
