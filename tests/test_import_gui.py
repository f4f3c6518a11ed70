"""The Nhập văn bản dialog and folder import in the main window (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kehoach_desktop.core.citations import parse_citation
from kehoach_desktop.store import directives
from kehoach_desktop.ui import messages
from kehoach_desktop.ui.importer import import_folder
from kehoach_desktop.ui.importer.dialog import ImportDialog, open_result

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
DASH = FIXTURES / "ke-hoach-xa-dash-2025.txt"


@pytest.fixture
def said(monkeypatch):
    """Message boxes are recorded instead of shown."""
    log: dict[str, list[str]] = {"error": [], "info": [], "confirm": []}
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": log["error"].append(text))
    monkeypatch.setattr(messages, "info", lambda parent, text, title="": log["info"].append(text))

    def confirm(parent, text, title="", yes="", no="", detail="", safe_default=False):
        log["confirm"].append(text)
        return True

    monkeypatch.setattr(messages, "confirm", confirm)
    return log


@pytest.fixture
def window(open_window, db):
    """The window of the office that issued the DASH fixture (ĐẢNG ỦY XÃ THẠCH SƠN)."""
    from kehoach_desktop.core.models import OfficeProfile
    from kehoach_desktop.store import profile

    profile.save(db, OfficeProfile(issuer_body="ĐẢNG ỦY XÃ THẠCH SƠN", issuer_code="ĐU", place="Thạch Sơn"))
    return open_window(db)


def _texts(table, column):
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_menu_actions_are_installed(window):
    texts = [a.text() for a in window.menus["file"].actions()]
    assert "&Nhập văn bản (Word, PDF, ảnh quét, dán)…" in texts and "Nhập cả &thư mục…" in texts
    shortcuts = {a.text(): a.shortcut().toString() for a in window.menus["file"].actions()}
    assert shortcuts["&Nhập văn bản (Word, PDF, ảnh quét, dán)…"] == "Ctrl+I"


def test_review_then_save_draft_plan_with_undo(window, qtbot, said):
    ctx = window.ctx
    dialog = ImportDialog(ctx, window, path=str(DASH))
    qtbot.addWidget(dialog)
    assert dialog.recognise()
    assert dialog.stack.currentIndex() == 1
    header = dialog.header_page
    assert (header.number.text(), header.issuer.text(), header.date.text()) == (
        "12-KH/ĐU",
        "ĐẢNG ỦY XÃ THẠCH SƠN",
        "05/03/2025",
    )
    assert dialog.tree_page.topLevelItemCount() == 4  # I, II, III and the appendix
    refs = dialog.refs_page.table
    assert _texts(refs, 2)[:3] == ["116/2018/NQ-HĐND", "155/KH-UBND", "798-KL/TU"]
    assert set(_texts(refs, 0)) == {"Chưa có — sẽ thêm"}
    assert dialog.status.currentData() == "issued"  # numbered and dated
    tasks = dialog.tasks_page.tasks
    assert tasks.rowCount() == 9
    assert tasks.item(0, 4).text() == "Ngày cụ thể: 31/05/2025"
    tasks.item(0, 0).setCheckState(Qt.Unchecked)  # the user drops one proposal
    # The user corrects the header and keeps it a draft.
    header.title.setText("tổ chức học tập và triển khai công tác tuyên giáo năm 2025")
    dialog.status.setCurrentIndex(dialog.status.findData("draft"))
    assert dialog.save()
    kind, plan_id = dialog.saved
    assert kind == "plan"
    db = ctx.db
    row = db.one("SELECT status, title FROM plans WHERE id = ?", (plan_id,))
    assert (row["status"], row["title"]) == ("draft", "tổ chức học tập và triển khai công tác tuyên giáo năm 2025")
    assert db.scalar("SELECT COUNT(*) FROM tasks WHERE plan_id = ?", (plan_id,)) == 8 + 3
    assert db.scalar("SELECT COUNT(*) FROM directives") == 6
    open_result(window, dialog.saved)
    assert window.tabs.currentWidget() is window.tab("plans")
    editor = window.plans_panel.editor
    assert editor.plan_id == plan_id
    assert [n.text for n in editor.doc.sections][:3] == ["MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG, NHIỆM VỤ", "TỔ CHỨC THỰC HIỆN"]
    # Undo removes the plan and the registry entries the import added.
    ctx.undo_stack.undo()
    assert db.scalar("SELECT COUNT(*) FROM plans") == 0
    assert db.scalar("SELECT COUNT(*) FROM directives") == 0
    ctx.undo_stack.redo()
    assert db.scalar("SELECT COUNT(*) FROM plans") == 1
    assert said["error"] == []


def test_pasted_text_register_all_and_conflicts(window, qtbot, said):
    ctx = window.ctx
    directives.ensure_levels(ctx.db)
    directives.add(
        ctx.db,
        directives.from_citation(
            parse_citation("Nghị quyết số 116/2018/NQ-HĐND ngày 01/01/2019 của Hội đồng nhân dân tỉnh")
        ),
    )
    text = DASH.read_text(encoding="utf-8")
    dialog = ImportDialog(ctx, window, text=text)
    qtbot.addWidget(dialog)
    assert dialog.paste_radio.isChecked()
    assert dialog.recognise()
    states = _texts(dialog.refs_page.table, 0)
    assert states[0] == "Khác với sổ"
    assert "01/01/2019" in dialog.refs_page.table.item(0, 0).toolTip()
    assert dialog.refs_page.register_button.isEnabled()
    dialog.refs_page.register_button.click()
    assert ctx.db.scalar("SELECT COUNT(*) FROM directives") == 6
    states = _texts(dialog.refs_page.table, 0)
    assert states[0] == "Khác với sổ" and set(states[1:]) == {"Đã có trong sổ"}
    assert not dialog.refs_page.register_button.isEnabled()
    ctx.undo_stack.undo()  # one click, one undo
    assert ctx.db.scalar("SELECT COUNT(*) FROM directives") == 1


def test_save_as_registry_document(window, qtbot, said):
    ctx = window.ctx
    dialog = ImportDialog(ctx, window, path=str(FIXTURES / "ke-hoach-ubnd-state-2025.txt"))
    qtbot.addWidget(dialog)
    assert dialog.recognise()
    # Issue 16: another body's document is filed in the registry by default, and the dialog says why.
    assert dialog.target.currentData() == "directive"
    assert "không phải của cơ quan mình" in dialog.target_reason.text()
    # the user's other choice is not contradicted by the reason for the program's (the walk)
    dialog.target.setCurrentIndex(dialog.target.findData("plan"))
    assert dialog.target_reason.text() == "Bạn chọn lưu thành kế hoạch của cơ quan mình."
    dialog.target.setCurrentIndex(dialog.target.findData("directive"))
    assert "không phải của cơ quan mình" in dialog.target_reason.text()
    assert not dialog.status.isEnabled()
    assert dialog.save()
    kind, did = dialog.saved
    assert kind == "directive"
    assert directives.get_row(ctx.db, did)["number"] == "155/KH-UBND"
    assert ctx.db.scalar("SELECT COUNT(*) FROM plans") == 0
    open_result(window, dialog.saved)
    assert window.tabs.currentWidget() is window.tab("registry")


def test_issued_import_asks_first(window, qtbot, said):
    dialog = ImportDialog(window.ctx, window, path=str(DASH))
    qtbot.addWidget(dialog)
    dialog.recognise()
    assert dialog.save()
    assert said["confirm"] and "ĐÃ BAN HÀNH" in said["confirm"][0]
    plan_id = dialog.saved[1]
    assert window.ctx.db.scalar("SELECT status FROM plans WHERE id = ?", (plan_id,)) == "issued"
    assert window.ctx.undo_stack.count() == 0  # not undoable: an issued plan cannot be deleted


def test_bad_header_input_is_refused_and_nothing_saved(window, qtbot, said):
    dialog = ImportDialog(window.ctx, window, path=str(DASH))
    qtbot.addWidget(dialog)
    dialog.recognise()
    dialog.header_page.date.setText("31/02/2025")
    assert not dialog.save()
    assert said["error"] and "không tồn tại" in said["error"][0]
    assert window.ctx.db.scalar("SELECT COUNT(*) FROM plans") == 0


def test_unreadable_file_shows_message(window, qtbot, said, tmp_path):
    old = tmp_path / "cu.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    dialog = ImportDialog(window.ctx, window, path=str(old))
    qtbot.addWidget(dialog)
    assert not dialog.recognise()
    assert dialog.stack.currentIndex() == 0
    assert "Word cũ" in said["error"][0]


def test_folder_import_runs_off_the_gui_thread(window, qtbot, said, tmp_path):
    folder = tmp_path / "van-ban"
    folder.mkdir()
    for name in ("ke-hoach-xa-dash-2025.txt", "ke-hoach-ubnd-state-2025.txt", "vni-ke-hoach.txt"):
        shutil.copy(FIXTURES / name, folder / name)
    (folder / "hong.pdf").write_bytes(b"%PDF-1.4")
    job = import_folder(window, str(folder), as_directive=False)
    qtbot.waitUntil(lambda: job.finished, timeout=30000)
    summary = window.importer.last_summary
    assert len(summary.imported) == 3 and [n for n, _ in summary.failed] == ["hong.pdf"]
    assert said["info"] and "Đã nhập 3 kế hoạch" in said["info"][0]
    assert window.ctx.db.scalar("SELECT COUNT(*) FROM plans") == 3
    # The UBND plan filed as ours by choice: its units are not added to ours unasked (issue 16).
    assert [name for name, _ in summary.units_left_out] == ["ke-hoach-ubnd-state-2025.txt"]
    assert "chưa thêm" in said["info"][0]
    units = {r[0] for r in window.ctx.db.all("SELECT name FROM units")}
    assert "Văn phòng Đảng ủy" in units and "Phòng Tài chính - Kế hoạch" not in units
    dates = {r[0] for r in window.ctx.db.all("SELECT plan_date FROM plans")}
    assert dt.date(2025, 3, 5).isoformat() in dates


def test_folder_import_by_issuer_files_upstream_documents_in_the_registry(window, qtbot, said, tmp_path):
    """Issue 16: «Theo cơ quan ban hành» (the default answer) — the UBND plan goes to the registry,
    ours to our plans; a file imported before is skipped and said."""
    folder = tmp_path / "van-ban"
    folder.mkdir()
    for name in ("ke-hoach-xa-dash-2025.txt", "ke-hoach-ubnd-state-2025.txt"):
        shutil.copy(FIXTURES / name, folder / name)
    job = import_folder(window, str(folder), as_directive=None)
    qtbot.waitUntil(lambda: job.finished, timeout=30000)
    summary = window.importer.last_summary
    assert dict(zip([n for n, _ in summary.imported], summary.kinds)) == {
        "ke-hoach-ubnd-state-2025.txt": "directive",
        "ke-hoach-xa-dash-2025.txt": "plan",
    }
    assert "Đã nhập 1 kế hoạch và 1 văn bản vào sổ." in said["info"][0]
    assert window.ctx.db.scalar("SELECT COUNT(*) FROM directives WHERE number = '155/KH-UBND'") == 1
    again = import_folder(window, str(folder), as_directive=None)
    qtbot.waitUntil(lambda: again.finished, timeout=30000)
    assert not window.importer.last_summary.imported and len(window.importer.last_summary.duplicates) == 2
    assert "Bỏ qua 2 tệp đã nhập trước đây" in said["info"][-1]


def test_structure_of_a_registry_document_is_readable(window, qtbot, said):
    from kehoach_desktop.importer import parse_file
    from kehoach_desktop.importer.persist import save_as_directive
    from kehoach_desktop.ui.importer import show_structure

    did = save_as_directive(window.ctx.db, parse_file(FIXTURES / "ke-hoach-ubnd-state-2025.txt"))
    dialog = show_structure(window, did)
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QPlainTextEdit

    shown = dialog.findChild(QPlainTextEdit).toPlainText()
    assert "KẾ HOẠCH số 155/KH-UBND ngày 16/01/2025" in shown
    assert "II. NHIỆM VỤ, GIẢI PHÁP" in shown and "    1. Hoàn thiện hạ tầng số" in shown
    assert "Nơi nhận:" in shown and "Nguyễn Văn An" in shown
    # A document typed in by hand has no structure: the user is told how to get one.
    directives.ensure_levels(window.ctx.db)
    typed = directives.add(window.ctx.db, {"doc_type": "Chỉ thị", "number": "05-CT/TW"})
    assert show_structure(window, typed) is None
    assert "nhập tay" in said["info"][-1]


def test_dropping_a_file_on_the_window_opens_the_import(window, qtbot, monkeypatch):
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDropEvent

    import kehoach_desktop.ui.importer as importer_ui

    opened = []
    monkeypatch.setattr(importer_ui, "import_document", lambda win, path=None, text=None: opened.append(path))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(DASH))])
    event = QDropEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    assert window.importer.drop_filter.eventFilter(window, event)
    qtbot.waitUntil(lambda: opened == [str(DASH)], timeout=2000)
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(FIXTURES.parent / "bang.xlsx"))])
    assert not window.importer.drop_filter.eventFilter(
        window, QDropEvent(QPoint(1, 1), Qt.CopyAction, other, Qt.LeftButton, Qt.NoModifier)
    )


def test_review_shows_unit_matches_for_confirmation(window, qtbot, said, monkeypatch):
    """Issue 16: names matched to the office's units by spelling are marked ≈ (what the document
    wrote in the tooltip); units not in the list are marked * and asked about before saving."""
    from kehoach_desktop.store.profile import add_unit

    add_unit(window.ctx.db, "Văn phòng Đảng ủy")
    text = (
        "KẾ HOẠCH\nHọc tập năm 2026\nI. NỘI DUNG\n1. Văn phòng Đảng ủy xã: Tham mưu tổ chức hội nghị.\n"
        "2. Văn phòng Đảng ủy phối hợp với Sở Văn hóa, Thể thao và Du lịch tổ chức triển lãm.\n"
    )
    dialog = ImportDialog(window.ctx, window, text=text)
    qtbot.addWidget(dialog)
    assert dialog.recognise()
    table = dialog.tasks_page.tasks
    first, second = table.item(0, 3), table.item(1, 3)
    assert first.text() == "Văn phòng Đảng ủy ≈" and "«Văn phòng Đảng ủy xã»" in first.toolTip()
    assert second.text() == "Văn phòng Đảng ủy; phối hợp: Sở Văn hóa, Thể thao và Du lịch *"
    assert "chưa có trong danh sách" in second.toolTip()
    note = dialog.tasks_page.units_note.text()
    assert "≈ 1 tên đơn vị khớp gần đúng" in note and "* 1 đơn vị chưa có" in note
    dialog.target.setCurrentIndex(dialog.target.findData("plan"))
    said_no = []

    def confirm(parent, text, title="", yes="", no="", detail="", safe_default=False):
        said_no.append(text)
        return False  # «Không thêm»

    monkeypatch.setattr(messages, "confirm", confirm)
    assert dialog.save()
    assert "Sở Văn hóa, Thể thao và Du lịch" in said_no[0]
    names = [r["name"] for r in window.ctx.db.all("SELECT name FROM units")]
    assert names == ["Văn phòng Đảng ủy"]  # another office's unit not added without asking


def _registered_then_read_again(window, tmp_path):
    """A UBND plan in the registry with its structure, and a second reading of it (as from a
    PDF) with one item too many: (its id, the registered structure, the second file)."""
    from kehoach_desktop.importer import parse_file
    from kehoach_desktop.importer.persist import save_as_directive

    first = FIXTURES / "ke-hoach-ubnd-state-2025.txt"
    did = save_as_directive(window.ctx.db, parse_file(first))
    before = directives.get_row(window.ctx.db, did)["structure_json"]
    second = tmp_path / "ban-pdf.txt"
    second.write_text(
        first.read_text(encoding="utf-8").replace("II. NHIỆM VỤ", "(5) Mục thừa do đọc PDF.\nII. NHIỆM VỤ"),
        encoding="utf-8",
    )
    return did, before, second


def test_a_registered_structure_is_replaced_only_when_the_user_says_so(window, qtbot, said, monkeypatch, tmp_path):
    did, before, second = _registered_then_read_again(window, tmp_path)
    asked: list[str] = []

    def keep(parent, text, title="", yes="", no="", detail=""):
        asked.append(text)
        return False  # «Giữ cấu trúc cũ»

    monkeypatch.setattr(messages, "confirm", keep)
    dialog = ImportDialog(window.ctx, window, path=str(second))
    qtbot.addWidget(dialog)
    assert dialog.recognise() and dialog.target.currentData() == "directive"
    assert dialog.save() and dialog.saved == ("directive", did)
    assert asked and "155/KH-UBND" in asked[0] and "kèm cấu trúc" in asked[0]
    assert directives.get_row(window.ctx.db, did)["structure_json"] == before


def test_edit_undo_after_replacing_a_registered_structure_brings_the_old_one_back(window, qtbot, said, tmp_path):
    """«Thay cấu trúc», then Sửa → Hoàn tác: the registry entry is as it was before the import."""
    did, before, second = _registered_then_read_again(window, tmp_path)
    dialog = ImportDialog(window.ctx, window, path=str(second))  # `said` answers «Thay cấu trúc»
    qtbot.addWidget(dialog)
    assert dialog.recognise() and dialog.save() and dialog.saved == ("directive", did)
    assert "Mục thừa" in directives.get_row(window.ctx.db, did)["structure_json"]
    window.undo_action.trigger()
    assert directives.get_row(window.ctx.db, did)["structure_json"] == before
    window.redo_action.trigger()
    assert "Mục thừa" in directives.get_row(window.ctx.db, did)["structure_json"]


def test_pasting_a_registered_document_again_warns_in_the_review(window, qtbot, said):
    """The same web text pasted a second time: the review says where the first paste went."""
    text = (FIXTURES / "ke-hoach-ubnd-state-2025.txt").read_text(encoding="utf-8")
    dialog = ImportDialog(window.ctx, window, text=text)
    qtbot.addWidget(dialog)
    assert dialog.recognise() and "đã được nhập trước đây" not in dialog.review_title.text()
    assert dialog.target.currentData() == "directive" and dialog.save()
    again = ImportDialog(window.ctx, window, text=text)
    qtbot.addWidget(again)
    assert again.recognise()
    assert "Văn bản dán này (cùng nội dung) đã được nhập trước đây" in again.review_title.text()
    assert "155/KH-UBND" in again.review_title.text()
    # «Lưu» asks once more, Enter meaning «Không lưu»: a second copy was one Enter away (the walk)
    from kehoach_desktop.ui import messages

    asked: list[tuple[str, bool]] = []
    count = window.ctx.db.scalar("SELECT COUNT(*) FROM directives")

    def confirm(parent, text, safe_default=False, **_k):
        asked.append((text, safe_default))
        return len(asked) > 1  # «Không lưu» the first time, then yes to everything

    messages.confirm = confirm  # restored by the fixture's monkeypatch
    assert not again.save() and window.ctx.db.scalar("SELECT COUNT(*) FROM directives") == count
    assert "đã được nhập trước đây" in asked[0][0] and "Vẫn lưu thêm một bản nữa?" in asked[0][0] and asked[0][1]
    assert again.save()


def test_dropping_a_pdf_or_a_scan_on_the_window_opens_the_import(window, qtbot, monkeypatch, tmp_path):
    """Issue 16: the importer reads PDF and scans, so a dropped .pdf/.jpg is taken too (the drop
    filter still took only .docx/.txt)."""
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDropEvent

    import kehoach_desktop.ui.importer as importer_ui

    opened = []
    monkeypatch.setattr(importer_ui, "import_document", lambda win, path=None, text=None: opened.append(path))
    for name in ("ke-hoach.pdf", "ban-chup.JPG"):
        path = tmp_path / name
        path.write_bytes(b"x")
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        event = QDropEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
        assert window.importer.drop_filter.eventFilter(window, event)
        qtbot.waitUntil(lambda p=str(path): opened[-1:] == [p], timeout=2000)


def test_the_review_says_a_deadline_once():
    """«Thường xuyên (thường xuyên)» in the review's Thời hạn column (the walk): the phrase is
    shown beside the kind only when it says more."""
    from kehoach_desktop.core.deadlines import find_deadline
    from kehoach_desktop.ui.importer.review import deadline_text

    assert deadline_text(find_deadline("Thực hiện thường xuyên.", 2026)) == "Thường xuyên"
    assert deadline_text(find_deadline("Báo cáo hằng năm", 2026)) == "Định kỳ (hằng năm)"
