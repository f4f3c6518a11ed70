"""Structure as authors write it (issue 16), in the forms the 2025–2026 commune plans use.

Each text below copies the shape of a real plan of the corpus (tests/corpus, named in the
test): task cards ("1.1. <duty>" + "- Thời gian hoàn thành: …", "- Đơn vị chủ trì: …",
"- Đơn vị phối hợp: …", "- Kết quả: …"), "(3) … : Chậm nhất ngày …" items, lettered duties
under a unit's item in TỔ CHỨC THỰC HIỆN, people by their role as the unit, a unit after a
clause of time, a phase heading whose date applies to the items under it.
"""

from __future__ import annotations

import datetime as dt

from kehoach_desktop.importer import parse_text
from kehoach_desktop.importer.persist import save_as_plan
from kehoach_desktop.importer.tasks import split_subject
from kehoach_desktop.store import plans

D = dt.date
HEAD = "ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH\nSố: 16/KH-MTTQ-BTT\nLương Minh, ngày 20 tháng 11 năm 2025\nKẾ HOẠCH\nCông tác bầu cử\n"
LEAD = "Đồng chí Phó Chủ tịch Thường trực, phụ trách lĩnh vực Giám sát và Phản biện xã hội"

# mt-luongminh-16-kh-mttq-2025: a task card, and "(1)…(3)" items with their own deadlines.
CARDS = (
    HEAD
    + "I. MỤC ĐÍCH, YÊU CẦU\n- Triển khai đầy đủ các nội dung.\n"
    + "II. NỘI DUNG, TIẾN ĐỘ, PHÂN CÔNG TRÁCH NHIỆM THỰC HIỆN\n"
    + "1. Xây dựng, ban hành các văn bản chỉ đạo, hướng dẫn\n"
    + "1.1. Xây dựng và ban hành Hướng dẫn của Ban Thường trực về việc tham gia công tác bầu cử.\n"
    + "- Bảo đảm thống nhất với hướng dẫn của cấp trên; phù hợp với điều kiện thực tế.\n"
    + "- Thời gian hoàn thành: Dự kiến tháng 11/2025 (sau khi cấp trên ban hành Hướng dẫn).\n"
    + f"- Đơn vị chủ trì: {LEAD}\n"
    + "- Đơn vị phối hợp: Các đ/c Phó Chủ tịch, Trưởng đoàn thể xã, các đồng chí Chuyên viên cơ quan MTTQ xã.\n"
    + "- Kết quả: Dự thảo Hướng dẫn trình Ban Thường trực ban hành.\n"
    + "2. Tổ chức các hội nghị hiệp thương\n"
    + "2.1. Chuẩn bị các văn bản về nhân sự và tổ chức 3 Hội nghị hiệp thương\n"
    + "(1) Tổ chức hiệp thương lần thứ nhất: Chậm nhất ngày 10/12/2025 (trước ngày bầu cử 95 ngày theo "
    + "Điều 39 Luật số 85/2015/QH13).\n"
    + "(2) Tổ chức hiệp thương lần thứ hai: Chậm nhất ngày 03/02/2026.\n"
    + "(3) Tổ chức hiệp thương lần thứ ba: Chậm nhất ngày 20/02/2026 (trước ngày bầu cử 23 ngày).\n"
    + "- Thời gian hoàn thành: Quý IV/2025 và Quý I/2026;\n"
    + f"- Đơn vị chủ trì: {LEAD}\n"
)


def _task(doc, start):
    return next(t for t in doc.tasks if t.text.startswith(start))


def test_a_task_card_is_one_task_with_its_unit_deadline_cooperation_and_product():
    doc = parse_text(CARDS)
    card = _task(doc, "Xây dựng và ban hành Hướng dẫn")
    assert card.paragraph_index is None  # the item is the task, not each of its lines
    assert card.units == [LEAD]  # the person as written, "và Phản biện" kept
    assert card.cooperating == [
        "Các đ/c Phó Chủ tịch",
        "Trưởng đoàn thể xã",
        "các đồng chí Chuyên viên cơ quan MTTQ xã",
    ]
    assert card.deadline.due == D(2025, 11, 30)
    assert card.product == "Dự thảo Hướng dẫn trình Ban Thường trực ban hành."
    assert "Bảo đảm thống nhất" in card.text  # its description stays with it
    texts = [t.text for t in doc.tasks]
    assert not any(t.startswith(("Thời gian", "Đơn vị", "Kết quả", "Bảo đảm thống nhất")) for t in texts)


def test_items_stating_their_own_deadline_keep_it_over_the_cards_period():
    doc = parse_text(CARDS)
    due = {n: _task(doc, f"Tổ chức hiệp thương lần thứ {n}").deadline.due for n in ("nhất", "hai", "ba")}
    assert due == {"nhất": D(2025, 12, 10), "hai": D(2026, 2, 3), "ba": D(2026, 2, 20)}


def test_card_is_saved_with_its_product_and_lead(db):
    plan_id = save_as_plan(db, parse_text(CARDS))
    doc = plans.load_document(db, plan_id, tasks=True)
    node = next(n for n in doc.walk() if n.text.startswith("Xây dựng và ban hành Hướng dẫn"))
    assert node.task is not None and node.task.product.startswith("Dự thảo Hướng dẫn")
    lead = db.scalar("SELECT name FROM units WHERE id = ?", (node.task.lead_unit_id,))
    assert lead == LEAD


# mt-luongminh-hd-bau-cu-2025: lettered duties ("b." with a dot) under a unit's item of
# TỔ CHỨC THỰC HIỆN, a paragraph under one of them; mt-baccamranh: a unit after a clause.
ORGANISATION = (
    HEAD
    + "I. MỤC ĐÍCH, YÊU CẦU\nBảo đảm đúng luật.\nII. TỔ CHỨC THỰC HIỆN\n"
    + "1. Ban Thường trực Ủy ban MTTQ Việt Nam xã thực hiện chế độ báo cáo với cấp trên như sau:\n"
    + "a. Các biên bản Hội nghị hiệp thương gửi ngay sau khi tổ chức Hội nghị.\n"
    + "b. Báo cáo tình hình thực hiện việc hiệp thương giới thiệu người ứng cử chậm nhất ngày 03/02/2026.\n"
    + "Báo cáo về tình hình tổ chức hội nghị lấy ý kiến cử tri nơi cư trú chậm nhất ngày 09/02/2026.\n"
    + "c. Báo cáo hoạt động giám sát chậm nhất ngày 18/3/2026.\n"
    + "2. Đồng chí Trưởng Ban xây dựng Đảng - Trưởng Tiểu ban: Phụ trách chung, chịu trách nhiệm trước "
    + "Ủy ban bầu cử.\n"
    + "3. Đồng chí Phó Trưởng phòng Văn hóa - Xã hội - Phó Trưởng tiểu ban Thường trực: Trực tiếp chỉ đạo "
    + "chuẩn bị tốt các nội dung trang trí, khánh tiết.\n"
    + "4. Kết thúc cuộc bầu cử, Ban Thường trực Ủy ban MTTQ Việt Nam phường, chịu trách nhiệm tổng hợp báo cáo "
    + "tình hình, kết quả hoạt động kiểm tra, giám sát.\n"
)


def test_lettered_duties_under_a_units_item_are_its_tasks():
    doc = parse_text(ORGANISATION)
    unit = "Ban Thường trực Ủy ban MTTQ Việt Nam xã"
    for start, due in (
        ("Báo cáo tình hình thực hiện việc hiệp thương", D(2026, 2, 3)),
        ("Báo cáo về tình hình tổ chức hội nghị", D(2026, 2, 9)),  # the paragraph under "b."
        ("Báo cáo hoạt động giám sát", D(2026, 3, 18)),
    ):
        task = _task(doc, start)
        assert (task.units[:1], task.deadline.due) == ([unit], due), start


def test_people_by_their_role_and_a_unit_after_a_clause_are_assigned():
    units = {a.unit: a.text for a in parse_text(ORGANISATION).assignments}
    assert units["Đồng chí Trưởng Ban xây dựng Đảng - Trưởng Tiểu ban"].startswith("Phụ trách chung")
    assert units["Đồng chí Phó Trưởng phòng Văn hóa - Xã hội - Phó Trưởng tiểu ban Thường trực"].startswith(
        "Trực tiếp chỉ đạo"
    )
    assert "chịu trách nhiệm tổng hợp báo cáo" in units["Ban Thường trực Ủy ban MTTQ Việt Nam phường"]


def test_a_phase_heading_with_a_date_applies_to_the_items_under_it():
    """st-phobang-01-kh-tbttkt-2025: "2.2. Đợt 2: Từ tháng 01 đến ngày bầu cử 15/3/2026"."""
    doc = parse_text(
        HEAD + "I. NỘI DUNG\n2. Lộ trình tuyên truyền\n2.1. Đợt 1: Trong tháng 12/2025\n- Tuyên truyền trên loa.\n"
        "2.2. Đợt 2: Từ tháng 01 đến ngày bầu cử 15/3/2026\n- Tập trung tuyên truyền đậm nét, cao điểm.\n"
        "- Treo băng rôn, khẩu hiệu tại trung tâm xã.\n"
    )
    assert _task(doc, "Tuyên truyền trên loa").deadline.due == D(2025, 12, 31)
    assert {_task(doc, s).deadline.due for s in ("Tập trung", "Treo băng rôn")} == {D(2026, 3, 15)}


def test_a_numbered_duty_with_lines_under_it_is_a_task_too():
    doc = parse_text(
        HEAD + "I. NỘI DUNG\n3. Các chi bộ ban hành kế hoạch thực hiện (trong tháng 01/2026).\n"
        "- Tổ chức quán triệt đến đảng viên.\n- Báo cáo kết quả về Văn phòng.\n"
        "a) Đoàn Thanh niên tổ chức ra quân (trong tháng 02/2026).\n"
    )
    duty = _task(doc, "Các chi bộ ban hành kế hoạch")
    assert duty.paragraph_index is None and duty.deadline.due == D(2026, 1, 31)
    assert _task(doc, "Tổ chức quán triệt").deadline.due == D(2026, 1, 31)  # the lines under it share it
    assert _task(doc, "Đoàn Thanh niên tổ chức ra quân").deadline.due == D(2026, 2, 28)


def test_several_units_as_one_subject_and_a_wrapped_number():
    """st-hcm-1576-kh-ubnd-2019-fragment: "1. Sở, ban, ngành, Ủy ban nhân dân quận-huyện, xã, …
    thực hiện …" with "Nghị định số" / "61/2018/NĐ-CP." wrapped over two lines."""
    doc = parse_text(
        "KẾ HOẠCH\nĐánh giá hài lòng\nI. NHIỆM VỤ\n1. Sở, ban, ngành, Ủy ban nhân dân quận-huyện, xã,\n"
        "phường, thị trấn thực hiện đúng yêu cầu, tiến độ tại Kế hoạch, theo quy định tại Nghị định số\n"
        "61/2018/NĐ-CP.\n2. Văn phòng và Sở Nội vụ theo dõi, tổng hợp.\n"
    )
    first = _task(doc, "Sở, ban, ngành")
    assert first.text.endswith("Nghị định số 61/2018/NĐ-CP.")
    assert first.units == ["Sở, ban, ngành", "Ủy ban nhân dân quận-huyện, xã, phường, thị trấn"]
    assert split_subject("Sở Giáo dục và Đào tạo") == ["Sở Giáo dục và Đào tạo"]
    assert split_subject("Ban Tuyên giáo và Dân vận, Văn phòng Đảng ủy") == [
        "Ban Tuyên giáo và Dân vận",
        "Văn phòng Đảng ủy",
    ]


def test_unit_names_are_matched_to_the_offices_list_and_shown():
    """Fuzzy matching (rapidfuzz) to the office's spelling; the match is kept for the review to
    show; a unit of another office stays unmatched (asked before it is added)."""
    known = ["Văn phòng Đảng ủy", "Ban Tuyên giáo và Dân vận"]
    doc = parse_text(
        "KẾ HOẠCH\nHọc tập năm 2026\nI. NỘI DUNG\n1. Văn phòng Đảng ủy xã: Tham mưu tổ chức hội nghị.\n"
        "2. Ban Tuyên giáo và Dân vận phối hợp với Sở Văn hóa, Thể thao và Du lịch tổ chức triển lãm.\n"
        "II. TỔ CHỨC THỰC HIỆN\n1. Văn phòng Đảng Ủy: Theo dõi, tổng hợp.\n",
        known,
    )
    first = _task(doc, "Văn phòng Đảng ủy xã")
    assert first.units == ["Văn phòng Đảng ủy"] and first.matched == {"Văn phòng Đảng ủy xã": "Văn phòng Đảng ủy"}
    second = _task(doc, "Ban Tuyên giáo")
    assert second.cooperating == ["Sở Văn hóa, Thể thao và Du lịch"] and second.unmatched == [
        "Sở Văn hóa, Thể thao và Du lịch"
    ]
    assert [a.unit for a in doc.assignments] == ["Văn phòng Đảng ủy"]  # assignments matched too


def test_an_introduction_and_description_lines_are_not_tasks():
    doc = parse_text(
        HEAD + "I. NỘI DUNG\nCác nội dung dưới đây được triển khai theo đúng quy định của Luật Bầu cử.\n"
        "1. Chuẩn bị các văn bản về nhân sự\n- Nguyên tắc tổ chức hiệp thương: Bảo đảm dân chủ, công khai.\n"
        "- Tài liệu phục vụ hội nghị: Gồm danh sách trích ngang người ứng cử.\n"
        "- Các thôn thực hiện các nội dung sau:\n- Lập danh sách cử tri trước ngày 20/02/2026.\n"
    )
    assert [t.text for t in doc.tasks] == ["Lập danh sách cử tri trước ngày 20/02/2026."]


def test_unit_blocks_under_to_chuc_thuc_hien_are_assigned_and_matched():
    """ "1. Phòng …" blocks (the unit as the heading, its duties under it) are assigned; the names
    meet the office's list by spelling ("Phòng Tài chính – Kế hoạch" = "Phòng Tài chính - Kế hoạch")."""
    known = ["Phòng Tài chính - Kế hoạch", "Phòng Văn hóa - Xã hội"]
    doc = parse_text(
        "ỦY BAN NHÂN DÂN\nXÃ THẠCH SƠN\nSố: 12/KH-UBND\nKẾ HOẠCH\nChuyển đổi số năm 2026\nI. NỘI DUNG\n"
        "1. Số hóa hồ sơ (quý II/2026).\nII. TỔ CHỨC THỰC HIỆN\n1. Phòng Văn hóa - Xã hội\n"
        "- Chủ trì tuyên truyền về chuyển đổi số.\n- Báo cáo kết quả trước ngày 15/12/2026.\n"
        "2. Phòng Tài chính – Kế hoạch: Tham mưu bố trí kinh phí.\n3. Công an xã: Bảo đảm an ninh mạng.\n",
        known,
    )
    got = [(a.unit, a.written, a.unmatched) for a in doc.assignments]
    assert got == [
        ("Phòng Văn hóa - Xã hội", "", False),
        ("Phòng Tài chính - Kế hoạch", "Phòng Tài chính – Kế hoạch", False),
        ("Công an xã", "", True),
    ]
    assert doc.assignments[0].text.startswith("Chủ trì tuyên truyền") and doc.assignments[0].deadline.due == D(
        2026, 12, 15
    )


def test_a_unit_given_the_duty_leads_it():
    """pa-doan-367-qd-2013: "Điều 3. Giao Văn phòng Trung ương Đoàn tham mưu …"."""
    doc = parse_text(
        "QUYẾT ĐỊNH\nBan hành Quy định\nĐiều 1. Ban hành kèm theo quyết định này Quy định.\n"
        "Điều 3. Giao Văn phòng Trung ương Đoàn tham mưu hướng dẫn, kiểm tra, đôn đốc việc thực hiện.\n"
        "Điều 4. Giao cho Sở Y tế chủ trì, phối hợp với Sở Tài chính tổ chức thực hiện.\n"
    )
    # «Điều N.» is the label of its article (issue 18), the task is its text.
    assert [s.raw_label for s in doc.sections] == ["Điều 1.", "Điều 3.", "Điều 4."]
    assert _task(doc, "Giao Văn phòng").units == ["Văn phòng Trung ương Đoàn"]
    giao = _task(doc, "Giao cho Sở Y tế")
    assert (giao.units, giao.cooperating) == (["Sở Y tế"], ["Sở Tài chính"])


def test_a_part_title_wrapped_over_two_lines_is_one_title():
    """st-quangnam-4544-kh-ubnd-2023: "I. MỤC ĐÍCH," / "YÊU CẦU"; and "III. TỔ CHỨC THỰC" / "HIỆN"
    (a text PDF's line break) is still TỔ CHỨC THỰC HIỆN with its units assigned."""
    doc = parse_text(
        "KẾ HOẠCH\nNăm 2026\nI. MỤC ĐÍCH,\nYÊU CẦU\n1. Mục đích\nNâng cao nhận thức.\n"
        "II. NỘI DUNG\nNHIỆM VỤ TRỌNG TÂM\n1. Tổ chức hội nghị.\nIII. TỔ CHỨC THỰC\nHIỆN\n"
        "1. Văn phòng Đảng ủy: Theo dõi, tổng hợp.\n"
    )
    assert [(s.heading, s.role) for s in doc.sections] == [
        ("MỤC ĐÍCH, YÊU CẦU", "purpose"),
        ("NỘI DUNG", "content"),
        ("TỔ CHỨC THỰC HIỆN", "organisation"),
    ]
    assert [p.text for p in doc.sections[1].paragraphs] == ["NHIỆM VỤ TRỌNG TÂM"]  # a sub-heading stays apart
    assert [a.unit for a in doc.assignments] == ["Văn phòng Đảng ủy"]


def test_lists_of_names_and_slogans_are_not_tasks_but_a_role_with_a_duty_is():
    doc = parse_text(
        "KẾ HOẠCH\nNăm 2026\nI. THÀNH LẬP BAN CHỈ ĐẠO\n1. Đồng chí Nguyễn Văn An - Bí thư Đảng ủy, Trưởng ban.\n"
        "2. Đồng chí Trần Thị Bình - Phó Bí thư Thường trực, Phó Trưởng ban.\n"
        "3. Ông Lê Văn Cường - Chủ tịch UBND xã, thành viên.\n"
        "4. Đồng chí Phó Chủ tịch Thường trực: Chỉ đạo công tác tuyên truyền.\n"
        "II. NỘI DUNG\n1. Toàn dân tham gia bầu cử đầy đủ (ngày 15/3/2026).\n"
        "III. KHẨU HIỆU TUYÊN TRUYỀN\n- “Toàn dân đoàn kết xây dựng nông thôn mới”.\n"
        "- Đảng Cộng sản Việt Nam quang vinh muôn năm\n- Nhiệt liệt chào mừng Ngày bầu cử\n"
    )
    assert [t.text for t in doc.tasks] == [
        "Đồng chí Phó Chủ tịch Thường trực: Chỉ đạo công tác tuyên truyền.",
        "Toàn dân tham gia bầu cử đầy đủ (ngày 15/3/2026).",
    ]
    assert doc.tasks[0].units == ["Đồng chí Phó Chủ tịch Thường trực"]


def test_a_decisions_opening_and_its_effect_clauses_are_not_tasks():
    """pa-doan-367-qd-2013: the authority line and the căn cứ open the Quyết định (its basis);
    "Quyết định này có hiệu lực …", "… thay thế Quyết định số …" are its effect, not duties."""
    doc = parse_text(
        "BAN CHẤP HÀNH TRUNG ƯƠNG ĐOÀN TNCS HỒ CHÍ MINH\nSố: 367-QĐ/TWĐTN\nQUYẾT ĐỊNH\n"
        "Về việc ban hành Quy định về ban hành văn bản của Đoàn\nBAN BÍ THƯ TRUNG ƯƠNG ĐOÀN TNCS HỒ CHÍ MINH\n"
        "- Căn cứ Điều lệ Đoàn TNCS Hồ Chí Minh;\n"
        "- Căn cứ Quy chế hoạt động ban hành kèm theo Quyết định số 84 QĐ/TWĐTN ngày 22/02/2013;\n"
        "- Để thống nhất trong toàn hệ thống việc ban hành văn bản của Đoàn,\nQUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành kèm theo quyết định này Quy định về ban hành văn bản của Đoàn.\n"
        "Điều 2. Quyết định này thay thế Quyết định số 1836 QĐ/TWĐTN ngày 23/6/2006.\n"
        "Điều 3. Giao Văn phòng Trung ương Đoàn tham mưu hướng dẫn, kiểm tra, đôn đốc việc thực hiện.\n"
        "Điều 4. Quyết định này có hiệu lực từ ngày ký.\n"
    )
    assert doc.basis.startswith("BAN BÍ THƯ TRUNG ƯƠNG ĐOÀN") and "Để thống nhất" in doc.basis
    assert [(t.text[:9], t.units) for t in doc.tasks] == [("Giao Văn ", ["Văn phòng Trung ương Đoàn"])]
    assert all(t.deadline is None for t in doc.tasks)
