"""Committing typed text safely: autosave while typing, one undoable command per edit.

Input methods such as Unikey/EVKey type by sending backspaces and re-inserting
text (pitfall 5), so editors here are never subclassed for key handling and the
text is never rewritten while the user types. ``textChanged`` only (re)starts two
timers: a short one that stashes the text on disk (crash safety), and a longer idle
one that commits it as a command. Focus leaving the editor commits at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QPlainTextEdit

STASH_MS = 800  # a crash loses at most this much typing
COMMIT_MS = 2500  # idle time after which the edit becomes one undoable step


class TextCommitter(QObject):
    """Watches one QPlainTextEdit. ``target`` is the autosave place ("node:12", "field:basis")."""

    def __init__(self, editor: QPlainTextEdit, stash: Callable[[str, str], None], commit: Callable[[str, str], None]):
        super().__init__(editor)
        self.editor = editor
        self.target: str | None = None
        self.loading = False
        self._stash, self._commit = stash, commit
        self.stash_timer = QTimer(self, singleShot=True, interval=STASH_MS)
        self.commit_timer = QTimer(self, singleShot=True, interval=COMMIT_MS)
        self.stash_timer.timeout.connect(self.stash_now)
        self.commit_timer.timeout.connect(self.commit_now)
        editor.textChanged.connect(self._changed)
        editor.installEventFilter(self)

    @property
    def pending(self) -> bool:
        return self.commit_timer.isActive()

    def set_text(self, target: str | None, text: str) -> None:
        """Show *text* for *target* (commits what was typed for the previous target first)."""
        self.commit_now()
        self.loading = True
        try:
            self.target = target
            if self.editor.toPlainText() != text:
                self.editor.setPlainText(text)
        finally:
            self.loading = False

    def _changed(self) -> None:
        if self.loading or self.target is None:
            return
        self.stash_timer.start()
        self.commit_timer.start()

    def stash_now(self) -> None:
        if self.target is not None:
            self._stash(self.target, self.editor.toPlainText())

    def commit_now(self) -> None:
        active = self.commit_timer.isActive()
        self.stash_timer.stop()
        self.commit_timer.stop()
        if active and self.target is not None:
            self._commit(self.target, self.editor.toPlainText())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.editor and event.type() == QEvent.FocusOut:
            self.commit_now()
        return False
