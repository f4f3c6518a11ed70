"""``kehoach export pdf|docx`` end to end, on the demo database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from export_support import docx_paragraph_texts, norm
from pypdf import PdfReader

from kehoach_desktop.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def demo_file(demo_db):
    plan_id = demo_db.scalar("SELECT id FROM plans ORDER BY id LIMIT 1")
    demo_db.close()
    return Path(demo_db.path), plan_id


def test_export_pdf_and_docx(demo_file, tmp_path, capsys):
    db, plan = demo_file
    assert main(["export", "pdf", "--db", str(db), "--plan", str(plan), "-o", str(tmp_path / "a.pdf")]) == 0
    assert "Đã xuất" in capsys.readouterr().out
    reader = PdfReader(tmp_path / "a.pdf")
    text = norm(" ".join(p.extract_text() for p in reader.pages))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "DỰ THẢO" in text  # a draft plan carries the mark
    # --db before the subcommand works too; --profile state; --json output.
    assert (
        main(
            [
                "--db",
                str(db),
                "export",
                "docx",
                "--plan",
                str(plan),
                "-o",
                str(tmp_path / "a.docx"),
                "--profile",
                "state",
                "--no-draft",
                "--json",
            ]
        )
        == 0
    )
    info = json.loads(capsys.readouterr().out)
    assert info["profile"] == "state_ND30" and info["format"] == "docx"
    paras = docx_paragraph_texts(tmp_path / "a.docx")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in paras and "DỰ THẢO" not in paras


def test_secret_plan_needs_the_flag(demo_file, tmp_path, capsys):
    import sqlite3

    db, plan = demo_file
    with sqlite3.connect(db) as con:
        con.execute("UPDATE plans SET security = 'mật' WHERE id = ?", (plan,))
    out = tmp_path / "m.pdf"
    assert main(["export", "pdf", "--db", str(db), "--plan", str(plan), "-o", str(out)]) == 3
    err = capsys.readouterr().err
    assert "MẬT" in err and "--confirm-secret" in err and not out.exists()
    assert main(["export", "pdf", "--db", str(db), "--plan", str(plan), "-o", str(out), "--confirm-secret"]) == 0
    assert out.exists()
    with sqlite3.connect(db) as con:
        actions = [r[0] for r in con.execute("SELECT action FROM audit_log WHERE entity = 'plan'")]
    assert "export_secret" in actions


def test_errors_are_vietnamese(demo_file, tmp_path, capsys):
    db, _ = demo_file
    assert main(["export", "pdf", "--db", str(db), "--plan", "999", "-o", str(tmp_path / "x.pdf")]) == 1
    assert "kehoach plans list" in capsys.readouterr().err
    assert (
        main(["export", "pdf", "--db", str(db), "--plan", "1", "-o", str(tmp_path / "x.pdf"), "--profile", "abc"]) == 1
    )
    assert "party_36HD" in capsys.readouterr().err


def test_whole_process(demo_file, tmp_path):
    db, plan = demo_file
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kehoach_desktop",
            "export",
            "pdf",
            "--db",
            str(db),
            "--plan",
            str(plan),
            "-o",
            str(tmp_path / "p.pdf"),
            "--copy",
            "sao_y",
            "--copy-number",
            "5",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    text = norm(" ".join(p.extract_text() for p in PdfReader(tmp_path / "p.pdf").pages))
    assert "SAO Y BẢN CHÍNH" in text and "Số 05-BS/ĐU" in text
