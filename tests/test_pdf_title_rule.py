"""A text PDF whose title block ends with a rule typed as «-----» (as Word and LibreOffice
documents often have under the trích yếu): the rule is no text of the căn cứ.

Found by the outside walk: a plan made in LibreOffice and printed to PDF imported with
«-----\\nCăn cứ Hướng dẫn số 41-HD/BTGTU …» as its căn cứ (the same file as .docx, and the .txt
reader, drop the rule)."""

from __future__ import annotations

from pathlib import Path

from kehoach_desktop.importer import parse_file

FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"

LINES = [
    ("left", "QUẬN ỦY BA ĐÌNH", True),
    ("right", "ĐẢNG CỘNG SẢN VIỆT NAM", True),
    ("left", "*", False),
    ("left", "Số 12-KH/QU", False),
    ("right", "Ba Đình, ngày 20 tháng 01 năm 2022", False),
    ("centre", "KẾ HOẠCH", True),
    ("centre", "Thực hiện công tác lý luận chính trị năm 2022", True),
    ("centre", "-----", False),
    ("body", "Căn cứ Hướng dẫn số 41-HD/BTGTU ngày 16/12/2021 của Ban Tuyên giáo Thành ủy về công tác", False),
    ("body", "lý luận chính trị năm 2022, Ban Thường vụ Quận ủy xây dựng Kế hoạch như sau:", False),
    ("body", "I. MỤC ĐÍCH, YÊU CẦU", True),
    ("body", "1. Nâng cao nhận thức của cán bộ, đảng viên về công tác lý luận chính trị.", False),
    ("body", "II. NỘI DUNG", True),
    ("body", "1. Tổ chức học tập các nghị quyết của Đảng trong năm 2022.", False),
]


def _pdf(path: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("RuleSerif", str(FONTS / "LiberationSerif-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("RuleSerif-Bold", str(FONTS / "LiberationSerif-Bold.ttf")))
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    y = {"left": height - 60, "right": height - 60}
    body_y = height - 200
    for where, text, bold in LINES:
        c.setFont("RuleSerif-Bold" if bold else "RuleSerif", 13)
        if where in ("left", "right"):
            x = 150 if where == "left" else 400
            c.drawCentredString(x, y[where], text)
            y[where] -= 18
        elif where == "centre":
            c.drawCentredString(width / 2, body_y, text)
            body_y -= 18
        else:
            c.drawString(85, body_y, text)
            body_y -= 18
    c.save()
    return path


def test_a_rule_under_the_title_is_not_part_of_the_basis(tmp_path):
    doc = parse_file(_pdf(tmp_path / "ke-hoach.pdf"))
    assert doc.title == "Thực hiện công tác lý luận chính trị năm 2022"
    assert doc.basis.startswith("Căn cứ Hướng dẫn số 41-HD/BTGTU"), doc.basis[:40]
    assert "---" not in doc.basis
