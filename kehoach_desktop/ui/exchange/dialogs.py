"""Dialogs of the exchange tab: send a plan down, receive one, preview a consolidation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...exchange import consolidate
from ...exchange.receive import BundlePreview


def start_dir(settings: QSettings | None) -> str:
    """The last folder used for any file of the program, else the user's Documents (never the
    program's) — one memory with every other file dialog (ui/files.py, issue 20)."""
    from ..files import start_folder

    return str(start_folder(settings))


def remember_dir(settings: QSettings | None, path: str | Path) -> None:
    from ..files import remember_folder

    if path:
        remember_folder(path, settings)


def _date_edit(parent: QWidget, value: dt.date | None) -> tuple[QCheckBox, QDateEdit]:
    check = QCheckBox("Có hạn", parent)
    edit = QDateEdit(parent)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    day = value or (dt.date.today() + dt.timedelta(days=30))
    edit.setDate(QDate(day.year, day.month, day.day))
    check.setChecked(value is not None)
    edit.setEnabled(value is not None)
    check.toggled.connect(edit.setEnabled)
    return check, edit


def _date_of(check: QCheckBox, edit: QDateEdit) -> dt.date | None:
    if not check.isChecked():
        return None
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(dialog)
    ok = box.addButton(ok_text, QDialogButtonBox.AcceptRole)
    cancel = box.addButton("Hủy", QDialogButtonBox.RejectRole)
    ok.setDefault(True)
    cancel.setAutoDefault(False)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class SendDialog(QDialog):
    """What goes with the bundle: hạn cụ thể hóa, addressees, a signed scan."""

    def __init__(self, parent: QWidget, plan_label: str, recipients: list[str], due: dt.date | None, secret: str):
        super().__init__(parent)
        self.setWindowTitle("Gửi gói kế hoạch xuống cấp dưới")
        layout = QVBoxLayout(self)
        head = QLabel(f"<b>{plan_label}</b>", self)
        head.setWordWrap(True)
        layout.addWidget(head)
        form = QFormLayout()
        self.due_check, self.due_edit = _date_edit(self, due)
        row = QHBoxLayout()
        row.addWidget(self.due_check)
        row.addWidget(self.due_edit)
        row.addStretch(1)
        form.addRow("Hạn cụ thể hóa cho cấp dưới:", row)
        self.addressees = QPlainTextEdit(self)
        self.addressees.setTabChangesFocus(True)
        self.addressees.setPlaceholderText(
            "Mỗi dòng một cơ quan nhận, ví dụ: Đảng ủy xã Thạch Hà (để trống: gửi chung)"
        )
        self.addressees.setPlainText("\n".join(recipients))
        self.addressees.setFixedHeight(90)
        form.addRow("Gửi cho:", self.addressees)
        pdf_row = QHBoxLayout()
        self.pdf = QLineEdit(self)
        self.pdf.setPlaceholderText("Để trống: bản PDF in từ chương trình")
        pick = QPushButton("&Chọn bản quét…", self)
        pick.clicked.connect(self._pick_pdf)
        pdf_row.addWidget(self.pdf, 1)
        pdf_row.addWidget(pick)
        form.addRow("Bản đã ký (PDF):", pdf_row)
        layout.addLayout(form)
        self.secret_check: QCheckBox | None = None
        if secret:
            note = QLabel(secret, self)
            note.setWordWrap(True)
            note.setStyleSheet("color: #9C0006;")
            layout.addWidget(note)
            self.secret_check = QCheckBox("Tôi xác nhận được phép gửi tài liệu mật này qua đường an toàn", self)
            layout.addWidget(self.secret_check)
        self.buttons = _buttons(self, "&Ghi gói…")
        layout.addWidget(self.buttons)
        self.resize(640, self.sizeHint().height())

    def _pick_pdf(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Chọn bản PDF đã ký", start_dir(None), "PDF (*.pdf)")
        if path:
            self.pdf.setText(path)

    def accept(self) -> None:
        if self.secret_check is not None and not self.secret_check.isChecked():
            from .. import messages

            messages.error(self, "Hãy xác nhận được phép gửi tài liệu mật trước khi ghi gói.")
            self.secret_check.setFocus()
            return
        from ...exchange.plan_bundle import past_due

        late = past_due(self.due)
        if late:
            from .. import messages

            messages.error(self, late)
            self.due_edit.setFocus()
            return
        super().accept()

    @property
    def due(self) -> dt.date | None:
        return _date_of(self.due_check, self.due_edit)

    @property
    def addressee_list(self) -> list[str]:
        return [line.strip() for line in self.addressees.toPlainText().splitlines() if line.strip()]


class ReceiveDialog(QDialog):
    """What the bundle holds, what is odd about it, and the hạn cụ thể hóa to keep."""

    def __init__(self, parent: QWidget, preview: BundlePreview):
        super().__init__(parent)
        self.setWindowTitle("Nhận kế hoạch của cấp dưới" if preview.from_below else "Nhận gói kế hoạch của cấp trên")
        layout = QVBoxLayout(self)
        summary = QLabel("<br>".join(_esc(line) for line in preview.summary_lines()), self)
        summary.setWordWrap(True)
        summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(summary)
        if preview.already_directive is not None and preview.older_than_received is None:
            again = QLabel("Gói này đã được nhận trước đây; nhận lại sẽ cập nhật văn bản đã có, không tạo bản trùng.")
            again.setWordWrap(True)
            layout.addWidget(again)
        for warning in preview.warnings:
            label = QLabel("⚠ " + warning, self)
            label.setWordWrap(True)
            label.setStyleSheet("color: #9C0006;")
            layout.addWidget(label)
        form = QFormLayout()
        self.due_check, self.due_edit = _date_edit(self, preview.implement_due)
        row = QHBoxLayout()
        row.addWidget(self.due_check)
        row.addWidget(self.due_edit)
        row.addStretch(1)
        if preview.from_below:  # a lower office's plan is not ours to cụ thể hóa: no hạn to keep
            self.due_check.hide()
            self.due_edit.hide()
        else:
            form.addRow("Hạn cụ thể hóa:", row)
            layout.addLayout(form)
        self.buttons = _buttons(self, "&Nhận vào sổ văn bản")
        layout.addWidget(self.buttons)
        self.resize(620, self.sizeHint().height())

    @property
    def due(self) -> dt.date | None:
        return _date_of(self.due_check, self.due_edit)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ConsolidatePreviewDialog(QDialog):
    """One row per file: office, plan, what applying does, why a file is refused."""

    HEADERS = ("Tệp", "Cơ quan", "Kế hoạch", "Việc sẽ làm", "Ghi chú")

    def __init__(self, parent: QWidget, pv: consolidate.ConsolidatePreview):
        super().__init__(parent)
        self.setWindowTitle("Tổng hợp tiến độ cấp dưới — xem trước")
        layout = QVBoxLayout(self)
        counts = QLabel(
            f"{len(pv.outcomes)} tệp: {pv.changes} tệp sẽ được ghi, {len(pv.refused)} tệp không nhận, "
            f"{len(pv.outcomes) - pv.changes - len(pv.refused)} tệp không làm thay đổi gì.",
            self,
        )
        counts.setWordWrap(True)
        layout.addWidget(counts)
        if pv.note:
            self.note = QLabel(pv.note, self)
            self.note.setWordWrap(True)
            layout.addWidget(self.note)
        table = QTableWidget(len(pv.outcomes), len(self.HEADERS), self)
        table.setHorizontalHeaderLabels(self.HEADERS)
        table.setEditTriggers(QTableWidget.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        for row, o in enumerate(pv.outcomes):
            values = (o.name, o.office, o.plan_number, consolidate.ACTION_NAMES[o.action], o.message)
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if o.action == consolidate.REFUSED:
                    item.setForeground(Qt.darkRed)
                table.setItem(row, col, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        table.resizeColumnsToContents()
        for col in range(len(self.HEADERS) - 1):
            table.setColumnWidth(col, min(table.columnWidth(col), 260))
        self.table = table
        layout.addWidget(table, 1)
        self.buttons = _buttons(self, f"&Ghi {pv.changes} tệp")
        self.buttons.buttons()[0].setEnabled(pv.changes > 0)
        layout.addWidget(self.buttons)
        self.resize(900, 480)
