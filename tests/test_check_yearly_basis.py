"""A plan for one year grounded on another year's work guide: the reviewer's first remark.

Found by the outside walk: the demo's draft «Thực hiện công tác lý luận chính trị năm 2027»
(the plan copied for next year) keeps the căn cứ «Hướng dẫn số 73-HD/BTGTU, ngày 16/11/2023 …
về thực hiện công tác lý luận chính trị năm 2024», and the check said «Không phát hiện vấn đề
nào». Years inside a citation are rightly not "year slips", but a yearly guide for an earlier
year as the ground of this year's plan is exactly what copying last year's file leaves behind.
"""

from __future__ import annotations

from kehoach_desktop.core.checks import CheckContext, run_checks
from kehoach_desktop.core.document import Node, PlanDocument, Signature


def _plan(basis: str, year: int = 2027) -> PlanDocument:
    return PlanDocument(
        doc_type="Kế hoạch",
        superior_body="ĐẢNG BỘ TỈNH HÀ TĨNH",
        issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH",
        issuer_code="ĐU",
        place="Hòa Bình",
        title=f"Thực hiện công tác lý luận chính trị năm {year}",
        basis=basis,
        sections=[Node(kind="section", text="NỘI DUNG", children=[Node(kind="paragraph", text="Học tập.")])],
        recipients=["Ban Tuyên giáo và Dân vận Tỉnh ủy (để báo cáo),", "Lưu Văn phòng Đảng ủy."],
        signature=Signature("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Trần Minh An"),
    )


def _kinds(doc: PlanDocument, year: int = 2027) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in run_checks(doc, CheckContext(plan_year=year)):
        out.setdefault(f.kind, []).append(f)
    return out


def test_an_earlier_years_guide_in_the_basis_is_pointed_out():
    doc = _plan(
        "Căn cứ Hướng dẫn số 73-HD/BTGTU, ngày 16/11/2023 của Ban Tuyên giáo Tỉnh ủy về thực hiện công tác "
        "lý luận chính trị năm 2024; Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện "
        "Chỉ thị số 05-CT/TW, Ban Thường vụ Đảng ủy xã xây dựng Kế hoạch như sau:"
    )
    [found] = _kinds(doc)["basis_old_year"]
    assert found.place == "field:basis" and "73-HD/BTGTU" in found.message and "2024" in found.message
    assert "2027" in found.message and found.fix


def test_lasting_documents_and_this_years_guide_are_left_alone():
    doc = _plan(
        "Căn cứ Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 05-CT/TW; "
        "Nghị quyết số 37-NQ/TW, ngày 09/10/2014 của Bộ Chính trị về công tác lý luận và định hướng nghiên cứu "
        "đến năm 2030; Kế hoạch số 12-KH/TU, ngày 05/01/2027 của Ban Thường vụ Tỉnh ủy về công tác năm 2027; "
        "Chương trình số 05-CTr/TU, ngày 10/12/2021 của Tỉnh ủy giai đoạn 2021 - 2025 về chuyển đổi số năm 2025 "
        "trở đi, Ban Thường vụ Đảng ủy xã xây dựng Kế hoạch như sau:"
    )
    assert "basis_old_year" not in _kinds(doc)
    # a guide issued late in the year before, for the plan's own year, is the right one
    doc = _plan(
        "Căn cứ Hướng dẫn số 90-HD/BTGDVTU, ngày 20/11/2026 của Ban Tuyên giáo và Dân vận Tỉnh ủy về công tác "
        "lý luận chính trị năm 2027, Ban Thường vụ Đảng ủy xã xây dựng Kế hoạch như sau:"
    )
    assert "basis_old_year" not in _kinds(doc)
