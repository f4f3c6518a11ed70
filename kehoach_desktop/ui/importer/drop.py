"""Dropping a .docx/.txt file (or a folder) on the main window imports it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer


def dropped_paths(mime) -> list[Path]:
    """Local .docx/.txt files and folders among dropped URLs (other files are not ours)."""
    if not mime.hasUrls():
        return []
    paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
    return [p for p in paths if p.is_dir() or p.suffix.lower() in (".docx", ".txt")]


# Every event of the window passes this filter: the types by their scoped names, read once —
# when the filter first runs (the window is up then): reading them at import made PySide6 build
# the QEvent class during start-up (issue 19).
_DRAG: tuple = ()
_DROP = None


def _read_event_types() -> None:
    global _DRAG, _DROP
    from PySide6.QtCore import QEvent

    _DRAG = (QEvent.Type.DragEnter, QEvent.Type.DragMove)
    _DROP = QEvent.Type.Drop


class DropFilter(QObject):
    """Event filter on the main window; drops of other files pass through untouched."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def eventFilter(self, obj, event) -> bool:
        if _DROP is None:
            _read_event_types()
        kind = event.type()
        if kind in _DRAG and dropped_paths(event.mimeData()):
            event.acceptProposedAction()
            return True
        if kind == _DROP:
            paths = dropped_paths(event.mimeData())
            if paths:
                from . import import_document, import_folder

                event.acceptProposedAction()
                first = paths[0]
                # Opened after the drop returns, so the source application is not kept waiting.
                if first.is_dir():
                    QTimer.singleShot(0, lambda: import_folder(self.window, str(first)))
                else:
                    QTimer.singleShot(0, lambda: import_document(self.window, path=str(first)))
                return True
        return False
