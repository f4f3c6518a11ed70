"""«Hủy» while a scan is read stops Tesseract itself (issue 16). Before, only the result was
dropped: the page being read — and every page after it of a scanned PDF — went on in the
background for tens of seconds on a 2-core PC. A stand-in «tesseract» that would take a
minute shows the process is killed, not waited for."""

from __future__ import annotations

import sys
import threading

import pytest

from kehoach_desktop.importer import ocr
from kehoach_desktop.importer.errors import ImportFailure

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the stand-in Tesseract is a shell script")


def test_cancelling_stops_the_running_tesseract(tmp_path, slow_tesseract):
    started, procs = slow_tesseract
    image = tmp_path / "trang-1.png"
    image.write_bytes(b"not read by the stand-in")
    stop = threading.Event()
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            with ocr.cancellable(stop.is_set):
                ocr.ocr_image_file(image, image.name)
        except ImportFailure as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    for _ in range(600):  # the stand-in has begun «reading»
        if started.exists():
            break
        threading.Event().wait(0.05)
    assert started.exists()
    stop.set()  # «Hủy»
    reader.join(30)
    assert not reader.is_alive()
    assert [e.reason for e in outcome] == [ocr.CANCELLED]
    assert len(procs) == 1 and procs[0].returncode is not None and procs[0].returncode < 0  # killed, not finished


def test_a_reading_cancelled_before_a_page_starts_no_tesseract(tmp_path, slow_tesseract):
    _started, procs = slow_tesseract
    image = tmp_path / "trang-2.png"
    image.write_bytes(b"x")
    with pytest.raises(ImportFailure) as raised, ocr.cancellable(lambda: True):
        ocr.ocr_image_file(image, image.name)
    assert raised.value.reason == ocr.CANCELLED and procs == []


def test_outside_a_cancellable_reading_nothing_is_asked(tmp_path, monkeypatch):
    """The command line reads without a «Hủy»: no check is installed, the page is read."""
    program = tmp_path / "tesseract"
    program.write_text("#!/bin/sh\nprintf 'level\\tpage_num\\n'\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setattr(ocr, "tesseract_or_fail", lambda: str(program))
    image = tmp_path / "trang.png"
    image.write_bytes(b"x")
    runs, _w, _h = ocr.ocr_image_file(image, image.name)
    assert runs == []
