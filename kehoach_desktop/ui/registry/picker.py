"""A small dialog to pick one registered document by searching."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...store import directives, search
from ..context import AppContext
from ..screen import fit_to_screen

ID_ROLE = Qt.UserRole + 1


class DirectivePicker(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None, exclude: int | None = None, multi: bool = False):
        super().__init__(parent)
        self.ctx = ctx
        self.exclude = exclude
        self.setWindowTitle("Chọn văn bản")
        fit_to_screen(self, 560, 420)
        layout = QVBoxLayout(self)
        self.query = QLineEdit(self)
        self.query.setPlaceholderText("Gõ số, trích yếu… (có dấu hoặc không dấu)")
        self.list = QListWidget(self)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        if multi:
            self.list.setSelectionMode(QListWidget.ExtendedSelection)
            self.hint.setText("Giữ Ctrl và bấm để chọn nhiều văn bản (Shift để chọn liền một dãy).")
        else:
            self.hint.hide()
        # ↑/↓ while typing move in the list; Enter then picks that line.
        self.query.installEventFilter(self)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.button(QDialogButtonBox.Ok).setText("Chọn")
        buttons.button(QDialogButtonBox.Cancel).setText("Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.query)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.timer = QTimer(self, singleShot=True, interval=120)
        self.timer.timeout.connect(self.refresh)
        self.query.textChanged.connect(lambda _t: self.timer.start())
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())
        self.refresh()

    def refresh(self) -> None:
        text = self.query.text().strip()
        db = self.ctx.db
        if text:
            ids = search.search_directives(db, text, limit=100)
            rows = [directives.get_row(db, i) for i in ids]
        else:
            rows = directives.recent_rows(db, 100)
        self.list.clear()
        for row in rows:
            if row is None or row["id"] == self.exclude:
                continue
            item = QListWidgetItem(f"{row['doc_type']} {row['number']} — {row['summary']}")
            item.setData(ID_ROLE, row["id"])
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def eventFilter(self, watched, event) -> bool:
        if (
            watched is self.query
            and event.type() == QEvent.KeyPress
            and event.key() in (Qt.Key_Down, Qt.Key_Up, Qt.Key_PageDown, Qt.Key_PageUp)
        ):
            if self.list.count():
                step = {Qt.Key_Down: 1, Qt.Key_Up: -1, Qt.Key_PageDown: 10, Qt.Key_PageUp: -10}[event.key()]
                row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
                self.list.setCurrentRow(row)
                self.list.scrollToItem(self.list.item(row))
            return True
        return super().eventFilter(watched, event)

    def selected_ids(self) -> list[int]:
        return [item.data(ID_ROLE) for item in self.list.selectedItems()]


def pick_directive(ctx: AppContext, parent: QWidget | None, exclude: int | None = None) -> int | None:
    dialog = DirectivePicker(ctx, parent, exclude)
    if dialog.exec() == QDialog.Accepted and dialog.selected_ids():
        return dialog.selected_ids()[0]
    return None
