"""PDF and image import (issue 16): limits for hostile files, Tesseract found or a clear
Vietnamese message saying what to install, OCR confusions repaired."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach_desktop.importer import ImportFailure, ocr, parse_file, pdf_reader


def _pdf(path: Path, pages: list[list[str]], size=(595, 842)) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "LiberationSerif-Regular.ttf"
    if "TestSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("TestSerif", str(font)))
    c = canvas.Canvas(str(path), pagesize=size)
    for lines in pages:
        c.setFont("TestSerif", 13)
        y = size[1] - 72
        for line in lines:
            c.drawString(72, y, line)
            y -= 18
        c.showPage()
    c.save()
    return path


def test_text_pdf_without_header_table_is_read(tmp_path):
    path = _pdf(
        tmp_path / "kh.pdf",
        [
            [
                "KẾ HOẠCH",
                "Thực hiện công tác tuyên truyền năm 2026",
                "I. MỤC ĐÍCH, YÊU CẦU",
                "1. Văn phòng Đảng ủy tham mưu ban hành kế hoạch (trong tháng 01/2026).",
            ]
        ],
    )
    doc = parse_file(path)
    assert doc.source_kind == "pdf" and doc.doc_type == "Kế hoạch"
    assert doc.title == "Thực hiện công tác tuyên truyền năm 2026"
    assert [s.heading for s in doc.sections] == ["MỤC ĐÍCH, YÊU CẦU"]


def test_pdf_with_too_many_pages_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    path = _pdf(tmp_path / "dai.pdf", [["Trang một chữ đủ dài để đọc."]] * 3)
    with pytest.raises(ImportFailure) as err:
        parse_file(path)
    assert err.value.reason == "hostile" and "3 trang, giới hạn 2" in str(err.value)


def test_pdf_with_an_absurd_page_size_is_refused(tmp_path):
    path = _pdf(tmp_path / "to.pdf", [["Một trang khổ lạ có chữ ở trên."]], size=(14000, 600))
    with pytest.raises(ImportFailure) as err:
        parse_file(path)
    assert err.value.reason == "hostile" and "kích thước bất thường" in str(err.value)


def test_pdf_reading_that_takes_too_long_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_reader, "TEXT_SECONDS", -1.0)
    path = _pdf(tmp_path / "cham.pdf", [["Trang có chữ bình thường để đọc thử."]])
    with pytest.raises(ImportFailure) as err:
        parse_file(path)
    assert err.value.reason == "hostile" and "quá lâu" in str(err.value)


def test_image_too_large_is_refused_before_ocr(tmp_path, monkeypatch):
    from PIL import Image

    path = tmp_path / "anh.png"
    Image.new("L", (400, 300), 255).save(path)
    monkeypatch.setattr(ocr, "MAX_IMAGE_PIXELS", 100_000)
    called = []
    monkeypatch.setattr(ocr, "ocr_image_file", lambda *a: called.append(a))
    with pytest.raises(ImportFailure) as err:
        parse_file(path)
    assert err.value.reason == "hostile" and "400×300" in str(err.value) and not called


def test_missing_tesseract_says_what_to_install(tmp_path, monkeypatch):
    from PIL import Image

    path = tmp_path / "quet.png"
    Image.new("L", (200, 100), 255).save(path)
    monkeypatch.setattr(ocr, "find_tesseract", lambda: None)
    with pytest.raises(ImportFailure) as err:
        parse_file(path)
    message = str(err.value)
    assert err.value.reason == "ocr_missing"
    assert "Tesseract" in message and "Vietnamese" in message and "tesseract-ocr-vie" in message


def test_tesseract_without_vietnamese_data_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "find_tesseract", lambda: "/usr/bin/tesseract")
    monkeypatch.setattr(ocr, "_languages", lambda program: frozenset({"eng", "osd"}))
    with pytest.raises(ImportFailure) as err:
        ocr.tesseract_or_fail()
    assert "thiếu dữ liệu tiếng Việt" in str(err.value)


def test_tesseract_is_found_where_configured(tmp_path, monkeypatch):
    program = tmp_path / "tesseract"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    monkeypatch.setenv("KEHOACH_TESSERACT", str(program))
    ocr.find_tesseract.cache_clear()
    try:
        assert ocr.find_tesseract() == str(program)
    finally:
        ocr.find_tesseract.cache_clear()


def test_ocr_words_are_laid_out_in_rows_and_header_columns():
    """Tesseract's TSV for a slanted scan: the slant is undone, the header's columns are cells."""
    rows = [
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
        "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t",
    ]
    words = [
        # (block, line, left, top, text): left column and right column of the header, then a body line
        (1, 1, 300, 200, "ỦY"),
        (1, 1, 360, 200, "BAN"),
        (1, 1, 450, 200, "NHÂN"),
        (1, 1, 560, 201, "DÂN"),
        (2, 1, 1400, 206, "CỘNG"),
        (2, 1, 1520, 206, "HÒA"),
        (2, 1, 1600, 207, "XÃ"),
        (2, 1, 1660, 207, "HỘI"),
        (2, 1, 1740, 208, "CHỦ"),
        (2, 1, 1830, 208, "NGHĨA"),
        (2, 1, 1960, 209, "VIỆT"),
        (2, 1, 2060, 209, "NAM"),
        (1, 2, 330, 260, "Số:"),
        (1, 2, 400, 260, "12/KH-UBND"),
        (2, 2, 1450, 266, "Bảo"),
        (2, 2, 1530, 266, "Hà,"),
        (2, 2, 1610, 267, "ngày"),
        (2, 2, 1700, 267, "05"),
        (2, 2, 1760, 268, "tháng"),
        (2, 2, 1870, 268, "01"),
        (2, 2, 1930, 268, "năm"),
        (2, 2, 2020, 269, "2026"),
        (3, 1, 1050, 400, "KẾ"),
        (3, 1, 1120, 400, "HOẠCH"),
    ]
    for block, line, left, top, text in words:
        rows.append(f"5\t1\t{block}\t1\t{line}\t1\t{left}\t{top}\t{20 * len(text)}\t40\t95\t{text}")
    runs, width, height = ocr._runs_from_tsv("\n".join(rows))
    from kehoach_desktop.importer.layout import Page, lines_from_pages

    lines = lines_from_pages([Page(width, height, runs, fonts=False)])
    left = [line.text for line in lines if line.cell == (0, 0, 0)]
    right = [line.text for line in lines if line.cell == (0, 0, 1)]
    assert left == ["ỦY BAN NHÂN DÂN", "Số: 12/KH-UBND"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Bảo Hà, ngày 05 tháng 01 năm 2026"]
    assert [line.text for line in lines if line.cell is None] == ["KẾ HOẠCH"]


def test_ocr_confusions_with_one_reading_are_repaired():
    from kehoach_desktop.importer import parse_text
    from kehoach_desktop.importer.repair import clean_ocr_line, ocr_fixes

    assert ocr_fixes("Số 12-KH/ÐU của ƯBND xã, ỦY BANNHÂNDÂN") == "Số 12-KH/ĐU của UBND xã, ỦY BAN NHÂN DÂN"
    assert clean_ocr_line("Số: 07/KH-UBND -", header=True) == "Số: 07/KH-UBND"
    assert clean_ocr_line("_L MỤC ĐÍCH, YÊU CẦU", header=False) == "I. MỤC ĐÍCH, YÊU CẦU"
    assert clean_ocr_line("¬.", header=True) == ""
    doc = parse_text(
        "TỈNH ỦY THỪA THIÊN HUẾ\n*\nSố 445-KL/TƯ\nThừa Thiên Huế, ngày 13 tháng 5 năm 2022\nK ÉT LUẬN\nvề hạ tầng"
    )
    # "TƯ" is the Tỉnh ủy's TU here (its own header names it); "K ÉT LUẬN" is still the type line.
    assert (doc.number, doc.doc_type, doc.title) == ("445-KL/TU", "Kết luận", "về hạ tầng")
    assert parse_text("TỈNH ỦY A\nSố 445-KLTU\nA, ngày 13 tháng 5 năm 2022\nKẾT LUẬN\nvề x").number == "445-KL/TU"


def test_pdf_header_with_the_date_wrapped_beside_the_number(tmp_path):
    """The outside walk's PDF (a .docx printed by LibreOffice): the place/date wrapped before its
    year, which then sat on the number's row — «Số 120-KH/HU | 2024» — and the import kept
    neither the number nor the date (the registry entry had no number)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "LiberationSerif-Regular.ttf"
    if "TestSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("TestSerif", str(font)))
    path = tmp_path / "kh-120.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("TestSerif", 13)
    rows = [
        ("ĐẢNG BỘ TỈNH HÀ TĨNH", "ĐẢNG CỘNG SẢN VIỆT NAM"),
        ("HUYỆN ỦY CẨM XUYÊN", ""),
        ("*", "Cẩm Xuyên, ngày 10 tháng 01 năm"),
        ("Số 120-KH/HU", "2024"),
    ]
    y = 780
    for left, right in rows:
        c.drawCentredString(160, y, left)
        if right:
            c.drawCentredString(400, y, right)
        y -= 18
    for line in ("KẾ HOẠCH", "Thực hiện công tác lý luận chính trị năm 2024"):
        y -= 18
        c.drawCentredString(297, y, line)  # the type line and the trích yếu, centred on the page
    for line in ("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "Nâng cao nhận thức cho cán bộ, đảng viên."):
        y -= 18
        c.drawString(90, y, line)
    c.showPage()
    c.save()
    doc = parse_file(path)
    assert doc.number == "120-KH/HU"
    assert doc.date is not None and (doc.date.day, doc.date.month, doc.date.year) == (10, 1, 2024)
    assert doc.place == "Cẩm Xuyên"
    assert doc.title == "Thực hiện công tác lý luận chính trị năm 2024"


def test_a_date_wrapped_before_its_year_in_a_text_copy():
    """The same wrap in a copy pasted from a web page or a PDF: the year on its own line."""
    from kehoach_desktop.importer import parse_text

    text = (
        "ĐẢNG BỘ TỈNH HÀ TĨNH\nHUYỆN ỦY CẨM XUYÊN\n*\nSố 120-KH/HU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
        "Cẩm Xuyên, ngày 10 tháng 01 năm\n2024\nKẾ HOẠCH\nThực hiện công tác lý luận chính trị năm 2024\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao nhận thức.\n"
    )
    doc = parse_text(text)
    assert doc.number == "120-KH/HU" and doc.place == "Cẩm Xuyên"
    assert doc.date is not None and (doc.date.day, doc.date.month, doc.date.year) == (10, 1, 2024)
