"""PDF pages → QImage with pypdfium2 (PySide6-Essentials has no QtPdf)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage


class PdfPages:
    """An open PDF whose pages render to grayscale images at a given resolution."""

    def __init__(self, path: str | Path):
        import pypdfium2 as pdfium  # loaded only when a preview or print runs

        self.path = Path(path)
        self._pdf = pdfium.PdfDocument(str(path))

    def __len__(self) -> int:
        return len(self._pdf)

    def size_points(self, index: int) -> tuple[float, float]:
        w, h = self._pdf[index].get_size()
        return float(w), float(h)

    def image(self, index: int, dpi: float) -> QImage:
        page = self._pdf[index]
        bitmap = page.render(scale=dpi / 72.0, grayscale=True)
        img = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, QImage.Format_Grayscale8)
        img = img.copy()  # own the pixels before pdfium frees its buffer
        img.setDotsPerMeterX(round(dpi / 0.0254))
        img.setDotsPerMeterY(round(dpi / 0.0254))
        page.close()
        return img

    def close(self) -> None:
        self._pdf.close()
