"""Long work never freezes the window (issue 8): a large plan exported from the main
window runs on a worker thread while the GUI thread keeps turning its event loop —
timers fire, progress arrives in the dialog while the export is still running — and
Hủy stops it without leaving a half-written file.

No timing is asserted: the checks count events that can only happen when the GUI
thread is free while the export is unfinished.
"""

from __future__ import annotations

import json
import threading

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QPushButton
from pypdf import PdfReader

from kehoach_desktop.export import ExportOptions
from kehoach_desktop.resources import resource_path
from kehoach_desktop.store import plans
from kehoach_desktop.ui.context import AppContext
from kehoach_desktop.ui.main_window import MainWindow
from kehoach_desktop.ui.preview import controller as controller_module

SECTIONS = 60          # × 9 paragraphs of the demo plan's text: a plan of about 40 pages


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
        plan_id = plans.create(demo_db, {"title": "Thực hiện công tác lý luận chính trị năm 2026 (bản dài)",
                                         "year": 2026, "issuer_body": "ĐẢNG ỦY XÃ HÒA BÌNH", "issuer_code": "ĐU",
                                         "place": "Hòa Bình", "recipients": ["Lưu VPĐU."],
                                         "signature": {"authority": "T/M BAN THƯỜNG VỤ", "title": "BÍ THƯ",
                                                       "name": "Trần Minh An"}})
        content = plans.add_node(demo_db, plan_id, None, "section", "NỘI DUNG", role="content")
        for i in range(SECTIONS):
            sub = plans.add_node(demo_db, plan_id, content, "section", f"Nhiệm vụ trọng tâm thứ {i + 1}")
            for j in range(9):
                text = paragraphs[(i * 9 + j) % len(paragraphs)]
                plans.add_node(demo_db, plan_id, sub, "bullet" if j % 2 else "paragraph", f"{text} (đợt {j + 1})")
        plans.reindex(demo_db, plan_id)
    return plan_id


@pytest.fixture
def window(qtbot, demo_db, tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_NO_REMINDERS", "1")   # no start-up reminder popping up mid-test
    monkeypatch.setattr(controller_module, "QSettings",
                        lambda: QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    win = MainWindow(AppContext(demo_db), settings=QSettings(str(tmp_path / "w.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()             # before the database fixture closes the file under it


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


class LoopProbe:
    """A GUI-thread timer that notes, on each tick, whether the job is still running
    and what the progress dialog shows at that moment."""

    def __init__(self, controller, cancel_on_progress: bool = False):
        self.controller = controller
        self.cancel_on_progress = cancel_on_progress   # press Hủy as soon as progress shows, like a user
        self.clicked_cancel_at: int | None = None
        self.ticks_while_running = 0
        self.progress_seen: list[int] = []
        self.gui_thread = threading.get_ident()
        self.tick_threads: set[int] = set()
        self.timer = QTimer()
        self.timer.setInterval(2)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.tick_threads.add(threading.get_ident())
        job = self.controller.last_job
        if job is None or job.finished:
            return
        self.ticks_while_running += 1
        value = job.dialog.value()
        if value > 0 and (not self.progress_seen or value != self.progress_seen[-1]):
            self.progress_seen.append(value)
            if self.cancel_on_progress and self.clicked_cancel_at is None:
                self.clicked_cancel_at = value
                buttons = job.dialog.findChildren(QPushButton)
                if buttons:
                    buttons[0].click()
                else:  # pragma: no cover - Qt always builds the Hủy button
                    job.dialog.canceled.emit()

    def stop(self) -> None:
        self.timer.stop()


def test_event_loop_keeps_turning_during_a_large_export(window, qtbot, tmp_path, big_plan, worker_threads):
    c = window.export_controller
    out = tmp_path / "ke-hoach-dai.pdf"
    probe = LoopProbe(c)
    c.export("pdf", plan_id=big_plan, path=out, profile_id="party_36HD", options=ExportOptions())
    job = c.last_job
    assert job is not None and not job.finished          # export() returned at once: the work is elsewhere
    qtbot.waitUntil(lambda: job.finished, timeout=60000)
    probe.stop()

    assert worker_threads and worker_threads[0] != probe.gui_thread   # rendered off the GUI thread
    assert probe.tick_threads == {probe.gui_thread}
    # The GUI thread handled its timer many times while the export was unfinished …
    assert probe.ticks_while_running >= 5, probe.ticks_while_running
    # … and applied several progress updates from the worker before the end.
    partial = [v for v in probe.progress_seen if v < 1000]   # 1000 = the final "Xong."
    assert len(partial) >= 2, probe.progress_seen
    assert probe.progress_seen == sorted(probe.progress_seen)

    pages = len(PdfReader(out).pages)
    assert pages >= 30 and c.last_result.pages == pages
    assert "Đã xuất" in window.statusBar().currentMessage()


def test_cancel_stops_a_large_export_and_leaves_no_file(window, qtbot, tmp_path, big_plan):
    c = window.export_controller
    out = tmp_path / "huy.pdf"
    probe = LoopProbe(c, cancel_on_progress=True)
    c.export("pdf", plan_id=big_plan, path=out, profile_id="party_36HD", options=ExportOptions())
    job = c.last_job
    # The probe presses Hủy on the GUI thread as soon as the dialog shows progress (mid-way).
    qtbot.waitUntil(lambda: job.finished, timeout=60000)
    probe.stop()

    assert probe.clicked_cancel_at is not None and probe.clicked_cancel_at < 1000
    assert job.cancelled
    assert "Đã hủy" in window.statusBar().currentMessage()
    assert not out.exists()
    assert not list(tmp_path.glob("huy.pdf*"))            # no temporary left behind either
    assert c.last_result is None
