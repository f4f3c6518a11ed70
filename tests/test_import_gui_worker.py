"""Issue 16 with the brief's rule for long work: a PDF or a scan is read on a worker behind a
progress dialog with «Hủy» — the outside walk saw «Nhận dạng →» freeze the window 15–25 s on
a two-page scan, with no progress and no way out."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kehoach_desktop.ui import messages
from kehoach_desktop.ui.importer import dialog as dialog_module
from kehoach_desktop.ui.importer.dialog import ImportDialog

LINES = [
    "KẾ HOẠCH",
    "Thực hiện công tác tuyên truyền năm 2026",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Văn phòng Đảng ủy tham mưu ban hành kế hoạch (trong tháng 01/2026).",
]


def _text_pdf(path: Path) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "LiberationSerif-Regular.ttf"
    if "WorkerSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WorkerSerif", str(font)))
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("WorkerSerif", 13)
    y = 770
    for line in LINES:
        c.drawString(72, y, line)
        y -= 18
    c.showPage()
    c.save()
    return path


@pytest.fixture
def errors(monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": said.append(text))
    return said


@pytest.fixture
def window(open_window, db):
    return open_window(db)


def test_a_pdf_is_read_on_a_worker_and_the_review_follows(window, qtbot, tmp_path, errors):
    dialog = ImportDialog(window.ctx, window, path=str(_text_pdf(tmp_path / "kh.pdf")))
    qtbot.addWidget(dialog)
    assert dialog.recognise()
    # Back on the GUI thread at once: still on the source page, the button off, a job running.
    assert dialog.stack.currentIndex() == 0 and dialog.reading is not None
    assert not dialog.next_button.isEnabled()
    assert not dialog.recognise()  # a second press while reading starts nothing
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == 1, timeout=60_000)
    assert dialog.doc is not None and dialog.doc.title == "Thực hiện công tác tuyên truyền năm 2026"
    assert dialog.reading is None and dialog.next_button.isEnabled() and errors == []


def test_the_window_keeps_answering_while_a_slow_scan_is_read_and_hủy_drops_it(
    window, qtbot, tmp_path, errors, monkeypatch
):
    release = threading.Event()
    real = dialog_module.parse_file

    def slow(path, known=()):  # stands for Tesseract reading page after page
        release.wait(30)
        return real(path, known)

    monkeypatch.setattr(dialog_module, "parse_file", slow)
    dialog = ImportDialog(window.ctx, window, path=str(_text_pdf(tmp_path / "scan.pdf")))
    qtbot.addWidget(dialog)
    assert dialog.recognise()
    ticks: list[int] = []
    from PySide6.QtCore import QTimer

    timer = QTimer(dialog, interval=20, timeout=lambda: ticks.append(1))
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=10_000)  # the event loop runs while reading
    job = dialog.reading
    qtbot.waitUntil(job.dialog.isVisible, timeout=10_000)  # the progress dialog shows itself
    assert job.dialog.maximum() == 0  # a moving bar: how far OCR is cannot be told, never «0%»
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    (cancel,) = job.dialog.findChildren(QPushButton)
    assert cancel.text() == "Hủy"
    qtbot.mouseClick(cancel, Qt.LeftButton)  # «Hủy»
    release.set()
    qtbot.waitUntil(lambda: job.finished, timeout=30_000)
    assert dialog.stack.currentIndex() == 0 and dialog.doc is None
    assert dialog.reading is None and dialog.next_button.isEnabled() and errors == []


def test_a_broken_pdf_read_on_the_worker_says_why_and_lets_the_user_try_again(window, qtbot, tmp_path, errors):
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.4\n")
    dialog = ImportDialog(window.ctx, window, path=str(broken))
    qtbot.addWidget(dialog)
    assert dialog.recognise()
    qtbot.waitUntil(lambda: dialog.reading is None, timeout=30_000)
    assert dialog.stack.currentIndex() == 0 and len(errors) == 1 and "hong.pdf" in errors[0]
    assert dialog.next_button.isEnabled()


def test_a_long_trích_yếu_in_the_review_shows_its_start(window, qtbot, errors):
    long_title = "Thực hiện Nghị quyết của Ban Chấp hành Đảng bộ tỉnh " * 4 + "đến năm 2030"
    text = "KẾ HOẠCH\n" + long_title + "\nI. MỤC ĐÍCH, YÊU CẦU\n1. Quán triệt nghị quyết.\n"
    dialog = ImportDialog(window.ctx, window, text=text)
    qtbot.addWidget(dialog)
    assert dialog.recognise() and dialog.header_page.title.text().startswith("Thực hiện Nghị quyết")
    assert dialog.header_page.title.cursorPosition() == 0


@pytest.mark.skipif(__import__("sys").platform == "win32", reason="the stand-in Tesseract is a shell script")
def test_hủy_stops_tesseract_reading_a_scan(window, qtbot, tmp_path, errors, slow_tesseract):
    """«Hủy» on the progress dialog kills the Tesseract reading the page, instead of letting it
    (and the pages after it) run on in the background."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QPushButton

    started, procs = slow_tesseract
    scan = tmp_path / "ban-quet.png"
    image = QImage(1240, 1754, QImage.Format_RGB32)
    image.fill(QColor("white"))
    assert image.save(str(scan))
    dialog = ImportDialog(window.ctx, window, path=str(scan))
    qtbot.addWidget(dialog)
    assert dialog.recognise()
    job = dialog.reading
    qtbot.waitUntil(started.exists, timeout=30_000)
    qtbot.waitUntil(job.dialog.isVisible, timeout=10_000)
    (cancel,) = job.dialog.findChildren(QPushButton)
    qtbot.mouseClick(cancel, Qt.LeftButton)  # «Hủy»
    qtbot.waitUntil(lambda: job.finished, timeout=30_000)
    assert procs and procs[0].poll() is not None and procs[0].returncode < 0  # killed, not finished
    assert dialog.stack.currentIndex() == 0 and dialog.doc is None and errors == []
