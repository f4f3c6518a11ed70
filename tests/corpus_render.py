"""Render corpus documents as they also arrive: .docx, text PDF, scanned PDF and PNG (issue 16).

From a corpus document's hand-written header facts and its body text, build the
document an office would receive: a .docx with the real two-column header table
(python-docx), a text PDF typeset with the bundled font (reportlab) with the same
two-column header, and a scan of that PDF (rasterised with pypdfium2 at 200 dpi,
turned 0.6°, with speckle noise) as an image-only PDF and as a PNG.
"""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "resources" / "fonts"

# Documents rendered in every format, with the words their body starts with.
RENDERED: dict[str, str] = {
    "st-soctrang-135-kh-ubnd-2022": "Căn cứ Nghị định",
    "st-tuyenquang-62-kh-ubnd-2021": "Căn cứ Luật Lâm nghiệp",
    "st-sonla-68-kh-ubnd-2020": "Căn cứ Chỉ thị",
    "st-langson-07-kh-ubnd-2020": "Thực hiện Chỉ",
    "pa-tthue-445-kl-tu-2022": "Hội nghị lần thứ bảy",
    "st-bacninh-155-kh-ubnd-2017": "Thực hiện Luật Hộ tịch",
    # Full 2025 documents, commune level: rendered through Nơi nhận and the signature.
    "st-phobang-01-kh-tbttkt-2025": "Căn cứ Quyết định",
    "mt-luongminh-kh-hiep-thuong-2025": "Căn cứ Luật Bầu cử",
}
# The left column as the document prints it where the issuer alone does not give it
# (a superior body above the issuing one, a number left blank for the signer).
LEFT_COLUMNS: dict[str, list[str]] = {
    "st-phobang-01-kh-tbttkt-2025": [
        "ỦY BAN BẦU CỬ XÃ PHỐ BẢNG",
        "TIỂU BAN THÔNG TIN, TUYÊN TRUYỀN, KHÁNH TIẾT",
        "-------",
        "Số: 01/KH-TBTTKT",
    ],
    "mt-luongminh-kh-hiep-thuong-2025": [
        "ỦY BAN MTTQ VIỆT NAM",
        "XÃ LƯƠNG MINH",
        "BAN THƯỜNG TRỰC",
        "-------",
        "Số:      /KH-MTTQ-BTT",
    ],
}
_STARTS = re.compile(r"^(?:[IVX]+\.|\d+(?:\.\d+)*\.|[a-z]\)|-|\+|Căn cứ|Thực hiện|Trên cơ sở|Ủy ban nhân dân tỉnh)\s")
_PLACE_WORDS = ("TỈNH ", "THÀNH PHỐ ", "HUYỆN ", "QUẬN ", "XÃ ", "PHƯỜNG ")


def _source_text(case: Any) -> str:
    return unicodedata.normalize("NFC", case.text_path.read_text(encoding="utf-8"))


def _tail(case: Any) -> tuple[list[str], list[str]] | None:
    """(Nơi nhận lines, signature lines) of a complete document, as its text gives them."""
    exp = case.expected
    if not (exp.get("complete") and exp.get("signer")):
        return None
    text = _source_text(case)
    at = text.rfind("Nơi nhận")
    lines = [line.strip() for line in text[at:].splitlines() if line.strip()]
    recipients: list[str] = [lines[0]]
    for line in lines[1:]:
        if re.match(r"^(?:TM\.|T/M|KT\.|K/T)\s", line):
            break
        if line.startswith("-") or not recipients[1:]:
            recipients.append(line)
        else:
            recipients[-1] = f"{recipients[-1]} {line}"  # an item carried onto the next line
    sig = exp["signer"]
    signature = [sig["authority"], sig["title"], "", "", sig["name"]]
    return recipients, signature


def _body_paragraphs(case: Any) -> list[str]:
    """The body of the corpus text from its first words on, re-flowed into paragraphs."""
    text = _source_text(case)
    start = text.find(RENDERED[case.name])
    end = text.rfind("Nơi nhận") if _tail(case) else len(text)
    lines = [line.strip() for line in text[start:end].splitlines()]
    paragraphs: list[str] = []
    heading = False
    for line in lines:
        if not line:
            continue
        if heading and len(line.split()) == 1 and not line[:1].isupper():
            paragraphs[-1] = f"{paragraphs[-1]} {line}"  # "1. Mục" / "đích": the heading wrapped
            continue
        if paragraphs and not heading and not _STARTS.match(line) and not re.match(r"^[A-ZĐ ,]{6,}$", line):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
        heading = bool(re.match(r"^[IVX]+\.\s", line)) or bool(
            re.match(r"^\d+(?:\.\d+)*\.\s", line) and len(line) < 60 and not line.endswith((".", ";", ":"))
        )
    # The stored copy ends mid-word: end the rendered document on a whole sentence.
    last = paragraphs[-1]
    cut = max(last.rfind("."), last.rfind(";"))
    paragraphs[-1] = last[: cut + 1] if cut > 20 else last
    return paragraphs


def _header(case: Any) -> tuple[list[str], list[str], str, str]:
    """(left column lines, right column lines, type line, trích yếu) of the header."""
    exp = case.expected
    h = exp["header"]
    issuer = h["issuer"]
    party = exp["style"] == "party"
    if case.name in LEFT_COLUMNS:
        left = list(LEFT_COLUMNS[case.name])
    else:
        left = []
        for word in _PLACE_WORDS:
            at = issuer.find(word, 1)
            if at > 0 and not party:
                left += [issuer[:at].strip(), issuer[at:].strip()]
                break
        else:
            left.append(issuer)
        left.append("*" if party else "-------")
        left.append(f"Số {h['number']}" if party else f"Số: {h['number']}")
    d = h["date"].split("-")
    day, month, year = int(d[2]), int(d[1]), d[0]
    month_text = f"{month:02d}" if month < 3 else str(month)
    date_line = f"{h['place']}, ngày {day:02d} tháng {month_text} năm {year}"
    right = (
        ["ĐẢNG CỘNG SẢN VIỆT NAM", date_line]
        if party
        else ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------", date_line]
    )
    return left, right, exp["doc_type"].upper(), h["title"]


def render(case: Any, kind: str, workdir: Path) -> Path:
    """Path of the corpus document *case* rendered as *kind* (docx / pdf / scan / png)."""
    workdir.mkdir(parents=True, exist_ok=True)
    suffix = {"docx": ".docx", "pdf": ".pdf", "scan": ".scan.pdf", "png": ".png"}[kind]
    out = workdir / f"{case.name}{suffix}"
    if out.exists():
        return out
    if kind == "docx":
        _docx(case, out)
    elif kind == "pdf":
        _pdf(case, out)
    else:
        _scan(render(case, "pdf", workdir), out, seed=len(case.name), png=kind == "png")
    return out


def _docx(case: Any, out: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    left, right, type_line, title = _header(case)
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    table = document.add_table(rows=1, cols=2)
    for cell, lines in zip(table.rows[0].cells, (left, right)):
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(type_line).bold = True
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(title).bold = True
    for text in _body_paragraphs(case):
        para = document.add_paragraph()
        run = para.add_run(text)
        run.bold = bool(re.match(r"^[IVX]+\.\s", text))
    tail = _tail(case)
    if tail:
        # Nơi nhận on the left, the signature on the right: a borderless two-column table.
        recipients, signature = tail
        table = document.add_table(rows=1, cols=2)
        left_cell, right_cell = table.rows[0].cells
        left_cell.paragraphs[0].add_run(recipients[0]).italic = True
        for line in recipients[1:]:
            left_cell.add_paragraph(line)
        right_cell.paragraphs[0].add_run(signature[0]).bold = True
        for line in signature[1:]:
            para = right_cell.add_paragraph()
            para.add_run(line).bold = True
        for para in right_cell.paragraphs:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.save(str(out))


def _pdf(case: Any, out: Path) -> None:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    if "CorpusSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("CorpusSerif", str(FONTS / "LiberationSerif-Regular.ttf")))
        pdfmetrics.registerFont(TTFont("CorpusSerif-Bold", str(FONTS / "LiberationSerif-Bold.ttf")))
        pdfmetrics.registerFont(TTFont("CorpusSerif-Italic", str(FONTS / "LiberationSerif-Italic.ttf")))
    left, right, type_line, title = _header(case)
    center = ParagraphStyle("c", fontName="CorpusSerif", fontSize=13, leading=16, alignment=TA_CENTER)
    bold_center = ParagraphStyle("bc", parent=center, fontName="CorpusSerif-Bold", fontSize=14, leading=18)
    body = ParagraphStyle(
        "b", fontName="CorpusSerif", fontSize=14, leading=19, alignment=TA_JUSTIFY, firstLineIndent=10 * mm
    )

    def cell(lines: list[str], bold_first: bool) -> list[Any]:
        out_cells = []
        for i, line in enumerate(lines):
            style = bold_center if (i == 0 and bold_first) else center
            if re.match(r".*ngày \d+ tháng", line):
                style = ParagraphStyle("i", parent=center, fontName="CorpusSerif-Italic")
            out_cells.append(Paragraph(line, style))
        return out_cells

    width = A4[0] - 50 * mm
    header = Table([[cell(left, False), cell(right, True)]], colWidths=[width * 0.42, width * 0.58])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story: list[Any] = [header, Spacer(1, 8 * mm), Paragraph(type_line, bold_center), Paragraph(title, bold_center)]
    story.append(Spacer(1, 5 * mm))
    for text in _body_paragraphs(case):
        style = (
            ParagraphStyle("h", parent=body, fontName="CorpusSerif-Bold") if re.match(r"^[IVX]+\.\s", text) else body
        )
        story.append(Paragraph(text, style))
    tail = _tail(case)
    if tail:
        recipients, signature = tail
        small = ParagraphStyle("s", fontName="CorpusSerif", fontSize=11, leading=13)
        left_cells = [Paragraph(recipients[0], ParagraphStyle("si", parent=small, fontName="CorpusSerif-Italic"))]
        left_cells += [Paragraph(line, small) for line in recipients[1:]]
        right_cells = [Paragraph(line or "&nbsp;", bold_center) for line in signature]
        story.append(Spacer(1, 4 * mm))
        sign = Table([[left_cells, right_cells]], colWidths=[width * 0.5, width * 0.5])
        sign.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(sign)
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=30 * mm, rightMargin=20 * mm, topMargin=20 * mm)
    doc.build(story)


def _scan(pdf: Path, out: Path, seed: int, png: bool) -> None:
    """Rasterise *pdf*, turn each page a little and sprinkle noise: what a scanner gives."""
    import pypdfium2 as pdfium
    from PIL import Image

    rng = random.Random(seed)
    pages: list[Image.Image] = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for page in document:
            image = page.render(scale=200 / 72, grayscale=True).to_pil().convert("L")
            image = image.rotate(rng.choice((-0.6, 0.6)), resample=Image.BICUBIC, expand=False, fillcolor=255)
            pixels = image.load()
            w, h = image.size
            for _ in range(w * h // 900):
                x, y = rng.randrange(w), rng.randrange(h)
                pixels[x, y] = rng.choice((0, 90, 170))
            pages.append(image)
            if png:
                break
    finally:
        document.close()
    if png:
        pages[0].save(str(out))
    else:
        pages[0].save(str(out), "PDF", resolution=200.0, save_all=True, append_images=pages[1:])
