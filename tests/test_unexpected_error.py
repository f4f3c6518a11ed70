"""An error nobody foresaw, raised in the window (the second walk of session 9: «Lập báo cáo tổng
hợp» in a window «chỉ để xem» did nothing; a traceback on stderr only). Now the secretary reads
what happened in Vietnamese, and the traceback is kept in a file for whoever helps her."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from kehoach_desktop.ui import unexpected

ROOT = Path(__file__).resolve().parent.parent


def _raise(exc: BaseException):
    try:
        raise exc
    except BaseException as caught:  # noqa: BLE001 - the traceback a hook receives
        return type(caught), caught, caught.__traceback__


def test_a_bug_is_said_in_vietnamese_and_kept_in_a_file(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_DATA_DIR", str(tmp_path))
    unexpected.hook(*_raise(KeyError("plan_id")))
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "unexpectedError" and w.isVisible())
    assert isinstance(box, QMessageBox)
    assert "lỗi không lường trước" in box.text() and "vẫn nguyên" in box.text()
    log = tmp_path / unexpected.LOG_NAME
    assert str(log) in box.text()
    assert "KeyError: 'plan_id'" in log.read_text(encoding="utf-8")
    # a second error while the box is up adds to the file, not a second box
    unexpected.hook(*_raise(ValueError("again")))
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "unexpectedError" and w.isVisible()]
    assert len(boxes) == 1 and "ValueError: again" in log.read_text(encoding="utf-8")
    box.buttons()[0].click()
    qtbot.waitUntil(lambda: not unexpected._shown)


def test_a_database_that_cannot_be_written_is_told_as_such(tmp_path):
    text = unexpected.describe(sqlite3.OperationalError("attempt to write a readonly database"), tmp_path / "x.log")
    assert "chỉ cho đọc" in text and "không ghi được" in text and "x.log" in text
    assert "Ổ đĩa đã đầy" in unexpected.describe(OSError(28, "No space left on device"), None)


def test_the_real_window_says_an_error_raised_in_a_slot(tmp_path):
    """The program itself (``run_gui``): a slot raises; the window shows the box and goes on."""
    script = (
        "import sys\n"
        "import kehoach_desktop.app as a\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "def finish(app, window, tab):\n"
        "    def boom():\n"
        "        raise RuntimeError('boom in a slot')\n"
        "    def look():\n"
        "        box = [w for w in QApplication.topLevelWidgets() if w.objectName() == 'unexpectedError']\n"
        "        print('BOX', bool(box) and box[0].isVisible(), flush=True)\n"
        "        window.close(); app.exit(0)\n"
        "    QTimer.singleShot(0, boom)\n"
        "    QTimer.singleShot(300, look)\n"
        "a._smoke_finish = finish\n"
        "from kehoach_desktop.cli import main\n"
        "sys.exit(main(['--db', sys.argv[1], '--smoke']))\n"
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KEHOACH_NO_BACKUP": "1",
        "KEHOACH_NO_REMINDERS": "1",
        "KEHOACH_DATA_DIR": str(tmp_path / "appdata"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    }
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "kh.sqlite3")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "BOX True" in done.stdout, done.stderr[-2000:]
    assert "RuntimeError: boom in a slot" in done.stderr  # still printed, as before
    log = tmp_path / "appdata" / unexpected.LOG_NAME
    assert "RuntimeError: boom in a slot" in log.read_text(encoding="utf-8")
