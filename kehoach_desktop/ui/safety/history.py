"""Lịch sử thay đổi: the audit trail of one item (who, when, what), or the latest changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...store import audit, directives, plans

COLUMNS = ["Thời gian", "Người sửa (tài khoản máy)", "Thay đổi", "Chi tiết"]


class HistoryDialog(QDialog):
    def __init__(self, db, entity: str | None, entity_id: int | None, label: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.entity, self.entity_id = db, entity, entity_id
        self.setWindowTitle("Lịch sử thay đổi")
        self.resize(820, 480)
        lay = QVBoxLayout(self)
        self.scope = QComboBox(self)
        if entity is not None and entity_id is not None:
            name = audit.ENTITY_NAMES.get(entity, entity)
            self.scope.addItem(f"{name}: {label or entity_id}", "item")
        self.scope.addItem("Mọi thay đổi gần đây (200 dòng)", "recent")
        self.scope.currentIndexChanged.connect(self.fill)
        lay.addWidget(self.scope)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)  # read-only: Tab goes on to «Đóng»
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.Stretch)
        self.table.setWordWrap(True)
        lay.addWidget(self.table, 1)
        self.note = QLabel(self)
        lay.addWidget(self.note)
        buttons = QDialogButtonBox(self)
        buttons.addButton("Đóng", QDialogButtonBox.RejectRole)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.fill()

    def entries(self) -> list[audit.AuditEntry]:
        if self.scope.currentData() == "item":
            return audit.history(self.db, self.entity, self.entity_id)
        return audit.recent(self.db, 200)

    def fill(self) -> None:
        rows = self.entries()
        self.table.setRowCount(len(rows))
        for r, e in enumerate(rows):
            for c, text in enumerate((e.when, e.user, e.what, e.detail_text())):
                item = QTableWidgetItem(text)
                item.setToolTip(e.detail_text(2000) if c == 3 else text)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.note.setText(
            "Chưa có thay đổi nào được ghi lại." if not rows else f"{len(rows)} thay đổi, mới nhất trước."
        )


def current_item(window) -> tuple[str | None, int | None, str]:
    """The item selected in the visible tab: (entity, id, label)."""
    current = window.current_tab_key()  # never builds a tab that was not shown (issue 19)
    if current == "registry":
        reg = window.registry_panel
        did = reg.current_id()
        if did is not None:
            row = directives.get_row(window.ctx.db, did)
            return "directive", did, (row["number"] or row["doc_type"]) if row else str(did)
    if current == "tracking":
        row = window.tracking_panel.selected_row()
        if row is not None:
            return "task", row.task_id, row.title[:80]
    if current == "plans":
        pln = window.plans_panel
        pid = pln.current_plan_id()
        if pid is not None:
            row = plans.find_row(window.ctx.db, pid)
            return "plan", pid, (row["number"] or row["title"][:80]) if row else str(pid)
    return None, None, ""


def show_history(window, entity: str | None = None, entity_id: int | None = None, label: str = "") -> HistoryDialog:
    """Open the trail of ``entity``/``entity_id`` (default: what is selected in the visible tab)."""
    if entity is None:
        entity, entity_id, label = current_item(window)
    dialog = HistoryDialog(window.ctx.db, entity, entity_id, label, window)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.show()
    return dialog
