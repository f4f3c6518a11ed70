"""The guard against PySide6 6.12's lost references to None on Python 3.11 (see ui/pyside_guard.py).

Without the guard, filling the tree of a 60-page plan a few times aborts the
interpreter ("Fatal Python error: none_dealloc"); this test would crash the same way.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QStandardItem

from kehoach_desktop.ui import pyside_guard


def test_many_void_qt_calls_do_not_exhaust_none(qtbot):
    pyside_guard.install()
    item = QStandardItem()
    for _i in range(30_000):  # more than None's whole reference count on a fresh 3.11 process
        item.setText("x")
    assert sys.getrefcount(None) > 1000


def test_guard_is_idempotent():
    pyside_guard.install()
    assert pyside_guard.install() is False


def test_true_and_false_are_as_safe_as_none():
    """A long GUI session ended in "bool_dealloc" at exit (the GUI test files in one process):
    where the guard pins None it pins True and False too; Python 3.12+ makes all three immortal."""
    pyside_guard.install()
    if sys.version_info < (3, 12) and not pyside_guard.leaks_none():
        assert sys.getrefcount(True) < 1 << 30  # no bug here: the guard left them alone
        return
    for singleton in (None, True, False):
        assert sys.getrefcount(singleton) > 1 << 30, singleton
