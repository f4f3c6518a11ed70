"""A combo box whose shown text ends in «…» when it does not fit, instead of being clipped
mid-word (the walk: the Trao đổi tab's plan choosers at 1366×768 showed «Kế hoạch số 15-KH/ĐU —
Thực hiện chuyển đ»). The list that drops down shows every text whole; the tooltip too."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter


class ElidingComboBox(QComboBox):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.currentTextChanged.connect(self.setToolTip)

    def _option(self) -> QStyleOptionComboBox:
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        return opt

    def shown_text(self) -> str:
        """The current text as painted: whole, or cut with «…» to the edit field's width."""
        opt = self._option()
        rect = self.style().subControlRect(QStyle.CC_ComboBox, opt, QStyle.SC_ComboBoxEditField, self)
        return self.fontMetrics().elidedText(self.currentText(), Qt.ElideRight, max(rect.width() - 2, 0))

    def paintEvent(self, _event) -> None:
        painter = QStylePainter(self)
        opt = self._option()
        painter.drawComplexControl(QStyle.CC_ComboBox, opt)
        opt.currentText = self.shown_text()
        painter.drawControl(QStyle.CE_ComboBoxLabel, opt)
