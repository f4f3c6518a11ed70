"""The Theo dõi tab: filters, the task table, the dashboard.

The table is a lazy model over task ids (sorting and filtering in SQL, rows read for
what is on screen, ui/tracking/model.py); the dashboard's counts are made in SQL on a
worker with its own read-only connection, so showing the tab at 100,000 tasks costs
what the screen shows. The actions (Excel, import, report, reminders) live in
ui/tracking/actions.py.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.text import shorten, sort_key
from ...store import directives as directive_store
from ...store import plans as plan_store
from ...store import units as unit_store
from ...store.commands import Changes
from ...tracking import queries
from ...tracking.periods import Period, containing
from ...tracking.progress_ops import RecordProgress
from ...tracking.queries import Counts, TaskFilter, TaskRow
from ...tracking.status import OVERDUE_BUCKETS, STATUS_MARKS, STATUS_NAMES, STATUSES
from .. import messages
from ..background import read_in_background
from .actions import TrackingActions
from .dashboard import DashboardWidget
from .model import COL, TaskTableModel
from .progress_dialog import ProgressDialog
from .reminders_dialog import RemindersDialog

SOON = "soon"


def period_choices(today: dt.date) -> list[Period]:
    """This year's and last year's periods, the current ones first."""
    out: list[Period] = []
    for year in (today.year, today.year - 1):
        out.append(
            Period("quarter", year, containing(today, "quarter").index) if year == today.year else Period("year", year)
        )
        out += [Period("quarter", year, q) for q in (1, 2, 3, 4)]
        out += [Period("half", year, 1), Period("nine_months", year), Period("half", year, 2), Period("year", year)]
        out += [Period("month", year, m) for m in range(1, 13)]
    return list(dict.fromkeys(out))


class TrackingPanel(QWidget):
    filled = Signal()  # the table and the counts are on screen (``--smoke --tab theo-doi``)

    def __init__(self, ctx, window=None, today: dt.date | None = None):
        super().__init__(window)
        self.ctx, self.window_ = ctx, window
        self.today_override = today
        self._stale = True
        self.last_job = None
        self.last_dialog = None
        self.saved_message = ""  # what the status bar said after the last report recorded
        self._reminders: RemindersDialog | None = None
        self.counts: Counts | None = None
        self.counts_pending = False
        self._generation = 0
        self.last_fill_ms = 0.0
        self.actions = TrackingActions(self)
        lay = QVBoxLayout(self)
        self.period = QComboBox()
        self.period.setAccessibleName("Kỳ báo cáo")
        for p in period_choices(self.today()):
            self.period.addItem(p.label, p)
        self.plan = QComboBox()
        self.plan.setAccessibleName("Kế hoạch")
        self.unit = QComboBox()
        self.unit.setAccessibleName("Đơn vị")
        self.status = QComboBox()
        self.status.setAccessibleName("Tình trạng")
        self.status.addItem("Mọi tình trạng", None)
        for s in STATUSES:
            self.status.addItem(f"{STATUS_MARKS[s]} {STATUS_NAMES[s]}", s)
        for key, label in OVERDUE_BUCKETS:
            self.status.addItem(f"⚠ {label}", key)
        self.status.addItem("◷ Sắp đến hạn (7 ngày)", SOON)
        self.directive = QComboBox()
        self.directive.setAccessibleName("Chuỗi văn bản chỉ đạo")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm nhiệm vụ, đơn vị (có dấu hoặc không)…")
        self.search.setToolTip(
            "Tìm trong tên nhiệm vụ, đơn vị chủ trì và đơn vị phối hợp; gõ có dấu hay không dấu đều được."
        )
        self.search.setClearButtonEnabled(True)
        # Combos shrink with the window (the tab must not force a wide main window).
        for combo, chars in (
            (self.period, 10),
            (self.plan, 16),
            (self.unit, 12),
            (self.status, 12),
            (self.directive, 10),
        ):
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(chars)
        grid = QGridLayout()
        pairs = (
            ("&Kỳ:", self.period),
            ("Kế &hoạch:", self.plan),
            ("Đơn &vị:", self.unit),
            ("Tình &trạng:", self.status),
            ("Văn &bản:", self.directive),
        )
        for i, (label, widget) in enumerate(pairs):
            lab = QLabel(label)
            lab.setBuddy(widget)
            grid.addWidget(lab, i // 3, 2 * (i % 3))
            grid.addWidget(widget, i // 3, 2 * (i % 3) + 1)
        grid.addWidget(self.search, 1, 5)
        for c in (1, 3, 5):
            grid.setColumnStretch(c, 1)
        lay.addLayout(grid)
        actions = QHBoxLayout()
        self.record_button = QPushButton("&Ghi tiến độ…")
        self.record_button.clicked.connect(lambda: self.record_progress())
        self.export_button = QPushButton("Xuất &Excel…")
        self.export_button.setToolTip("Xuất bảng theo dõi tổng hợp của kế hoạch (Ctrl+Alt+E)")
        self.export_button.clicked.connect(lambda: self.export_consolidated())
        self.export_units_button = QPushButton("Xuất từng đơn vị…")
        self.export_units_button.clicked.connect(lambda: self.export_per_unit())
        self.import_button = QPushButton("&Nhập Excel…")
        self.import_button.setToolTip("Nhập các bảng Excel đơn vị gửi lại (Ctrl+Alt+I)")
        self.import_button.clicked.connect(lambda: self.import_files())
        self.report_button = QPushButton("&Lập báo cáo…")
        self.report_button.clicked.connect(lambda: self.make_report())
        self.remind_button = QPushButton("Nhắc việc…")
        self.remind_button.clicked.connect(lambda: self.show_reminders())
        for b in (
            self.record_button,
            self.export_button,
            self.export_units_button,
            self.import_button,
            self.report_button,
            self.remind_button,
        ):
            actions.addWidget(b)
        self.count_label = QLabel()
        self.count_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.count_label.setMinimumWidth(60)
        actions.addWidget(self.count_label, 1)
        lay.addLayout(actions)
        self.tabs = QTabWidget()
        self.model = TaskTableModel(self)
        self.proxy = self.model  # the model sorts and filters in SQL; no proxy in between
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # read-only rows: Tab leaves the table (↑/↓ move, Enter records)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)  # the plans' own order first
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)  # no row measured: 100,000 rows stay cheap
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        for key, width in (
            ("plan", 160),
            ("title", 320),
            ("lead", 150),
            ("coop", 120),
            ("deadline", 120),
            ("status", 190),
            ("late", 170),
            ("result", 220),
        ):
            self.table.setColumnWidth(COL[key], width)
        # The verdict next to the task, before the units: at 1366×768 and 125 % «Tình trạng» was
        # past the right edge, behind the horizontal scroll bar (issue 20).
        header = self.table.horizontalHeader()
        for offset, key in enumerate(("status", "late"), start=1):
            header.moveSection(header.visualIndex(COL[key]), header.visualIndex(COL["title"]) + offset)
        self.table.doubleClicked.connect(lambda _i: self.record_progress())
        # An empty list says why and what to do (the walk's first look at a new file: an empty grid).
        self.empty_hint = QLabel(self.table.viewport())
        self.empty_hint.setObjectName("trackingEmptyHint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: palette(mid); padding: 12px")
        hint_box = QVBoxLayout(self.table.viewport())
        hint_box.addWidget(self.empty_hint)
        hint_box.addStretch(1)
        self.empty_hint.hide()
        self.tabs.addTab(self.table, "Danh sách nhiệm vụ")
        self.dashboard = DashboardWidget()
        self.dashboard.task_activated.connect(self.record_progress)
        self.tabs.addTab(self.dashboard, "Tổng quan")
        lay.addWidget(self.tabs, 1)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        for combo in (self.period, self.plan, self.unit, self.status, self.directive):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        QShortcut(QKeySequence(Qt.Key_F5), self, self.reload, context=Qt.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(Qt.Key_Return), self.table, lambda: self.record_progress(), context=Qt.WidgetShortcut)
        ctx.changed.connect(self._on_changed)
        self.setFocusProxy(self.table)  # showing the tab (Ctrl+3): ↑/↓ choose a task, Enter records
        self.reload()

    def focus_find(self) -> None:
        """Ctrl+F on this tab: the task search field, its text selected to type over."""
        self.search.setFocus(Qt.ShortcutFocusReason)
        self.search.selectAll()

    # -- data ----------------------------------------------------------------------
    def today(self) -> dt.date:
        return self.today_override or dt.date.today()

    def db(self):
        return self.ctx.db

    def reload(self) -> None:
        """Refill the choice lists (plans, units, directives), then the rows."""
        db = self.db()
        combos = (self.plan, self.unit, self.directive)
        keep = [c.currentData() for c in combos]
        for c in combos:
            c.blockSignals(True)
            c.clear()
        self.plan.addItem("Tất cả kế hoạch", None)
        for r in plan_store.with_tasks(db):
            label = f"{r['number'] or '(chưa số)'} — {r['title']}"
            self.plan.addItem(label[:90], r["id"])
            self.plan.setItemData(self.plan.count() - 1, label, Qt.ToolTipRole)
        self.unit.addItem("Tất cả đơn vị", None)
        for r in sorted(unit_store.active_units(db), key=lambda r: sort_key(r["name"])):
            self.unit.addItem(r["name"], r["id"])
        self.directive.addItem("Mọi văn bản chỉ đạo", None)
        # Documents at the head of some plan's implementation chain (cited, or implemented by a cited one).
        for r in directive_store.chain_heads(db):
            self.directive.addItem(f"{r['doc_type']} {r['number']}".strip(), r["id"])
        for c, value in zip(combos, keep):
            i = c.findData(value)
            c.setCurrentIndex(max(i, 0))
            c.blockSignals(False)
        self.refresh()

    def current_period(self) -> Period:
        return self.period.currentData() or containing(self.today(), "quarter")

    def set_period(self, period: Period) -> None:
        """Select *period* in the picker (added when it is not offered)."""
        for i in range(self.period.count()):
            if self.period.itemData(i) == period:
                self.period.setCurrentIndex(i)
                return
        self.period.addItem(period.label, period)
        self.period.setCurrentIndex(self.period.count() - 1)

    def current_filter(self) -> TaskFilter:
        plan = self.plan.currentData()
        status = self.status.currentData()
        return TaskFilter(
            plan_ids=[plan] if plan else None,
            unit_id=self.unit.currentData(),
            statuses={status} if status in STATUSES else None,
            directive_id=self.directive.currentData(),
            text=self.search.text().strip(),
            group=status if status in queries.GROUPS else None,
        )

    def refresh(self) -> None:
        """Read the ids of the matching tasks (the table shows its first rows at once) and
        count the dashboard's figures on a worker."""
        if not self.isVisible():
            self._stale = True  # filled when the tab is shown: start-up stays fast
            return
        start = time.perf_counter()
        self._stale = False
        db, period, flt, today = self.db(), self.current_period(), self.current_filter(), self.today()
        keep = self.selected_task_id()
        self.model.set_source(
            lambda key, descending: queries.task_ids(db, period, flt, today, key, descending),
            lambda ids: queries.rows_for(db, period, ids, today),
        )
        if keep is not None:
            self.select_task(keep)
        self._show_empty_hint(db)
        self.count_label.setText(f"{len(self.model.ids)} nhiệm vụ · đang đếm…")
        self._count(period, flt, today)
        self.last_fill_ms = (time.perf_counter() - start) * 1000

    def _show_empty_hint(self, db) -> None:
        if self.model.ids:
            self.empty_hint.hide()
            return
        if db.one("SELECT 1 FROM tasks LIMIT 1") is None:
            text = (
                "Chưa có nhiệm vụ nào để theo dõi. Nhiệm vụ là các mục của kế hoạch có đơn vị chủ trì "
                "và thời hạn: lập kế hoạch ở thẻ «Kế hoạch» (hoặc «Cụ thể hóa…» một văn bản cấp trên), "
                "chọn từng mục rồi bấm «Đánh dấu là nhiệm vụ»."
            )
        else:
            text = (
                "Không có nhiệm vụ nào khớp kỳ và bộ lọc đang chọn. Hãy chọn kỳ khác, "
                "«Tất cả kế hoạch», «Tất cả đơn vị», «Mọi tình trạng» hoặc xóa ô tìm."
            )
        self.empty_hint.setText(text)
        self.empty_hint.show()

    def _count(self, period: Period, flt: TaskFilter, today: dt.date) -> None:
        self._generation += 1
        generation = self._generation
        self.counts_pending = True
        path = self.db().path
        if path is None:  # in-memory database: nothing to open twice
            self._counted(generation, queries.counts(self.db(), period, flt, today))
            return
        read_in_background(
            self.ctx.pool,
            path,
            lambda db: queries.counts(db, period, flt, today),
            self,
            lambda result: self._counted(generation, result),
        )

    def _counted(self, generation: int, counts: Counts | BaseException | None) -> None:
        if generation != self._generation:
            return  # filters changed meanwhile: a newer count is on its way
        self.counts_pending = False
        if not self.isVisible():  # the tab was left (or the window closed) meanwhile: count again when shown
            self._stale = True
            self.filled.emit()
            return
        if not isinstance(counts, Counts):
            self.count_label.setText(f"{len(self.model.ids)} nhiệm vụ · chưa đếm được (F5 để thử lại)")
            self.filled.emit()
            return
        self.counts = counts
        scope = self.plan.currentText() if self.plan.currentData() else "Tất cả kế hoạch"
        period, flt, today = counts.period, self.current_filter(), self.today()
        db = self.db()
        self.dashboard.set_counts(
            counts,
            scope,
            lambda group, offset, limit: queries.group_rows(db, period, group, flt, today, limit, offset),
        )
        self.count_label.setText(
            f"{len(self.model.ids)} nhiệm vụ · {counts.overdue} quá hạn · {counts.due_soon} sắp đến hạn"
        )
        self.filled.emit()

    def is_stale(self) -> bool:
        """True while the rows wait for the tab to be shown."""
        return self._stale

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _on_changed(self, changes: Changes) -> None:
        if changes.structure or changes.plans:
            self.reload()
        elif changes.tasks or changes.directives:
            self.refresh()

    def selected_task_id(self) -> int | None:
        idx = self.table.currentIndex()
        if not idx.isValid() or not 0 <= idx.row() < len(self.model.ids):
            return None
        return self.model.ids[idx.row()]

    def selected_row(self) -> TaskRow | None:
        idx = self.table.currentIndex()
        if not idx.isValid():
            return None
        return self.model.row_at(idx.row())

    def select_task(self, task_id: int) -> bool:
        row = self.model.row_of(task_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def shown_rows(self) -> list[TaskRow]:
        """Every row the table holds, read now (tests and small lists; the table itself reads pages)."""
        return queries.rows_for(self.db(), self.current_period(), list(self.model.ids), self.today())

    # -- actions --------------------------------------------------------------------
    def record_progress(self, task_id: int | None = None) -> ProgressDialog | None:
        """Open the progress dialog for the selected (or given) task; OK pushes an undoable command."""
        if task_id is not None:
            row = queries.row_of(self.db(), self.current_period(), task_id, self.today())
        else:
            row = self.selected_row()
        if row is None:
            messages.info(self, "Hãy chọn một nhiệm vụ trong bảng trước (bấm vào dòng nhiệm vụ).")
            return None
        if self.ctx.refuse_writing(self, "ghi tiến độ"):  # before the result is typed, not after
            return None
        periods = [self.period.itemData(i) for i in range(min(self.period.count(), 12))]
        dialog = ProgressDialog(self.db(), row, self.current_period(), periods, self)
        self.last_dialog = dialog
        if self._exec(dialog) and dialog.value is not None:
            period = dialog.selected_period()
            if self.ctx.push(RecordProgress(row.task_id, period, dialog.value, row.title)) is not None:
                # Said where it shows: the Kết quả column is often scrolled out of sight (the walk).
                title = shorten(row.title, 60)
                self.saved_message = f"Đã ghi tiến độ {period.label} của nhiệm vụ «{title}» (hoàn tác: Ctrl+Z)."
                if self.ctx.window is not None:
                    self.ctx.window.statusBar().showMessage(self.saved_message, 10000)
        return dialog

    def _exec(self, dialog) -> bool:
        """Modal run of a dialog (tests replace this to drive the dialog)."""
        return bool(dialog.exec())

    # -- the actions (ui/tracking/actions.py), named here for the menus ----------------------
    def export_consolidated(self, plan_id: int | None = None, path: str | Path | None = None):
        return self.actions.export_consolidated(plan_id, path)

    def export_per_unit(self, plan_id: int | None = None, directory: str | Path | None = None):
        return self.actions.export_per_unit(plan_id, directory)

    def import_files(self, paths: list[str | Path] | None = None):
        return self.actions.import_files(paths)

    def make_report(self, plan_id: int | None = None, path: str | Path | None = None, save_draft: bool | None = None):
        return self.actions.make_report(plan_id, path, save_draft)

    def startup_reminders(self) -> None:
        self.actions.startup_reminders()

    def show_reminders(self, startup: bool = False, days: int | None = None) -> RemindersDialog | None:
        return self.actions.show_reminders(startup, days)
