"""A Quy định laid out in Chương/Điều/khoản/điểm, as the 2026 Quy định 399-QĐ/TW is (issue 18).

The import swallowed «Chương I / NHỮNG QUY ĐỊNH CHUNG / Điều 1. …» into the căn cứ and read
the rest as flat «1.» items with «Điều 2. …» and «Chương II …» glued into their text. The
fixture (our own wording) is read as Chương → Điều → khoản 1. → điểm a) from every form it
arrives in, and the export prints «Điều 1. Phạm vi …» as written: bold, not in capitals."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from kehoach_desktop.importer import parse_file, parse_text
from kehoach_desktop.importer.labels import match_label
from kehoach_desktop.importer.persist import save_as_plan
from kehoach_desktop.store import plans
from tests.office_docs import build_docx, build_pdf, plain_text

FIXTURE = FIXTURES / "office" / "quy-dinh-dang-uy-xa-05-2026.txt"

OUTLINE = [
    (0, "Chương I", "NHỮNG QUY ĐỊNH CHUNG"),
    (1, "Điều 1.", "Phạm vi điều chỉnh và đối tượng áp dụng"),
    (2, "1.", "Quy định này quy định việc soạn thảo, ban hành, quản lý và lưu trữ văn bản của Đảng ủy xã."),
    (2, "2.", "Quy định này áp dụng đối với các ban, văn phòng Đảng ủy và các chi bộ trực thuộc."),
    (1, "Điều 2.", "Nguyên tắc"),
    (0, "Chương II", "SOẠN THẢO VÀ BAN HÀNH VĂN BẢN"),
    (1, "Điều 3.", "Trách nhiệm soạn thảo"),
    (2, "1.", "Văn phòng Đảng ủy chủ trì soạn thảo văn bản của Ban Chấp hành, Ban Thường vụ."),
    (2, "2.", "Các ban của Đảng ủy soạn thảo văn bản thuộc lĩnh vực được giao, gồm:"),
    (3, "a)", "Báo cáo chuyên đề, báo cáo sơ kết, tổng kết;"),
    (3, "b)", "Kế hoạch triển khai thực hiện văn bản của cấp trên."),
    (1, "Điều 4.", "Kiểm tra văn bản trước khi ký"),
    (0, "Chương III", "TỔ CHỨC THỰC HIỆN"),
    (1, "Điều 5.", "Hiệu lực thi hành"),
    (2, "1.", "Quy định này có hiệu lực kể từ ngày ký."),
    (2, "2.", "Văn phòng Đảng ủy theo dõi, kiểm tra việc thực hiện, định kỳ 6 tháng báo cáo Ban Thường vụ."),
]


def _outline(doc):
    out = []

    def visit(section, depth):
        out.append((depth, section.raw_label, section.heading))
        for child in section.children:
            visit(child, depth + 1)

    for section in doc.sections:
        visit(section, 0)
    return out


def _check(doc):
    assert doc.doc_type == "Quy định" and doc.number == "05-QĐ/ĐU"
    assert doc.basis.startswith("Căn cứ Điều lệ Đảng;")
    assert doc.basis.endswith("quy định về công tác văn thư, lưu trữ như sau:")
    assert "Điều 1" not in doc.basis and "Chương" not in doc.basis
    assert _outline(doc) == OUTLINE
    principle = doc.sections[0].children[1]
    assert [p.text for p in principle.paragraphs] == [
        "Văn bản phải đúng thể loại, thẩm quyền và thể thức; được đăng ký, lưu trữ đầy đủ."
    ]


def test_chuong_dieu_khoan_diem_are_read_as_a_structure():
    _check(parse_text(plain_text(FIXTURE)))


@pytest.mark.parametrize("build", [build_docx, build_pdf], ids=["docx", "pdf"])
def test_every_form_of_the_quy_dinh_keeps_its_structure(tmp_path, build):
    _check(parse_file(build(FIXTURE, tmp_path / ("qd.docx" if build is build_docx else "qd.pdf"))))


def test_legal_labels_and_what_they_are_not():
    assert (match_label("Điều 12. Hiệu lực thi hành").style, match_label("Điều 12. Hiệu lực").label) == ("dieu", "12")
    assert match_label("CHƯƠNG IV").style == "chuong" and match_label("Chương IV").rest == ""
    assert match_label("Phần thứ nhất").label == "thứ nhất" and match_label("Mục 2").style == "muc"
    for sentence in ("Điều lệ Đảng quy định", "Điều 5 Quy định này", "Chương trình hành động", "Mục đích, yêu cầu"):
        assert match_label(sentence) is None, sentence


def test_the_export_prints_an_dieu_as_written_bold_and_a_chuong_as_the_standard_says(db, tmp_path):
    from export_support import pdf_words

    from kehoach_desktop.export import render_pdf
    from kehoach_desktop.export.compose import compose
    from kehoach_desktop.export.layout_profile import load_profile

    doc = plans.load_document(db, save_as_plan(db, parse_text(plain_text(FIXTURE))))
    blocks = [b for b in compose(doc, load_profile("party")).blocks if getattr(b, "text", "")]
    texts = [b.text for b in blocks]
    dieu = blocks[texts.index("Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng")]
    assert dieu.bold and not dieu.italic
    chuong = texts.index("Chương I")
    assert texts[chuong + 1] == "NHỮNG QUY ĐỊNH CHUNG"
    assert all(blocks[k].bold and blocks[k].align == "center" for k in (chuong, chuong + 1))
    assert "1. Quy định này có hiệu lực kể từ ngày ký." in texts
    # khoản and điểm are the article's body: upright, regular (Phụ lục 3 row 6), not the
    # plan's italic or bold heading levels
    for start in ("1. Quy định này quy định", "2. Các ban của Đảng ủy soạn thảo", "a) Báo cáo chuyên đề"):
        body = next(b for b in blocks if b.text.startswith(start))
        assert not body.bold and not body.italic, start
    words = " ".join(w.text for page in pdf_words(render_pdf(doc, tmp_path / "qd.pdf").path) for w in page)
    assert "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng" in words and "ĐIỀU" not in words


@pytest.mark.slow
def test_the_scan_of_the_quy_dinh_keeps_chuong_dieu_khoan_diem(tmp_path):
    """OCR's noise in the words aside («Nguyên tổ tắc»), the articles stay articles."""
    from tests.office_docs import scan

    doc = parse_file(scan(build_pdf(FIXTURE, tmp_path / "qd.pdf"), tmp_path / "qd-scan.pdf"))
    shape = [(depth, label.split()[0] if " " in label else label) for depth, label, _ in _outline(doc)]
    assert shape == [(depth, label.split()[0] if " " in label else label) for depth, label, _ in OUTLINE]
    assert "Điều 1" not in doc.basis and "Chương" not in doc.basis
