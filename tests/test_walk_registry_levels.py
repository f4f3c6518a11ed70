"""Found walking the real window with a commune MTTQ plan nobody here wrote
(tests/corpus/mt-luongminh-16-kh-mttq-2025.txt): its căn cứ cites four laws of the
National Assembly, which the registry filed under «Xã → Chưa rõ cơ quan ban hành», and
«Luật số 85/2015/QH13 … và được sửa đổi, bổ sung một số điều tại Luật số 83/2025/QH15»
was recorded as the commune's plan amending Luật 83/2025/QH15."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach_desktop.core.citations import default_issuer, level_for, level_for_body
from kehoach_desktop.core.relations import detect_relations
from kehoach_desktop.store import directives, relations

CORPUS = Path(__file__).parent / "corpus"


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("QH13", "Trung ương"),
        ("UBTVQH14", "Trung ương"),
        ("BNV", "Trung ương"),
        ("BTC", "Trung ương"),
        ("MTTW-BTT", "Trung ương"),
        ("UBTVQH15-CP-ĐCTUBTWMTTQVN", "Trung ương"),
        ("TU", "Tỉnh"),
        ("ĐU", "Xã"),
        ("MTTQ-BTT", "Xã"),
        ("UBND", "Xã"),
    ],
)
def test_national_bodies_codes_are_central(code, level):
    assert level_for_body(code) == level


def test_the_national_assembly_is_named_for_its_laws():
    assert default_issuer("QH13") == "Quốc hội"
    assert default_issuer("UBTVQH14") == "Ủy ban Thường vụ Quốc hội"
    assert default_issuer("BTGTU") == "Ban Tuyên giáo Tỉnh ủy"
    assert default_issuer("XYZ") == ""
    assert level_for("QH13", default_issuer("QH13")) == "Trung ương"


def test_amended_by_a_later_law_is_not_the_plan_amending_it():
    text = (
        "Căn cứ Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân số 85/2015/QH13, "
        "ngày 25/6/2015 và được sửa đổi, bổ sung một số điều tại Luật số 83/2025/QH15, ngày 24/6/2025; "
        "Chỉ thị số 46-CT/TW, ngày 16/5/2025 của Bộ Chính trị về lãnh đạo cuộc bầu cử."
    )
    found = detect_relations(text)
    assert [(r.kind, r.number, r.by.number if r.by else None) for r in found] == [
        ("amends", "85/2015/QH13", "83/2025/QH15")
    ]


def test_the_active_form_still_reads_as_the_document_acting():
    found = detect_relations("Quyết định này sửa đổi, bổ sung một số điều của Quyết định số 12/2020/QĐ-UBND.")
    assert [(r.kind, r.number, r.by) for r in found] == [("amends", "12/2020/QĐ-UBND", None)]


def test_importing_the_mttq_plan_files_the_laws_centrally_and_records_no_false_relation(db):
    from kehoach_desktop.importer import parse_text
    from kehoach_desktop.importer.persist import save_as_directive

    text = (CORPUS / "mt-luongminh-16-kh-mttq-2025.txt").read_text(encoding="utf-8")
    did = save_as_directive(db, parse_text(text))
    law = db.one("SELECT id, issuer, level_id FROM directives WHERE number = '85/2015/QH13'")
    assert law is not None
    assert law["issuer"] == "Quốc hội"
    assert law["level_id"] == directives.level_id(db, "Trung ương")
    own = relations.for_directive(db, did)
    assert not [r for r in own if r["acting"]], own  # the plan amends nothing


@pytest.mark.parametrize(
    ("issuer", "level"),
    [
        # «cơ quan» is no «quận»: the walk's Ban Tuyên giáo of the Đảng ủy Khối was filed under Huyện
        ("Ban Tuyên giáo Đảng ủy Khối các cơ quan tỉnh", "Tỉnh"),
        ("Đảng ủy Khối các cơ quan tỉnh", "Tỉnh"),
        ("Bộ Chỉ huy Quân sự tỉnh Hà Tĩnh", "Tỉnh"),
        ("Ban Chỉ huy Quân sự huyện Cẩm Xuyên", "Huyện"),
        ("Quận ủy Ba Đình", "Huyện"),
        ("Ủy ban nhân dân quận 1", "Huyện"),
        ("Ủy ban nhân dân thị xã Kỳ Anh", "Huyện"),  # a thị xã is a district, not a commune
        ("Thị ủy Hồng Lĩnh", "Huyện"),
        ("Đảng ủy xã Cẩm Thành", "Xã"),
        ("Ủy ban nhân dân thị trấn Nghèn", "Xã"),
        ("Bộ Nội vụ", "Trung ương"),
    ],
)
def test_levels_from_the_issuers_name(issuer, level):
    assert level_for("", issuer) == level


def test_an_organ_under_its_committee_under_the_party_body_is_read_as_itself(db):
    """A three-line header (the walk): «ĐẢNG BỘ TỈNH … / ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH / BAN TUYÊN
    GIÁO» was one body «Đảng ủy Khối các cơ quan tỉnh Ban Tuyên Giáo», at level Huyện; the
    derived plan then cited it so in its căn cứ and Nơi nhận."""
    from kehoach_desktop.importer import parse_text
    from kehoach_desktop.importer.persist import save_as_directive

    text = (
        "ĐẢNG BỘ TỈNH HÀ TĨNH\nĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH\nBAN TUYÊN GIÁO\n*\nSố 31-KH/BTGĐUK\n"
        "ĐẢNG CỘNG SẢN VIỆT NAM\nHà Tĩnh, ngày 15 tháng 01 năm 2024\nKẾ HOẠCH\n"
        "Thực hiện công tác khoa giáo năm 2024\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao chất lượng.\n"
    )
    doc = parse_text(text)
    assert (doc.superior_body, doc.issuer_body) == ("ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH", "BAN TUYÊN GIÁO")
    directives.ensure_levels(db)
    did = save_as_directive(db, doc)
    row = db.one("SELECT d.issuer, l.name FROM directives d JOIN levels l ON l.id = d.level_id WHERE d.id = ?", (did,))
    assert tuple(row) == ("Ban Tuyên giáo Đảng ủy Khối các cơ quan tỉnh", "Tỉnh")
