"""The mouse wheel scrolls the form; it never changes a field the user has not clicked.

The walk of issue 20 found it: scrolling down «Phần đầu, căn cứ» with the wheel, the pointer
passed over «Năm kế hoạch» and the plan's year went from 2026 to 2018, unnoticed. A spin
box, date or combo box takes the wheel only once it has the keyboard focus (clicked or
tabbed into); otherwise the wheel goes to the scroll area around it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QWidget


def _scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


# Every event of the program passes this filter: the type by its scoped name, read once (PySide6
# finds an unscoped ``QEvent.Wheel`` through a slow fallback, ~5 µs a lookup).
_WHEEL = QEvent.Type.Wheel


class WheelGuard(QObject):
    def eventFilter(self, watched, event) -> bool:
        if event.type() != _WHEEL or not isinstance(watched, (QAbstractSpinBox, QComboBox)):
            return False
        if watched.hasFocus():
            return False
        if watched.focusPolicy() == Qt.WheelFocus:
            watched.setFocusPolicy(Qt.StrongFocus)  # the wheel no longer gives it the focus either
        area = _scroll_area(watched)
        if area is not None:
            bar = area.verticalScrollBar() if area.verticalScrollBar().isVisible() else area.horizontalScrollBar()
            QCoreApplication.sendEvent(bar, event)
        return True  # the field keeps its value


_guard: WheelGuard | None = None


def install(app: QApplication | None = None) -> None:
    """Once per application (the main window calls it too, so tests see it)."""
    global _guard
    app = app or QApplication.instance()
    if app is None or _guard is not None:
        return
    _guard = WheelGuard(app)
    app.installEventFilter(_guard)
