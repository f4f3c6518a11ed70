"""Same computer, same file: a second start offers to bring the running window forward
instead of opening a read-only copy (the one-writer lock still decides who writes).

The writer listens on a local socket named after the database path; a second instance
that finds the lock held by a process on this computer connects and asks it to come
to the front.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

_MESSAGE = b"activate\n"


def server_name(db_path: Path | str) -> str:
    key = os.path.normcase(os.path.realpath(db_path)).encode("utf-8", "surrogatepass")
    return "kehoach-" + hashlib.sha1(key).hexdigest()[:20]


class InstanceServer(QObject):
    """Run by the writer: ``activated`` fires when another start asks for this window."""

    activated = Signal()

    def __init__(self, db_path: Path | str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = server_name(db_path)
        self.server = QLocalServer(self)
        QLocalServer.removeServer(self.name)  # a socket left by a crashed writer
        self.listening = self.server.listen(self.name)
        self.server.newConnection.connect(self._connection)

    def _connection(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(sock.deleteLater)
            if sock.bytesAvailable():
                self._read(sock)

    def _read(self, sock: QLocalSocket) -> None:
        if bytes(sock.readAll().data()).startswith(_MESSAGE.strip()):
            self.activated.emit()

    def close(self) -> None:
        self.server.close()


def ask_running_instance(db_path: Path | str, timeout_ms: int = 800) -> bool:
    """Ask the running writer on this computer to come forward; True when it answered."""
    sock = QLocalSocket()
    sock.connectToServer(server_name(db_path))
    if not sock.waitForConnected(timeout_ms):
        return False
    sock.write(_MESSAGE)
    ok = sock.waitForBytesWritten(timeout_ms)
    sock.disconnectFromServer()
    return ok


def bring_to_front(window) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
