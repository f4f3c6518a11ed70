"""Every task of the open plan in one list beside the tree (issue 20): item, lead unit,
deadline and status, in the order of the plan. Choosing a row selects its item, whose
task fields are then edited in the task panel (saved as typed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from ...store.db import Database
from ...tracking.periods import containing
from ...tracking.queries import TaskFilter, load_rows
from ...tracking.status import STATUS_COLOURS, STATUS_MARKS, STATUS_NAMES

NODE_ROLE = Qt.UserRole + 1
COLUMNS = ("Nhiệm vụ", "Chủ trì", "Thời hạn", "Tình trạng")
COLUMN_WIDTHS = {1: 150, 2: 120, 3: 130}  # with room to spare; narrower in a narrow pane
ITEM_SHARE = 0.4  # the item's text keeps at least this much of the width


@dataclass(frozen=True)
class TaskLine:
    node_id: int
    task_id: int
    item: str  # the item's number and text, as in the tree
    unit: str
    deadline: str
    status: str  # tracking.status key


def task_lines(db: Database, doc, today: dt.date | None = None) -> list[TaskLine]:
    """The tasks of *doc* (a loaded PlanDocument) in the order of its items, with the status
    the tracking tab shows for the year containing *today*."""
    if doc is None:
        return []
    today = today or dt.date.today()
    rows = {r.task_id: r for r in load_rows(db, containing(today, "year"), TaskFilter(plan_ids=[doc.id]), today)}
    out: list[TaskLine] = []
    for root in doc.sections + doc.appendices:
        for node in root.walk():
            row = rows.get(node.task_id) if node.task_id is not None else None
            if row is None:
                continue
            bullet = not node.label or not any(ch.isalnum() for ch in node.label)  # «-», «+»: no number
            label = node.text if bullet else f"{node.label} {node.text}"
            out.append(TaskLine(node.id, row.task_id, label, row.lead_unit, row.deadline_label, row.status))
    return out


class PlanTaskList(QTableWidget):
    """The plan's tasks; ``node_chosen`` carries the item id of the row the user picks."""

    node_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, len(COLUMNS), parent)
        self.setObjectName("planTaskList")
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.setTextElideMode(Qt.ElideRight)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)  # room for Ữ, Ặ
        header = self.horizontalHeader()
        header.setTextElideMode(Qt.ElideRight)  # «Tình tr…», not «ình trạng» cut at both ends (the walk)
        header.setSectionResizeMode(0, QHeaderView.Stretch)  # the item takes what is left
        header.setMinimumSectionSize(40)
        for col, width in COLUMN_WIDTHS.items():
            header.setSectionResizeMode(col, QHeaderView.Interactive)
            self.setColumnWidth(col, width)
        self._fitted_for = -1  # the viewport width the columns were last fitted to
        self.lines: list[TaskLine] = []
        self._filling = False
        self.currentCellChanged.connect(self._current_changed)
        self.cellClicked.connect(lambda row, _col: self._choose(row))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Share a narrow pane: at 1366×768 the pane is about 430 px and the fixed columns took
        400 of it, leaving the item's text 60 px («Xây d…», the walk). The unit, deadline and
        status columns shrink (their text is elided, the whole text is in the tooltip) so the
        item keeps ``ITEM_SHARE`` of the width; a column the user widened stays until the pane
        is resized again."""
        width = self.viewport().width()
        if width <= 0 or width == self._fitted_for:
            return
        self._fitted_for = width
        room = max(0, int(width * (1 - ITEM_SHARE)))
        wanted = sum(COLUMN_WIDTHS.values())
        scale = min(1.0, room / wanted) if wanted else 1.0
        for col, full in COLUMN_WIDTHS.items():
            self.setColumnWidth(col, max(self.horizontalHeader().minimumSectionSize(), int(full * scale)))

    def show_lines(self, lines: list[TaskLine]) -> None:
        if lines == self.lines:
            return
        current = self.current_node_id()
        self.lines = list(lines)
        self._filling = True
        try:
            self.setRowCount(len(lines))
            for row, line in enumerate(lines):
                mark = STATUS_MARKS.get(line.status, "")
                cells = (
                    line.item,
                    line.unit or "(chưa giao)",
                    line.deadline,
                    f"{mark} {STATUS_NAMES.get(line.status, '')}",
                )
                for col, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(NODE_ROLE, line.node_id)
                    item.setToolTip(text)
                    if col == 3 and line.status in STATUS_COLOURS:
                        item.setBackground(QBrush(QColor(STATUS_COLOURS[line.status])))
                    self.setItem(row, col, item)
            self.select_node(current)
        finally:
            self._filling = False

    def current_node_id(self) -> int | None:
        row = self.currentRow()
        return self.lines[row].node_id if 0 <= row < len(self.lines) else None

    def select_node(self, node_id: int | None) -> None:
        """Follow the tree: highlight the row of *node_id* (none when it is no task)."""
        was = self._filling
        self._filling = True
        try:
            for row, line in enumerate(self.lines):
                if line.node_id == node_id:
                    self.setCurrentCell(row, max(self.currentColumn(), 0))
                    return
            self.clearSelection()
            self.setCurrentCell(-1, -1)
        finally:
            self._filling = was

    def _current_changed(self, row: int, _col: int, _prev_row: int, _prev_col: int) -> None:
        if not self._filling:
            self._choose(row)

    def _choose(self, row: int) -> None:
        if 0 <= row < len(self.lines):
            self.node_chosen.emit(self.lines[row].node_id)
