"""The task × lower office matrix as a table model (status mark, colour, tooltip)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...core.dates import format_short, from_iso
from ...exchange.consolidate import Matrix
from ...exchange.naming import short_office
from ...exchange.progress_up import NO_TASK
from ...exchange.report import ROLLED_NAMES, STATUS_SHORT
from ...tracking.status import STATUS_COLOURS

MISSING_COLOUR = "#FFFFFF"
NO_TASK_COLOUR = "#F2F2F2"


class MatrixModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.matrix: Matrix | None = None

    def set_matrix(self, matrix: Matrix | None) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if (parent is not None and parent.isValid()) or self.matrix is None else len(self.matrix.tasks)

    def columnCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if (parent is not None and parent.isValid()) or self.matrix is None else len(self.matrix.offices)

    def _cell(self, index: QModelIndex) -> tuple[str, str]:
        assert self.matrix is not None
        key = self.matrix.tasks[index.row()][0]
        office = self.matrix.offices[index.column()].office_id
        return self.matrix.cells.get((key, office), ("", ""))

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid() or self.matrix is None:
            return None
        status, result = self._cell(index)
        if role == Qt.DisplayRole:
            return STATUS_SHORT.get(status, "·")
        if role == Qt.TextAlignmentRole:
            return int(Qt.AlignCenter)
        if role == Qt.BackgroundRole:
            colour = STATUS_COLOURS.get(status) or (NO_TASK_COLOUR if status == NO_TASK else MISSING_COLOUR)
            return QBrush(QColor(colour))
        if role in (Qt.ToolTipRole, Qt.AccessibleTextRole):
            office = self.matrix.offices[index.column()]
            name = ROLLED_NAMES.get(status or "missing", "Chưa báo cáo")
            text = f"{office.name}: {name}"
            return text + (f"\n{result}" if result else "")
        return None

    def headerData(self, section: int, orientation, role: int = Qt.DisplayRole):
        if self.matrix is None:
            return None
        if orientation == Qt.Horizontal:
            office = self.matrix.offices[section]
            if role == Qt.DisplayRole:
                return short_office(office.name)
            if role == Qt.ToolTipRole:
                lines = [office.name]
                lines.append(
                    f"Đã nhận ngày {format_short(from_iso(office.received_at[:10]))}"
                    if office.received_at
                    else "Chưa báo tiếp nhận"
                )
                lines.append(
                    f"Báo cáo ngày {format_short(from_iso(office.reported_at[:10]))}"
                    + (f" — Kế hoạch số {office.lower_plan_number}" if office.lower_plan_number else "")
                    if office.reported_at
                    else "Chưa báo cáo tiến độ"
                )
                return "\n".join(lines)
        else:
            _key, title, lead = self.matrix.tasks[section]
            if role == Qt.DisplayRole:
                return title if len(title) <= 60 else title[:58] + "…"
            if role == Qt.ToolTipRole:
                return title + (f"\nChủ trì: {lead}" if lead else "")
        return None
