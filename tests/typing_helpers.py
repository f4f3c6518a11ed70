"""Typing Vietnamese into Qt widgets in tests.

``QTest.keyClicks`` asserts on characters outside Latin-1 ("ậ"), so tests send key
events carrying the text, as Windows delivers them for Unikey/EVKey input. With
``unikey=True`` each accented letter is typed the way those input methods do it:
the bare letter first, then a Backspace, then the composed letter (pitfall 5).
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def _send(widget: QWidget, key: int, text: str = "") -> None:
    for kind in (QEvent.KeyPress, QEvent.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.NoModifier, text))


def type_text(widget: QWidget, text: str, unikey: bool = False) -> None:
    for ch in text:
        if unikey and unicodedata.decomposition(ch):
            base = unicodedata.normalize("NFD", ch)[0]
            _send(widget, 0, base)
            _send(widget, Qt.Key_Backspace)
        if ch == "\n":
            _send(widget, Qt.Key_Return, "\r")
        else:
            _send(widget, 0, ch)
