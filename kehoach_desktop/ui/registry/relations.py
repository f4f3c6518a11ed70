"""Relations of a registry document in its form: "thay thế", "sửa đổi, bổ sung", "bãi bỏ",
"hết hiệu lực" (issue 17). Each change is an undoable command, applied at once."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from ...core.numbers import NumberError, parse_number
from ...store import directives, relations
from ...store.directive_ops import AddRelation, DeleteRelation
from .picker import pick_directive

REL_ROLE = 0x0100 + 2
CHOICES = [
    ("replaces", "Văn bản này thay thế văn bản…"),
    ("amends", "Văn bản này sửa đổi, bổ sung văn bản…"),
    ("repeals", "Văn bản này bãi bỏ văn bản…"),
    ("expires", "Văn bản này đã hết hiệu lực"),
]


class RelationsEditor:
    def __init__(self, ctx, dialog: QWidget, directive_id: int | None):
        self.ctx, self.dialog, self.directive_id = ctx, dialog, directive_id
        self.list: QListWidget = dialog.findChild(QListWidget, "relationsList")
        self.add_btn: QPushButton = dialog.findChild(QPushButton, "addRelationButton")
        self.remove_btn: QPushButton = dialog.findChild(QPushButton, "removeRelationButton")
        self.add_btn.clicked.connect(self.add)
        self.remove_btn.clicked.connect(self.remove)
        if directive_id is None:
            for w in (self.add_btn, self.remove_btn):
                w.setEnabled(False)
                w.setToolTip("Lưu văn bản trước, rồi mở lại để ghi quan hệ.")
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        if self.directive_id is None:
            return
        for rel in relations.for_directive(self.ctx.db, self.directive_id):
            item = QListWidgetItem(rel["text"] + (" (nhận ra khi nhập tệp)" if rel["origin"] == "import" else ""))
            item.setData(REL_ROLE, rel["id"])
            self.list.addItem(item)

    def add(self) -> None:
        if self.directive_id is None:
            return
        dlg = AddRelationDialog(self.ctx, self.dialog, self.directive_id)
        if dlg.exec() != QDialog.Accepted or dlg.result_args is None:
            return
        kind, number, target_id = dlg.result_args
        source = None if kind == "expires" else self.directive_id
        target = self.directive_id if kind == "expires" else target_id
        self.ctx.push(AddRelation(source, kind, number, target))
        self.refresh()

    def remove(self) -> None:
        for item in self.list.selectedItems():
            self.ctx.push(DeleteRelation(item.data(REL_ROLE)))
        self.refresh()


class AddRelationDialog(QDialog):
    def __init__(self, ctx, parent, directive_id: int):
        super().__init__(parent)
        self.ctx, self.directive_id = ctx, directive_id
        self.result_args: tuple[str, str, int | None] | None = None
        self.target_id: int | None = None
        self.setWindowTitle("Thêm quan hệ văn bản")
        self.kind = QComboBox(self)
        for key, text in CHOICES:
            self.kind.addItem(text, key)
        self.number = QLineEdit(self)
        self.number.setPlaceholderText("số ký hiệu, ví dụ 66-QĐ/TW")
        pick = QPushButton("Chọn trong sổ…", self)
        pick.clicked.connect(self._pick)
        row = QHBoxLayout()
        row.addWidget(self.number, 1)
        row.addWidget(pick)
        self.warning = QLabel("", self)
        self.warning.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("&Quan hệ:", self.kind)
        label = QLabel("&Văn bản:", self)
        label.setBuddy(self.number)  # Alt+V goes to the number (a row of widgets has no buddy of its own)
        form.addRow(label, row)
        form.addRow(self.warning)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.button(QDialogButtonBox.Ok).setText("Thêm")
        buttons.button(QDialogButtonBox.Cancel).setText("Hủy")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._pick_button = pick

    def _kind_changed(self) -> None:
        expires = self.kind.currentData() == "expires"
        self.number.setEnabled(not expires)
        self._pick_button.setEnabled(not expires)

    def _pick(self) -> None:
        pid = pick_directive(self.ctx, self, exclude=self.directive_id)
        if pid is not None:
            row = directives.get_row(self.ctx.db, pid)
            self.target_id = pid
            self.number.setText(row["number"] if row is not None else "")

    def _accept(self) -> None:
        kind = self.kind.currentData()
        if kind == "expires":
            self.result_args = (kind, "", None)
            self.accept()
            return
        text = self.number.text().strip()
        if not text and self.target_id is None:
            self.warning.setText("Hãy nhập số ký hiệu hoặc chọn văn bản trong sổ.")
            return
        try:
            number = parse_number(text).format() if text else ""
        except NumberError as exc:
            self.warning.setText(str(exc))
            return
        self.result_args = (kind, number, self.target_id)
        self.accept()
