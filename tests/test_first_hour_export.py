"""Issue 20, export: «Xuất PDF…» in the print preview; after an export the status bar offers
«Mở tệp» and «Mở thư mục»; default names keep their diacritics the same way everywhere;
file dialogs start in the last folder used or Documents, never the program's folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QPushButton

from kehoach_desktop.demo import load_demo
from kehoach_desktop.paths import program_dir
from kehoach_desktop.ui import files
from kehoach_desktop.ui.preview import controller as controller_module

UI = Path(__file__).resolve().parents[1] / "kehoach_desktop" / "ui"


def test_file_stem_keeps_vietnamese_letters_and_drops_reserved_characters():
    assert files.file_stem("Báo cáo", "Q4-2026", "KH", "05-KH/ĐU") == "Báo cáo Q4-2026 KH 05-KH-ĐU"
    assert files.file_stem("Kế hoạch", 'a:b*c?"d') == "Kế hoạch a-b-c-d"
    decomposed = "Ke\u0302\u0301 hoa\u0323ch"  # typed with a combining-mark keyboard
    assert files.file_stem(decomposed) == "Kế hoạch"


def test_default_names_follow_one_rule(db):
    from kehoach_desktop.store.plans import load_document

    plan_id = load_demo(db)
    name = controller_module.suggested_name(load_document(db, plan_id), "pdf")
    assert name.startswith("Kế hoạch ") and name.endswith(".pdf") and "thực hiện công tác" in name.lower()


def test_dialogs_start_in_documents_then_the_last_folder(tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    start = files.start_folder(settings)
    assert start == files.documents_dir()
    assert start != program_dir() and start != Path.cwd()
    folder = tmp_path / "Tài liệu" / "Kế hoạch"
    folder.mkdir(parents=True)
    files.remember_folder(folder / "x.pdf", settings)
    assert files.start_folder(settings) == folder
    folder.rmdir()  # a removed folder (USB taken out): back to Documents
    assert files.start_folder(settings) == files.documents_dir()


def _calls(text: str, start: str):
    """The text of each call that begins with *start* (up to its closing parenthesis)."""
    for m in re.finditer(re.escape(start), text):
        depth, i = 0, m.end()
        while i < len(text):
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            if depth == 0 and text[i] == ")":
                break
            i += 1
        yield text[m.start() : i + 1]


def test_every_file_dialog_starts_in_the_remembered_folder():
    """No dialog may start in the working directory ('' start) — the program's folder when
    started from a shortcut: each starts in files.start_folder() (or exchange's start_dir,
    which is the same memory). Restore/recovery start in the backups' own folder on purpose."""
    allowed = {"files.py", "restore_dialog.py", "recovery_dialog.py"}
    offenders = []
    for path in UI.rglob("*.py"):
        if path.name in allowed:
            continue
        text = path.read_text(encoding="utf-8")
        for call in _calls(text, "QFileDialog.get"):
            if "start_dir(" not in call and "start_folder(" not in call:
                offenders.append(f"{path.relative_to(UI)}: {call[:80]}")
    assert offenders == []


def test_exchange_files_share_the_one_folder_memory(tmp_path):
    from kehoach_desktop.ui.exchange.dialogs import remember_dir, start_dir

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    folder = tmp_path / "USB"
    folder.mkdir()
    remember_dir(settings, folder / "goi.khgoi")
    assert files.start_folder(settings) == folder and start_dir(settings) == str(folder)


@pytest.fixture
def window(open_window, db, tmp_path, monkeypatch):
    monkeypatch.setattr(controller_module, "QSettings", lambda: QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    load_demo(db)
    return open_window(db)


def _wait(qtbot, controller):
    qtbot.waitUntil(lambda: controller.last_job is not None and controller.last_job.finished, timeout=30000)


def test_preview_exports_pdf_and_status_bar_opens_file_and_folder(window, qtbot, tmp_path, monkeypatch):
    c = window.export_controller
    plan_id = window.ctx.db.scalar("SELECT id FROM plans WHERE status = 'draft'")
    c.preview(plan_id=plan_id, profile_id="party_36HD", show=False)
    _wait(qtbot, c)
    dialog = c.dialog
    assert dialog.pdf_button.text() == "&Xuất PDF…" and dialog.pdf_button.isEnabled()
    asked = []
    target = tmp_path / "ra" / "ban-in.pdf"
    target.parent.mkdir()

    def save(parent, title, start, filters):
        asked.append(start)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    dialog.pdf_button.click()
    _wait(qtbot, c)
    assert target.exists() and target.read_bytes()[:4] == b"%PDF"
    assert Path(asked[0]).name.startswith("Kế hoạch ")  # the suggested name
    assert Path(asked[0]).parent == files.documents_dir() or Path(asked[0]).parent.exists()
    notice = window.statusBar().findChild(files.ExportNotice)
    assert notice is not None and notice.isVisible() and target.name in notice.label.text()
    assert notice.label.sizeHint().width() <= notice.label.width() + 1  # the whole notice is readable
    for button in notice.findChildren(QPushButton):  # compact, not stretched across the status bar
        assert button.width() <= button.sizeHint().width() + 4
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    buttons = {b.text(): b for b in notice.findChildren(QPushButton)}
    buttons["Mở tệp"].click()
    buttons["Mở thư mục"].click()
    assert opened == [str(target), str(target.parent)]
    # the next «Lưu thành…» starts where this one went
    assert files.start_folder(c.settings) == target.parent


def test_tracking_names_say_bao_cao_with_diacritics(window, monkeypatch):
    panel = window.tracking_panel
    plan_id = window.ctx.db.scalar("SELECT id FROM plans WHERE status = 'issued'")
    names = []

    def save(parent, title, start, filters):
        names.append(Path(start).name)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    panel.make_report(plan_id, save_draft=False)
    panel.export_consolidated(plan_id)
    assert names[0].startswith("Báo cáo ") and names[0].endswith(".docx")
    assert names[1].startswith("Bảng theo dõi ") and names[1].endswith(".xlsx")
    assert "/" not in names[0] and "ĐU" in names[0]
    assert "Quý " in names[0]  # the period as people write it (Quý IV-2026), not the code 2026-Q4
