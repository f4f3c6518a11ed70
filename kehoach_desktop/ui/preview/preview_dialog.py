"""Print preview inside the app: the exported PDF's pages, zoom, and a Print button."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ...export.layout_profile import available_profiles
from .pages import PdfPages

ZOOMS = [50, 75, 100, 125, 150, 200]


class PreviewDialog(QDialog):
    """Shows *pdf_path*; ``rerender(profile_id)`` is asked for a new PDF when the profile changes."""

    def __init__(
        self,
        pdf_path: Path,
        parent: QWidget | None = None,
        profile_id: str = "party_36HD",
        rerender=None,
        print_handler=None,
        export_pdf=None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Xem trước khi in")
        # A page and a half tall where the screen allows it, never taller than the screen
        # (1366×768 laptops, 150 % scaling).
        screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
        avail = screen.availableGeometry() if screen is not None else None
        width = min(900, int(avail.width() * 0.9)) if avail else 900
        height = min(1000, int(avail.height() * 0.85)) if avail else 1000
        self.resize(width, height)
        self.rerender = rerender
        self.print_handler = print_handler
        self.pdf: PdfPages | None = None
        self.pdf_path = pdf_path
        self.zoom = 100
        self.labels: list[QLabel] = []
        self._pending: list[int] = []
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._render_next)

        bar = QHBoxLayout()
        self.print_button = QPushButton("&In…", self)
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self._print)
        bar.addWidget(self.print_button)
        self.export_pdf = export_pdf
        self.pdf_button = QPushButton("&Xuất PDF…", self)
        self.pdf_button.setObjectName("previewExportPdf")
        self.pdf_button.setToolTip("Lưu đúng bản đang xem thành tệp PDF")
        self.pdf_button.setAutoDefault(False)
        self.pdf_button.setEnabled(export_pdf is not None)
        self.pdf_button.clicked.connect(lambda: self.export_pdf(self) if self.export_pdf else None)
        bar.addWidget(self.pdf_button)
        self.profile = QComboBox(self)
        for prof in available_profiles():
            self.profile.addItem(prof.name, prof.id)
        self.profile.setCurrentIndex(max(0, self.profile.findData(profile_id)))
        self.profile.currentIndexChanged.connect(self._profile_changed)
        self.profile.setEnabled(rerender is not None)
        bar.addWidget(QLabel("Mẫu:", self))
        bar.addWidget(self.profile, 1)
        self.zoom_box = QComboBox(self)
        for z in ZOOMS:
            self.zoom_box.addItem(f"{z} %", z)
        self.zoom_box.setCurrentIndex(ZOOMS.index(100))
        self.zoom_box.currentIndexChanged.connect(lambda i: self.set_zoom(ZOOMS[i]))
        bar.addWidget(QLabel("Thu phóng:", self))
        bar.addWidget(self.zoom_box)
        self.info = QLabel(self)
        bar.addWidget(self.info)
        close = QPushButton("Đóng", self)
        close.clicked.connect(self.reject)
        bar.addWidget(close)

        self.pages_widget = QWidget(self)
        self.pages_layout = QVBoxLayout(self.pages_widget)
        self.pages_layout.setAlignment(Qt.AlignHCenter)
        self.pages_layout.setSpacing(12)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.pages_widget)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignHCenter)
        self.scroll.setStyleSheet("QScrollArea { background: #808080; }")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)
        QShortcut(QKeySequence.ZoomIn, self, activated=lambda: self._step_zoom(1))
        QShortcut(QKeySequence.ZoomOut, self, activated=lambda: self._step_zoom(-1))
        QShortcut(QKeySequence.Print, self, activated=self._print)
        self.load(pdf_path)

    def current_profile(self) -> str:
        return self.profile.currentData()

    # -- pages ------------------------------------------------------------------------
    def load(self, pdf_path: Path) -> None:
        if self.pdf is not None:
            self.pdf.close()
        self.pdf_path = Path(pdf_path)
        self.pdf = PdfPages(self.pdf_path)
        for label in self.labels:
            label.deleteLater()
        self.labels = []
        for _ in range(len(self.pdf)):
            label = QLabel(self.pages_widget)
            label.setAlignment(Qt.AlignCenter)
            label.setStyleSheet("background: white;")
            self.pages_layout.addWidget(label)
            self.labels.append(label)
        self.info.setText(f"{len(self.pdf)} trang")
        self.set_zoom(self.zoom)

    def set_zoom(self, zoom: int) -> None:
        self.zoom = zoom
        if self.pdf is None:
            return
        dpi = self.logicalDpiX() * zoom / 100.0
        for i, label in enumerate(self.labels):
            w, h = self.pdf.size_points(i)
            label.setFixedSize(int(w * dpi / 72), int(h * dpi / 72))
            label.clear()
        # Render one page per event-loop turn: the window stays responsive on long plans.
        self._pending = list(range(len(self.labels)))
        self._timer.start()

    def _render_next(self) -> None:
        if not self._pending or self.pdf is None:
            self._timer.stop()
            return
        i = self._pending.pop(0)
        dpi = self.logicalDpiX() * self.zoom / 100.0 * self.devicePixelRatioF()
        pixmap = QPixmap.fromImage(self.pdf.image(i, dpi))
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.labels[i].setPixmap(pixmap)

    def render_all(self) -> None:
        """Finish rendering now (tests, printing)."""
        while self._pending:
            self._render_next()
        self._timer.stop()

    def _step_zoom(self, step: int) -> None:
        i = max(0, min(len(ZOOMS) - 1, ZOOMS.index(self.zoom) + step))
        self.zoom_box.setCurrentIndex(i)

    def _profile_changed(self) -> None:
        if self.rerender is not None:
            self.rerender(str(self.profile.currentData()), self)

    def _print(self) -> None:
        if self.print_handler is not None:
            self.print_handler(self.pdf_path, self)

    def done(self, result: int) -> None:
        self._timer.stop()
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None
        super().done(result)
