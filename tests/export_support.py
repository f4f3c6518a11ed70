"""Helpers for the export tests: a small plan-text parser and readers for the produced files.

The parser is deliberately simple (the importer feature has the real one): it reads the
sample-like text files (real samples and tests/fixtures) into a PlanDocument, keeping the
labels written in the text, and strips the .docx-extraction noise.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kehoach_desktop.core.document import Node, PlanDocument, Signature

os.environ.setdefault("KEHOACH_BUNDLED_FONT", "1")

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "ke-hoach-chuyen-doi-so-2026-dang-uy-xa.txt"
MM = 72 / 25.4

_ROMAN = re.compile(r"^(X{0,3}(?:IX|IV|V?I{0,3}))\s*([.\-])\s*(.+)$")
_L3 = re.compile(r"^(\d+\.\d+)\s*[.\-]?\s+(.+)$")
_L2 = re.compile(r"^(\d+)\s*([.\-])\s+(.+)$")
_DATE = re.compile(r"^(.+?),\s*ngày\s+(\d+)\s+tháng\s+(\d+)\s+năm\s+(\d{4})$")


def norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def denoise(line: str) -> str:
    line = re.sub(r"\[bookmark: [^\]]*\]", "", line)
    line = re.sub(r"\s*\|.*$", "", line)  # "| (để)" side notes of merged cells
    line = line.replace("**", "")
    line = re.sub(r"\*([^*\n]+)\*", r"\1", line)
    return norm(line)


def parse_plan_text(text: str) -> PlanDocument:
    text = unicodedata.normalize("NFC", text)
    lines = [denoise(x) for x in text.split("\n")]
    doc = PlanDocument()
    i = 0
    while i < len(lines) and lines[i] != "KẾ HOẠCH":
        ln = lines[i]
        m = _DATE.match(ln)
        if m:
            doc.place = m[1]
            doc.date = dt.date(int(m[4]), int(m[3]), int(m[2]))
        elif ln.startswith("Số"):
            doc.number = ln.split(" ", 1)[1].strip()
            doc.issuer_code = doc.number.split("/")[-1]
        elif ln and ln != "*" and ln != "ĐẢNG CỘNG SẢN VIỆT NAM":
            if not doc.superior_body:
                doc.superior_body = ln
            else:
                doc.issuer_body = ln
        i += 1
    i += 1
    body = [x for x in lines[i:] if x and not re.fullmatch(r"[-\s]+", x)]
    doc.title = body.pop(0)
    stack: list[tuple[int, Node]] = []  # (level, node)
    basis: list[str] = []
    k = 0
    last_bullet: Node | None = None

    def add(node: Node, level: int) -> None:
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][1].children if stack else doc.sections).append(node)
        stack.append((level, node))

    def attach(node: Node) -> None:
        (stack[-1][1].children if stack else doc.sections).append(node)

    while k < len(body) and not body[k].startswith("Nơi nhận"):
        ln = body[k]
        k += 1
        m = _ROMAN.match(ln)
        if m and m[1] and ln.split()[0].rstrip(".-") in ("I", "II", "III", "IV", "V", "VI", "VII"):
            add(Node("section", m[3], label=f"{m[1]}{m[2]}"), 1)
            last_bullet = None
            continue
        if not doc.sections:
            basis.append(ln)
            continue
        m = _L3.match(ln)
        if m:
            add(Node("section", m[2], label=f"{m[1]}."), 3)
            last_bullet = None
            continue
        m = _L2.match(ln)
        if m:
            add(Node("section", m[3], label=f"{m[1]}{m[2]}"), 2)
            last_bullet = None
            continue
        if ln.startswith(("- ", "-")):
            last_bullet = Node("bullet", ln.lstrip("- ").strip(), label="-")
            attach(last_bullet)
            continue
        if ln.startswith("+ ") and last_bullet is not None:
            last_bullet.children.append(Node("bullet", ln[2:].strip(), label="+"))
            continue
        attach(Node("paragraph", ln))
        last_bullet = None
    doc.basis = "\n".join(basis)
    # The closing paragraph ("Trên đây là Kế hoạch …") sits after the last section.
    last = doc.sections[-1]
    while last.children and last.children[-1].kind == "section":
        last = last.children[-1]
    if last.children and last.children[-1].kind == "paragraph" and last.children[-1].text.startswith("Trên đây"):
        doc.closing = last.children.pop().text
    k += 1
    recipients = []
    while k < len(body) and body[k].startswith("-"):
        recipients.append(body[k].lstrip("- ").strip())
        k += 1
    doc.recipients = recipients
    rest = body[k:]
    sig = Signature()
    if rest:
        sig.name = rest[-1]
        heads = rest[:-1]
        if heads and re.match(r"^(T/M|K/T|TM\.|KT\.)", heads[0]):
            sig.authority = heads.pop(0)
        sig.title = " ".join(heads)
    doc.signature = sig
    return doc


def fixture_doc() -> PlanDocument:
    return parse_plan_text(FIXTURE.read_text(encoding="utf-8"))


def body_texts(doc: PlanDocument, upper_level1: bool = True) -> list[str]:
    """The body paragraphs as the plan defines them, in reading order (independent of the composer)."""
    out = [p for p in doc.basis.split("\n") if p.strip()]

    def walk(node: Node, depth: int) -> None:
        if node.kind == "section":
            text = node.text.upper() if depth == 0 and upper_level1 else node.text
            out.append(f"{node.label} {text}")
            for c in node.children:
                walk(c, depth + 1)
            return
        for j, part in enumerate(x for x in node.text.split("\n") if x.strip()):
            out.append(f"{node.label or '-'} {part}" if node.kind == "bullet" and j == 0 else part)
        for c in node.children:
            walk(c, depth)

    for n in doc.sections:
        walk(n, 0)
    if doc.closing:
        out.append(doc.closing)
    return [norm(x) for x in out]


# -- PDF -----------------------------------------------------------------------------


@dataclass
class Word:
    text: str
    x0: float
    y0: float  # from the top of the page
    x1: float
    y1: float


def pdf_words(path: Path) -> list[list[Word]]:
    """Words with their boxes (points, origin top-left), page by page, in drawing order.

    Read with pypdfium2 (a dependency of the app, so this works on every CI platform);
    boxes are the font's loose boxes (advance width × ascent/descent), like pdftotext's.
    pdfium inserts a generated line break between lines, so whitespace alone splits words.
    """
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    pages: list[list[Word]] = []
    try:
        for page in pdf:
            height = page.get_height()
            textpage = page.get_textpage()
            n = textpage.count_chars()
            text = textpage.get_text_range(0, n) if n else ""
            words: list[Word] = []
            chars: list[str] = []
            box: list[float] = []

            def flush(words=words, chars=chars, box=box, height=height) -> None:  # this page's lists
                if chars:
                    words.append(
                        Word(
                            unicodedata.normalize("NFC", "".join(chars)),
                            box[0],
                            height - box[3],
                            box[2],
                            height - box[1],
                        )
                    )
                chars.clear()
                box.clear()

            for i, ch in enumerate(text):
                if ch.isspace():
                    flush()
                    continue
                left, bottom, right, top = textpage.get_charbox(i, loose=True)
                # pdfium marks a hyphen that ends a line as U+FFFE and then adds no line break:
                # the PDF draws "-", and the next line starts a new word.
                line_end_hyphen = ch == "\ufffe"
                if line_end_hyphen:
                    ch = "-"
                if not chars:
                    box[:] = [left, bottom, right, top]
                else:
                    box[:] = [min(box[0], left), min(box[1], bottom), max(box[2], right), max(box[3], top)]
                chars.append(ch)
                if line_end_hyphen:
                    flush()
            flush()
            textpage.close()
            page.close()
            pages.append(words)
    finally:
        pdf.close()
    return pages


def embedded_fonts(path: Path) -> dict[str, bool]:
    """Base font name → whether its program is embedded, for every font the pages use."""
    from pypdf import PdfReader

    out: dict[str, bool] = {}
    for page in PdfReader(str(path)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            out[str(font.get("/BaseFont"))] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return out


def pdf_body_text(pages: list[list[Word]], top_margin: float) -> str:
    """All words below the top margin (page numbers excluded), normalised."""
    return norm(" ".join(w.text for page in pages for w in page if w.y0 >= top_margin - 2))


def in_order(haystack: str, needles: list[str]) -> list[str]:
    """Needles not found in order (empty list = all found in order)."""
    missing, pos = [], 0
    for n in needles:
        j = haystack.find(n, pos)
        if j < 0:
            missing.append(n)
        else:
            pos = j + len(n)
    return missing


# -- DOCX ----------------------------------------------------------------------------


def docx_xml(path: Path, part: str = "word/document.xml") -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


def docx_paragraph_texts(path: Path) -> list[str]:
    """Paragraph texts of the body in document order, tables included (cell by cell)."""
    import docx

    d = docx.Document(str(path))
    out = []
    body = d.element.body
    for child in body.iterchildren():
        tag = child.tag.split("}")[1]
        if tag == "p":
            out.append(
                "".join(
                    t.text or "" for t in child.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
                )
            )
        elif tag == "tbl":
            for p in child.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
                out.append(
                    "".join(
                        t.text or "" for t in p.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
                    )
                )
    return [x for x in out if x.strip()]
