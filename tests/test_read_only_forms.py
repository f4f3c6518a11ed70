"""A window opened only to look (the file is held by another window, or sits on read-only
media) refuses a job that writes *before* its form opens, and says why and what to do.

Found by the outside walk: in the second window «Thêm văn bản» opened an empty form, took a
whole citation, and only «Lưu» said the file was read-only — the form closed and the typing
was gone. The same held for «Sửa», «Kế hoạch mới», «Cụ thể hóa…», «Thông tin cơ quan» and «Ghi tiến độ…».
"""

from __future__ import annotations

import pytest
from conftest import FIXTURES
from PySide6.QtCore import QSettings

from kehoach_desktop.demo import load_demo
from kehoach_desktop.importer import parse_file
from kehoach_desktop.importer.persist import save_as_directive
from kehoach_desktop.store import open_database
from kehoach_desktop.ui import messages

REASON = "Tệp dữ liệu đang được mở để sửa bởi cửa sổ KeHoach khác. Hãy đóng chương trình kia rồi mở lại để sửa."


@pytest.fixture
def read_only_window(tmp_path, qtbot, monkeypatch):
    from kehoach_desktop.ui.context import AppContext
    from kehoach_desktop.ui.main_window import MainWindow

    db = open_database(tmp_path / "office.sqlite3")
    load_demo(db, last_year=False)
    save_as_directive(db, parse_file(FIXTURES / "derive" / "ke-hoach-tinh-uy-45.txt"))  # one to cụ thể hóa
    opened: list[str] = []
    errors: list[str] = []
    monkeypatch.setattr(messages, "error", lambda parent, text, **k: errors.append(text))
    from kehoach_desktop.ui.derive import review
    from kehoach_desktop.ui.first_run import ProfileDialog
    from kehoach_desktop.ui.plans import dialogs
    from kehoach_desktop.ui.registry import form

    monkeypatch.setattr(form.DirectiveForm, "exec", lambda self: opened.append("DirectiveForm") or False)
    monkeypatch.setattr(dialogs.NewPlanDialog, "exec", lambda self: opened.append("NewPlanDialog") or 0)
    monkeypatch.setattr(review.DeriveReview, "exec", lambda self: opened.append("DeriveReview") or 0)
    monkeypatch.setattr(ProfileDialog, "exec", lambda self: opened.append("ProfileDialog") or 0)
    from kehoach_desktop.ui.tracking.panel import TrackingPanel

    monkeypatch.setattr(TrackingPanel, "_exec", lambda self, dialog: opened.append(type(dialog).__name__) or False)
    win = MainWindow(
        AppContext(db, read_only_reason=REASON), settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    )
    qtbot.addWidget(win)
    win.show()
    yield win, opened, errors
    win.close()
    db.close()


def _select_structured_document(win) -> int:
    did = win.ctx.db.execute(
        "SELECT id FROM directives WHERE structure_json IS NOT NULL AND structure_json != '' ORDER BY id LIMIT 1"
    ).fetchone()[0]
    win.show_tab("registry")
    win.registry_panel.select(did)
    assert win.registry_panel.current_id() == did
    return did


def _a_task(win) -> int:
    return win.ctx.db.execute("SELECT id FROM tasks ORDER BY id LIMIT 1").fetchone()[0]


def test_no_form_opens_for_a_job_that_cannot_be_saved(read_only_window):
    win, opened, errors = read_only_window
    registry = win.registry_panel
    jobs = [
        ("thêm văn bản", registry.act_add.trigger),
        ("thêm văn bản", registry.act_paste.trigger),
        ("sửa văn bản", lambda: (_select_structured_document(win), registry.act_edit.trigger())),
        ("cụ thể hóa văn bản", lambda: (_select_structured_document(win), win.derive.action.trigger())),
        ("tạo kế hoạch mới", win.plans_panel.new_plan),
        ("sửa thông tin cơ quan", win.edit_profile),
        ("ghi tiến độ", lambda: win.show_tab("tracking").record_progress(_a_task(win))),
        # «Ghi vào dữ liệu» stayed enabled and refused only after the whole preview (the walk).
        ("nhập bảng tiến độ", lambda: win.show_tab("tracking").import_files(["Bảng VP trả về.xlsx"])),
    ]
    for what, job in jobs:
        errors.clear()
        job()
        assert opened == [], (what, opened)
        assert len(errors) == 1, (what, errors)
        assert f"chỉ để xem nên không {what} được" in errors[0]
        assert "Hãy đóng chương trình kia rồi mở lại để sửa" in errors[0]  # what to do


def test_the_import_preview_cannot_write_in_a_window_opened_to_look(qtbot):
    """Had the window turned read-only while the files were read, «Ghi vào dữ liệu» is off
    and the summary says why, before it is pressed."""
    from pathlib import Path
    from types import SimpleNamespace

    from kehoach_desktop.ui.tracking.import_dialog import ImportPreviewDialog

    change = SimpleNamespace(row=10, title="Rà soát quy hoạch cấp ủy", fields=lambda: [("Kết quả", "", "Đã làm")])
    file = SimpleNamespace(path=Path("VP trả về.xlsx"), changes=[change], errors=[])
    pv = SimpleNamespace(files=[file], errors=[], warnings=[], changes=[change])
    dialog = ImportPreviewDialog(pv, read_only_reason=REASON)
    qtbot.addWidget(dialog)
    assert not dialog.apply_button.isEnabled()
    assert "chỉ để xem nên không ghi được" in dialog.summary.text() and REASON in dialog.summary.text()
    writable = ImportPreviewDialog(pv)
    qtbot.addWidget(writable)
    assert writable.apply_button.isEnabled()


def test_a_plan_status_cannot_be_changed_from_a_window_opened_to_look(read_only_window):
    """«Trình ký» and «Ban hành…» were enabled and did nothing (or failed after their dialog)."""
    win, _opened, _errors = read_only_window
    win.show_tab("plans")
    panel = win.plans_panel
    plan_id = win.ctx.db.execute("SELECT id FROM plans WHERE status = 'draft' ORDER BY id LIMIT 1").fetchone()[0]
    panel.open_plan(plan_id)
    editor = panel.editor
    assert editor.plan_id == plan_id
    for button in (editor.btn_review, editor.btn_draft, editor.btn_issue, editor.btn_revision):
        assert not button.isEnabled(), button.text()
    assert editor.btn_check.isEnabled()  # checking only reads


def test_the_status_bar_line_is_not_cut_by_the_file_path_at_1366(tmp_path, qtbot):
    """At 1366×768 the status bar showed «CHỈ ĐỌC: » + the whole reason, cut mid-word where the
    data file's path begins («…nhưng khôn/tmp/…»)."""
    from kehoach_desktop.ui.context import AppContext
    from kehoach_desktop.ui.main_window import MainWindow

    folder = tmp_path / "Dữ liệu văn phòng Đảng ủy" / "năm 2026"
    folder.mkdir(parents=True)
    db = open_database(folder / "KeHoach.sqlite3")
    reason = (
        "Tệp dữ liệu nằm trên ổ đĩa hoặc thư mục chỉ cho đọc (đĩa CD, USB gạt khóa ghi, thư mục dùng chung "
        "chỉ đọc), nên chương trình mở ở chế độ CHỈ XEM: xem được mọi thứ nhưng không sửa được."
    )
    win = MainWindow(
        AppContext(db, read_only_reason=reason), settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    )
    qtbot.addWidget(win)
    win.resize(1366, 728)
    win.show()
    qtbot.waitExposed(win)
    bar = win.statusBar()
    message = bar.currentMessage()
    room = bar.width() - win.db_label.width() - 30  # the size grip and margins
    assert bar.fontMetrics().horizontalAdvance(message) <= room, (message, room)
    assert message.startswith("CHỈ XEM")
    # and a gap between any message and the file's path (a long one ran into it: the walk)
    assert win.db_label.contentsMargins().left() >= 12
    banner_text = " ".join(b.label.text() for b in win.safety_banners)
    assert "CHỈ XEM" in banner_text and "không sửa được" in banner_text  # the reason, in full, above
    win.close()
    db.close()
