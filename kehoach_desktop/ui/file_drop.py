"""Files dropped on the main window: one event filter per feature that takes files (documents
to import, exchange files to receive); drops of files it does not take pass through untouched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer


def local_paths(mime) -> list[Path]:
    """The local files and folders among dropped URLs."""
    if not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]


# Every event of the window passes these filters: the types by their scoped names, read once —
# when a filter first runs (the window is up then): reading them at import made PySide6 build
# the QEvent class during start-up (issue 19).
_DRAG: tuple = ()
_DROP = None


def _read_event_types() -> None:
    global _DRAG, _DROP
    from PySide6.QtCore import QEvent

    _DRAG = (QEvent.Type.DragEnter, QEvent.Type.DragMove)
    _DROP = QEvent.Type.Drop


class FileDropFilter(QObject):
    """Accepts a drag carrying files ``pick`` takes and, on the drop, calls ``open_files`` with
    them after the drop has returned (the source application is not kept waiting)."""

    def __init__(self, window, pick: Callable[[list[Path]], list[Path]], open_files: Callable[[list[Path]], None]):
        super().__init__(window)
        self.window = window
        self.pick = pick
        self.open_files = open_files

    def eventFilter(self, obj, event) -> bool:
        if _DROP is None:
            _read_event_types()
        kind = event.type()
        if kind not in _DRAG and kind != _DROP:
            return False
        paths = self.pick(local_paths(event.mimeData()))
        if not paths:
            return False
        event.acceptProposedAction()
        if kind == _DROP:
            QTimer.singleShot(0, lambda: self.open_files(paths))
        return True
