"""Committing typed text safely: autosave while typing, one undoable command per edit.

Input methods such as Unikey/EVKey type by sending backspaces and re-inserting
text (pitfall 5), so editors here are never subclassed for key handling and the
text is never rewritten while the user types. ``textChanged`` only starts two timers:
a short one that stashes the text on disk (crash safety; at most ``STASH_MS`` after the
first unsaved key, even while typing goes on), and a longer idle one (restarted by each
key) that commits it as a command. Focus leaving the editor commits at once.

Whether there is something to commit is the ``dirty`` flag (set by a keystroke, cleared
by the commit), never a timer's state: a single-shot timer is already inactive inside
its own ``timeout``, so asking it would drop text typed before a long pause (issue 13).

The intervals are read when an editor is built: ``STASH_MS``/``COMMIT_MS`` below, which
the environment variables ``KEHOACH_STASH_MS``/``KEHOACH_COMMIT_MS`` override (tests and
the benchmarks make the pauses real but short).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit


def _env_ms(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, "")))
    except ValueError:
        return default


STASH_MS = _env_ms("KEHOACH_STASH_MS", 500)  # a crash loses at most this much typing (and the write)
COMMIT_MS = _env_ms("KEHOACH_COMMIT_MS", 2500)  # idle time after which the edit becomes one undoable step


class TextCommitter(QObject):
    """Watches one QPlainTextEdit. ``target`` is the autosave place ("node:12", "field:basis")."""

    def __init__(self, editor: QPlainTextEdit, stash: Callable[[str, str], None], commit: Callable[[str, str], None]):
        super().__init__(editor)
        self.editor = editor
        self.target: str | None = None
        self.loading = False
        self.dirty = False  # typed since the text was shown or last committed
        self._stash, self._commit = stash, commit
        self.stash_timer = QTimer(self, singleShot=True, interval=STASH_MS)
        self.commit_timer = QTimer(self, singleShot=True, interval=COMMIT_MS)
        self.stash_timer.timeout.connect(self.stash_now)
        self.commit_timer.timeout.connect(self.commit_now)
        editor.textChanged.connect(self._changed)
        editor.installEventFilter(self)

    @property
    def pending(self) -> bool:
        """Text typed and not committed yet (the editor must not be overwritten)."""
        return self.dirty

    def set_text(self, target: str | None, text: str) -> None:
        """Show *text* for *target* (commits what was typed for the previous target first)."""
        self.commit_now()
        self.loading = True
        try:
            self.dirty = False
            self.target = target
            if self.editor.toPlainText() != text:
                self.editor.setPlainText(text)
        finally:
            self.loading = False

    def _changed(self) -> None:
        if self.loading or self.target is None:
            return
        self.dirty = True
        # The stash is throttled, not restarted by each key: a person who types on without a
        # pause still has what she typed on disk at most STASH_MS later. The commit waits
        # for a pause (restarted by each key): one undoable step per run of typing.
        if not self.stash_timer.isActive():
            self.stash_timer.start()
        self.commit_timer.start()

    def stash_now(self) -> None:
        if self.dirty and self.target is not None:
            self._stash(self.target, self.editor.toPlainText())

    def commit_now(self) -> None:
        """Commit what was typed (idle timer, focus out, Ctrl+S, switching items, closing)."""
        self.stash_timer.stop()
        self.commit_timer.stop()
        if self.dirty and self.target is not None:
            # Cleared first: the commit refreshes the views, which may call back in here.
            self.dirty = False
            self._commit(self.target, self.editor.toPlainText())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.editor and event.type() == QEvent.FocusOut:
            self.commit_now()
        return False


def commit_when_idle(edit: QLineEdit, commit: Callable[[], None]) -> QTimer:
    """A short field (a header line, «Dòng lưu», the signer) typed into and then left alone for
    ``COMMIT_MS`` is committed by *commit*, the cursor staying in it; Enter and focus leaving still
    commit at once. Without it a pause followed by a crash or a power cut lost what was typed
    there (the walk: a signer's name, 12 s of pause, then a kill). The text on screen is never
    touched: the editor's reload leaves a field that has the focus alone. *commit* must do
    nothing when there is nothing new (it also runs after the field was committed otherwise)."""
    timer = QTimer(edit, singleShot=True, interval=COMMIT_MS)
    timer.timeout.connect(commit)
    edit.textEdited.connect(lambda _text: timer.start())
    edit.editingFinished.connect(timer.stop)
    return timer
