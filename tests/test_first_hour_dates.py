"""Issue 20: dates on screen are dd/mm/yyyy everywhere (the progress history showed ISO)."""

from __future__ import annotations

import re

from screen_probe import ISO_DATE

from kehoach_desktop.core.dates import format_timestamp


def test_format_timestamp():
    assert format_timestamp("2026-12-02T13:28:05") == "02/12/2026 13:28"
    assert format_timestamp("2026-01-05") == "05/01/2026"
    assert format_timestamp(None) == "" and format_timestamp("") == ""


def test_progress_history_shows_day_month_year(qtbot, demo_db):
    from kehoach_desktop.tracking import progress
    from kehoach_desktop.tracking.periods import Period
    from kehoach_desktop.tracking.queries import load_rows
    from kehoach_desktop.ui.tracking.progress_dialog import ProgressDialog

    period = Period("year", 2026)
    row = load_rows(demo_db, period)[0]
    progress.record(demo_db, row.task_id, period, progress.Report(state="in_progress", result="Đã triển khai"))
    dialog = ProgressDialog(demo_db, row, period, [period])
    qtbot.addWidget(dialog)
    table = dialog.history
    cells = [
        table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount()) if table.item(r, c)
    ]
    assert cells and not [c for c in cells if ISO_DATE.search(c)]
    assert any(re.fullmatch(r"\d\d/\d\d/20\d\d \d\d:\d\d", c) for c in cells)


def test_history_line_speaks_vietnamese_with_day_month_year():
    from kehoach_desktop.store.audit import AuditEntry

    entry = AuditEntry(
        1,
        "2026-12-02T09:00:00",
        "thu",
        "task",
        5,
        "set",
        {
            "lead_unit_id": 1,
            "deadline_kind": "date",
            "deadline_end": "2026-04-30",
            "deadline_text": "trước ngày 30/4/2026",
            "title": "Lập danh sách",
        },
    )
    text = entry.detail_text()
    assert not ISO_DATE.search(text) and "_" not in text
    assert "đến ngày: 30/04/2026" in text and "trích yếu: Lập danh sách" in text
