"""Found filling a unit's progress sheet the way a unit does: «ngày 5/11/2026» typed in the
«Ngày hoàn thành» column was refused as unreadable, though the importer reads «ngày 5 tháng 11
năm 2026» and «5/11/2026» — the words a unit writes before a date are no reason to send the
sheet back."""

from __future__ import annotations

import datetime as dt

import pytest
from test_tracking_excel import _edit_unit_file, plan  # noqa: F401

from kehoach_desktop.core.dates import DateError, parse_date
from kehoach_desktop.tracking import excel_import


@pytest.mark.parametrize(
    "text",
    [
        "ngày 5/11/2026",
        "Ngày 05/11/2026",
        "ngày 5-11-2026",
        "5/11/2026.",
        "ngày 05.11.2026",
        "ngày 5 tháng 11 năm 2026",
    ],
)
def test_a_date_with_the_word_ngay_is_read(text):
    assert parse_date(text) == dt.date(2026, 11, 5)


@pytest.mark.parametrize("text", ["5/11", "tháng 11/2026", "ngày mai", "5/11/2026 hoặc 6/11/2026"])
def test_what_is_not_one_date_is_still_refused(text):
    with pytest.raises(DateError):
        parse_date(text)


def test_a_unit_sheet_with_ngay_before_the_date_imports(db, plan, tmp_path):  # noqa: F811
    path, _row = _edit_unit_file(db, plan, tmp_path, state="Đã hoàn thành", completed="ngày 5/11/2026")
    pv = excel_import.preview(db, [path], today=dt.date(2027, 1, 5))
    assert pv.ok, [e.message for e in pv.errors]
    assert pv.changes[0].new.completed_on == dt.date(2026, 11, 5)
