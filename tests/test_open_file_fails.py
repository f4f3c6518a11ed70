"""A computer with no program for a file type: «Mở tệp», «Mở thư mục», «Mở tệp sau khi xuất»
and «Mở tệp gốc» say so and what to do, instead of doing nothing.

Found by the outside walk: with no PDF reader, «Xuất PDF…» with «Mở tệp sau khi xuất» ticked
and then «Mở tệp» in the status bar left the secretary clicking with nothing happening.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import ClassVar

import pytest

from kehoach_desktop.ui import files, messages


class NoLauncher:
    opened: ClassVar[list[str]] = []

    @staticmethod
    def openUrl(url) -> bool:
        NoLauncher.opened.append(url.toLocalFile())
        return False


@pytest.fixture
def said(monkeypatch):
    errors: list[str] = []
    monkeypatch.setattr(messages, "error", lambda parent, text, **k: errors.append(text))
    monkeypatch.setattr(files, "QDesktopServices", NoLauncher)
    NoLauncher.opened = []
    return errors


def test_the_export_notice_buttons_say_what_to_do_when_nothing_opens(open_window, db, tmp_path, said):
    window = open_window(db)
    pdf = tmp_path / "Xuất" / "Kế hoạch 15-KH-ĐU.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-1.4\n")
    notice = files.show_exported(window, pdf)
    notice.open_file.click()
    assert NoLauncher.opened == [str(pdf)]
    assert len(said) == 1
    assert "«Kế hoạch 15-KH-ĐU.pdf»" in said[0] and str(pdf.parent) in said[0]
    assert "Hãy cài" in said[0] and "PDF" in said[0]
    notice.open_folder.click()
    assert len(said) == 2 and str(pdf.parent) in said[1] and "File Explorer" in said[1]


def test_open_after_export_says_so_and_keeps_the_notice(open_window, db, tmp_path, said):
    window = open_window(db)
    docx = tmp_path / "Kế hoạch.docx"
    docx.write_bytes(b"PK")
    window.export_controller._exported(SimpleNamespace(path=docx, warnings=[]), open_after=True)
    assert len(said) == 1 and "Microsoft Word hoặc LibreOffice" in said[0]
    notice = window.statusBar().findChild(files.ExportNotice, "exportNotice")
    assert notice is not None and notice.paths == [docx]  # «Mở thư mục» is still there


def test_a_program_that_opens_the_file_is_silent(monkeypatch, tmp_path):
    errors: list[str] = []
    monkeypatch.setattr(messages, "error", lambda parent, text, **k: errors.append(text))
    monkeypatch.setattr(files, "QDesktopServices", SimpleNamespace(openUrl=lambda url: True))
    assert files.open_path(tmp_path / "a.xlsx") is True
    assert errors == []
