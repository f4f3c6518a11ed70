"""Progress sheets filled the way unit clerks really fill them (outside test of issue 17):
«100%» typed into the percent column, the key column deleted, result cells merged over two
tasks. Nothing may be lost silently or land on the wrong task; the message says what to do."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from tracking_data import make_plan

from kehoach_desktop.tracking import excel_import
from kehoach_desktop.tracking import progress as progress_store
from kehoach_desktop.tracking.excel_export import export_per_unit
from kehoach_desktop.tracking.periods import Period
from kehoach_desktop.tracking.sheet_layout import COLUMNS, META_SHEET, RowKey

TODAY = dt.date(2026, 5, 10)
Q2 = Period("quarter", 2026, 2)
COL = {c.key: i + 1 for i, c in enumerate(COLUMNS)}


@pytest.fixture
def plan(db):
    return make_plan(db)


def _unit_book(db, plan, tmp_path, unit="ĐTN"):
    results = export_per_unit(db, plan["plan"], Q2, tmp_path / "out", today=TODAY)
    path = next(r.path for r in results if r.unit_id == plan["units"][unit])
    wb = openpyxl.load_workbook(path)
    ws = next(w for w in wb.worksheets if w.title != META_SHEET and w.sheet_state == "visible")
    rows = {}
    for r in range(1, ws.max_row + 1):
        key = RowKey.decode(ws.cell(r, COL["key"]).value)
        if key:
            rows[key.task_id] = r
    return path, wb, ws, rows


def _effective(db, task_id):
    return progress_store.effective(db, Q2, [task_id]).get(task_id)


def test_one_hundred_percent_typed_in_excel_is_one_hundred_not_one(db, plan, tmp_path):
    """Excel turns «100%» typed into a «0» cell into the number 1 shown with the format «0%»;
    «1» typed into a plain cell stays 1 %."""
    path, wb, ws, rows = _unit_book(db, plan, tmp_path)
    t = plan["tasks"]
    typed = ws.cell(rows[t["thanh_nien"]], COL["percent"])
    typed.value, typed.number_format = 1, "0%"
    plain = ws.cell(rows[t["guong_tot"]], COL["percent"])
    plain.value = 1
    wb.save(path)
    pv = excel_import.preview(db, [path], today=TODAY)
    assert pv.ok, [i.message for i in pv.errors]
    by_task = {c.task_id: c.new.percent for c in pv.changes}
    assert by_task == {t["thanh_nien"]: 100, t["guong_tot"]: 1}


def test_a_sheet_whose_key_column_was_deleted_is_an_error_not_silence(db, plan, tmp_path):
    path, wb, ws, rows = _unit_book(db, plan, tmp_path)
    ws.protection.sheet = False
    ws.cell(rows[plan["tasks"]["thanh_nien"]], COL["result"]).value = "Đã tổ chức 2 buổi"
    ws.delete_cols(COL["key"])
    wb.save(path)
    pv = excel_import.preview(db, [path], today=TODAY)
    assert not pv.ok
    (err,) = pv.errors
    assert "Mã (không sửa)" in err.message and "tệp gốc" in err.message
    assert err.sheet == ws.title


def test_a_result_merged_over_two_tasks_is_not_given_to_the_first_only(db, plan, tmp_path):
    path, wb, ws, rows = _unit_book(db, plan, tmp_path)
    first, second = sorted(rows.values())[:2]
    ws.protection.sheet = False
    ws.cell(first, COL["result"]).value = "Cả hai việc đã xong trong tháng 4"
    ws.merge_cells(start_row=first, start_column=COL["result"], end_row=second, end_column=COL["result"])
    wb.save(path)
    pv = excel_import.preview(db, [path], today=TODAY)
    assert not pv.ok
    (err,) = pv.errors
    assert err.row == first and err.column == openpyxl.utils.get_column_letter(COL["result"])
    assert f"dòng {first} đến {second}" in err.message and "bỏ gộp ô" in err.message
    with pytest.raises(excel_import.ImportRefused):
        excel_import.apply(db, pv)
    assert all(_effective(db, task) is None for task in rows)


def test_a_title_merged_across_columns_in_one_row_is_harmless(db, plan, tmp_path):
    """Merging within one row (a wide note over Kết quả and the next cells) loses nothing."""
    path, wb, ws, rows = _unit_book(db, plan, tmp_path)
    row = rows[plan["tasks"]["thanh_nien"]]
    ws.protection.sheet = False
    ws.cell(row, COL["result"]).value = "Kết quả dài"
    ws.merge_cells(start_row=row, start_column=COL["result"], end_row=row, end_column=COL["percent"])
    wb.save(path)
    pv = excel_import.preview(db, [path], today=TODAY)
    assert pv.ok and [c.new.result for c in pv.changes] == ["Kết quả dài"]


def test_a_sheet_saved_as_ods_by_libreoffice_says_how_to_save_it_as_xlsx(db):
    """LibreOffice offers its own format when a unit saves; the file is not «a zip to unpack»."""
    from pathlib import Path

    ods = Path(__file__).parent / "fixtures" / "levels" / "bang-tien-do.ods"  # made by LibreOffice 7.4
    pv = excel_import.preview(db, [ods], today=TODAY)
    (err,) = pv.errors
    assert "LibreOffice" in err.message and ".ods" in err.message and "xlsx" in err.message
    assert "giải nén" not in err.message


def test_names_from_a_mac_are_shown_composed(db, plan, tmp_path):
    """File and sheet names typed on a Mac arrive decomposed (NFD); messages show them in NFC."""
    import unicodedata

    path, wb, ws, rows = _unit_book(db, plan, tmp_path)
    ws.title = unicodedata.normalize("NFD", "Tiến độ quý")
    ws.cell(rows[plan["tasks"]["thanh_nien"]], COL["completed"]).value = "tháng 4/2026"
    mac = path.with_name(unicodedata.normalize("NFD", "Báo cáo Đoàn.xlsx"))
    wb.save(mac)
    pv = excel_import.preview(db, [mac], today=TODAY)
    (err,) = pv.errors
    assert err.file == "Báo cáo Đoàn.xlsx" and err.sheet == "Tiến độ quý"
    assert unicodedata.is_normalized("NFC", err.location + err.message)
    assert "tháng 4/2026" in err.message and "ngày/tháng/năm" in err.message


def test_a_sheet_copied_inside_the_file_with_other_figures_names_both_sheets(db, plan, tmp_path):
    """A clerk keeps the old version by copying the sheet, then edits both differently."""
    path, wb, ws, rows = _unit_book(db, plan, tmp_path)
    copy = wb.copy_worksheet(ws)
    copy.title = "Bản sửa lần 2"
    row = rows[plan["tasks"]["thanh_nien"]]
    ws.cell(row, COL["result"]).value = "Bản 1"
    copy.cell(row, COL["result"]).value = "Bản 2"
    wb.save(path)
    pv = excel_import.preview(db, [path], today=TODAY)
    (err,) = pv.errors
    assert err.sheet == "Bản sửa lần 2" and f"trang «{ws.title}»" in err.message and "xóa trang kia" in err.message


@pytest.mark.parametrize(
    "typed",
    ["ngày 15/4/2026", "15/4/2026.", "15/04/2026 8:30", "Ngày 15/4/2026;", "15-04-26", "ngày 15 tháng 4 năm 2026"],
)
def test_completion_dates_as_clerks_type_them(db, plan, tmp_path, typed):
    path, wb, ws, rows = _unit_book(db, plan, tmp_path)
    ws.cell(rows[plan["tasks"]["thanh_nien"]], COL["completed"]).value = typed
    wb.save(path)
    pv = excel_import.preview(db, [path], today=TODAY)
    assert pv.ok, [e.message for e in pv.errors]
    assert [c.new.completed_on for c in pv.changes] == [dt.date(2026, 4, 15)]


def test_a_month_without_a_day_says_a_day_is_needed(db, plan, tmp_path):
    path, wb, ws, rows = _unit_book(db, plan, tmp_path)
    ws.cell(rows[plan["tasks"]["thanh_nien"]], COL["completed"]).value = "tháng 4/2026"
    wb.save(path)
    (err,) = excel_import.preview(db, [path], today=TODAY).errors
    assert "tháng 4/2026" in err.message and "ngày/tháng/năm" in err.message


def test_rows_sorted_without_their_hidden_key_are_not_given_to_the_wrong_tasks(db, plan, tmp_path):
    """Sorting only the visible columns («Continue with the current selection») moves the
    titles and the figures but not the hidden key: every figure would land on another task."""
    path, wb, ws, rows = _unit_book(db, plan, tmp_path)
    t = plan["tasks"]
    a, b = rows[t["thanh_nien"]], rows[t["guong_tot"]]
    ws.cell(a, COL["result"]).value = "Kết quả của việc tuyên truyền chủ đề năm"
    ws.cell(b, COL["result"]).value = "Kết quả của gương người tốt"
    for col in range(1, COL["key"]):  # the sort moved columns A..L, not the hidden M
        ws.cell(a, col).value, ws.cell(b, col).value = ws.cell(b, col).value, ws.cell(a, col).value
    wb.save(path)
    pv = excel_import.preview(db, [path], today=TODAY)
    assert not pv.ok
    assert sorted(e.row for e in pv.errors) == sorted([a, b])
    assert all("sắp xếp" in e.message and "Mã (không sửa)" in e.message for e in pv.errors)
    with pytest.raises(excel_import.ImportRefused):
        excel_import.apply(db, pv)


def test_a_task_renamed_in_the_plan_after_the_export_is_still_read(db, plan, tmp_path):
    path, wb, ws, rows = _unit_book(db, plan, tmp_path)
    task = plan["tasks"]["thanh_nien"]
    ws.cell(rows[task], COL["result"]).value = "Đã tuyên truyền"
    wb.save(path)
    db.execute("UPDATE tasks SET title = 'Tuyên truyền chủ đề năm (đã sửa tên)' WHERE id = ?", (task,))
    pv = excel_import.preview(db, [path], today=TODAY)
    assert pv.ok and [c.new.result for c in pv.changes] == ["Đã tuyên truyền"]


def test_an_exchange_file_picked_as_a_sheet_says_where_it_belongs(db, tmp_path):
    """A progress file (.khtiendo) from a lower office chosen in «Nhập bảng Excel» by mistake."""
    import zipfile

    wrong = tmp_path / "Tiến độ xã Thạch Hà.khtiendo"
    with zipfile.ZipFile(wrong, "w") as zf:
        zf.writestr("manifest.json", b'{"format": "kehoach-exchange"}')
        zf.writestr("progress.json", b"{}")
    (err,) = excel_import.preview(db, [wrong], today=TODAY).errors
    assert "tệp trao đổi" in err.message and "Trao đổi" in err.message and "giải nén" not in err.message


def test_long_task_titles_in_messages_are_cut_at_a_word():
    title = "Sơ kết việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh 6 tháng đầu năm"
    assert excel_import._short(title) == "Sơ kết việc học tập và làm theo tư tưởng, đạo đức, phong…"
    assert excel_import._short("Ngắn") == "Ngắn"


def _saved_at(path, stamp: str):
    """The workbook as if its unit had saved it at *stamp* (docProps/core.xml, as Excel writes it)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    core = members["docProps/core.xml"].decode()
    members["docProps/core.xml"] = re.sub(
        r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{stamp}\g<2>", core
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_an_older_copy_of_a_sheet_arriving_after_the_newer_one_does_not_undo_it(db, plan, tmp_path):
    """The unit e-mails its sheet, corrects it and sends it again by Zalo; the first e-mail is
    opened last. Its figures would silently replace the corrected ones."""
    path, wb, ws, rows = _unit_book(db, plan, tmp_path)
    row = rows[plan["tasks"]["thanh_nien"]]
    ws.cell(row, COL["result"]).value = "Bản đầu: đã tổ chức 1 buổi"
    first = path.with_name("ban-dau.xlsx")
    wb.save(first)
    ws.cell(row, COL["result"]).value = "Bản sửa: đã tổ chức 2 buổi"
    second = path.with_name("ban-sua.xlsx")
    wb.save(second)
    _saved_at(first, "2026-05-05T08:00:00Z")
    _saved_at(second, "2026-05-06T09:30:00Z")
    excel_import.apply(db, excel_import.preview(db, [second], today=TODAY))
    pv = excel_import.preview(db, [first], today=TODAY)
    (err,) = pv.errors
    assert "cũ hơn" in err.message and "ban-sua.xlsx" in err.message and "lưu lại" in err.message
    assert progress_store.effective(db, Q2, [plan["tasks"]["thanh_nien"]])[
        plan["tasks"]["thanh_nien"]
    ].report.result == ("Bản sửa: đã tổ chức 2 buổi")
    # The same corrected copy again is fine (nothing changes), and so is a copy saved later.
    assert excel_import.preview(db, [second], today=TODAY).ok
    _saved_at(first, "2026-05-07T10:00:00Z")
    assert excel_import.preview(db, [first], today=TODAY).ok


def _tcvn3(text: str) -> str:
    """*text* as a clerk's Excel stores it when typed with Unikey in TCVN3 under a .VnTime font."""
    from kehoach_desktop.importer.legacy import TCVN3_TABLE

    back = {v: chr(k) for k, v in TCVN3_TABLE.items() if k != 0x2212}
    return "".join(back.get(ch, ch) for ch in text)


def test_cells_typed_in_tcvn3_are_read_as_vietnamese_not_mojibake(db, plan, tmp_path):
    """Pitfall 4: «§· tæ chøc héi nghÞ» must never be stored; the preview says it was converted."""
    path, wb, ws, rows = _unit_book(db, plan, tmp_path)
    t = plan["tasks"]
    ws.cell(rows[t["thanh_nien"]], COL["result"]).value = _tcvn3("Đã tổ chức 2 buổi tuyên truyền cho đoàn viên")
    ws.cell(rows[t["thanh_nien"]], COL["completed"]).value = "20/4/2026"
    ws.cell(rows[t["guong_tot"]], COL["state"]).value = _tcvn3("Đang thực hiện")
    ws.cell(rows[t["guong_tot"]], COL["notes"]).value = _tcvn3("Chờ ý kiến")
    wb.save(path)
    pv = excel_import.preview(db, [path], today=TODAY)
    assert pv.ok, [e.message for e in pv.errors]
    by_task = {c.task_id: c.new for c in pv.changes}
    assert by_task[t["thanh_nien"]].result == "Đã tổ chức 2 buổi tuyên truyền cho đoàn viên"
    assert by_task[t["guong_tot"]].state == "in_progress" and by_task[t["guong_tot"]].notes == "Chờ ý kiến"
    (warning,) = pv.warnings
    assert "TCVN3" in warning.message and "Unicode" in warning.message


def test_unicode_cells_with_latin_symbols_are_left_alone(db, plan, tmp_path):
    path, wb, ws, rows = _unit_book(db, plan, tmp_path)
    ws.cell(rows[plan["tasks"]["thanh_nien"]], COL["notes"]).value = "Đạt 96% — xem §2 «Kết quả» ©UBND"
    wb.save(path)
    pv = excel_import.preview(db, [path], today=TODAY)
    assert pv.ok and not pv.warnings
    assert [c.new.notes for c in pv.changes] == ["Đạt 96% — xem §2 «Kết quả» ©UBND"]


def test_a_day_and_month_without_a_year_take_the_year_of_the_report_period(db, plan, tmp_path):
    """«20/4» typed in a Quý II/2026 sheet is 20/4/2026, said in a note; a day not yet come is still an error."""
    path, wb, ws, rows = _unit_book(db, plan, tmp_path)
    t = plan["tasks"]
    ws.cell(rows[t["thanh_nien"]], COL["completed"]).value = "20/4"
    wb.save(path)
    pv = excel_import.preview(db, [path], today=TODAY)
    assert pv.ok and [c.new.completed_on for c in pv.changes] == [dt.date(2026, 4, 20)]
    (note,) = pv.warnings
    assert "20/04/2026" in note.message and note.column == openpyxl.utils.get_column_letter(COL["completed"])
    ws.cell(rows[t["thanh_nien"]], COL["completed"]).value = "20/6"
    wb.save(path)
    (err,) = excel_import.preview(db, [path], today=TODAY).errors
    assert "chưa đến" in err.message
