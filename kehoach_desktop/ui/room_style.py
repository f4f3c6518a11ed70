"""The proxy of the platform style that gives every item-view row room for stacked marks
(issue 20); :func:`.text_room.install` puts it on the application once the first screen is
up. Apart from text_room because defining it makes PySide6 build QStyle's enums (570
members, 6-8 ms) and every style call then passes through Python: neither on the way to
the first screen (issue 19)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle

from .text_room import overshoot

_ITEM_VIEW_ITEM = QStyle.ContentsType.CT_ItemViewItem  # read once: asked for every row laid out


class RoomForMarks(QProxyStyle):
    def sizeFromContents(self, kind, option, size, widget=None):
        size = super().sizeFromContents(kind, option, size, widget)
        if kind == _ITEM_VIEW_ITEM and option is not None:
            size.setHeight(size.height() + 2 * overshoot(option.fontMetrics))
        return size


def install(app: QApplication) -> RoomForMarks:
    style = app.style()
    if isinstance(style, RoomForMarks):
        return style
    style = RoomForMarks(style.name())
    app.setStyle(style)
    return style
