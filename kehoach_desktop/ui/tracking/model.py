"""The task table: a lazy Qt model over task ids (Anki's browser table).

The model holds the ids of the matching tasks in the order shown (sorting and filtering
happen in SQL, :func:`~kehoach_desktop.tracking.queries.task_ids`) and reads the rows of
the ids on screen a page at a time (:func:`~kehoach_desktop.tracking.queries.rows_for`),
keeping a few pages: its cost follows the screen, not the database."""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence

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
ROW_ROLE = Qt.UserRole + 2


def status_text(row: TaskRow) -> str:
    return f"{STATUS_MARKS[row.status]} {STATUS_NAMES[row.status]}"


def late_text(row: TaskRow) -> str:
    if row.overdue_days:
        return f"{row.overdue_days} ngày — {BUCKET_NAMES[row.overdue_bucket]}"
    if row.due_soon:
        return "◷ hôm nay đến hạn" if row.due_in_days == 0 else f"◷ còn {row.due_in_days} ngày"
    return ""


_ROOT = QModelIndex()
PAGE = 100  # rows read at once
PAGES_KEPT = 8  # pages kept in memory (the screen and what was just scrolled past)


class TaskTableModel(QAbstractTableModel):
    """Rows come from *fetch_rows(ids)*; ids (in order) from *fetch_ids(sort key, descending)*."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.ids = array("q")
        self._fetch_ids: Callable[[str | None, bool], Sequence[int]] | None = None
        self._fetch_rows: Callable[[Sequence[int]], list[TaskRow]] | None = None
        self._pages: OrderedDict[int, dict[int, TaskRow]] = OrderedDict()
        self.sort_key: str | None = None
        self.descending = False
        self.fetched_rows = 0  # rows read from the database since the last reset (tests, benchmarks)
        self._bold = QFont()
        self._bold.setBold(True)
        self._brushes = {s: QBrush(QColor(STATUS_COLOURS[s])) for s in STATUSES}
        self._soon = QBrush(QColor(SOON_COLOUR))

    # -- filling ----------------------------------------------------------------------
    def set_source(
        self,
        fetch_ids: Callable[[str | None, bool], Sequence[int]],
        fetch_rows: Callable[[Sequence[int]], list[TaskRow]],
    ) -> None:
        """New filters or data: read the ids again in the current order."""
        self._fetch_ids, self._fetch_rows = fetch_ids, fetch_rows
        self.reload()

    def reload(self) -> None:
        ids = array("q", self._fetch_ids(self.sort_key, self.descending)) if self._fetch_ids else array("q")
        self.beginResetModel()
        self.ids = ids
        self._pages.clear()
        self.fetched_rows = 0
        self.endResetModel()

    def clear(self) -> None:
        self._fetch_ids = self._fetch_rows = None
        self.reload()

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        """Sorting is a new ORDER BY in SQL; the view keeps its current task (see the panel)."""
        key = COLUMNS[column][0] if 0 <= column < len(COLUMNS) else None
        descending = order == Qt.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending):
            return
        self.sort_key, self.descending = key, descending
        if self._fetch_ids is None:
            return
        self.layoutAboutToBeChanged.emit()
        old = list(self.persistentIndexList())
        old_ids = [self.ids[i.row()] if 0 <= i.row() < len(self.ids) else None for i in old]
        self.ids = array("q", self._fetch_ids(self.sort_key, self.descending))
        self._pages.clear()
        where = {task_id: r for r, task_id in enumerate(self.ids)} if old else {}
        new = [
            self.index(where[t], i.column()) if t is not None and t in where else QModelIndex()
            for i, t in zip(old, old_ids)
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # -- rows -------------------------------------------------------------------------
    def row_at(self, row: int) -> TaskRow | None:
        if not 0 <= row < len(self.ids):
            return None
        page_no = row // PAGE
        page = self._pages.get(page_no)
        if page is None:
            ids = self.ids[page_no * PAGE : (page_no + 1) * PAGE]
            rows = self._fetch_rows(list(ids)) if self._fetch_rows else []
            self.fetched_rows += len(rows)
            page = {r.task_id: r for r in rows}
            self._pages[page_no] = page
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page.get(self.ids[row])

    def row_of(self, task_id: int) -> int:
        """The row showing *task_id*, or -1."""
        try:
            return self.ids.index(task_id)
        except ValueError:
            return -1

    def forget(self, task_ids: Sequence[int] | None = None) -> None:
        """Drop cached rows (all, or the pages holding *task_ids*) and repaint: their data changed."""
        if task_ids is None:
            self._pages.clear()
        else:
            wanted = set(task_ids)
            for no in [no for no, page in self._pages.items() if wanted & page.keys()]:
                del self._pages[no]
        if self.ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, len(COLUMNS) - 1))

    def cached_rows(self) -> int:
        return sum(len(p) for p in self._pages.values())

    # -- Qt ---------------------------------------------------------------------------
    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent=_ROOT) -> int:
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
        if not index.isValid() or role not in _ROLES:
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
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
        if role == Qt.FontRole:
            return self._bold if (row.due_soon or row.overdue_days) and key in ("title", "late") else None
        if role == ROW_ROLE:
            return row
        return None


_ROLES = {Qt.DisplayRole, Qt.ToolTipRole, Qt.BackgroundRole, Qt.FontRole, ROW_ROLE}
