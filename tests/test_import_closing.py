"""The closing paragraph stays where it was (issue 16).

An imported plan's last paragraph(s) after III. TỔ CHỨC THỰC HIỆN — "Trên đây là Kế
hoạch …, đề nghị các đơn vị nghiêm túc thực hiện" and a "Trong quá trình thực hiện, nếu
có vướng mắc …" after it — are the plan's closing: printed after the last item and before
Nơi nhận in the PDF and the DOCX, never glued to the last item's text, never taken for
the last unit's duty, never lost.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from export_support import docx_paragraph_texts, in_order, norm, pdf_words

from kehoach_desktop.export import render_docx, render_pdf
from kehoach_desktop.importer import parse_file, parse_text
from kehoach_desktop.importer.persist import save_as_plan
from kehoach_desktop.store import plans

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
HEAD = (
    "ĐẢNG BỘ TỈNH HÀ TĨNH\nĐẢNG ỦY XÃ THẠCH SƠN\nSố 20-KH/ĐU\nThạch Sơn, ngày 05 tháng 01 năm 2026\n"
    "KẾ HOẠCH\nTổ chức học tập năm 2026\nI. MỤC ĐÍCH, YÊU CẦU\nNâng cao nhận thức.\n"
)
TAIL = "Nơi nhận:\n- Các chi bộ,\n- Lưu VP.\nT/M ĐẢNG ỦY\nBÍ THƯ\nNguyễn Văn An\n"
CLOSING = "Trên đây là Kế hoạch tổ chức học tập năm 2026, đề nghị các đơn vị nghiêm túc thực hiện."
DIFFICULTIES = (
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, phản ánh về Ban Thường vụ Đảng ủy "
    "(qua Văn phòng Đảng ủy) để xem xét, giải quyết./."
)
TWO_PARAGRAPHS = (
    HEAD
    + "II. TỔ CHỨC THỰC HIỆN\n1. Văn phòng Đảng ủy: Tham mưu, theo dõi.\n"
    + "2. Các chi bộ: Xây dựng kế hoạch thực hiện.\n"
    + f"{CLOSING}\n{DIFFICULTIES}\n{TAIL}"
)
# The last item's text has no full stop: the closing line must not be glued onto it.
UNFINISHED_ITEM = (
    HEAD
    + "II. TỔ CHỨC THỰC HIỆN\n1. Văn phòng Đảng ủy\nTham mưu, theo dõi việc thực hiện\n"
    + f"{CLOSING[:-1]}./.\n{TAIL}"
)
BODY_ASKS = (
    HEAD
    + "II. TỔ CHỨC THỰC HIỆN\n1. Văn phòng Đảng ủy: Tham mưu, theo dõi.\n"
    + "Ban Thường vụ Đảng ủy yêu cầu các chi bộ nghiêm túc triển khai thực hiện Kế hoạch này./.\n"
    + TAIL
)


def test_closing_paragraphs_after_the_last_item_are_the_closing_not_its_duty():
    doc = parse_text(TWO_PARAGRAPHS)
    assert doc.closing == f"{CLOSING}\n{DIFFICULTIES}"
    last = list(doc.walk())[-1]
    assert (last.heading, last.paragraphs) == ("Các chi bộ: Xây dựng kế hoạch thực hiện.", [])
    assert doc.assignments[-1].text == "Xây dựng kế hoạch thực hiện."
    assert not any("Trên đây" in t.text or "vướng mắc" in t.text for t in [*doc.tasks, *doc.assignments])


def test_closing_line_is_never_glued_onto_an_unfinished_last_item():
    doc = parse_text(UNFINISHED_ITEM)
    assert doc.closing == f"{CLOSING[:-1]}./."
    assert [p.text for p in list(doc.walk())[-1].paragraphs] == ["Tham mưu, theo dõi việc thực hiện"]


def test_body_asking_the_units_to_carry_out_this_plan_is_the_closing():
    doc = parse_text(BODY_ASKS)
    assert doc.closing and doc.closing.startswith("Ban Thường vụ Đảng ủy yêu cầu các chi bộ")
    assert [s.heading for s in doc.walk()][-1] == "Văn phòng Đảng ủy: Tham mưu, theo dõi."


def test_a_paragraph_of_the_last_item_stays_in_it():
    """Only what closes the document moves: an item's own paragraphs stay under the item."""
    text = (
        HEAD + "II. TỔ CHỨC THỰC HIỆN\n1. Các chi bộ\nXây dựng kế hoạch thực hiện.\n"
        "Đề nghị các chi bộ báo cáo kết quả về Văn phòng Đảng ủy trước ngày 15/12/2026.\n"
        "Định kỳ 6 tháng báo cáo Ban Thường vụ.\n" + TAIL
    )
    doc = parse_text(text)
    assert doc.closing is None
    assert len(list(doc.walk())[-1].paragraphs) == 3


def _exported(db, doc, tmp_path: Path) -> tuple[str, str]:
    """(PDF text, DOCX text) of *doc* saved as a plan and exported, each normalised to one line."""
    plan_id = save_as_plan(db, doc)
    stored = plans.load_document(db, plan_id)
    pdf = render_pdf(stored, tmp_path / "kh.pdf")
    pdf_text = norm(" ".join(w.text for page in pdf_words(pdf.path) for w in page))
    docx = render_docx(stored, tmp_path / "kh.docx")
    docx_text = norm(" ".join(docx_paragraph_texts(docx.path)))
    return pdf_text, docx_text


def _body_order(doc) -> list[str]:
    """The source's body in reading order: each heading and paragraph (its first words), then the
    closing's paragraphs, then Nơi nhận."""
    out: list[str] = []
    for section in doc.walk():
        out += [section.heading, *(p.text for p in section.paragraphs)]
    out += (doc.closing or "").split("\n")
    return [_head(t) for t in out if t.strip()] + ["Nơi nhận"]


def _head(text: str) -> str:
    """The first words of a paragraph, as the PDF prints them (no markup, one space)."""
    words = norm(re.sub(r"\*+", "", text)).split()
    return " ".join(words[:6])


@pytest.mark.parametrize("text", [TWO_PARAGRAPHS, UNFINISHED_ITEM, BODY_ASKS], ids=["two", "unfinished", "asks"])
def test_export_prints_the_closing_where_it_was(db, tmp_path, text):
    doc = parse_text(text)
    pdf_text, docx_text = _exported(db, parse_text(text), tmp_path)
    order = _body_order(doc)
    for printed in (pdf_text, docx_text):
        assert in_order(printed, order) == []
        for paragraph in doc.closing.split("\n"):
            assert printed.count(_head(paragraph)) == 1  # once, not also inside the last item


def test_round_trip_of_the_fixture_keeps_its_closing_before_noi_nhan(db, tmp_path):
    doc = parse_file(FIXTURES / "ke-hoach-xa-dash-2025.txt")
    assert doc.closing and doc.closing.startswith("Trên đây là Kế hoạch công tác tuyên giáo năm 2025")
    for printed in _exported(db, doc, tmp_path):
        assert in_order(printed, _body_order(doc)) == []


@pytest.mark.samples
@pytest.mark.parametrize("key", ["llct_2024", "llct_2022", "khoa_giao_2024"])
def test_real_sample_round_trip_keeps_every_paragraph_and_the_closing_in_place(sample, key, db, tmp_path):
    doc = parse_text(sample(key))
    if key == "llct_2024":
        assert doc.closing.startswith("Trên đây là Kế hoạch thực hiện công tác lý luận chính trị năm 2024")
        assert not any("Trên đây" in p.text for s in doc.walk() for p in s.paragraphs)
    else:  # these two end with the last unit's item: nothing is taken out of it
        assert doc.closing is None
    for printed in _exported(db, doc, tmp_path):
        assert in_order(printed, _body_order(doc)) == []
