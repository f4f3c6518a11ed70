"""Lines of a PDF: text PDFs by the position of every character, scanned pages by OCR.

pypdfium2 (already a dependency, also used by the preview) gives each character and
its box; pieces of text are cut where the space between two characters is wider
than a few letters, then :mod:`.layout` rebuilds rows, the header's two columns,
Nơi nhận beside the signature, and paragraphs. pdfplumber would give the same boxes
through pdfminer, about ten times slower, and another dependency: not needed.

A page without text (a scan, or a text PDF whose font has no Unicode map) is read
with Tesseract (:mod:`.ocr`), fully offline. Limits for hostile files: pages,
the size of a page, and the total time.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..core.text import nfc
from .errors import ImportFailure
from .layout import Page, Run, lines_from_pages
from .textfile import Line

MAX_PDF_BYTES = 200 * 1024 * 1024
MAX_PAGES = 300  # a long plan with appendices has 40
MAX_PAGE_POINTS = 5000.0  # a page side (A0 is 3370 pt)
TEXT_SECONDS = 60.0  # reading the text of every page
OCR_SECONDS = 900.0  # all the scanned pages of one file
MIN_TEXT_CHARS = 20  # fewer characters on a page with an image: a scan
_GAP_EM = 1.2  # a space wider than this many character heights cuts a piece


def _refuse(name: str, detail: str, reason: str = "hostile") -> ImportFailure:
    return ImportFailure(f"Không nhập tệp PDF «{name}»: {detail}", reason)


def read_pdf(
    path: Path, *, ocr_allowed: bool = True, deadline: float | None = None
) -> tuple[list[Line], str, list[str]]:
    """(lines, kind, warnings) of a PDF; kind is "pdf" or "scan" (at least one page read by OCR)."""
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    name = path.name
    if path.stat().st_size > MAX_PDF_BYTES:
        raise _refuse(name, f"tệp quá lớn (giới hạn {MAX_PDF_BYTES // (1024 * 1024)} MB). Hãy tách tệp rồi nhập lại.")
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise ImportFailure(
                f"Tệp PDF «{name}» có mật khẩu. Hãy mở tệp bằng trình đọc PDF, lưu một bản không mật khẩu "
                "rồi nhập bản đó.",
                "encrypted",
            ) from None
        raise ImportFailure(
            f"Tệp «{name}» không phải PDF đọc được (tệp hỏng hoặc không trọn vẹn). Hãy tải hoặc quét lại tệp.",
            "unreadable",
        ) from None
    started = time.monotonic()
    deadline = deadline if deadline is not None else started + TEXT_SECONDS
    ocr_deadline = started + OCR_SECONDS
    warnings: list[str] = []
    try:
        count = len(document)
        if count == 0:
            raise ImportFailure(f"Tệp PDF «{name}» không có trang nào.", "empty")
        if count > MAX_PAGES:
            raise _refuse(name, f"{count} trang, giới hạn {MAX_PAGES}. Hãy tách phần cần nhập ra một tệp riêng.")
        pages: list[Page] = []
        scanned: list[int] = []
        for index in range(count):
            if time.monotonic() > (ocr_deadline if scanned else deadline):
                raise _refuse(name, "đọc quá lâu (tệp quá nặng hoặc cố tình làm chậm). Hãy in ra PDF lại rồi nhập.")
            page = document[index]
            try:
                width, height = page.get_size()
                if not (0 < width <= MAX_PAGE_POINTS and 0 < height <= MAX_PAGE_POINTS):
                    raise _refuse(name, f"trang {index + 1} có kích thước bất thường ({width:.0f}×{height:.0f} pt).")
                textpage = page.get_textpage()
                try:
                    runs = _runs(textpage, raw, height)
                finally:
                    textpage.close()
                if sum(len(r.text.strip()) for r in runs) < MIN_TEXT_CHARS:
                    if not ocr_allowed:
                        continue
                    from .ocr import MAX_OCR_PAGES, ocr_pdf_page

                    if len(scanned) >= MAX_OCR_PAGES:
                        raise _refuse(
                            name, f"quá {MAX_OCR_PAGES} trang ảnh quét. Hãy tách phần cần nhập ra một tệp riêng."
                        )
                    runs = ocr_pdf_page(page, name, index)
                    scanned.append(index + 1)
                    pages.append(Page(width * 300 / 72, height * 300 / 72, runs, fonts=False))
                    continue
                pages.append(Page(width, height, runs))
            finally:
                page.close()
    finally:
        document.close()
    lines = lines_from_pages(pages)
    if not any(line.text.strip() for line in lines):
        raise ImportFailure(f"Tệp PDF «{name}» không có chữ nào đọc được.", "empty")
    kind = "scan" if scanned else "pdf"
    if scanned:
        pages_text = ", ".join(map(str, scanned[:10])) + ("…" if len(scanned) > 10 else "")
        warnings.append(
            f"Trang {pages_text} là ảnh quét, đã nhận dạng chữ (OCR) trên máy: hãy soát số, ngày và tên riêng."
        )
    return lines, kind, warnings


def _runs(textpage, raw, page_height: float) -> list[Run]:
    """Pieces of text of one page with their boxes (top-down coordinates)."""
    count = textpage.count_chars()
    if count <= 0:
        return []
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # characters outside the BMP: index by character instead
        text = "".join(textpage.get_text_range(i, 1)[:1] or " " for i in range(count))
    runs: list[Run] = []
    chars: list[str] = []
    box: list[float] = []  # x0, x1, top, bottom of the current piece
    bold = False

    def flush() -> None:
        if chars and "".join(chars).strip():
            runs.append(Run(nfc("".join(chars)).strip(), box[0], box[1], box[2], box[3], bold))

    last_x1 = None
    for i, ch in enumerate(text):
        if ch in "\r\n\x02\x03":
            flush()
            chars, box, last_x1 = [], [], None
            continue
        left, bottom, right, top = textpage.get_charbox(i)
        top, bottom = page_height - top, page_height - bottom
        if ch == " " or right <= left:
            if chars:
                chars.append(" ")
            continue
        height = max(bottom - top, 1.0)
        if chars and box:
            jump = left - (last_x1 if last_x1 is not None else box[1])
            new_line = top > box[3] - 0.2 * height or bottom < box[2] + 0.2 * height
            if jump > _GAP_EM * height * 1.6 or jump < -height or new_line:
                flush()
                chars, box = [], []
        if not chars:
            box = [left, right, top, bottom]
            bold = raw.FPDFText_GetFontWeight(textpage.raw, i) >= 600 or _bold_font(textpage, raw, i)
        else:
            box = [min(box[0], left), max(box[1], right), min(box[2], top), max(box[3], bottom)]
        chars.append(ch)
        last_x1 = right
    flush()
    return runs


def _bold_font(textpage, raw, index: int) -> bool:
    """The character's font name says Bold (some PDFs store no weight)."""
    import ctypes

    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int(0)
    size = raw.FPDFText_GetFontInfo(textpage.raw, index, buffer, 128, ctypes.byref(flags))
    if size <= 0:
        return False
    name = buffer.value.decode("latin-1", errors="replace").lower()
    return "bold" in name or "black" in name or "heavy" in name
