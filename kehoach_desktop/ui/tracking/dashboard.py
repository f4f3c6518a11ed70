"""Tổng quan: counts by status, a bar per unit, the overdue list by age, due soon."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.dates import format_short
from ...tracking.queries import Summary
from ...tracking.status import OVERDUE_BUCKETS, STATUS_COLOURS, STATUS_MARKS, STATUS_NAMES, STATUSES
from .chart import UnitBarChart


class DashboardWidget(QWidget):
    task_activated = Signal(int)  # task id (double-click in the lists)

    def __init__(self, parent=None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.PlainText)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        outer.addWidget(self.heading)
        cards = QHBoxLayout()
        self.cards: dict[str, QLabel] = {}
        for key in ("total", *STATUSES):
            lab = QLabel()
            lab.setFrameShape(QFrame.StyledPanel)
            lab.setAlignment(Qt.AlignCenter)
            lab.setMinimumWidth(60)
            lab.setWordWrap(True)
            if key != "total":
                lab.setStyleSheet(f"background:{STATUS_COLOURS[key]}; color:black; padding:6px;")
            else:
                lab.setStyleSheet("padding:6px;")
            self.cards[key] = lab
            cards.addWidget(lab)
        outer.addLayout(cards)
        self.chart = UnitBarChart()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        scroll.setFrameShape(QFrame.NoFrame)
        grid = QGridLayout()
        grid.addWidget(QLabel("Số nhiệm vụ theo đơn vị chủ trì:"), 0, 0)
        grid.addWidget(scroll, 1, 0)
        grid.addWidget(QLabel("Quá hạn chưa hoàn thành (theo số ngày quá hạn) và sắp đến hạn:"), 0, 1)
        self.lists = QTreeWidget()
        self.lists.setHeaderLabels(["Nhiệm vụ", "Đơn vị", "Hạn", "Ngày"])
        self.lists.setColumnWidth(0, 320)
        self.lists.itemActivated.connect(self._activated)
        grid.addWidget(self.lists, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        outer.addLayout(grid, 1)

    def set_summary(self, summary: Summary, scope: str) -> None:
        self.heading.setText(
            f"{scope} — {summary.period.label}: {summary.total} nhiệm vụ, "
            f"hoàn thành {summary.done_percent():.1f}%".replace(".", ",", 1)
        )
        self.cards["total"].setText(f"Tổng số\n{summary.total}")
        for s in STATUSES:
            self.cards[s].setText(f"{STATUS_MARKS[s]} {STATUS_NAMES[s]}\n{summary.totals[s]}")
        self.chart.set_data(summary.by_unit)
        self.lists.clear()
        groups = summary.overdue_groups()
        for key, label in OVERDUE_BUCKETS:
            items = groups[key]
            top = QTreeWidgetItem([f"⚠ {label} ({len(items)})"])
            self.lists.addTopLevelItem(top)
            for row in items:
                child = QTreeWidgetItem(
                    [row.title, row.lead_unit or "(chưa giao)", row.deadline_label, str(row.overdue_days)]
                )
                child.setData(0, Qt.UserRole, row.task_id)
                top.addChild(child)
            top.setExpanded(True)
        soon = QTreeWidgetItem([f"◷ Sắp đến hạn trong 7 ngày ({len(summary.due_soon)})"])
        self.lists.addTopLevelItem(soon)
        for row in summary.due_soon:
            child = QTreeWidgetItem(
                [row.title, row.lead_unit or "(chưa giao)", format_short(row.due), f"còn {row.due_in_days}"]
            )
            child.setData(0, Qt.UserRole, row.task_id)
            soon.addChild(child)
        soon.setExpanded(True)

    def _activated(self, item: QTreeWidgetItem, _col: int) -> None:
        task_id = item.data(0, Qt.UserRole)
        if task_id:
            self.task_activated.emit(int(task_id))
