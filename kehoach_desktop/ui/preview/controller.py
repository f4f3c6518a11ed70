"""Export, preview and print actions of the main window.

The plan is read on the GUI thread (SQLite connections stay on their thread); the
PDF/DOCX is written by a Qt-free job on a worker with progress and cancel.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QProgressDialog  # noqa: F401 (tests patch it)

from ...core import oserrors
from .. import files, messages
from ..background import warm_up_thread
from ..files import file_stem

if TYPE_CHECKING:
    from ...core.document import PlanDocument
    from ...export.options import ExportOptions
    from ...export.result import ExportResult


def secret_reason(doc: PlanDocument) -> str:
    """export.options.secret_reason, imported when an export or preview runs (not at start-up)."""
    from ...export.options import secret_reason as reason

    return reason(doc)


def _options(**kwargs) -> ExportOptions:
    from ...export.options import ExportOptions

    return ExportOptions(**kwargs)


def export_job(
    progress, cancelled, doc: PlanDocument, path: Path, fmt: str, profile_id: str, options: ExportOptions
) -> ExportResult:
    """Worker body (no Qt, no database): render *doc* to *path*."""
    from ...export import render_docx, render_pdf

    render = render_pdf if fmt == "pdf" else render_docx
    return render(doc, path, profile_id, options, progress=progress, abort=cancelled)


def suggested_name(doc: PlanDocument, ext: str) -> str:
    """``Kế hoạch 05-KH-ĐU thực hiện công tác….pdf``: the Vietnamese letters kept, like
    «Báo cáo …» and «Bảng theo dõi …» (one rule: ui/files.file_stem)."""
    return f"{file_stem('Kế hoạch', doc.number or '', doc.title or '', limit=100)}.{ext}"


def warm_export() -> None:
    """Import reportlab and the PDF road and register the fonts (a worker's job: the first
    export of the session is then as fast as the next ones)."""
    try:
        import reportlab.platypus  # noqa: F401

        from ...export import compose, pdf, pdf_story  # noqa: F401  (the PDF road, compiled)
        from ...export.fonts import find_fonts, register_pdf_fonts

        register_pdf_fonts(find_fonts())
    except Exception:  # noqa: BLE001 - a failed warm-up only means a slower first export
        pass


class ExportController(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.settings = QSettings()
        self.last_job = None  # the running/last Job (tests wait on it)
        self.last_result: ExportResult | None = None
        self._tmp_dir: tempfile.TemporaryDirectory | None = None  # made by the first preview
        self._warm: threading.Thread | None = None

    @property
    def _tmp(self) -> tempfile.TemporaryDirectory:
        """The folder of the preview PDFs (removed when the program ends)."""
        if self._tmp_dir is None:
            self._tmp_dir = tempfile.TemporaryDirectory(prefix="kehoach-preview-")
        return self._tmp_dir

    # -- warm-up ---------------------------------------------------------------------
    def warm_up(self) -> threading.Thread | None:
        """Import reportlab and parse the fonts in the background the first time the menu opens,
        so the first export of the session is as fast as the next ones (start-up pays nothing)."""
        if self._warm is not None:
            return None

        self._warm = warm_up_thread(warm_export, "export-warm-up")
        return self._warm

    # -- which plan ------------------------------------------------------------------
    def current_plan_id(self) -> int | None:
        """The plan shown by the plan editor, else one the user picks from a list."""
        built = self.window.built_tab("plans")  # a panel never built has no plan open
        plan_id = self.window.plans_panel.current_plan_id() if built is not None else None
        if plan_id:
            return int(plan_id)
        from ...store import plans

        rows = plans.list_rows(self.ctx.db)
        if not rows:
            messages.info(
                self.window,
                "Chưa có kế hoạch nào để xuất. Hãy soạn một kế hoạch trước (menu Kế hoạch) hoặc mở dữ liệu mẫu.",
            )
            return None
        if len(rows) == 1:
            return int(rows[0]["id"])
        labels = [f"{r['number'] or '(chưa có số)'} — {r['title']}" for r in rows]
        choice, ok = QInputDialog.getItem(self.window, "Chọn kế hoạch", "Kế hoạch cần xuất:", labels, 0, False)
        return int(rows[labels.index(choice)]["id"]) if ok else None

    def load(self, plan_id: int) -> PlanDocument:
        from ...store.plans import load_document

        # What is being typed in the plan editor belongs in the printout.
        if self.window.built_tab("plans") is not None:
            self.window.plans_panel.editor.commit_pending()

        return load_document(self.ctx.db, plan_id)

    def confirm_secret(self, doc: PlanDocument) -> bool:
        reason = secret_reason(doc)
        if not reason:
            return True
        ok = messages.confirm(
            self.window,
            reason,
            title="Xuất văn bản mật",
            yes="Vẫn xuất",
            no="Không xuất",
            detail="Chỉ xuất khi thật cần, và không gửi tệp qua mạng.",
        )
        if ok and doc.id is not None:
            self.ctx.db.audit("plan", doc.id, "export_secret", {"by": "gui"})
        return ok

    # -- export ----------------------------------------------------------------------
    def export(
        self,
        fmt: str,
        plan_id: int | None = None,
        path: Path | None = None,
        profile_id: str | None = None,
        options: ExportOptions | None = None,
        open_after: bool = False,
    ) -> None:
        """Ask what is missing (plan, options, file), confirm a secret plan, then export off the GUI thread."""
        plan_id = plan_id or self.current_plan_id()
        if not plan_id:
            return
        try:
            doc = self.load(plan_id)
        except LookupError as exc:
            messages.error(self.window, str(exc))
            return
        if options is None or profile_id is None:
            from .options_dialog import ExportOptionsDialog

            title = "Xuất PDF" if fmt == "pdf" else "Xuất DOCX"
            dialog = ExportOptionsDialog(
                doc, self.ctx.profile, title, self.window, profile_id=self.settings.value("export/profile", None)
            )
            dialog.open_after.setChecked(self.settings.value("export/open_after", True, type=bool))
            if dialog.exec() != QDialog.Accepted:
                return
            options, profile_id = dialog.options(), dialog.profile_id
            open_after = dialog.open_after.isChecked()
            self.settings.setValue("export/profile", profile_id)
            self.settings.setValue("export/open_after", open_after)
        if not self.confirm_secret(doc):
            return
        options.secret_confirmed = True if secret_reason(doc) else options.secret_confirmed
        if path is None:
            filters = "Tệp PDF (*.pdf)" if fmt == "pdf" else "Tài liệu Word (*.docx)"
            chosen = files.save_file(self.window, "Lưu tệp xuất", suggested_name(doc, fmt), filters, self.settings)
            if not chosen:
                return
            path = Path(chosen)
            if path.suffix.lower() != f".{fmt}":
                path = path.with_name(path.name + f".{fmt}")
        self.last_job = self.ctx.run_job(
            self.window,
            "Đang xuất văn bản…",
            export_job,
            doc,
            path,
            fmt,
            profile_id,
            options,
            on_done=lambda r: self._exported(r, open_after),
            on_error=self._failed,
        )

    def _exported(self, result: ExportResult, open_after: bool = False) -> None:
        self.last_result = result
        files.show_exported(self.window, result.path)  # «Mở tệp», «Mở thư mục»: kept if opening fails
        if open_after:
            files.open_path(result.path, self.window)
        if result.warnings:
            messages.info(self.window, "\n".join(result.warnings), title="Lưu ý khi xuất")

    def _failed(self, exc: BaseException) -> None:
        from ...export.result import ExportCancelled

        if isinstance(exc, ExportCancelled):
            self.window.statusBar().showMessage("Đã hủy xuất văn bản.", 5000)
        elif isinstance(exc, OSError):
            messages.error(self.window, "Không xuất được văn bản. " + oserrors.describe(exc))
        else:
            messages.error(self.window, f"Không xuất được văn bản: {exc}")

    # -- preview and print -------------------------------------------------------------
    def preview(self, plan_id: int | None = None, profile_id: str | None = None, show: bool = True) -> None:
        plan_id = plan_id or self.current_plan_id()
        if not plan_id:
            return
        doc = self.load(plan_id)
        if not self.confirm_secret(doc):
            return
        from ...export.layout_profile import profile_for

        profile_id = (
            profile_id
            or profile_for(doc)  # an imported State document previews in the State layout
            or self.settings.value("export/profile", None)
            or ("state_ND30" if self.ctx.profile.layout_profile == "state" else "party_36HD")
        )
        options = _options(secret_confirmed=bool(secret_reason(doc)))
        path = Path(self._tmp.name) / f"xem-truoc-{plan_id}-{profile_id}.pdf"

        def done(result: ExportResult) -> None:
            self.last_result = result
            self.dialog = self._open_preview(result.path, doc, profile_id)
            if show:
                self.dialog.exec()
                self.cleanup_preview(plan_id)

        self.last_job = self.ctx.run_job(
            self.window,
            "Đang dàn trang…",
            export_job,
            doc,
            path,
            "pdf",
            profile_id,
            options,
            on_done=done,
            on_error=self._failed,
        )

    def cleanup_preview(self, plan_id: int) -> None:
        """Delete the preview PDFs once the dialog is closed (a secret plan must not linger in %TEMP%)."""
        for f in Path(self._tmp.name).glob(f"xem-truoc-{plan_id}-*.pdf"):
            f.unlink(missing_ok=True)

    def _open_preview(self, path: Path, doc: PlanDocument, profile_id: str):
        from .preview_dialog import PreviewDialog

        def rerender(new_profile: str, dialog) -> None:
            target = Path(self._tmp.name) / f"xem-truoc-{doc.id}-{new_profile}.pdf"
            options = _options(secret_confirmed=bool(secret_reason(doc)))
            self.last_job = self.ctx.run_job(
                dialog,
                "Đang dàn trang…",
                export_job,
                doc,
                target,
                "pdf",
                new_profile,
                options,
                on_done=lambda r: dialog.load(r.path),
                on_error=self._failed,
            )

        def export_pdf(dialog) -> None:
            """«Xuất PDF…» in the preview: the plan as previewed (same layout), saved where the user says."""
            options = _options(secret_confirmed=bool(secret_reason(doc)))
            self.export("pdf", plan_id=doc.id, profile_id=dialog.current_profile(), options=options)

        return PreviewDialog(
            path, self.window, profile_id, rerender=rerender, print_handler=self.print_file, export_pdf=export_pdf
        )

    def print_file(self, path: Path, parent=None, printer: Any = None, ask: bool = True) -> int:
        """Native print dialog, then every page at actual size."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from .printing import print_pdf

        printer = printer or QPrinter(QPrinter.HighResolution)
        if ask:
            dialog = QPrintDialog(printer, parent or self.window)
            dialog.setWindowTitle("In văn bản")
            if dialog.exec() != QDialog.Accepted:
                return 0
        progress = QProgressDialog("Đang gửi tới máy in…", "Hủy", 0, 100, parent or self.window)
        progress.setMinimumDuration(400)

        def step(done: int, total: int) -> bool:
            progress.setValue(int(done * 100 / max(1, total)))
            return not progress.wasCanceled()

        try:
            return print_pdf(path, printer, step)
        except OSError as exc:
            messages.error(parent or self.window, oserrors.describe(exc))
            return 0
        finally:
            progress.close()
