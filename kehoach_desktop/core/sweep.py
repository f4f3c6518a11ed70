"""``kehoach check --all``: one sweep over every plan and the registry (issue 17, Qt-free).

A reviewer who reads many plans of one office sees what no single plan shows:

- the same number cited with different dates or issuers (in plans and in the registry);
- the same document registered or cited under numbers that differ only by "Đ"/"D",
  spacing or a leading zero (``12-QĐ/TU`` / ``12-QD/TU``, ``04-NQ/TU`` / ``4-NQ/TU``);
- căn cứ that point to nothing (a number in a plan's căn cứ that is not in the registry,
  a relation whose target was never registered).

Places: ``plan:<id>`` + ``|`` + the place inside the plan (``plan:3|field:basis``),
or ``directive:<id>``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .dates import format_short
from .findings import ERROR, WARNING, Finding, cites_in
from .text import fold

SWEEP_KINDS = {
    "number_conflict": "Cùng số, khác ngày hoặc cơ quan ban hành",
    "number_lookalike": "Số gần trùng (Đ/D, dấu cách, số 0 ở đầu)",
    "dangling_basis": "Căn cứ không trỏ tới văn bản nào trong sổ",
    "dangling_relation": "Quan hệ văn bản trỏ tới văn bản chưa có trong sổ",
}


@dataclass
class RegisteredDoc:
    id: int
    number: str
    doc_type: str
    date: dt.date | None
    issuer: str


@dataclass
class PlanTexts:
    id: int
    label: str  # "Kế hoạch số 12-KH/ĐU" or "Dự thảo «…»"
    texts: list[tuple[str, str]] = field(default_factory=list)  # (place in the plan, text)


@dataclass
class _Seen:
    where: str  # for the message
    place: str
    date: dt.date | None
    issuer: str
    number: str


def lookalike_key(number: str) -> str:
    """``12-QĐ/TU``, ``12-QD/TU``, ``12 - QĐ/TU``, ``012-QĐ/TU`` → one key."""
    key = fold(number).upper().replace(" ", "")
    return re.sub(r"^0+(?=\d)", "", key)


def _issuer_key(issuer: str) -> str:
    from .checks import _issuer_key as key

    return key(issuer)


def sweep(
    docs: list[RegisteredDoc], plans: list[PlanTexts], pending_relations: list[tuple[int, str, str]]
) -> list[Finding]:
    """Every finding across the whole database; *pending_relations*: (directive id, target number, label)."""
    by_number: dict[str, list[_Seen]] = {}
    for d in docs:
        if d.number:
            by_number.setdefault(d.number, []).append(
                _Seen(f"sổ văn bản ({d.doc_type} số {d.number})", f"directive:{d.id}", d.date, d.issuer, d.number)
            )
    registered = {d.number for d in docs if d.number}
    out: list[Finding] = []
    for plan in plans:
        dangling: set[str] = set()
        for place, text in plan.texts:
            for cite in cites_in(text or ""):
                by_number.setdefault(cite.number, []).append(
                    _Seen(plan.label, f"plan:{plan.id}|{place}", cite.date, cite.issuer, cite.number)
                )
                if place == "field:basis" and cite.number not in registered and cite.number not in dangling:
                    dangling.add(cite.number)
                    out.append(
                        Finding(
                            "dangling_basis",
                            WARNING,
                            f"plan:{plan.id}|{place}",
                            f"{plan.label}: căn cứ {cite.doc_type} số {cite.number} không có trong sổ văn bản.",
                            number=cite.number,
                            fix="Đăng ký văn bản này vào sổ (hoặc sửa số nếu viết nhầm).",
                        )
                    )
    for number, seen in sorted(by_number.items()):
        dates = {s.date for s in seen if s.date}
        if len(dates) > 1:
            detail = "; ".join(
                f"{format_short(d)} ở {', '.join(sorted({s.where for s in seen if s.date == d}))}"
                for d in sorted(dates)
            )
            first = next(s for s in seen if s.date)
            out.append(
                Finding(
                    "number_conflict",
                    ERROR,
                    first.place,
                    f"Số {number} được ghi với {len(dates)} ngày khác nhau: {detail}.",
                    number=number,
                    fix="Đối chiếu bản gốc rồi sửa cho thống nhất (sổ văn bản và các kế hoạch).",
                )
            )
        groups: dict[str, list[_Seen]] = {}
        for s in seen:
            if s.issuer:
                key = _issuer_key(s.issuer)
                match = next((k for k in groups if k == key or k in key or key in k), key)
                groups.setdefault(match, []).append(s)
        if len(groups) > 1:
            detail = "; ".join(
                f"«{items[0].issuer}» ở {', '.join(sorted({s.where for s in items}))}" for items in groups.values()
            )
            first = next(iter(groups.values()))[0]
            out.append(
                Finding(
                    "number_conflict",
                    ERROR,
                    first.place,
                    f"Số {number} được ghi với các cơ quan ban hành khác nhau: {detail}.",
                    number=number,
                    fix="Thống nhất cơ quan ban hành theo bản gốc.",
                )
            )
    lookalikes: dict[str, dict[str, _Seen]] = {}
    for number, seen in by_number.items():
        lookalikes.setdefault(lookalike_key(number), {})[number] = seen[0]
    for variants in lookalikes.values():
        if len(variants) > 1:
            names = sorted(variants)
            where = "; ".join(f"{n} ở {variants[n].where}" for n in names)
            out.append(
                Finding(
                    "number_lookalike",
                    WARNING,
                    variants[names[0]].place,
                    f"Các số {', '.join(names)} chỉ khác nhau ở Đ/D, dấu cách hoặc số 0 ở đầu: {where}.",
                    number=names[0],
                    fix="Nếu là một văn bản: sửa về một cách viết (Đ có gạch) và xóa bản trùng trong sổ.",
                )
            )
    for directive_id, target, label in pending_relations:
        out.append(
            Finding(
                "dangling_relation",
                WARNING,
                f"directive:{directive_id}",
                f"{label} ghi quan hệ với văn bản số {target}, nhưng văn bản này chưa có trong sổ.",
                number=target,
                fix="Đăng ký văn bản đó vào sổ để kiểm tra căn cứ biết nó đã bị thay thế hay hết hiệu lực.",
            )
        )
    return sorted(out, key=lambda f: 0 if f.severity == ERROR else 1)


def title(kind: str) -> str:
    return SWEEP_KINDS.get(kind, kind)
