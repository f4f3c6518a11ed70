"""Long work never freezes the window (issue 8): a large plan exported from the main
window runs on a worker thread while the GUI thread keeps turning its event loop —
timers fire, progress arrives in the dialog while the export is still running — and
Hủy stops it without leaving a half-written file.

No timing is asserted: the checks count events that can only happen when the GUI
thread is free while the export is unfinished (timer ticks, progress updates applied
to the dialog), and the cancel test holds the worker after its first progress report
until Hủy has been pressed, so it never races a fast machine.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QPushButton

from kehoach_desktop.export import ExportOptions
from kehoach_desktop.resources import resource_path
from kehoach_desktop.store import plans
from kehoach_desktop.ui import context as context_module
from kehoach_desktop.ui.context import AppContext
from kehoach_desktop.ui.main_window import MainWindow
from kehoach_desktop.ui.preview import controller as controller_module

# These tests measure how often the GUI thread turns while a worker exports; what
# earlier tests in the same process leave behind (windows, timers, threads) skews
# that, so they run in a process of their own (see test_in_its_own_process).
ISOLATED = os.environ.get("KEHOACH_RESPONSIVE_ISOLATED") == "1"
isolated = pytest.mark.skipif(not ISOLATED, reason="runs in its own process: test_in_its_own_process")


@pytest.mark.skipif(ISOLATED, reason="this is the isolated run itself")
def test_in_its_own_process():
    env = {**os.environ, "KEHOACH_RESPONSIVE_ISOLATED": "1", "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "2 passed" in proc.stdout


SECTIONS = 60  # × 9 paragraphs of the demo plan's text: a plan of about 40 pages


def _demo_paragraphs() -> list[str]:
    data = json.loads(resource_path("demo", "plan.json").read_text(encoding="utf-8"))
    out: list[str] = []

    def walk(node: dict) -> None:
        if node.get("kind") != "section" and len(node["text"].split()) > 12:
            out.append(node["text"])
        for child in node.get("children", []):
            walk(child)

    for node in data["sections"]:
        walk(node)
    return out


@pytest.fixture
def big_plan(demo_db) -> int:
    """A long plan written through the store, from the demo plan's own sentences."""
    paragraphs = _demo_paragraphs()
    assert len(paragraphs) >= 5
    with demo_db.transaction():
        plan_id = plans.create(
            demo_db,
            {
                "title": "Thực hiện công tác lý luận chính trị năm 2026 (bản dài)",
                "year": 2026,
                "issuer_body": "ĐẢNG ỦY XÃ HÒA BÌNH",
                "issuer_code": "ĐU",
                "place": "Hòa Bình",
                "recipients": ["Lưu VPĐU."],
                "signature": {"authority": "T/M BAN THƯỜNG VỤ", "title": "BÍ THƯ", "name": "Trần Minh An"},
            },
        )
        content = plans.add_node(demo_db, plan_id, None, "section", "NỘI DUNG", role="content")
        for i in range(SECTIONS):
            sub = plans.add_node(demo_db, plan_id, content, "section", f"Nhiệm vụ trọng tâm thứ {i + 1}")
            for j in range(9):
                text = paragraphs[(i * 9 + j) % len(paragraphs)]
                plans.add_node(demo_db, plan_id, sub, "bullet" if j % 2 else "paragraph", f"{text} (đợt {j + 1})")
        plans.reindex(demo_db, plan_id)
    return plan_id


@pytest.fixture(autouse=True)
def _collect_on_gui_thread():
    """Collect cyclic garbage here, on the GUI thread, before and after each test.

    Python's collector runs in whichever thread happens to allocate; if it finalises a
    Qt object of the GUI thread inside the export worker, Qt crashes (seen once with a
    timer left over from an earlier test).
    """
    gc.collect()
    yield
    gc.collect()


@pytest.fixture
def window(qtbot, demo_db, tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_NO_REMINDERS", "1")  # no start-up reminder popping up mid-test
    monkeypatch.setattr(controller_module, "QSettings", lambda: QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    win = MainWindow(AppContext(demo_db), settings=QSettings(str(tmp_path / "w.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()  # before the database fixture closes the file under it


@pytest.fixture
def worker_threads(monkeypatch) -> list[int]:
    """Records the thread each export job body runs on."""
    seen: list[int] = []
    original = controller_module.export_job

    def recording(progress, cancelled, *args):
        seen.append(threading.get_ident())
        return original(progress, cancelled, *args)

    monkeypatch.setattr(controller_module, "export_job", recording)
    return seen


class Applied:
    """Every progress update the GUI thread applies to the job's dialog: (value, job finished?, thread)."""

    def __init__(self, monkeypatch):
        self.rows: list[tuple[int, bool, int]] = []
        self.on_first_partial = None  # called on the GUI thread at the first update below 100 %
        original = context_module.Job._on_progress
        probe = self

        def recording(job, fraction: float, message: str) -> None:
            original(job, fraction, message)
            value = job.dialog.value()
            probe.rows.append((value, job.finished, threading.get_ident()))
            if probe.on_first_partial is not None and 0 < fraction < 1:
                callback, probe.on_first_partial = probe.on_first_partial, None
                callback(job)

        monkeypatch.setattr(context_module.Job, "_on_progress", recording)

    def partial_while_running(self) -> list[int]:
        return [v for v, finished, _t in self.rows if not finished and 0 < v < 1000]


class Ticks:
    """A GUI-thread timer counting its ticks while the export job is unfinished.

    The timer belongs to the window (destroyed with it, on the GUI thread) and is
    disconnected on stop: no Python reference cycle holding a Qt object is left for
    the garbage collector to finalise later on some worker thread.
    """

    def __init__(self, controller):
        self.controller = controller
        self.while_running = 0
        self.threads: set[int] = set()
        self.timer = QTimer(controller.window)
        self.timer.setInterval(2)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.threads.add(threading.get_ident())
        job = self.controller.last_job
        if job is not None and not job.finished:
            self.while_running += 1

    def stop(self) -> None:
        self.timer.stop()
        self.timer.timeout.disconnect()
        self.timer = None


def _press_cancel(job) -> None:
    buttons = job.dialog.findChildren(QPushButton)
    if buttons:
        buttons[0].click()  # the dialog's Hủy, as the user presses it
    else:  # pragma: no cover - Qt always builds the Hủy button
        job.dialog.canceled.emit()


@isolated
def test_event_loop_keeps_turning_during_a_large_export(window, qtbot, tmp_path, big_plan, worker_threads, monkeypatch):
    gui_thread = threading.get_ident()
    applied = Applied(monkeypatch)
    c = window.export_controller
    out = tmp_path / "ke-hoach-dai.pdf"
    ticks = Ticks(c)
    c.export("pdf", plan_id=big_plan, path=out, profile_id="party_36HD", options=ExportOptions())
    job = c.last_job
    assert job is not None and not job.finished  # export() returned at once: the work is elsewhere
    qtbot.waitUntil(lambda: job.finished, timeout=60000)
    ticks.stop()

    assert worker_threads and worker_threads[0] != gui_thread  # rendered off the GUI thread
    assert ticks.threads == {gui_thread}
    # The GUI thread handled its timer many times while the export was unfinished …
    assert ticks.while_running >= 5, ticks.while_running
    # … and applied the worker's progress to the dialog, on the GUI thread, before the end.
    partial = applied.partial_while_running()
    assert len(partial) >= 2, applied.rows
    assert partial == sorted(partial)
    assert {t for _v, _f, t in applied.rows} == {gui_thread}

    pages = len(PdfReader(out).pages)
    assert pages >= 30 and c.last_result.pages == pages
    from kehoach_desktop.ui.files import ExportNotice

    notice = window.statusBar().findChild(ExportNotice)  # «Đã xuất …», «Mở tệp», «Mở thư mục» (issue 20)
    assert notice is not None and "Đã xuất" in notice.label.text()


@isolated
def test_cancel_stops_a_large_export_and_leaves_no_file(window, qtbot, tmp_path, big_plan, monkeypatch):
    # The worker waits after its first progress report until the GUI thread has handled it,
    # so Hủy is pressed while the export is surely mid-way (no race with a fast machine).
    gate = threading.Event()
    paused: list[float] = []
    original = controller_module.export_job

    def gated(progress, cancelled, *args):
        def report(fraction: float, message: str = "") -> None:
            progress(fraction, message)
            if not paused and 0 < fraction < 1:
                paused.append(fraction)
                gate.wait(timeout=10)

        return original(report, cancelled, *args)

    monkeypatch.setattr(controller_module, "export_job", gated)
    applied = Applied(monkeypatch)
    pressed: list[int] = []

    def press(job) -> None:
        pressed.append(job.dialog.value())
        _press_cancel(job)
        gate.set()

    applied.on_first_partial = press
    c = window.export_controller
    out = tmp_path / "huy.pdf"
    c.export("pdf", plan_id=big_plan, path=out, profile_id="party_36HD", options=ExportOptions())
    job = c.last_job
    qtbot.waitUntil(lambda: job.finished, timeout=60000)

    assert paused and 0 < paused[0] < 1 and pressed and pressed[0] < 1000
    assert job.cancelled
    assert "Đã hủy" in window.statusBar().currentMessage()
    assert not out.exists()
    assert not list(tmp_path.glob("huy.pdf*"))  # no temporary left behind either
    assert c.last_result is None
