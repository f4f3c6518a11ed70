"""Screenshots of the main views and a size check of every dialog, on one virtual screen.

Run in its own process (the screen size and scale must be set before Qt starts)::

    QT_SCALE_FACTOR=1.5 QT_QPA_PLATFORM="offscreen:configfile=screen.json" \
        python3 tests/desktop_screens.py OUT_DIR

Writes OUT_DIR/<view>.png and OUT_DIR/report.json: the screen, and for the main
window and each dialog its frame, minimum size and whether it fits the screen's
available area. tests/test_desktop_screens.py runs it at 1366×768 (100 %) and at
1920×1080 with 150 % scaling (1280×720 logical pixels).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("KEHOACH_NO_REMINDERS", "1")
os.environ.setdefault("KEHOACH_NO_BACKUP", "1")


def _add_demo_tasks(db) -> None:
    """A few tasks on the demo plan's bullets so the tracking view shows rows (when the demo has none)."""
    import datetime as dt

    if db.scalar("SELECT COUNT(*) FROM tasks"):
        return

    units = [r["id"] for r in db.all("SELECT id FROM units ORDER BY position")]
    bullets = db.all("SELECT id, text, plan_id FROM plan_nodes WHERE kind = 'bullet' ORDER BY id LIMIT 8")
    stamp = "2026-01-05T08:00:00"
    with db.transaction():
        for i, b in enumerate(bullets):
            due = dt.date(2026, 3 + i, 15)
            db.execute(
                "INSERT INTO tasks(plan_id, node_id, title, lead_unit_id, deadline_kind, deadline_end, deadline_text,"
                " position, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    b["plan_id"],
                    b["id"],
                    " ".join(b["text"].split()[:16]),
                    units[i % len(units)],
                    "date",
                    due.isoformat(),
                    f"trước ngày {due.day}/{due.month}/{due.year}",
                    i,
                    stamp,
                    stamp,
                ),
            )


def _fits(widget, area) -> dict:
    frame = widget.frameGeometry()
    minimum = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    return {
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "minimum": [minimum.width(), minimum.height()],
        "fits": bool(area.contains(frame)),
        "minimum_fits": minimum.width() <= area.width() and minimum.height() <= area.height(),
    }


def main(out_dir: Path) -> int:
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication, QDialog

    from kehoach_desktop import APP_NAME, ORG_NAME
    from kehoach_desktop.demo import load_demo
    from kehoach_desktop.store import open_database
    from kehoach_desktop.ui.context import AppContext
    from kehoach_desktop.ui.main_window import MainWindow

    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from kehoach_desktop.ui import qt_language

    qt_language.install(app)  # as the program does: Qt's own buttons and menus in Vietnamese
    screen = app.primaryScreen()
    area = screen.availableGeometry()
    out_dir.mkdir(parents=True, exist_ok=True)
    report: dict = {
        "screen": [area.width(), area.height()],
        "dpr": screen.devicePixelRatio(),
        "views": {},
        "dialogs": {},
        "errors": [],
        "clipped": {},  # view or dialog (and inner tab) → widgets whose text does not fit (issue 20)
        "iso_dates": {},  # view or dialog → texts showing a date as yyyy-mm-dd (issue 20: dd/mm/yyyy)
    }
    from screen_probe import clipped, iso_dates

    def probe(name: str, widget) -> None:
        """Every tab of *widget*'s tab widgets in turn (the main window's own, then inner ones)."""
        from PySide6.QtWidgets import QTabWidget

        app.processEvents()
        report["clipped"][name] = clipped(widget)
        report["iso_dates"][name] = iso_dates(widget)
        for tabs in widget.findChildren(QTabWidget):
            if not tabs.isVisible() or tabs is getattr(widget, "tabs", None):
                continue
            current = tabs.currentIndex()
            for i in range(tabs.count()):
                tabs.setCurrentIndex(i)
                app.processEvents()
                key = f"{name} › {tabs.tabText(i)}"
                report["clipped"][key] = clipped(widget)
                report["iso_dates"][key] = iso_dates(widget)
            tabs.setCurrentIndex(current)

    tmp = Path(tempfile.mkdtemp(prefix="kehoach-screens-"))
    db = open_database(tmp / "demo.sqlite3")
    plan_id = load_demo(db)
    _add_demo_tasks(db)
    ctx = AppContext(db)
    window = MainWindow(ctx, settings=QSettings(str(tmp / "settings.ini"), QSettings.IniFormat))
    window.show()
    app.processEvents()
    report["views"]["main_window"] = _fits(window, area)

    def shoot(name: str, widget) -> None:
        for _ in range(3):
            app.processEvents()
        widget.grab().save(str(out_dir / f"{name}.png"))
        report["views"].setdefault(name, _fits(widget, area))
        probe(name, widget)

    window.show_tab("registry")
    shoot("main_window", window)
    panel = getattr(window, "plans_panel", None)
    if panel is not None:
        panel.open_plan(plan_id)
        shoot("plan_editor", window)
    else:
        report["errors"].append("không có thẻ Kế hoạch")
    if window.show_tab("tracking") is not None:
        shoot("tracking", window)
    else:
        report["errors"].append("không có thẻ Theo dõi")

    # Every tab of the main window (features add tabs: exchange, …), each with its inner tabs.
    report["tabs"] = []
    for key in window.tab_keys():
        window.show_tab(key)
        for _ in range(3):
            app.processEvents()
        report["tabs"].append(key)
        probe(f"tab:{key}", window)

    # Print preview: the real action, rendered off the GUI thread, then the dialog.
    controller = getattr(window, "export_controller", None)
    if controller is not None:
        controller.preview(plan_id=plan_id, profile_id="party_36HD", show=False)
        job = controller.last_job
        while job is not None and not job.finished:
            # Not a tight loop: PySide6 on Python 3.11 leaks a reference to None per
            # processEvents() call, and millions of calls crash the interpreter.
            app.processEvents()
            time.sleep(0.01)
        dialog = getattr(controller, "dialog", None)
        if dialog is not None:
            dialog.show()
            shoot("print_preview", dialog)
            report["dialogs"]["PreviewDialog"] = _fits(dialog, area)
            probe("PreviewDialog", dialog)
            dialog.close()
        else:
            report["errors"].append("không mở được xem trước khi in")
    else:
        report["errors"].append("không có bộ xuất/xem trước")

    # Every dialog the app builds, shown the way it opens (centred on the window).
    for name, factory in _dialog_factories(ctx, window, db, plan_id):
        try:
            dialog = factory()
        except Exception as exc:  # noqa: BLE001 - report and carry on with the others
            report["errors"].append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        widget = dialog if isinstance(dialog, QDialog) else getattr(dialog, "dialog", dialog)
        widget.show()
        app.processEvents()
        report["dialogs"][name] = _fits(widget, area)
        probe(name, widget)
        if name in ("DirectiveForm", "ProfileDialog", "ProgressDialog"):
            widget.grab().save(str(out_dir / f"dialog_{name}.png"))
        widget.close()
        app.processEvents()

    (out_dir / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    window.close()
    db.close()
    return 0


def _dialog_factories(ctx, window, db, plan_id):
    """(name, callable) for each dialog of the program."""
    out = []

    def add(name, fn):
        out.append((name, fn))

    from kehoach_desktop.ui.registry.form import DirectiveForm

    add("DirectiveForm", lambda: DirectiveForm(ctx, window, 1))
    from kehoach_desktop.ui.registry.picker import DirectivePicker

    add("DirectivePicker", lambda: DirectivePicker(ctx, window))
    from kehoach_desktop.core.models import OfficeProfile
    from kehoach_desktop.ui.first_run import ProfileDialog

    # as it opens at first start: empty fields with grey hints, «Dùng thử với dữ liệu mẫu»
    add("ProfileDialog", lambda: ProfileDialog(OfficeProfile(), window, first_run=True))
    from kehoach_desktop.ui.help import GuideDialog

    add("GuideDialog", lambda: GuideDialog(window))
    from kehoach_desktop.store.plans import load_document
    from kehoach_desktop.ui.preview.options_dialog import ExportOptionsDialog

    add(
        "ExportOptionsDialog",
        lambda: ExportOptionsDialog(load_document(db, plan_id), ctx.profile, "Xuất PDF", window),
    )
    from kehoach_desktop.ui.plans.dialogs import IssueDialog, NewPlanDialog

    add("NewPlanDialog", lambda: NewPlanDialog(window))
    add("IssueDialog", lambda: IssueDialog(ctx, plan_id, 0, window))
    from kehoach_desktop.ui.tracking.reminders_dialog import RemindersDialog

    add("RemindersDialog", lambda: RemindersDialog(db, 7, True, window))
    tracking = getattr(window, "tracking_panel", None)
    if tracking is not None:

        def progress_dialog():
            from kehoach_desktop.ui.tracking.progress_dialog import ProgressDialog

            tracking.refresh() if hasattr(tracking, "refresh") else None
            rows = tracking.model.rows if hasattr(tracking, "model") and hasattr(tracking.model, "rows") else None
            if not rows:
                from kehoach_desktop.tracking.queries import load_rows

                rows = load_rows(db, tracking.current_period())
            periods = [tracking.period.itemData(i) for i in range(min(tracking.period.count(), 12))]
            return ProgressDialog(db, rows[0], tracking.current_period(), periods, window)

        add("ProgressDialog", progress_dialog)
    from kehoach_desktop.ui.plans.units_dialog import UnitsDialog

    add("UnitsDialog", lambda: UnitsDialog(ctx, window))
    from kehoach_desktop.ui.importer.dialog import ImportDialog

    sample = ROOT / "tests" / "fixtures" / "plan_khoi_2025.txt"
    text = sample.read_text(encoding="utf-8") if sample.exists() else None
    add("ImportDialog", lambda: ImportDialog(ctx, window, text=text))
    if tracking is not None:

        def import_preview():
            import datetime as dt

            from kehoach_desktop.tracking import excel_import
            from kehoach_desktop.tracking.excel_export import export_consolidated
            from kehoach_desktop.ui.tracking.import_dialog import ImportPreviewDialog

            today = dt.date(2026, 5, 20)
            sheet = Path(tempfile.mkdtemp(prefix="kehoach-xlsx-")) / "theo-doi.xlsx"
            export_consolidated(db, plan_id, tracking.current_period(), sheet, today=today)
            return ImportPreviewDialog(excel_import.preview(db, [sheet], today=today), window)

        add("ImportPreviewDialog", import_preview)
    # exchange (issue 18): send, receive and consolidation preview
    from kehoach_desktop.exchange import consolidate, plan_bundle, receive
    from kehoach_desktop.store import open_database as _open
    from kehoach_desktop.ui.exchange.dialogs import ConsolidatePreviewDialog, ReceiveDialog, SendDialog

    issued = db.scalar("SELECT id FROM plans WHERE status = 'issued' ORDER BY id LIMIT 1")
    add(
        "SendDialog",
        lambda: SendDialog(window, "Kế hoạch số 05-KH/ĐU — thử kích thước", ["Đảng ủy xã Thạch Hà"], None, ""),
    )

    def receive_dialog():
        folder = Path(tempfile.mkdtemp(prefix="kehoach-goi-"))
        bundle = plan_bundle.export_bundle(db, issued, folder / "goi.khgoi")
        lower = _open(folder / "cap-duoi.sqlite3")
        return ReceiveDialog(window, receive.open_bundle(lower, bundle))

    def consolidate_dialog():
        folder = Path(tempfile.mkdtemp(prefix="kehoach-tonghop-"))
        (folder / "khong-phai-tep-tien-do.khtiendo").write_text("không phải tệp nén", encoding="utf-8")
        return ConsolidatePreviewDialog(window, consolidate.preview(db, [folder]))

    if issued is not None:
        add("ReceiveDialog", receive_dialog)
    add("ConsolidatePreviewDialog", consolidate_dialog)
    # registry bodies and relations (issue 17), the sweep (issue 17)
    from kehoach_desktop.ui.plans.sweep_dialog import SweepDialog
    from kehoach_desktop.ui.registry.bodies_dialog import BodiesDialog, BodyForm
    from kehoach_desktop.ui.registry.relations import AddRelationDialog

    first_doc = db.scalar("SELECT id FROM directives ORDER BY id LIMIT 1")
    add("AddRelationDialog", lambda: AddRelationDialog(ctx, window, first_doc))
    add("BodiesDialog", lambda: BodiesDialog(ctx, window))
    add("BodyForm", lambda: BodyForm(ctx, window, None))
    add("SweepDialog", lambda: SweepDialog(ctx, window, lambda _pid: None, lambda _did: None))

    # cụ thể hóa (issue 15): the review of a Kế hoạch imported with its structure
    def derive_review():
        from kehoach_desktop.importer import parse_file
        from kehoach_desktop.importer.persist import save_as_directive
        from kehoach_desktop.store import derive as derive_store
        from kehoach_desktop.ui.derive.review import DeriveReview

        upstream = save_as_directive(db, parse_file(ROOT / "tests" / "fixtures" / "derive" / "ke-hoach-tinh-uy-45.txt"))
        return DeriveReview(derive_store.start(db, upstream), window)

    add("DeriveReview", derive_review)
    from kehoach_desktop.ui.safety.history import HistoryDialog

    add("HistoryDialog", lambda: HistoryDialog(db, "plan", plan_id, "Kế hoạch mẫu", window))
    from kehoach_desktop.ui.safety.restore_dialog import RestoreDialog

    add("RestoreDialog", lambda: RestoreDialog(db.path, window))
    from kehoach_desktop.safety.recovery import Problem
    from kehoach_desktop.ui.safety.recovery_dialog import RecoveryDialog

    add(
        "RecoveryDialog",
        lambda: RecoveryDialog(
            db.path,
            Problem("damaged", "Tệp dữ liệu bị hỏng (thử nghiệm kích thước hộp thoại).", "Dữ liệu bị hỏng"),
            window,
        ),
    )
    return out


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
