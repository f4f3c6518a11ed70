"""The end of a session the user did not choose from the window: Windows logging off or
shutting down, and SIGTERM on Linux (logout, ``kill``, a service manager).

Qt 6 no longer closes the windows when the session ends (its "fallback session management"
is gone): Windows asks through ``commitDataRequest`` and then ends the process, so closeEvent
and its hooks never run. Here the request commits what is being typed (the same hooks as
Ctrl+S), and SIGTERM closes the window as the × does, so the close hooks save, mark the exit
clean and release the lock — next start offers no false «đóng đột ngột» recovery.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtWidgets import QApplication, QWidget


def install(app: QApplication, window_of: Callable[[], QWidget | None]) -> None:
    app.commitDataRequest.connect(lambda _manager: commit_typing(window_of()))
    if sys.platform != "win32":
        _close_on_sigterm(app, window_of)


def commit_typing(window: QWidget | None) -> None:
    """Write what is being typed now (the session may end right after this returns)."""
    for hook in list(getattr(window, "save_hooks", ())):
        try:
            hook()
        except Exception:  # noqa: BLE001 - one failing hook must not stop the others at log-off
            pass


class _SigtermWatch(QObject):
    """SIGTERM wakes the Qt loop through a pipe (Python runs signal handlers only when the
    interpreter gets control, which a waiting Qt loop never gives it). A pipe, not a socket
    pair: POSIX only (Windows has no SIGTERM to watch), and no ``socket`` import on the way
    to the window (issue 19)."""

    def __init__(self, app: QApplication, window_of: Callable[[], QWidget | None]):
        super().__init__(app)
        self.window_of = window_of
        self.reader, self.writer = os.pipe()  # the writer stays open: the C handler writes to it
        os.set_blocking(self.reader, False)
        os.set_blocking(self.writer, False)
        signal.set_wakeup_fd(self.writer, warn_on_full_buffer=False)
        signal.signal(signal.SIGTERM, lambda *_: None)  # the byte on the pipe does the work
        self.notifier = QSocketNotifier(self.reader, QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._woken)

    def _woken(self) -> None:
        try:
            data = os.read(self.reader, 64)
        except BlockingIOError:
            return
        if bytes([signal.SIGTERM]) not in data:
            return
        window = self.window_of()
        if window is not None and window.isVisible():
            window.close()  # the close hooks save and mark a clean exit; the last window quits
        if window is None or window.isVisible():  # no window, or a hook kept it open: end anyway
            commit_typing(window)
            QApplication.quit()


def _close_on_sigterm(app: QApplication, window_of: Callable[[], QWidget | None]) -> None:
    try:
        _SigtermWatch(app, window_of)
    except (OSError, ValueError):  # not the main thread, or no sockets: keep the default
        pass
