"""Nơi nhận (with «để báo cáo» marks, the filing line and reusable lists) and the signature block."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.recipients import Recipient, from_lines, to_lines
from ...store import plan_ops, plans
from . import text_commit

# Not CurrentChanged: selecting a row to move or delete it must not open an editor.
EDIT_TRIGGERS = (
    QTableWidget.DoubleClicked | QTableWidget.EditKeyPressed | QTableWidget.AnyKeyPressed | QTableWidget.SelectedClicked
)
AUTHORITIES = ["T/M BAN THƯỜNG VỤ", "T/M ĐẢNG ỦY", "T/M CHI BỘ", "K/T TRƯỞNG BAN", "K/T CHÁNH VĂN PHÒNG", ""]


class RecipientsTab(QWidget):
    def __init__(self, editor):
        super().__init__(editor)
        self.editor = editor
        self._loading = False
        self.plan_id: int | None = None
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("recipientsTable")
        self.table.setHorizontalHeaderLabels(["Nơi nhận", "Để báo cáo"])
        # Nơi nhận takes the width the pane has, «Để báo cáo» its header's: fixed at 320 pixels the
        # lines were cut beside an empty grey band at 1366×768 (the walk).
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.table.itemChanged.connect(self._item_changed)
        self.filing = QLineEdit(self)
        self.filing.setObjectName("filingLine")
        self.filing.setPlaceholderText("Lưu VT  (hoặc: Lưu Văn phòng Đảng ủy)")
        self.filing.editingFinished.connect(self.commit)
        buttons = QHBoxLayout()
        for text, slot in (
            ("Thêm", self.add_row),
            ("Xóa", self.remove_row),
            ("Lên", lambda: self.shift(-1)),
            ("Xuống", lambda: self.shift(1)),
        ):
            b = QPushButton(text, self)
            b.clicked.connect(slot)
            buttons.addWidget(b)
            setattr(self, f"btn_{text}", b)
        buttons.addStretch(1)
        self.lists = QComboBox(self)
        self.btn_use = QPushButton("Dùng danh sách", self)
        self.btn_use.clicked.connect(self.use_list)
        self.btn_save_list = QPushButton("Lưu thành danh sách…", self)
        self.btn_save_list.clicked.connect(self.save_list)
        lists_row = QHBoxLayout()
        lists_row.addWidget(self.lists, 1)
        lists_row.addWidget(self.btn_use)
        lists_row.addWidget(self.btn_save_list)
        box = QGroupBox("Nơi nhận", self)
        bv = QVBoxLayout(box)
        bv.addWidget(self.table, 1)
        bv.addLayout(buttons)
        filing_form = QFormLayout()
        filing_form.addRow("Dòng lưu:", self.filing)
        bv.addLayout(filing_form)
        bv.addLayout(lists_row)

        self.authority = QComboBox(self)
        self.authority.setEditable(True)
        self.authority.addItems(AUTHORITIES)
        self.authority.lineEdit().editingFinished.connect(self.commit_signature)
        self.authority.activated.connect(lambda _i: self.commit_signature())
        self.title = QLineEdit(self)
        self.title.setPlaceholderText("PHÓ BÍ THƯ")
        self.title.editingFinished.connect(self.commit_signature)
        self.name = QLineEdit(self)
        self.name.setObjectName("signerName")
        self.name.setPlaceholderText("Họ và tên người ký")
        self.name.editingFinished.connect(self.commit_signature)
        # A pause in one of these fields commits it too (a crash after the pause loses nothing).
        text_commit.commit_when_idle(self.filing, self.commit)
        for edit in (self.authority.lineEdit(), self.title, self.name):
            text_commit.commit_when_idle(edit, self.commit_signature)
        sig = QGroupBox("Chữ ký", self)
        sf = QFormLayout(sig)
        sf.addRow("Thẩm quyền:", self.authority)
        sf.addRow("Chức vụ:", self.title)
        sf.addRow("Họ tên:", self.name)
        layout = QVBoxLayout(self)
        layout.addWidget(box, 2)
        layout.addWidget(sig)
        # Tab follows the screen: the buttons under the table, then «Dòng lưu» (created before them).
        QWidget.setTabOrder(self.btn_Xuống, self.filing)
        self._signature = ("", "", "")

    # -- loading --------------------------------------------------------------------------------
    def load(self, db, doc, read_only: bool) -> None:
        self.plan_id = doc.id
        items, filing = from_lines(doc.recipients)
        self._loading = True
        try:
            if [self._row(i) for i in range(self.table.rowCount())] != [(r.name, r.report) for r in items]:
                self.table.setRowCount(0)
                for r in items:
                    self._append(r)
            if not self.filing.hasFocus():
                self.filing.setText(filing)
            sig = doc.signature
            self._signature = (sig.authority, sig.title, sig.name)
            if not self.authority.lineEdit().hasFocus():
                self.authority.setEditText(sig.authority)
            if not self.title.hasFocus():
                self.title.setText(sig.title)
            if not self.name.hasFocus():
                self.name.setText(sig.name)
            self.lists.clear()
            for _lid, name, lines in plans.recipient_lists(db):
                self.lists.addItem(name, lines)
        finally:
            self._loading = False
        self.table.setEditTriggers(QTableWidget.NoEditTriggers if read_only else EDIT_TRIGGERS)
        for w in (self.filing, self.title, self.name):
            w.setReadOnly(read_only)
        for w in (self.authority, self.btn_use, self.btn_Thêm, self.btn_Xóa, self.btn_Lên, self.btn_Xuống):
            w.setEnabled(not read_only)

    def _append(self, r: Recipient) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(r.name))
        mark = QTableWidgetItem("")
        mark.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable | Qt.ItemIsSelectable)
        mark.setCheckState(Qt.Checked if r.report else Qt.Unchecked)
        self.table.setItem(row, 1, mark)

    def _row(self, row: int) -> tuple[str, bool]:
        name = self.table.item(row, 0)
        mark = self.table.item(row, 1)
        return ((name.text() if name else "").strip(), bool(mark and mark.checkState() == Qt.Checked))

    def focus_part(self, part: str) -> None:
        (self.filing if part == "recipients" else self.name).setFocus()

    def focus_row(self, index: int) -> None:
        """Select the *index*-th line of Nơi nhận (the filing line is the last one)."""
        if 0 <= index < self.table.rowCount():
            self.table.setCurrentCell(index, 0)
            self.table.setFocus()
        else:
            self.filing.setFocus()

    # -- committing -------------------------------------------------------------------------------
    def lines(self) -> list[str]:
        items = [
            Recipient(name, report) for name, report in (self._row(i) for i in range(self.table.rowCount())) if name
        ]
        return to_lines(items, self.filing.text().strip())

    def commit(self) -> None:
        if self._loading or self.plan_id is None or self.editor.read_only:
            return
        lines = self.lines()
        if lines != self.editor.doc.recipients:
            self.editor.ctx.push(plan_ops.SetRecipients(self.editor.ctx.db, self.plan_id, lines))

    def _item_changed(self, _item) -> None:
        self.commit()

    def add_row(self) -> None:
        self._loading = True
        self._append(Recipient(""))
        self._loading = False
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.commit()

    def shift(self, delta: int) -> None:
        row = self.table.currentRow()
        other = row + delta
        if row < 0 or not 0 <= other < self.table.rowCount():
            return
        a, b = self._row(row), self._row(other)
        self._loading = True
        for r, (name, report) in ((row, b), (other, a)):
            self.table.item(r, 0).setText(name)
            self.table.item(r, 1).setCheckState(Qt.Checked if report else Qt.Unchecked)
        self._loading = False
        self.table.setCurrentCell(other, 0)
        self.commit()

    def use_list(self) -> None:
        lines = self.lists.currentData()
        if lines is not None and self.plan_id is not None:
            self.editor.ctx.push(plan_ops.SetRecipients(self.editor.ctx.db, self.plan_id, list(lines)))

    def save_list(self) -> None:
        name, ok = QInputDialog.getText(self, "Lưu danh sách nơi nhận", "Tên danh sách:", text=self.lists.currentText())
        if ok and name.strip():
            self.editor.ctx.push(plan_ops.SaveRecipientList(self.editor.ctx.db, name, self.lines()))
            self.load(self.editor.ctx.db, self.editor.doc, self.editor.read_only)

    def commit_signature(self) -> None:
        if self._loading or self.plan_id is None or self.editor.read_only:
            return
        value = (self.authority.currentText().strip(), self.title.text().strip(), self.name.text().strip())
        if value != self._signature:
            self._signature = value
            self.editor.ctx.push(plan_ops.SetSignature(self.editor.ctx.db, self.plan_id, *value))
