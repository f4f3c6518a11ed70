"""``kehoach export progress`` and ``kehoach progress import|list|record|remind|report``."""

from __future__ import annotations

import json

import openpyxl
import pytest
from tracking_data import make_plan

from kehoach_desktop.cli import main
from kehoach_desktop.store import open_database
from kehoach_desktop.tracking.sheet_layout import COLUMNS, RowKey

COL = {c.key: i + 1 for i, c in enumerate(COLUMNS)}


@pytest.fixture
def dbfile(tmp_path):
    path = tmp_path / "db.sqlite3"
    db = open_database(path)
    ids = make_plan(db)
    db.close()
    return path, ids


def _edit(path, task_id, **cells):
    wb = openpyxl.load_workbook(path)
    ws = next(w for w in wb.worksheets if w.sheet_state == "visible" and w.title not in ("Tổng hợp", "Quá hạn"))
    for r in range(1, ws.max_row + 1):
        key = RowKey.decode(ws.cell(r, COL["key"]).value)
        if key and key.task_id == task_id:
            for k, v in cells.items():
                ws.cell(r, COL[k]).value = v
    wb.save(path)


def test_export_edit_import_round_trip(dbfile, tmp_path, capsys):
    path, ids = dbfile
    out = tmp_path / "units"
    assert (
        main(
            [
                "export",
                "progress",
                "--db",
                str(path),
                "--plan",
                str(ids["plan"]),
                "--per-unit",
                str(out),
                "--period",
                "2026-Q2",
                "--today",
                "10/05/2026",
                "--json",
            ]
        )
        == 0
    )
    files = json.loads(capsys.readouterr().out)
    assert len(files) == 3
    dtn = next(f["path"] for f in files if f["unit"] == "Đoàn Thanh niên xã")
    _edit(dtn, ids["tasks"]["thanh_nien"], state="Đã hoàn thành", completed="08/5/2026", result="Xong")

    assert main(["progress", "import", "--db", str(path), dtn, "--dry-run", "--json", "--today", "10/05/2026"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["change_count"] == 1 and report["applied"] == 0
    db = open_database(path)
    assert db.scalar("SELECT COUNT(*) FROM progress") == 0
    db.close()

    assert main(["progress", "import", "--db", str(path), dtn, "--today", "10/05/2026"]) == 0
    assert "Đã ghi 1 thay đổi" in capsys.readouterr().out
    assert (
        main(
            [
                "progress",
                "list",
                "--db",
                str(path),
                "--plan",
                str(ids["plan"]),
                "--period",
                "2026-Q2",
                "--today",
                "10/05/2026",
                "--json",
            ]
        )
        == 0
    )
    tasks = {t["task_id"]: t for t in json.loads(capsys.readouterr().out)["tasks"]}
    assert tasks[ids["tasks"]["thanh_nien"]]["status"] == "done_on_time"
    assert tasks[ids["tasks"]["thanh_nien"]]["completed_on"] == "2026-05-08"
    # Same file again: nothing changes.
    assert main(["progress", "import", "--db", str(path), dtn, "--json", "--today", "10/05/2026"]) == 0
    assert json.loads(capsys.readouterr().out)["change_count"] == 0


def test_import_with_errors_exits_non_zero_and_writes_nothing(dbfile, tmp_path, capsys):
    path, ids = dbfile
    out = tmp_path / "all.xlsx"
    assert (
        main(
            ["export", "progress", "--db", str(path), "--plan", str(ids["plan"]), "-o", str(out), "--period", "2026-Q2"]
        )
        == 0
    )
    _edit(out, ids["tasks"]["phu_nu"], percent=250)
    _edit(out, ids["tasks"]["so_ket"], result="Hợp lệ")
    capsys.readouterr()
    assert main(["progress", "import", "--db", str(path), str(out), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert not data["ok"] and data["applied"] == 0
    err = data["files"][0]["errors"][0]
    assert err["column"] == openpyxl.utils.get_column_letter(COL["percent"]) and err["row"] and err["sheet"]
    assert main(["progress", "import", "--db", str(path), str(out)]) == 1
    assert "Chưa ghi gì" in capsys.readouterr().err
    db = open_database(path)
    assert db.scalar("SELECT COUNT(*) FROM progress") == 0
    db.close()


def test_secret_plan_needs_confirm_flag(tmp_path, capsys):
    path = tmp_path / "s.sqlite3"
    db = open_database(path)
    ids = make_plan(db, security="tối mật")
    db.close()
    out = tmp_path / "s.xlsx"
    assert main(["export", "progress", "--db", str(path), "--plan", str(ids["plan"]), "-o", str(out)]) == 3
    assert "TỐI MẬT" in capsys.readouterr().err and not out.exists()
    assert (
        main(["export", "progress", "--db", str(path), "--plan", str(ids["plan"]), "-o", str(out), "--confirm-secret"])
        == 0
    )
    assert openpyxl.load_workbook(out)["Tổng hợp"]["A1"].value == "TỐI MẬT"


def test_record_remind_and_report(dbfile, tmp_path, capsys):
    path, ids = dbfile
    assert (
        main(
            [
                "progress",
                "record",
                "--db",
                str(path),
                "--task",
                str(ids["tasks"]["hoi_nghi"]),
                "--period",
                "Quý I/2026",
                "--completed",
                "31/3/2026",
                "--result",
                "Đã tổ chức",
            ]
        )
        == 0
    )
    assert (
        main(["progress", "record", "--db", str(path), "--task", str(ids["tasks"]["hoi_nghi"]), "--percent", "140"])
        == 1
    )
    assert "0 đến 100" in capsys.readouterr().err
    assert main(["progress", "remind", "--db", str(path), "--today", "26/06/2026", "--json"]) == 0
    rem = json.loads(capsys.readouterr().out)
    assert [t["task_id"] for t in rem["overdue"]] == [ids["tasks"]["phu_nu"]]
    assert {t["task_id"] for t in rem["due_soon"]} == {ids["tasks"]["sinh_hoat"], ids["tasks"]["thanh_nien"]}
    out = tmp_path / "bc.docx"
    assert (
        main(
            [
                "progress",
                "report",
                "--db",
                str(path),
                "--plan",
                str(ids["plan"]),
                "--period",
                "2026-H1",
                "-o",
                str(out),
                "--save-draft",
                "--today",
                "05/07/2026",
            ]
        )
        == 0
    )
    assert out.exists() and "lưu thành văn bản" in capsys.readouterr().out
    import docx

    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "BÁO CÁO" in text and "Đã tổ chức" in text


def test_bad_period_is_explained(dbfile, capsys):
    path, _ids = dbfile
    assert main(["progress", "list", "--db", str(path), "--period", "quý 9"]) == 1
    assert "Ví dụ hợp lệ" in capsys.readouterr().err


def test_list_filters_by_status_unit_and_directive_chain(tmp_path, capsys):
    from kehoach_desktop.store import directives, plans

    path = tmp_path / "f.sqlite3"
    db = open_database(path)
    kl = directives.add(db, {"doc_type": "Kết luận", "number": "01-KL/TW"})
    tu = directives.add(db, {"doc_type": "Kế hoạch", "number": "49-KH/TU", "parent_ids": [kl]})
    a = make_plan(db, issued=False)
    plans.set_basis(db, a["plan"], [tu])
    make_plan(db, number="40-KH/ĐU", title="Ngoài chuỗi")
    db.close()
    args = ["progress", "list", "--db", str(path), "--period", "2026-Q2", "--today", "10/05/2026", "--json"]
    assert main(args + ["--status", "overdue"]) == 0
    tasks = json.loads(capsys.readouterr().out)["tasks"]
    assert len(tasks) == 4 and {t["status"] for t in tasks} == {"overdue"}
    assert main(args + ["--directive", str(kl)]) == 0
    assert {t["plan_id"] for t in json.loads(capsys.readouterr().out)["tasks"]} == {a["plan"]}
    assert main(args + ["--unit", str(a["units"]["HPN"]), "--plan", str(a["plan"])]) == 0
    assert [t["title"] for t in json.loads(capsys.readouterr().out)["tasks"]] == [
        "Học tập chuyên đề cho hội viên phụ nữ"
    ]
