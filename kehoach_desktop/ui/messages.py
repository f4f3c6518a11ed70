"""Message boxes with Vietnamese buttons, used everywhere in the GUI."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def _box(parent: QWidget | None, icon, title: str, text: str, detail: str = "") -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.NoButton, parent)
    if detail:
        box.setInformativeText(detail)
    return box


def error(parent: QWidget | None, text: str, title: str = "Có lỗi") -> None:
    box = _box(parent, QMessageBox.Warning, title, text)
    box.addButton("Đóng", QMessageBox.AcceptRole)
    box.exec()


def info(parent: QWidget | None, text: str, title: str = "Thông báo") -> None:
    box = _box(parent, QMessageBox.Information, title, text)
    box.addButton("Đóng", QMessageBox.AcceptRole)
    box.exec()


def confirm(
    parent: QWidget | None, text: str, title: str = "Xác nhận", yes: str = "Đồng ý", no: str = "Hủy", detail: str = ""
) -> bool:
    box = _box(parent, QMessageBox.Question, title, text, detail)
    yes_button = box.addButton(yes, QMessageBox.AcceptRole)
    box.addButton(no, QMessageBox.RejectRole)
    box.exec()
    return box.clickedButton() is yes_button
