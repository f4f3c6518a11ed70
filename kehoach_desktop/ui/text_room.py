"""Room for Vietnamese stacked marks in list, tree and table rows (issue 20).

Qt sizes an item row to the font's line height (ascent + descent). Vietnamese capitals
carry a second mark above the first ("Ữ", "Ặ", "Ủ"): on Linux fonts (DejaVu Sans, Noto) those
marks rise 1–3 pixels above the ascent, so in a 14-pixel row "ỦY BAN" lost the top of its
hook. A proxy of the platform style (:mod:`.room_style`) adds that overshoot above and below
(the text is centred) to every item-view row; the look is otherwise the platform's.

The proxy costs the first screen 15-30 ms (QStyle's enums, and every style call of every
widget passing through Python), so it comes once the window is up (``MainWindow.when_up``),
before another tab is built, or before a dialog shown at start-up (:func:`install`). Until
then the one list on screen, the registry's tree, leaves the room itself
(:class:`RoomDelegate`).
"""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QStyledItemDelegate

# The tallest Vietnamese letters: a capital with a mark above a mark.
STACKED = "ỮẶỦẪỖẴ"

_overshoot: dict[str, int] = {}
_installed = False


def overshoot(fm: QFontMetrics) -> int:
    """Pixels the stacked marks rise above the font's ascent (0 when the font leaves room)."""
    key = f"{fm.ascent()}:{fm.height()}:{fm.averageCharWidth()}"
    if key not in _overshoot:
        _overshoot[key] = max(0, -fm.tightBoundingRect(STACKED).top() - fm.ascent())
    return _overshoot[key]


def installed() -> bool:
    """Whether the application's style leaves the room (then a :class:`RoomDelegate` does not)."""
    return _installed


def install(app: QApplication | None = None) -> None:
    """The room-leaving style on the application, once (called again: nothing happens)."""
    global _installed
    app = app or QApplication.instance()
    if app is None or _installed:
        return
    from . import room_style

    _installed = True  # first: setStyle lays the rows out again, and the delegates must stop adding
    room_style.install(app)


class RoomDelegate(QStyledItemDelegate):
    """The usual item drawing; each row leaves room for stacked marks while the style does not
    yet (the first screen's tree, shown before :func:`install`)."""

    def sizeHint(self, option, index):
        size = super().sizeHint(option, index)
        if not _installed:
            size.setHeight(size.height() + 2 * overshoot(option.fontMetrics))
        return size
