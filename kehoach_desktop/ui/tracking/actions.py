"""The tracking tab's actions: Excel out and back in, the progress report, the reminders.

Kept apart from the tab's filters and table (ui/tracking/panel.py), as ui/preview/
controller.py keeps export apart from the plan editor. Long work runs on a worker
(``ctx.run_job``) with a Qt-free body; the start-up reminders are counted on a worker
through their own read-only connection and the window shows counts, not rows.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog

from ...safety import secrecy
from ...store import plans as plan_store
from ...store.commands import Changes
from ...tracking.sheet_layout import plan_label
from .. import files, messages
from .reminder_count import count_in_background
from .reminders_dialog import RemindersDialog


def _plan_words(plan) -> str:
    """«Kế hoạch số 15-KH/ĐU», or «Kế hoạch (chưa có số) Thực hiện …» — never its database id."""
    return f"Kế hoạch số {plan['number']}" if plan["number"] else f"Kế hoạch «{plan['title'] or ''}» (chưa có số)"


def _excel_export():
    """Imported on first use: XlsxWriter costs ~45 ms that start-up cannot afford."""
    from ...tracking import excel_export

    return excel_export


class TrackingActions(QObject):
    """Export, import, report and reminders of one tracking panel (results kept on the panel,
    where the menus and the tests read them)."""

    def __init__(self, panel):
        super().__init__(panel)
        self.panel = panel
        self.ctx = panel.ctx

    # -- helpers ----------------------------------------------------------------------
    def db(self):
        return self.ctx.db

    def _run(self, title: str, fn, *args, on_done=None):
        # Every tracking job reads or writes the file: on a connection of its own.
        self.panel.last_job = self.ctx.run_job(self.panel, title, fn, *args, on_done=on_done, with_db=True)
        return self.panel.last_job

    def _quiet(self) -> bool:
        return bool(getattr(self.panel, "quiet", False))

    def plan_for_action(self, plan_id: int | None, what: str, writes: bool = True):
        panel = self.panel
        if writes and self.ctx.read_only:
            # Exports are registered in the file (to spot superseded workbooks), so they need to write.
            messages.error(
                panel,
                "Tệp dữ liệu đang mở ở chế độ chỉ đọc: "
                + (self.ctx.read_only_reason or "không ghi được.")
                + " Hãy mở tệp ở chế độ bình thường rồi làm lại.",
            )
            return None
        if plan_id is None:
            plan_id = panel.plan.currentData()
        if plan_id is None:
            items = [(panel.plan.itemText(i), panel.plan.itemData(i)) for i in range(1, panel.plan.count())]
            if not items:
                messages.info(
                    panel, "Chưa có kế hoạch nào có nhiệm vụ để theo dõi. Hãy giao nhiệm vụ trong Kế hoạch trước."
                )
                return None
            text, ok = QInputDialog.getItem(panel, what, "Chọn kế hoạch:", [t for t, _ in items], 0, False)
            if not ok:
                return None
            plan_id = dict(items)[text]
        return plan_store.find_row(self.db(), plan_id)

    def confirm_secret(self, plan, what: str) -> bool | None:
        """None: cancelled; False: ordinary plan; True: secret and confirmed."""
        if not secrecy.needs_confirmation(plan["security"]):
            return False
        ok = messages.confirm(
            self.panel,
            secrecy.confirmation_text(plan["security"], what),
            title=f"Tài liệu {secrecy.mark_text(plan['security'])}",
            yes="Vẫn xuất",
            no="Không xuất",
        )
        return True if ok else None

    # -- Excel out ----------------------------------------------------------------------
    def export_consolidated(self, plan_id: int | None = None, path: str | Path | None = None):
        plan = self.plan_for_action(plan_id, "Xuất bảng theo dõi tổng hợp")
        if plan is None:
            return None
        secret = self.confirm_secret(plan, f"bảng theo dõi {_plan_words(plan)}")
        if secret is None:
            return None
        period = self.panel.current_period()
        if path is None:
            suggested = files.file_stem("Bảng theo dõi", plan_label(plan), period.label) + ".xlsx"
            path = files.save_file(self.panel, "Lưu bảng theo dõi tổng hợp", suggested, "Bảng tính Excel (*.xlsx)")
            if not path:
                return None
        today = self.panel.today()

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
            "Đang xuất bảng theo dõi…", work, plan["id"], period, Path(path), on_done=lambda res: self.exported([res])
        )

    def export_per_unit(self, plan_id: int | None = None, directory: str | Path | None = None):
        plan = self.plan_for_action(plan_id, "Xuất bảng cho từng đơn vị")
        if plan is None:
            return None
        secret = self.confirm_secret(plan, f"các bảng theo dõi {_plan_words(plan)}")
        if secret is None:
            return None
        if directory is None:
            directory = files.choose_folder(self.panel, "Chọn thư mục để lưu các tệp của từng đơn vị")
            if not directory:
                return None
        period, today = self.panel.current_period(), self.panel.today()

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
            "Đang xuất bảng cho từng đơn vị…", work, plan["id"], period, Path(directory), on_done=self.exported
        )

    def exported(self, results) -> None:
        self.panel.exported = results
        if not results:
            return
        where = results[0].path.parent
        names = "\n".join(f"• {r.path.name} ({r.task_count} nhiệm vụ)" for r in results[:12])
        more = f"\n… và {len(results) - 12} tệp nữa" if len(results) > 12 else ""
        files.show_exported(self.panel, [r.path for r in results])  # «Mở tệp», «Mở thư mục»
        if not self._quiet():
            messages.info(self.panel, f"Đã xuất {len(results)} tệp vào thư mục {where}:\n{names}{more}")

    # -- Excel back in ----------------------------------------------------------------------
    def import_files(self, paths: list[str | Path] | None = None):
        # Before the files are chosen and read, not at «Ghi vào dữ liệu» after the whole preview (the walk).
        if self.ctx.refuse_writing(self.panel, "nhập bảng tiến độ"):
            return None
        if paths is None:
            from .drop import FILE_FILTER  # .xls/.ods are shown too: the preview says how to save them as .xlsx

            chosen = files.open_files(self.panel, "Chọn các bảng đơn vị gửi lại", FILE_FILTER)
            if not chosen:
                return None
            paths = chosen
        today = self.panel.today()
        from ...tracking import excel_import  # the Excel reader loads when it is used (issue 19)

        def work(progress, cancelled, db, paths):
            return excel_import.preview(db, paths, today=today, progress=progress, abort=cancelled)

        return self._run("Đang đọc các bảng…", work, [Path(p) for p in paths], on_done=self.show_preview)

    def show_preview(self, preview) -> None:
        from ...tracking.progress_ops import ApplyImport
        from .import_dialog import ImportPreviewDialog

        dialog = ImportPreviewDialog(preview, self.panel, read_only_reason=self._read_only_reason())
        self.panel.last_dialog = dialog
        if self.panel._exec(dialog) and preview.ok and preview.changes:
            self.ctx.push(ApplyImport(preview))

    def _read_only_reason(self) -> str:
        """Why nothing can be written now ("" when it can): the window may turn read-only while
        the files are read (another window took the file)."""
        if not self.ctx.read_only:
            return ""
        return self.ctx.read_only_reason or "Tệp dữ liệu không ghi được."

    # -- report ---------------------------------------------------------------------------
    def make_report(self, plan_id: int | None = None, path: str | Path | None = None, save_draft: bool | None = None):
        plan = self.plan_for_action(plan_id, "Lập báo cáo kết quả thực hiện", writes=False)
        if plan is None:
            return None
        secret = self.confirm_secret(plan, "dự thảo báo cáo")
        if secret is None:
            return None
        period = self.panel.current_period()
        if path is None:
            suggested = (
                files.file_stem(
                    "Báo cáo", period.label, plan_label(plan) if not plan["number"] else f"KH {plan['number']}"
                )
                + ".docx"
            )
            path = files.save_file(
                self.panel, "Lưu dự thảo báo cáo", suggested, "Văn bản Word (*.docx);;Tệp PDF (*.pdf)"
            )
            if not path:
                return None
        if save_draft is None and not self.ctx.read_only:
            save_draft = messages.confirm(
                self.panel,
                "Lưu thêm dự thảo báo cáo vào danh sách ở thẻ «Kế hoạch» để sửa tiếp và in như một văn bản?",
                yes="Lưu dự thảo",
                no="Không",
            )
        today = self.panel.today()
        from ...tracking import report as report_core  # the report's writer loads when it is used

        def work(progress, cancelled, db, plan_id, period, path):
            progress(0.1, "Đang tổng hợp số liệu…")
            doc = report_core.build_report(db, plan_id, period, today)
            progress(0.4, "Đang trình bày văn bản…")
            result = report_core.render(doc, path, secret_confirmed=bool(secret))
            return doc, result

        def done(value) -> None:
            doc, result = value
            self.panel.report_result = result
            files.show_exported(self.panel, result.path)
            if save_draft:
                draft_id = report_core.save_as_draft(self.db(), doc)
                self.panel.report_draft_id = draft_id
                self.ctx.notify(Changes(plans={draft_id}, structure=True))
            if not self._quiet():
                where = " Bản để sửa tiếp ở danh sách bên trái thẻ «Kế hoạch»." if save_draft else ""
                messages.info(self.panel, f"Đã lập dự thảo báo cáo: {result.path}.{where}")

        return self._run("Đang lập báo cáo…", work, plan["id"], period, Path(path), on_done=done)

    # -- reminders --------------------------------------------------------------------------
    def _settings(self):
        return self.panel.window_.settings if self.panel.window_ is not None else None

    def _on_start(self) -> bool:
        settings = self._settings()
        return True if settings is None else settings.value("tracking/remind_on_start", True, type=bool)

    def _days(self) -> int:
        settings = self._settings()
        return 7 if settings is None else settings.value("tracking/remind_days", 7, type=int)

    def startup_reminders(self) -> None:
        """Called once after start-up. The counts are made on a worker with its own read-only
        connection (no shared connection, no frozen window on a big file); the window appears
        only when something is due. A problem here never gets in the way."""
        win = self.panel.window_
        if win is None or not win.isVisible() or not self._on_start():
            return
        days = self._days()
        path = self.db().path
        if path is None:  # in-memory database: nothing to open twice
            try:
                self.show_reminders(startup=True)
            except Exception:  # noqa: BLE001
                pass
            return
        self._bridge = count_in_background(
            self.ctx.pool, Path(path), days, self, lambda rem: self.show_startup_result(days, rem)
        )

    def show_startup_result(self, days: int, rem) -> None:
        """The start-up counts arrived: the reminders window opens when something is due."""
        self.panel.startup_result = rem
        win = self.panel.window_
        if rem is None or rem.empty or win is None or not win.isVisible():
            return
        if self.panel._reminders is None:
            self._make_dialog(days, data=rem)
        else:
            self.panel._reminders.fill(rem)
        self.panel._reminders.show()
        self.panel._reminders.raise_()

    def _make_dialog(self, days: int, data=None) -> RemindersDialog:
        settings = self._settings()
        dialog = RemindersDialog(self.db(), days, self._on_start(), self.panel, data=data)
        dialog.task_activated.connect(self.open_task)
        dialog.directive_activated.connect(self.open_directive)
        if settings is not None:
            dialog.on_start.toggled.connect(lambda v: settings.setValue("tracking/remind_on_start", v))
            dialog.days.valueChanged.connect(lambda v: settings.setValue("tracking/remind_days", v))
        self.panel._reminders = dialog
        return dialog

    def show_reminders(self, startup: bool = False, days: int | None = None) -> RemindersDialog | None:
        days = days or self._days()
        if startup and not self._on_start():
            return None
        if self.panel._reminders is None:
            self._make_dialog(days)
        else:
            self.panel._reminders.refresh()
        dialog = self.panel._reminders
        if startup and dialog.data is not None and dialog.data.empty:
            return None
        dialog.show()  # non-modal: work can go on beside it
        dialog.raise_()
        return dialog

    def open_directive(self, directive_id: int) -> None:
        """Show the document in the registry tab, where a plan implementing it can be started."""
        win = self.panel.window_
        if win is None:
            return
        win.show_tab("registry")
        win.registry_panel.select(directive_id)

    def open_task(self, task_id: int) -> None:
        win = self.panel.window_
        if win is not None:
            win.show_tab("tracking")
        self.panel.record_progress(task_id)
