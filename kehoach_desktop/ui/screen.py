"""Sizing windows and dialogs so nothing is clipped on small or scaled screens.

A 1366×768 laptop, or a 1920×1080 screen at 150 % (1280×720 logical pixels), is
common in offices: ask for a comfortable size, get at most what the screen has.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Leave room for the window frame and title bar, which the geometry does not include.
FRAME_MARGIN_W = 16
FRAME_MARGIN_H = 48


def available(widget: QWidget | None = None) -> QRect:
    screen = widget.screen() if widget is not None and widget.screen() is not None else QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(widget: QWidget, width: int, height: int, center: bool = True) -> None:
    """Resize *widget* to width×height, shrunk to fit the screen's available area."""
    area = available(widget)
    w = max(200, min(width, area.width() - FRAME_MARGIN_W))
    h = max(150, min(height, area.height() - FRAME_MARGIN_H))
    widget.resize(w, h)
    if center:
        widget.move(area.x() + (area.width() - w) // 2, area.y() + max(0, (area.height() - h - FRAME_MARGIN_H) // 2))


def clamp_to_screen(widget: QWidget) -> None:
    """After restoring a saved geometry: bring a window from a bigger screen back inside."""
    area = available(widget)
    if widget.width() > area.width() - FRAME_MARGIN_W or widget.height() > area.height() - FRAME_MARGIN_H:
        fit_to_screen(widget, widget.width(), widget.height())
