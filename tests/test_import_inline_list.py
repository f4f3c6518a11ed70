"""A PDF wraps a sentence that lists "(1) …; (2) …; … (7) …" so that a line opens with "(5)":
the outside walk saw that line become a new numbered item (the .docx of the same plan had
21 items, its PDF 22). A soft line continuing an inline list joins; a real "(5)" item stays."""

from __future__ import annotations

from kehoach_desktop.importer import structure
from kehoach_desktop.importer.textfile import Line


def _texts(lines):
    return [b.text for b in structure.join_paragraphs(lines)]


def test_a_wrapped_line_opening_with_the_next_inline_number_joins_its_sentence():
    lines = [
        Line("- Báo cáo định kỳ hàng năm về: (1) Công tác giáo dục lý luận; (2) Công tác nghiên cứu; (3) Công tác"),
        Line("tổng kết thực tiễn; (4) Công tác bồi dưỡng cán bộ;", soft=True),
        Line("(5) Công tác đấu tranh phản bác các quan điểm sai trái; (6) Kiến nghị; (7) Đề xuất.", soft=True),
        Line("3. Tổ chức thực hiện tốt các nội dung trên."),
    ]
    texts = _texts(lines)
    assert len(texts) == 2, texts
    assert "(4) Công tác bồi dưỡng cán bộ; (5) Công tác đấu tranh" in texts[0]


def test_a_real_fifth_item_after_a_fourth_item_stays_an_item():
    lines = [
        Line("(4) Tổ chức hội nghị sơ kết công tác lý luận chính trị của Đảng bộ trong năm, báo cáo kết quả về"),
        Line("Ban Tuyên giáo Tỉnh ủy;", soft=True),
        Line("(5) Công tác đấu tranh phản bác các quan điểm sai trái.", soft=True),
    ]
    texts = _texts(lines)
    assert [t[:3] for t in texts] == ["(4)", "(5)"], texts


def test_the_same_plan_from_its_docx_and_its_pdf_has_the_same_items_when_lines_are_not_soft():
    lines = [
        Line("- Báo cáo: (1) Một; (2) Hai; (3) Ba; (4) Bốn;"),
        Line("(5) Năm là một mục riêng khi không phải dòng nối."),
    ]
    assert len(_texts(lines)) == 2
