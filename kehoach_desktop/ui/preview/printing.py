"""Print a PDF at actual size: each page painted over the whole sheet, never scaled to fit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from .pages import PdfPages

MAX_RASTER_DPI = 300.0  # sharper than any office laser needs for 14 pt text; keeps memory small


def prepare_printer(printer: QPrinter, pdf: PdfPages) -> None:
    """Paper = the PDF's page size, no printer margins, full page: 1 pt in the PDF = 1 pt on paper."""
    w, h = pdf.size_points(0)
    size = QPageSize(QSizeF(w, h), QPageSize.Point, "", QPageSize.ExactMatch)
    orientation = QPageLayout.Landscape if w > h else QPageLayout.Portrait
    if orientation == QPageLayout.Landscape:
        size = QPageSize(QSizeF(h, w), QPageSize.Point, "", QPageSize.ExactMatch)
    printer.setFullPage(True)
    printer.setPageLayout(QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Point))


def print_pdf(path: str | Path, printer: QPrinter, progress: Callable[[int, int], bool] | None = None) -> int:
    """Print every page (or the printer's page range) of *path*; returns pages printed.

    *progress(done, total)* may return False to stop. Runs on the GUI thread: QPainter on
    a QPrinter belongs there.
    """
    pdf = PdfPages(path)
    try:
        prepare_printer(printer, pdf)
        first, last = printer.fromPage(), printer.toPage()
        pages = list(range(len(pdf)))
        if first > 0 and last >= first:
            pages = [p for p in pages if first - 1 <= p <= last - 1]
        dpi = min(float(printer.resolution()), MAX_RASTER_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("Không mở được máy in. Hãy kiểm tra máy in đã bật và được chọn đúng.")
        try:
            device_per_pt = printer.resolution() / 72.0
            for n, index in enumerate(pages):
                if n:
                    printer.newPage()
                w, h = pdf.size_points(index)
                img = pdf.image(index, dpi)
                # Target rectangle in device pixels = the page's size in points, from the sheet's corner.
                painter.drawImage(QRectF(0, 0, w * device_per_pt, h * device_per_pt), img)
                if progress and progress(n + 1, len(pages)) is False:
                    break
        finally:
            painter.end()
        return len(pages)
    finally:
        pdf.close()
