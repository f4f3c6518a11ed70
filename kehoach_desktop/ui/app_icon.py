"""The application icon (resources/icons, drawn by installer/make_icons.py) for every window.

On Windows the .exe carries the same picture in its resources (PyInstaller ``icon=``);
setting it on the QApplication as well gives the title bar, the taskbar and Alt+Tab
the right icon at every size, on every system.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from ..resources import resource_path

SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    icon = QIcon()
    folder = resource_path("icons")  # once: each lookup resolves the checkout's path again
    for size in SIZES:
        path = folder / f"kehoach-{size}.png"
        if path.exists():
            icon.addFile(str(path), QSize(size, size))
    return icon


def apply(app) -> None:
    icon = app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
