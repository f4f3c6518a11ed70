"""Export, preview and print from the main window (pytest-qt, offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_support import docx_paragraph_texts, fixture_doc, norm
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrinter

from kehoach_desktop.export import ExportOptions, render_pdf
from kehoach_desktop.ui import messages
from kehoach_desktop.ui.preview import controller as controller_module
from kehoach_desktop.ui.preview.preview_dialog import PreviewDialog
from kehoach_desktop.ui.preview.printing import print_pdf


@pytest.fixture
def window(open_window, demo_db, tmp_path, monkeypatch):
    monkeypatch.setattr(controller_module, "QSettings", lambda: QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    return open_window(demo_db)


def _wait(qtbot, controller):
    qtbot.waitUntil(lambda: controller.last_job is not None and controller.last_job.finished, timeout=20000)


def test_menu_actions_and_ctrl_p(window):
    texts = {a.text(): a for a in window.menus["plans"].actions()}
    assert "Xuất &PDF…" in texts and "Xuất &DOCX…" in texts
    assert texts["Xem trước khi &in…"].shortcut().toString() == "Ctrl+P"


def test_export_pdf_through_the_dialogs(window, qtbot, tmp_path, monkeypatch):
    from kehoach_desktop.ui.preview import options_dialog

    target = tmp_path / "ra" / "ke-hoach"
    target.parent.mkdir()
    monkeypatch.setattr(
        controller_module.QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "Tệp PDF (*.pdf)"))
    )

    def accept(dialog):
        dialog.profile.setCurrentIndex(dialog.profile.findData("state_ND30"))
        dialog.draft.setChecked(False)
        return 1

    monkeypatch.setattr(options_dialog.ExportOptionsDialog, "exec", accept)
    opened = []
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    c = window.export_controller
    c.export("pdf")
    _wait(qtbot, c)
    assert opened == [str(target.with_name("ke-hoach.pdf"))]  # "Mở tệp sau khi xuất" is on by default
    out = target.with_name("ke-hoach.pdf")  # the extension is added
    assert out.exists() and c.last_result.path == out
    text = norm(" ".join(p.extract_text() for p in PdfReader(out).pages))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "DỰ THẢO" not in text
    from kehoach_desktop.ui.files import ExportNotice

    notice = window.statusBar().findChild(ExportNotice)  # «Đã xuất …», «Mở tệp», «Mở thư mục» (issue 20)
    assert notice is not None and "Đã xuất" in notice.label.text()


def test_export_docx_without_dialogs(window, qtbot, tmp_path):
    c = window.export_controller
    out = tmp_path / "k.docx"
    c.export("docx", plan_id=1, path=out, profile_id="party_36HD", options=ExportOptions())
    _wait(qtbot, c)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in docx_paragraph_texts(out)


def test_secret_plan_asks_and_says_why(window, qtbot, tmp_path, monkeypatch):
    window.ctx.db.execute("UPDATE plans SET security = 'mật' WHERE id = 1")
    asked = []

    def confirm(parent, text, **kw):
        asked.append(text)
        return False

    monkeypatch.setattr(messages, "confirm", confirm)
    c = window.export_controller
    out = tmp_path / "m.pdf"
    c.export("pdf", plan_id=1, path=out, profile_id="party_36HD", options=ExportOptions())
    assert asked and "MẬT" in asked[0] and "Internet" in asked[0]
    assert c.last_job is None and not out.exists()
    monkeypatch.setattr(messages, "confirm", lambda parent, text, **kw: True)
    c.export("pdf", plan_id=1, path=out, profile_id="party_36HD", options=ExportOptions())
    _wait(qtbot, c)
    assert out.exists()
    assert window.ctx.db.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'export_secret'") == 1


def test_preview_shows_every_page(window, qtbot):
    c = window.export_controller
    c.preview(plan_id=1, show=False)
    _wait(qtbot, c)
    dialog = c.dialog
    qtbot.addWidget(dialog)
    avail = dialog.screen().availableGeometry()
    assert dialog.width() <= avail.width() and dialog.height() <= avail.height()  # never taller than the screen
    pages = len(PdfReader(c.last_result.path).pages)
    assert len(dialog.labels) == pages == c.last_result.pages
    dialog.render_all()
    for label in dialog.labels:
        pix = label.pixmap()
        assert not pix.isNull()
        assert pix.height() / pix.width() == pytest.approx(297 / 210, abs=0.01)
    # Switching to the State profile re-renders into the same dialog.
    dialog.profile.setCurrentIndex(dialog.profile.findData("state_ND30"))
    _wait(qtbot, c)
    assert dialog.pdf_path.name.endswith("state_ND30.pdf")
    dialog.reject()
    c.cleanup_preview(1)  # what closing the dialog does after exec()
    assert not dialog.pdf_path.exists() and not c.last_result.path.exists()


def test_print_at_actual_size(qtbot, tmp_path):
    """Printing to a PDF printer puts every page on an A4 sheet with the ink where the original has it."""
    import pypdfium2 as pdfium

    src = tmp_path / "src.pdf"
    render_pdf(fixture_doc(), src, "party")
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(150)
    assert print_pdf(src, printer) == len(PdfReader(src).pages)
    printed = PdfReader(tmp_path / "printed.pdf")
    assert len(printed.pages) == len(PdfReader(src).pages)
    for page in printed.pages:
        assert float(page.mediabox.width) == pytest.approx(595.28, abs=1)
        assert float(page.mediabox.height) == pytest.approx(841.89, abs=1)

    def ink_box(path):
        img = pdfium.PdfDocument(str(path))[0].render(scale=1, grayscale=True).to_pil()
        return img.point(lambda p: 255 if p < 128 else 0).getbbox()

    a, b = ink_box(src), ink_box(tmp_path / "printed.pdf")
    for x, y in zip(a, b):
        assert abs(x - y) <= 2  # within 2 pt: no fit-to-page shrinking


def test_preview_dialog_print_button_calls_handler(qtbot, tmp_path):
    src = tmp_path / "a.pdf"
    render_pdf(fixture_doc(), src, "party")
    calls = []
    dialog = PreviewDialog(src, print_handler=lambda path, parent: calls.append(Path(path)))
    qtbot.addWidget(dialog)
    dialog.print_button.click()
    assert calls == [src]
    dialog._step_zoom(1)
    assert dialog.zoom == 125
    dialog.reject()
    assert dialog.pdf is None


def test_startup_does_not_load_the_exporters(tmp_path):
    """Building the main window must not import reportlab, python-docx or pypdfium2 (start-up budget)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from PySide6.QtCore import QSettings\n"
        "app = QApplication([])\n"
        "from kehoach_desktop.store import open_database\n"
        "from kehoach_desktop.ui.context import AppContext\n"
        "from kehoach_desktop.ui.main_window import MainWindow\n"
        f"db = open_database(r'{tmp_path / 'x.sqlite3'}')\n"
        f"w = MainWindow(AppContext(db), settings=QSettings(r'{tmp_path / 's.ini'}', QSettings.IniFormat))\n"
        "assert hasattr(w, 'export_controller')\n"
        "print(sorted(m for m in ('reportlab', 'docx', 'pypdfium2') if m in sys.modules))\n"
    )
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=root,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_exports_the_plan_open_in_the_editor(window, qtbot, tmp_path, monkeypatch):
    from kehoach_desktop.store import plans

    second = plans.create(
        window.ctx.db,
        {
            "title": "Kế hoạch thứ hai để thử",
            "issuer_body": "ĐẢNG ỦY XÃ HÒA BÌNH",
            "issuer_code": "ĐU",
            "place": "Hòa Bình",
        },
    )
    panel = window.tab("plans")
    panel.open_plan(second)
    window.show_tab("plans")
    monkeypatch.setattr(
        controller_module.QInputDialog,
        "getItem",
        staticmethod(lambda *a, **k: pytest.fail("should not ask which plan")),
    )
    c = window.export_controller
    assert c.current_plan_id() == second
    out = tmp_path / "second.pdf"
    c.export("pdf", path=out, profile_id="party_36HD", options=ExportOptions())
    _wait(qtbot, c)
    assert "Kế hoạch thứ hai để thử" in norm(" ".join(p.extract_text() for p in PdfReader(out).pages))
    # From another tab, with two plans, the user picks one.
    window.show_tab("registry")
    monkeypatch.setattr(
        controller_module.QInputDialog,
        "getItem",
        staticmethod(lambda parent, title, label, items, *a: (items[-1], True)),
    )
    assert c.current_plan_id() in (1, second)


def test_print_file_without_dialog(window, tmp_path):
    src = tmp_path / "a.pdf"
    render_pdf(fixture_doc(), src, "party")
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "out.pdf"))
    printer.setResolution(96)
    n = window.export_controller.print_file(src, printer=printer, ask=False)
    assert n == len(PdfReader(src).pages) == len(PdfReader(tmp_path / "out.pdf").pages)


def test_warm_up_runs_once_in_the_background(window):
    c = window.export_controller
    window.menus["plans"].aboutToShow.emit()
    thread = c._warm
    assert thread is not None
    thread.join(30)
    assert not thread.is_alive()
    assert c.warm_up() is None  # only once per session
    from kehoach_desktop.export.fonts import _registered, find_fonts

    assert find_fonts().key in _registered
