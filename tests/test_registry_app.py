"""Start-up: first run asks once for the office profile and offers demo data; portable mode; levels editable."""

from __future__ import annotations

import argparse

import pytest
from PySide6.QtWidgets import QApplication

from kehoach_desktop import app as app_module
from kehoach_desktop.paths import PORTABLE_MARKER, default_db_path, program_dir
from kehoach_desktop.store import profile
from kehoach_desktop.store.commands import UndoStack
from kehoach_desktop.store.directive_ops import RenameLevel
from kehoach_desktop.ui import first_run


def test_first_run_asks_for_the_profile_once(qtbot, tmp_path, monkeypatch):
    shown = []

    def fake_exec(self):
        shown.append(self.first_run)
        assert all(not e.text() for e in self.edits.values())  # grey hints, never a fictional office
        self.edits["issuer_body"].setText("ĐẢNG ỦY PHƯỜNG AN BÌNH")
        self.edits["issuer_code"].setText("ĐU")
        self.edits["place"].setText("An Bình")
        return True

    monkeypatch.setattr(first_run.ProfileDialog, "exec", fake_exec)
    path = tmp_path / "first.sqlite3"
    session = app_module.Session(QApplication.instance() or QApplication([]))
    assert session.open(path)
    qtbot.addWidget(session.window)
    assert shown == [True]
    db = session.ctx.db
    assert profile.load(db).issuer_body == "ĐẢNG ỦY PHƯỜNG AN BÌNH"
    assert db.scalar("SELECT COUNT(*) FROM directives") == 0  # the office's file: no demo data in it
    assert db.scalar("SELECT COUNT(*) FROM plans") == 0
    assert "ĐẢNG ỦY PHƯỜNG AN BÌNH" in session.window.windowTitle()
    assert session.window.demo_banner is None
    session.window.close()

    again = app_module.Session(QApplication.instance())
    assert again.open(path)
    qtbot.addWidget(again.window)
    assert shown == [True]  # not asked a second time
    again.window.close()


def test_a_damaged_file_is_reported_not_overwritten(qtbot, tmp_path, monkeypatch):
    from kehoach_desktop.ui import messages

    errors = []
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": errors.append(text))
    from types import SimpleNamespace

    from kehoach_desktop.ui.safety import session as safety_session  # issue 6: the recovery dialog asks

    monkeypatch.setattr(
        safety_session,
        "_recovery_dialog",
        lambda path, problem, parent: errors.append(problem.message) or SimpleNamespace(choice="quit"),
    )
    path = tmp_path / "bad.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    session = app_module.Session(QApplication.instance() or QApplication([]))
    assert not session.open(path)
    assert errors and "không phải cơ sở dữ liệu" in errors[0]
    assert path.read_bytes() == b"not a database at all" * 100


def test_database_location_db_flag_portable_and_data_folder(tmp_path, monkeypatch):
    args = argparse.Namespace(db=tmp_path / "x.sqlite3", portable=False)
    assert app_module.gui_db_path(args) == tmp_path / "x.sqlite3"
    args = argparse.Namespace(db=None, portable=True)
    assert app_module.gui_db_path(args) == program_dir() / "data" / "kehoach.sqlite3"
    monkeypatch.setenv("KEHOACH_DATA_DIR", str(tmp_path / "appdata"))
    assert (
        app_module.gui_db_path(argparse.Namespace(db=None, portable=False)) == tmp_path / "appdata" / "kehoach.sqlite3"
    )
    assert not (program_dir() / PORTABLE_MARKER).exists()
    assert default_db_path() == tmp_path / "appdata" / "kehoach.sqlite3"


def test_gui_uses_qt_app_data_location_without_override(monkeypatch):
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    monkeypatch.delenv("KEHOACH_DATA_DIR", raising=False)
    QCoreApplication.setOrganizationName("KeHoach")
    QCoreApplication.setApplicationName("KeHoach Desktop")
    expected = QStandardPaths.writableLocation(QStandardPaths.AppDataLocation)
    path = app_module.gui_db_path(argparse.Namespace(db=None, portable=False))
    assert str(path.parent) == expected


def test_levels_are_editable_with_undo(db):
    stack = UndoStack(db)
    level_id = db.scalar("SELECT id FROM levels WHERE name = 'Xã'")
    stack.push(RenameLevel(db, level_id, "Xã, phường"))
    assert db.scalar("SELECT name FROM levels WHERE id = ?", (level_id,)) == "Xã, phường"
    with pytest.raises(ValueError):
        RenameLevel(db, level_id, "Tỉnh").redo(db)
    stack.undo()
    assert db.scalar("SELECT name FROM levels WHERE id = ?", (level_id,)) == "Xã"


def test_opening_an_older_database_puts_capital_issuers_in_normal_case(qtbot, tmp_path):
    """A file from before issue 17's importer change: its «ĐẢNG ỦY XÃ …» issuers are written in
    normal case when the window opens it (once), so the level tree has one node per body."""
    from kehoach_desktop.core.models import OfficeProfile
    from kehoach_desktop.store import directives, open_database

    path = tmp_path / "old.sqlite3"
    db = open_database(path)
    directives.ensure_levels(db)
    profile.save(db, OfficeProfile(issuer_body="ĐẢNG ỦY XÃ THẠCH LẠC", issuer_code="ĐU"))
    did = directives.add(db, {"doc_type": "Kế hoạch", "number": "20-KH/ĐU", "issuer": "Đảng ủy xã Thạch Lạc"})
    with db.transaction():
        db.execute("UPDATE directives SET issuer = 'ĐẢNG ỦY XÃ THẠCH LẠC' WHERE id = ?", (did,))
        db.execute("DELETE FROM meta WHERE key = ?", (directives.ISSUERS_KEY,))
    db.close()
    session = app_module.Session(QApplication.instance() or QApplication([]))
    assert session.open(path)
    qtbot.addWidget(session.window)
    assert directives.get_row(session.ctx.db, did)["issuer"] == "Đảng ủy xã Thạch Lạc"
    session.window.close()
