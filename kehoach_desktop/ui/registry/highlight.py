"""Search matches highlighted in the registry's trees (issue 20).

The search folds diacritics ("ly luan" finds "lý luận"), so the matches are found in the
folded text — one folded character per character (``fold_aligned``) — and painted on the
text as shown.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from ...core.folding import fold_aligned
from ...core.text import fold
from ..text_room import RoomDelegate

HIGHLIGHT = QColor("#FFE066")


def match_ranges(text: str, query: str) -> list[tuple[int, int]]:
    """(start, end) of every word of *query* in *text*, compared without diacritics."""
    words = [w for w in fold(query).split() if len(w) >= 2 or w.isdigit()]
    if not text or not words:
        return []
    folded = fold_aligned(text).lower()
    found: list[tuple[int, int]] = []
    for word in words:
        start = folded.find(word)
        while start >= 0:
            found.append((start, start + len(word)))
            start = folded.find(word, start + len(word))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


class HighlightDelegate(RoomDelegate):
    """Draws the item as usual, then marks the words of :attr:`query` under its text."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.query = ""

    def paint(self, painter, option, index):
        if not self.query:  # nothing searched: the usual drawing, without copying the option
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        ranges = match_ranges(opt.text, self.query)
        if not ranges:
            super().paint(painter, option, index)
            return
        widget = opt.widget
        style = widget.style() if widget is not None else None
        text = opt.text
        opt.text = ""
        style.drawControl(QStyle.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SE_ItemViewItemText, opt, widget)
        margin = style.pixelMetric(QStyle.PM_FocusFrameHMargin, None, widget) + 1
        rect = rect.adjusted(margin, 0, -margin, 0)
        fm = opt.fontMetrics
        shown = fm.elidedText(text, Qt.ElideRight, rect.width())
        painter.save()
        painter.setFont(opt.font)
        marks = []
        for start, end in ranges:
            if start >= len(shown):
                break
            x = rect.x() + fm.horizontalAdvance(shown[:start])
            width = fm.horizontalAdvance(shown[start : min(end, len(shown))])
            marks.append(QRect(x, rect.y() + 1, width, rect.height() - 2))
        for mark in marks:
            painter.fillRect(mark, HIGHLIGHT)
        selected = bool(opt.state & QStyle.State_Selected)
        flags = int(Qt.AlignVCenter | Qt.AlignLeft)
        painter.setPen(opt.palette.color(QPalette.HighlightedText if selected else QPalette.Text))
        painter.drawText(rect, flags, shown)
        if selected:  # the marked words in dark text on the yellow, readable on the selection colour
            painter.setPen(QColor("#000000"))
            for mark in marks:
                painter.setClipRect(mark)
                painter.drawText(rect, flags, shown)
        painter.restore()
