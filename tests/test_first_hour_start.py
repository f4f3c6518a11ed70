"""Issue 20, first start: the office form shows grey hints, not a fictional office; «Dùng thử
với dữ liệu mẫu» opens a separate demo file that says so; the office's database stays clean."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QPushButton

from kehoach_desktop import app as app_module
from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.demo import DEMO_PROFILE
from kehoach_desktop.paths import demo_db_path
from kehoach_desktop.store import open_database, profile
from kehoach_desktop.store.profile import is_demo
from kehoach_desktop.ui import first_run


def test_the_office_form_has_hints_not_a_fictional_office(qtbot):
    dialog = first_run.ProfileDialog(OfficeProfile(), None, first_run=True)
    qtbot.addWidget(dialog.dialog)
    for key, edit in dialog.edits.items():
        assert edit.text() == "", key
        assert edit.placeholderText(), f"{key}: no grey hint"
    shown = " ".join(e.text() for e in dialog.edits.values())
    assert DEMO_PROFILE.issuer_body not in shown and DEMO_PROFILE.signer_name not in shown
    assert dialog.demo_button.text().replace("&", "") == "Dùng thử với dữ liệu mẫu"
    assert not dialog.demo_button.isHidden()


def test_the_office_form_later_has_no_demo_button(qtbot):
    dialog = first_run.ProfileDialog(OfficeProfile(issuer_body="ĐẢNG ỦY XÃ AN PHÚ"), None)
    qtbot.addWidget(dialog.dialog)
    assert dialog.demo_button.isHidden() and dialog.edits["issuer_body"].text() == "ĐẢNG ỦY XÃ AN PHÚ"


@pytest.fixture
def press_demo(monkeypatch):
    def fake_exec(self):
        self.dialog.done(first_run.DEMO_RESULT)  # as a click on «Dùng thử với dữ liệu mẫu» does
        return False

    monkeypatch.setattr(first_run.ProfileDialog, "exec", fake_exec)


def test_trying_the_demo_opens_a_separate_labelled_file(qtbot, tmp_path, press_demo):
    real = tmp_path / "kehoach.sqlite3"
    session = app_module.Session(QApplication.instance() or QApplication([]))
    assert session.open(real)
    window = session.window
    qtbot.addWidget(window)
    demo = demo_db_path(real)
    assert session.ctx.db.path == demo != real
    assert "DỮ LIỆU MẪU" in window.windowTitle()
    assert window.demo_banner is not None and window.demo_banner.isVisible()
    assert "DỮ LIỆU MẪU" in window.demo_banner.text()
    assert session.ctx.db.scalar("SELECT COUNT(*) FROM plans") == 2
    # the way back to the office's own file
    back = window.demo_banner.findChild(QPushButton, "realDataButton")
    asked = []
    window.database_requested.connect(asked.append)
    back.click()
    assert asked == [str(real)]
    window.close()
    # the office's database stays clean: no profile (asked again next time), no demo data
    db = open_database(real)
    try:
        assert not profile.has_profile(db) and not is_demo(db)
        assert db.scalar("SELECT COUNT(*) FROM directives") == 0
        assert db.scalar("SELECT COUNT(*) FROM plans") == 0
    finally:
        db.close()


def test_a_fresh_demo_reports_no_crash_and_banners_take_one_line(qtbot, tmp_path, press_demo):
    """The walk found «Lần trước chương trình … đã tắt đột ngột» on a demo made a second ago
    (the lock of a killed demo window was left behind), in a strip three lines tall."""
    real = tmp_path / "kehoach.sqlite3"
    demo = demo_db_path(real)
    demo.parent.mkdir(parents=True, exist_ok=True)
    from kehoach_desktop.safety.lock import owner_path

    # what a demo window killed mid-session leaves behind: its note of who held the file
    owner_path(demo).write_text(
        '{"user": "thu", "host": "may-khac", "pid": 999999, "since": "2026-01-01T08:00:00"}', encoding="utf-8"
    )
    session = app_module.Session(QApplication.instance() or QApplication([]))
    assert session.open(real)
    window = session.window
    qtbot.addWidget(window)
    banners = getattr(window, "safety_banners", [])
    assert [b.text() for b in banners if "đột ngột" in b.text()] == []
    line = window.demo_banner.label.fontMetrics().height()
    assert window.demo_banner.label.sizeHint().height() < 2 * line
    window.close()
