"""Nhắc việc: shown at start-up (non-modal, when there is something to say) and on demand."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from ...core.dates import format_short
from ...tracking import reminders as reminders_core


class RemindersDialog(QDialog):
    task_activated = Signal(int)
    directive_activated = Signal(int)

    def __init__(self, db, days: int, remind_on_start: bool, parent=None, data: reminders_core.Reminders | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Nhắc việc")
        self.resize(820, 480)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Nhắc các việc đến hạn trong"))
        self.days = QSpinBox()
        self.days.setRange(1, 90)
        self.days.setValue(days)
        self.days.setSuffix(" ngày tới")
        self.days.valueChanged.connect(self.refresh)
        top.addWidget(self.days)
        top.addStretch(1)
        self.on_start = QCheckBox("Hiện khi mở chương trình")
        self.on_start.setChecked(remind_on_start)
        top.addWidget(self.on_start)
        lay.addLayout(top)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Việc", "Đơn vị / cơ quan", "Hạn", "Tình hình"])
        self.tree.setColumnWidth(0, 380)
        self.tree.setColumnWidth(1, 170)  # «Đơn vị / cơ quan» was cut at the default 100 pixels
        self.tree.setColumnWidth(2, 120)
        self.tree.itemActivated.connect(self._activated)
        lay.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText("Đóng")
        buttons.rejected.connect(self.close)
        lay.addWidget(buttons)
        self.data: reminders_core.Reminders | None = None
        self.days.blockSignals(True)
        self.days.setValue(data.days if data is not None else days)
        self.days.blockSignals(False)
        self.fill(data) if data is not None else self.refresh()
        # The list first (Enter opens the task), not the day count where an arrow key changes the list.
        self.tree.setFocus()

    def refresh(self) -> None:
        self.fill(reminders_core.collect(self.db, self.days.value()))

    def fill(self, rem: reminders_core.Reminders) -> None:
        self.data = rem
        self.tree.clear()
        groups = [
            (
                f"⚠ Nhiệm vụ quá hạn ({len(rem.overdue)})",
                [
                    (
                        r.title,
                        r.lead_unit or "(chưa giao)",
                        r.deadline_label,
                        f"quá hạn {r.overdue_days} ngày",
                        "task",
                        r.task_id,
                    )
                    for r in rem.overdue
                ],
            ),
            (
                f"◷ Nhiệm vụ sắp đến hạn ({len(rem.due_soon)})",
                [
                    (
                        r.title,
                        r.lead_unit or "(chưa giao)",
                        format_short(r.due),
                        "hôm nay" if r.due_in_days == 0 else f"còn {r.due_in_days} ngày",
                        "task",
                        r.task_id,
                    )
                    for r in rem.due_soon
                ],
            ),
            (
                f"✎ Văn bản cần cụ thể hóa, chưa có kế hoạch ({len(rem.directives)})",
                [
                    (
                        d.label,
                        "",
                        format_short(d.due),
                        f"quá hạn {-d.days_left} ngày" if d.days_left < 0 else f"còn {d.days_left} ngày",
                        "directive",
                        d.directive_id,
                    )
                    for d in rem.directives
                ],
            ),
        ]
        for title, items in groups:
            top = QTreeWidgetItem([title])
            self.tree.addTopLevelItem(top)
            for text, who, due, note, kind, ident in items:
                child = QTreeWidgetItem([text, who, due, note])
                child.setData(0, Qt.UserRole, (kind, ident))
                child.setToolTip(0, text)
                top.addChild(child)
            top.setExpanded(True)

    def _activated(self, item: QTreeWidgetItem, _col: int) -> None:
        data = item.data(0, Qt.UserRole)
        if not data:
            return
        kind, ident = data
        (self.task_activated if kind == "task" else self.directive_activated).emit(int(ident))
