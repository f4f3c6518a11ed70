"""No printed line of a plan ends inside a body's name, between «số» and the document's number
or between «ngày» and its date: a title such as «… của Ban Thường vụ Tỉnh / ủy về …» or «… của
Bộ Chính / trị …» was printed so and had to be fixed by hand before signing."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from export_support import docx_paragraph_texts

from kehoach_desktop.core.document import PlanDocument
from kehoach_desktop.core.line_breaks import NBSP, keep_together
from kehoach_desktop.export import render_docx, render_pdf

# Each breaks inside a name at the width of the title line (checked against the old layout).
TITLES = [
    "Thực hiện Kế hoạch số 45-KH/TU, ngày 10/3/2027 của Ban Thường vụ Tỉnh ủy về đẩy mạnh chuyển đổi số trong các cơ quan đảng",
    "Triển khai thực hiện Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ",
]
NOT_AT_A_LINE_END = ("Tỉnh", "Bộ Chính", "Bộ", "số", "ngày")


def _plan(title: str) -> PlanDocument:
    return PlanDocument(
        issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH",
        superior_body="ĐẢNG BỘ TỈNH HÀ TĨNH",
        doc_type="Kế hoạch",
        title=title,
        recipients=["Ban Thường vụ Tỉnh ủy (để báo cáo)", "Lưu Văn phòng Đảng ủy"],
    )


def _title_lines(pdf_path) -> list[str]:
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        lines = [ln.strip() for ln in pdf[0].get_textpage().get_text_range().splitlines()]
    finally:
        pdf.close()
    start = lines.index("KẾ HOẠCH") + 1
    end = next(i for i in range(start, len(lines)) if set(lines[i]) <= {"-"})
    return lines[start:end]


@pytest.mark.parametrize("title", TITLES)
def test_the_printed_title_breaks_between_names_not_inside_them(tmp_path, title):
    lines = _title_lines(render_pdf(_plan(title), tmp_path / "kh.pdf").path)
    assert len(lines) == 2 and " ".join(lines) == title
    assert not lines[0].endswith(NOT_AT_A_LINE_END), lines


def test_the_docx_keeps_plain_spaces_for_word_s_find(tmp_path):
    texts = docx_paragraph_texts(render_docx(_plan(TITLES[0]), tmp_path / "kh.docx").path)
    assert TITLES[0] in texts and not any(NBSP in t for t in texts)


@pytest.mark.parametrize(
    "text, kept",
    [
        ("của Ban Thường vụ Tỉnh ủy về", "Tỉnh\u00a0ủy"),
        ("ĐẢNG ỦY XÃ HÒA BÌNH", "ĐẢNG\u00a0ỦY"),
        ("Thành uỷ Hà Nội", "Thành\u00a0uỷ"),  # the old spelling
        ("của Bộ Chính trị và Ban Bí thư Trung ương", "Bộ\u00a0Chính\u00a0trị"),
        ("Kế hoạch số 45-KH/TU, ngày 10/3/2027", "số\u00a045-KH/TU, ngày\u00a010/3/2027"),
    ],
)
def test_the_spaces_kept(text, kept):
    assert kept in keep_together(text)


def test_other_spaces_still_break():
    assert keep_together("số lượng đảng viên trong ngày hội") == "số lượng đảng viên trong ngày hội"
