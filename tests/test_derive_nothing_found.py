"""Cụ thể hóa of an upstream whose content was not read (a web page cut short, a Quyết định
of Điều …) says so before the draft is made (outside walk at 1366×768, issue 15): the review
showed an empty table, «0/0 nhiệm vụ được chọn» and «Tạo dự thảo», and the draft came out
with an empty «II. NỘI DUNG» that only the pre-signing check reported."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from offices import commune_office
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kehoach_desktop.core.derive.model import nothing_found
from kehoach_desktop.importer import parse_file
from kehoach_desktop.importer.persist import save_as_directive
from kehoach_desktop.store import derive as derive_store

CORPUS = Path(__file__).parent / "corpus"
PAGE = CORPUS / "st-quangnam-216-qd-ubnd-2023.txt"
FULL = Path(__file__).parent / "fixtures" / "derive" / "ke-hoach-tinh-uy-45.txt"


def _fragment(tmp_path: Path) -> Path:
    """The page cut after its căn cứ: the header and căn cứ only. (The page itself keeps the
    first lines of «Điều 1.», read as an article since issue 18.)"""
    text = PAGE.read_text(encoding="utf-8")
    out = tmp_path / PAGE.name
    out.write_text(text[: text.index("Điều 1.")], encoding="utf-8")
    return out


def _office(db) -> None:
    commune_office(db, province="QUẢNG NAM", commune="XÃ ĐẠI LỘC", place="Đại Lộc")


def test_the_model_says_when_nothing_of_the_upstream_was_read(db, tmp_path):
    _office(db)
    empty = derive_store.start(db, save_as_directive(db, parse_file(_fragment(tmp_path))), today=dt.date(2026, 12, 2))
    notice = nothing_found(empty)
    assert "Quyết định số 216/QĐ-UBND" in notice and "II. NỘI DUNG" in notice and "nhập lại" in notice
    full = derive_store.start(db, save_as_directive(db, parse_file(FULL)), today=dt.date(2027, 3, 15))
    assert nothing_found(full) == ""


def test_the_review_shows_it(qtbot, open_window, db, tmp_path):
    _office(db)
    did = save_as_directive(db, parse_file(_fragment(tmp_path)))
    window = open_window(db, tab="registry")
    window.registry_panel.select(did)
    seen = {}

    def in_review() -> None:
        dialog = QApplication.activeModalWidget()
        seen["text"] = dialog.notice.text() if dialog.notice.isVisibleTo(dialog) else ""
        dialog.reject()

    QTimer.singleShot(300, in_review)
    window.derive.action.trigger()
    qtbot.waitUntil(lambda: "text" in seen, timeout=10000)
    assert "Chưa nhận ra" in seen["text"]


def test_the_command_line_says_it(db, tmp_path):
    _office(db)
    did = save_as_directive(db, parse_file(_fragment(tmp_path)))
    path = db.path
    db.close()
    out = subprocess.run(
        [sys.executable, "-m", "kehoach_desktop", "--db", str(path), "plans", "derive", "--from", str(did)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.returncode == 0 and out.stdout.strip().isdigit()
    assert "Chưa nhận ra" in out.stderr
