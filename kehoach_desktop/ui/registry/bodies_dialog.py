"""Văn bản → Cơ quan ban hành…: the table of bodies, their validity and successor (issue 17).

Shipped with the known 2025 changes (district level ended 30/6/2025; Ban Tuyên giáo and
Ban Dân vận merged); the office corrects dates and adds its own bodies. Every change is
an undoable command.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...core.dates import DateError, format_short, from_iso, parse_date
from ...store import bodies, directives
from ...store.bodies import BodyError
from ...store.directive_ops import AddBody, DeleteBody, UpdateBody
from ..screen import fit_to_screen

ID_ROLE = Qt.UserRole + 1
KIND_NAMES = {
    "cap_uy": "Cấp ủy",
    "tham_muu": "Ban, văn phòng (tham mưu)",
    "ubkt": "Ủy ban kiểm tra",
    "chi_bo": "Chi bộ",
    "don_vi": "Đơn vị khác",
}
COLUMNS = ["Ký hiệu", "Tên cơ quan", "Cấp", "Hoạt động từ", "Đến hết ngày", "Cơ quan kế tục", "Ghi chú, nguồn"]


class BodiesDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Cơ quan ban hành: thời gian hoạt động và cơ quan kế tục")
        intro = QLabel(
            "Các cơ quan đã kết thúc hoạt động (ví dụ cấp huyện từ 01/7/2025) được kiểm tra trước khi trình ký: "
            "kế hoạch gửi hoặc giao việc cho cơ quan không còn sẽ được báo, kèm cơ quan kế tục. "
            "Ngày hợp nhất ban tuyên giáo và ban dân vận khác nhau giữa các tỉnh: hãy sửa theo quyết định của tỉnh mình.",
            self,
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("bodiesTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.edit_current())
        add = QPushButton("&Thêm…", self)
        edit = QPushButton("&Sửa…", self)
        delete = QPushButton("&Xóa", self)
        close = QPushButton("Đóng", self)
        add.clicked.connect(self.add)
        edit.clicked.connect(self.edit_current)
        delete.clicked.connect(self.delete_current)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        for b in (add, edit, delete):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        fit_to_screen(self, 980, 560)
        self.refresh()

    def refresh(self) -> None:
        rows = bodies.rows(self.ctx.db)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells = [
                r["code"],
                r["name"] + (f" (còn gọi: {'; '.join(r['aliases'])})" if r["aliases"] else ""),
                r["level"] or "",
                format_short(from_iso(r["valid_from"])),
                format_short(from_iso(r["valid_to"])),
                r["successor"] or "",
                " — ".join(x for x in (r["note"], r["source"]) if x),
            ]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, r["id"])
                if r["valid_to"]:
                    item.setForeground(Qt.darkGray)
                self.table.setItem(i, j, item)

    def current_id(self) -> int | None:
        item = self.table.item(self.table.currentRow(), 0)
        return item.data(ID_ROLE) if item is not None else None

    def add(self) -> None:
        form = BodyForm(self.ctx, self, None)
        if form.exec() == QDialog.Accepted and form.values is not None:
            self._push(AddBody(form.values))

    def edit_current(self) -> None:
        body_id = self.current_id()
        if body_id is None:
            return
        form = BodyForm(self.ctx, self, body_id)
        if form.exec() == QDialog.Accepted and form.values is not None:
            self._push(UpdateBody(body_id, form.values))

    def delete_current(self) -> None:
        body_id = self.current_id()
        if body_id is not None:
            self._push(DeleteBody(body_id))

    def _push(self, command) -> None:
        self.ctx.push(command)  # errors are shown by the context (a BodyError's message)
        self.refresh()


class BodyForm(QDialog):
    def __init__(self, ctx, parent, body_id: int | None):
        super().__init__(parent)
        self.ctx, self.body_id = ctx, body_id
        self.values: dict | None = None
        self.setWindowTitle("Sửa cơ quan" if body_id else "Thêm cơ quan")
        row = bodies.get(ctx.db, body_id) if body_id else None
        self.code = QLineEdit(row["code"] if row else "", self)
        self.name = QLineEdit(row["name"] if row else "", self)
        self.aliases = QLineEdit("; ".join(row["aliases"]) if row else "", self)
        self.aliases.setPlaceholderText("cách viết khác, cách nhau bởi dấu ;")
        self.level = QComboBox(self)
        self.level.addItems([""] + [name for _, name in directives.levels(ctx.db)])
        self.level.setCurrentText(row["level"] or "" if row else "")
        self.kind = QComboBox(self)
        self.kind.addItem("", "")
        for key, text in KIND_NAMES.items():
            self.kind.addItem(text, key)
        if row:
            self.kind.setCurrentIndex(max(0, self.kind.findData(row["kind"])))
        self.valid_from = QLineEdit(format_short(from_iso(row["valid_from"])) if row else "", self)
        self.valid_to = QLineEdit(format_short(from_iso(row["valid_to"])) if row else "", self)
        for w in (self.valid_from, self.valid_to):
            w.setPlaceholderText("ngày/tháng/năm (để trống: chưa rõ)")
        self.successor = QComboBox(self)
        self.successor.addItem("(không có)", None)
        for other in bodies.rows(ctx.db):
            if other["id"] != body_id:
                self.successor.addItem(other["name"], other["id"])
        if row and row["successor_id"]:
            self.successor.setCurrentIndex(max(0, self.successor.findData(row["successor_id"])))
        self.note = QLineEdit(row["note"] if row else "", self)
        self.warning = QLabel("", self)
        self.warning.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("&Ký hiệu:", self.code)
        form.addRow("&Tên cơ quan:", self.name)
        form.addRow("Tên khác (&bí danh):", self.aliases)
        form.addRow("&Cấp:", self.level)
        form.addRow("&Loại:", self.kind)
        form.addRow("&Hoạt động từ:", self.valid_from)
        form.addRow("Đến hết &ngày:", self.valid_to)
        form.addRow("Cơ quan kế tục:", self.successor)
        form.addRow("&Ghi chú:", self.note)
        form.addRow(self.warning)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel, self)
        buttons.button(QDialogButtonBox.Save).setText("Lưu")
        buttons.button(QDialogButtonBox.Cancel).setText("Hủy")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _accept(self) -> None:
        try:
            values = {
                "code": self.code.text().strip(),
                "name": self.name.text().strip(),
                "aliases": self.aliases.text(),
                "level": self.level.currentText(),
                "kind": self.kind.currentData() or "",
                "valid_from": parse_date(self.valid_from.text()) if self.valid_from.text().strip() else None,
                "valid_to": parse_date(self.valid_to.text()) if self.valid_to.text().strip() else None,
                "successor_id": self.successor.currentData(),
                "note": self.note.text(),
            }
            bodies._normalise(self.ctx.db, values, self.body_id)  # validate before pushing
        except (DateError, BodyError) as exc:
            self.warning.setText(str(exc))
            return
        self.values = values
        self.accept()
