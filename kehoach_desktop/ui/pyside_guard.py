"""Guard against a reference-count bug of PySide6 6.12 on Python 3.11.

Seen here with PySide6 6.12.0 / Python 3.11.7: every call of a Qt method that
returns ``void`` (``QLabel.setText``, ``QStandardItem.setData``…) gives back
``None`` without taking a reference, so each call drops one reference to
``None``. Python < 3.12 does not make ``None`` immortal: after some thousands of
such calls in a row (filling a tree of a long plan) the interpreter aborts with
"Fatal Python error: none_dealloc". Python 3.12+ is immune (``None`` is immortal).

:func:`install` detects the leak and, only then, gives ``None`` (and ``True`` and
``False``, which lose references the same way in long sessions) a reference count so
large it can never reach zero, which is what Python 3.12 does by design.
Call it once at start-up, before building widgets.
"""

from __future__ import annotations

import ctypes
import sys

_done = False


def leaks_none() -> bool:
    """True when a void Qt call drops a reference to ``None`` (the bug is present)."""
    if sys.version_info >= (3, 12):
        return False
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(64):
        probe.setObjectName("probe")
    return before - sys.getrefcount(None) >= 48


def install() -> bool:
    """Make ``None`` effectively immortal when the bug is present; returns whether it acted."""
    global _done
    if _done:
        return False
    _done = True
    if not leaks_none():
        return False
    # ob_refcnt is the first field of every CPython object header. True and False get the
    # same treatment: a long GUI session (the GUI test files run in one process) ended in
    # "Fatal Python error: bool_dealloc" at exit, the same lost references to a singleton,
    # from a call not yet pinned down; Python 3.12 makes all three immortal.
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40
    return True
