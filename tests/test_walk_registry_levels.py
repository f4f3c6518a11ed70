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
