"""The Theo dõi tab: filters, the task table, the dashboard, and the tracking actions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.text import sort_key
from ...safety import secrecy
from ...store import directives as directive_store
from ...store import plans as plan_store
from ...store import units as unit_store
from ...store.commands import Changes
from ...tracking import excel_import
from ...tracking import report as report_core
from ...tracking.periods import Period, containing
from ...tracking.progress_ops import ApplyImport, RecordProgress
from ...tracking.queries import TaskFilter, TaskRow, load_rows, summarise
from ...tracking.status import OVERDUE, OVERDUE_BUCKETS, STATUS_MARKS, STATUS_NAMES, STATUSES
from .. import files, messages
from .dashboard import DashboardWidget
from .import_dialog import ImportPreviewDialog
from .model import COL, ROW_ROLE, SORT_ROLE, TaskTableModel
from .progress_dialog import ProgressDialog
from .reminders_dialog import RemindersDialog


def _excel_export():
    """Imported on first use: XlsxWriter costs ~45 ms that start-up cannot afford."""
    from ...tracking import excel_export

    return excel_export


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
    def __init__(self, ctx, window=None, today: dt.date | None = None):
        super().__init__(window)
        self.ctx, self.window_ = ctx, window
        self.today_override = today
        self.rows: list[TaskRow] = []
        self._stale = True
        self.last_job = None
        self._reminders: RemindersDialog | None = None
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
        self.search.setPlaceholderText("Tìm nhiệm vụ (có dấu hoặc không)…")
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
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # read-only rows: Tab leaves the table (↑/↓ move, Enter records)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
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
        )

    def refresh(self) -> None:
        if not self.isVisible():
            self._stale = True  # filled when the tab is shown: start-up stays fast
            return
        self._stale = False
        period = self.current_period()
        rows = load_rows(self.db(), period, self.current_filter(), self.today())
        status = self.status.currentData()
        if status in ("le30", "le90", "gt90"):
            rows = [r for r in rows if r.overdue_bucket == status]
        elif status == SOON:
            rows = [r for r in rows if r.due_soon]
        self.rows = rows
        self.model.set_rows(rows)
        summary = summarise(rows, period)
        scope = self.plan.currentText() if self.plan.currentData() else "Tất cả kế hoạch"
        self.dashboard.set_summary(summary, scope)
        over = summary.totals[OVERDUE]
        self.count_label.setText(f"{len(rows)} nhiệm vụ · {over} quá hạn · {len(summary.due_soon)} sắp đến hạn")

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _on_changed(self, changes: Changes) -> None:
        if changes.structure or changes.plans:
            self.reload()
        elif changes.tasks or changes.directives:
            self.refresh()

    def selected_row(self) -> TaskRow | None:
        idx = self.table.currentIndex()
        if not idx.isValid():
            return None
        return self.proxy.data(idx, ROW_ROLE)

    def select_task(self, task_id: int) -> bool:
        for r in range(self.proxy.rowCount()):
            row = self.proxy.data(self.proxy.index(r, 0), ROW_ROLE)
            if row.task_id == task_id:
                self.table.selectRow(r)
                return True
        return False

    # -- actions --------------------------------------------------------------------
    def record_progress(self, task_id: int | None = None) -> ProgressDialog | None:
        """Open the progress dialog for the selected (or given) task; OK pushes an undoable command."""
        row = None
        if task_id is not None:
            row = next((r for r in self.rows if r.task_id == task_id), None)
            if row is None:
                found = [
                    r for r in load_rows(self.db(), self.current_period(), today=self.today()) if r.task_id == task_id
                ]
                row = found[0] if found else None
        else:
            row = self.selected_row()
        if row is None:
            messages.info(self, "Hãy chọn một nhiệm vụ trong bảng trước (bấm vào dòng nhiệm vụ).")
            return None
        periods = [self.period.itemData(i) for i in range(min(self.period.count(), 12))]
        dialog = ProgressDialog(self.db(), row, self.current_period(), periods, self)
        self.last_dialog = dialog
        if self._exec(dialog) and dialog.value is not None:
            self.ctx.push(RecordProgress(row.task_id, dialog.selected_period(), dialog.value, row.title))
        return dialog

    def _exec(self, dialog) -> bool:
        """Modal run of a dialog (tests replace this to drive the dialog)."""
        return bool(dialog.exec())

    def _plan_for_action(self, plan_id: int | None, what: str, writes: bool = True):
        if writes and self.ctx.read_only:
            # Exports are registered in the file (to spot superseded workbooks), so they need to write.
            messages.error(
                self,
                "Tệp dữ liệu đang mở ở chế độ chỉ đọc: "
                + (self.ctx.read_only_reason or "không ghi được.")
                + " Hãy mở tệp ở chế độ bình thường rồi làm lại.",
            )
            return None
        if plan_id is None:
            plan_id = self.plan.currentData()
        if plan_id is None:
            items = [(self.plan.itemText(i), self.plan.itemData(i)) for i in range(1, self.plan.count())]
            if not items:
                messages.info(
                    self, "Chưa có kế hoạch nào có nhiệm vụ để theo dõi. Hãy giao nhiệm vụ trong Kế hoạch trước."
                )
                return None
            text, ok = QInputDialog.getItem(self, what, "Chọn kế hoạch:", [t for t, _ in items], 0, False)
            if not ok:
                return None
            plan_id = dict(items)[text]
        return plan_store.find_row(self.db(), plan_id)

    def _confirm_secret(self, plan, what: str) -> bool | None:
        """None: cancelled; False: ordinary plan; True: secret and confirmed."""
        if not secrecy.needs_confirmation(plan["security"]):
            return False
        ok = messages.confirm(
            self,
            secrecy.confirmation_text(plan["security"], what),
            title=f"Tài liệu {secrecy.mark_text(plan['security'])}",
            yes="Vẫn xuất",
            no="Không xuất",
        )
        return True if ok else None

    def _run(self, title: str, fn, *args, on_done=None):
        # Every tracking job reads or writes the file: on a connection of its own.
        self.last_job = self.ctx.run_job(self, title, fn, *args, on_done=on_done, with_db=True)
        return self.last_job

    def export_consolidated(self, plan_id: int | None = None, path: str | Path | None = None):
        plan = self._plan_for_action(plan_id, "Xuất bảng theo dõi tổng hợp")
        if plan is None:
            return None
        secret = self._confirm_secret(plan, f"bảng theo dõi Kế hoạch số {plan['number'] or plan['id']}")
        if secret is None:
            return None
        period = self.current_period()
        if path is None:
            suggested = files.file_stem("Bảng theo dõi", plan["number"] or str(plan["id"]), period.label) + ".xlsx"
            path = files.save_file(self, "Lưu bảng theo dõi tổng hợp", suggested, "Bảng tính Excel (*.xlsx)")
            if not path:
                return None
        today = self.today()

        def work(progress, cancelled, db, plan_id, period, path):
            return _excel_export().export_consolidated(
                db,
                plan_id,
                period,
                path,
                today=today,
                allow_secret=bool(secret),
                progress=progress,
                abort=cancelled,
            )

        return self._run(
            "Đang xuất bảng theo dõi…", work, plan["id"], period, Path(path), on_done=lambda res: self._exported([res])
        )

    def export_per_unit(self, plan_id: int | None = None, directory: str | Path | None = None):
        plan = self._plan_for_action(plan_id, "Xuất bảng cho từng đơn vị")
        if plan is None:
            return None
        secret = self._confirm_secret(plan, f"các bảng theo dõi Kế hoạch số {plan['number'] or plan['id']}")
        if secret is None:
            return None
        if directory is None:
            directory = files.choose_folder(self, "Chọn thư mục để lưu các tệp của từng đơn vị")
            if not directory:
                return None
        period, today = self.current_period(), self.today()

        def work(progress, cancelled, db, plan_id, period, directory):
            return _excel_export().export_per_unit(
                db,
                plan_id,
                period,
                directory,
                today=today,
                allow_secret=bool(secret),
                progress=progress,
                abort=cancelled,
            )

        return self._run(
            "Đang xuất bảng cho từng đơn vị…", work, plan["id"], period, Path(directory), on_done=self._exported
        )

    def _exported(self, results) -> None:
        self.exported = results
        if not results:
            return
        where = results[0].path.parent
        names = "\n".join(f"• {r.path.name} ({r.task_count} nhiệm vụ)" for r in results[:12])
        more = f"\n… và {len(results) - 12} tệp nữa" if len(results) > 12 else ""
        files.show_exported(self, [r.path for r in results])  # «Mở tệp», «Mở thư mục»
        if not getattr(self, "quiet", False):
            messages.info(self, f"Đã xuất {len(results)} tệp vào thư mục {where}:\n{names}{more}")

    def import_files(self, paths: list[str | Path] | None = None):
        if paths is None:
            chosen = files.open_files(self, "Chọn các bảng đơn vị gửi lại", "Bảng tính Excel (*.xlsx)")
            if not chosen:
                return None
            paths = chosen
        today = self.today()

        def work(progress, cancelled, db, paths):
            return excel_import.preview(db, paths, today=today, progress=progress, abort=cancelled)

        return self._run("Đang đọc các bảng…", work, [Path(p) for p in paths], on_done=self._show_preview)

    def _show_preview(self, preview) -> None:
        dialog = ImportPreviewDialog(preview, self)
        self.last_dialog = dialog
        if self._exec(dialog) and preview.ok and preview.changes:
            self.ctx.push(ApplyImport(preview))

    def make_report(self, plan_id: int | None = None, path: str | Path | None = None, save_draft: bool | None = None):
        plan = self._plan_for_action(plan_id, "Lập báo cáo kết quả thực hiện", writes=False)
        if plan is None:
            return None
        secret = self._confirm_secret(plan, "dự thảo báo cáo")
        if secret is None:
            return None
        period = self.current_period()
        if path is None:
            suggested = files.file_stem("Báo cáo", period.label, "KH", plan["number"] or str(plan["id"])) + ".docx"
            path = files.save_file(self, "Lưu dự thảo báo cáo", suggested, "Văn bản Word (*.docx);;Tệp PDF (*.pdf)")
            if not path:
                return None
        if save_draft is None and not self.ctx.read_only:
            save_draft = messages.confirm(
                self,
                "Lưu thêm dự thảo báo cáo vào danh sách ở thẻ «Kế hoạch» để sửa tiếp và in như một văn bản?",
                yes="Lưu dự thảo",
                no="Không",
            )
        today = self.today()

        def work(progress, cancelled, db, plan_id, period, path):
            progress(0.1, "Đang tổng hợp số liệu…")
            doc = report_core.build_report(db, plan_id, period, today)
            progress(0.4, "Đang trình bày văn bản…")
            result = report_core.render(doc, path, secret_confirmed=bool(secret))
            return doc, result

        def done(value) -> None:
            doc, result = value
            self.report_result = result
            files.show_exported(self, result.path)
            if save_draft:
                draft_id = report_core.save_as_draft(self.db(), doc)
                self.report_draft_id = draft_id
                self.ctx.notify(Changes(plans={draft_id}, structure=True))
            if not getattr(self, "quiet", False):
                where = " Bản để sửa tiếp ở danh sách bên trái thẻ «Kế hoạch»." if save_draft else ""
                messages.info(self, f"Đã lập dự thảo báo cáo: {result.path}.{where}")

        return self._run("Đang lập báo cáo…", work, plan["id"], period, Path(path), on_done=done)

    def startup_reminders(self) -> None:
        """Called once after start-up. The figures are computed on a worker with its own
        read-only connection (no shared connection, no frozen window on a big file); the
        window appears only when something is due. A problem here never gets in the way."""
        win = self.window_
        settings = win.settings
        if win is None or not win.isVisible():
            return
        if settings is not None and not settings.value("tracking/remind_on_start", True, type=bool):
            return
        days = 7 if settings is None else settings.value("tracking/remind_days", 7, type=int)
        path = self.db().path
        if path is None:  # in-memory database: nothing to open twice
            try:
                self.show_reminders(startup=True)
            except Exception:  # noqa: BLE001
                pass
            return
        self._bridge = _ReminderBridge(self)
        self._bridge.ready.connect(lambda rem: self._startup_ready(rem, days))
        self.ctx.pool.start(_ReminderJob(Path(path), days, self._bridge))

    def _startup_ready(self, rem, days: int) -> None:
        self.startup_result = rem
        if rem is None or rem.empty or self.window_ is None or not self.window_.isVisible():
            return
        if self._reminders is None:
            self._make_reminders_dialog(days, data=rem)
        else:
            self._reminders.fill(rem)
        self._reminders.show()
        self._reminders.raise_()

    def _make_reminders_dialog(self, days: int, data=None) -> RemindersDialog:
        settings = self.window_.settings
        on_start = True if settings is None else settings.value("tracking/remind_on_start", True, type=bool)
        dialog = RemindersDialog(self.db(), days, on_start, self, data=data)
        dialog.task_activated.connect(self._open_task)
        dialog.directive_activated.connect(self._open_directive)
        if settings is not None:
            dialog.on_start.toggled.connect(lambda v: settings.setValue("tracking/remind_on_start", v))
            dialog.days.valueChanged.connect(lambda v: settings.setValue("tracking/remind_days", v))
        self._reminders = dialog
        return dialog

    def show_reminders(self, startup: bool = False, days: int | None = None) -> RemindersDialog | None:
        settings = self.window_.settings
        on_start = True if settings is None else settings.value("tracking/remind_on_start", True, type=bool)
        days = days or (7 if settings is None else settings.value("tracking/remind_days", 7, type=int))
        if startup and not on_start:
            return None
        if self._reminders is None:
            self._make_reminders_dialog(days)
        else:
            self._reminders.refresh()
        if startup and self._reminders.data is not None and self._reminders.data.empty:
            return None
        self._reminders.show()  # non-modal: work can go on beside it
        self._reminders.raise_()
        return self._reminders

    def _open_directive(self, directive_id: int) -> None:
        """Show the document in the registry tab, where a plan implementing it can be started."""
        win = self.window_
        registry = win.registry_panel
        win.show_tab("registry")
        registry.select(directive_id)

    def _open_task(self, task_id: int) -> None:
        win = self.window_
        win.show_tab("tracking")
        self.record_progress(task_id)


class _ReminderBridge(QObject):
    ready = Signal(object)  # Reminders, or None when they could not be computed


class _ReminderJob(QRunnable):
    """Start-up reminders on a worker thread, through a separate read-only connection."""

    def __init__(self, path: Path, days: int, bridge: _ReminderBridge):
        super().__init__()
        self.path, self.days, self.bridge = path, days, bridge

    def run(self) -> None:
        from ...store import open_database
        from ...tracking import reminders as reminders_core

        result = None
        try:
            db = open_database(self.path, read_only=True, check=False)
            try:
                result = reminders_core.collect(db, self.days)
            finally:
                db.close()
        except Exception:  # noqa: BLE001 - reminders stay available on demand
            result = None
        try:
            self.bridge.ready.emit(result)
        except RuntimeError:  # the window closed meanwhile
            pass
