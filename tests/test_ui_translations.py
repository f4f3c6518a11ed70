"""Issue 7: Qt's own strings in Vietnamese (resources/translations/qtbase_vi.ts → .qm).

The translator is installed with the same function app.run_gui calls and taken out again
after each test, so the rest of the suite sees the session application as it was.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import textwrap
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QContextMenuEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QScrollBar,
    QSpinBox,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from kehoach_desktop.ui import qt_language

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "qtbase_vi.ts"
QM = ROOT / "resources" / "translations" / "qtbase_vi.qm"

# Every place of Qt a user of this app can reach: each must be in the file, fully translated.
REQUIRED_CONTEXTS = {
    "QLineEdit",
    "QWidgetTextControl",
    "QPlatformTheme",
    "QDialogButtonBox",
    "QMessageBox",
    "QAbstractSpinBox",
    "QScrollBar",
    "QUndoStack",
    "QUndoModel",
    "QProgressDialog",
    "QInputDialog",
    "QFileDialog",
    "QFileSystemModel",
    "QAbstractFileIconProvider",
    "QPrintDialog",
    "QPageSetupWidget",
    "QPrintSettingsOutput",
    "QPrintWidget",
    "QPrintPreviewDialog",
    "QColorDialog",
    "QFontDialog",
}


def _messages() -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(TS).getroot()
    return [
        (ctx.findtext("name"), msg.findtext("source"), msg.find("translation"))
        for ctx in root.iter("context")
        for msg in ctx.iter("message")
    ]


def _plain(text: str) -> str:
    """A menu or button text as read: no accelerator, no shortcut after the tab."""
    return text.split("\t")[0].replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def _qt_source_texts() -> set[str]:
    """Every text Qt itself translates, read from the German translation PySide6 ships.

    Independent of our .ts: a Qt string we forgot to translate is still caught. The .qm format:
    a 16-byte magic, then sections (tag, 32-bit length); in the messages section (tag 0x69) each
    message is a list of records: 1 = end, 3 = UTF-16 translation, 5 = obsolete, 6 = source
    (UTF-8), 7 = context, 8 = comment; all but 1 carry a 32-bit length first.
    """
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))  # PySide6/Qt/… or PySide6/…
    data = (folder / "qtbase_de.qm").read_bytes()
    pos, messages = 16, b""
    while pos < len(data):
        tag, length = data[pos], int.from_bytes(data[pos + 1 : pos + 5], "big")
        if tag == 0x69:
            messages = data[pos + 5 : pos + 5 + length]
        pos += 5 + length
    sources, pos = set(), 0
    while pos < len(messages):
        tag, pos = messages[pos], pos + 1
        if tag == 1:
            continue
        length, pos = int.from_bytes(messages[pos : pos + 4], "big"), pos + 4
        if tag == 6:
            sources.add(messages[pos : pos + length].decode("utf-8"))
        if length != 0xFFFFFFFF:
            pos += length
    assert len(sources) > 1000, "không đọc được bản dịch tiếng Đức của Qt trong PySide6"
    return {_plain(s) for s in sources}


# What a user must never see: Qt's English texts, unless our translation is the same text
# (A4, mm, %1%…) or is itself written that way (the print button "In" is also the unit "in").
_OURS = {_plain(tr.text or "") for _, _, tr in _messages()}
ENGLISH = (
    {_plain(src) for _, src, tr in _messages() if _plain(src) != _plain(tr.text or "")} | _qt_source_texts()
) - _OURS


@pytest.fixture
def vi(qapp):
    before = QLocale()
    translator = qt_language.install(qapp)
    assert translator is not None, "resources/translations/qtbase_vi.qm không nạp được"
    yield translator
    qt_language.remove(qapp)
    QLocale.setDefault(before)


def _lrelease() -> list[str]:
    import PySide6

    folder = Path(PySide6.__file__).resolve().parent
    for name in ("lrelease", "lrelease.exe"):
        if (folder / name).exists():
            return [str(folder / name)]
    wrapper = shutil.which("pyside6-lrelease")
    assert wrapper, "PySide6 luôn có lrelease (PySide6-Essentials): cài lại PySide6"
    return [wrapper]


def test_committed_qm_is_the_ts_compiled(tmp_path, qapp):
    """The committed .qm says what the .ts says. Compared message by message, not byte by
    byte: another PySide6's lrelease (Windows CI installs the newest) may lay bytes out
    differently for the same translations."""
    from PySide6.QtCore import QTranslator

    out = tmp_path / "qtbase_vi.qm"
    result = subprocess.run(_lrelease() + [str(TS), "-qm", str(out)], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    committed, fresh = QTranslator(), QTranslator()
    assert committed.load(str(QM)) and fresh.load(str(out))
    stale = []
    for ctx, src, tr in _messages():
        want = tr.text or ""
        if not (committed.translate(ctx, src) == fresh.translate(ctx, src) == want):
            stale.append(f"{ctx}: {src!r}")
    assert not stale, (
        "qtbase_vi.qm khác bản dịch từ qtbase_vi.ts: chạy lrelease resources/translations/qtbase_vi.ts "
        "rồi commit cả hai. Khác ở: " + "; ".join(stale[:10])
    )


def test_every_translation_is_finished_nfc_and_keeps_placeholders():
    messages = _messages()
    assert len(messages) > 400
    contexts = {ctx for ctx, _, _ in messages}
    assert contexts >= REQUIRED_CONTEXTS, REQUIRED_CONTEXTS - contexts
    for ctx, src, tr in messages:
        where = f"{ctx}: {src!r}"
        assert tr is not None and tr.get("type") is None, f"chưa dịch xong: {where}"
        text = tr.text or ""
        assert text.strip(), f"bản dịch rỗng: {where}"
        assert unicodedata.is_normalized("NFC", text), f"không phải NFC: {where}"
        assert sorted(re.findall(r"%(?:\d+|n|p)", src)) == sorted(re.findall(r"%(?:\d+|n|p)", text)), where
        assert text.replace("&&", "").count("&") <= src.replace("&&", "").count("&"), where
        assert (src.endswith(":") == text.endswith(":")) and (src.endswith("...") == text.endswith("...")), where


def _accelerators(texts: list[str]) -> list[str]:
    keys = []
    for text in texts:
        match = re.search(r"&([^&])", text.split("\t")[0].replace("&&", ""))
        if match:
            keys.append(match.group(1).lower())
    return keys


def _menu_texts(menu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


TEXT_MENU = ["Hoàn tác", "Làm lại", "Cắt", "Sao chép", "Dán", "Xóa", "Chọn tất cả"]


def test_line_edit_context_menu_is_vietnamese(vi):
    field = QLineEdit("Kế hoạch")
    texts = _menu_texts(field.createStandardContextMenu())
    plain = [_plain(t) for t in texts]
    assert plain[:7] == TEXT_MENU
    assert not set(plain) & ENGLISH
    keys = _accelerators(texts)
    assert len(keys) == len(set(keys)) >= 5 and all(k.isascii() for k in keys)


@pytest.mark.parametrize("cls", [QPlainTextEdit, QTextEdit])
def test_text_edit_context_menu_is_vietnamese(vi, cls):
    editor = cls()
    editor.setPlainText("Nội dung")
    texts = _menu_texts(editor.createStandardContextMenu())
    plain = [_plain(t) for t in texts]
    assert plain[:7] == TEXT_MENU
    assert not set(plain) & ENGLISH
    keys = _accelerators(texts)
    assert len(keys) == len(set(keys))


def _popup_texts(trigger) -> list[str]:
    """Texts of the context menu a widget opens: with exec() (the spin box) they are read from
    inside the menu's own loop; with popup() (the scroll bar) once the event has returned."""
    seen: list[str] = []

    def grab() -> None:
        menu = QApplication.activePopupWidget()
        if menu is not None and not seen:
            seen.extend(_menu_texts(menu))
            menu.close()

    timer = QTimer()
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(grab)
    timer.start()
    trigger()
    timer.stop()
    grab()
    return seen


def _context_menu(widget: QWidget) -> None:
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(2, 2), widget.mapToGlobal(QPoint(2, 2)))
    QApplication.sendEvent(widget, event)


def test_spin_box_context_menu_is_vietnamese(vi, qtbot):
    box = QSpinBox()
    qtbot.addWidget(box)
    box.setValue(3)
    box.show()
    texts = _popup_texts(lambda: _context_menu(box))
    plain = [_plain(t) for t in texts]
    assert {"Chọn tất cả", "Tăng lên", "Giảm xuống", "Sao chép", "Dán"} <= set(plain), plain
    assert not set(plain) & ENGLISH
    keys = _accelerators(texts)
    assert len(keys) == len(set(keys)), texts


@pytest.mark.parametrize(
    "orientation, expected",
    [
        (Qt.Orientation.Vertical, {"Cuộn đến đây", "Lên đầu", "Xuống cuối", "Lên một trang", "Cuộn xuống"}),
        (
            Qt.Orientation.Horizontal,
            {"Cuộn đến đây", "Sát mép trái", "Sát mép phải", "Sang phải một trang", "Cuộn sang trái"},
        ),
    ],
)
def test_scroll_bar_context_menu_is_vietnamese(vi, qtbot, orientation, expected):
    bar = QScrollBar(orientation)
    qtbot.addWidget(bar)
    bar.show()
    plain = [_plain(t) for t in _popup_texts(lambda: _context_menu(bar))]
    assert expected <= set(plain), plain
    assert not set(plain) & ENGLISH


def _button_texts(widget: QWidget) -> set[str]:
    return {b.text() for b in widget.findChildren(QAbstractButton)}


def test_message_box_standard_buttons_and_details(vi, qtbot):
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Xác nhận",
        "Lưu thay đổi?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel,
    )
    qtbot.addWidget(box)
    box.setDetailedText("Chi tiết")
    assert box.button(QMessageBox.StandardButton.Yes).text() == "&Có"
    assert box.button(QMessageBox.StandardButton.No).text() == "&Không"
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "Hủy"
    box.show()
    assert "Xem chi tiết..." in _button_texts(box)
    assert not {_plain(t) for t in _button_texts(box)} & ENGLISH


def test_message_box_other_buttons(vi, qtbot):
    sb = QMessageBox.StandardButton
    expected = {
        sb.Ok: "Đồng ý",
        sb.Save: "Lưu",
        sb.Discard: "Không lưu",
        sb.Retry: "Thử lại",
        sb.Ignore: "Bỏ qua",
        sb.Abort: "Hủy bỏ",
        sb.YesToAll: "Có cho &tất cả",
        sb.NoToAll: "K&hông cho tất cả",
    }
    buttons = sb.NoButton
    for button in expected:
        buttons |= button
    box = QMessageBox(QMessageBox.Icon.Warning, "Cảnh báo", "…", buttons)
    qtbot.addWidget(box)
    assert {b: box.button(b).text() for b in expected} == expected


def test_dialog_button_box_standard_buttons(vi, qtbot):
    b = QDialogButtonBox.StandardButton
    expected = {
        b.Ok: "Đồng ý",
        b.Cancel: "Hủy",
        b.Save: "Lưu",
        b.Close: "Đóng",
        b.Apply: "Áp dụng",
        b.Help: "Trợ giúp",
        b.Open: "Mở",
        b.Reset: "Đặt lại",
        b.RestoreDefaults: "Khôi phục mặc định",
    }
    buttons = b.NoButton
    for button in expected:
        buttons |= button
    box = QDialogButtonBox(buttons)
    qtbot.addWidget(box)
    assert {k: box.button(k).text() for k in expected} == expected


def test_undo_stack_default_texts(vi):
    stack = QUndoStack()
    undo, redo = stack.createUndoAction(None), stack.createRedoAction(None)
    assert (undo.text(), redo.text()) == ("Hoàn tác", "Làm lại")
    stack.push(QUndoCommand("sửa tiêu đề"))
    assert undo.text() == "Hoàn tác sửa tiêu đề"
    stack.undo()
    assert redo.text() == "Làm lại sửa tiêu đề"


def test_progress_dialog_default_cancel_button(vi, qtbot):
    dialog = QProgressDialog()
    qtbot.addWidget(dialog)
    assert [b.text() for b in dialog.findChildren(QPushButton)] == ["Hủy"]


def _visible_texts(root: QWidget) -> set[str]:
    """What a user reads in a dialog: title, labels, buttons, actions, group boxes, tabs, combo items."""
    texts = {root.windowTitle()}
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel):
            texts.add(widget.text())
        elif isinstance(widget, QAbstractButton):
            texts.update((widget.text(), widget.toolTip()))
        elif isinstance(widget, QGroupBox):
            texts.add(widget.title())
        elif isinstance(widget, QTabWidget):
            texts.update(widget.tabText(i) for i in range(widget.count()))
        elif isinstance(widget, QComboBox):
            texts.update(widget.itemText(i) for i in range(widget.count()))
        for action in widget.actions():
            texts.update((action.text(), action.toolTip()))
    for action in root.findChildren(QAction):  # e.g. the file list's context menu, built on demand
        texts.update((action.text(), action.toolTip()))
    return {_plain(t) for t in texts if t and _plain(t)}


def test_input_dialog_is_vietnamese(vi, qtbot):
    dialog = QInputDialog()
    qtbot.addWidget(dialog)
    dialog.setInputMode(QInputDialog.InputMode.IntInput)
    dialog.show()
    texts = _visible_texts(dialog)
    assert {"Đồng ý", "Hủy"} <= texts
    assert not texts & ENGLISH


@pytest.mark.parametrize("accept", [QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave])
def test_qt_drawn_file_dialog_is_vietnamese(vi, qtbot, tmp_path, accept):
    (tmp_path / "ke-hoach.pdf").write_bytes(b"%PDF-1.4\n")
    dialog = QFileDialog(None, "Chọn tệp", str(tmp_path), "Tệp PDF (*.pdf)")
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(accept)
    dialog.show()
    texts = _visible_texts(dialog)
    assert {"Tìm trong:", "Tên tệp:", "Kiểu tệp:", "Hủy", "Thư mục mới", "Xóa", "Đổi tên", "Hiện tệp ẩn"} <= texts
    assert ("Mở" if accept == QFileDialog.AcceptMode.AcceptOpen else "Lưu") in texts
    assert not texts & ENGLISH
    model = dialog.findChild(QWidget, "treeView").model()
    headers = {model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())}
    assert {"Tên", "Kích thước", "Loại", "Ngày sửa đổi"} <= headers
    keys = _visible_accelerators(dialog)
    assert len(keys) == len(set(keys)) == 4, keys  # look in, file name, type, open/save


def _visible_accelerators(root: QWidget) -> list[str]:
    """Alt+letter keys of what is on screen now (labels, buttons, group boxes): must not repeat."""
    texts = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
    return _accelerators(texts)


def _pdf_printer():
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    return printer


def _shown_texts(qtbot, dialog, printer) -> set[str]:
    dialog.kept_printer = printer  # the dialog does not own its printer: alive until qtbot closes it
    qtbot.addWidget(dialog)
    dialog.show()
    texts = _visible_texts(dialog)
    assert not texts & ENGLISH, texts & ENGLISH
    return texts


def test_print_preview_dialog_is_vietnamese(vi, qtbot):
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    printer = _pdf_printer()
    texts = _shown_texts(qtbot, QPrintPreviewDialog(printer), printer)
    assert {"Trang sau", "Phóng to", "Thiết lập trang", "In", "Xem trước khi in", "Khổ ngang"} <= texts


@pytest.mark.skipif(
    sys.platform in ("win32", "darwin"),
    reason="Windows and macOS show their own print dialogs, in the system's language",
)
def test_qt_drawn_print_and_page_setup_dialogs_are_vietnamese(vi, qtbot):
    from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog

    printer = _pdf_printer()
    dialog = QPrintDialog(printer)
    texts = _shown_texts(qtbot, dialog, printer)
    assert {"In", "Hủy", "Máy in", "Tất cả các trang", "Trang chẵn", "Số bản:", "Tùy chọn >>"} <= texts
    next(b for b in dialog.findChildren(QPushButton) if b.text() == "&Tùy chọn >>").click()
    keys = _visible_accelerators(dialog)  # name, properties, output file, print, options, page set
    assert len(keys) == len(set(keys)) >= 6, keys
    texts = _shown_texts(qtbot, QPageSetupDialog(printer), printer)
    assert {"Khổ giấy:", "Hướng giấy", "Lề", "Milimét (mm)", "Khổ dọc", "Đồng ý"} <= texts


def test_locale_is_vietnamese_after_install(vi):
    assert QLocale().name() == "vi_VN"
    assert QLocale().monthName(11) == "tháng 11"


def test_install_twice_keeps_one_translator(vi, qapp):
    assert qt_language.install(qapp) is vi


def _spec_unwanted():
    tree = ast.parse((ROOT / "installer" / "kehoach.spec").read_text(encoding="utf-8"))
    func = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "_unwanted")
    namespace: dict = {}
    # Only the filter function of our own spec, not the spec (which needs PyInstaller).
    exec(compile(ast.Module(body=[func], type_ignores=[]), "kehoach.spec", "exec"), namespace)
    return namespace["_unwanted"]


def test_frozen_build_keeps_our_qm_and_finds_it(monkeypatch, tmp_path):
    unwanted = _spec_unwanted()
    assert not unwanted("resources/translations/qtbase_vi.qm")
    assert not unwanted("resources\\translations\\qtbase_vi.qm")
    assert unwanted("PySide6/Qt/translations/qtbase_de.qm")  # Qt's other languages stay out
    assert unwanted("resources/translations/qtbase_vi.ts")  # the source is not shipped
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert qt_language.qm_path() == tmp_path / "resources" / "translations" / "qtbase_vi.qm"


def test_the_gui_start_installs_the_translation(tmp_path):
    """run_gui itself (as ``kehoach --smoke`` starts it): Qt's menus and buttons come out in Vietnamese."""
    script = textwrap.dedent(f"""
        import argparse, sys
        sys.path.insert(0, {str(ROOT)!r})
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
        app = QApplication(sys.argv[:1])
        def report():
            field = QLineEdit("x")
            menu = field.createStandardContextMenu()
            print("MENU=" + "|".join(a.text().split("\\t")[0] for a in menu.actions() if not a.isSeparator()))
            box = QMessageBox(QMessageBox.Icon.Question, "t", "x", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
            print("BUTTONS=" + "|".join(box.button(b).text() for b in (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No)))
        QTimer.singleShot(0, report)   # runs in run_gui's event loop, before the smoke run closes
        from kehoach_desktop.app import run_gui
        sys.exit(run_gui(argparse.Namespace(db={str(tmp_path / "smoke.sqlite3")!r}, smoke=True, portable=False)))
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KEHOACH_NO_BACKUP="1", PYTHONIOENCODING="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "MENU=&Hoàn tác|&Làm lại|&Cắt|&Sao chép|&Dán|Xóa|Chọn tất cả" in result.stdout, result.stdout
    assert "BUTTONS=&Có|&Không" in result.stdout, result.stdout
