"""Nhắc việc: shown at start-up (non-modal, when there is something to say) and on demand.

Grouped counts first ("412 nhiệm vụ quá hạn trên 90 ngày"); the rows of a group are
read when it is opened, a page at a time (:mod:`~kehoach_desktop.tracking.reminders`)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
)

from ...core.dates import format_short
from ...tracking import reminders as reminders_core
from .groups import Group, GroupTree

OPEN_AT_ONCE = 20  # a group this small is shown open


class RemindersDialog(QDialog):
    task_activated = Signal(int)
    directive_activated = Signal(int)

    def __init__(
        self,
        db,
        days: int,
        remind_on_start: bool,
        parent=None,
        data: reminders_core.ReminderCounts | None = None,
        today: dt.date | None = None,
    ):
        super().__init__(parent)
        self.db = db
        self.today = today
        self.setWindowTitle("Nhắc việc")
        # Wide enough for «trước ngày 12/8/2019» and «quá hạn 2743 ngày» beside the task (at 820 px
        # both were cut, the walk of session 9); shrunk to fit a smaller screen.
        from ..screen import fit_to_screen

        fit_to_screen(self, 1100, 520, center=False)
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
        self.tree = GroupTree(["Việc", "Đơn vị / cơ quan", "Hạn", "Tình hình"])
        self.tree.setColumnWidth(0, 440)
        self.tree.setColumnWidth(1, 200)  # «Đơn vị / cơ quan» was cut at the default 100 pixels
        self.tree.setColumnWidth(2, 170)
        self.tree.activated.connect(self._activated)
        lay.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText("Đóng")
        buttons.rejected.connect(self.close)
        lay.addWidget(buttons)
        self.data: reminders_core.ReminderCounts | None = None
        self.days.blockSignals(True)
        self.days.setValue(data.days if data is not None else days)
        self.days.blockSignals(False)
        self.fill(data) if data is not None else self.refresh()
        # The list first (Enter opens the task), not the day count where an arrow key changes the list.
        self.tree.setFocus()

    def refresh(self) -> None:
        self.fill(reminders_core.counts(self.db, self.days.value(), self.today))

    def _task_rows(self, group: str):
        days = self.days.value()

        def fetch(offset: int, limit: int):
            out = []
            for r in reminders_core.rows(self.db, group, days, self.today, limit, offset):
                if group == "soon":
                    when = "hôm nay" if r.due_in_days == 0 else f"còn {r.due_in_days} ngày"
                    cols = (r.title, r.lead_unit or "(chưa giao)", format_short(r.due), when)
                else:
                    cols = (r.title, r.lead_unit or "(chưa giao)", r.deadline_label, f"quá hạn {r.overdue_days} ngày")
                out.append((cols, ("task", r.task_id)))
            return out

        return fetch

    def fill(self, rem: reminders_core.ReminderCounts) -> None:
        self.data = rem
        groups = [
            Group(
                key, f"⚠ {rem.group_text(key)}", rem.groups[key], self._task_rows(key), rem.groups[key] <= OPEN_AT_ONCE
            )
            for key in ("gt90", "le90", "le30")
        ]
        groups.append(
            Group(
                "soon",
                f"◷ {rem.group_text('soon')}",
                rem.due_soon,
                self._task_rows("soon"),
                rem.due_soon <= OPEN_AT_ONCE,
            )
        )
        docs = [
            (
                (
                    d.label,
                    "",
                    format_short(d.due),
                    f"quá hạn {-d.days_left} ngày" if d.days_left < 0 else f"còn {d.days_left} ngày",
                ),
                ("directive", d.directive_id),
            )
            for d in rem.directives
        ]
        groups.append(
            Group(
                "directives",
                f"✎ {len(docs)} văn bản cần cụ thể hóa, chưa có kế hoạch",
                len(docs),
                lambda offset, limit: docs[offset : offset + limit],
                True,
            )
        )
        self.tree.set_groups(groups)

    def _activated(self, kind: str, ident: int) -> None:
        (self.task_activated if kind == "task" else self.directive_activated).emit(int(ident))
