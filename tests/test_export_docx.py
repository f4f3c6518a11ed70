"""DOCX export: same layout as the PDF, editable in Word / LibreOffice."""

from __future__ import annotations

import copy
import re
import unicodedata

import pytest
from export_support import body_texts, docx_paragraph_texts, docx_xml, fixture_doc, in_order, norm

from kehoach_desktop.export import CopyInfo, ExportOptions, SecretExportError, render_docx
from kehoach_desktop.export.fonts import find_fonts, text_width


@pytest.fixture(scope="module")
def party_docx(tmp_path_factory):
    doc = fixture_doc()
    out = tmp_path_factory.mktemp("docx") / "ke-hoach.docx"
    render_docx(doc, out, "party")
    return doc, out


def test_every_text_extracts_back_identically(party_docx):
    doc, out = party_docx
    paras = [norm(p) for p in docx_paragraph_texts(out)]
    assert all(unicodedata.is_normalized("NFC", p) for p in paras)
    body = [doc.title, *body_texts(doc)]
    # Each body paragraph is exactly one DOCX paragraph, in order.
    idx = [paras.index(norm(x)) for x in body]
    assert idx == sorted(idx)
    joined = " ".join(paras)
    assert in_order(joined, [doc.superior_body, doc.issuer_body, "*", "Số 07-KH/ĐU"]) == []
    for r in doc.recipients:
        assert norm(r.rstrip(",;.")) in joined
    for line in (doc.signature.authority, doc.signature.title, doc.signature.name):
        assert norm(line) in paras


def test_page_setup_margins_and_a4(party_docx):
    _, out = party_docx
    xml = docx_xml(out)
    pg = re.search(r"<w:pgSz [^>]*>", xml).group()
    assert 'w:w="11906"' in pg or 'w:w="11905"' in pg
    assert 'w:h="16838"' in pg or 'w:h="16837"' in pg
    mar = re.search(r"<w:pgMar [^>]*>", xml).group()
    twips = {k: int(v) for k, v in re.findall(r'w:(\w+)="(\d+)"', mar)}
    assert twips["top"] == pytest.approx(1134, abs=1) and twips["bottom"] == pytest.approx(1134, abs=1)
    assert twips["left"] == pytest.approx(1701, abs=1) and twips["right"] == pytest.approx(850, abs=1)


def test_page_number_field_from_page_two(party_docx):
    _, out = party_docx
    xml = docx_xml(out)
    assert "<w:titlePg/>" in xml or '<w:titlePg w:val="1"/>' in xml or "<w:titlePg" in xml
    refs = dict(re.findall(r'<w:headerReference w:type="(\w+)" r:id="(\w+)"', xml))
    assert {"default", "first"} <= set(refs)
    import zipfile

    with zipfile.ZipFile(out) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
        target = dict(re.findall(r'Id="(\w+)"[^>]*Target="([^"]+)"', rels))
        default = z.read("word/" + target[refs["default"]]).decode()
        first = z.read("word/" + target[refs["first"]]).decode()
    assert "PAGE" in default and '<w:jc w:val="center"/>' in default
    assert "PAGE" not in first


def test_fonts_sizes_and_styles(party_docx):
    import docx

    doc, out = party_docx
    d = docx.Document(str(out))
    header = d.tables[0]
    left, right = header.rows[0].cells
    runs = {p.text: p.runs[0] for cell in (left, right) for p in cell.paragraphs if p.runs}
    assert runs["ĐẢNG CỘNG SẢN VIỆT NAM"].font.size.pt == 15 and runs["ĐẢNG CỘNG SẢN VIỆT NAM"].font.bold
    assert runs[doc.issuer_body].font.bold and not runs[doc.superior_body].font.bold
    assert runs["Tân Phong, ngày 05 tháng 02 năm 2026"].font.italic
    assert all(r.font.name == "Times New Roman" for r in runs.values())
    assert [p.text for p in left.paragraphs if p.text] == [doc.superior_body, doc.issuer_body, "*", "Số 07-KH/ĐU"]
    title = next(p for p in d.paragraphs if p.text == "KẾ HOẠCH")
    assert title.runs[0].font.bold and title.runs[0].font.size.pt == 15 and title.alignment == 1
    body = next(p for p in d.paragraphs if p.text.startswith("Nâng cao nhận thức"))
    assert body.alignment == 3 and body.runs[0].font.size.pt == 14
    assert body.paragraph_format.first_line_indent.mm == pytest.approx(10, abs=0.1)
    assert body.paragraph_format.line_spacing.pt == 18


def test_rule_under_party_title_is_as_long_as_the_text(party_docx):
    import docx

    _, out = party_docx
    d = docx.Document(str(out))
    cell = d.tables[0].rows[0].cells[1]
    paras = cell.paragraphs
    i = next(k for k, p in enumerate(paras) if p.text == "ĐẢNG CỘNG SẢN VIỆT NAM")
    rule = paras[i + 1]
    assert "<w:top " in rule._p.xml and rule.text == ""
    width = cell.width.pt
    indent = rule.paragraph_format.left_indent.pt + rule.paragraph_format.right_indent.pt
    assert width - indent == pytest.approx(text_width("ĐẢNG CỘNG SẢN VIỆT NAM", 15, True, False, find_fonts()), abs=0.1)
    # No text underline is used for rules (only for the Party "Nơi nhận:" label).
    underlined = [r.text for p in d.paragraphs for r in p.runs if r.font.underline]
    underlined += [r.text for t in d.tables for c in t._cells for p in c.paragraphs for r in p.runs if r.font.underline]
    assert underlined == ["Nơi nhận:"]


def test_signoff_kept_with_the_closing_paragraph(party_docx):
    import docx

    doc, out = party_docx
    d = docx.Document(str(out))
    closing = next(p for p in d.paragraphs if p.text == doc.closing)
    assert closing.paragraph_format.keep_with_next
    signoff = d.tables[-1]
    assert "<w:cantSplit/>" in signoff.rows[0]._tr.xml
    assert signoff.rows[0].cells[1].paragraphs[0].text == "T/M BAN THƯỜNG VỤ"
    assert signoff.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:"
    borders = signoff._tbl.tblPr.xml
    assert 'w:val="nil"' in borders


def test_state_profile_docx(tmp_path):
    doc = fixture_doc()
    doc.number, doc.issuer_code = "07/KH-UBND", "UBND"
    out = tmp_path / "s.docx"
    render_docx(doc, out, "state")
    paras = docx_paragraph_texts(out)
    assert "Số: 07/KH-UBND" in paras
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in paras and "Độc lập - Tự do - Hạnh phúc" in paras
    assert "TM. BAN THƯỜNG VỤ" in paras and "ĐẢNG CỘNG SẢN VIỆT NAM" not in paras
    assert "- Lưu Văn phòng Đảng ủy." in paras and "- Thường trực Đảng ủy;" in paras


def test_nfd_docx_has_the_same_text(tmp_path):
    doc = fixture_doc()
    nfd = copy.deepcopy(doc)
    nfd.title = unicodedata.normalize("NFD", nfd.title)
    nfd.closing = unicodedata.normalize("NFD", nfd.closing)
    render_docx(doc, tmp_path / "a.docx", "party")
    render_docx(nfd, tmp_path / "b.docx", "party")
    assert docx_xml(tmp_path / "a.docx") == docx_xml(tmp_path / "b.docx")


def test_copy_block_after_full_width_rule(tmp_path):
    import datetime as dt

    from kehoach_desktop.core.document import Signature

    doc = fixture_doc()
    info = CopyInfo(
        "trich_sao",
        "ĐẢNG BỘ TỈNH QUẢNG TRỊ",
        "ĐẢNG ỦY XÃ TÂN PHONG",
        "ĐU",
        "3",
        "Tân Phong",
        dt.date(2026, 3, 9),
        ["Chi bộ thôn 1", "Lưu Văn phòng"],
        Signature("T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG", "Phan Văn Bình"),
        sections=[0],
    )
    out = tmp_path / "c.docx"
    render_docx(doc, out, "party", ExportOptions(copy=info))
    paras = docx_paragraph_texts(out)
    assert "TRÍCH SAO" in paras and "Số 03-BS/ĐU" in paras and "Tân Phong, ngày 09 tháng 3 năm 2026" in paras
    assert paras.index("TRÍCH SAO") > paras.index(doc.signature.name)
    assert "II. NỘI DUNG" not in paras and "I. MỤC ĐÍCH, YÊU CẦU" in paras  # only section I excerpted
    assert "Phan Văn Bình" in paras
    import docx

    d = docx.Document(str(out))
    body = list(d.element.body.iterchildren())
    copy_table = next(t for t in d.tables if "TRÍCH SAO" in t._tbl.xml)
    before = body[body.index(copy_table._tbl) - 1]
    assert before.tag.endswith("}p") and "<w:top " in before.xml
    from docx.text.paragraph import Paragraph

    rule = Paragraph(before, d)
    assert rule.text == "" and rule.paragraph_format.left_indent.pt == 0 and rule.paragraph_format.right_indent.pt == 0


def test_secret_docx_needs_confirmation(tmp_path):
    doc = fixture_doc()
    doc.security = "tối mật"
    with pytest.raises(SecretExportError):
        render_docx(doc, tmp_path / "x.docx", "party")
    assert not (tmp_path / "x.docx").exists()
    render_docx(doc, tmp_path / "x.docx", "party", ExportOptions(secret_confirmed=True))
    assert "TỐI MẬT" in docx_paragraph_texts(tmp_path / "x.docx")


def test_appendix_table_and_landscape(tmp_path):
    from kehoach_desktop.core.document import Node

    doc = fixture_doc()
    doc.landscape = True
    rows = [
        ["STT", "Đơn vị", "Kết quả"],
        ["1", "Chi bộ thôn Đông", "Hoàn thành đúng hạn"],
        ["2", "Chi bộ thôn Tây", "Đang thực hiện (trong hạn)"],
    ]
    doc.appendices = [
        Node(
            "section",
            "Tổng hợp tiến độ",
            role="appendix",
            children=[Node("table", "", rows=rows, col_widths=[1, 4, 4])],
        )
    ]
    out = tmp_path / "t.docx"
    render_docx(doc, out, "party")
    import docx

    d = docx.Document(str(out))
    sec = d.sections[0]
    assert sec.page_width > sec.page_height and sec.orientation == 1
    table = d.tables[-1]
    assert [[c.text for c in r.cells] for r in table.rows] == rows
    assert "<w:tblHeader/>" in table.rows[0]._tr.xml and "<w:tblHeader/>" not in table.rows[1]._tr.xml
    assert table.rows[0].cells[0].paragraphs[0].runs[0].font.bold
    heading = next(p for p in d.paragraphs if p.text == "PHỤ LỤC")
    assert heading.paragraph_format.page_break_before
    from pypdf import PdfReader

    from kehoach_desktop.export import render_pdf

    render_pdf(doc, tmp_path / "t.pdf", "party")
    page = PdfReader(tmp_path / "t.pdf").pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)


def test_extreme_texts_do_not_break_the_export(tmp_path):
    """A 3,000-character trích yếu, a huge closing and an empty plan still export (no crash, no loss)."""
    from kehoach_desktop.core.document import PlanDocument
    from kehoach_desktop.export import render_pdf

    long = PlanDocument(
        title="Kế hoạch " + "rất dài " * 400, closing="đề nghị thực hiện " * 600, recipients=["Ban Tuyên giáo " * 40]
    )
    render_docx(long, tmp_path / "l.docx", "party")
    assert norm(long.title) in [norm(p) for p in docx_paragraph_texts(tmp_path / "l.docx")]
    assert render_pdf(long, tmp_path / "l.pdf", "party").pages >= 2
    render_docx(PlanDocument(), tmp_path / "e.docx", "party")
    assert render_pdf(PlanDocument(), tmp_path / "e.pdf", "party").pages == 1


def test_plan_headings_use_word_heading_styles_with_the_official_look(party_docx):
    """Issue 17: Word's navigation pane and table of contents see the plan's headings
    (Heading 1 for I., Heading 2 for 1. …) while they print like the official text."""
    from docx import Document
    from docx.shared import Pt

    doc = Document(str(party_docx[1]))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings, "no heading style in the DOCX"
    levels = {name for name, _ in headings}
    assert "Heading 1" in levels and "Heading 2" in levels
    first = next(text for name, text in headings if name == "Heading 1")
    assert first == first.upper()  # level I: upper case, as in the PDF
    for level in ("Heading 1", "Heading 2"):
        style = doc.styles[level]
        assert style.font.name == "Times New Roman" and style.font.size == Pt(14)
        assert str(style.font.color.rgb) == "000000"
        assert "Theme" not in style.element.rPr.rFonts.xml  # no theme font overriding TNR
    # The heading paragraphs keep their own run formatting (bold, 14 pt, TNR).
    para = next(p for p in doc.paragraphs if p.style.name == "Heading 1")
    assert all(r.font.bold and r.font.size == Pt(14) and r.font.name == "Times New Roman" for r in para.runs)
    # Body paragraphs are not headings.
    assert any(p.style.name == "Normal" and len(p.text) > 80 for p in doc.paragraphs)
