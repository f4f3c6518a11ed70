"""Found walking «Cụ thể hóa…» on a commune MTTQ plan nobody here wrote
(tests/corpus/mt-luongminh-16-kh-mttq-2025.txt). Each of its items is a task card:

    1.1. Xây dựng và ban hành Hướng dẫn …
    - Bảo đảm thống nhất với hướng dẫn …
    - Thời gian hoàn thành: Dự kiến tháng 11/2025 (…).
    - Đơn vị chủ trì: Đồng chí Phó chủ tịch Thường trực …
    - Đơn vị phối hợp: Các đ/c Phó chỉ tịch, Trưởng đoàn thể xã …
    - Kết quả: Dự thảo Hướng dẫn trình Ban Thường trực ban hành.

The review made every line a task of its own («Đơn vị chủ trì: …» a task led by Văn phòng,
«Thường xuyên»): 69 tasks for 13 duties. The importer already reads such a card as one task
(issue 16); the derivation now does the same: the item is the task, its deadline is the
«Thời gian» line's, its units the «chủ trì» / «phối hợp» lines' names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from test_derive_core import PROFILE, UNITS

from kehoach_desktop.core.derive import UnitMatcher, derive
from kehoach_desktop.core.task_hints import key_line
from kehoach_desktop.importer import parse_file
from kehoach_desktop.importer.persist import structure_json

CORPUS = Path(__file__).parent / "corpus"
TODAY = dt.date(2025, 11, 20)


def _derive(name: str):
    doc = parse_file(CORPUS / name)
    row = {
        "id": 7,
        "doc_type": doc.doc_type,
        "number": doc.number,
        "issued_on": doc.date.isoformat() if doc.date else None,
        "issuer": doc.issuer_body,
        "summary": doc.title,
    }
    return derive(row, structure_json(doc), PROFILE, UnitMatcher(UNITS, {}), today=TODAY, all_items=True)


def test_key_lines_are_told_apart_from_duties():
    assert key_line("Thời gian hoàn thành: Dự kiến tháng 11/2025.") == ("time", "Dự kiến tháng 11/2025.")
    assert key_line("Đơn vị chủ trì: Ban Xây dựng Đảng") == ("lead", "Ban Xây dựng Đảng")
    assert key_line("Đơn vị phối hợp: Văn phòng Đảng ủy") == ("coop", "Văn phòng Đảng ủy")
    assert key_line("Kết quả: Dự thảo Hướng dẫn.") == ("result", "Dự thảo Hướng dẫn.")
    assert key_line("Chủ trì xây dựng kế hoạch tuyên truyền") is None
    assert key_line("Tổ chức hội nghị phối hợp: các ban") is None


def test_a_task_card_is_one_task_not_one_per_line():
    d = _derive("mt-luongminh-16-kh-mttq-2025.txt")
    tasks = d.task_items()
    texts = [t.up.text for t in tasks]
    assert not [t for t in texts if key_line(t)], [t for t in texts if key_line(t)]
    card = next(t for t in tasks if t.up.text.startswith("Xây dựng và ban hành Hướng dẫn của Ban Thường trực"))
    assert card.up.kind == "section"
    # «Thời gian hoàn thành: Dự kiến tháng 11/2025»: the upstream's deadline is the month's end, ours earlier.
    assert card.upstream_deadline is not None and card.upstream_deadline.end == dt.date(2025, 11, 30)
    assert card.deadline is not None and card.deadline.end is not None
    assert card.deadline.end < dt.date(2025, 11, 30)
    # the card's description lines stay in our plan, under it, and are not tasks
    assert [c.up.text[:20] for c in card.children] and not any(c.is_task for c in card.children)
    assert len(tasks) < 40, len(tasks)
    # «(3) Tổ chức hiệp thương lần thứ ba: Chậm nhất ngày 20/02/2026» over «Thời gian hoàn thành: Quý IV/2025
    # và Quý I/2026»: the date its item states wins, and ours is never after the upstream's.
    third = next(t for t in tasks if t.up.text.startswith("Tổ chức hiệp thương lần thứ ba"))
    assert third.upstream_deadline is not None and third.upstream_deadline.end == dt.date(2026, 2, 20)
    assert third.deadline is not None and third.deadline.end is not None
    assert third.deadline.end < dt.date(2026, 2, 20)


def test_the_card_lines_name_its_units():
    d = _derive("mt-luongminh-kh-hiep-thuong-2025.txt")
    cards = [t for t in d.task_items() if any(key_line(c.up.text) for c in t.children)]
    assert cards
    for card in cards:
        lead = next(key_line(c.up.text)[1] for c in card.children if (key_line(c.up.text) or ("",))[0] == "lead")
        assert card.unit_names and card.unit_names[0] in lead, (card.unit_names, lead)


def test_the_plan_built_from_cards_gives_each_card_one_task():
    d = _derive("mt-luongminh-16-kh-mttq-2025.txt")
    plan = d.build()
    titles = [spec.title for _, spec in plan.tasks]
    assert not [t for t in titles if key_line(t)]


def test_each_upstream_ground_is_offered_once():
    """The plan's căn cứ cites Chỉ thị 46-CT/TW twice (itself, then inside Kế hoạch 21-KH/ĐU's
    subject): «Căn cứ thêm» listed it twice, and ticking both cited it twice."""
    d = _derive("mt-luongminh-16-kh-mttq-2025.txt")
    numbers = [g.citation.number for g in d.grounds]
    assert "46-CT/TW" in numbers
    assert len(numbers) == len(set(numbers)), numbers
