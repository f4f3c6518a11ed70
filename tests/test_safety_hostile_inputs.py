"""Inputs that pass the checks but cost minutes or gigabytes (issue 13): inflated .docx
and .xlsx parts are refused before any parser runs, standard input is bounded like a
file, a DOCTYPE in UTF-32 is caught (defusedxml), a cell longer than Excel allows is
reported and an exported text too long for a cell says it was shortened, and user text
that looks like a formula stays text in every exported sheet."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from tracking_data import make_plan

from kehoach_desktop.importer import ImportFailure, parse_file, parse_text
from kehoach_desktop.safety.hostile import HostileFileError, check_office_file
from kehoach_desktop.tracking import excel_import
from kehoach_desktop.tracking import progress as progress_store
from kehoach_desktop.tracking.excel_export import export_consolidated, export_per_unit
from kehoach_desktop.tracking.periods import Period
from kehoach_desktop.tracking.progress import Report
from kehoach_desktop.tracking.sheet_layout import COLUMNS, META_SHEET, RowKey

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 5, 10)
Q2 = Period("quarter", 2026, 2)
COL = {c.key: i + 1 for i, c in enumerate(COLUMNS)}
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(path: Path, text: str = "Kế hoạch thực hiện Nghị quyết") -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    d.save(path)
    return path


def _replace(src: Path, dst: Path, parts: dict[str, bytes | object]) -> Path:
    """Copy a zip, replacing or adding parts; a callable value streams the part in chunks."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename not in parts:
                zout.writestr(info, zin.read(info.filename))
        for name, data in parts.items():
            if callable(data):
                with zout.open(name, "w", force_zip64=True) as fh:
                    for chunk in data():
                        fh.write(chunk)
            else:
                zout.writestr(name, data)
    return dst


def _inflating_xml(head: str, item: str, tail: str, megabytes: int):
    """An XML part of ``megabytes`` MB that compresses well, written in 1 MB chunks."""

    def chunks():
        yield head.encode()
        block = "".join(item.format(i=i) for i in range(4000)).encode()
        written = 0
        while written < megabytes * 1024 * 1024:
            yield block
            written += len(block)
        yield tail.encode()

    return chunks


def test_inflated_docx_is_refused_before_any_parser(tmp_path):
    body = _inflating_xml(
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>',
        "<w:p><w:r><w:t>Nhiệm vụ {i}: tuyên truyền, quán triệt</w:t></w:r></w:p>",
        "</w:body></w:document>",
        40,
    )
    bomb = _replace(_docx(tmp_path / "a.docx"), tmp_path / "bomb.docx", {"word/document.xml": body})
    assert bomb.stat().st_size < 4 * 1024 * 1024  # small on disk, 40 MB inflated
    with pytest.raises(HostileFileError) as exc:
        check_office_file(bomb, "docx")
    assert exc.value.reason == "zip_bomb" and "word/document.xml" in str(exc.value)
    with pytest.raises(ImportFailure) as exc:
        parse_file(bomb)
    assert "bom nén" in str(exc.value)


def test_inflated_shared_strings_refused_by_progress_import(db, tmp_path):
    plan = make_plan(db)
    path = _unit_file(db, plan, tmp_path)
    strings = _inflating_xml(
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
        "<si><t>Đã tổ chức hội nghị lần {i}</t></si>",
        "</sst>",
        40,
    )
    bomb = _replace(path, tmp_path / "bomb.xlsx", {"xl/sharedStrings.xml": strings})
    pv = excel_import.preview(db, [bomb], today=TODAY)
    assert not pv.ok
    assert any("bom nén" in i.message and "sharedStrings" in i.message for i in pv.errors)


@pytest.mark.parametrize("part", ["word/styles.xml", "word/extra.dat"])
def test_doctype_in_utf32_is_caught(tmp_path, part):
    body = '<?xml version="1.0" encoding="UTF-32"?><!DOCTYPE w [<!ENTITY a "b">]><w:styles ' + W + "/>"
    data = b"\xff\xfe\x00\x00" + body.encode("utf-32-le")
    src = _docx(tmp_path / "a.docx")
    p = _replace(src, tmp_path / "u32.docx", {part: data})
    with pytest.raises(HostileFileError) as exc:
        check_office_file(p, "docx")
    assert exc.value.reason in ("xml_entities", "corrupt")
    no_bom = _replace(src, tmp_path / "u32nobom.docx", {part: body.encode("utf-32-be")})
    with pytest.raises(HostileFileError):
        check_office_file(no_bom, "docx")


def test_defusedxml_is_what_openpyxl_uses():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML


def test_pasted_text_and_stdin_are_bounded_like_files():
    from kehoach_desktop.importer.readers import MAX_TEXT_BYTES

    with pytest.raises(ImportFailure) as exc:
        parse_text("Nhiệm vụ. " * (MAX_TEXT_BYTES // 10 + 10))
    assert exc.value.reason == "too_large" and "MB" in str(exc.value)
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kehoach_desktop", "parse", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    chunk = ("KẾ HOẠCH thực hiện nhiệm vụ năm 2026. " * 30000).encode()
    sent = 0
    try:
        while sent <= MAX_TEXT_BYTES + len(chunk):
            proc.stdin.write(chunk)
            sent += len(chunk)
        proc.stdin.close()
    except BrokenPipeError:
        pass  # it stopped reading at the limit, as it should
    _, err = proc.communicate(timeout=120)
    text = err.decode("utf-8")
    assert proc.returncode == 1 and "quá lớn" in text and "Traceback" not in text


def _unit_file(db, plan, tmp_path) -> Path:
    results = export_per_unit(db, plan["plan"], Q2, tmp_path / "out", today=TODAY)
    return next(r.path for r in results if r.unit_id == plan["units"]["ĐTN"])


def _task_sheet(wb):
    return next(ws for ws in wb.worksheets if ws.title not in (META_SHEET, "Tổng hợp", "Quá hạn"))


def test_cell_longer_than_excel_allows_is_reported(db, tmp_path):
    plan = make_plan(db)
    path = _unit_file(db, plan, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = _task_sheet(wb)
    row = next(r for r in range(1, ws.max_row + 1) if RowKey.decode(ws.cell(r, COL["key"]).value))
    ws.cell(row, COL["result"]).value = "DAI_QUA_MUC"
    wb.save(path)
    # 40,000 characters in one cell: no Excel (nor openpyxl, which cuts silently) writes
    # this, so the XML is edited by hand, as another program could.
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = next(n for n, d in parts.items() if b"DAI_QUA_MUC" in d)
    long_file = _replace(
        path, tmp_path / "dai.xlsx", {name: parts[name].replace(b"DAI_QUA_MUC", "Đã làm. ".encode() * 5000)}
    )
    pv = excel_import.preview(db, [long_file], today=TODAY)
    assert not pv.ok
    assert any("32.767" in i.message and i.row == row for i in pv.errors)


def test_exported_text_too_long_for_a_cell_says_so(db, tmp_path):
    plan = make_plan(db)
    task = plan["tasks"]["thanh_nien"]
    progress_store.record(db, task, Q2, Report(state="in_progress", result="Tuyên truyền. " * 4000))
    path = _unit_file(db, plan, tmp_path)
    ws = _task_sheet(openpyxl.load_workbook(path))
    cells = [ws.cell(r, COL["result"]).value for r in range(1, ws.max_row + 1)]
    long = [c for c in cells if isinstance(c, str) and len(c) > 30000]
    assert len(long) == 1 and "đã cắt bớt" in long[0] and len(long[0]) <= 32767


FORMULAS = ['=HYPERLINK("http://x","bấm")', "+84912345678", "-5 ngày", "@SUM(A1:A9)"]


def _all_string_cells(path: Path) -> list[tuple[str, object, str]]:
    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    out.append((ws.title, cell.value, cell.data_type))
    return out


def test_formula_like_user_text_stays_text_in_every_export(db, tmp_path):
    plan = make_plan(db, title=FORMULAS[0])
    db.execute("UPDATE units SET name = ? WHERE id = ?", (FORMULAS[1], plan["units"]["ĐTN"]))
    db.execute("UPDATE tasks SET title = ? WHERE id = ?", (FORMULAS[2], plan["tasks"]["thanh_nien"]))
    progress_store.record(
        db,
        plan["tasks"]["guong_tot"],
        Q2,
        Report(state="in_progress", result=FORMULAS[3], evidence=FORMULAS[0], notes=FORMULAS[2]),
    )
    paths = [r.path for r in export_per_unit(db, plan["plan"], Q2, tmp_path / "units", today=TODAY)]
    paths.append(export_consolidated(db, plan["plan"], Q2, tmp_path / "tong-hop.xlsx", today=TODAY).path)
    for path in paths:
        cells = _all_string_cells(path)
        assert not [c for c in cells if c[2] == "f"], f"{path.name}: a cell became a formula"
        with zipfile.ZipFile(path) as z:
            sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
            assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)
    seen = {v for p in paths for _, v, t in _all_string_cells(p) if t == "s"}
    for text in FORMULAS:
        assert any(isinstance(v, str) and text in v for v in seen), text
