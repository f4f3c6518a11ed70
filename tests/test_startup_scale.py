"""Start-up pieces of issue 19: ``--smoke --tab`` waits for that tab to be filled, and the
recent-files list survives QSettings' one-entry quirk."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from PySide6.QtCore import QSettings
from tracking_data import make_plan

from kehoach_desktop.ui.context import AppContext
from kehoach_desktop.ui.main_window import MainWindow


def _smoke(db, *extra, timeout=180):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KEHOACH_NO_BACKUP": "1"}
    return subprocess.run(
        [sys.executable, "-m", "kehoach_desktop", "--db", str(db), "--smoke", *extra],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=timeout,
    )


@pytest.mark.parametrize("tab", ["van-ban", "ke-hoach", "theo-doi"])
def test_smoke_tab_waits_for_that_tab_and_prints_its_milliseconds(db, tab):
    make_plan(db)  # six tasks: the tracking tab has a table and counts to wait for
    path = db.path
    db.close()
    result = _smoke(path, "--tab", tab)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(rf"\d+ ms \(thẻ {tab}: \d+\.\d ms\)\n", result.stdout), result.stdout


def test_smoke_tab_refuses_an_unknown_tab(tmp_path):
    result = _smoke(tmp_path / "x.sqlite3", "--tab", "khong-co")
    assert result.returncode == 2 and "--tab" in result.stderr


def test_smoke_on_a_file_it_cannot_open_says_why_and_ends_instead_of_waiting(tmp_path, db):
    """``--smoke`` checks a build: no one answers the recovery dialog, so a file of a newer
    version or another program's file ends the run with the reason (it waited for ever)."""
    path = db.path
    db.execute("PRAGMA user_version = 99")
    db.close()
    newer = _smoke(path, timeout=60)  # the old run waited on the dialog: a timeout
    assert newer.returncode == 1
    assert "phiên bản KeHoach mới hơn" in newer.stderr and "ms" not in newer.stdout
    foreign = tmp_path / "khac.sqlite3"
    foreign.write_bytes(b"not a database at all" * 100)
    other = _smoke(foreign, timeout=60)
    assert other.returncode == 1 and "không phải cơ sở dữ liệu của KeHoach" in other.stderr
    assert foreign.read_bytes() == b"not a database at all" * 100  # nothing written to it


def test_the_tracking_tab_says_when_it_is_filled(qtbot, db, tmp_path):
    make_plan(db)
    win = MainWindow(AppContext(db), settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.show()
    panel = win.tracking_panel
    with qtbot.waitSignal(panel.filled, timeout=20000):
        win.show_tab("tracking")
    assert panel.model.rowCount() == 6 and panel.counts is not None and panel.counts.total == 6


def test_one_recent_file_stays_one_path_not_its_letters(qtbot, db, tmp_path):
    """A one-entry list is written as a plain value (``recentFiles=/tmp/a.sqlite3``) and read
    back by the next start as a string; remembering a second file once split it into "/, t, m, p"."""
    first = tmp_path / "một.sqlite3"
    ini = tmp_path / "recent.ini"
    ini.write_text(f"[General]\nrecentFiles={first}\n", encoding="utf-8")  # what QSettings wrote for [first]
    win = MainWindow(AppContext(db), settings=QSettings(str(ini), QSettings.IniFormat))
    qtbot.addWidget(win)
    assert win.recent_files() == [str(first)]
    assert [a.text() for a in win.recent_menu.actions()] == [str(first)]
    second = tmp_path / "hai.sqlite3"
    win.remember_recent(second)
    assert win.recent_files() == [str(second), str(first)]
    assert [a.text() for a in win.recent_menu.actions()] == [str(second), str(first)]
