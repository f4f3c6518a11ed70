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

Undo and redo are the plan's one history (the ``QUndoStack`` of commands), also with the
cursor in a text field: Ctrl+Z, Ctrl+Y and Ctrl+Shift+Z (and the platform's own undo/redo
keys) commit what is being typed and step that history, so Ctrl+Y redoes on Linux too (Qt's
Linux field took only Ctrl+Shift+Z, and Ctrl+Y then committed the field's undone text as a new
step, losing the redo). The field keeps no history of its own: a second one under the
plan's gave Unikey's half-letters back one by one and was emptied by every item switch.
When an undo or redo (or the store's NFC cleaning) changes the text shown, only the
changed span is replaced, so the cursor lands at the change instead of the text's start.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit


def _env_ms(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, "")))
    except ValueError:
        return default


STASH_MS = _env_ms("KEHOACH_STASH_MS", 500)  # a crash loses at most this much typing (and the write)
COMMIT_MS = _env_ms("KEHOACH_COMMIT_MS", 2500)  # idle time after which the edit becomes one undoable step


_UNDO_KEYS = (QKeySequence("Ctrl+Z"),)
_REDO_KEYS = (QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z"))
# Every undo/redo key has one of these (Windows' own Alt+Backspace included); typing has none.
_STEP_MODIFIERS = Qt.ControlModifier | Qt.AltModifier | Qt.MetaModifier


def history_key(event: QKeyEvent) -> str | None:
    """«undo» or «redo» for a key that steps the history (ours on every platform, and the
    platform's own), else None."""
    if not event.modifiers() & _STEP_MODIFIERS:  # every letter typed comes here: leave at once
        return None
    pressed = QKeySequence(event.keyCombination())
    if pressed in _REDO_KEYS or event.matches(QKeySequence.Redo):
        return "redo"
    if pressed in _UNDO_KEYS or event.matches(QKeySequence.Undo):
        return "undo"
    return None


def utf16_len(text: str) -> int:
    """A length in QTextCursor positions (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def changed_span(old: str, new: str) -> tuple[int, int, int]:
    """``(start, old_end, new_end)``: *old*[start:old_end] became *new*[start:new_end]."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    return start, len(old) - end, len(new) - end


class History(Protocol):
    """The plan's history as a text field steps it (PlanEditor)."""

    def step_history(self, redo: bool) -> None:
        """Commit what is typed, then undo (or redo) one step."""

    def can_step(self, redo: bool) -> bool:
        """Whether that would change something."""


class TextCommitter(QObject):
    """Watches one QPlainTextEdit. ``target`` is the autosave place ("node:12", "field:basis").
    *history* is what the field's undo keys and its right-click «Hoàn tác»/«Làm lại» step;
    without it they are left to the window's actions."""

    def __init__(
        self,
        editor: QPlainTextEdit,
        stash: Callable[[str, str], None],
        commit: Callable[[str, str], None],
        history: History | None = None,
    ):
        super().__init__(editor)
        self.editor = editor
        self.target: str | None = None
        self.loading = False
        self.dirty = False  # typed since the text was shown or last committed
        self._stash, self._commit, self._history = stash, commit, history
        editor.setUndoRedoEnabled(False)  # one history: the plan's (see the module's text)
        if history is not None:
            editor.setContextMenuPolicy(Qt.CustomContextMenu)
            editor.customContextMenuRequested.connect(self._show_menu)
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

    def set_text(self, target: str | None, text: str, *, in_place: bool = False, to_change: bool = False) -> None:
        """Show *text* for *target* (commits what was typed for the previous target first).

        *in_place* (the same item's text changed: an undo, a redo, the store's cleaning) replaces
        only the changed span and keeps the view where it is; the cursor then goes to the end of
        the change (*to_change*: an undo or redo) or stays by the text it was in. Otherwise the
        text is set anew, the cursor at its start."""
        self.commit_now()
        self.loading = True
        try:
            self.dirty = False
            same = in_place and target is not None and target == self.target
            self.target = target
            old = self.editor.toPlainText()
            if old == text:
                return
            if not same:
                self.editor.setPlainText(text)
                return
            self._replace_span(old, text, to_change)
        finally:
            self.loading = False

    def place_cursor(self, index: int) -> None:
        """The cursor after the first *index* characters of the text shown, kept in sight."""
        cursor = self.editor.textCursor()
        cursor.setPosition(utf16_len(self.editor.toPlainText()[:index]))
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()

    def _replace_span(self, old: str, new: str, to_change: bool) -> None:
        start, old_end, new_end = changed_span(old, new)
        at = self.editor.textCursor().position()
        u_start, u_old_end = utf16_len(old[:start]), utf16_len(old[:old_end])
        u_new_end = u_start + utf16_len(new[start:new_end])
        if to_change or u_start < at < u_old_end:
            at = u_new_end
        elif at >= u_old_end:
            at += u_new_end - u_old_end
        edit = QTextCursor(self.editor.document())
        edit.setPosition(u_start)
        edit.setPosition(u_old_end, QTextCursor.KeepAnchor)
        edit.insertText(new[start:new_end])
        cursor = self.editor.textCursor()
        cursor.setPosition(max(0, min(at, self.editor.document().characterCount() - 1)))
        self.editor.setTextCursor(cursor)
        if to_change:
            self.editor.ensureCursorVisible()

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
        if obj is not self.editor:
            return False
        kind = event.type()
        if kind == QEvent.FocusOut:
            self.commit_now()
        elif self._history is not None and kind in (QEvent.ShortcutOverride, QEvent.KeyPress):
            assert isinstance(event, QKeyEvent)
            step = history_key(event)
            if step is not None:
                # Claimed from the window's shortcuts (so the key reaches this field), then done here.
                event.accept()
                if kind == QEvent.KeyPress:
                    self._history.step_history(step == "redo")
                return True
        return False

    def context_menu(self, pos: QPoint) -> QMenu:
        """The field's right-click menu, its «Hoàn tác»/«Làm lại» stepping the plan's history
        (the field's own were always greyed out: it keeps no history of its own)."""
        menu = self.editor.createStandardContextMenu(pos)
        history = self._history
        for action in menu.actions():
            redo = {"edit-undo": False, "edit-redo": True}.get(action.objectName())
            if redo is None or history is None:
                continue
            action.triggered.disconnect()
            action.triggered.connect(lambda _checked=False, redo=redo: history.step_history(redo))
            action.setText("&Làm lại\tCtrl+Y" if redo else "&Hoàn tác\tCtrl+Z")
            # Typing not yet a step becomes one first: something to undo, and the redo gone.
            action.setEnabled(
                not self.dirty and history.can_step(True) if redo else self.dirty or history.can_step(False)
            )
        return menu

    def _show_menu(self, pos: QPoint) -> None:
        menu = self.context_menu(pos)
        menu.exec(self.editor.viewport().mapToGlobal(pos))
        menu.deleteLater()


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
