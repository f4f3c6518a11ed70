"""The importer on documents it was not tuned on (tests/fixtures/import, written for these
tests): full header in text columns, ``I-``/``1-``/``1.1-`` dash numbering, ``a)`` and
``(1)`` items, ``+`` bullets, State numbers, references without "số" or date or with
stray spaces, a State-style plan, legacy TCVN3 and VNI files, and .docx variants
(auto-numbered lists, heading styles without typed labels). These always run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from import_docx_builder import build_plan_docx

from kehoach_desktop.core.numbers import canonical
from kehoach_desktop.importer import parse_file, parse_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


def tree(sections):
    return [(s.label, s.heading, [p.text for p in s.paragraphs], tree(s.children)) for s in sections]


def test_party_plan_with_dash_numbering():
    doc = parse_file(FIXTURES / "ke-hoach-xa-dash-2025.txt")
    assert doc.superior_body == "ĐẢNG BỘ TỈNH HÀ TĨNH"
    assert doc.issuer_body == "ĐẢNG ỦY XÃ THẠCH SƠN"
    assert doc.number == "12-KH/ĐU"
    assert (doc.place, doc.date) == ("Thạch Sơn", dt.date(2025, 3, 5))
    assert doc.title == "tổ chức học tập, quán triệt và triển khai thực hiện công tác tuyên giáo năm 2025"
    assert doc.basis.startswith("Căn cứ Nghị quyết 116/2018/NQ-HĐND")
    labels = [(s.label, [(c.label, [g.label for g in c.children]) for c in s.children]) for s in doc.sections]
    assert labels == [
        ("I", [("1", []), ("2", [])]),
        ("II", [("1", ["1.1", "1.2"]), ("2", ["a", "b"]), ("3", ["1", "2"])]),
        ("III", [("1", []), ("2", []), ("3", [])]),
    ]
    one_one = doc.sections[1].children[0].children[0]
    assert [p.bullet for p in one_one.paragraphs] == ["-", "-", "+", "+"]
    # "… cho đảng viên\ntrong thời gian …" is one paragraph.
    assert (
        one_one.paragraphs[1].text
        == "Các chi bộ tổ chức học tập cho đảng viên trong thời gian từ tháng 6 đến tháng 7/2025."
    )
    assert doc.closing.startswith("Trên đây là Kế hoạch công tác tuyên giáo năm 2025")
    assert doc.recipients == [
        "Ban Tuyên giáo Huyện ủy (để báo cáo)",
        "Thường trực Đảng ủy",
        "Các chi bộ trực thuộc",
        "Lưu VPĐU",
    ]
    assert (doc.signature.authority, doc.signature.title, doc.signature.name) == (
        "T/M ĐẢNG ỦY",
        "BÍ THƯ",
        "Trần Văn Bình",
    )
    assert len(doc.appendices) == 1
    assert doc.appendices[0].heading == "PHỤ LỤC — DANH MỤC TÀI LIỆU HỌC TẬP"
    assert [p.text for p in doc.appendices[0].paragraphs] == [
        "1. Kết luận số 01-KL/TW của Bộ Chính trị",
        "2. Tài liệu hỏi đáp về công tác tuyên giáo",
    ]
    assert doc.is_issued


def test_references_variants_in_fixture():
    doc = parse_file(FIXTURES / "ke-hoach-xa-dash-2025.txt")
    got = {c.number: (c.doc_type, c.date, c.issuer) for c in doc.references}
    # State numbers, a citation without "số", a date written in words.
    assert got["116/2018/NQ-HĐND"] == ("Nghị quyết", dt.date(2018, 12, 7), "Hội đồng nhân dân tỉnh")
    assert got["155/KH-UBND"] == ("Kế hoạch", dt.date(2025, 1, 16), "Ủy ban nhân dân huyện")
    # Stray spaces in the number, no date.
    assert got["798-KL/TU"] == ("Thông báo", None, "Ban Thường vụ Tỉnh ủy")
    assert got["30/2020/NĐ-CP"][0] == "Nghị định"
    assert got["01-KL/TW"] == ("Kết luận", dt.date(2021, 5, 18), "Bộ Chính trị")
    assert "12-KH/ĐU" not in got  # the document's own number is no reference
    assert list(got)[:3] == ["116/2018/NQ-HĐND", "155/KH-UBND", "798-KL/TU"]


def test_tasks_and_assignments_in_fixture():
    doc = parse_file(FIXTURES / "ke-hoach-xa-dash-2025.txt")
    deadlines = [
        (
            t.section,
            t.deadline.kind if t.deadline else None,
            t.deadline.start if t.deadline else None,
            t.deadline.end if t.deadline else None,
        )
        for t in doc.tasks
    ]
    assert deadlines == [
        ("II.1.1", "date", None, dt.date(2025, 5, 31)),
        ("II.1.1", "range", dt.date(2025, 6, 1), dt.date(2025, 7, 31)),
        ("II.1.1", "periodic", None, None),
        ("II.1.1", None, None, None),
        ("II.1.2", "period", dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        ("II.2.a", "periodic", None, None),
        ("II.2.b", "ongoing", None, None),
        ("II.3.1", "separate_plan", None, None),
        ("II.3.2", "period", dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
    ]
    assert [(a.unit, a.deadline.kind if a.deadline else None) for a in doc.assignments] == [
        ("Văn phòng Đảng ủy", "periodic"),
        ("Ủy ban nhân dân xã", None),
        ("Các chi bộ trực thuộc", "date"),
    ]
    assert doc.assignments[2].deadline.end == dt.date(2025, 12, 15)
    assert doc.assignments[0].text.startswith("Tham mưu tổ chức các hội nghị")
    # A task naming a unit of III gets it.
    radio = next(t for t in doc.tasks if t.section == "II.2.a")
    assert radio.units == ["Đài truyền thanh xã"]


def test_state_style_plan():
    doc = parse_file(FIXTURES / "ke-hoach-ubnd-state-2025.txt")
    assert (doc.number, doc.issuer_body, doc.superior_body) == ("155/KH-UBND", "ỦY BAN NHÂN DÂN HUYỆN CAN LỘC", None)
    assert (doc.place, doc.date) == ("Can Lộc", dt.date(2025, 1, 16))
    assert doc.signature.authority == "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"
    assert (doc.signature.title, doc.signature.name) == ("PHÓ CHỦ TỊCH", "Nguyễn Văn An")
    got = {c.number: (c.doc_type, c.date, c.issuer) for c in doc.references}
    # core.numbers spells the body code TTG (canonical form), whatever the case typed.
    assert got[canonical("749/QĐ-TTg")] == ("Quyết định", dt.date(2020, 6, 3), "Thủ tướng Chính phủ")
    assert got["116/2018/NQ-HĐND"] == ("Nghị quyết", dt.date(2018, 12, 7), "Hội đồng nhân dân tỉnh")
    assert got["36/2018/TT-BTC"][0] == "Thông tư"
    assert [a.unit for a in doc.assignments] == ["Phòng Văn hóa và Thông tin", "Phòng Tài chính - Kế hoạch"]
    month = next(t for t in doc.tasks if t.section == "II.1")
    assert (month.deadline.kind, month.deadline.start, month.deadline.end) == (
        "period",
        dt.date(2025, 6, 1),
        dt.date(2025, 6, 30),
    )
    assert month.units == ["Phòng Văn hóa và Thông tin"]
    assert doc.assignments[0].deadline.end == dt.date(2025, 6, 30)  # 6 tháng đầu năm 2025


def _check_legacy_plan(doc):
    assert doc.doc_type_line == "KẾ HOẠCH"
    assert (doc.superior_body, doc.issuer_body) == ("ĐẢNG BỘ HUYỆN CAN LỘC", "ĐẢNG ỦY XÃ THIÊN LỘC")
    assert doc.number == "07-KH/ĐU"
    assert (doc.place, doc.date) == ("Thiên Lộc", dt.date(2024, 2, 10))
    assert doc.title == "tuyên truyền kỷ niệm ngày thành lập Đảng"
    assert [s.heading for s in doc.sections] == ["MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG", "TỔ CHỨC THỰC HIỆN"]
    assert [(c.number, c.date, c.issuer) for c in doc.references] == [
        ("73-HD/BTGTU", dt.date(2023, 11, 16), "Ban Tuyên giáo Tỉnh ủy")
    ]
    assert (doc.signature.authority, doc.signature.title, doc.signature.name) == ("T/M ĐẢNG ỦY", "BÍ THƯ", "Lê Thị Hoa")
    assert [t.deadline.kind for t in doc.tasks if t.deadline] == ["date", "period"]
    assert any("bảng mã cũ" in w for w in doc.warnings)


def test_tcvn3_file_is_converted():
    raw = (FIXTURES / "tcvn3-ke-hoach.txt").read_bytes()
    assert "KÕ HO¹CH".encode("latin-1") in raw  # really TCVN3 bytes
    doc = parse_file(FIXTURES / "tcvn3-ke-hoach.txt")
    assert doc.encoding == "tcvn3"
    _check_legacy_plan(doc)


def test_vni_file_is_converted():
    raw = (FIXTURES / "vni-ke-hoach.txt").read_bytes()
    assert "KEÁ HOAÏCH".encode("latin-1") in raw  # really VNI bytes
    doc = parse_file(FIXTURES / "vni-ke-hoach.txt")
    assert doc.encoding == "vni"
    _check_legacy_plan(doc)


def test_fixture_as_docx_with_header_table(tmp_path):
    text = (FIXTURES / "ke-hoach-xa-dash-2025.txt").read_text(encoding="utf-8")
    body = text[text.index("KẾ HOẠCH") : text.index("Nơi nhận")]
    body = body.replace("tổ chức học tập, quán triệt và triển khai\n", "tổ chức học tập, quán triệt và triển khai ")
    path = build_plan_docx(
        tmp_path / "x.docx",
        body,
        superior="ĐẢNG BỘ TỈNH HÀ TĨNH",
        issuer="ĐẢNG ỦY XÃ THẠCH SƠN",
        number="12-KH/ĐU",
        place_date="Thạch Sơn, ngày 05 tháng 3 năm 2025",
        recipients=["Ban Tuyên giáo Huyện ủy (để báo cáo),", "Lưu VPĐU."],
        signature=["T/M ĐẢNG ỦY", "BÍ THƯ", "Trần Văn Bình"],
    )
    from_docx = parse_file(path)
    from_txt = parse_file(FIXTURES / "ke-hoach-xa-dash-2025.txt")
    assert tree(from_docx.sections) == tree(from_txt.sections)
    assert (from_docx.superior_body, from_docx.issuer_body, from_docx.number, from_docx.date) == (
        from_txt.superior_body,
        from_txt.issuer_body,
        from_txt.number,
        from_txt.date,
    )
    assert from_docx.recipients == ["Ban Tuyên giáo Huyện ủy (để báo cáo)", "Lưu VPĐU"]
    assert [c.number for c in from_docx.references] == [c.number for c in from_txt.references]


def test_docx_word_numbering_and_heading_styles(tmp_path):
    """Labels produced by Word (not typed) and headings only marked by style."""
    document = Document()
    document.add_paragraph("KẾ HOẠCH").runs[0].bold = True
    document.add_paragraph("Về công tác dân vận năm 2025").runs[0].bold = True
    document.add_paragraph("Căn cứ Chỉ thị số 05-CT/TW của Bộ Chính trị, Đảng ủy xây dựng kế hoạch như sau:")
    document.add_paragraph("MỤC ĐÍCH", style="Heading 1")
    document.add_paragraph("Nâng cao nhận thức về công tác dân vận.")
    document.add_paragraph("NHIỆM VỤ", style="Heading 1")
    document.add_paragraph("Tổ chức hội nghị chuyên đề (Quý 2/2025).", style="List Number")
    document.add_paragraph("Rà soát quy chế dân chủ ở cơ sở.", style="List Number")
    document.add_paragraph("Thôn, tổ dân phố báo cáo hằng tháng.", style="List Bullet")
    path = tmp_path / "auto.docx"
    document.save(str(path))
    doc = parse_file(path)
    assert doc.title == "Về công tác dân vận năm 2025"
    assert [(s.label, s.heading) for s in doc.sections] == [(None, "MỤC ĐÍCH"), (None, "NHIỆM VỤ")]
    tasks = doc.sections[1]
    assert [(c.label, c.heading) for c in tasks.children] == [
        ("1", "Tổ chức hội nghị chuyên đề (Quý 2/2025)."),
        ("2", "Rà soát quy chế dân chủ ở cơ sở."),
    ]
    assert [(p.bullet, p.text) for p in tasks.children[1].paragraphs] == [("-", "Thôn, tổ dân phố báo cáo hằng tháng.")]
    assert [c.number for c in doc.references] == ["05-CT/TW"]


def test_docx_in_tcvn3_fonts(tmp_path):
    """Runs typed with .VnTime/.VnTimeH fonts are converted (and capitalised for ...H)."""
    document = Document()
    p = document.add_paragraph()
    run = p.add_run("kÕ ho¹ch")
    run.font.name = ".VnTimeH"
    p = document.add_paragraph()
    run = p.add_run("tæ chøc héi nghÞ tæng kÕt n¨m 2024")
    run.font.name = ".VnTime"
    document.add_paragraph("I. NỘI DUNG")
    p = document.add_paragraph()
    p.add_run("- Tæ chøc tr­íc ngµy 15/01/2025.").font.name = ".VnTime"
    path = tmp_path / "tcvn3.docx"
    document.save(str(path))
    doc = parse_file(path)
    assert doc.doc_type_line == "KẾ HOẠCH"
    assert doc.title == "tổ chức hội nghị tổng kết năm 2024"
    assert doc.sections[0].paragraphs[0].text == "Tổ chức trước ngày 15/01/2025."
    assert doc.tasks[0].deadline.end == dt.date(2025, 1, 15)


def test_pasted_text_without_header_or_sections():
    doc = parse_text(
        "Căn cứ Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị.\n"
        "Các chi bộ tổ chức học tập trước ngày 30/6/2024.\n"
        "Văn phòng tổng hợp kết quả hằng quý."
    )
    assert doc.doc_type_line is None
    assert doc.basis.startswith("Căn cứ Kết luận số 01-KL/TW")
    assert [p.text for p in doc.sections[0].paragraphs] == [
        "Các chi bộ tổ chức học tập trước ngày 30/6/2024.",
        "Văn phòng tổng hợp kết quả hằng quý.",
    ]
    assert [t.deadline.kind for t in doc.tasks] == ["date", "periodic"]


def test_noise_markers_are_ignored():
    doc = parse_text(
        "KẾ HOẠCH\n[bookmark: _Hlk1]Thực hiện công tác năm 2024\n- - - - -\n"
        "I. NỘI DUNG\n[bookmark: _Hlk2]1. Tuyên truyền (*có kế hoạch riêng*)\n"
        "- **Tổ chức** hội nghị\n\n2\n\nvà tọa đàm.\n\n"
        "Nơi nhận:\n- Ban Tuyên giáo; | (để)\n- Thường trực; | báo cáo\n- Lưu VT.\n"
        "**T/M BAN THƯỜNG VỤ\nBÍ THƯ**\n\nNguyễn Văn A\n"
    )
    assert doc.title == "Thực hiện công tác năm 2024"
    item = doc.sections[0].children[0]
    assert item.heading == "Tuyên truyền (có kế hoạch riêng)"
    # The page number "2" between the halves of a sentence is a page-break artefact.
    assert [p.text for p in item.paragraphs] == ["Tổ chức hội nghị và tọa đàm."]
    assert doc.recipients == ["Ban Tuyên giáo (để báo cáo)", "Thường trực (để báo cáo)", "Lưu VT"]
    assert (doc.signature.authority, doc.signature.title, doc.signature.name) == (
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "Nguyễn Văn A",
    )


def test_signature_column_read_before_noi_nhan():
    """Some extractions give the right column (signature) before the left one (Nơi nhận)."""
    doc = parse_text(
        "KẾ HOẠCH\nvề công tác dân vận\nI. NỘI DUNG\n1. Tổ chức hội nghị.\n"
        "T/M BAN THƯỜNG VỤ\nBÍ THƯ\n\nPhạm Văn Cường\nNơi nhận:\n- Thường trực Huyện ủy,\n- Lưu VP.\n"
    )
    assert doc.recipients == ["Thường trực Huyện ủy", "Lưu VP"]
    assert (doc.signature.authority, doc.signature.title, doc.signature.name) == (
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "Phạm Văn Cường",
    )
    assert [c.heading for c in doc.sections[0].children] == ["Tổ chức hội nghị."]


def test_docx_table_in_the_body_keeps_rows_together(tmp_path):
    document = Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("tổ chức các hoạt động kỷ niệm năm 2025")
    document.add_paragraph("I. NỘI DUNG")
    document.add_paragraph("1. Các hoạt động cụ thể")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [
            ("STT", "Nội dung", "Thời gian"),
            ("1", "Treo cờ, băng rôn", "trước ngày 01/5/2025"),
            ("2", "Gặp mặt truyền thống", "Quý 3/2025"),
        ]
    ):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    path = tmp_path / "bang.docx"
    document.save(str(path))
    doc = parse_file(path)
    item = doc.sections[0].children[0]
    assert [p.text for p in item.paragraphs] == [
        "STT | Nội dung | Thời gian",
        "1 | Treo cờ, băng rôn | trước ngày 01/5/2025",
        "2 | Gặp mặt truyền thống | Quý 3/2025",
    ]
    assert [t.deadline.kind if t.deadline else None for t in doc.tasks] == [None, "date", "period"]


def test_slash_and_letter_dash_labels_and_symbol_bullets():
    doc = parse_text(
        "KẾ HOẠCH\nvề công tác tuyên giáo\nI/ MỤC ĐÍCH\nNâng cao nhận thức.\nII/ NỘI DUNG\n"
        "1/ Tuyên truyền\na- Trên hệ thống truyền thanh\n\uf0b7 Phát sóng hằng tuần.\n"
        "b- Trực quan\n\uf0a7 Thay pa nô (Quý 2/2025).\n2/ Kiểm tra\nKiểm tra cuối năm 2025.\n"
    )
    assert [(s.label, s.heading) for s in doc.sections] == [("I", "MỤC ĐÍCH"), ("II", "NỘI DUNG")]
    one = doc.sections[1].children[0]
    assert [(c.label, c.heading) for c in one.children] == [("a", "Trên hệ thống truyền thanh"), ("b", "Trực quan")]
    assert [(p.bullet, p.text) for p in one.children[1].paragraphs] == [("-", "Thay pa nô (Quý 2/2025).")]
    assert [t.section for t in doc.tasks] == ["II.1.a", "II.1.b", "II.2"]
    assert [t.deadline.kind for t in doc.tasks] == ["periodic", "period", "period"]


def test_guidance_with_letter_parts_and_kt_signature():
    """A province Hướng dẫn (another office's document): A./B./C. parts over I./1. sections."""
    doc = parse_file(FIXTURES / "huong-dan-tinh-abc-2023.txt")
    assert (doc.doc_type_line, doc.doc_type, doc.number) == ("HƯỚNG DẪN", "Hướng dẫn", "85-HD/BTGTU")
    assert (doc.superior_body, doc.issuer_body) == ("TỈNH ỦY HÀ TĨNH", "BAN TUYÊN GIÁO")
    assert tree(doc.sections)[1][:2] == ("B", "NỘI DUNG")
    assert [(c.label, [g.label for g in c.children]) for c in doc.sections[1].children] == [
        ("I", ["1", "2"]),
        ("II", []),
    ]
    assert [s.role for s in doc.sections] == ["purpose", "content", "organisation"]
    assert [(t.section, t.deadline.text if t.deadline else None) for t in doc.tasks] == [
        ("B.I.1", "Quý III/2024"),
        ("B.I.2", None),
        ("B.II", "6 tháng cuối năm 2024"),
    ]
    assert doc.assignments[0].unit == "Ban Tuyên giáo các huyện ủy, thành ủy, thị ủy, đảng ủy trực thuộc"
    assert doc.assignments[0].deadline.end == dt.date(2024, 11, 30)
    assert (doc.signature.authority, doc.signature.title, doc.signature.name) == (
        "K/T TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Nguyễn Thị Minh",
    )
    assert [c.number for c in doc.references] == ["09-QĐ/TW", "20-NQ/TW", "86-KL/TW"]


def test_cong_van_without_type_line():
    doc = parse_text(
        "ĐẢNG ỦY XÃ THẠCH SƠN\tĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 45-CV/ĐU\tThạch Sơn, ngày 02 tháng 4 năm 2025\n"
        "V/v triển khai học tập chuyên đề năm 2025\n\nKính gửi: Các chi bộ trực thuộc.\n\n"
        "Thực hiện Hướng dẫn số 12-HD/BTGHU ngày 20/3/2025 của Ban Tuyên giáo Huyện ủy, Ban Thường vụ "
        "Đảng ủy đề nghị các chi bộ tổ chức học tập trước ngày 30/4/2025.\n\nNơi nhận:\n- Như kính gửi,\n"
        "- Lưu VP.\n\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\n\nTrần Văn Bình"
    )
    assert (doc.doc_type_line, doc.doc_type, doc.number) == (None, "Công văn", "45-CV/ĐU")
    assert (doc.issuer_body, doc.date) == ("ĐẢNG ỦY XÃ THẠCH SƠN", dt.date(2025, 4, 2))
    assert doc.title == "triển khai học tập chuyên đề năm 2025"
    assert doc.basis == "Kính gửi: Các chi bộ trực thuộc."
    assert [t.deadline.end for t in doc.tasks] == [dt.date(2025, 4, 30)]
    assert [c.number for c in doc.references] == ["12-HD/BTGHU"]
    assert doc.recipients == ["Như kính gửi", "Lưu VP"] and doc.signature.name == "Trần Văn Bình"


def test_pasted_title_without_blank_lines_stops_at_the_next_sentence():
    doc = parse_text(
        "KẾ HOẠCH\nTổ chức hội nghị tổng kết\nnăm 2024\nBan Thường vụ Đảng ủy ban hành kế hoạch như sau:\n"
        "I. NỘI DUNG\n- Học tập."
    )
    assert doc.title == "Tổ chức hội nghị tổng kết năm 2024"
    assert doc.basis == "Ban Thường vụ Đảng ủy ban hành kế hoạch như sau:"
