"""Message boxes with Vietnamese buttons, used everywhere in the GUI.

QMessageBox is imported when a box is shown: the first touch of the class makes PySide6
build its many enums, which start-up need not pay (issue 19).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget


def _box(parent: QWidget | None, icon, title: str, text: str, detail: str = "") -> QMessageBox:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(icon, title, text, QMessageBox.NoButton, parent)
    if detail:
        box.setInformativeText(detail)
    return box


def error(parent: QWidget | None, text: str, title: str = "Có lỗi") -> None:
    error_box(parent, text, title).exec()


def error_box(parent: QWidget | None, text: str, title: str = "Có lỗi") -> QMessageBox:
    """The error box, not yet shown: ``exec`` waits for «Đóng», ``show`` does not (ui.unexpected)."""
    from PySide6.QtWidgets import QMessageBox

    box = _box(parent, QMessageBox.Warning, title, text)
    box.addButton("Đóng", QMessageBox.AcceptRole)
    return box


def info(parent: QWidget | None, text: str, title: str = "Thông báo") -> None:
    from PySide6.QtWidgets import QMessageBox

    box = _box(parent, QMessageBox.Information, title, text)
    box.addButton("Đóng", QMessageBox.AcceptRole)
    box.exec()


def confirm(
    parent: QWidget | None,
    text: str,
    title: str = "Xác nhận",
    yes: str = "Đồng ý",
    no: str = "Hủy",
    detail: str = "",
    safe_default: bool = False,
) -> bool:
    """*safe_default*: Enter answers *no* (a question whose «yes» makes something hard to undo)."""
    from PySide6.QtWidgets import QMessageBox

    box = _box(parent, QMessageBox.Question, title, text, detail)
    yes_button = box.addButton(yes, QMessageBox.AcceptRole)
    no_button = box.addButton(no, QMessageBox.RejectRole)
    if safe_default:
        box.setDefaultButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def choose(
    parent: QWidget | None, text: str, buttons: tuple[str, ...], title: str = "Xác nhận", detail: str = ""
) -> int | None:
    """A question with several answers: the index of the button clicked (the first is the
    default, Enter), None when the box is closed with Esc or ×."""
    from PySide6.QtWidgets import QMessageBox

    box = _box(parent, QMessageBox.Question, title, text, detail)
    made = [box.addButton(label, QMessageBox.AcceptRole) for label in buttons]
    box.setDefaultButton(made[0])
    box.setEscapeButton(box.addButton("Hủy", QMessageBox.RejectRole))
    box.exec()
    clicked = box.clickedButton()
    return made.index(clicked) if clicked in made else None
