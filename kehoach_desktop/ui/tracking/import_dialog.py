"""The import preview: per file and row what will change, every error with its place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...tracking.excel_import import ImportPreview
from ..screen import fit_to_screen


class ImportPreviewDialog(QDialog):
    def __init__(self, preview: ImportPreview, parent=None, read_only_reason: str = ""):
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle("Xem trước khi nhập bảng tiến độ")
        fit_to_screen(self, 980, 600, center=False)  # 1366×768 at 125 % has 614 pixels
        lay = QVBoxLayout(self)
        n_files = len(preview.files)
        errors, warnings, changes = preview.errors, preview.warnings, preview.changes
        if errors:
            text = (
                f"<b>Có {len(errors)} lỗi</b> trong {n_files} tệp. Chưa ghi gì vào dữ liệu. "
                "Hãy sửa các ô được chỉ ra (tệp, trang, dòng, cột) rồi nhập lại."
            )
        elif changes:
            text = f"{len(changes)} nhiệm vụ sẽ được cập nhật từ {n_files} tệp. Bấm «Ghi vào dữ liệu» để ghi."
        else:
            text = "Không có gì thay đổi: số liệu trong tệp đã có sẵn trong dữ liệu."
        if read_only_reason and changes and not errors:
            text = (
                f"{len(changes)} nhiệm vụ sẽ được cập nhật từ {n_files} tệp, nhưng <b>tệp dữ liệu đang mở chỉ để "
                f"xem nên không ghi được</b>. {read_only_reason}"
            )
        if warnings and not errors:
            # Easy to miss behind the «Thay đổi» tab (the walk: cells converted from TCVN3, rows skipped).
            text += f" <b>Có {len(warnings)} lưu ý</b> — hãy đọc ở thẻ «Lỗi và lưu ý» trước khi ghi."
        self.summary = QLabel(text)
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        tabs = QTabWidget()
        self.errors_view = QTreeWidget()
        self.errors_view.setHeaderLabels(["Mức", "Tệp", "Trang", "Dòng", "Cột", "Giải thích"])
        red, amber = QBrush(QColor("#F8CBAD")), QBrush(QColor("#FFF2CC"))
        for issue in errors + warnings:
            item = QTreeWidgetItem(
                [
                    "⚠ Lỗi" if issue.severity == "error" else "• Lưu ý",
                    issue.file,
                    issue.sheet,
                    "" if issue.row is None else str(issue.row),
                    issue.column or "",
                    issue.message,
                ]
            )
            item.setToolTip(5, issue.message)
            for c in range(6):
                item.setBackground(c, red if issue.severity == "error" else amber)
            self.errors_view.addTopLevelItem(item)
        for col, width in ((0, 70), (1, 150), (2, 110), (3, 50), (4, 40)):
            self.errors_view.setColumnWidth(col, width)
        self.errors_view.setWordWrap(True)
        self.errors_view.setRootIsDecorated(False)
        # The whole explanation of the selected problem, wrapped (the column is often too narrow).
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.errors_view.currentItemChanged.connect(
            lambda item, _old: self.detail.setText(self._detail(item)) if item else None
        )
        errors_page = QWidget()
        page = QVBoxLayout(errors_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.errors_view, 1)
        page.addWidget(self.detail)
        self.changes_view = QTreeWidget()
        self.changes_view.setHeaderLabels(["Tệp / dòng / nhiệm vụ", "Trường", "Hiện có", "Sẽ ghi"])
        self.changes_view.setColumnWidth(0, 380)
        for f in preview.files:
            top = QTreeWidgetItem([f"{f.path.name} — {len(f.changes)} thay đổi, {len(f.errors)} lỗi"])
            self.changes_view.addTopLevelItem(top)
            for ch in f.changes:
                row = QTreeWidgetItem([f"Dòng {ch.row}: {ch.title}"])
                row.setToolTip(0, ch.title)
                top.addChild(row)
                for name, old, new in ch.fields():
                    row.addChild(QTreeWidgetItem(["", name, old, new]))
                row.setExpanded(True)
            top.setExpanded(True)
        # The field names whole («Ngày hoàn thành», «Văn bản triển khai» were cut at 100 px, the walk).
        self.changes_view.resizeColumnToContents(1)
        self.changes_view.setColumnWidth(1, self.changes_view.columnWidth(1) + 12)  # not flush with the next
        tabs.addTab(self.changes_view, f"Thay đổi ({len(changes)})")
        tabs.addTab(errors_page, f"Lỗi và lưu ý ({len(errors)} / {len(warnings)})")
        if errors:
            tabs.setCurrentWidget(errors_page)
        if self.errors_view.topLevelItemCount():
            self.errors_view.setCurrentItem(self.errors_view.topLevelItem(0))
        lay.addWidget(tabs, 1)
        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton("&Ghi vào dữ liệu", QDialogButtonBox.AcceptRole)
        self.apply_button.setEnabled(bool(changes) and not errors and not read_only_reason)
        if read_only_reason:
            self.apply_button.setToolTip("Tệp dữ liệu đang mở chỉ để xem.")
        close = self.buttons.addButton("Đóng", QDialogButtonBox.RejectRole)
        close.setDefault(not self.apply_button.isEnabled())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

    @staticmethod
    def _detail(item: QTreeWidgetItem) -> str:
        where = ", ".join(
            x
            for x in (
                f"tệp «{item.text(1)}»",
                f"trang «{item.text(2)}»" if item.text(2) else "",
                f"dòng {item.text(3)}" if item.text(3) else "",
                f"cột {item.text(4)}" if item.text(4) else "",
            )
            if x
        )
        return f"{item.text(0)} — {where}:\n{item.text(5)}"
