"""Room for Vietnamese stacked marks in list, tree and table rows (issue 20).

Qt sizes an item row to the font's line height (ascent + descent). Vietnamese capitals
carry a second mark above the first ("Ữ", "Ặ", "Ủ"): on Linux fonts (DejaVu Sans, Noto) those
marks rise 1–3 pixels above the ascent, so in a 14-pixel row "ỦY BAN" lost the top of its
hook. This proxy of the platform style adds that overshoot above and below (the text is
centred) to every item-view row; the look is otherwise the platform's.
"""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle

# The tallest Vietnamese letters: a capital with a mark above a mark.
STACKED = "ỮẶỦẪỖẴ"

_overshoot: dict[str, int] = {}


def overshoot(fm: QFontMetrics) -> int:
    """Pixels the stacked marks rise above the font's ascent (0 when the font leaves room)."""
    key = f"{fm.ascent()}:{fm.height()}:{fm.averageCharWidth()}"
    if key not in _overshoot:
        _overshoot[key] = max(0, -fm.tightBoundingRect(STACKED).top() - fm.ascent())
    return _overshoot[key]


_ITEM_VIEW_ITEM = QStyle.ContentsType.CT_ItemViewItem  # read once: asked for every row laid out


class RoomForMarks(QProxyStyle):
    def sizeFromContents(self, kind, option, size, widget=None):
        size = super().sizeFromContents(kind, option, size, widget)
        if kind == _ITEM_VIEW_ITEM and option is not None:
            size.setHeight(size.height() + 2 * overshoot(option.fontMetrics))
        return size


_style: RoomForMarks | None = None


def install(app: QApplication | None = None) -> None:
    """Once per application (the main window calls it too, so tests see the real rows)."""
    global _style
    app = app or QApplication.instance()
    if app is None or isinstance(app.style(), RoomForMarks):
        return
    _style = RoomForMarks(app.style().name())
    app.setStyle(_style)
