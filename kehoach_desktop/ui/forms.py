"""Loading Qt Designer forms from ``forms/`` (kept as sources, loaded when first used)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtWidgets import QWidget


def forms_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "forms"
    return Path(__file__).resolve().parents[2] / "forms"


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """Build the widget tree of ``forms/<name>.ui``; children are reachable with findChild."""
    from PySide6.QtUiTools import QUiLoader

    path = forms_dir() / f"{name}.ui"
    file = QFile(str(path))
    if not file.open(QIODevice.ReadOnly):
        raise FileNotFoundError(f"Thiếu tệp giao diện «{path.name}»; hãy cài lại chương trình.")
    try:
        widget = QUiLoader().load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise RuntimeError(f"Không đọc được tệp giao diện «{path.name}».")
    return widget
