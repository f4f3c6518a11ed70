"""Body names as running text writes them ("Ban Thường vụ Tỉnh ủy Hà Tĩnh").

Headers print bodies in capitals ("ĐẢNG ỦY XÃ HƯƠNG SƠN"); the registry and a căn cứ
write them in normal case. Known phrases keep their official capitals; the words after
a place word (xã, phường, tỉnh …) are a place name and get title case.
"""

from __future__ import annotations

import re

from ..core.basis import natural_case
from ..core.text import clean, fold

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


# A Nơi nhận line naming a lower Party body: the offices a plan sent down expects receipts and
# progress from («Các chi bộ trực thuộc», «Chi bộ thôn 1», «Đảng ủy xã Thạch Hà», «Đảng bộ bộ phận …»).
# Our own staff units («Văn phòng Đảng ủy», «Ban Xây dựng Đảng», «Ủy ban Kiểm tra Đảng ủy») are not.
_LOWER_BODY_RE = re.compile(
    r"^(?:cac\s+)?(?:chi bo|chi uy|dang bo|dang uy(?!\s+vien)|cap uy|(?:to chuc\s+)?co so dang|to chuc dang)\b"
)
_PURPOSE_RE = re.compile(r"\s*\(\s*(?:để\s*)?([^)]*)\)\s*$")


def lower_addressees(recipients: list[str], own_body: str = "") -> list[str]:
    """The offices a bundle of our plan goes to, proposed from its Nơi nhận: each line naming a
    lower Party body, named as an office («- Đảng ủy xã Thạch Hà (để thực hiện);» → «Đảng ủy xã
    Thạch Hà»). Lines sent for report or information, the «Lưu» line, our own body and our own
    staff units are left out (the user adds any other office by hand)."""
    own = fold(natural_case(own_body)) if own_body.strip() else ""
    out: list[str] = []
    for line in recipients:
        text = clean(line).strip(" -+,;.")
        m = _PURPOSE_RE.search(text)
        if m:
            purpose = fold(m[1])
            if "thuc hien" not in purpose and "trien khai" not in purpose and "t/h" not in purpose:
                continue  # «(để báo cáo)», «(để biết)»
            text = text[: m.start()]
        name = text.strip(" -+,;.")
        folded = fold(name)
        if not name or folded.startswith("luu ") or folded == own or not _LOWER_BODY_RE.match(folded):
            continue
        if name not in out:
            out.append(name)
    return out
