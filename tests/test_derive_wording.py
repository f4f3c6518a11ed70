"""The derived plan says our deadline in the upstream's sentence as a secretary would write it
(outside walk of cụ thể hóa; issue 15): «hoàn thành trong quý III/2027» becomes «hoàn thành
trước ngày 23/9/2027», not «hoàn thành trong trước ngày …»."""

from __future__ import annotations

import datetime as dt

import pytest

from kehoach_desktop.core.deadlines import find_deadline
from kehoach_desktop.core.derive import derive_deadline
from kehoach_desktop.core.derive.model import replace_deadline_text

TODAY = dt.date(2027, 3, 15)


@pytest.mark.parametrize(
    "upstream, ours",
    [
        (
            "Rà soát, số hóa hồ sơ đảng viên, hoàn thành trong quý III/2027.",
            "Rà soát, số hóa hồ sơ đảng viên, hoàn thành trước ngày 23/9/2027.",
        ),
        (
            "Tổ chức hội nghị sơ kết, hoàn thành vào tháng 9/2027.",
            "Tổ chức hội nghị sơ kết, hoàn thành trước ngày 23/9/2027.",
        ),
        ("Tổ chức tuyên truyền trong tháng 10/2027.", "Tổ chức tuyên truyền trước ngày 25/10/2027."),
        # mt-luongminh-16-kh-mttq-2025: «Thời gian hoàn thành: ngày Tháng 11/2025 (…)»
        (
            "Thời gian hoàn thành: ngày Tháng 10/2027 (sau khi có hướng dẫn).",
            "Thời gian hoàn thành: trước ngày 25/10/2027 (sau khi có hướng dẫn).",
        ),
        ("Gửi báo cáo chậm nhất ngày 15/9/2027.", "Gửi báo cáo trước ngày 08/9/2027."),
        ("Hoàn thiện hồ sơ, xong trước ngày 15/9/2027.", "Hoàn thiện hồ sơ, xong trước ngày 08/9/2027."),
        (
            "Tổ chức lớp bồi dưỡng trong 6 tháng đầu năm 2027.",
            "Tổ chức lớp bồi dưỡng trước ngày 23/6/2027.",
        ),
    ],
)
def test_our_deadline_takes_the_place_of_the_upstream_s_with_its_words(upstream, ours):
    up = find_deadline(upstream, 2027)
    assert up is not None
    mine = derive_deadline(up, 5, TODAY)
    assert replace_deadline_text(upstream, up, mine) == ours


# -- who our plan reports to ----------------------------------------------------------------------
def _derivation(issuer: str, number: str, superior: str = "ĐẢNG BỘ TỈNH BẮC NINH", issued_on: str = "2027-03-10"):
    from kehoach_desktop.core.derive import Unit, UnitMatcher, derive
    from kehoach_desktop.core.models import OfficeProfile

    structure = {
        "doc_type": "Kế hoạch",
        "sections": [
            {"label": "I.", "text": "MỤC ĐÍCH, YÊU CẦU", "children": [], "paragraphs": ["Nâng cao nhận thức."]},
            {
                "label": "II.",
                "text": "NHIỆM VỤ, GIẢI PHÁP",
                "children": [],
                "paragraphs": ["Các xã, phường tổ chức tuyên truyền trước ngày 30/6/2027."],
            },
        ],
    }
    row = {"id": 3, "doc_type": "Kế hoạch", "number": number, "issued_on": issued_on, "issuer": issuer}
    row["summary"] = "triển khai chương trình hành động quốc gia về đăng ký và thống kê hộ tịch"
    office = OfficeProfile(
        superior_body=superior, issuer_body="ĐẢNG ỦY XÃ YÊN PHONG", issuer_code="ĐU", place="Yên Phong"
    )
    return derive(row, structure, office, UnitMatcher([Unit(1, "Văn phòng Đảng ủy")]), today=TODAY)


def test_a_party_committee_reports_to_its_party_superior_not_to_a_state_body():
    """A Đảng ủy xã deriving from the UBND tỉnh's plan (st-bacninh-155-kh-ubnd-2017) wrote
    «- Ủy ban nhân dân tỉnh Bắc Ninh (để báo cáo)» and «báo cáo kết quả về Ủy ban nhân dân tỉnh»:
    a Party committee reports to the Party committee above it; the State body is told."""
    d = _derivation("Ủy ban nhân dân tỉnh Bắc Ninh", "155/KH-UBND")
    doc = d.build().document
    assert doc.recipients[0] == "Ban Thường vụ Tỉnh ủy (để báo cáo),"
    assert "Ủy ban nhân dân tỉnh Bắc Ninh (để biết)," in doc.recipients
    assert not any("Ủy ban nhân dân tỉnh Bắc Ninh (để báo cáo)" in r for r in doc.recipients)
    office = next(n for n in doc.sections[2].children if n.text.startswith("Văn phòng Đảng ủy"))
    assert "báo cáo kết quả về Ban Thường vụ Tỉnh ủy" in office.text


@pytest.mark.parametrize(
    "issuer, number",
    [("Ban Thường vụ Tỉnh ủy", "45-KH/TU"), ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "12-HD/BTGDVTU")],
)
def test_a_party_upstream_is_still_reported_to(issuer, number):
    doc = _derivation(issuer, number).build().document
    assert doc.recipients[0] == f"{issuer} (để báo cáo),"
    assert not any("(để biết)" in r for r in doc.recipients)


@pytest.mark.parametrize(
    "issuer, number, reported_to",
    [
        # The district level ended on 30/6/2025: a Đảng ủy xã reports to the Tỉnh ủy now.
        ("Ban Thường vụ Huyện ủy Yên Phong", "45-KH/HU", "Ban Thường vụ Tỉnh ủy"),
        # Merged in 2025: the successor in the body table takes the report.
        ("Ban Tuyên giáo Tỉnh ủy", "12-HD/BTGTU", "Ban Tuyên giáo và Dân vận Tỉnh ủy"),
    ],
)
def test_a_plan_derived_from_a_body_that_has_ended_reports_to_who_is_there_now(issuer, number, reported_to):
    """Cụ thể hóa in 2027 of a plan a Huyện ủy issued in 2024 wrote «Ban Thường vụ Huyện ủy Yên
    Phong (để báo cáo)» in Nơi nhận and «báo cáo kết quả về Ban Thường vụ Huyện ủy…» in Tổ chức
    thực hiện — a body that no longer exists, which the plan's own checks then flag as an error."""
    doc = _derivation(issuer, number, issued_on="2024-03-10").build().document
    assert doc.recipients[0] == f"{reported_to} (để báo cáo),"
    assert not any(issuer in r for r in doc.recipients)
    office = next(n for n in doc.sections[2].children if n.text.startswith("Văn phòng Đảng ủy"))
    assert f"báo cáo kết quả về {reported_to}" in office.text and issuer not in office.text


def test_a_task_card_names_our_units_in_its_unit_lines():
    """mt-luongminh-16-kh-mttq-2025: each task is a card with «Đơn vị chủ trì: Đồng chí Phó chủ tịch
    Thường trực …» / «Đơn vị phối hợp: …» lines; in our plan those lines named the upstream's people
    while the task itself had our unit — they now say our lead and cooperating units."""
    from pathlib import Path

    from kehoach_desktop.core.basis import natural_case
    from kehoach_desktop.core.derive import Unit, UnitMatcher, derive
    from kehoach_desktop.core.models import OfficeProfile
    from kehoach_desktop.importer import parse_file
    from kehoach_desktop.importer.persist import structure_json

    doc = parse_file(Path(__file__).parent / "corpus" / "mt-luongminh-16-kh-mttq-2025.txt")
    row = {"id": 7, "doc_type": doc.doc_type, "number": doc.number, "issuer": natural_case(doc.issuer_body)}
    row.update(issued_on=doc.date.isoformat(), summary=doc.title)
    office = OfficeProfile(
        superior_body="ĐẢNG BỘ TỈNH QUẢNG NINH", issuer_body="ĐẢNG ỦY XÃ LƯƠNG MINH", place="Lương Minh"
    )
    units = [Unit(1, "Văn phòng Đảng ủy"), Unit(2, "Ủy ban Mặt trận Tổ quốc Việt Nam xã"), Unit(3, "Ban Xây dựng Đảng")]
    d = derive(row, structure_json(doc), office, UnitMatcher(units), today=dt.date(2025, 11, 20))
    card = next(i for i in d.task_items() if i.up.kind == "section" and i.children)
    d.set_units(card.up.key, 2, [3])
    plan = d.build()
    node = next(n for n, key in plan.links if key == card.up.key)
    lines = [c.text for c in node.children]
    assert "Đơn vị chủ trì: Ủy ban Mặt trận Tổ quốc Việt Nam xã." in lines, lines
    assert "Đơn vị phối hợp: Ban Xây dựng Đảng." in lines, lines
    assert not any("Đồng chí Phó chủ tịch" in t for t in lines)
