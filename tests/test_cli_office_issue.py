"""«Thông tin cơ quan» and «Ban hành» from the command line (a secretary's scripts): the same
store functions as the window's dialog and button, with --help in Vietnamese."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kehoach_desktop.cli import main
from kehoach_desktop.store import open_database
from kehoach_desktop.store import profile as profile_store


def _db(path):
    return ["--db", str(path)]


def test_office_set_then_show_on_a_new_file(tmp_path, capsys):
    db = tmp_path / "xa.sqlite3"
    # typed with a decomposing keyboard (NFD): stored as NFC, like the dialog
    issuer = "ĐẢNG ỦY XÃ THẠCH HÀ".replace("Ả", "A\u0309")
    assert main(["office", "set", *_db(db), "--issuer", issuer, "--code", "ĐU", "--place", "Thạch Hà"]) == 0
    assert "Đã lưu thông tin cơ quan" in capsys.readouterr().out
    assert main(["office", "set", *_db(db), "--signer", "Nguyễn Văn A"]) == 0  # the rest is kept
    capsys.readouterr()
    assert main(["office", "show", *_db(db), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["issuer_body"] == "ĐẢNG ỦY XÃ THẠCH HÀ" and shown["issuer_code"] == "ĐU"
    assert shown["signer_name"] == "Nguyễn Văn A" and shown["place"] == "Thạch Hà"
    conn = open_database(db)
    try:
        assert profile_store.load(conn).issuer_body == "ĐẢNG ỦY XÃ THẠCH HÀ"
    finally:
        conn.close()
    assert main(["office", "show", *_db(db)]) == 0
    assert "Cơ quan ban hành: ĐẢNG ỦY XÃ THẠCH HÀ" in capsys.readouterr().out
    # the issuer and its code cannot be emptied, as in the dialog
    assert main(["office", "set", *_db(db), "--code", " "]) != 0
    assert "ký hiệu" in capsys.readouterr().err
    assert main(["office", "set", *_db(db)]) != 0
    assert "Chưa ghi mục nào" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["office", "set"], ["office", "show"], ["plans", "issue"]])
def test_help_is_vietnamese(command, capsys):
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    out = capsys.readouterr().out
    assert "Cách dùng:" in out and "In hướng dẫn này rồi thoát" in out


def test_plans_issue_numbers_dates_and_locks_after_the_check(tmp_path, capsys):
    db = tmp_path / "demo.sqlite3"
    assert main(["demo", *_db(db)]) == 0
    assert main(["plans", "new", *_db(db), "--year", "2027", "--title", "Kế hoạch thử"]) == 0
    capsys.readouterr()
    conn = open_database(db)
    pid = conn.scalar("SELECT MAX(id) FROM plans")
    conn.close()
    # The empty draft does not pass the pre-signing check: refused, saying why and what to do.
    assert main(["plans", "issue", *_db(db), str(pid)]) != 0
    err = capsys.readouterr().err
    assert "chưa có nội dung" in err and "--ignore-errors" in err
    day = dt.date.today()
    args = ["plans", "issue", *_db(db), str(pid), "--number", "12-KH/ĐU", "--date", day.strftime("%d/%m/%Y")]
    assert main([*args, "--ignore-errors"]) == 0
    assert f"Đã ban hành kế hoạch số 12-KH/ĐU, ngày {day:%d/%m/%Y}." in capsys.readouterr().out
    conn = open_database(db)
    try:
        row = conn.one("SELECT status, number, plan_date FROM plans WHERE id = ?", (pid,))
    finally:
        conn.close()
    assert tuple(row) == ("issued", "12-KH/ĐU", day.isoformat())
    assert main([*args, "--ignore-errors"]) != 0
    assert "đã ban hành rồi (số 12-KH/ĐU)" in capsys.readouterr().err
    assert main(["plans", "issue", *_db(db), "999"]) != 0
    assert "Không có kế hoạch mã 999" in capsys.readouterr().err
