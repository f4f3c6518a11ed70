"""A strip above the tabs for what the user must know about the open file: read-only
(who has it open), network share, a previous crash."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolBar, QWidget

_STYLES = {
    "readonly": "background:#FFF4CE; color:#5C3B00; border-bottom:1px solid #E0C060;",
    "warning": "background:#FDE7E9; color:#6B0010; border-bottom:1px solid #E0A0A8;",
    "demo": "background:#E5F1FB; color:#0B3A5E; border-bottom:1px solid #9CC3E6;",
}


class _WrappedLabel(QLabel):
    """A wrapped label as tall as its lines at the width it got: a toolbar sizes a wrapped
    label by its narrow size hint (a 220-pixel column: eight lines, 132 pixels of a 768-pixel
    screen for a two-line notice)."""

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.wordWrap():
            height = self.heightForWidth(self.width())
            if height > 0 and height != self.maximumHeight():
                self.setFixedHeight(height)


class Banner(QToolBar):
    """Not movable, no handle; a label and a close button (read-only stays until reopened)."""

    def __init__(self, text: str, kind: str, parent: QWidget | None = None, closable: bool = True):
        super().__init__(parent)
        self.setObjectName(f"safetyBanner_{kind}")
        self.setMovable(False)
        self.setFloatable(False)
        self.kind = kind
        box = QWidget(self)
        box.setStyleSheet(_STYLES.get(kind, _STYLES["warning"]))
        lay = self.row = QHBoxLayout(box)
        lay.setContentsMargins(10, 6, 6, 6)
        self.label = _WrappedLabel(text, box)
        # Wrapped only when it cannot fit a line: a toolbar gives a wrapped label three lines'
        # height even for a short text (a fifth of a 1366×768 screen at 125 %, issue 20).
        self.label.setWordWrap(self.label.fontMetrics().horizontalAdvance(text) > 800)
        self.label.setProperty("textInteractionFlags", "TextSelectableByMouse")  # by name: ui.qt_values
        self.label.setAccessibleName("Thông báo về tệp dữ liệu")
        lay.addWidget(self.label, 1)
        if closable:
            close = QPushButton("Ẩn", box)
            close.setToolTip("Ẩn thông báo này")
            close.clicked.connect(self.hide)
            lay.addWidget(close)
        self.addWidget(box)

    def text(self) -> str:
        return self.label.text()

    def add_button(self, text: str, slot) -> QPushButton:
        """A button at the end of the strip (e.g. «Về dữ liệu của cơ quan» on the demo's)."""
        button = QPushButton(text, self.label.parentWidget())
        button.clicked.connect(slot)
        self.row.addWidget(button)
        return button


def add_banner(window, text: str, kind: str = "warning", closable: bool = True) -> Banner:
    banner = Banner(text, kind, window, closable)
    window.addToolBarBreak()  # the top area, Qt's default (a demo file shows a banner at start: ui.qt_values)
    window.addToolBar(banner)
    window.safety_banners.append(banner)
    return banner
