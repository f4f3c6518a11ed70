"""`kehoach backup create|list|restore|verify`: backups from the command line."""

from __future__ import annotations

import json
import sqlite3

from kehoach_desktop.cli import main
from kehoach_desktop.safety import backup
from kehoach_desktop.safety.startup import open_for_gui


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _demo(tmp_path, capsys):
    db = tmp_path / "k.sqlite3"
    assert run(capsys, "demo", "--db", str(db))[0] == 0
    return db


def test_create_list_restore_verify(tmp_path, capsys):
    db = _demo(tmp_path, capsys)
    code, out, _ = run(capsys, "backup", "create", "--db", str(db), "--json")
    assert code == 0
    made = json.loads(out)
    c = sqlite3.connect(db)
    counts = [c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("directives", "plans")]
    assert made["ok"] and [made["directives"], made["plans"]] == counts and counts[0] > 0
    c.execute(
        "INSERT INTO directives(doc_type, number, created_at, updated_at) VALUES ('Công văn', '99-CV/VP', '', '')"
    )
    c.commit()
    c.close()
    code, out, _ = run(capsys, "--db", str(db), "backup", "list", "--json")
    listed = json.loads(out)
    assert [b["reason"] for b in listed] == ["thucong"] and listed[0]["directives"] == counts[0]
    code, out, _ = run(capsys, "backup", "restore", "1", "--db", str(db), "--yes")
    assert code == 0 and "Đã khôi phục" in out and "trước khi khôi phục" in out
    c = sqlite3.connect(db)
    assert c.execute("SELECT COUNT(*) FROM directives").fetchone()[0] == counts[0]
    assert c.execute("SELECT COUNT(*) FROM directives WHERE number = '99-CV/VP'").fetchone()[0] == 0
    c.close()
    reasons = [b.reason for b in backup.list_backups(backup.backup_dir(db))]
    assert "truockhoiphuc" in reasons
    code, out, _ = run(capsys, "backup", "verify", "--db", str(db))
    assert code == 0 and "toàn vẹn" in out


def test_create_to_folder_and_plain_list(tmp_path, capsys):
    db = _demo(tmp_path, capsys)
    usb = tmp_path / "usb"
    usb.mkdir()
    code, out, _ = run(capsys, "backup", "create", "--db", str(db), "--to", str(usb))
    assert code == 0 and str(usb) in out and "văn bản" in out
    assert len(list(usb.glob("*.sqlite3"))) == 1
    code, out, _ = run(capsys, "backup", "list", "--db", str(db))
    assert code == 0 and "Chưa có bản sao lưu" in out  # exports are not automatic backups
    code, _, err = run(capsys, "backup", "create", "--db", str(db), "--to", str(tmp_path / "khong-co"))
    assert code == 1 and "USB" in err


def test_restore_refused_while_open_or_damaged(tmp_path, capsys):
    db = _demo(tmp_path, capsys)
    assert run(capsys, "backup", "create", "--db", str(db))[0] == 0
    holder = open_for_gui(db)
    try:
        code, _, err = run(capsys, "backup", "restore", "1", "--db", str(db), "--yes")
        assert code == 1 and "đang được mở" in err
    finally:
        holder.close()
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 3000)
    code, _, err = run(capsys, "backup", "restore", str(bad), "--db", str(db), "--yes")
    assert code == 1 and err
    code, _, err = run(capsys, "backup", "restore", "7", "--db", str(db), "--yes")
    assert code == 1 and "số 7" in err


def test_restore_asks_first(tmp_path, capsys, monkeypatch):
    db = _demo(tmp_path, capsys)
    assert run(capsys, "backup", "create", "--db", str(db))[0] == 0
    monkeypatch.setattr("builtins.input", lambda prompt="": "k")
    code, out, _ = run(capsys, "backup", "restore", "1", "--db", str(db))
    assert code == 1 and "Đã hủy" in out
    assert [b.reason for b in backup.list_backups(backup.backup_dir(db))] == ["thucong"]


def test_verify_finds_damage(tmp_path, capsys):
    db = _demo(tmp_path, capsys)
    data = bytearray(db.read_bytes())
    data[4096 * 3 : 4096 * 4] = b"\xa5" * 4096
    db.write_bytes(bytes(data))
    code, _, err = run(capsys, "backup", "verify", "--db", str(db))
    assert code == 1 and ("hỏng" in err)


def test_create_refuses_another_program_s_database(tmp_path, capsys):
    """The walk: `backup create --db` on another program's SQLite file said «Đã sao lưu vào …»
    (a kehoach-style backup folder beside it) and then, on the next line, that the copy is no
    KeHoach file. It now says so first and writes nothing."""
    other = tmp_path / "places.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT)")
    con.commit()
    con.close()
    before = other.read_bytes()
    code, out, err = run(capsys, "backup", "create", "--db", str(other))
    assert code == 1 and "chương trình khác" in err and "Đã sao lưu" not in out
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.sqlite"]
