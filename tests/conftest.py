"""Shared fixtures: headless Qt, a fresh database per test, the sample plans."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KEHOACH_NO_BACKUP", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/typing_helpers.py

SAMPLES_DIR = ROOT.parent / "shared" / "domain" / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

SAMPLE_FILES = {
    "khoa_giao_2024": "ke-hoach-khoa-giao-2024-dang-uy-khoi.txt",
    "llct_2022": "ke-hoach-ly-luan-chinh-tri-2022-quan-uy.txt",
    "llct_2024": "ke-hoach-ly-luan-chinh-tri-2024-huyen-uy.txt",
}


def sample_text(key: str) -> str:
    """The raw text of a real sample plan; skips the test where the samples are absent."""
    path = SAMPLES_DIR / SAMPLE_FILES[key]
    if not path.exists():
        pytest.skip(f"mẫu thật không có ở {SAMPLES_DIR} (chỉ có trong CI và máy phát triển)")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def sample():
    return sample_text


@pytest.fixture
def db(tmp_path):
    from kehoach_desktop.store import open_database
    from kehoach_desktop.store.directives import ensure_levels

    database = open_database(tmp_path / "test.sqlite3")
    ensure_levels(database)
    yield database
    database.close()


@pytest.fixture
def demo_db(tmp_path):
    from kehoach_desktop.demo import load_demo
    from kehoach_desktop.store import open_database

    database = open_database(tmp_path / "demo.sqlite3")
    # One draft plan only: last year's issued plan (part of the full demo) would make
    # every "which plan?" question in the GUI tests ambiguous.
    load_demo(database, last_year=False)
    yield database
    database.close()


@pytest.fixture
def open_window(qtbot, tmp_path):
    """``open_window(db, tab=None, ctx=None)``: the main window on *db*, shown, with settings
    of its own in tmp_path (never the user's); *tab* is shown first. A second window in the
    same test gets a second settings file."""
    from PySide6.QtCore import QSettings

    from kehoach_desktop.ui.context import AppContext
    from kehoach_desktop.ui.main_window import MainWindow

    opened: list = []

    def open_(db, tab: str | None = None, ctx=None):
        name = "settings.ini" if not opened else f"settings-{len(opened)}.ini"
        win = MainWindow(ctx or AppContext(db), settings=QSettings(str(tmp_path / name), QSettings.IniFormat))
        qtbot.addWidget(win)
        win.show()
        if tab:
            win.show_tab(tab)
        opened.append(win)
        return win

    return open_


@pytest.fixture
def slow_tesseract(tmp_path, monkeypatch):
    """A «tesseract» that starts, says it began, and would read for a minute: (file touched when it
    began, its processes). What is still running at the end is killed. POSIX only (a shell script)."""
    import subprocess

    from kehoach_desktop.importer import ocr

    started = tmp_path / "started"
    program = tmp_path / "tesseract"
    program.write_text(f"#!/bin/sh\ntouch '{started}'\nexec sleep 60\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setattr(ocr, "tesseract_or_fail", lambda: str(program))
    procs: list[subprocess.Popen] = []
    real = subprocess.Popen

    def popen(*args, **kwargs):
        proc = real(*args, **kwargs)
        procs.append(proc)
        return proc

    monkeypatch.setattr(ocr.subprocess, "Popen", popen)
    yield started, procs
    for proc in procs:
        if proc.poll() is None:
            proc.kill()


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    # Never touch the real user's data folder or settings from a test.
    monkeypatch.setenv("KEHOACH_DATA_DIR", str(tmp_path / "appdata"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def pytest_configure(config):
    # The whole suite makes far more void Qt calls than one app session: guard None
    # from PySide6 6.12's lost references on Python 3.11 before any test runs.
    from kehoach_desktop.ui import pyside_guard

    pyside_guard.install()
