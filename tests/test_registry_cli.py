"""`kehoach directives …`, `kehoach demo`, `--db` anywhere, Vietnamese help and errors."""

import json
import os
import subprocess
import sys

import pytest

from kehoach_desktop.cli import main

CITATION = (
    "Hướng dẫn số 73-HD/BTGTU, ngày 16/11/2023 của Ban Tuyên giáo Tỉnh ủy về thực hiện "
    "công tác lý luận chính trị năm 2024"
)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_from_a_citation_then_list_search_show(tmp_path, capsys):
    db = str(tmp_path / "r.sqlite3")
    code, out, _ = run(capsys, "--db", db, "directives", "add", CITATION, "--json")
    assert code == 0
    doc = json.loads(out)
    assert (doc["type"], doc["number"], doc["date"], doc["issuer"]) == (
        "Hướng dẫn",
        "73-HD/BTGTU",
        "2023-11-16",
        "Ban Tuyên giáo Tỉnh ủy",
    )
    assert doc["summary"] == "thực hiện công tác lý luận chính trị năm 2024"
    assert doc["level"] == "Tỉnh"

    # --db after the subcommand works the same.
    code, out, _ = run(
        capsys,
        "directives",
        "add",
        "--db",
        db,
        "--number",
        "05-HD/ĐU",
        "--date",
        "3/1/2024",
        "--issuer",
        "Đảng ủy xã",
        "--summary",
        "thực hiện Hướng dẫn 73",
        "--implements",
        "73-HD/BTGTU",
        "--json",
    )
    assert code == 0
    child = json.loads(out)
    assert child["type"] == "Hướng dẫn" and child["implements"] == [doc["id"]] and child["date"] == "2024-01-03"

    code, out, _ = run(capsys, "directives", "list", "--db", db, "--json")
    assert [d["number"] for d in json.loads(out)] != [] and len(json.loads(out)) == 2

    for query in ("ly luan", "lý luận", "LY LUAN"):
        code, out, _ = run(capsys, "--db", db, "directives", "search", query, "--json")
        assert [d["number"] for d in json.loads(out)] == ["73-HD/BTGTU"]

    code, out, _ = run(capsys, "--db", db, "directives", "show", "73-HD/BTGTU")
    assert code == 0 and "Ban Tuyên giáo Tỉnh ủy" in out


def test_a_conflicting_citation_is_refused_unless_forced(tmp_path, capsys):
    db = str(tmp_path / "r.sqlite3")
    assert run(capsys, "--db", db, "directives", "add", CITATION)[0] == 0
    code, out, err = run(capsys, "--db", db, "directives", "add", CITATION.replace("16/11/2023", "17/11/2023"))
    assert code == 1
    assert "khác ngày 17/11/2023" in err and out == ""
    assert run(capsys, "--db", db, "directives", "add", CITATION.replace("16/11/2023", "17/11/2023"), "--force")[0] == 0


def test_bad_input_goes_to_stderr_with_non_zero_exit(tmp_path, capsys):
    db = str(tmp_path / "r.sqlite3")
    code, _, err = run(capsys, "--db", db, "directives", "add", "--number", "73-HD/BTGTU", "--date", "31/02/2024")
    assert code == 1 and "không tồn tại" in err
    code, _, err = run(capsys, "--db", db, "directives", "add", "chẳng có gì")
    assert code == 1 and "Không nhận ra trích dẫn" in err
    code, _, err = run(capsys, "--db", str(tmp_path / "missing.sqlite3"), "directives", "list")
    assert code == 1 and "Không tìm thấy tệp dữ liệu" in err


def test_demo_creates_a_database(tmp_path, capsys):
    db = tmp_path / "demo.sqlite3"
    code, out, _ = run(capsys, "demo", "--db", str(db))
    assert code == 0 and db.exists() and "dữ liệu mẫu" in out
    code, out, _ = run(capsys, "--db", str(db), "directives", "search", "01-KL", "--json")
    assert json.loads(out)[0]["issuer"] == "Bộ Chính trị"


def _cli(*argv, env_extra=None):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "kehoach_desktop", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["directives", "--help"],
        ["directives", "add", "--help"],
        ["directives", "search", "--help"],
        ["demo", "--help"],
    ],
)
def test_every_subcommand_has_help_in_vietnamese(argv):
    result = _cli(*argv)
    assert result.returncode == 0
    assert "Cách dùng" in result.stdout and "Tùy chọn" in result.stdout


def test_unknown_option_is_an_error_in_vietnamese():
    result = _cli("directives", "list", "--khong-co")
    assert result.returncode == 2 and "Lỗi:" in result.stderr


def test_smoke_starts_the_gui_fills_the_tree_and_exits(tmp_path):
    db = tmp_path / "smoke.sqlite3"
    result = _cli("--db", str(db), "--smoke")
    assert result.returncode == 0, result.stderr
    assert "ms" in result.stdout and "cây văn bản" in result.stdout
    assert db.exists()


def test_subcommand_usage_line_says_cach_dung_once():
    result = _cli("directives", "add", "--help")
    assert result.stdout.count("Cách dùng") == 1
    assert result.stdout.startswith("Cách dùng: kehoach directives add")
