"""The Theo dõi tab (pytest-qt, offscreen): filters, progress entry with undo, Excel out and
back in through the preview dialog, secret confirmation, dashboard chart, reminders, report."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt
from tracking_data import make_plan, snapshot

from kehoach_desktop.tracking import progress as progress_store
from kehoach_desktop.tracking.periods import Period
from kehoach_desktop.tracking.sheet_layout import COLUMNS, RowKey
from kehoach_desktop.tracking.status import OVERDUE
from kehoach_desktop.ui import messages
from kehoach_desktop.ui.context import AppContext
from kehoach_desktop.ui.main_window import MainWindow
from kehoach_desktop.ui.tracking.model import COL as TCOL

TODAY = dt.date(2026, 5, 10)
Q2 = Period("quarter", 2026, 2)
XCOL = {c.key: i + 1 for i, c in enumerate(COLUMNS)}


def _window(qtbot, db, tmp_path, today=TODAY):
    ctx = AppContext(db)
    win = MainWindow(ctx, settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.show()
    panel = win.show_tab("tracking")
    panel.today_override = today
    panel.quiet = True
    panel.set_period(Q2)
    panel.reload()
    _counted(qtbot, panel)
    return win, panel


def _counted(qtbot, panel):
    """The dashboard's counts are made on a worker: wait for them."""
    qtbot.waitUntil(lambda: not panel.counts_pending, timeout=20000)


@pytest.fixture
def setup(qtbot, db, tmp_path, monkeypatch):
    infos = []
    monkeypatch.setattr(messages, "info", lambda parent, text, **kw: infos.append(text))
    monkeypatch.setattr(messages, "error", lambda parent, text, **kw: infos.append(text))
    ids = make_plan(db)
    win, panel = _window(qtbot, db, tmp_path)
    return win, panel, ids, infos


def _wait(qtbot, panel):
    qtbot.waitUntil(lambda: panel.last_job is not None and panel.last_job.finished, timeout=20000)


def _select(panel, task_id):
    assert panel.select_task(task_id)


def test_tab_menu_and_table(setup):
    win, panel, _ids, _ = setup
    texts = [a.text() for a in win.menus["tracking"].actions() if a.text()]
    assert "Xuất bảng &Excel tổng hợp…" in texts and "&Nhập bảng Excel đơn vị gửi lại…" in texts
    assert panel.model.rowCount() == 6
    row = next(
        r
        for r in range(panel.proxy.rowCount())
        if panel.proxy.index(r, TCOL["title"]).data().startswith("Học tập chuyên đề")
    )
    status = panel.proxy.index(row, TCOL["status"])
    assert status.data() == "⚠ Quá hạn chưa hoàn thành"  # mark and text, not colour alone
    assert status.data(Qt.BackgroundRole).color().name().lower() == "#f8cbad"
    assert panel.proxy.index(row, TCOL["late"]).data() == "10 ngày — Quá hạn đến 30 ngày"
    assert "6 nhiệm vụ · 2 quá hạn" in panel.count_label.text()


def test_filters(setup, qtbot):
    _, panel, ids, _ = setup
    panel.status.setCurrentIndex(panel.status.findData(OVERDUE))
    assert {r.task_id for r in panel.shown_rows()} == {ids["tasks"]["hoi_nghi"], ids["tasks"]["phu_nu"]}
    panel.status.setCurrentIndex(panel.status.findData("le30"))
    assert [r.task_id for r in panel.shown_rows()] == [ids["tasks"]["phu_nu"]]
    panel.status.setCurrentIndex(0)
    panel.unit.setCurrentIndex(panel.unit.findData(ids["units"]["ĐTN"]))
    assert len(panel.shown_rows()) == 3  # leads two, cooperates on one
    panel.unit.setCurrentIndex(0)
    panel.search.setText("phu nu")
    qtbot.waitUntil(lambda: len(panel.shown_rows()) == 1)
    assert panel.shown_rows()[0].task_id == ids["tasks"]["phu_nu"]


def test_due_soon_highlight(qtbot, db, tmp_path):
    ids = make_plan(db)
    _win, panel = _window(qtbot, db, tmp_path, today=dt.date(2026, 6, 26))
    panel.status.setCurrentIndex(panel.status.findData("soon"))
    assert {r.task_id for r in panel.shown_rows()} == {ids["tasks"]["thanh_nien"], ids["tasks"]["sinh_hoat"]}
    idx = panel.proxy.index(0, TCOL["late"])
    assert idx.data() == "◷ còn 4 ngày" and idx.data(Qt.BackgroundRole).color().name().lower() == "#ffe699"
    assert idx.data(Qt.FontRole).bold()


def test_progress_dialog_records_with_undo(setup, monkeypatch):
    win, panel, ids, _ = setup
    tid = ids["tasks"]["thanh_nien"]
    _select(panel, tid)

    def drive(dialog):
        dialog.state.setCurrentIndex(dialog.state.findData("done"))
        dialog.result.setPlainText("Tổ chức 4 buổi tuyên truyền")
        dialog.completed.setText("31/02/2026")  # impossible: the dialog keeps the input and explains
        dialog.accept()
        assert dialog.value is None and "không tồn tại" in dialog.error.text()
        dialog.completed.setText("08/5/2026")
        dialog.accept()
        return dialog.value is not None

    monkeypatch.setattr(panel, "_exec", drive)
    panel.record_progress()
    row = next(r for r in panel.shown_rows() if r.task_id == tid)
    assert row.report.completed_on == dt.date(2026, 5, 8) and row.status == "done_on_time"
    win.ctx.undo_stack.undo()
    assert win.ctx.db.scalar("SELECT COUNT(*) FROM progress") == 0
    assert next(r for r in panel.shown_rows() if r.task_id == tid).status != "done_on_time"
    win.ctx.undo_stack.redo()
    assert win.ctx.db.scalar("SELECT COUNT(*) FROM progress") == 1


def test_progress_dialog_shows_history(setup, monkeypatch):
    _, panel, ids, _ = setup
    tid = ids["tasks"]["guong_tot"]
    progress_store.record(panel.db(), tid, Period("quarter", 2026, 1), progress_store.Report(result="Quý I: 5 tin"))
    progress_store.record(panel.db(), tid, Q2, progress_store.Report(result="Quý II: 8 tin", percent=40))
    panel.refresh()
    monkeypatch.setattr(panel, "_exec", lambda d: False)
    dialog = panel.record_progress(tid)
    assert dialog.history.rowCount() == 2
    assert dialog.history.item(0, 5).text() == "Quý II: 8 tin" and dialog.history.item(1, 0).text() == "Quý I/2026"
    assert dialog.result.toPlainText() == "Quý II: 8 tin" and dialog.percent.value() == 40


def test_no_selection_says_what_to_do(setup):
    _, panel, _, infos = setup
    panel.table.clearSelection()
    panel.table.setCurrentIndex(panel.proxy.index(-1, -1))
    assert panel.record_progress() is None
    assert "Hãy chọn một nhiệm vụ" in infos[-1]


def test_export_edit_import_through_preview(setup, qtbot, tmp_path, monkeypatch):
    win, panel, ids, _ = setup
    panel.export_per_unit(ids["plan"], tmp_path / "units")
    _wait(qtbot, panel)
    path = next(r.path for r in panel.exported if r.unit_id == ids["units"]["HPN"])
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[1]
    for r in range(1, ws.max_row + 1):
        if RowKey.decode(ws.cell(r, XCOL["key"]).value):
            ws.cell(r, XCOL["completed"]).value = "02/5/2026"
            ws.cell(r, XCOL["result"]).value = "Học xong chuyên đề"
    wb.save(path)
    seen = {}

    def drive(dialog):
        seen["enabled"] = dialog.apply_button.isEnabled()
        seen["changes"] = dialog.changes_view.topLevelItem(0).childCount()
        return True

    monkeypatch.setattr(panel, "_exec", drive)
    panel.import_files([path])
    _wait(qtbot, panel)
    assert seen == {"enabled": True, "changes": 1}
    row = next(r for r in panel.shown_rows() if r.task_id == ids["tasks"]["phu_nu"])
    assert row.status == "done_late" and row.report.result == "Học xong chuyên đề"
    win.ctx.undo_stack.undo()
    assert win.ctx.db.scalar("SELECT COUNT(*) FROM progress") == 0


def test_import_errors_block_apply(setup, qtbot, tmp_path, monkeypatch):
    win, panel, ids, _ = setup
    panel.export_consolidated(ids["plan"], tmp_path / "all.xlsx")
    _wait(qtbot, panel)
    path = panel.exported[0].path
    wb = openpyxl.load_workbook(path)
    ws = wb["Theo dõi"]
    for r in range(1, ws.max_row + 1):
        if RowKey.decode(ws.cell(r, XCOL["key"]).value):
            ws.cell(r, XCOL["state"]).value = "Xong xuôi"
            break
    wb.save(path)
    before = snapshot(win.ctx.db)
    seen = {}

    def drive(dialog):
        seen["enabled"] = dialog.apply_button.isEnabled()
        item = dialog.errors_view.topLevelItem(0)
        seen["error"] = [item.text(i) for i in range(6)]
        seen["detail"] = dialog.detail.text()
        return True  # even "accepting" must not write

    monkeypatch.setattr(panel, "_exec", drive)
    panel.import_files([path])
    _wait(qtbot, panel)
    assert seen["enabled"] is False
    assert seen["error"][2] == "Theo dõi" and seen["error"][4] == openpyxl.utils.get_column_letter(XCOL["state"])
    assert "Xong xuôi" in seen["error"][5]
    assert "trang «Theo dõi»" in seen["detail"] and "Xong xuôi" in seen["detail"]  # full text, wrapped
    assert snapshot(win.ctx.db) == before


def test_secret_plan_asks_before_export(qtbot, db, tmp_path, monkeypatch):
    ids = make_plan(db, security="mật")
    _win, panel = _window(qtbot, db, tmp_path)
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda parent, text, **kw: asked.append(text) or False)
    assert panel.export_consolidated(ids["plan"], tmp_path / "s.xlsx") is None
    assert "MẬT" in asked[0] and not (tmp_path / "s.xlsx").exists()
    monkeypatch.setattr(messages, "confirm", lambda parent, text, **kw: True)
    panel.export_consolidated(ids["plan"], tmp_path / "s.xlsx")
    _wait(qtbot, panel)
    assert openpyxl.load_workbook(tmp_path / "s.xlsx")["Theo dõi"]["A1"].value == "MẬT"


def test_dashboard_chart_matches_counts(setup):
    _, panel, _ids, _ = setup
    panel.tabs.setCurrentWidget(panel.dashboard)
    chart = panel.dashboard.chart
    units = [name for name, _ in chart.data]
    assert units[:3] == ["Ban Xây dựng Đảng", "Đoàn Thanh niên xã", "Hội Liên hiệp Phụ nữ xã"]
    assert chart.bar_segments()[0] == [("not_started", 1), ("overdue", 1)]
    assert chart.bar_segments()[2] == [("overdue", 1)]
    image = chart.grab().toImage()
    assert image.width() > 100 and chart.heightForWidth(300) > chart.heightForWidth(1400)
    assert panel.dashboard.cards["overdue"].text().endswith("\n2")
    # a card wraps before its bracket, never inside («(trong / hạn)» at 1366×768, the walk)
    assert "(trong\u00a0hạn)" in panel.dashboard.cards["in_progress"].text()
    coloured = {k: "background" in card.styleSheet() for k, card in panel.dashboard.cards.items()}
    # a status with tasks in it wears its colour; one with none (here «Hoàn thành quá hạn») does not
    assert coloured["overdue"] and coloured["not_started"] and not coloured["done_late"]
    groups = panel.dashboard.lists
    assert groups.topLevelItem(0).childCount() == 1 and groups.topLevelItem(1).childCount() == 1


def test_reminders_on_demand_and_at_start(setup, qtbot, db, tmp_path):
    _win, panel, _ids, _ = setup
    dialog = panel.show_reminders()
    assert dialog.isVisible() and not dialog.isModal()
    data = dialog.data
    assert data.overdue > 0
    for key in ("gt90", "le90", "le30", "soon"):  # grouped counts, small groups open with their rows
        assert dialog.tree.group_item(key).text(0).endswith(data.group_text(key))
        assert dialog.tree.loaded(key) == data.groups[key]


def test_no_reminder_window_when_nothing_is_due(qtbot, tmp_path):
    from kehoach_desktop.store import open_database

    db = open_database(tmp_path / "empty.sqlite3")
    _win, panel = _window(qtbot, db, tmp_path)
    assert panel.show_reminders(startup=True) is None
    panel.startup_reminders()
    qtbot.waitUntil(lambda: hasattr(panel, "startup_result"), timeout=10000)
    assert panel.startup_result is not None and panel.startup_result.empty and not panel._reminders.isVisible()
    db.close()


def test_startup_reminders_are_computed_off_the_gui_thread(setup, qtbot):
    from kehoach_desktop.store import directives

    win, panel, _ids, _ = setup
    did = directives.add(
        panel.db(),
        {"doc_type": "Kết luận", "number": "21-KL/TW", "implement_due": dt.date.today() + dt.timedelta(days=2)},
    )
    assert panel._reminders is None
    panel.startup_reminders()
    qtbot.waitUntil(lambda: panel._reminders is not None and panel._reminders.isVisible(), timeout=10000)
    # Computed through its own read-only connection, for the real today (the worker has no override).
    assert panel._reminders.data is panel.startup_result
    assert [d.directive_id for d in panel.startup_result.directives] == [did]
    win.settings.setValue("tracking/remind_on_start", False)
    panel._reminders.close()
    del panel.startup_result
    panel.startup_reminders()  # switched off: nothing is computed or shown
    qtbot.wait(200)
    assert not hasattr(panel, "startup_result") and not panel._reminders.isVisible()


def test_report_action_writes_file_and_draft(setup, qtbot, tmp_path):
    win, panel, ids, _ = setup
    panel.make_report(ids["plan"], tmp_path / "bc.docx", save_draft=True)
    _wait(qtbot, panel)
    assert (tmp_path / "bc.docx").exists()
    row = win.ctx.db.one("SELECT doc_type, status FROM plans WHERE id = ?", (panel.report_draft_id,))
    assert tuple(row) == ("Báo cáo", "draft")


def test_typing_vietnamese_in_the_progress_dialog(setup, monkeypatch):
    """Unikey-style typing (letter, Backspace, composed letter) lands as NFC text in the record."""
    from typing_helpers import type_text

    from kehoach_desktop.store import directives

    _win, panel, ids, _ = setup
    directives.add(panel.db(), {"doc_type": "Kế hoạch", "number": "05-KH/ĐTN"})
    tid = ids["tasks"]["thanh_nien"]

    def drive(dialog):
        type_text(dialog.result, "Đã tổ chức tuyên truyền", unikey=True)
        dialog.evidence.setFocus()
        type_text(dialog.evidence, "05-KH/ĐTN", unikey=True)
        dialog.evidence.editingFinished.emit()
        assert "Có trong sổ văn bản" in dialog.evidence_note.text()
        type_text(dialog.notes, "Hội nghị ở nhà văn hóa thôn", unikey=True)
        dialog.accept()
        return dialog.value is not None

    monkeypatch.setattr(panel, "_exec", drive)
    panel.record_progress(tid)
    row = next(r for r in panel.shown_rows() if r.task_id == tid)
    assert row.report.result == "Đã tổ chức tuyên truyền" and row.report.notes == "Hội nghị ở nhà văn hóa thôn"
    assert row.evidence_directive_id is not None
    i = next(
        r
        for r in range(panel.proxy.rowCount())
        if panel.proxy.data(panel.proxy.index(r, 0), Qt.UserRole + 2).task_id == tid
    )
    assert panel.proxy.index(i, TCOL["evidence"]).data() == "🔗 05-KH/ĐTN"


def test_tab_is_filled_only_when_shown(qtbot, db, tmp_path):
    make_plan(db)
    ctx = AppContext(db)
    win = MainWindow(ctx, settings=QSettings(str(tmp_path / "s2.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.show()
    win.show_tab("registry")
    panel = win.tracking_panel
    assert panel.model.rowCount() == 0 and panel._stale
    win.show_tab("tracking")
    assert panel.model.rowCount() == 6


def test_dashboard_and_summary_sheet_show_the_same_figures(setup, qtbot, tmp_path):
    _win, panel, ids, _ = setup
    progress_store.record(
        panel.db(),
        ids["tasks"]["hoi_nghi"],
        Period("quarter", 2026, 1),
        progress_store.Report(completed_on=dt.date(2026, 4, 3)),
    )
    panel.plan.setCurrentIndex(panel.plan.findData(ids["plan"]))
    panel.export_consolidated(ids["plan"], tmp_path / "all.xlsx")
    _wait(qtbot, panel)
    sheet = {
        r[1]: r[2:8]
        for r in openpyxl.load_workbook(tmp_path / "all.xlsx")["Tổng hợp"].iter_rows(values_only=True)
        if r[1] and isinstance(r[2], int)
    }
    from kehoach_desktop.tracking.status import STATUSES

    for unit, counts in panel.dashboard.chart.data:
        assert sheet[unit] == (sum(counts.values()), *(counts[s] for s in STATUSES)), unit
    assert sheet["Tổng cộng"][0] == 6 and sheet["Ban Xây dựng Đảng"][4] == 1  # done late


def test_reminder_for_a_directive_opens_the_registry(setup):
    from kehoach_desktop.store import directives

    win, panel, _ids, _ = setup
    did = directives.add(
        panel.db(),
        {"doc_type": "Kết luận", "number": "21-KL/TW", "implement_due": dt.date.today() + dt.timedelta(days=3)},
    )
    from kehoach_desktop.store.commands import Changes

    win.ctx.notify(Changes(directives={did}, structure=True))  # added behind the GUI's back
    dialog = panel.show_reminders()
    group = dialog.tree.group_item("directives")
    assert group.childCount() == 1 and "21-KL/TW" in group.child(0).text(0)
    dialog.tree.itemActivated.emit(group.child(0), 0)
    assert win.tabs.currentWidget() is win.registry_panel
    assert win.registry_panel.current_id() == did


def test_an_empty_list_says_why_and_what_to_do(qtbot, db, tmp_path):
    """A new file's «Theo dõi» was an empty grid with «0 nhiệm vụ» (the walk); a filter that hides
    every task looked the same."""
    _win, panel = _window(qtbot, db, tmp_path)
    assert len(panel.model.ids) == 0
    assert panel.empty_hint.isVisible()
    assert "Chưa có nhiệm vụ nào" in panel.empty_hint.text() and "Đánh dấu là nhiệm vụ" in panel.empty_hint.text()
    make_plan(db)
    panel.reload()
    _counted(qtbot, panel)
    assert len(panel.model.ids) > 0 and not panel.empty_hint.isVisible()
    panel.search.setText("không có việc nào như thế này")
    panel.refresh()
    assert len(panel.model.ids) == 0 and panel.empty_hint.isVisible()
    assert "khớp kỳ và bộ lọc" in panel.empty_hint.text()
    panel.search.clear()
    panel.refresh()
    assert not panel.empty_hint.isVisible()
    _counted(qtbot, panel)
