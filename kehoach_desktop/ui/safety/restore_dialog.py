"""Khôi phục…: pick a backup (automatic ones listed, or any file), see what it holds,
and restore it; the current state is backed up first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...safety import backup

COLUMNS = ["Thời điểm", "Lý do", "Dung lượng"]


class RestoreDialog(QDialog):
    def __init__(self, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.chosen: Path | None = None
        self.setWindowTitle("Khôi phục từ bản sao lưu")
        self.resize(720, 460)
        lay = QVBoxLayout(self)
        lay.addWidget(
            QLabel(
                "Chọn bản sao lưu. Dữ liệu hiện tại sẽ được sao lưu trước khi khôi phục, nên bạn luôn quay lại được.",
                self,
            )
        )
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the buttons, not cell to cell
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.itemDoubleClicked.connect(lambda _item: self._accept_if_ok())
        lay.addWidget(self.table, 1)
        self.preview_label = QLabel(self)
        self.preview_label.setWordWrap(True)
        self.preview_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.preview_label.setMinimumHeight(48)
        lay.addWidget(self.preview_label)
        row = QHBoxLayout()
        self.other = QPushButton("Chọn tệp sao lưu khác (USB…)…", self)
        self.other.clicked.connect(self.choose_file)
        row.addWidget(self.other)
        row.addStretch(1)
        lay.addLayout(row)
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton("Khôi phục", QDialogButtonBox.AcceptRole)
        self.buttons.addButton("Hủy", QDialogButtonBox.RejectRole)
        self.buttons.accepted.connect(self._accept_if_ok)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.ok.setEnabled(False)
        self.backups = backup.list_for_restore(backup.backup_dir(self.db_path))
        self.table.setRowCount(len(self.backups))
        for r, info in enumerate(self.backups):
            for c, text in enumerate(
                (info.created.strftime("%d/%m/%Y %H:%M:%S"), info.reason_text, f"{info.size / 1024:.0f} KB")
            ):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        if self.backups:
            self.table.selectRow(0)
        else:
            self.preview_label.setText("Chưa có bản sao lưu tự động nào. Hãy chọn một tệp sao lưu khác.")

    def _selected(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if rows:
            self.show_preview(self.backups[min(rows)].path)

    def show_preview(self, path: Path) -> backup.BackupPreview:
        pv = backup.preview(path)
        self.chosen = path if pv.ok else None
        self.ok.setEnabled(pv.ok)
        self.preview_label.setText(f"«{path.name}»: {pv.summary()}")
        return pv

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Chọn tệp sao lưu",
            str(self.db_path.parent),
            "Dữ liệu KeHoach (*.sqlite3 *.db *.kehoach);;Mọi tệp (*)",
        )
        if path:
            self.table.clearSelection()
            self.show_preview(Path(path))

    def _accept_if_ok(self) -> None:
        if self.chosen is not None:
            self.accept()
