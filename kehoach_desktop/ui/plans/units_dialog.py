"""Danh sách đơn vị: the office's chi bộ, ban, MTTQ and đoàn thể, edited in place (undoable)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...store import derive as derive_store
from ...store import unit_ops, units
from ..context import AppContext

ID_ROLE = Qt.UserRole + 1
COLUMNS = (("name", "Tên đơn vị"), ("short_name", "Tên viết tắt"), ("kind", "Loại (chi bộ, ban, đoàn thể…)"))
# Issue 15: the names upstream documents use for this unit (cụ thể hóa remembers them), "; " between.
ALIAS_COLUMN = len(COLUMNS)
EDIT_TRIGGERS = (
    QTableWidget.DoubleClicked | QTableWidget.EditKeyPressed | QTableWidget.AnyKeyPressed | QTableWidget.SelectedClicked
)


class UnitsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._loading = False
        self.setWindowTitle("Danh sách đơn vị")
        self.resize(900, 420)
        note = QLabel(
            "Các đơn vị dùng để giao chủ trì, phối hợp nhiệm vụ. Sửa trực tiếp trong bảng; "
            "đơn vị không dùng nữa thì «Ngừng dùng» (vẫn giữ trong kế hoạch cũ).",
            self,
        )
        note.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS) + 1, self)
        self.table.setObjectName("unitsTable")
        self.table.setHorizontalHeaderLabels([title for _, title in COLUMNS] + ["Tên ở văn bản cấp trên"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 260)
        self.table.setEditTriggers(EDIT_TRIGGERS)
        self.table.itemChanged.connect(self._changed)
        self.btn_add = QPushButton("Thêm đơn vị", self)
        self.btn_toggle = QPushButton("Ngừng dùng / Dùng lại", self)
        for button in (self.btn_add, self.btn_toggle):
            button.setAutoDefault(False)  # Enter in the table must not press «Thêm đơn vị» (nor «Đóng», below)
        self.btn_add.clicked.connect(self.add_unit)
        self.btn_toggle.clicked.connect(self.toggle_current)
        row = QHBoxLayout()
        row.addWidget(self.btn_add)
        row.addWidget(self.btn_toggle)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.Close, self)
        close.button(QDialogButtonBox.Close).setText("Đóng")
        close.button(QDialogButtonBox.Close).setAutoDefault(False)  # Esc closes; Enter belongs to the table
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        ctx.changed.connect(lambda _c: self.reload())
        self.reload()

    def reload(self) -> None:
        self._loading = True
        try:
            current = self.table.currentRow()
            self.table.setRowCount(0)
            for r in units.all_units(self.ctx.db):
                row = self.table.rowCount()
                self.table.insertRow(row)
                for col, (key, _title) in enumerate(COLUMNS):
                    item = QTableWidgetItem(r[key] or "")
                    item.setData(ID_ROLE, r["id"])
                    if not r["active"]:
                        item.setForeground(QBrush(QColor("#999")))
                        item.setToolTip("Đã ngừng dùng")
                    self.table.setItem(row, col, item)
                names = "; ".join(a["alias"] for a in derive_store.alias_rows(self.ctx.db, r["id"]))
                item = QTableWidgetItem(names)
                item.setData(ID_ROLE, r["id"])
                item.setToolTip("Tên đơn vị này trong văn bản cấp trên (ghi nhớ khi cụ thể hóa); cách nhau bởi «;»")
                self.table.setItem(row, ALIAS_COLUMN, item)
            if 0 <= current < self.table.rowCount():
                self.table.setCurrentCell(current, 0)
        finally:
            self._loading = False

    def _changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        unit_id = item.data(ID_ROLE)
        if item.column() == ALIAS_COLUMN:
            names = [n.strip() for n in item.text().split(";")]
            if self.ctx.push(derive_store.SetUnitAliases(self.ctx.db, unit_id, names)) is None:
                self.reload()
            return
        key = COLUMNS[item.column()][0]
        if self.ctx.push(unit_ops.UpdateUnit(self.ctx.db, unit_id, {key: item.text()})) is None:
            self.reload()  # refused (empty or duplicate name): show the stored value again

    def add_unit(self, name: str = "") -> int | None:
        from PySide6.QtWidgets import QInputDialog

        if not name:
            name, ok = QInputDialog.getText(self, "Thêm đơn vị", "Tên đơn vị:")
            if not ok or not name.strip():
                return None
        try:
            cmd = unit_ops.AddUnit(name)
        except ValueError as exc:
            from .. import messages

            messages.error(self, str(exc))
            return None
        return cmd.unit_id if self.ctx.push(cmd) is not None else None

    def toggle_current(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is None:
            return
        unit_id = item.data(ID_ROLE)
        active = units.is_active(self.ctx.db, unit_id)
        self.ctx.push(unit_ops.UpdateUnit(self.ctx.db, unit_id, {"active": 0 if active else 1}))
