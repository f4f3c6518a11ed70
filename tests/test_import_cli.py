"""``kehoach parse FILE --json`` (the JSON contract) and ``kehoach import`` from the command line."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
KEYS = {
    "doc_type",
    "number",
    "superior_body",
    "issuer",
    "place",
    "date",
    "title",
    "basis",
    "sections",
    "references",
    "tasks",
    "assignments",
    "recipients",
    "signature",
}


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "kehoach_desktop", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_parse_json_contract():
    result = run("parse", str(FIXTURES / "ke-hoach-xa-dash-2025.txt"), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= KEYS
    assert (data["doc_type"], data["number"], data["place"], data["date"]) == (
        "KẾ HOẠCH",
        "12-KH/ĐU",
        "Thạch Sơn",
        "2025-03-05",
    )
    assert data["superior_body"] == "ĐẢNG BỘ TỈNH HÀ TĨNH" and data["issuer"] == "ĐẢNG ỦY XÃ THẠCH SƠN"
    first = data["sections"][0]
    assert set(first) == {"label", "heading", "paragraphs", "children"}
    assert (first["label"], first["heading"]) == ("I", "MỤC ĐÍCH, YÊU CẦU")
    assert first["children"][0] == {
        "label": "1",
        "heading": "Mục đích",
        "paragraphs": [
            "Tạo sự thống nhất trong nhận thức và hành động của cán bộ, đảng viên về nhiệm vụ công tác tuyên giáo năm 2025."
        ],
        "children": [],
    }
    grand = data["sections"][1]["children"][0]["children"]
    assert [c["label"] for c in grand] == ["1.1", "1.2"]
    # Bullets stay paragraphs of their section.
    assert grand[0]["paragraphs"][2] == "Chi bộ thôn tổ chức vào ngày sinh hoạt định kỳ."
    ref = data["references"][0]
    assert ref == {
        "type": "Nghị quyết",
        "number": "116/2018/NQ-HĐND",
        "date": "2018-12-07",
        "issuer": "Hội đồng nhân dân tỉnh",
        "subject": "chính sách hỗ trợ phát triển văn hóa cơ sở",
    }
    numbers = [r["number"] for r in data["references"]]
    assert len(numbers) == len(set(numbers))
    task = data["tasks"][0]
    # "cooperating": units named with "phối hợp với …" (issue 16).
    assert set(task) == {"text", "section", "units", "cooperating", "deadline", "product"}
    assert task["section"] == "II.1.1"
    assert task["deadline"] == {"kind": "date", "start": None, "end": "2025-05-31", "text": "trước ngày 31/5/2025"}
    assert data["assignments"][0] == {
        "unit": "Văn phòng Đảng ủy",
        "text": "Tham mưu tổ chức các hội nghị; tổng hợp kết quả, báo cáo Ban Thường vụ hằng quý.",
    }
    assert data["recipients"][-1] == "Lưu VPĐU"
    assert data["signature"] == {"authority": "T/M ĐẢNG ỦY", "title": "BÍ THƯ", "name": "Trần Văn Bình"}


def test_parse_absent_values_are_null_or_empty(tmp_path):
    path = tmp_path / "ngan.txt"
    path.write_text("Các chi bộ học tập nghị quyết.\nBáo cáo kết quả hằng tháng.\n", encoding="utf-8")
    data = json.loads(run("parse", str(path), "--json").stdout)
    for key in ("doc_type", "number", "superior_body", "issuer", "place", "date", "title", "signature"):
        assert data[key] is None, key
    assert data["references"] == [] and data["recipients"] == [] and data["assignments"] == []


def test_parse_unreadable_file_exits_non_zero_with_vietnamese_message(tmp_path):
    path = tmp_path / "cu.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    result = run("parse", str(path), "--json")
    assert result.returncode != 0
    assert result.stdout == ""
    assert "Word cũ" in result.stderr and "Lưu thành" in result.stderr
    missing = run("parse", str(tmp_path / "khong-co.docx"), "--json")
    assert missing.returncode != 0 and "Không đọc được" in missing.stderr


def test_import_plan_prints_id_and_stores(tmp_path):
    db = tmp_path / "kh.sqlite3"
    result = run("import", str(FIXTURES / "ke-hoach-xa-dash-2025.txt"), "--db", str(db), "--as-plan")
    assert result.returncode == 0, result.stderr
    plan_id = int(result.stdout.strip())
    con = sqlite3.connect(db)
    status, number = con.execute("SELECT status, number FROM plans WHERE id = ?", (plan_id,)).fetchone()
    assert (status, number) == ("issued", "12-KH/ĐU")
    assert con.execute("SELECT COUNT(*) FROM tasks WHERE plan_id = ?", (plan_id,)).fetchone()[0] > 5
    assert con.execute("SELECT COUNT(*) FROM directives").fetchone()[0] == 6


def test_import_as_directive_and_folder(tmp_path):
    db = tmp_path / "kh.sqlite3"
    one = run("import", str(FIXTURES / "ke-hoach-ubnd-state-2025.txt"), "--db", str(db), "--as-directive")
    assert one.returncode == 0, one.stderr
    did = int(one.stdout.strip())
    con = sqlite3.connect(db)
    number, structure = con.execute("SELECT number, structure_json FROM directives WHERE id = ?", (did,)).fetchone()
    assert number == "155/KH-UBND" and json.loads(structure)["title"].startswith("Triển khai")
    folder = tmp_path / "thu-muc"
    folder.mkdir()
    for name in ("tcvn3-ke-hoach.txt", "vni-ke-hoach.txt", "ke-hoach-xa-dash-2025.txt"):
        shutil.copy(FIXTURES / name, folder / name)
    (folder / "hong.pdf").write_bytes(b"%PDF-1.4")
    many = run("--db", str(db), "import", str(folder), "--as-plan")
    assert many.returncode == 3  # some imported, some refused
    assert len(many.stdout.split()) == 2
    assert "hong.pdf" in many.stderr
    # The TCVN3 and VNI files are the same issued plan (07-KH/ĐU): the second is refused.
    assert "07-KH/ĐU đã dùng" in many.stderr


def test_parse_reads_pasted_text_from_stdin():
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    text = (FIXTURES / "vni-ke-hoach.txt").read_bytes().decode("latin-1")
    result = subprocess.run(
        [sys.executable, "-m", "kehoach_desktop", "parse", "-", "--json"],
        cwd=ROOT,
        input=text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["doc_type"], data["number"], data["issuer"]) == ("KẾ HOẠCH", "07-KH/ĐU", "ĐẢNG ỦY XÃ THIÊN LỘC")


def _office(db: Path, issuer: str = "") -> None:
    """A database with (or without) our office's issuing body in its profile."""
    from kehoach_desktop.core.models import OfficeProfile
    from kehoach_desktop.store import open_database, profile

    con = open_database(db)
    if issuer:
        profile.save(con, OfficeProfile(issuer_body=issuer, issuer_code="ĐU", place="Thạch Sơn"))
    con.close()


def test_import_files_another_bodys_document_in_the_registry_by_default(tmp_path):
    """Issue 16: without a flag, a document whose issuer is not our office goes to the registry
    ("văn bản của cơ quan cấp trên"), ours to our plans; the reason is said in Vietnamese, the
    original file is kept attached either way, --as-plan overrides."""
    db = tmp_path / "kh.sqlite3"
    _office(db, "ĐẢNG ỦY XÃ THẠCH SƠN")
    ubnd = run("import", str(FIXTURES / "ke-hoach-ubnd-state-2025.txt"), "--db", str(db))
    assert ubnd.returncode == 0, ubnd.stderr
    did = int(ubnd.stdout.strip())
    assert "sổ văn bản" in ubnd.stderr and "không phải của cơ quan mình" in ubnd.stderr and "--as-plan" in ubnd.stderr
    ours = run("import", str(FIXTURES / "ke-hoach-xa-dash-2025.txt"), "--db", str(db), "--json")
    assert ours.returncode == 0, ours.stderr
    entry = json.loads(ours.stdout)["imported"][0]
    assert entry["as"] == "plan" and "cơ quan mình" in entry["reason"]
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM plans").fetchone()[0] == 1
    number, attachment = con.execute("SELECT number, attachment_id FROM directives WHERE id = ?", (did,)).fetchone()
    assert number == "155/KH-UBND"
    kept = con.execute("SELECT filename, data FROM attachments WHERE id = ?", (attachment,)).fetchone()
    assert kept == ("ke-hoach-ubnd-state-2025.txt", (FIXTURES / "ke-hoach-ubnd-state-2025.txt").read_bytes())
    extra = json.loads(con.execute("SELECT extra_json FROM plans").fetchone()[0])
    assert con.execute(
        "SELECT filename FROM attachments WHERE id = ?", (extra["original_attachment_id"],)
    ).fetchone() == ("ke-hoach-xa-dash-2025.txt",)
    # The user says otherwise: the UBND document becomes our plan.
    forced = run("import", str(FIXTURES / "ke-hoach-ubnd-state-2025.txt"), "--db", str(db), "--as-plan", "--again")
    assert forced.returncode == 0, forced.stderr
    assert con.execute("SELECT number FROM plans WHERE id = ?", (int(forced.stdout),)).fetchone() == ("155/KH-UBND",)


def test_import_without_our_office_compares_with_the_bodies_we_issued_as(tmp_path):
    """Office not described yet: a document whose issuer differs from every body our plans were
    issued as goes to the registry — and, with no plan of ours at all, any issued document does —
    with the reason said; a document of the body our plans carry is ours."""
    db = tmp_path / "kh.sqlite3"
    first = run("import", str(FIXTURES / "ke-hoach-xa-dash-2025.txt"), "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert "Chưa khai báo cơ quan của mình" in first.stderr and "sổ văn bản" in first.stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM plans").fetchone()[0] == 0
    plan = run("import", str(FIXTURES / "vni-ke-hoach.txt"), "--db", str(db), "--as-plan")  # ĐẢNG ỦY XÃ THIÊN LỘC
    assert plan.returncode == 0, plan.stderr
    ours = tmp_path / "ke-hoach-09.txt"
    ours.write_text(
        "ĐẢNG BỘ TỈNH HÀ TĨNH\nĐẢNG ỦY XÃ THIÊN LỘC\nSố 09-KH/ĐU\nThiên Lộc, ngày 10 tháng 3 năm 2025\n"
        "KẾ HOẠCH\nTổ chức học tập năm 2025\nI. NỘI DUNG\n1. Các chi bộ tổ chức học tập.\n",
        encoding="utf-8",
    )
    same = run("import", str(ours), "--db", str(db), "--json")  # the body our plan was issued as
    assert json.loads(same.stdout)["imported"][0]["as"] == "plan"
    other = run("import", str(FIXTURES / "ke-hoach-ubnd-state-2025.txt"), "--db", str(db), "--json")
    entry = json.loads(other.stdout)["imported"][0]
    assert entry["as"] == "directive" and "khác mọi cơ quan đã ban hành kế hoạch" in entry["reason"]


def test_importing_the_same_file_twice_warns_and_skips(tmp_path):
    db = tmp_path / "kh.sqlite3"
    _office(db, "ĐẢNG ỦY XÃ THẠCH SƠN")
    copy = tmp_path / "ban-sao.txt"
    shutil.copy(FIXTURES / "ke-hoach-xa-dash-2025.txt", copy)
    assert run("import", str(FIXTURES / "ke-hoach-xa-dash-2025.txt"), "--db", str(db)).returncode == 0
    again = run("import", str(copy), "--db", str(db))  # the same bytes under another name
    assert again.returncode == 0 and again.stdout.strip() == ""
    assert "Cảnh báo: ban-sao.txt" in again.stderr and "đã được nhập trước đây" in again.stderr
    assert "--again" in again.stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM plans").fetchone()[0] == 1
    folder = tmp_path / "f"
    folder.mkdir()
    shutil.copy(copy, folder / "a.txt")
    shutil.copy(FIXTURES / "ke-hoach-ubnd-state-2025.txt", folder / "b.txt")
    data = json.loads(run("import", str(folder), "--db", str(db), "--json").stdout)
    assert [d["file"] for d in data["duplicates"]] == ["a.txt"] and [i["file"] for i in data["imported"]] == ["b.txt"]
