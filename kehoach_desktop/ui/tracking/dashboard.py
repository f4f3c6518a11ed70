"""Tổng quan: counts by status, a bar per unit, the overdue groups by age, due soon.

The figures come counted from SQL (:func:`~kehoach_desktop.tracking.queries.counts`);
the rows of a group are read when it is opened."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...core.dates import format_short
from ...tracking.queries import Counts, TaskRow
from ...tracking.status import OVERDUE_BUCKETS, STATUS_COLOURS, STATUS_MARKS, STATUS_NAMES, STATUSES
from .chart import UnitBarChart
from .groups import Group, GroupTree

OPEN_AT_ONCE = 20  # groups this small are shown open


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
        self.lists = GroupTree(["Nhiệm vụ", "Đơn vị", "Hạn", "Ngày"])
        self.lists.setColumnWidth(0, 320)
        self.lists.activated.connect(lambda _kind, ident: self.task_activated.emit(ident))
        grid.addWidget(self.lists, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        outer.addLayout(grid, 1)

    def set_counts(self, counts: Counts, scope: str, fetch: Callable[[str, int, int], list[TaskRow]]) -> None:
        """*fetch(group, offset, limit)* reads a page of a group's rows when it is opened."""
        self.heading.setText(
            f"{scope} — {counts.period.label}: {counts.total} nhiệm vụ, "
            f"hoàn thành {counts.done_percent():.1f}%".replace(".", ",", 1)
        )
        self.cards["total"].setText(f"Tổng số\n{counts.total}")
        for s in STATUSES:
            self.cards[s].setText(f"{STATUS_MARKS[s]} {_unbroken_brackets(STATUS_NAMES[s])}\n{counts.totals[s]}")
            # A status no task is in is not coloured: a salmon «Quá hạn» card at 0 read as an alarm.
            fill = f"background:{STATUS_COLOURS[s]}; color:black; " if counts.totals[s] else ""
            self.cards[s].setStyleSheet(f"{fill}padding:6px;")
        self.chart.set_data(counts.by_unit)

        def overdue_rows(key: str):
            return lambda offset, limit: [
                (
                    (r.title, r.lead_unit or "(chưa giao)", r.deadline_label, str(r.overdue_days)),
                    ("task", r.task_id),
                )
                for r in fetch(key, offset, limit)
            ]

        def soon_rows(offset: int, limit: int):
            return [
                (
                    (r.title, r.lead_unit or "(chưa giao)", format_short(r.due), f"còn {r.due_in_days}"),
                    ("task", r.task_id),
                )
                for r in fetch("soon", offset, limit)
            ]

        groups = [
            Group(
                key,
                f"⚠ {label} ({counts.groups[key]})",
                counts.groups[key],
                overdue_rows(key),
                counts.groups[key] <= OPEN_AT_ONCE,
            )
            for key, label in OVERDUE_BUCKETS
        ]
        groups.append(
            Group(
                "soon",
                f"◷ Sắp đến hạn trong 7 ngày ({counts.groups['soon']})",
                counts.groups["soon"],
                soon_rows,
                counts.groups["soon"] <= OPEN_AT_ONCE,
            )
        )
        self.lists.set_groups(groups)


def _unbroken_brackets(name: str) -> str:
    """«Đang thực hiện (trong hạn)» wraps before its bracket, never inside it («(trong / hạn)» on a
    card 180 px wide at 1366×768, the walk)."""
    return re.sub(r"\(([^)]*)\)", lambda m: "(" + m[1].replace(" ", "\u00a0") + ")", name)
