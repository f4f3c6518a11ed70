"""Messy text as it really arrives (issue 16): each case is a quirk seen in the corpus of
real documents (tests/corpus/) or named in the issue."""

from __future__ import annotations

import datetime as dt

from kehoach_desktop.core.citations import find_citations
from kehoach_desktop.core.numbers import canonical, number_key
from kehoach_desktop.importer import parse_text


def test_header_with_number_place_and_date_on_one_line():
    doc = parse_text(
        "TỈNH ỦY LÀO CAI\nSố 34-NQ/TU Lào Cai, ngày 27 tháng 12 năm 2025\nNGHỊ QUYẾT\nvề phát triển du lịch"
    )
    assert (doc.number, doc.place, doc.date) == ("34-NQ/TU", "Lào Cai", dt.date(2025, 12, 27))
    assert (doc.doc_type, doc.title, doc.style) == ("Nghị quyết", "về phát triển du lịch", "party")


def test_header_table_flattened_into_pipe_cells_and_wrapped_date():
    doc = parse_text(
        "ỦY BAN NHÂN DÂN\nTỈNH SÓC TRĂNG\n-------\n|\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n|\nSố: 135/KH-UBND\n|\nSóc Trăng, ngày\n27 tháng 09 năm 2022\n|\n"
        "KẾ HOẠCH\nRÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO TRÊN ĐỊA BÀN TỈNH SÓC TRĂNG\nNĂM 2022\n"
        "Căn cứ Nghị định số\n07/2021/NĐ-CP ngày 27/01/2021 của Chính phủ quy định chuẩn nghèo;"
    )
    assert doc.issuer_body == "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG" and doc.style == "state"
    assert (doc.number, doc.place, doc.date) == ("135/KH-UBND", "Sóc Trăng", dt.date(2022, 9, 27))
    assert doc.title == "RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO TRÊN ĐỊA BÀN TỈNH SÓC TRĂNG NĂM 2022"
    assert [(c.number, c.date, c.issuer) for c in doc.references] == [
        ("07/2021/NĐ-CP", dt.date(2021, 1, 27), "Chính phủ")
    ]


def test_place_broken_inside_its_name_and_quoc_hieu_over_two_lines():
    doc = parse_text(
        "ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\n|\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n|\nSố: 68/KH-UBND\n|\n"
        "Sơn\nLa, ngày 11 tháng 3\nnăm 2020\n|\nKẾ HOẠCH\nVỀ VIỆC TRIỂN KHAI THỰC HIỆN CHỈ THỊ SỐ 37-CT/TW"
    )
    assert (doc.place, doc.date, doc.issuer_body) == ("Sơn La", dt.date(2020, 3, 11), "ỦY BAN NHÂN DÂN TỈNH SƠN LA")


def test_web_page_text_before_the_header_is_dropped_and_said():
    doc = parse_text(
        "Hệ thống pháp luật\nĐang tải nội dung, vui lòng chờ giây lát...\n"
        "ỦY BAN NHÂN DÂN\nTỈNH TUYÊN QUANG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 62/KH-UBND\n"
        "Tuyên Quang, ngày 28 tháng 4 năm 2021\nKẾ HOẠCH\nTHỰC HIỆN ĐỀ ÁN TRỒNG 1 TỶ CÂY XANH"
    )
    assert doc.issuer_body == "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG" and doc.number == "62/KH-UBND"
    assert any("trang web" in w for w in doc.warnings)


def test_literal_escaped_line_breaks_are_line_breaks():
    doc = parse_text(
        "\\r\\n ỦY BAN NHÂN DÂN | \\r\\n CỘNG\\r\\n HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM | \\r\\n"
        "\\r\\n Số: 54/KH-UBND \\r\\n | \\r\\n Lạng Sơn, ngày 27 tháng 3 năm 2020 \\r\\n | \\r\\n"
        "Thực hiện Quyết định số 1896/QĐ-TTg\\r\\nngày 25/12/2019 của Thủ tướng Chính phủ."
    )
    assert (doc.number, doc.place, doc.date) == ("54/KH-UBND", "Lạng Sơn", dt.date(2020, 3, 27))
    assert [(c.number, c.date) for c in doc.references] == [("1896/QĐ-TTg", dt.date(2019, 12, 25))]


def test_title_without_a_separate_type_line():
    doc = parse_text(
        "ĐẢNG ỦY XÃ BẢO HÀ\nSố 12-KH/ĐU\nĐẢNG CỘNG SẢN VIỆT NAM\nBảo Hà, ngày 05 tháng 01 năm 2026\n"
        "Kế hoạch tổ chức các hoạt động kỷ niệm 96 năm Ngày thành lập Đảng\nI. MỤC ĐÍCH\n1. Tuyên truyền sâu rộng."
    )
    assert (doc.doc_type, doc.title) == ("Kế hoạch", "tổ chức các hoạt động kỷ niệm 96 năm Ngày thành lập Đảng")
    assert doc.issuer_body == "ĐẢNG ỦY XÃ BẢO HÀ"


def test_untitled_fragment_gets_no_title_and_no_issuer():
    doc = parse_text("ĐỊNH HƯỚNG TUYÊN TRUYỀN THÁNG 7\nThực hiện Kế hoạch số 172-KH/TU, ngày 21/01/2020 của Tỉnh ủy.")
    assert doc.title is None and doc.issuer_body is None and doc.number is None
    assert doc.to_plan_document().title == ""


def test_nơi_nhận_and_signature_sharing_lines():
    doc = parse_text(
        "KẾ HOẠCH\nThực hiện công tác năm 2026\nI. NỘI DUNG\n1. Tuyên truyền.\n"
        "Nơi nhận:                       T/M BAN THƯỜNG VỤ\n- Ban Thường vụ Tỉnh ủy (để báo cáo), PHÓ BÍ THƯ\n"
        "- Các chi bộ,\n- Lưu VPĐU. Nguyễn Văn An"
    )
    assert doc.recipients == ["Ban Thường vụ Tỉnh ủy (để báo cáo)", "Các chi bộ", "Lưu VPĐU"]
    assert (doc.signature.authority, doc.signature.title, doc.signature.name) == (
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ",
        "Nguyễn Văn An",
    )


def test_citations_as_they_are_really_typed():
    def cite(text):
        return [(c.doc_type, c.number, c.date, c.issuer) for c in find_citations(text)]

    assert cite("theo Công văn số 398/ SVHTTDL-QLVH ngày 3/3/2024 của Sở Văn hóa, Thể thao và Du lịch về") == [
        ("Công văn", "398/SVHTTDL-QLVH", dt.date(2024, 3, 3), "Sở Văn hóa, Thể thao và Du lịch")
    ]
    assert cite("Công văn số 197/STTTT ngày 02/2/2021 của Sở Thông tin và Truyền thông;") == [
        ("Công văn", "197/STTTT", dt.date(2021, 2, 2), "Sở Thông tin và Truyền thông")
    ]
    assert cite("Quyết định số 012/CT-UBND ngày15/01/2024 của Bộ Tài chính.") == [
        ("Quyết định", "012/CT-UBND", dt.date(2024, 1, 15), "Bộ Tài chính")
    ]
    assert cite("Nghị quyết 13-NQ/TƯ của Tỉnh ủy (khóa XIV)")[0][1] == "13-NQ/TU"
    assert cite("Kết luận 01-KL/TƯ của Bộ Chính trị")[0][1] == "01-KL/TW"
    assert cite("Luật Ngân sách nhà nước số 83/2015/QH13, ngày 25/6/2015;") == [
        ("Luật", "83/2015/QH13", dt.date(2015, 6, 25), "")
    ]
    assert cite("Nghị định số 12/2020/NĐ-CP của Chính phủ quy định chi tiết")[0][3] == "Chính phủ"
    assert cite("Thông báo số 70-TB/TWngày 06 tháng 01 năm 2012 của Ban Bí thư")[0][1:3] == (
        "70-TB/TW",
        dt.date(2012, 1, 6),
    )
    assert cite("Quyết định số 24/2021/QĐ-TTg ngày 16/7/20 21 của Thủ tướng")[0][2] == dt.date(2021, 7, 16)


def test_a_character_is_never_dropped_and_d_without_stroke_is_the_same_number():
    assert canonical("012/CT-UBND") == "012/CT-UBND" and canonical("5-KH/ĐU") == "05-KH/ĐU"
    assert number_key("20-KH/DU") == number_key("20-KH/ĐU") != number_key("21-KH/ĐU")


def test_a_whole_document_on_one_line_is_split_back_into_its_parts():
    from pathlib import Path

    text = (Path(__file__).resolve().parent / "corpus" / "pa-doan-367-qd-2013.txt").read_text(encoding="utf-8")
    assert text.count("\n") <= 1
    doc = parse_text(text)
    assert (doc.doc_type, doc.place, doc.date) == ("Quyết định", "Hà Nội", dt.date(2013, 10, 29))
    assert doc.title == "Về việc ban hành Quy định về ban hành văn bản của Đoàn TNCS Hồ Chí Minh"
    assert doc.recipients == ["Như điều 4", "VP: CVP, PCVP, Các phòng, bộ phận thuộc VP", "Lưu TH-TĐ10b, VT-LT"]
    assert doc.signature.name == "Phan Văn Mãi"
    assert {c.number for c in doc.references} >= {"84-QĐ/TWĐTN", "1836-QĐ/TWĐTN"}


def test_a_state_body_is_filed_at_its_real_level(db):
    from kehoach_desktop.importer.persist import save_as_directive
    from kehoach_desktop.store import directives

    doc = parse_text(
        "ỦY BAN NHÂN DÂN\nTỈNH SÓC TRĂNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 135/KH-UBND\n"
        "Sóc Trăng, ngày 27 tháng 9 năm 2022\nKẾ HOẠCH\nRÀ SOÁT HỘ NGHÈO NĂM 2022\n"
        "Căn cứ Thông tư số 07/2021/TT-BLĐTBXH ngày 18/7/2021 của Bộ Lao động - Thương binh và Xã hội;"
    )
    did = save_as_directive(db, doc)
    level = db.scalar("SELECT l.name FROM directives d JOIN levels l ON l.id = d.level_id WHERE d.id = ?", (did,))
    cited = directives.find_by_number(db, "07/2021/TT-BLĐTBXH")[0]
    cited_level = db.scalar("SELECT name FROM levels WHERE id = ?", (cited["level_id"],))
    assert (level, cited_level) == ("Tỉnh", "Trung ương")


def test_citation_without_symbol_is_linked_only_to_a_single_match(db):
    from kehoach_desktop.importer.persist import save_as_plan
    from kehoach_desktop.importer.protect import partial_matches
    from kehoach_desktop.store import directives

    text = "KẾ HOẠCH\nThực hiện năm 2026\nThực hiện Chỉ thị số 35 ngày 30/5/2019 của Bộ Chính trị,\nI. NỘI DUNG\n1. Học tập."
    doc = parse_text(text)
    ids, warnings = partial_matches(db, doc)
    assert ids == [] and "không có văn bản nào khớp" in warnings[0]
    did = directives.add(
        db, {"doc_type": "Chỉ thị", "number": "35-CT/TW", "issued_on": dt.date(2019, 5, 30), "issuer": "Bộ Chính trị"}
    )
    assert partial_matches(db, doc) == ([did], [])
    plan_id = save_as_plan(db, doc)
    assert db.scalar("SELECT directive_id FROM plan_basis WHERE plan_id = ?", (plan_id,)) == did
    directives.add(db, {"doc_type": "Chỉ thị", "number": "35/CT-UBND", "issued_on": dt.date(2019, 5, 30)})
    ids, warnings = partial_matches(db, doc)
    assert ids == [] and "có 2 văn bản" in warnings[0]
