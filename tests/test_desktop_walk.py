"""A new secretary's first hour (issue 7): focus, Tab order and default buttons found wrong
while walking every screen at 1366×768 — one test per fix, each failing without it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kehoach_desktop.ui.context import AppContext

CITATION = "Hướng dẫn số 73-HD/BTGTU, ngày 16/11/2023 của Ban Tuyên giáo Tỉnh ủy về tổ chức học tập nghị quyết"


def _show(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    return dialog


def test_document_form_starts_in_the_citation_box_and_tab_leaves_it(qtbot, demo_db):
    from kehoach_desktop.ui.registry.form import DirectiveForm

    form = DirectiveForm(AppContext(demo_db), None)
    dialog = _show(qtbot, form.dialog)
    # Not the scroll area around the fields: the paste box the form asks for first.
    assert dialog.focusWidget() is form.citation
    form.citation.setPlainText(CITATION)
    QTest.keyClick(form.citation, Qt.Key_Tab)
    assert "\t" not in form.citation.toPlainText()               # Tab moves on, it is not typed
    assert dialog.focusWidget() is dialog.findChild(type(form.open_attach), "fillButton")


def test_document_form_filled_from_a_citation_puts_the_focus_on_the_first_field(qtbot, demo_db):
    from kehoach_desktop.ui.registry.form import DirectiveForm

    form = DirectiveForm(AppContext(demo_db), None)
    dialog = _show(qtbot, form.dialog)
    form.citation.setPlainText(CITATION)
    assert form.fill_from_citation()
    assert dialog.focusWidget() is form.type.lineEdit() or dialog.focusWidget() is form.type
    # Enter there saves (the default button), as a secretary checking the fields expects.
    QTest.keyClick(QApplication.focusWidget() or form.type, Qt.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted


def test_document_form_for_editing_starts_at_the_first_field(qtbot, demo_db):
    from kehoach_desktop.ui.registry.form import DirectiveForm

    did = demo_db.scalar("SELECT MIN(id) FROM directives")
    form = DirectiveForm(AppContext(demo_db), None, did)
    dialog = _show(qtbot, form.dialog)
    focus = dialog.focusWidget()
    assert focus is form.type or focus is form.type.lineEdit()
