"""`kehoach export pdf|docx` only reads the plan: it works while a KeHoach window has the
file open and from a read-only medium (a write-protected USB stick), like the window's own
«Xuất PDF…» does. Found by the outside walk: both cases were refused ("đang được cửa sổ
KeHoach … mở để sửa", "nằm trên ổ đĩa … chỉ cho đọc") although nothing is written.

A secret plan is the exception: its export is written to the audit log, so where the log
cannot be written the command says so and writes no file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from test_safety_read_only_media import read_only_medium

from kehoach_desktop.safety.startup import open_for_gui
from kehoach_desktop.store import open_database

ROOT = Path(__file__).resolve().parent.parent


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), KEHOACH_NO_BACKUP="1", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "kehoach_desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=180,
    )


def _demo(folder: Path) -> Path:
    folder.mkdir()
    path = folder / "k.sqlite3"
    made = _cli("demo", "--db", str(path))
    assert made.returncode == 0, made.stderr
    return path


def _issued_plan(path: Path, status: str = "issued") -> int:
    db = open_database(path, read_only=True)
    try:
        return int(db.scalar("SELECT id FROM plans WHERE status = ? ORDER BY id LIMIT 1", (status,)))
    finally:
        db.close()


def test_export_while_a_window_holds_the_file(tmp_path):
    path = _demo(tmp_path / "data")
    plan = _issued_plan(path)
    session = open_for_gui(path, make_backup=False)
    try:
        assert not session.read_only
        for fmt in ("pdf", "docx"):
            out = tmp_path / f"ke-hoach.{fmt}"
            run = _cli("--db", str(path), "export", fmt, "--plan", str(plan), "-o", str(out))
            assert run.returncode == 0, run.stderr
            assert out.stat().st_size > 1000
        # a write is still refused while the window has the file
        add = _cli(
            "--db", str(path), "directives", "add", "Hướng dẫn số 9-HD/BTGTU, ngày 16/11/2025 của Ban Tuyên giáo"
        )
        assert add.returncode == 3 and "cửa sổ KeHoach" in add.stderr
    finally:
        session.close(make_backup=False)


def test_export_from_a_read_only_medium(tmp_path):
    src = _demo(tmp_path / "usb").parent
    plan = _issued_plan(src / "k.sqlite3")
    with read_only_medium(src, tmp_path / "ro") as ro:
        out = tmp_path / "ke-hoach.pdf"
        run = _cli("--db", str(ro / "k.sqlite3"), "export", "pdf", "--plan", str(plan), "-o", str(out))
        assert run.returncode == 0, run.stderr
        assert out.read_bytes().startswith(b"%PDF")


def test_secret_export_is_refused_where_the_audit_log_cannot_be_written(tmp_path):
    path = _demo(tmp_path / "data")
    plan = _issued_plan(path, "draft")  # an issued plan cannot be changed to make it secret
    db = open_database(path)
    try:
        with db.transaction():
            db.execute("UPDATE plans SET security = 'mật' WHERE id = ?", (plan,))
    finally:
        db.close()
    session = open_for_gui(path, make_backup=False)
    try:
        out = tmp_path / "mat.pdf"
        run = _cli("--db", str(path), "export", "pdf", "--plan", str(plan), "-o", str(out), "--confirm-secret")
        assert run.returncode != 0
        assert "nhật ký" in run.stderr and "Traceback" not in run.stderr
        assert not out.exists()
    finally:
        session.close(make_backup=False)
    run = _cli("--db", str(path), "export", "pdf", "--plan", str(plan), "-o", str(out), "--confirm-secret")
    assert run.returncode == 0, run.stderr
    db = open_database(path, read_only=True)
    try:
        assert db.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'export_secret'") == 1
    finally:
        db.close()


def test_progress_import_dry_run_reads_while_a_window_holds_the_file(tmp_path):
    """`progress import --dry-run` only previews; it was refused like a write while the window
    was open. The real import is still refused then."""
    path = _demo(tmp_path / "data")
    plan = _issued_plan(path)
    sheet = tmp_path / "tien-do.xlsx"
    made = _cli("--db", str(path), "export", "progress", "--plan", str(plan), "-o", str(sheet))
    assert made.returncode == 0, made.stderr
    session = open_for_gui(path, make_backup=False)
    try:
        preview = _cli("--db", str(path), "progress", "import", "--dry-run", str(sheet))
        assert preview.returncode == 0, preview.stderr
        assert "tien-do.xlsx:" in preview.stdout and "thay đổi" in preview.stdout
        real = _cli("--db", str(path), "progress", "import", str(sheet))
        assert real.returncode == 3 and "cửa sổ KeHoach" in real.stderr
    finally:
        session.close(make_backup=False)
