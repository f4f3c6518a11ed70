"""What the 2025–2026 commune documents of the corpus taught the importer (issue 16).

Each test is one reading that failed on a real document before: the text pieces are
cut from tests/corpus/ (a .docx's own text extraction puts a blank line after every
line; OCR loses dashes and splits syllables), reduced to what the rule is about.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kehoach_desktop.core.citations import find_citations
from kehoach_desktop.core.recipients import tidy_name
from kehoach_desktop.importer import parse_text
from kehoach_desktop.importer.layout import _ocr_label
from kehoach_desktop.importer.repair import clean_ocr_line, join_header_pieces, syllable_repairs
from kehoach_desktop.importer.textfile import Line

CORPUS = Path(__file__).resolve().parent / "corpus"
# A commune plan as its .docx's own text extraction gives it (quirks kept: trailing spaces,
# a tab, items carried onto the next paragraph, "Ban công" / " tác MT thôn;").
_SOURCE = (CORPUS / "mt-luongminh-16-kh-mttq-2025.txt").read_text(encoding="utf-8")
HEADER = _SOURCE[: _SOURCE.index("Ban Thường trực Ủy ban Mặt trận Tổ quốc (MTTQ)")] + "I. MỤC ĐÍCH, YÊU CẦU\n\n"
TAIL = _SOURCE[_SOURCE.index("Trên đây là Kế hoạch") :]


def test_recipients_carried_onto_the_next_paragraph_stay_one_item_and_the_signature_follows():
    doc = parse_text(HEADER + TAIL)
    assert doc.recipients == [
        "BTT Ủy ban MTTQ Việt Nam tỉnh",
        "Thường trực Đảng ủy xã",
        "Ủy ban bầu cử xã",
        "Thường trực HĐND, UBND xã",
        "BTT Ủy ban MTTQ VN xã",
        "Uỷ ban Kiểm tra Đảng uỷ, Ban xây dựng Đảng, VP Đảng uỷ",
        "Văn phòng HĐND, UBND xã",
        "Các tổ chức thành viên MTTQ xã",
        "Bí thư Chi bộ, Trưởng thôn, Ban công tác MT thôn",
        "Lưu: MTTQ",
    ]
    sig = doc.signature
    assert (sig.authority, sig.title, sig.name) == ("TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH", "Lan Thị Vân")


def test_header_of_a_docx_extraction_and_its_two_line_title():
    doc = parse_text(HEADER + TAIL)
    assert (doc.number, doc.issuer_body, doc.place, doc.date) == (
        "16/KH-MTTQ-BTT",
        "BAN THƯỜNG TRỰC",
        "Lương Minh",
        dt.date(2025, 11, 18),
    )
    assert doc.style == "state"
    assert doc.title.endswith("Hội đồng nhân dân các cấp nhiệm kỳ 2026-2031")


def test_place_kept_when_the_day_is_left_blank():
    text = HEADER.replace("Lương Minh, ngày 18 tháng 11 năm 2025", "Bắc Cam Ranh, ngày    tháng 11 năm 2025")
    assert text != HEADER
    doc = parse_text(text + TAIL)
    assert doc.place == "Bắc Cam Ranh" and doc.date is None


def test_items_without_their_dash_and_a_continuation_that_got_one():
    tail = """
Nơi nhận:
- Thường trực HĐND, UBND xã;
BTT Ủy ban MTTQ VN xã;
- - Thành viên Tiểu ban (T/h);
- Bí thư Chi bộ, Ban công tác MT
- thôn;
- BTT UBMTTQVN Tỉnh( B/c),
- Lưu: MTTQ
TM. BAN THƯỜNG TRỰC
CHỦ TỊCH
Lan Thị Vân
"""
    doc = parse_text(HEADER + tail)
    assert doc.recipients[:5] == [
        "Thường trực HĐND, UBND xã",
        "BTT Ủy ban MTTQ VN xã",
        "Thành viên Tiểu ban (T/h)",
        "Bí thư Chi bộ, Ban công tác MT thôn",
        "BTT UBMTTQVN Tỉnh (B/c)",
    ]


def test_tidy_name_spaces_a_note():
    assert tidy_name("Ban CTMT TDP ( Thực hiện)") == "Ban CTMT TDP (Thực hiện)"
    assert tidy_name("Thường trực Đảng uỷ( B/c)") == "Thường trực Đảng uỷ (B/c)"


def test_title_glued_to_the_authority_is_split():
    tail = "\nNơi nhận:\n- Như điều 4;\n- Lưu VT.\nTM. BAN BÍ THƯ TRUNG ƯƠNG ĐOÀNBÍ THƯ THƯỜNG TRỰC\n(đã ký)\nPhan Văn Mãi\n"
    sig = parse_text(HEADER + tail).signature
    assert (sig.authority, sig.title, sig.name) == (
        "TM. BAN BÍ THƯ TRUNG ƯƠNG ĐOÀN",
        "BÍ THƯ THƯỜNG TRỰC",
        "Phan Văn Mãi",
    )


def test_joint_resolutions_and_non_breaking_hyphens_are_cited():
    text = (
        "Căn cứ Nghị quyết số 101/2025/UBTVQH15 ngày 26/9/2025 và Nghị quyết liên tịch số "
        "102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN ngày 26/9/2025 hướng dẫn quy trình hiệp thương; "
        "Quy định số 296\u2011QĐ/TW, ngày 30/5/2025 của Ban Chấp hành Trung ương"
    )
    found = [(c.number, c.date, c.doc_type) for c in find_citations(text)]
    assert found == [
        ("101/2025/UBTVQH15", dt.date(2025, 9, 26), "Nghị quyết"),
        ("102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN", dt.date(2025, 9, 26), "Nghị quyết liên tịch"),
        ("296-QĐ/TW", dt.date(2025, 5, 30), "Quy định"),
    ]


def test_a_state_type_code_followed_by_a_slash_is_still_a_number():
    found = find_citations("Căn cứ Quyết định số 103/QĐ /BVHTTDL ngày 12 tháng 01 năm 2016 của Bộ Văn hóa")
    assert [(c.number, c.date) for c in found] == [("103/QĐ-BVHTTDL", dt.date(2016, 1, 12))]


def test_body_name_wrapped_in_a_narrow_header_cell_is_joined():
    cell = (0, 0, 0)
    lines = [
        Line("ỦY BAN BẦU CỬ XÃ PHỐ", cell=cell),
        Line("BẢNG", cell=cell),
        Line("TIỂU BAN THÔNG TIN,", cell=cell),
        Line("TUYÊN TRUYỀN, KHÁNH", cell=cell),
        Line("TIẾT", cell=cell),
        Line("Số: 01/KH-TBTTKT", cell=cell),
        Line("CỘNG", cell=(0, 0, 1)),
    ]
    assert [line.text for line in join_header_pieces(lines)] == [
        "ỦY BAN BẦU CỬ XÃ PHỐ BẢNG",
        "TIỂU BAN THÔNG TIN, TUYÊN TRUYỀN, KHÁNH TIẾT",
        "Số: 01/KH-TBTTKT",
        "CỘNG",
    ]


def test_ocr_syllables_split_or_glued_are_put_back_by_the_syllable_list():
    assert syllable_repairs("TRIỂN KHAI CHƯƠN G TRÌNH") == "TRIỂN KHAI CHƯƠNG TRÌNH"
    assert syllable_repairs("THIẾU NƯ ỚC PHỤC VỤ") == "THIẾU NƯỚC PHỤC VỤ"
    assert syllable_repairs("ỦY BAN BẦU CỬXÃ PHỐ") == "ỦY BAN BẦU CỬ XÃ PHỐ"
    # Acronyms, names and good words are never touched.
    for text in ("UBND HĐND TTG KH", "Nguyễn Văn A", "internet và xã hội", "Thực hiện Luật Hộ tịch năm 2014"):
        assert syllable_repairs(text) == text


def test_ocr_readings_the_domain_makes_certain():
    assert clean_ocr_line("pc lập - Tự do - Hạnh phúc", header=True) == "Độc lập - Tự do - Hạnh phúc"
    assert clean_ocr_line("TĨNHT SƠNLA", header=True) == "TỈNH SƠN LA"
    assert clean_ocr_line("KH", header=True) == ""
    assert clean_ocr_line("QUẬN ỦY BA ĐÌNH ÿ", header=True) == "QUẬN ỦY BA ĐÌNH"  # the "*" read as a letter
    assert clean_ocr_line("Căn cứ Quyết định số 03/QĐĐ-UBBC ngày", header=False) == (
        "Căn cứ Quyết định số 03/QĐ-UBBC ngày"
    )
    assert clean_ocr_line("Nghị quyết số 101/2025/UBTVQHI15 ngày", header=False).endswith("101/2025/UBTVQH15 ngày")
    assert clean_ocr_line("Quyết định số 101/QĐĐ- TTG ngày", header=False) == "Quyết định số 101/QĐ-TTG ngày"
    assert clean_ocr_line("_KẾ HOẠCH", header=False) == "KẾ HOẠCH"
    assert clean_ocr_line("TRƯỜNG TIỂU BAN 2 ^t", header=False, signature=True) == "TRƯỞNG TIỂU BAN"
    assert clean_ocr_line("Nguyễn Văn Hoàn # v n", header=False, signature=True) == "Nguyễn Văn Hoàn"
    # A school stays a school outside a signature's title.
    assert clean_ocr_line("TRƯỜNG TIỂU HỌC", header=False, signature=True) == "TRƯỜNG TIỂU HỌC"


def test_ocr_part_labels_follow_the_parts_read_before():
    _, roman = _ocr_label("I. MỤC ĐÍCH, YÊU CẦU", 0)
    assert roman == 1
    assert _ocr_label("IL NỘI DUNG, TIẾN ĐỘ", roman) == ("II. NỘI DUNG, TIẾN ĐỘ", 2)
    assert _ocr_label("IL ĐÁNH GIÁ TÌNH HÌNH", 0) == ("I. ĐÁNH GIÁ TÌNH HÌNH", 1)
    assert _ocr_label("2, Yêu cầu", 1) == ("2. Yêu cầu", 1)
    assert _ocr_label("2, 3 và 4 tháng", 1) == ("2, 3 và 4 tháng", 1)


def test_ocr_title_with_a_speck_and_wrapped_continuations():
    text = """ỦY BAN NHÂN DÂN
TỈNH SÓC TRĂNG
Số: 135/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Sóc Trăng, ngày 27 tháng 9 năm 2022
KẾ HOẠCH
RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO TRÊN ĐỊA BÀN TỈNH SÓC:
TRĂNG NĂM 2022
Căn cứ Nghị định số 07/2021/NĐ-CP ngày 27/01/2021 của Chính phủ;
"""
    assert parse_text(text).title == "RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO TRÊN ĐỊA BÀN TỈNH SÓC TRĂNG NĂM 2022"
    party = """TỈNH ỦY THỪA THIÊN HUẾ
Số 445-KL/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Thừa Thiên Huế, ngày 13 tháng 5 năm 2022
KẾT LUẬN
HỘI NGHỊ LẦN THỨ BẢY BAN CHẤP HÀNH ĐẢNG BỘ TỈNH
(KHOÁ XVI) về xây dựng hệ thống kết cấu hạ tầng đồng bộ đến năm
2025, định hướng đến năm 2030
Hội nghị lần thứ bảy Ban Chấp hành Đảng bộ tỉnh (khóa XVI) họp ngày 26/4/2022 và kết luận:
"""
    assert parse_text(party).title == (
        "HỘI NGHỊ LẦN THỨ BẢY BAN CHẤP HÀNH ĐẢNG BỘ TỈNH (KHOÁ XVI) về xây dựng hệ thống kết cấu hạ tầng "
        "đồng bộ đến năm 2025, định hướng đến năm 2030"
    )


def test_a_place_misread_beside_the_issuers_place_takes_it_a_clean_place_never_changes():
    head = "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nSố: 07/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n{place}, ngày 13 tháng 01 năm 2020\nKẾ HOẠCH\nTriển khai các giải pháp phòng, chống hạn hán\nI. MỤC ĐÍCH\n"
    assert parse_text(head.format(place="Tạng: Sơn")).place == "Lạng Sơn"
    assert parse_text(head.format(place="Hữu Lũng")).place == "Hữu Lũng"


def test_filing_line_with_capitals_is_not_a_signature():
    tail = "\nNơi nhận:\n\n- TT Đảng ủy, HĐND, UBND xã;\n\n- Lưu: VT MTTQ.\n\n\n\nTM. BAN THƯỜNG TRỰC\n\nCHỦ TỊCH\n\n\n\nLan Thị Vân\n"
    doc = parse_text(HEADER + tail)
    assert doc.recipients[-1] == "Lưu: VT MTTQ"
    assert (doc.signature.authority, doc.signature.title) == ("TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH")


def test_a_short_word_whose_ocr_box_swallowed_a_speck_keeps_its_own_width():
    from kehoach_desktop.importer.ocr import _runs_from_tsv

    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    rows = [
        "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t",
        "5\t1\t1\t1\t1\t1\t376\t601\t150\t44\t90\t2,",  # Tesseract's box for "2," (a speck on its left)
        "5\t1\t1\t1\t1\t2\t546\t601\t95\t43\t90\tYêu",
    ]
    runs, _, _ = _runs_from_tsv(head + "\n".join(rows) + "\n")
    assert runs[0].text == "2, Yêu" and 430 < runs[0].x0 < 450  # indented, not flush at the 371 margin
