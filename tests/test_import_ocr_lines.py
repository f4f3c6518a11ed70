"""OCR lines put back where the domain makes the reading certain (issue 16).

The scan of mt-luongminh-kh-hiep-thuong-2025 lost a part, two items and a task: OCR glued
the wrapped part title's last word onto the first item («… TRÁCH NHIỆM THỰC Ã» / «HIỆN 1.
Hội nghị …»), read «2.» as «_2,», and a speck as a full stop inside a sentence («số
lượng. người được»)."""

import pytest

from kehoach_desktop.importer.layout import Page, Run, lines_from_pages
from kehoach_desktop.importer.repair import clean_ocr_line


def _page(texts: list[str]) -> Page:
    """Body lines of an OCR'd page, one under the other; a line indented 60 px is flush left
    text that continues the line above (a wrapped line, as OCR returns it)."""
    runs = []
    top = 300.0
    for text in texts:
        x0 = 300.0 if text.startswith(("I", "1", "_2", "-")) else 240.0
        runs.append(Run(text, x0, x0 + 22.0 * len(text), top, top + 46.0))
        top += 62.0
    return Page(2480, 3508, runs, fonts=False)


def _texts(texts: list[str]) -> list[str]:
    return [line.text for line in lines_from_pages([_page(texts)])]


def test_a_wrapped_part_title_glued_onto_the_first_item_is_split_back():
    lines = _texts(
        [
            "I. MỤC ĐÍCH, YÊU CẦU",
            "- Bảo đảm quy trình hiệp thương được thực hiện dân chủ.",
            "II. NỘI DUNG, TIẾN ĐỘ, PHÂN CÔNG TRÁCH NHIỆM THỰC Ã",
            "HIỆN 1. Hội nghị hiệp thương lần thứ nhất.",
            "1.1. Nội dung: Hiệp thương về cơ cấu, thành phần, số lượng.",
        ]
    )
    assert "II. NỘI DUNG, TIẾN ĐỘ, PHÂN CÔNG TRÁCH NHIỆM THỰC HIỆN" in lines
    assert "1. Hội nghị hiệp thương lần thứ nhất." in lines


def test_part_title_split_only_where_a_known_ending_is_finished():
    from kehoach_desktop.importer.layout import _wrapped_part_title

    assert _wrapped_part_title("III. TỔ CHỨC THỰC", "HIỆN 1. Ban Thường trực Ủy ban MTTQ") == (
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Ban Thường trực Ủy ban MTTQ",
    )
    assert _wrapped_part_title("I. MỤC ĐÍCH,", "YÊU CẦU 1. Mục đích") == ("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích")
    # The part line already whole, or words that finish no title ending: left as read.
    assert _wrapped_part_title("III. TỔ CHỨC THỰC HIỆN", "UBND 1. Ban") is None
    assert _wrapped_part_title("II. NỘI DUNG CÔNG", "TÁC 1. Tuyên truyền") is None
    # Not a part line: a sentence's upper-case word is never moved.
    assert _wrapped_part_title("1. Phối hợp với THỰC", "HIỆN 1. Ban") is None


def test_a_speck_before_an_item_number_goes():
    assert clean_ocr_line("_2, Hội nghị hiệp thương lần thứ hai", header=False) == "2, Hội nghị hiệp thương lần thứ hai"
    assert "2. Hội nghị hiệp thương lần thứ hai" in _texts(
        [
            "1. Hội nghị hiệp thương lần thứ nhất",
            "_2, Hội nghị hiệp thương lần thứ hai",
            "- Thông báo số lượng, cơ cấu, thành phần phân bổ cho các cơ quan, tổ chức, đơn vị.",
        ]
    )


def test_a_speck_read_as_a_full_stop_inside_a_sentence_goes():
    assert (
        clean_ocr_line("1.1. Nội dung: Hiệp thương về cơ cấu, thành phần, số lượng. người được", header=False)
        == "1.1. Nội dung: Hiệp thương về cơ cấu, thành phần, số lượng người được"
    )
    # A full stop before a capital, a number's, an abbreviation's and a header's stay.
    for text in ("xong việc. Các thôn báo cáo", "ngày 17/11/2025. của Ban", "các việc v.v. và khác", "TP. hồ"):
        assert clean_ocr_line(text, header=False) == text
    assert clean_ocr_line("Số lượng. người", header=True) == "Số lượng. người"


def test_party_style_part_numbers_a_scan_reads_short_are_the_next_part():
    """The scan of a Tỉnh ủy plan numbered «I-», «II-», «III-» (tests/fixtures/derive/
    ke-hoach-tinh-uy-86-2026.txt) came back from Tesseract as «I-», «I-», «II-» (or «HI-»): the
    plan had two parts I and lost its TỔ CHỨC THỰC HIỆN, and with it the units' assignments."""
    assert _texts(
        ["I- MỤC ĐÍCH, YÊU CẦU", "1- Mục đích", "I- NỘI DUNG, HÌNH THỨC", "1- Hội nghị", "II- TỔ CHỨC THỰC HIỆN"]
    )[::2] == ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG, HÌNH THỨC", "III- TỔ CHỨC THỰC HIỆN"]
    assert _texts(["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG", "HI- TỔ CHỨC THỰC HIỆN"])[2] == "III- TỔ CHỨC THỰC HIỆN"
    # Parts read right are kept, and so is a later part after a gap (IV after II).
    assert _texts(["I. MỤC ĐÍCH", "II. NỘI DUNG", "IV. KINH PHÍ"]) == ["I. MỤC ĐÍCH", "II. NỘI DUNG", "IV. KINH PHÍ"]


def test_a_speck_after_an_item_number_goes():
    assert clean_ocr_line("2-_ Ở cấp cơ sở", header=False) == "2- Ở cấp cơ sở"
    assert clean_ocr_line("3. ~ Công tác tuyên truyền", header=False) == "3. Công tác tuyên truyền"
    assert clean_ocr_line("2- _tổ chức", header=False) == "2- _tổ chức"  # not before a title


@pytest.mark.slow
def test_the_scan_of_a_tinh_uy_plan_keeps_its_three_parts(tmp_path):
    from conftest import FIXTURES

    from kehoach_desktop.importer import parse_file
    from tests.office_docs import build_pdf, scan

    fixture = FIXTURES / "derive" / "ke-hoach-tinh-uy-86-2026.txt"
    doc = parse_file(scan(build_pdf(fixture, tmp_path / "kh.pdf"), tmp_path / "kh-scan.pdf"))
    assert [(s.label, s.heading) for s in doc.sections] == [
        ("I", "MỤC ĐÍCH, YÊU CẦU"),
        ("II", "NỘI DUNG, HÌNH THỨC VÀ THỜI GIAN"),
        ("III", "TỔ CHỨC THỰC HIỆN"),
    ]
    assert doc.number == "86-KH/TU" and doc.signature.authority == "T/M BAN THƯỜNG VỤ"


def test_a_filing_line_whose_dash_ocr_lost_is_an_item_of_its_own():
    """The scan of a Tỉnh ủy plan gave «- Các đảng ủy trực thuộc Tỉnh ủy,» / «Lưu Văn phòng Tỉnh
    ủy.» (no dash): one recipient «Các đảng ủy trực thuộc Tỉnh ủy, Lưu Văn phòng Tỉnh ủy»."""
    from kehoach_desktop.importer import parse_text

    doc = parse_text(
        "TỈNH ỦY TUYÊN QUANG\nSố 86-KH/TU\nKẾ HOẠCH\nhọc tập Nghị quyết\nI. MỤC ĐÍCH\nNâng cao nhận thức.\n"
        "Nơi nhận:\n- Các đồng chí Tỉnh ủy viên,\n- Các đảng ủy trực thuộc Tỉnh ủy,\nLưu Văn phòng Tỉnh ủy.\n"
        "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\nHoàng Minh Sơn\n"
    )
    assert doc.recipients == ["Các đồng chí Tỉnh ủy viên", "Các đảng ủy trực thuộc Tỉnh ủy", "Lưu Văn phòng Tỉnh ủy"]


def test_specks_and_tone_marks_ocr_gets_wrong_in_party_words():
    """The scan of a Tỉnh ủy plan put «… ban hành trước ngày 15-5-2026..», «đáng viên» and «chỉ bộ»
    into the derived plan word for word."""
    assert clean_ocr_line("ban hành trước ngày 15-5-2026..", header=False) == "ban hành trước ngày 15-5-2026."
    assert clean_ocr_line("- Đối với đảng viên vắng mặt: chỉ bộ tổ chức học bù", header=False).endswith(
        "chi bộ tổ chức học bù"
    )
    assert clean_ocr_line("cho toàn thể cán bộ, đáng viên; Đáng ủy xã", header=False) == (
        "cho toàn thể cán bộ, đảng viên; Đảng ủy xã"
    )
    # What is written so stays: an ellipsis, «chỉ bộ phận …» (only the unit …)
    assert clean_ocr_line("các nội dung khác...", header=False) == "các nội dung khác..."
    assert clean_ocr_line("chỉ bộ phận một cửa tiếp nhận", header=False) == "chỉ bộ phận một cửa tiếp nhận"
