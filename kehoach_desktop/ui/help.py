"""The built-in user guide (Hướng dẫn sử dụng), read from resources/help/."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ..resources import resource_path
from .screen import fit_to_screen


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Hướng dẫn sử dụng")
        fit_to_screen(self, 720, 560)
        browser = QTextBrowser(self)
        browser.setOpenExternalLinks(False)
        path = resource_path("help", "huong-dan.html")
        browser.setHtml(path.read_text(encoding="utf-8") if path.exists() else "<p>Thiếu tệp hướng dẫn.</p>")
        buttons = QDialogButtonBox(QDialogButtonBox.Close, self)
        buttons.button(QDialogButtonBox.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(browser)
        layout.addWidget(buttons)
