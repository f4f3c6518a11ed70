"""Found walking «Thêm văn bản» by keyboard: a secretary pastes a citation, fills the fields,
and one Esc (or «Hủy», or the window's ×) closed the form without a word — everything typed
gone. Now the form asks before throwing away what was typed; an untouched form still closes
at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from test_desktop_walk import CITATION, _show

from kehoach_desktop.ui import messages
from kehoach_desktop.ui.context import AppContext


def _form(qtbot, db, directive_id=None):
    from kehoach_desktop.ui.registry.form import DirectiveForm

    form = DirectiveForm(AppContext(db), None, directive_id)
    _show(qtbot, form.dialog)
    return form


def _asked(monkeypatch, answer: bool) -> list[str]:
    asked: list[str] = []

    def confirm(parent, text, title="", yes="", no="", detail="", safe_default=False):
        asked.append(text)
        return answer

    monkeypatch.setattr(messages, "confirm", confirm)
    return asked


def test_esc_on_an_untouched_form_closes_it_without_asking(qtbot, demo_db, monkeypatch):
    asked = _asked(monkeypatch, False)
    form = _form(qtbot, demo_db)
    QTest.keyClick(form.citation, Qt.Key_Escape)
    assert not form.dialog.isVisible() and not asked


def test_esc_after_typing_asks_and_keeps_the_form_when_told_to(qtbot, demo_db, monkeypatch):
    asked = _asked(monkeypatch, False)
    form = _form(qtbot, demo_db)
    form.citation.setPlainText(CITATION)
    assert form.fill_from_citation()
    QTest.keyClick(form.type, Qt.Key_Escape)
    assert asked and form.dialog.isVisible()
    assert form.number.text() == "73-HD/BTGTU"
    form.citation.clear()  # nothing left to lose: the test's own closing asks nothing
    form.type.setCurrentText("")
    form.number.clear()
    form.date.clear()
    form.issuer.setCurrentText("")
    form.summary.clear()
    form.level.setCurrentText("")


def test_cancel_after_typing_throws_away_when_confirmed(qtbot, demo_db, monkeypatch):
    asked = _asked(monkeypatch, True)
    form = _form(qtbot, demo_db)
    form.notes.setPlainText("Ghi chú vừa gõ")
    from PySide6.QtWidgets import QDialogButtonBox

    form.dialog.findChild(QDialogButtonBox, "buttonBox").button(QDialogButtonBox.Cancel).click()
    assert asked and not form.dialog.isVisible()
    assert form.dialog.result() == form.dialog.DialogCode.Rejected


def test_editing_a_document_and_changing_nothing_closes_without_asking(qtbot, demo_db, monkeypatch):
    asked = _asked(monkeypatch, False)
    did = demo_db.scalar("SELECT MIN(id) FROM directives")
    form = _form(qtbot, demo_db, did)
    QTest.keyClick(form.type, Qt.Key_Escape)
    assert not form.dialog.isVisible() and not asked
