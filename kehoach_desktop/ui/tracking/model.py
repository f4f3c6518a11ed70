"""The task table: a thin Qt model over :class:`~kehoach_desktop.tracking.queries.TaskRow`."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ...core.dates import format_short
from ...tracking.queries import TaskRow
from ...tracking.status import OVERDUE_BUCKETS, STATUS_COLOURS, STATUS_MARKS, STATUS_NAMES, STATUSES

BUCKET_NAMES = dict(OVERDUE_BUCKETS)
SOON_COLOUR = "#FFE699"

COLUMNS = [
    ("plan", "Kế hoạch"),
    ("title", "Nhiệm vụ"),
    ("lead", "Chủ trì"),
    ("coop", "Phối hợp"),
    ("deadline", "Thời hạn"),
    ("status", "Tình trạng"),
    ("late", "Quá hạn / sắp đến hạn"),
    ("result", "Kết quả"),
    ("percent", "%"),
    ("completed", "Ngày hoàn thành"),
    ("evidence", "Văn bản triển khai"),
]
COL = {key: i for i, (key, _) in enumerate(COLUMNS)}
HEADER_TIPS = {
    "status": "Tính tự động từ thời hạn, ngày hoàn thành và ngày xem (không nhập tay). Nhiệm vụ định kỳ "
    "được đánh giá theo từng kỳ báo cáo: hạn là ngày cuối kỳ.",
    "late": "Quá hạn: số ngày và nhóm (đến 30, 31–90, trên 90 ngày). ◷: đến hạn trong 7 ngày tới.",
    "evidence": "🔗: số văn bản có trong sổ văn bản và đã được liên kết.",
}
SORT_ROLE = Qt.UserRole + 1
ROW_ROLE = Qt.UserRole + 2


def status_text(row: TaskRow) -> str:
    return f"{STATUS_MARKS[row.status]} {STATUS_NAMES[row.status]}"


def late_text(row: TaskRow) -> str:
    if row.overdue_days:
        return f"{row.overdue_days} ngày — {BUCKET_NAMES[row.overdue_bucket]}"
    if row.due_soon:
        return "◷ hôm nay đến hạn" if row.due_in_days == 0 else f"◷ còn {row.due_in_days} ngày"
    return ""


class TaskTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[TaskRow] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._brushes = {s: QBrush(QColor(STATUS_COLOURS[s])) for s in STATUSES}
        self._soon = QBrush(QColor(SOON_COLOUR))

    def set_rows(self, rows: list[TaskRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation != Qt.Horizontal:
            return None
        if role == Qt.DisplayRole:
            return COLUMNS[section][1]
        if role == Qt.ToolTipRole:
            return HEADER_TIPS.get(COLUMNS[section][0])
        return None

    def _display(self, row: TaskRow, key: str) -> str:
        rep = row.report
        return {
            "plan": row.plan_label,
            "title": row.title,
            "lead": row.lead_unit or "(chưa giao)",
            "coop": ", ".join(row.cooperating),
            "deadline": row.deadline_label,
            "status": status_text(row),
            "late": late_text(row),
            "result": rep.result,
            "percent": "" if rep.percent is None else str(rep.percent),
            "completed": format_short(rep.completed_on),
            "evidence": (f"🔗 {rep.evidence}" if row.evidence_directive_id else rep.evidence),
        }[key]

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.DisplayRole:
            return self._display(row, key)
        if role == Qt.ToolTipRole:
            if key == "evidence" and row.evidence_directive_id:
                return f"{row.report.evidence} — có trong sổ văn bản (đã liên kết)"
            text = self._display(row, key)
            return text if len(text) > 40 else None
        if role == Qt.BackgroundRole:
            if key == "late" and row.due_soon:
                return self._soon
            if key in ("status", "late"):
                return self._brushes[row.status]
            return None
        if role == Qt.FontRole and (row.due_soon or row.overdue_days) and key in ("title", "late"):
            return self._bold
        if role == SORT_ROLE:
            if key == "status":
                return STATUSES.index(row.status)
            if key == "late":
                return row.overdue_days * 1000 + (1000 - (row.due_in_days or 999) if row.due_soon else 0)
            if key == "deadline":
                return row.due.isoformat() if row.due else "9999"
            if key == "percent":
                return row.report.percent if row.report.percent is not None else -1
            if key == "completed":
                return row.report.completed_on.isoformat() if row.report.completed_on else ""
            return self._display(row, key)
        if role == ROW_ROLE:
            return row
        return None
