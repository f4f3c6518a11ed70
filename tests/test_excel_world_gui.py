"""The sheets units send back, as the secretary handles them in the window (outside test of
issue 17): dragged from Zalo or e-mail onto the window, including one saved as .ods."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from tracking_data import make_plan

from kehoach_desktop.tracking.excel_export import export_per_unit
from kehoach_desktop.tracking.periods import containing
from kehoach_desktop.tracking.sheet_layout import COLUMNS, RowKey

COL = {c.key: i + 1 for i, c in enumerate(COLUMNS)}


def _drop(window, paths) -> bool:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    return window.tab("tracking").sheet_drop.eventFilter(window, event)


def test_sheets_dropped_on_the_window_are_previewed_for_import(db, open_window, qtbot, tmp_path, monkeypatch):
    ids = make_plan(db)
    today = dt.date.today()
    results = export_per_unit(db, ids["plan"], containing(today, "quarter"), tmp_path / "out", today=today)
    path = results[0].path
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[1]
    row = next(r for r in range(1, ws.max_row + 1) if RowKey.decode(ws.cell(r, COL["key"]).value))
    ws.cell(row, COL["result"]).value = "Đã triển khai ở 5 chi bộ"
    wb.save(path)
    ods = tmp_path / "Báo cáo Hội Phụ nữ.ods"
    shutil.copy(Path(__file__).parent / "fixtures" / "levels" / "bang-tien-do.ods", ods)
    window = open_window(db, "tracking")
    panel = window.tab("tracking")
    seen = {}

    def drive(dialog):
        seen["changes"] = dialog.changes_view.topLevelItem(0).childCount()
        item = dialog.errors_view.topLevelItem(0)
        seen["error"] = " ".join(item.text(i) for i in range(6))
        seen["enabled"] = dialog.apply_button.isEnabled()
        return False

    monkeypatch.setattr(panel, "_exec", drive)
    assert not _drop(window, [tmp_path / "ghi-chu.txt"])  # not a sheet: left to others
    assert _drop(window, [path, ods])
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert seen["changes"] == 1 and not seen["enabled"]  # the .ods blocks it: nothing half-written
    assert "Báo cáo Hội Phụ nữ.ods" in seen["error"] and "LibreOffice" in seen["error"]


def test_the_preview_says_there_are_notes_to_read_before_writing(db, qtbot, tmp_path):
    """Notes (cells converted from TCVN3, added rows skipped) sit behind the second tab: the
    summary line above says how many there are."""
    from kehoach_desktop.tracking import excel_import
    from kehoach_desktop.ui.tracking.import_dialog import ImportPreviewDialog

    ids = make_plan(db)
    today = dt.date.today()
    path = export_per_unit(db, ids["plan"], containing(today, "quarter"), tmp_path / "out", today=today)[0].path
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[1]
    row = next(r for r in range(1, ws.max_row + 1) if RowKey.decode(ws.cell(r, COL["key"]).value))
    ws.cell(row, COL["result"]).value = "Đã làm"
    ws.protection.sheet = False
    ws.insert_rows(row + 1)
    ws.cell(row + 1, COL["result"]).value = "Dòng thêm: chi bộ thôn 1 đã làm"
    wb.save(path)
    pv = excel_import.preview(db, [path], today=today)
    assert pv.ok and len(pv.warnings) == 1 and pv.changes
    dialog = ImportPreviewDialog(pv)
    qtbot.addWidget(dialog)
    assert "1 lưu ý" in dialog.summary.text() and "Lỗi và lưu ý" in dialog.summary.text()


def test_the_preview_shows_every_field_name_whole(qtbot, tmp_path):
    """«Ngày hoàn th…» and «Văn bản triển…» in the «Trường» column at 1366×768 (the walk)."""
    from pathlib import Path
    from types import SimpleNamespace

    from kehoach_desktop.tracking.excel_import import FIELD_NAMES
    from kehoach_desktop.ui.tracking.import_dialog import ImportPreviewDialog

    fields = [(label, "—", "x") for label in FIELD_NAMES.values()]
    change = SimpleNamespace(row=10, title="Rà soát quy hoạch cấp ủy", fields=lambda: fields)
    file = SimpleNamespace(path=Path("VP trả về.xlsx"), changes=[change], errors=[])
    pv = SimpleNamespace(files=[file], errors=[], warnings=[], changes=[change])
    dialog = ImportPreviewDialog(pv)
    qtbot.addWidget(dialog)
    dialog.resize(980, 600)
    dialog.show()
    view = dialog.changes_view
    metrics = view.fontMetrics()
    for label in FIELD_NAMES.values():
        assert view.columnWidth(1) >= metrics.horizontalAdvance(label) + 8, label
