"""Excel progress sheets: export, edit the way a unit would (with openpyxl), import."""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pytest
from tracking_data import make_plan, snapshot

from kehoach_desktop.tracking import excel_import, exports
from kehoach_desktop.tracking import progress as progress_store
from kehoach_desktop.tracking.excel_export import SecretNotConfirmed, export_consolidated, export_per_unit
from kehoach_desktop.tracking.periods import Period
from kehoach_desktop.tracking.progress import Report
from kehoach_desktop.tracking.queries import TaskFilter, load_rows
from kehoach_desktop.tracking.sheet_layout import COLUMNS, META_SHEET, RowKey
from kehoach_desktop.tracking.status import DONE_LATE, DONE_ON_TIME, IN_PROGRESS

TODAY = dt.date(2026, 5, 10)
Q2 = Period("quarter", 2026, 2)
COL = {c.key: i + 1 for i, c in enumerate(COLUMNS)}


def _unit_file(results, unit_id):
    return next(r.path for r in results if r.unit_id == unit_id)


def _task_sheet(wb):
    return next(ws for ws in wb.worksheets if ws.title not in (META_SHEET, "Tổng hợp", "Quá hạn"))


def _rows_by_task(ws):
    """task id → Excel row number, read through the hidden key column."""
    out = {}
    for r in range(1, ws.max_row + 1):
        key = RowKey.decode(ws.cell(r, COL["key"]).value)
        if key:
            out[key.task_id] = r
    return out


def _locked(ws, row, col):
    """Excel's view of a cell's locking: its own format, else its column's default format."""
    cell = ws.cell(row, col)
    if cell.has_style:
        return cell.protection.locked
    for dim in ws.column_dimensions.values():
        if dim.min and dim.max and dim.min <= col <= dim.max and dim.has_style:
            return ws.parent._protections[dim._style.protectionId].locked
    return True


def _preview(db, *paths):
    return excel_import.preview(db, paths, today=TODAY)


@pytest.fixture
def plan(db):
    return make_plan(db)


def test_export_layout_protection_and_print_setup(db, plan, tmp_path):
    res = export_consolidated(db, plan["plan"], Q2, tmp_path / "all.xlsx", today=TODAY)
    wb = openpyxl.load_workbook(res.path)
    assert wb.sheetnames[0] == META_SHEET and wb[META_SHEET].sheet_state == "veryHidden"
    assert "Tổng hợp" in wb.sheetnames
    ws = _task_sheet(wb)
    title = ws.cell(1, 1).value
    assert title == "BẢNG THEO DÕI TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH SỐ 12-KH/ĐU"
    header_text = " ".join(str(ws.cell(r, 1).value or "") for r in range(1, 6))
    assert "Đơn vị: Tất cả các đơn vị" in header_text and "Quý II/2026" in header_text
    rows = _rows_by_task(ws)
    assert set(rows) == set(plan["tasks"].values())
    r = rows[plan["tasks"]["hoi_nghi"]]
    # Protected sheet: editable columns unlocked, the rest locked.
    assert ws.protection.sheet
    for c in COLUMNS:
        assert _locked(ws, r, COL[c.key]) is (not c.editable), c.key
    # Empty editable cells (never written) are unlocked through their column's format, rows the
    # unit adds below the table too; every non-editable column stays locked.
    assert ws.cell(r, COL["result"]).value is None and not _locked(ws, ws.max_row + 5, COL["result"])
    assert _locked(ws, ws.max_row + 5, COL["title"])
    assert ws.column_dimensions[openpyxl.utils.get_column_letter(COL["key"])].hidden
    date_col = ws.column_dimensions[openpyxl.utils.get_column_letter(COL["completed"])]
    assert wb._number_formats[date_col._style.numFmtId - 164] == "dd/mm/yyyy"  # column default (custom id)
    # Drop-down from the hidden sheet, percent limited to 0..100.
    validations = {str(dv.sqref).split(":")[0][:1]: dv for dv in ws.data_validations.dataValidation}
    state_dv = validations[openpyxl.utils.get_column_letter(COL["state"])]
    assert state_dv.type == "list" and "DanhSachTinhTrang" in state_dv.formula1
    assert validations[openpyxl.utils.get_column_letter(COL["percent"])].type == "whole"
    assert "DanhSachTinhTrang" in wb.defined_names
    # Print: A4 landscape, fit to width, header row repeated.
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    # fitToWidth defaults to 1 in OOXML (so the writer omits it); fitToHeight 0 = as many pages as needed.
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
    assert int(ws.page_setup.fitToHeight) == 0
    header_row = r - list(_rows_by_task(ws).values()).index(r) - 1
    assert ws.cell(header_row, 1).value == "STT"
    assert ws.print_title_rows.replace("$", "") == f"{header_row}:{header_row}"


def test_summary_sheet_holds_values_not_formulas(db, plan, tmp_path):
    progress_store.record(
        db,
        plan["tasks"]["hoi_nghi"],
        Period("quarter", 2026, 1),
        Report(result="Đã tổ chức", completed_on=dt.date(2026, 3, 20)),
    )
    res = export_consolidated(db, plan["plan"], Q2, tmp_path / "all.xlsx", today=TODAY)
    wb = openpyxl.load_workbook(res.path, data_only=True)
    ws = wb["Tổng hợp"]
    rows = {r[1]: r for r in ws.iter_rows(values_only=True) if r[1]}
    bxd = rows["Ban Xây dựng Đảng"]
    # total 2: hội nghị done on time, sinh hoạt (periodic, Q2 not over) not started.
    assert bxd[2:8] == (2, 1, 0, 1, 0, 0) and bxd[8] == 50.0
    total = rows["Tổng cộng"]
    assert total[2] == 6 and total[7] == 1  # phụ nữ range ended 30/4 → overdue
    assert not any(isinstance(v, str) and v.startswith("=") for r in ws.iter_rows(values_only=True) for v in r)
    tws = wb["Theo dõi"]
    done = tws.cell(_rows_by_task(tws)[plan["tasks"]["hoi_nghi"]], COL["completed"])
    assert done.value == dt.datetime(2026, 3, 20) and done.number_format == "dd/mm/yyyy"
    late = [r for r in wb["Quá hạn"].iter_rows(values_only=True) if isinstance(r[0], int)]
    assert [(r[1], r[2], r[4], r[5]) for r in late] == [
        ("Học tập chuyên đề cho hội viên phụ nữ", "Hội Liên hiệp Phụ nữ xã", 10, "Quá hạn đến 30 ngày")
    ]


def test_per_unit_workbooks_hold_only_that_units_tasks(db, plan, tmp_path):
    results = export_per_unit(db, plan["plan"], Q2, tmp_path / "out", today=TODAY)
    assert {r.unit_id for r in results} == {plan["units"]["BXDĐ"], plan["units"]["ĐTN"], plan["units"]["HPN"]}
    for res in results:
        wb = openpyxl.load_workbook(res.path)
        assert wb[META_SHEET].sheet_state == "veryHidden" and wb.active.title == res.unit_name[:31]
        ws = _task_sheet(wb)
        tasks = set(_rows_by_task(ws))
        expected = {r[0] for r in db.all("SELECT id FROM tasks WHERE lead_unit_id = ?", (res.unit_id,))}
        assert tasks == expected
        assert ws.title == res.unit_name[:31]
        assert any(f"Đơn vị: {res.unit_name}" == (ws.cell(r, 1).value or "") for r in range(1, 6))


@pytest.mark.parametrize(
    ("source", "label"),
    [
        ("manual", "nhập tay"),
        ("cli", "dòng lệnh"),
        ("excel:3:VP trả về.xlsx@2026-12-03T06:10:45", "Excel «VP trả về.xlsx»"),
        ("excel:3:Tiến độ 15-KH-ĐU - Ban Xây dựng Đảng.xlsx", "Excel «Tiến độ 15-KH-ĐU - Ban Xây dựng Đảng.xlsx»"),
        ("excel:3:thư@xã.xlsx", "Excel «thư@xã.xlsx»"),
    ],
)
def test_where_a_report_came_from_is_named_for_people(source, label):
    assert progress_store.source_label(source) == label


def test_a_plan_without_a_number_is_named_by_its_title_not_its_id(db, plan, tmp_path):
    """The walk tracked a derived draft: «Tiến độ KH1 - Ban …», «Bảng theo dõi 1 Quý IV-2026»,
    and «KẾ HOẠCH SỐ (CHƯA CÓ SỐ)» — the database id means nothing to a unit."""
    from kehoach_desktop.tracking.excel_export import unit_file_name, workbook_title
    from kehoach_desktop.tracking.sheet_layout import plan_label

    row = {**dict(db.one("SELECT * FROM plans WHERE id = ?", (plan["plan"],))), "number": None}
    label = plan_label(row)
    assert label.startswith("KH chưa có số ") and row["title"].split()[0] in label
    assert str(plan["plan"]) not in label.split()
    name = unit_file_name(row, "Ban Xây dựng Đảng")
    assert name.startswith("Tiến độ KH chưa có số ") and name.endswith(" - Ban Xây dựng Đảng.xlsx"), name
    assert workbook_title(row) == "Bảng theo dõi tiến độ thực hiện Kế hoạch (chưa có số)"
    numbered = {**dict(row), "number": "15-KH/ĐU"}
    assert plan_label(numbered) == "15-KH/ĐU"
    assert unit_file_name(numbered, "Ban Xây dựng Đảng") == "Tiến độ 15-KH-ĐU - Ban Xây dựng Đảng.xlsx"


def test_round_trip_unit_edits(db, plan, tmp_path):
    """Reordered rows, a date typed as text, empty cells, control characters, an added row."""
    t, u = plan["tasks"], plan["units"]
    progress_store.record(
        db,
        t["guong_tot"],
        Period("quarter", 2026, 1),
        Report(state="in_progress", result="Đã đưa 3 tin", percent=30, notes="giữ nguyên"),
    )
    results = export_per_unit(db, plan["plan"], Q2, tmp_path / "out", today=TODAY)
    path = _unit_file(results, u["ĐTN"])
    wb = openpyxl.load_workbook(path)
    ws = _task_sheet(wb)
    rows = _rows_by_task(ws)
    r_tn, r_gt = rows[t["thanh_nien"]], rows[t["guong_tot"]]
    assert ws.cell(r_gt, COL["result"]).value == "Đã đưa 3 tin"  # pre-filled from the history
    # Swap the two rows (the way a unit sorts a sheet).
    for c in range(1, len(COLUMNS) + 1):
        a, b = ws.cell(r_tn, c).value, ws.cell(r_gt, c).value
        ws.cell(r_tn, c).value, ws.cell(r_gt, c).value = b, a
    r_tn, r_gt = r_gt, r_tn
    ws.cell(r_tn, COL["state"]).value = "Đã hoàn thành"
    ws.cell(r_tn, COL["completed"]).value = "05/5/2026"  # typed as text
    # Text pasted from a PDF with control characters, as Excel stores them (_xHHHH_ escapes).
    ws.cell(r_tn, COL["result"]).value = "Tổ chức 4 buổi_x000B_ tuyên truyền_x0007_"
    ws.cell(r_tn, COL["evidence"]).value = "Kế hoạch số 05-KH/ĐTN"
    ws.cell(r_gt, COL["result"]).value = "Đã đưa 7 tin, 2 bài"
    ws.cell(r_gt, COL["notes"]).value = None  # left empty: keeps "giữ nguyên"
    ws.cell(r_gt, COL["percent"]).value = None
    added = max(rows.values()) + 1
    ws.cell(added, COL["title"]).value = "Việc đơn vị tự thêm"
    ws.cell(added, COL["result"]).value = "Đã làm"
    wb.save(path)

    pv = _preview(db, path)
    assert pv.ok, [i.message for i in pv.errors]
    assert len(pv.warnings) == 1 and pv.warnings[0].row == added
    assert {c.task_id for c in pv.changes} == {t["thanh_nien"], t["guong_tot"]}
    before = snapshot(db)
    assert snapshot(db) == before  # preview wrote nothing
    excel_import.apply(db, pv)

    rows_q2 = {r.task_id: r for r in load_rows(db, Q2, TaskFilter(plan_ids=[plan["plan"]]), TODAY)}
    tn = rows_q2[t["thanh_nien"]]
    assert tn.report.completed_on == dt.date(2026, 5, 5) and tn.report.percent == 100
    assert tn.report.result == "Tổ chức 4 buổi tuyên truyền"
    assert tn.status == DONE_ON_TIME
    gt = rows_q2[t["guong_tot"]]
    assert gt.report.result == "Đã đưa 7 tin, 2 bài"
    assert gt.report.notes == "giữ nguyên" and gt.report.percent == 30
    assert gt.status == IN_PROGRESS
    # History kept: the Q1 report is still there, the new one appended.
    assert [h.report.result for h in progress_store.history(db, t["guong_tot"])] == [
        "Đã đưa 7 tin, 2 bài",
        "Đã đưa 3 tin",
    ]
    # The history names the file it came from (it showed «45», the seconds of the unit's save time).
    sources = [progress_store.source_label(h.source) for h in progress_store.history(db, t["guong_tot"])]
    assert sources == [f"Excel «{path.name}»", "nhập tay"]
    # Re-importing the same file changes nothing.
    after = snapshot(db)
    again = _preview(db, path)
    assert again.ok and again.changes == []
    excel_import.apply(db, again)
    assert snapshot(db) == after


def test_evidence_links_to_registry_when_registered(db, plan, tmp_path):
    from kehoach_desktop.store import directives

    did = directives.add(db, {"doc_type": "Kế hoạch", "number": "05-KH/ĐTN", "issuer": "Đoàn Thanh niên xã"})
    results = export_per_unit(db, plan["plan"], Q2, tmp_path / "out", today=TODAY)
    path = _unit_file(results, plan["units"]["ĐTN"])
    wb = openpyxl.load_workbook(path)
    ws = _task_sheet(wb)
    r = _rows_by_task(ws)[plan["tasks"]["thanh_nien"]]
    ws.cell(r, COL["evidence"]).value = "Kế hoạch số 05 - KH/ĐTN"
    wb.save(path)
    excel_import.apply(db, _preview(db, path))
    assert db.scalar("SELECT evidence_directive_id FROM progress") == did


def test_date_cell_as_real_date_and_late_completion(db, plan, tmp_path):
    results = export_per_unit(db, plan["plan"], Q2, tmp_path / "out", today=TODAY)
    path = _unit_file(results, plan["units"]["HPN"])
    wb = openpyxl.load_workbook(path)
    ws = _task_sheet(wb)
    r = _rows_by_task(ws)[plan["tasks"]["phu_nu"]]
    ws.cell(r, COL["completed"]).value = dt.datetime(2026, 5, 2)  # two days after 30/4
    wb.save(path)
    excel_import.apply(db, _preview(db, path))
    row = next(x for x in load_rows(db, Q2, today=TODAY) if x.task_id == plan["tasks"]["phu_nu"])
    assert row.status == DONE_LATE


def test_consolidated_workbook_round_trip(db, plan, tmp_path):
    res = export_consolidated(db, plan["plan"], Q2, tmp_path / "all.xlsx", today=TODAY)
    wb = openpyxl.load_workbook(res.path)
    ws = _task_sheet(wb)
    rows = _rows_by_task(ws)
    ws.cell(rows[plan["tasks"]["so_ket"]], COL["state"]).value = "Đang thực hiện"
    ws.cell(rows[plan["tasks"]["so_ket"]], COL["percent"]).value = 0.4  # Excel's 40 %
    wb.save(res.path)
    pv = _preview(db, res.path)
    assert pv.ok and len(pv.changes) == 1
    excel_import.apply(db, pv)
    row = next(x for x in load_rows(db, Q2, today=TODAY) if x.task_id == plan["tasks"]["so_ket"])
    assert row.report.state == "in_progress" and row.report.percent == 40 and row.status == IN_PROGRESS


def test_office_entry_after_export_is_not_overwritten(db, plan, tmp_path):
    """A report recorded after the export survives cells the unit did not touch."""
    t = plan["tasks"]
    results = export_per_unit(db, plan["plan"], Q2, tmp_path / "out", today=TODAY)
    progress_store.record(db, t["thanh_nien"], Q2, Report(result="Văn phòng ghi", percent=50))
    path = _unit_file(results, plan["units"]["ĐTN"])
    wb = openpyxl.load_workbook(path)
    ws = _task_sheet(wb)
    ws.cell(_rows_by_task(ws)[t["thanh_nien"]], COL["notes"]).value = "Đơn vị ghi chú"
    wb.save(path)
    excel_import.apply(db, _preview(db, path))
    rep = next(x for x in load_rows(db, Q2, today=TODAY) if x.task_id == t["thanh_nien"]).report
    assert (rep.result, rep.percent, rep.notes) == ("Văn phòng ghi", 50, "Đơn vị ghi chú")


def test_many_files_at_once(db, plan, tmp_path):
    results = export_per_unit(db, plan["plan"], Q2, tmp_path / "out", today=TODAY)
    for res in results:
        wb = openpyxl.load_workbook(res.path)
        ws = _task_sheet(wb)
        for r in _rows_by_task(ws).values():
            ws.cell(r, COL["result"]).value = f"Báo cáo của {res.unit_name}"
        wb.save(res.path)
    pv = _preview(db, *(r.path for r in results))
    assert pv.ok and len(pv.changes) == 5
    assert len(excel_import.apply(db, pv)) == 5
    assert db.scalar("SELECT COUNT(DISTINCT task_id) FROM progress") == 5


def test_secret_plan_requires_confirmation_and_carries_mark(db, tmp_path):
    plan = make_plan(db, number="7-KH/ĐU", security="mật")
    with pytest.raises(SecretNotConfirmed):
        export_consolidated(db, plan["plan"], Q2, tmp_path / "s.xlsx", today=TODAY)
    with pytest.raises(SecretNotConfirmed):
        export_per_unit(db, plan["plan"], Q2, tmp_path / "u", today=TODAY)
    assert not (tmp_path / "s.xlsx").exists() and db.scalar("SELECT COUNT(*) FROM progress_exports") == 0
    res = export_consolidated(db, plan["plan"], Q2, tmp_path / "s.xlsx", today=TODAY, allow_secret=True)
    wb = openpyxl.load_workbook(res.path)
    for ws in (wb["Tổng hợp"], wb["Quá hạn"], _task_sheet(wb)):
        assert ws.cell(1, 1).value == "MẬT"
        assert "MẬT" in ws.oddHeader.center.text
    for r in export_per_unit(db, plan["plan"], Q2, tmp_path / "u", today=TODAY, allow_secret=True):
        assert _task_sheet(openpyxl.load_workbook(r.path)).cell(1, 1).value == "MẬT"


def test_sheet_names_and_control_characters_are_sanitised(db, tmp_path):
    from kehoach_desktop.store import plans, profile
    from kehoach_desktop.store.plans import add_task

    unit = profile.add_unit(db, "Ban chỉ đạo 57-NQ/TW [chuyển đổi số]: tổ công tác rất dài tên")
    pid = plans.create(db, {"number": "3-KH/ĐU", "title": "Chuyển đổi số"})
    add_task(db, pid, "Nhiệm vụ\x01 có ký tự điều khiển", unit, deadline_kind="date", end=dt.date(2026, 12, 31))
    db.execute("UPDATE tasks SET title = title || char(2) || ' dán từ PDF'")  # bypass clean() on purpose
    (res,) = export_per_unit(db, pid, Q2, tmp_path / "u", today=TODAY)
    ws = _task_sheet(openpyxl.load_workbook(res.path))
    assert len(ws.title) <= 31 and not set("/\\?*[]:") & set(ws.title)
    assert "/" not in res.path.name
    r = next(iter(_rows_by_task(ws).values()))
    assert ws.cell(r, COL["title"]).value == "Nhiệm vụ có ký tự điều khiển dán từ PDF"


# -- every error leaves the database untouched ----------------------------------------------
def _edit_unit_file(db, plan, tmp_path, unit="ĐTN", **cells):
    results = export_per_unit(db, plan["plan"], Q2, tmp_path / "out", today=TODAY)
    path = _unit_file(results, plan["units"][unit])
    wb = openpyxl.load_workbook(path)
    ws = _task_sheet(wb)
    r = _rows_by_task(ws)[plan["tasks"]["thanh_nien"]]
    for key, value in cells.items():
        ws.cell(r, COL[key]).value = value
    wb.save(path)
    return path, r


def _assert_rejected(db, paths, column=None, row=None, words=()):
    before = snapshot(db)
    pv = _preview(db, *(paths if isinstance(paths, list) else [paths]))
    assert not pv.ok
    err = pv.errors[0]
    if column:
        assert err.column == column
    if row is not None:
        assert err.row == row
    for w in words:
        assert w in err.message
    assert err.sheet or err.row is None
    with pytest.raises(excel_import.ImportError_):
        excel_import.apply(db, pv)
    assert snapshot(db) == before
    return err


def _letter(key):
    return openpyxl.utils.get_column_letter(COL[key])


def test_error_unknown_status(db, plan, tmp_path):
    path, r = _edit_unit_file(db, plan, tmp_path, state="Làm xong rồi", result="ok")
    err = _assert_rejected(db, path, _letter("state"), r, ["Làm xong rồi", "Đã hoàn thành"])
    assert "Tình trạng" in err.message


def test_error_impossible_date(db, plan, tmp_path):
    path, r = _edit_unit_file(db, plan, tmp_path, completed="31/02/2026")
    _assert_rejected(db, path, _letter("completed"), r, ["31/02/2026", "không tồn tại"])


def test_error_future_completion_date(db, plan, tmp_path):
    path, r = _edit_unit_file(db, plan, tmp_path, completed="31/12/2026")
    _assert_rejected(db, path, _letter("completed"), r, ["31/12/2026", "chưa đến"])


def test_text_date_31_12_2026_is_read(db, plan, tmp_path):
    path, _r = _edit_unit_file(db, plan, tmp_path, completed="31/12/2026")
    pv = excel_import.preview(db, [path], today=dt.date(2027, 1, 5))
    assert pv.ok and pv.changes[0].new.completed_on == dt.date(2026, 12, 31)


@pytest.mark.parametrize("value", [150, -5, "120%", "nhiều"])
def test_error_percent_out_of_range(db, plan, tmp_path, value):
    path, r = _edit_unit_file(db, plan, tmp_path, percent=value)
    _assert_rejected(db, path, _letter("percent"), r, ["Tỷ lệ"])


@pytest.mark.parametrize("value", ["#NAME?", "#VALUE!", "#REF!"])
def test_error_excel_error_value_as_result(db, plan, tmp_path, value):
    """The walk: a unit that starts «Kết quả» with «+», «-» or «=» («+ Đã tổ chức 2 đợt») gets an
    Excel formula error in the cell; «#NAME?» was imported as the task's result."""
    path, r = _edit_unit_file(db, plan, tmp_path, state="Đang thực hiện", result=value)
    err = _assert_rejected(db, path, _letter("result"), r, [value, "'"])
    assert "công thức" in err.message


def test_error_done_without_date(db, plan, tmp_path):
    path, r = _edit_unit_file(db, plan, tmp_path, state="Đã hoàn thành")
    _assert_rejected(db, path, _letter("completed"), r, ["ngày hoàn thành"])


def test_error_row_from_another_plan(db, plan, tmp_path):
    other = make_plan(db, number="20-KH/ĐU", title="Kế hoạch khác")
    foreign = export_per_unit(db, other["plan"], Q2, tmp_path / "other", today=TODAY)
    fws = _task_sheet(openpyxl.load_workbook(_unit_file(foreign, other["units"]["ĐTN"])))
    foreign_row = [c.value for c in fws[next(iter(_rows_by_task(fws).values()))]]
    path, _ = _edit_unit_file(db, plan, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = _task_sheet(wb)
    target = ws.max_row + 1
    for c, v in enumerate(foreign_row, start=1):
        ws.cell(target, c).value = v
    wb.save(path)
    _assert_rejected(db, path, _letter("key"), target, ["kế hoạch khác", "20-KH/ĐU"])


def test_error_row_from_another_units_file(db, plan, tmp_path):
    results = export_per_unit(db, plan["plan"], Q2, tmp_path / "out", today=TODAY)
    src = _task_sheet(openpyxl.load_workbook(_unit_file(results, plan["units"]["HPN"])))
    row_values = [c.value for c in src[_rows_by_task(src)[plan["tasks"]["phu_nu"]]]]
    path = _unit_file(results, plan["units"]["ĐTN"])
    wb = openpyxl.load_workbook(path)
    ws = _task_sheet(wb)
    target = ws.max_row + 1
    for c, v in enumerate(row_values, start=1):
        ws.cell(target, c).value = v
    ws.cell(target, COL["result"]).value = "Báo cáo hộ"
    wb.save(path)
    _assert_rejected(db, path, _letter("key"), target, ["Hội Liên hiệp Phụ nữ xã"])


def test_error_superseded_workbook(db, plan, tmp_path):
    old, _ = _edit_unit_file(db, plan, tmp_path, result="Theo tệp cũ")
    kept = tmp_path / "cu.xlsx"
    shutil.copy(old, kept)
    export_per_unit(db, plan["plan"], Q2, tmp_path / "moi", today=TODAY)  # a newer export for every unit
    err = _assert_rejected(db, kept, words=["lần xuất mới hơn"])
    assert err.row is None


def test_error_workbook_from_another_database(db, plan, tmp_path):
    path, _ = _edit_unit_file(db, plan, tmp_path, result="x")
    db.set_meta(exports.DB_TOKEN_KEY, "another-file")
    _assert_rejected(db, path, words=["tệp dữ liệu KeHoach khác"])


def test_error_not_our_workbook(db, plan, tmp_path):
    path = tmp_path / "la.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Bảng tự làm"
    wb.save(path)
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"not a zip")
    _assert_rejected(db, path, words=["không phải bảng theo dõi"])
    _assert_rejected(db, broken, words=["Không mở được tệp"])


def test_error_in_one_file_blocks_all_files(db, plan, tmp_path):
    results = export_per_unit(db, plan["plan"], Q2, tmp_path / "out", today=TODAY)
    good = _unit_file(results, plan["units"]["BXDĐ"])
    wb = openpyxl.load_workbook(good)
    ws = _task_sheet(wb)
    ws.cell(next(iter(_rows_by_task(ws).values())), COL["result"]).value = "Tốt"
    wb.save(good)
    bad = _unit_file(results, plan["units"]["ĐTN"])
    wb = openpyxl.load_workbook(bad)
    ws = _task_sheet(wb)
    ws.cell(_rows_by_task(ws)[plan["tasks"]["thanh_nien"]], COL["percent"]).value = 101
    wb.save(bad)
    _assert_rejected(db, [good, bad], _letter("percent"))


def test_error_duplicate_row(db, plan, tmp_path):
    path, r = _edit_unit_file(db, plan, tmp_path, result="a")
    wb = openpyxl.load_workbook(path)
    ws = _task_sheet(wb)
    target = ws.max_row + 1
    for c in range(1, len(COLUMNS) + 1):
        ws.cell(target, c).value = ws.cell(r, c).value
    ws.cell(target, COL["result"]).value = "b"
    wb.save(path)
    _assert_rejected(db, path, _letter("key"), target, ["trùng"])


def test_deleted_rows_are_harmless(db, plan, tmp_path):
    path, _r = _edit_unit_file(db, plan, tmp_path, result="Còn một dòng")
    wb = openpyxl.load_workbook(path)
    ws = _task_sheet(wb)
    other = _rows_by_task(ws)[plan["tasks"]["guong_tot"]]
    ws.delete_rows(other)
    wb.save(path)
    pv = _preview(db, path)
    assert pv.ok and [c.task_id for c in pv.changes] == [plan["tasks"]["thanh_nien"]]


def test_apply_refuses_when_database_changed_since_preview(db, plan, tmp_path):
    path, _ = _edit_unit_file(db, plan, tmp_path, result="Từ tệp")
    pv = _preview(db, path)
    progress_store.record(db, plan["tasks"]["thanh_nien"], Q2, Report(result="Nhập tay trong lúc đó"))
    before = snapshot(db)
    with pytest.raises(excel_import.ImportError_, match="xem trước lại"):
        excel_import.apply(db, pv)
    assert snapshot(db) == before


def test_large_export_streams_rows_and_still_imports(db, plan, tmp_path, monkeypatch):
    """Above 20,000 rows the writer streams (constant memory); the workbook must stay importable."""
    from kehoach_desktop.tracking import excel_export

    real = excel_export._Writer.__init__

    def streaming(self, path, n_rows):
        real(self, path, 10**6)  # force the large-export mode on our small plan

    monkeypatch.setattr(excel_export._Writer, "__init__", streaming)
    res = export_consolidated(db, plan["plan"], Q2, tmp_path / "big.xlsx", today=TODAY)
    wb = openpyxl.load_workbook(res.path)
    ws = _task_sheet(wb)
    ws.cell(_rows_by_task(ws)[plan["tasks"]["so_ket"]], COL["result"]).value = "Đã chuẩn bị"
    wb.save(res.path)
    pv = _preview(db, res.path)
    assert pv.ok and [c.task_id for c in pv.changes] == [plan["tasks"]["so_ket"]]


def test_unwritable_target_is_explained_and_leaves_no_export(db, plan, tmp_path):
    from kehoach_desktop.tracking.excel_export import ExportError

    target = tmp_path / "khong-co-thu-muc" / "x.xlsx"  # parent folder missing
    with pytest.raises(ExportError, match=r"Không xuất được bảng Excel\. Không tìm thấy tệp hoặc thư mục «x\.xlsx»"):
        export_consolidated(db, plan["plan"], Q2, target, today=TODAY)
    assert db.scalar("SELECT COUNT(*) FROM progress_exports") == 0


def test_units_whose_names_sanitise_alike_get_distinct_files(db, tmp_path):
    from kehoach_desktop.store import plans, profile
    from kehoach_desktop.store.plans import add_task

    a = profile.add_unit(db, "Tổ 1/2")
    b = profile.add_unit(db, "Tổ 1-2")
    pid = plans.create(db, {"number": "4-KH/ĐU", "title": "Thử"})
    add_task(db, pid, "Việc của tổ A", a)
    add_task(db, pid, "Việc của tổ B", b)
    results = export_per_unit(db, pid, Q2, tmp_path / "u", today=TODAY)
    assert len({r.path for r in results}) == 2 and all(r.path.exists() for r in results)


def test_cancelled_export_leaves_nothing_behind(db, plan, tmp_path):
    from kehoach_desktop.tracking.excel_export import Cancelled

    steps = []
    with pytest.raises(Cancelled):
        export_consolidated(
            db,
            plan["plan"],
            Q2,
            tmp_path / "c.xlsx",
            today=TODAY,
            progress=lambda f, m: steps.append(f),
            abort=lambda: True,
        )
    assert not (tmp_path / "c.xlsx").exists()
    assert db.scalar("SELECT COUNT(*) FROM progress_exports") == 0
    with pytest.raises(Cancelled):
        export_per_unit(db, plan["plan"], Q2, tmp_path / "u", today=TODAY, abort=lambda: True)
    assert not list((tmp_path / "u").glob("*.xlsx"))


def test_progress_is_reported_and_import_can_be_cancelled(db, plan, tmp_path):
    steps = []
    res = export_consolidated(
        db, plan["plan"], Q2, tmp_path / "a.xlsx", today=TODAY, progress=lambda f, m: steps.append((f, m))
    )
    assert steps[-1][0] == 1.0 and steps[0][0] == 0.0
    seen = []
    excel_import.preview(db, [res.path], today=TODAY, progress=lambda f, m: seen.append(m))
    assert seen and seen[-1] == "Đã đọc xong."
    from kehoach_desktop.tracking.excel_import import Cancelled as ImportCancelled

    many = [res.path] * 3
    calls = iter([False, True, True, True, True])
    with pytest.raises(ImportCancelled):
        excel_import.preview(db, many, today=TODAY, abort=lambda: next(calls, True))
