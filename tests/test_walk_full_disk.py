"""Found opening a data file on a full disk (a 3 MB tmpfs filled to the last byte): the program
said «tệp bị hỏng (disk I/O error). Hãy mở bản sao lưu gần nhất (Tệp → Khôi phục)» — a good
file called damaged, and the window would have offered to replace it by a backup. SQLite could
not create the file's -shm beside it; nothing was wrong with the file."""

from __future__ import annotations

import shutil
import sqlite3
from collections import namedtuple

import pytest

from kehoach_desktop.safety.recovery import describe
from kehoach_desktop.store import db as store_db
from kehoach_desktop.store import open_database
from kehoach_desktop.store.db import DamagedDatabase, DatabaseError

Usage = namedtuple("Usage", "total used free")


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "kehoach.sqlite3"
    open_database(path).close()
    return path


def _failing_connect(message):
    def connect(*_args, **_kwargs):
        raise sqlite3.OperationalError(message)

    return connect


def test_a_full_disk_is_not_a_damaged_file(good_file, monkeypatch):
    before = good_file.read_bytes()
    monkeypatch.setattr(store_db, "_connect", _failing_connect("disk I/O error"))
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: Usage(3 << 20, 3 << 20, 0))
    with pytest.raises(DatabaseError) as raised:
        open_database(good_file)
    assert not isinstance(raised.value, DamagedDatabase)
    message = str(raised.value)
    assert "đầy" in message and "hỏng" not in message and "Khôi phục" not in message
    assert describe(raised.value).kind != "damaged"
    assert good_file.read_bytes() == before


def test_a_disk_error_with_room_left_is_not_called_damage_either(good_file, monkeypatch):
    monkeypatch.setattr(store_db, "_connect", _failing_connect("disk I/O error"))
    with pytest.raises(DatabaseError) as raised:
        open_database(good_file)
    assert not isinstance(raised.value, DamagedDatabase)
    assert "ổ đĩa" in str(raised.value)


def test_a_file_sqlite_calls_malformed_is_still_damaged(good_file, monkeypatch):
    monkeypatch.setattr(store_db, "_connect", _failing_connect("database disk image is malformed"))
    with pytest.raises(DamagedDatabase):
        open_database(good_file)


def test_the_recovery_screen_offers_only_quit_for_a_disk_problem(good_file, monkeypatch, qtbot):
    """The window showed the recovery screen with «Chọn bản sao lưu khác» and «Bắt đầu dữ liệu
    mới», both of which rename the good file aside — on a disk with no room left."""
    from kehoach_desktop.ui.safety.recovery_dialog import RecoveryDialog

    monkeypatch.setattr(store_db, "_connect", _failing_connect("disk I/O error"))
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: Usage(3 << 20, 3 << 20, 0))
    with pytest.raises(DatabaseError) as raised:
        open_database(good_file)
    problem = describe(raised.value)
    assert problem.kind == "disk"
    dialog = RecoveryDialog(good_file, problem)
    qtbot.addWidget(dialog)
    assert not dialog.use_newest.isEnabled() and not dialog.use_other.isEnabled() and not dialog.fresh.isEnabled()
    assert dialog.quit.isEnabled() and dialog.quit.isDefault()
    assert "giữ nguyên bên cạnh (đổi tên)" not in dialog.keep.text() and "nguyên vẹn" in dialog.keep.text()
