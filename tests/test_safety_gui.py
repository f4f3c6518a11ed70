"""Data safety in the GUI: backup/restore actions with preview, the read-only banner for
a second instance, the damaged-file dialog's ways out, the history view, the close hook."""

from __future__ import annotations

import socket
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QApplication

from kehoach_desktop import app as app_module
from kehoach_desktop.safety import backup
from kehoach_desktop.safety.lock import owner_path
from kehoach_desktop.safety.startup import open_for_gui
from kehoach_desktop.store import directives, open_database
from kehoach_desktop.ui import messages


@pytest.fixture
def said(monkeypatch):
    out = {"info": [], "error": [], "confirm": []}
    monkeypatch.setattr(messages, "info", lambda parent, text, title="": out["info"].append(text))
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": out["error"].append(text))

    def confirm(parent, text, title="", yes="", no="", detail="", safe_default=False):
        out["confirm"].append(text)
        return True

    monkeypatch.setattr(messages, "confirm", confirm)
    return out


def _demo_file(path: Path) -> Path:
    from kehoach_desktop.demo import load_demo

    db = open_database(path)
    load_demo(db)
    db.close()
    return path


def _n_directives(path: Path) -> int:
    import sqlite3

    c = sqlite3.connect(path)
    try:
        return c.execute("SELECT COUNT(*) FROM directives").fetchone()[0]
    finally:
        c.close()


def _session(qtbot, path: Path):
    session = app_module.Session(QApplication.instance() or QApplication([]))
    assert session.open(path)
    qtbot.addWidget(session.window)
    return session


def _menu_texts(window, key):
    return [a.text() for a in window.menus[key].actions()]


def test_actions_and_a_backup_from_the_menu(qtbot, tmp_path, said):
    path = _demo_file(tmp_path / "k.sqlite3")
    s = _session(qtbot, path)
    w = s.window
    assert {"&Sao lưu ngay", "Sao lưu &ra…", "&Khôi phục…"} <= set(_menu_texts(w, "file"))
    assert "Lịch &sử thay đổi…" in _menu_texts(w, "edit")
    assert owner_path(path).exists()  # this window is the writer
    job = w.safety.make_backup()
    qtbot.waitUntil(lambda: job.finished, timeout=10000)
    made = backup.list_backups(backup.backup_dir(path))
    assert len(made) == 1 and made[0].reason == "thucong"
    n = _n_directives(path)
    assert n > 0 and f"{n} văn bản" in said["info"][-1]
    usb = tmp_path / "usb"
    usb.mkdir()
    job = w.safety.export_backup(str(usb))
    qtbot.waitUntil(lambda: job.finished, timeout=10000)
    out = list(usb.glob("*.sqlite3"))
    assert len(out) == 1 and backup.preview(out[0]).directives == n
    w.close()
    assert not owner_path(path).exists()  # the close hook released the lock


def test_second_instance_shows_read_only_banner(qtbot, tmp_path, said, monkeypatch):
    from kehoach_desktop.ui.safety import session as safety_session

    monkeypatch.setattr(safety_session, "_ask_switch", lambda parent, who: False)  # "Mở chỉ để xem"
    path = _demo_file(tmp_path / "k.sqlite3")
    first = open_for_gui(path)
    try:
        s = _session(qtbot, path)
        w = s.window
        assert s.ctx.read_only
        banners = [b for b in w.safety_banners if b.kind == "readonly"]
        assert banners and "CHỈ XEM" in banners[0].text() and socket.gethostname() in banners[0].text()
        assert "[chỉ đọc]" in w.windowTitle()
        assert not w.safety.restore.isEnabled()
        # an edit is refused with the reason, nothing written
        from kehoach_desktop.store.directive_ops import AddDirective

        assert s.ctx.push(AddDirective({"doc_type": "Công văn", "number": "9-CV/VP", "issuer": "x"})) is None
        assert said["error"] and "chỉ đọc" in said["error"][-1]
        w.close()
        assert owner_path(path).exists()  # the reader leaves the writer's lock alone
    finally:
        first.close()


def test_restore_with_preview_then_reopen(qtbot, tmp_path, said):
    path = _demo_file(tmp_path / "k.sqlite3")
    old = backup.create_backup(path, "thucong")
    links = backup.preview(old.path)
    s = _session(qtbot, path)
    with s.ctx.db.transaction():
        s.ctx.db.execute("DELETE FROM directive_links")
    directives.add(s.ctx.db, {"doc_type": "Công văn", "number": "99-CV/VP", "issuer": "Văn phòng"})
    first_window = s.window
    assert first_window.safety.restore_backup(old.path, confirmed=True) is None
    # the window was closed (pending work saved, lock released), the file restored, then reopened
    qtbot.waitUntil(lambda: s.window is not first_window, timeout=10000)
    assert not first_window.isVisible()
    qtbot.addWidget(s.window)
    db = s.ctx.db
    assert db.scalar("SELECT COUNT(*) FROM directives WHERE number = '99-CV/VP'") == 0
    assert db.scalar("SELECT COUNT(*) FROM directive_links") > 0
    assert db.scalar("SELECT COUNT(*) FROM directives") == links.directives
    assert not s.ctx.read_only  # our own lock was handed over, not a second writer
    reasons = [b.reason for b in backup.list_backups(backup.backup_dir(path))]
    assert "truockhoiphuc" in reasons
    assert any("Trước khi khôi phục" in t or "trước khi khôi phục" in t for t in said["info"])
    s.window.close()


def test_restore_dialog_lists_and_previews(qtbot, tmp_path):
    from kehoach_desktop.ui.safety.restore_dialog import RestoreDialog

    path = _demo_file(tmp_path / "k.sqlite3")
    info = backup.create_backup(path, "khoidong")
    dlg = RestoreDialog(path)
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == 1 and dlg.table.item(0, 1).text() == "Khi mở chương trình"
    assert dlg.chosen == info.path and dlg.ok.isEnabled()
    pv = backup.preview(info.path)
    assert f"{pv.plans} kế hoạch, {pv.directives} văn bản" in dlg.preview_label.text() and pv.directives > 0
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"x" * 100)
    dlg.show_preview(junk)
    assert not dlg.ok.isEnabled() and dlg.chosen is None


def test_damaged_file_opens_newest_good_backup(qtbot, tmp_path, said, monkeypatch):
    from kehoach_desktop.ui.safety import session as safety_session

    path = _demo_file(tmp_path / "k.sqlite3")
    good_backup = backup.create_backup(path, "dong").path
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    asked = []
    monkeypatch.setattr(
        safety_session,
        "_recovery_dialog",
        lambda p, problem, parent: asked.append(problem) or SimpleNamespace(choice="backup"),
    )
    s = _session(qtbot, path)
    assert asked and asked[0].kind == "damaged"
    assert s.ctx.db.scalar("SELECT COUNT(*) FROM directives") == backup.preview(good_backup).directives
    aside = s.ctx.startup.moved_aside
    assert aside is not None and aside.read_bytes() == data[: len(data) // 2]
    assert any(str(aside) in t for t in said["info"])
    s.window.close()


def test_recovery_dialog_buttons(qtbot, tmp_path, said):
    from kehoach_desktop.safety.recovery import Problem
    from kehoach_desktop.ui.safety.recovery_dialog import RecoveryDialog

    path = _demo_file(tmp_path / "k.sqlite3")
    problem = Problem("damaged", "Tệp dữ liệu «k.sqlite3» bị hỏng.", "Tệp dữ liệu bị hỏng")
    dlg = RecoveryDialog(path, problem)
    qtbot.addWidget(dlg)
    assert not dlg.use_newest.isEnabled() and "Không tìm thấy" in dlg.backup_label.text()
    backup.create_backup(path, "dong")
    dlg = RecoveryDialog(path, problem)
    qtbot.addWidget(dlg)
    assert dlg.use_newest.isEnabled() and f"{_n_directives(path)} văn bản" in dlg.backup_label.text()
    dlg.use_newest.click()
    assert dlg.choice == "backup"
    dlg = RecoveryDialog(path, problem)
    qtbot.addWidget(dlg)
    dlg.fresh.click()  # asks first (confirm patched to yes)
    assert dlg.choice == "fresh" and said["confirm"]


def test_history_view_for_the_selected_document(qtbot, tmp_path, said):
    from kehoach_desktop.ui.safety.history import show_history

    path = _demo_file(tmp_path / "k.sqlite3")
    s = _session(qtbot, path)
    did = directives.add(s.ctx.db, {"doc_type": "Công văn", "number": "77-CV/VP", "issuer": "Văn phòng"})
    directives.update(s.ctx.db, did, {"summary": "về lịch sử thay đổi"})
    dlg = show_history(s.window, "directive", did, "77-CV/VP")
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == 2
    assert dlg.table.item(0, 1).text() == s.ctx.db.user
    assert "sửa" in dlg.table.item(0, 2).text() and "về lịch sử thay đổi" in dlg.table.item(0, 3).text()
    dlg.scope.setCurrentIndex(1)  # every recent change
    assert dlg.table.rowCount() >= 2
    s.window.close()


def test_close_makes_a_backup_when_something_changed(qtbot, tmp_path, said, monkeypatch):
    monkeypatch.delenv("KEHOACH_NO_BACKUP", raising=False)
    path = _demo_file(tmp_path / "k.sqlite3")
    s = _session(qtbot, path)
    s.ctx.startup.wait_for_backup()  # made on a thread, off the GUI
    assert s.ctx.startup.backup_made is not None  # start-up backup
    directives.add(s.ctx.db, {"doc_type": "Công văn", "number": "5-CV/VP", "issuer": "x"})
    s.window.close()
    reasons = [b.reason for b in backup.list_backups(backup.backup_dir(path))]
    assert reasons[0] == "dong" and "khoidong" in reasons


def test_network_warning_banner(qtbot, tmp_path, said, monkeypatch):
    from kehoach_desktop.safety import startup

    monkeypatch.setattr(startup, "network_warning", lambda p: "Tệp dữ liệu đang nằm trên ổ mạng (cifs).")
    path = _demo_file(tmp_path / "k.sqlite3")
    s = _session(qtbot, path)
    assert any("ổ mạng" in b.text() for b in s.window.safety_banners)
    s.window.close()


def test_restore_in_place_without_a_session(qtbot, tmp_path, said):
    """A window built without app.Session (embedded): restore on a worker, views told."""
    from PySide6.QtCore import QSettings

    from kehoach_desktop.ui.context import AppContext
    from kehoach_desktop.ui.main_window import MainWindow

    path = _demo_file(tmp_path / "k.sqlite3")
    old = backup.create_backup(path, "thucong")
    db = open_database(path)
    ctx = AppContext(db)
    w = MainWindow(ctx, settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(w)
    directives.add(db, {"doc_type": "Công văn", "number": "98-CV/VP", "issuer": "x"})
    seen = []
    ctx.changed.connect(lambda ch: seen.append(ch))
    job = w.safety.restore_backup(old.path, confirmed=True)
    qtbot.waitUntil(lambda: job.finished, timeout=10000)
    assert db.scalar("SELECT COUNT(*) FROM directives WHERE number = '98-CV/VP'") == 0
    assert seen and seen[-1].structure
    assert "truockhoiphuc" in [b.reason for b in backup.list_backups(backup.backup_dir(path))]
    w.close()
    db.close()


def test_history_follows_the_selection(qtbot, tmp_path, said):
    """Sửa → Lịch sử thay đổi… opens the trail of the document selected in the registry tab."""
    from kehoach_desktop.store.directive_ops import AddDirective

    path = _demo_file(tmp_path / "k.sqlite3")
    s = _session(qtbot, path)
    w = s.window
    changes = s.ctx.push(AddDirective({"doc_type": "Công văn", "number": "66-CV/VP", "issuer": "Văn phòng"}))
    did = next(iter(changes.directives))
    w.show_tab("registry")
    w.registry_panel.select(did)
    assert w.registry_panel.current_id() == did
    w.safety.history.trigger()
    from kehoach_desktop.ui.safety.history import HistoryDialog

    dlg = w.findChildren(HistoryDialog)[-1]
    qtbot.addWidget(dlg)
    assert "66-CV/VP" in dlg.scope.itemText(0)
    assert dlg.table.rowCount() == 1 and "thêm mới" in dlg.table.item(0, 2).text()
    w.close()


def test_second_start_on_this_computer_can_bring_the_writer_forward(qtbot, tmp_path, said, monkeypatch):
    from kehoach_desktop.ui.safety import session as safety_session

    path = _demo_file(tmp_path / "k.sqlite3")
    first = _session(qtbot, path)
    assert first.window.safety.server.listening
    activated = []
    first.window.safety.server.activated.connect(lambda: activated.append(True))
    asked = []
    monkeypatch.setattr(safety_session, "_ask_switch", lambda parent, who: asked.append(who) or True)
    # the second start is answered by the first window and opens nothing itself
    second = app_module.Session(QApplication.instance())
    assert not second.open(path)
    assert asked and socket.gethostname() in asked[0]
    # the question names the holder once (it read "… một cửa sổ KeHoach khác của cửa sổ KeHoach của …")
    question = safety_session.switch_question(asked[0])
    assert question.count("cửa sổ KeHoach") == 1 and socket.gethostname() in question
    qtbot.waitUntil(lambda: activated == [True], timeout=5000)
    assert owner_path(path).exists() and not first.ctx.read_only
    # choosing "Mở chỉ để xem" instead gives the read-only window with its banner
    monkeypatch.setattr(safety_session, "_ask_switch", lambda parent, who: False)
    third = _session(qtbot, path)
    assert third.ctx.read_only and third.window.safety.server is None
    third.window.close()
    first.window.close()


def test_menu_actions_open_their_dialogs(qtbot, tmp_path, said, monkeypatch):
    """Triggered from the menu (not called directly): the folder and restore dialogs appear."""
    from PySide6.QtWidgets import QFileDialog

    from kehoach_desktop.ui.safety import restore_dialog

    path = _demo_file(tmp_path / "k.sqlite3")
    backup.create_backup(path, "khoidong")
    s = _session(qtbot, path)
    asked = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: asked.append("folder") or "")
    s.window.safety.backup_out.trigger()
    shown = []

    def fake_exec(self):
        shown.append(self.table.rowCount())
        return False  # Hủy

    monkeypatch.setattr(restore_dialog.RestoreDialog, "exec", fake_exec)
    s.window.safety.restore.trigger()
    assert asked == ["folder"] and shown == [1] and said["error"] == []
    s.window.safety.backup_now.trigger()
    job = s.window.safety.last_job
    qtbot.waitUntil(lambda: job.finished, timeout=10000)
    assert said["error"] == [] and said["info"]
    s.window.close()
