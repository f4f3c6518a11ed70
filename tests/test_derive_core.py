"""Cụ thể hóa, Qt-free and store-free: upstream items, addressees, unit mapping, deadlines (issue 15)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import FIXTURES

from kehoach_desktop.core.deadlines import Deadline, find_deadline
from kehoach_desktop.core.derive import (
    Unit,
    UnitMatcher,
    addressee,
    derive,
    derive_deadline,
    not_later,
    read_structure,
    working_days_before,
)
from kehoach_desktop.core.derive.model import summary
from kehoach_desktop.core.derive.units import normalise
from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.importer import parse_file
from kehoach_desktop.importer.persist import structure_json

DERIVE = FIXTURES / "derive"
PROFILE = OfficeProfile(
    superior_body="ĐẢNG BỘ TỈNH HÀ TĨNH",
    issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH",
    issuer_code="ĐU",
    place="Hòa Bình",
    signer_title="BÍ THƯ",
    signer_name="Trần Minh An",
)
UNITS = [
    Unit(1, "Văn phòng Đảng ủy"),
    Unit(2, "Ban Tuyên giáo Đảng ủy"),
    Unit(3, "Các chi bộ trực thuộc"),
    Unit(4, "Ủy ban Mặt trận Tổ quốc xã"),
    Unit(5, "Ủy ban nhân dân xã"),
    Unit(6, "Ban Tổ chức Đảng ủy"),
]
TODAY = dt.date(2027, 3, 15)


def _derive(name: str, **kw):
    doc = parse_file(DERIVE / name)
    row = {
        "id": 7,
        "doc_type": doc.doc_type,
        "number": doc.number,
        "issued_on": doc.date.isoformat(),
        "issuer": doc.issuer_body,
        "summary": doc.title,
    }
    return derive(row, structure_json(doc), PROFILE, UnitMatcher(UNITS, kw.pop("aliases", {})), today=TODAY, **kw)


# -- deadlines: ours a lead time before the upstream's, never after ---------------------------------------
def test_working_days_skip_weekends_and_fixed_holidays():
    assert working_days_before(dt.date(2027, 6, 30), 5) == dt.date(2027, 6, 23)  # Wed → Wed
    assert working_days_before(dt.date(2027, 5, 3), 2) == dt.date(2027, 4, 28)  # skips 1/5 (Sat), 30/4 (Fri)
    assert working_days_before(dt.date(2027, 6, 30), 0) == dt.date(2027, 6, 30)


@pytest.mark.parametrize(
    "text",
    [
        "hoàn thành trước ngày 15/9/2027",  # a date
        "hoàn thành trong quý III/2027",  # a quarter
        "xây dựng kế hoạch trước ngày 30/6",  # a date without its year
        "sinh hoạt chi bộ hằng tháng",  # periodic: stays periodic
        "tổng hợp báo cáo (định kỳ 6 tháng)",  # periodic
        "từ tháng 02 đến tháng 4/2027",  # a range
        "(Quý 1/2027)",
        "thường xuyên",
    ],
)
def test_ours_never_after_upstreams(text):
    up = find_deadline(text, 2027)
    assert up is not None
    for lead in (0, 5, 30):
        for start in (dt.date(2027, 1, 2), dt.date(2027, 12, 30)):
            ours = derive_deadline(up, lead, start)
            assert not_later(ours, up), (text, lead, start, ours)
            if up.due is None:
                assert (ours.kind, ours.every) == (up.kind, up.every)  # periodic duties stay periodic


def test_lead_time_shapes():
    q3 = derive_deadline(find_deadline("trong quý III/2027", 2027), 5, TODAY)
    assert (q3.kind, q3.end, q3.text) == ("date", dt.date(2027, 9, 23), "trước ngày 23/9/2027")
    june = derive_deadline(find_deadline("trước ngày 30/6", 2027), 5, TODAY)
    assert june.end == dt.date(2027, 6, 23)
    monthly = derive_deadline(find_deadline("hằng tháng", 2027), 5, TODAY)
    assert (monthly.kind, monthly.every) == ("periodic", "month")
    half = derive_deadline(find_deadline("định kỳ 6 tháng", 2027), 5, TODAY)
    assert (half.kind, half.every) == ("periodic", "half")
    # The upstream's deadline is close: ours is today at the earliest, never after theirs.
    close = derive_deadline(Deadline("date", None, dt.date(2027, 3, 17), "trước ngày 17/3/2027"), 5, TODAY)
    assert close.end == TODAY
    past = derive_deadline(Deadline("date", None, dt.date(2027, 3, 1), "trước ngày 01/3/2027"), 5, TODAY)
    assert past.end == dt.date(2027, 3, 1)


# -- who an item is for ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, verdict",
    [
        ("Các đảng ủy xã, phường xây dựng kế hoạch thực hiện.", "ours"),
        ("Cấp ủy cơ sở rà soát, số hóa hồ sơ đảng viên.", "ours"),
        ("Các chi bộ đưa nội dung vào sinh hoạt chi bộ hằng tháng.", "ours"),
        ("Ban Tuyên giáo và Dân vận Tỉnh ủy chủ trì biên soạn tài liệu.", "other"),
        ("Văn phòng Tỉnh ủy chủ trì nâng cấp mạng thông tin diện rộng.", "other"),
        ("Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với các đảng ủy xã tổ chức hội thi.", "ours"),
        ("Ban Tổ chức Tỉnh ủy hướng dẫn cấp ủy cơ sở triển khai.", "other"),
        ("Tổng kết 10 năm thực hiện Nghị quyết (có kế hoạch riêng).", "general"),
        ("Đảng ủy xã Hòa Bình tổ chức hội nghị quán triệt.", "ours"),
        ("Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - xã hội huyện: Xây dựng kế hoạch.", "other"),
    ],
)
def test_addressee(text, verdict):
    assert addressee(text, ["Đảng ủy xã Hòa Bình"]).verdict == verdict


# -- upstream unit names → our units -------------------------------------------------------------------------
def test_unit_suggestions_across_levels():
    m = UnitMatcher(UNITS)
    assert normalise("UBND huyện") == "uy ban nhan dan"
    assert m.suggest("Ban Tuyên giáo Huyện ủy").unit_id == 2
    assert m.suggest("UBND huyện").unit_id == 5
    assert m.suggest("Các TCCS Đảng trực thuộc").unit_id == 3
    assert m.suggest("Ủy ban Mặt trận Tổ quốc huyện").unit_id == 4
    assert m.suggest("Ban Tổ chức Quận ủy").unit_id == 6
    assert m.suggest("Ban").unit_id is None
    several = UnitMatcher([Unit(1, "Chi bộ thôn Đông"), Unit(2, "Chi bộ thôn Tây")])
    assert several.suggest("Các chi bộ").unit_id is None  # all of them: the user decides
    assert several.suggest("Cấp ủy cơ sở").unit_id is None
    assert several.suggest("Chi bộ thôn Tây").unit_id == 2
    assert m.suggest("Sở Văn hóa, Thể thao và Du lịch").unit_id is None
    confirmed = UnitMatcher(UNITS, {"ban tuyen giao huyen uy": 1}).suggest("Ban Tuyên giáo Huyện ủy")
    assert (confirmed.unit_id, confirmed.confirmed) == (1, True)


# -- the three shapes: Kế hoạch, Chỉ thị (numbered points), Nghị quyết (nhiệm vụ, giải pháp) ----------------
def test_plan_shape_items_units_deadlines_reports():
    d = _derive("ke-hoach-tinh-uy-45.txt")
    assert d.title() == (
        "Thực hiện Kế hoạch số 45-KH/TU, ngày 10/3/2027 của Ban Thường vụ Tỉnh ủy về thực hiện chuyển đổi số "
        "trong các cơ quan đảng năm 2027"
    )
    assert d.basis_text().startswith("Thực hiện Kế hoạch số 45-KH/TU, ngày 10/3/2027 của Ban Thường vụ Tỉnh ủy về ")
    assert d.basis_text().endswith("Ban Thường vụ Đảng ủy xã Hòa Bình xây dựng Kế hoạch triển khai thực hiện như sau:")
    tasks = {i.up.key: i for i in d.task_items()}
    assert list(tasks) == ["II.1#p1", "II.1#p2", "II.1#p3", "II.2#p1", "II.2#p2", "II.2#p3", "II.3#p1", "II.3#p2"]
    ticked = {k for k, i in tasks.items() if i.selected}
    assert ticked == {"II.1#p1", "II.1#p2", "II.2#p1", "II.2#p3", "II.3#p1"}  # the others are other bodies' work
    assert tasks["II.1#p3"].who.reason == "Việc của «Ban Tuyên giáo và Dân vận Tỉnh ủy» (cơ quan khác)"
    # deadlines: 30/6 → 23/6; quý III → 23/9; 31/10 (Sun) → 25/10; hằng tháng and định kỳ 6 tháng stay periodic
    assert tasks["II.1#p1"].deadline.end == dt.date(2027, 6, 23)
    # our plan's voice: our own committee is not the subject of its own sentence
    assert tasks["II.1#p1"].text == "Xây dựng kế hoạch thực hiện chuyển đổi số trong cơ quan đảng trước ngày 23/6/2027."
    assert tasks["II.1#p2"].text.startswith("Các chi bộ đưa nội dung")  # the chi bộ are our units: kept
    assert tasks["II.2#p1"].deadline.end == dt.date(2027, 9, 23)
    assert tasks["II.2#p3"].deadline.end == dt.date(2027, 10, 25)
    assert (tasks["II.1#p2"].deadline.kind, tasks["II.1#p2"].deadline.every) == ("periodic", "month")
    assert (tasks["II.3#p1"].deadline.kind, tasks["II.3#p1"].deadline.every) == ("periodic", "half")
    for item in tasks.values():
        assert not_later(item.deadline, item.upstream_deadline)
    # units: the chi bộ for "Các chi bộ …", the committee's UBND for "… phối hợp với Ủy ban nhân dân"
    assert tasks["II.1#p2"].lead_unit_id == 3
    # nobody named: the counterpart of the province's "tham mưu" body (Ban Tuyên giáo … Tỉnh ủy) leads
    assert d.advisory_name == "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    assert (tasks["II.2#p3"].lead_unit_id, tasks["II.2#p3"].unit_source) == (2, "advisory")
    # the report the province asks for becomes a task of its own
    [report] = d.reports
    assert report.text == (
        "Báo cáo kết quả thực hiện về Ban Thường vụ Tỉnh ủy (qua Ban Tuyên giáo và Dân vận Tỉnh ủy) "
        "trước ngày 23/11/2027."
    )
    assert report.source_key == "III.3"
    built = d.build()
    assert built.header["recipients"][0] == "Ban Thường vụ Tỉnh ủy (để báo cáo),"
    assert built.header["recipients"][-1] == "Lưu Văn phòng Đảng ủy."
    assert built.basis_ids == [7]


def test_plan_shape_build_mirrors_order_and_nesting():
    d = _derive("ke-hoach-tinh-uy-45.txt")
    built = d.build()
    purpose, body, org = built.document.sections
    assert [purpose.text, body.text, org.text] == ["MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG", "TỔ CHỨC THỰC HIỆN"]
    assert [n.text for n in body.children] == [
        "Công tác lãnh đạo, chỉ đạo, tuyên truyền",
        "Hạ tầng và dữ liệu số",
        "Nâng cao năng lực cán bộ",
        "Chế độ thông tin, báo cáo",
    ]
    assert [len(n.children) for n in body.children] == [2, 2, 1, 1]
    keys = {id(n): k for n, k in built.links}
    assert [keys[id(n)] for n in body.children[:3]] == ["II.1", "II.2", "II.3"]
    assert [keys[id(n)] for n in body.children[0].children] == ["II.1#p1", "II.1#p2"]
    assert len(built.tasks) == 6  # five items and the report
    texts = [n.text for n in org.children]
    assert any(t.startswith("Các chi bộ trực thuộc: Chủ trì thực hiện các nội dung tại mục") for t in texts)
    assert texts[-1].startswith("Văn phòng Đảng ủy:") or any(t.startswith("Văn phòng Đảng ủy:") for t in texts)


def test_directive_numbered_points():
    d = _derive("chi-thi-tinh-uy-12.txt")
    assert d.title().startswith(
        "Thực hiện Chỉ thị số 12-CT/TU, ngày 05/4/2027 của Ban Thường vụ Tỉnh ủy về tăng cường công tác"
    )
    tasks = {i.up.key: i for i in d.task_items()}
    assert list(tasks) == ["1", "2", "3", "4", "5"]
    assert {k for k, i in tasks.items() if not i.selected} == {"3", "5"}
    assert tasks["3"].who.subject == "Ban Tổ chức Tỉnh ủy"  # not cut at "Ban" + "tổ chức"
    assert tasks["1"].deadline.end == dt.date(2027, 6, 23)
    assert (tasks["2"].deadline.kind, tasks["2"].deadline.every) == ("periodic", "quarter")
    assert [r.source_key for r in d.reports] == ["4"]
    assert d.reports[0].deadline.end == dt.date(2027, 12, 8)
    body = d.build().document.sections[1]
    assert [n.kind for n in body.children] == ["section", "section", "section", "section"]  # 1, 2, 4 + báo cáo


def test_resolution_tasks_and_solutions_only():
    d = _derive("nghi-quyet-tinh-uy-08.txt")
    keys = [i.up.key for i in d.task_items()]
    assert keys == ["III.1#p1", "III.1#p2", "III.2#p1", "III.2#p2", "III.3#p1"]  # not I. TÌNH HÌNH, II. MỤC TIÊU
    assert [i.up.key for i in d.task_items() if not i.selected] == ["III.2#p2"]  # Sở Văn hóa …
    assert d.find("III.1#p1").deadline.end == dt.date(2027, 6, 23)
    assert d.reports and d.reports[0].deadline.end == dt.date(2027, 11, 8)
    s = summary(d)
    assert (s.upstream_tasks, s.chosen) == (5, 4)


def test_all_items_and_lead_days_and_mapping_edits():
    d = _derive("ke-hoach-tinh-uy-45.txt", all_items=True, lead_days=0)
    assert all(i.selected for i in d.task_items())
    assert d.find("II.1#p1").deadline.end == dt.date(2027, 6, 30)
    d.set_lead_days(10)
    assert d.find("II.1#p1").deadline.end == dt.date(2027, 6, 16)
    assert "trước ngày 16/6/2027" in d.find("II.1#p1").text
    d.set_mapping("Các chi bộ", 2)
    assert d.find("II.1#p2").lead_unit_id == 2
    assert d.build().aliases["cac chi bo"] == ("Các chi bộ", 2)


def test_bundle_keys_and_tasks():
    structure = {
        "doc_type": "KẾ HOẠCH",
        "sections": [
            {"label": "I", "heading": "MỤC ĐÍCH, YÊU CẦU", "paragraphs": ["Nâng cao nhận thức."], "children": []},
            {
                "label": "II",
                "heading": "NỘI DUNG",
                "key": "n10",
                "paragraphs": [],
                "children": [
                    {
                        "label": "1",
                        "heading": "Tuyên truyền",
                        "key": "n11",
                        "paragraphs": ["Các chi bộ tổ chức học tập.", "Viết tin bài."],
                        "paragraph_keys": ["n12", "n13"],
                        "children": [],
                    }
                ],
            },
        ],
        "tasks": [
            {
                "key": "n13",
                "text": "Viết tin bài.",
                "lead_unit": "Ban Tuyên giáo Huyện ủy",
                "units": [],
                "deadline": {"kind": "date", "start": None, "end": "2027-05-31", "text": "trước ngày 31/5/2027"},
            }
        ],
    }
    up = read_structure(json.dumps(structure))
    assert [i.key for i in up.walk()] == ["I", "I#p1", "n10", "n11", "n12", "n13"]
    row = {"id": 3, "doc_type": "Kế hoạch", "number": "20-KH/HU", "issued_on": "2027-03-01", "issuer": "Huyện ủy"}
    d = derive(row, structure, PROFILE, UnitMatcher(UNITS), today=TODAY)
    item = d.find("n13")
    assert item.deadline.end == dt.date(2027, 5, 24)
    assert item.lead_unit_id == 2  # Ban Tuyên giáo Huyện ủy → Ban Tuyên giáo Đảng ủy


def test_no_structure_is_refused_with_advice():
    with pytest.raises(ValueError, match="chưa có cấu trúc"):
        derive({"id": 1}, None, PROFILE, UnitMatcher(UNITS))


def test_report_demands_either_word_order():
    from kehoach_desktop.core.derive.model import report_demands
    from kehoach_desktop.core.derive.upstream import UpstreamItem

    def item(text: str) -> UpstreamItem:
        return UpstreamItem("II.1#p1", "paragraph", "", text, "content", 1)

    assert report_demands(
        item("Định kỳ 6 tháng báo cáo kết quả về Ban Thường vụ Tỉnh ủy (qua Văn phòng Tỉnh ủy).")
    ) == ["Ban Thường vụ Tỉnh ủy (qua Văn phòng Tỉnh ủy)"]
    assert report_demands(item("Sơ kết, rút kinh nghiệm, báo cáo Thành ủy về kết quả thực hiện.")) == ["Thành ủy"]
    assert report_demands(item("Thực hiện báo cáo định kỳ cuối năm về việc thực hiện công tác lịch sử Đảng.")) == []


def test_a_report_the_upstream_body_owes_its_own_superior_is_not_ours():
    """The walk: deriving from a real Quận ủy plan gave our draft the task «Báo cáo kết quả thực
    hiện về Thành ủy» — from III.1 «Ban Thường vụ Quận ủy: … báo cáo Thành ủy», the upstream's own
    duty. Only the report the upstream asks of the lower levels becomes ours."""
    d = _derive("ke-hoach-dang-uy-co-quan-tinh-21.txt")
    assert [(r.source_key, r.text) for r in d.reports] == [
        ("III.2", "Báo cáo kết quả thực hiện về Ban Thường vụ Đảng ủy các cơ quan Đảng tỉnh trước ngày 23/11/2027.")
    ]


def test_without_its_header_the_upstream_s_own_report_is_still_not_ours(tmp_path):
    """The shared sample of 2022 has no header (issuer unknown) but is signed T/M BAN THƯỜNG VỤ:
    its «1. Ban Thường vụ Quận ủy … báo cáo Thành ủy» is still the upstream's own duty."""
    text = (DERIVE / "ke-hoach-dang-uy-co-quan-tinh-21.txt").read_text(encoding="utf-8")
    body = text[text.index("KẾ HOẠCH") :]
    (tmp_path / "no-header.txt").write_text(body, encoding="utf-8")
    doc = parse_file(tmp_path / "no-header.txt")
    assert not doc.issuer_body
    row = {"id": 7, "doc_type": doc.doc_type, "number": "", "issued_on": None, "issuer": "", "summary": doc.title}
    d = derive(row, structure_json(doc), PROFILE, UnitMatcher(UNITS), today=TODAY)
    assert [r.recipient for r in d.reports] == ["Ban Thường vụ Đảng ủy các cơ quan Đảng tỉnh"]


def test_an_office_without_a_ban_thuong_vu_speaks_as_itself():
    """The walk: a chi bộ (signs «T/M CHI BỘ») got «…, Ban Thường vụ Chi bộ Thôn Đông xây dựng Kế
    hoạch…» and «Trên đây là Kế hoạch của Ban Thường vụ Chi bộ…» — a chi bộ has no Ban Thường vụ."""
    from kehoach_desktop.core.basis import collective, default_tail

    chi_bo = OfficeProfile(
        superior_body="ĐẢNG BỘ XÃ HÒA BÌNH",
        issuer_body="CHI BỘ THÔN ĐÔNG",
        issuer_code="CB",
        place="Hòa Bình",
        signer_authority="T/M CHI BỘ",
        signer_title="BÍ THƯ",
        signer_name="Lê Văn Cường",
    )
    doc = parse_file(DERIVE / "ke-hoach-tinh-uy-45.txt")
    row = {
        "id": 7,
        "doc_type": doc.doc_type,
        "number": doc.number,
        "issued_on": doc.date.isoformat(),
        "issuer": doc.issuer_body,
        "summary": doc.title,
    }
    d = derive(row, structure_json(doc), chi_bo, UnitMatcher(UNITS), today=TODAY)
    assert d.basis_text().endswith(", Chi bộ thôn Đông xây dựng Kế hoạch triển khai thực hiện như sau:")
    assert d.closing().startswith("Trên đây là Kế hoạch của Chi bộ thôn Đông thực hiện")
    assert "Ban Thường vụ Chi bộ" not in d.basis_text() + d.closing()
    # an office with a Ban Thường vụ (or that says nothing) is unchanged
    assert collective("ĐẢNG ỦY XÃ HÒA BÌNH", "T/M BAN THƯỜNG VỤ") == "Ban Thường vụ Đảng ủy xã Hòa Bình"
    assert collective("ĐẢNG ỦY XÃ HÒA BÌNH") == "Ban Thường vụ Đảng ủy xã Hòa Bình"
    assert collective("ĐẢNG ỦY XÃ HÒA BÌNH", "T/M ĐẢNG ỦY") == "Đảng ủy xã Hòa Bình"
    assert default_tail("CHI BỘ THÔN ĐÔNG", "Học tập chuyên đề năm 2027", "T/M CHI BỘ") == (
        "Chi bộ thôn Đông xây dựng Kế hoạch học tập chuyên đề năm 2027 như sau:"
    )


# -- the derived plan's year: the year it is made for, never the upstream's past year ----------------------
def _derive_on(name: str, today: dt.date, **row_fix):
    doc = parse_file(DERIVE / name)
    row = {
        "id": 7,
        "doc_type": doc.doc_type,
        "number": doc.number,
        "issued_on": doc.date.isoformat(),
        "issuer": doc.issuer_body,
        "summary": doc.title,
        **row_fix,
    }
    return derive(row, structure_json(doc), PROFILE, UnitMatcher(UNITS), today=today)


def test_a_plan_derived_from_an_old_upstream_is_for_this_year():
    d = _derive_on(
        "ke-hoach-tinh-uy-45.txt",
        dt.date(2026, 5, 4),
        issued_on="2022-03-10",
        summary="Kế hoạch thực hiện chuyển đổi số trong các cơ quan đảng",
    )
    assert d.year == 2026
    assert d.build().document.year == 2026


def test_an_upstream_for_a_later_year_gives_that_year_and_a_past_one_never():
    later = _derive_on(
        "ke-hoach-tinh-uy-45.txt",
        dt.date(2026, 12, 10),
        issued_on="2026-12-01",
        summary="Kế hoạch thực hiện nhiệm vụ công tác tuyên giáo năm 2027",
    )
    assert later.year == 2027
    past = _derive_on(
        "ke-hoach-tinh-uy-45.txt",
        dt.date(2026, 2, 10),
        issued_on="2025-12-20",
        summary="Kế hoạch thực hiện nhiệm vụ công tác tuyên giáo năm 2025",
    )
    assert past.year == 2026


# -- the derived trích yếu: capitalised fragments of the upstream header in natural case --------------------
@pytest.mark.parametrize(
    "summary",
    [
        "HỘI NGHỊ LẦN THỨ BẢY BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA XIII",
        "về HỘI NGHỊ LẦN THỨ BẢY BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA XIII",
    ],
)
def test_a_capitalised_upstream_heading_reads_in_natural_case_in_the_derived_title(summary):
    d = _derive_on("ke-hoach-tinh-uy-45.txt", TODAY, doc_type="Kết luận", number="68-KL/TW", summary=summary)
    title = d.title()
    assert "HỘI NGHỊ" not in title and "BAN CHẤP HÀNH" not in title
    assert title.endswith("về Hội nghị lần thứ bảy Ban Chấp hành Trung ương Đảng khóa XIII"), title
    assert "Hội nghị lần thứ bảy Ban Chấp hành Trung ương Đảng khóa XIII" in d.basis_text()


def test_natural_case_keeps_roman_numerals_and_codes():
    from kehoach_desktop.core.basis import natural_case, natural_case_fragments

    assert natural_case("ĐẢNG BỘ TỈNH HÀ TĨNH (KHÓA XVI)") == "Đảng bộ tỉnh Hà Tĩnh (khóa XVI)"
    assert natural_case_fragments("về TIẾP TỤC THỰC HIỆN Nghị quyết số 19-NQ/TW và UBND xã") == (
        "về tiếp tục thực hiện Nghị quyết số 19-NQ/TW và UBND xã"
    )


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("II.1#p2", "mục II.1, ý thứ 2"),
        ("II.3.b#p12", "mục II.3.b, ý thứ 12"),
        ("III.2", "mục III.2"),
        ("II.4~2", "mục II.4"),
        ("II.4~2#p1", "mục II.4, ý thứ 1"),
        ("#p3", "ý thứ 3"),
        ("", "mục"),
    ],
)
def test_item_key_is_shown_as_a_person_reads_it(key, label):
    """The walk found «Thực hiện mục II.1#p2 của …» in the status bar: the key is for the file."""
    from kehoach_desktop.core.derive import item_label

    assert item_label(key) == label


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # the walk's Đảng ủy Khối plan: the names to map read «Các cấp ủy phối hợp với»
        (
            "Các cấp ủy phối hợp với lãnh đạo cơ quan, đơn vị và các cơ quan liên quan triển khai thực hiện",
            "Các cấp ủy",
        ),
        ("Ban Tổ chức Tỉnh ủy hướng dẫn các đảng ủy xã", "Ban Tổ chức Tỉnh ủy"),
        ("Ủy ban kiểm tra các cấp tăng cường kiểm tra, giám sát", "Ủy ban kiểm tra các cấp"),
        ("Đảng ủy xã Cẩm Thành tổ chức quán triệt Nghị quyết", "Đảng ủy xã Cẩm Thành"),
    ],
)
def test_the_subject_an_item_opens_with(text, subject):
    from kehoach_desktop.core.derive.units import subject_of

    assert subject_of(text) == subject
