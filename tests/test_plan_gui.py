"""The plan editor driven with pytest-qt: template, tree editing, Vietnamese typing, task, issue."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from typing_helpers import type_text

from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.store import autosave, plans, profile
from kehoach_desktop.ui import messages
from kehoach_desktop.ui.plans import dialogs


def make_window(open_window, db):
    return open_window(db, tab="plans")


@pytest.fixture
def office_db(db):
    profile.save(
        db,
        OfficeProfile(
            superior_body="ĐẢNG BỘ TỈNH HÀ TĨNH",
            issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH",
            issuer_code="ĐU",
            place="Hòa Bình",
            signer_title="PHÓ BÍ THƯ",
            signer_name="Trần Minh An",
        ),
    )
    for name in ("Văn phòng Đảng ủy", "Ban Xây dựng Đảng", "Đoàn Thanh niên xã"):
        profile.add_unit(db, name)
    return db


@pytest.fixture
def window(open_window, office_db):
    return make_window(open_window, office_db)


def _root_index(editor, text_start: str):
    model = editor.model
    for r in range(model.rowCount()):
        index = model.index(r, 0)
        if model.item(index).node.text.startswith(text_start):
            return index
    raise AssertionError(text_start)


def test_template_section_typing_task_issue(window, qtbot, monkeypatch):
    panel = window.plans_panel
    editor = panel.editor
    db = window.ctx.db
    plan_id = panel.new_plan("yearly-work", 2026, "lý luận chính trị")
    assert editor.plan_id == plan_id and panel.list.count() == 1
    assert editor.model.data(_root_index(editor, "NỘI DUNG")) == "II. NỘI DUNG"

    # Add a section under II and type Vietnamese the way Unikey does (letter, backspace, accented letter).
    editor.tree.setCurrentIndex(_root_index(editor, "NỘI DUNG"))
    node_id = editor.add_node("section", as_child=True)
    assert editor.current_node_id() == node_id
    typed = "Học tập chuyên đề năm 2026 cho đảng viên mới (Quý 2/2026)"
    type_text(editor.node_text, typed, unikey=True)
    assert editor.node_text.toPlainText() == typed  # nothing rewrote the text while typing
    editor.node_commit.commit_now()
    assert plans.node_row(db, node_id)["text"] == typed
    assert editor.model.data(editor.model.index_of(node_id)) == f"4. {typed}"

    # Mark it as a task: the deadline is suggested from the text; choose the lead unit. Each
    # pick is saved at once (issue 20), the product after a pause or when the field is left.
    panel_task = editor.task_panel
    assert panel_task.kind.currentData() == "period" and panel_task.end.text() == "30/06/2026"
    lead = panel_task.lead.findText("Ban Xây dựng Đảng")
    panel_task.lead.setCurrentIndex(lead)
    panel_task.lead.activated.emit(lead)
    assert plans.task_state(db, node_id)["deadline_end"] == "2026-06-30"
    panel_task.helpers.item(2).setCheckState(Qt.Checked)
    panel_task.product.setFocus()
    type_text(panel_task.product, "Báo cáo kết quả học tập")
    panel_task.product.editingFinished.emit()  # as when the field is left
    task = plans.task_state(db, node_id)
    assert task["deadline_kind"] == "period" and task["deadline_end"] == "2026-06-30"
    assert task["product"] == "Báo cáo kết quả học tập" and len(task["unit_ids"]) == 1
    # Once a task, the fields save as they change: no «Cập nhật nhiệm vụ» button (issue 20).
    assert panel_task.btn_save.isHidden() and not panel_task.btn_clear.isHidden()
    assert not [b for b in panel_task.findChildren(QPushButton) if "Cập nhật" in b.text()]

    # Undo the three steps from the Edit menu, redo them.
    for _ in range(3):
        window.undo_action.trigger()
    assert plans.task_state(db, node_id) is None
    for _ in range(3):
        window.redo_action.trigger()
    assert plans.task_state(db, node_id)["product"] == "Báo cáo kết quả học tập"

    # Issue through the dialog: the next number is proposed, then the plan is locked.
    monkeypatch.setattr(dialogs.IssueDialog, "exec", lambda self: (self.accept(), 1)[1])
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    assert editor.issue()
    row = plans.get_row(db, plan_id)
    assert row["status"] == "issued" and row["number"] == "01-KH/ĐU" and row["plan_date"] == dt.date.today().isoformat()
    assert editor.node_text.isReadOnly() and not editor.tool_buttons["add"].isEnabled()
    qtbot.waitUntil(lambda: editor.btn_revision.isVisible() and not editor.btn_issue.isVisible(), timeout=2000)
    assert not window.ctx.undo_stack.canUndo()
    assert editor.add_node("section", as_child=False) is None  # locked: nothing added
    # A revision opens as a new draft; the issued plan keeps its number.
    revision = editor.create_revision()
    assert editor.plan_id == revision and editor.status == "draft"
    assert plans.get_row(db, plan_id)["number"] == "01-KH/ĐU"


def test_keyboard_moves_and_drag_and_drop(window, qtbot):
    panel = window.plans_panel
    editor = panel.editor
    db = window.ctx.db
    plan_id = panel.new_plan("blank", 2026)
    editor.tree.setCurrentIndex(_root_index(editor, "NỘI DUNG"))
    a = editor.add_node("section", True, "Một")
    editor.tree.setCurrentIndex(_root_index(editor, "NỘI DUNG"))
    b = editor.add_node("section", True, "Hai")

    def labels():
        return {n.text: n.label for n in plans.load_document(db, plan_id).walk()}

    assert (labels()["Một"], labels()["Hai"]) == ("1.", "2.")

    editor.select_node(b)
    editor.tree.setFocus()
    window.activateWindow()
    QTest.keyClick(editor.tree, Qt.Key_Up, Qt.AltModifier)
    qtbot.waitUntil(lambda: labels()["Hai"] == "1.", timeout=2000)
    assert editor.current_node_id() == b  # selection follows the moved item
    QTest.keyClick(editor.tree, Qt.Key_Right, Qt.AltModifier)  # can't indent the first one: message only
    assert labels()["Hai"] == "1."
    editor.select_node(a)
    editor.tree.setFocus()
    QTest.keyClick(editor.tree, Qt.Key_Right, Qt.AltModifier)
    qtbot.waitUntil(lambda: labels()["Một"] == "1.1.", timeout=2000)
    QTest.keyClick(editor.tree, Qt.Key_Left, Qt.AltModifier)
    qtbot.waitUntil(lambda: labels()["Một"] == "2.", timeout=2000)

    # Drag "Một" onto III. TỔ CHỨC THỰC HIỆN (drop on the item = last child).
    model = editor.model
    mime = model.mimeData([model.index_of(a)])
    model.dropMimeData(mime, Qt.MoveAction, -1, 0, _root_index(editor, "TỔ CHỨC"))
    qtbot.waitUntil(
        lambda: (
            labels()["Một"] == "1."
            and plans.node_row(db, a)["parent_id"] == plans.children_rows(db, plan_id, None)[2]["id"]
        ),
        timeout=2000,
    )
    window.undo_action.trigger()
    assert plans.node_row(db, a)["parent_id"] == plans.children_rows(db, plan_id, None)[1]["id"]


def test_check_list_click_selects_the_place(window, qtbot):
    panel = window.plans_panel
    editor = panel.editor
    plan_id = panel.new_plan("blank", 2026)
    findings = editor.run_check()
    empty = [f for f in findings if f.kind == "empty_section"]
    assert len(empty) == 3 and editor.current_page() is editor.checks_tab
    items = editor.checks_tab.list
    row = next(i for i in range(items.count()) if "TỔ CHỨC" in items.item(i).text())
    rect = items.visualItemRect(items.item(row))
    QTest.mouseClick(items.viewport(), Qt.LeftButton, pos=rect.center())
    assert editor.current_node_id() == plans.children_rows(window.ctx.db, plan_id, None)[2]["id"]
    assert editor.tabs.currentIndex() == 0
    # A header finding switches to the header tab.
    row = next(i for i in range(items.count()) if "trích yếu" in items.item(i).text())
    editor.checks_tab._go(items.item(row))
    assert editor.current_page() is editor.header_tab


def test_header_and_recipients_editing(window, qtbot):
    panel = window.plans_panel
    editor = panel.editor
    db = window.ctx.db
    plan_id = panel.new_plan("science-education", 2026)
    editor.show_page(editor.header_tab)
    title = editor.header_tab.lines["title"]
    title.setFocus()
    title.selectAll()
    type_text(title, "Công tác khoa giáo năm 2026 của Đảng ủy", unikey=True)
    qtbot.waitUntil(lambda: any(p.target == "field:title" for p in autosave.pending(db)), timeout=3000)
    title.editingFinished.emit()
    assert autosave.pending(db) == []
    assert plans.get_row(db, plan_id)["title"] == "Công tác khoa giáo năm 2026 của Đảng ủy"
    rec = editor.recipients_tab
    rec.filing.setText("Lưu Văn phòng Đảng ủy")
    rec.filing.editingFinished.emit()
    assert plans.load_document(db, plan_id).recipients[-1] == "Lưu Văn phòng Đảng ủy."
    rec.name.setText("Nguyễn Văn Hùng")
    rec.name.editingFinished.emit()
    assert plans.load_document(db, plan_id).signature.name == "Nguyễn Văn Hùng"


def test_autosave_recovery_offered_after_crash(qtbot, open_window, office_db, tmp_path, monkeypatch):
    from kehoach_desktop.core.templates import BLANK
    from kehoach_desktop.store import plan_ops
    from kehoach_desktop.store.commands import UndoStack

    cmd = plan_ops.CreatePlan(BLANK, profile.load(office_db), year=2026)
    UndoStack(office_db).push(cmd)
    node = plans.children_rows(office_db, cmd.plan_id, None)[0]["id"]
    autosave.stash(office_db, cmd.plan_id, f"node:{node}", "MỤC ĐÍCH, YÊU CẦU và nội dung gõ dở")
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    win = make_window(open_window, office_db)
    qtbot.waitUntil(
        lambda: plans.node_row(office_db, node)["text"] == "MỤC ĐÍCH, YÊU CẦU và nội dung gõ dở", timeout=3000
    )
    assert win.plans_panel.editor.plan_id == cmd.plan_id
    assert autosave.pending(office_db) == []


def test_basis_picked_from_registry_and_unregistered_citation_registered(window, qtbot, monkeypatch):
    from kehoach_desktop.store import directives
    from kehoach_desktop.ui.registry import picker

    db = window.ctx.db
    hd = directives.add(
        db,
        {
            "doc_type": "Hướng dẫn",
            "number": "73-HD/BTGTU",
            "issued_on": dt.date(2023, 11, 16),
            "issuer": "Ban Tuyên giáo Tỉnh ủy",
            "summary": "thực hiện công tác lý luận chính trị",
        },
    )
    panel = window.plans_panel
    editor = panel.editor
    plan_id = panel.new_plan("yearly-work", 2026, "lý luận chính trị")
    monkeypatch.setattr(picker.DirectivePicker, "exec", lambda self: 1)
    monkeypatch.setattr(picker.DirectivePicker, "selected_ids", lambda self: [hd])
    editor.header_tab.pick_basis()
    basis = plans.get_row(db, plan_id)["basis_text"]
    assert basis.startswith("Căn cứ Hướng dẫn số 73-HD/BTGTU, ngày 16/11/2023 của Ban Tuyên giáo Tỉnh ủy về")
    assert editor.header_tab.basis.toPlainText() == basis
    assert "73-HD/BTGTU" in editor.header_tab.basis_links.text()
    assert [r["id"] for r in plans.plans_citing(db)[hd]] == [plan_id]

    # A citation typed into the text but not in the registry: the check offers to register it.
    editor.tree.setCurrentIndex(_root_index(editor, "NỘI DUNG"))
    node = editor.add_node("bullet", True, "Thực hiện Kế hoạch số 49-KH/TU, ngày 11/10/2021 của Ban Thường vụ Tỉnh ủy.")
    assert node is not None
    editor.run_check()
    items = editor.checks_tab.list
    row = next(
        i
        for i in range(items.count())
        if "49-KH/TU" in items.item(i).text() and "chưa có trong sổ" in items.item(i).text()
    )
    items.setCurrentRow(row)
    assert editor.checks_tab.btn_register.isEnabled()
    editor.checks_tab.register_current()
    registered = directives.find_by_number(db, "49-KH/TU")
    assert registered and registered[0]["issued_on"] == "2021-10-11"
    texts = [items.item(i).text() for i in range(items.count())]
    assert not any("49-KH/TU" in t and "chưa có trong sổ" in t for t in texts)


def test_panel_exposes_current_plan_for_export(window):
    panel = window.plans_panel
    plan_id = panel.new_plan("blank", 2026)
    assert panel.current_plan_id() == plan_id


def test_typing_is_stashed_then_committed_when_moving_on(window, qtbot):
    panel = window.plans_panel
    editor = panel.editor
    db = window.ctx.db
    plan_id = panel.new_plan("blank", 2026)
    first = plans.children_rows(db, plan_id, None)[0]["id"]
    editor.select_node(first)
    editor.node_text.setFocus()
    editor.node_text.moveCursor(QTextCursor.End)
    type_text(editor.node_text, " — phần bổ sung", unikey=True)
    # The autosave timer puts the typing on disk before any command is made.
    qtbot.waitUntil(lambda: any(p.target == f"node:{first}" for p in autosave.pending(db)), timeout=3000)
    assert plans.node_row(db, first)["text"] == "MỤC ĐÍCH, YÊU CẦU"
    # Selecting another item commits the edit as one undoable step and clears the stash.
    editor.select_node(plans.children_rows(db, plan_id, None)[1]["id"])
    assert plans.node_row(db, first)["text"] == "MỤC ĐÍCH, YÊU CẦU — phần bổ sung"
    assert autosave.pending(db) == []
    window.undo_action.trigger()
    assert plans.node_row(db, first)["text"] == "MỤC ĐÍCH, YÊU CẦU"


def test_clone_for_next_year_shows_stale_years(window, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(messages, "info", lambda parent, text, **k: shown.append(text))
    panel = window.plans_panel
    editor = panel.editor
    source = panel.new_plan("yearly-work", 2026, "dân vận")
    clone = panel.clone_plan(year=2027)
    assert clone != source and editor.plan_id == clone
    assert plans.get_row(window.ctx.db, clone)["year"] == 2027
    kinds = {f.kind for f in editor.checks_tab.findings}
    assert "stale_year" in kinds and editor.current_page() is editor.checks_tab
    assert shown and "không tự thay" in shown[0]
    assert "2026" in plans.get_row(window.ctx.db, clone)["title"]  # nothing replaced silently


def test_delete_draft_with_confirmation_and_undo(window, monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    panel = window.plans_panel
    plan_id = panel.new_plan("blank", 2026)
    panel.delete_plan()
    assert window.ctx.db.scalar("SELECT COUNT(*) FROM plans") == 0
    assert panel.editor.plan_id is None and panel.list.count() == 0
    window.undo_action.trigger()
    assert window.ctx.db.scalar("SELECT COUNT(*) FROM plans WHERE id = ?", (plan_id,)) == 1
    assert panel.list.count() == 1


def test_unikey_typing_in_every_editor_widget(window, qtbot):
    """Pitfall 5: every text widget of the editor takes Unikey-style input unchanged."""
    from PySide6.QtWidgets import QApplication, QLineEdit

    panel = window.plans_panel
    editor = panel.editor
    db = window.ctx.db
    plan_id = panel.new_plan("blank", 2026)
    words = "Ủy ban Mặt trận Tổ quốc huyện Đức Thọ"

    def check_plain(widget, field):
        editor.show_page(editor.header_tab)
        widget.setFocus()
        widget.selectAll()
        type_text(widget, words, unikey=True)
        assert widget.toPlainText() == words
        editor.commit_pending()
        assert plans.get_row(db, plan_id)[field] == words

    check_plain(editor.header_tab.basis, "basis_text")
    check_plain(editor.header_tab.closing, "closing_text")

    # The recipients table: type into the cell editor (a delegate) and press Enter.
    rec = editor.recipients_tab
    editor.show_page(rec)
    rec.add_row()
    cell_editor = rec.table.findChild(QLineEdit)
    assert cell_editor is not None
    type_text(cell_editor, words, unikey=True)
    assert cell_editor.text() == words
    QTest.keyClick(cell_editor, Qt.Key_Return)  # the delegate commits on the next event-loop turn
    qtbot.waitUntil(lambda: words + "," in plans.load_document(db, plan_id).recipients, timeout=2000)

    for line, check in (
        (rec.name, lambda: plans.load_document(db, plan_id).signature.name),
        (rec.title, lambda: plans.load_document(db, plan_id).signature.title),
    ):
        line.setFocus()
        line.clear()
        type_text(line, words, unikey=True)
        line.editingFinished.emit()
        assert check() == words

    # Task fields.
    first = plans.children_rows(db, plan_id, None)[0]["id"]
    editor.select_node(first)
    task = editor.task_panel
    for line in (task.deadline_text, task.product):
        line.clear()
        type_text(line, words, unikey=True)
        assert line.text() == words
    task.kind.setCurrentIndex(task.kind.findData("ongoing"))
    assert task.save()
    state = plans.task_state(db, first)
    assert state["product"] == words and state["deadline_text"] == words

    # The new-plan dialog's topic.
    dialog = dialogs.NewPlanDialog(window, 2026)
    qtbot.addWidget(dialog)
    dialog.template.setCurrentIndex(dialog.template.findData("yearly-work"))
    type_text(dialog.topic, "dân vận khéo", unikey=True)
    assert dialog.topic.text() == "dân vận khéo"
    QApplication.processEvents()


def test_appendix_nodes_are_shown_after_the_body(window):
    from kehoach_desktop.store import plan_ops

    panel = window.plans_panel
    editor = panel.editor
    plan_id = panel.new_plan("blank", 2026)
    window.ctx.push(plan_ops.AddNode(plan_id, None, "section", "DANH MỤC CHƯƠNG TRÌNH", role="appendix"))
    model = editor.model
    assert model.rowCount() == 4
    assert model.data(model.index(3, 0)) == "Phụ lục: DANH MỤC CHƯƠNG TRÌNH"
    assert [model.data(model.index(r, 0)) for r in range(3)][-1] == "III. TỔ CHỨC THỰC HIỆN"


def test_tree_follows_indent_of_a_top_level_section(window):
    from PySide6.QtGui import QFont

    panel = window.plans_panel
    editor = panel.editor
    plan_id = panel.new_plan("blank", 2026)
    third = plans.children_rows(window.ctx.db, plan_id, None)[2]["id"]
    editor.select_node(third)
    editor.move("indent")  # III becomes 1. under II
    model = editor.model
    index = model.index_of(third)
    assert index.parent() == model.index_of(plans.children_rows(window.ctx.db, plan_id, None)[1]["id"])
    assert index.data() == "1. TỔ CHỨC THỰC HIỆN"
    font = index.data(Qt.FontRole)
    assert font is None or not QFont(font).bold()
    assert editor.current_node_id() == third
    window.undo_action.trigger()
    assert model.index_of(third).data() == "III. TỔ CHỨC THỰC HIỆN"


def test_unit_list_dialog_add_rename_deactivate_undo(window, qtbot, monkeypatch):
    from kehoach_desktop.ui.plans.units_dialog import UnitsDialog

    errors = []
    monkeypatch.setattr(messages, "error", lambda parent, text, **k: errors.append(text))

    ctx = window.ctx
    dialog = UnitsDialog(ctx, window)
    qtbot.addWidget(dialog)
    uid = dialog.add_unit("Chi bộ thôn Bắc")
    assert uid is not None and dialog.table.rowCount() == 4
    row = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() == "Chi bộ thôn Bắc")
    dialog.table.item(row, 0).setText("Chi bộ thôn Bắc Sơn")  # edit in place
    assert ctx.db.scalar("SELECT name FROM units WHERE id = ?", (uid,)) == "Chi bộ thôn Bắc Sơn"
    dialog.table.item(row, 0).setText("Văn phòng Đảng ủy")  # duplicate: refused, reverted
    assert ctx.db.scalar("SELECT name FROM units WHERE id = ?", (uid,)) == "Chi bộ thôn Bắc Sơn"
    assert errors and "Đã có" in errors[-1]
    row = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() == "Chi bộ thôn Bắc Sơn")
    dialog.table.setCurrentCell(row, 0)
    dialog.toggle_current()
    assert uid not in [r["id"] for r in profile.units(ctx.db)]
    ctx.undo_stack.undo()
    ctx.undo_stack.undo()
    assert ctx.db.scalar("SELECT name FROM units WHERE id = ? AND active = 1", (uid,)) == "Chi bộ thôn Bắc"


def test_office_default_numbering_style_applies_to_new_plans(window):
    panel = window.plans_panel
    panel.choose_default_style("party-dash")
    plan_id = panel.new_plan("blank", 2026)
    doc = plans.load_document(window.ctx.db, plan_id)
    assert doc.numbering_style == "party-dash" and doc.sections[0].label == "I-"
    assert profile.load(window.ctx.db).numbering_style == "party-dash"


def test_submitting_with_errors_asks_first(window, monkeypatch):
    panel = window.plans_panel
    editor = panel.editor
    plan_id = panel.new_plan("blank", 2026)  # empty sections: errors
    answers = [False, True]
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: answers.pop(0))
    editor._set_status("review")
    assert plans.get_row(window.ctx.db, plan_id)["status"] == "draft"
    assert editor.current_page() is editor.checks_tab and editor.checks_tab.list.count() >= 3
    editor._set_status("review")
    assert plans.get_row(window.ctx.db, plan_id)["status"] == "review"
    window.undo_action.trigger()
    assert plans.get_row(window.ctx.db, plan_id)["status"] == "draft"


def test_adding_a_bullet_after_a_bullet_makes_a_sibling(window):
    panel = window.plans_panel
    editor = panel.editor
    db = window.ctx.db
    plan_id = panel.new_plan("blank", 2026)
    content = plans.children_rows(db, plan_id, None)[1]["id"]
    editor.select_node(content)
    first = editor.add_node("bullet", None, "Một")  # inside the section
    second = editor.add_node("bullet", None, "Hai")  # after the bullet, same level
    assert [r["id"] for r in plans.children_rows(db, plan_id, content)] == [first, second]
    nested = editor.add_node("bullet", True, "Con")  # explicitly inside: a nested bullet
    assert plans.node_row(db, nested)["parent_id"] == second
    assert editor.model.index_of(nested).data() == "+ Con"


def test_tab_and_shift_tab_indent_in_the_tree(window, qtbot):
    panel = window.plans_panel
    editor = panel.editor
    db = window.ctx.db
    plan_id = panel.new_plan("blank", 2026)
    content = plans.children_rows(db, plan_id, None)[1]["id"]
    editor.select_node(content)
    a = editor.add_node("section", True, "Một")
    editor.select_node(content)
    b = editor.add_node("section", True, "Hai")
    editor.select_node(b)
    editor.tree.setFocus()
    window.activateWindow()
    QTest.keyClick(editor.tree, Qt.Key_Tab)
    qtbot.waitUntil(lambda: plans.node_row(db, b)["parent_id"] == a, timeout=2000)
    QTest.keyClick(editor.tree, Qt.Key_Backtab, Qt.ShiftModifier)
    qtbot.waitUntil(lambda: plans.node_row(db, b)["parent_id"] == content, timeout=2000)


def test_new_plan_dialog_proposes_the_year_the_plan_is_for(qtbot, monkeypatch):
    """In December the year proposed is the coming one (core.dates.default_plan_year)."""
    monkeypatch.setattr(dialogs, "default_plan_year", lambda today=None: 2031)
    dialog = dialogs.NewPlanDialog(None)
    qtbot.addWidget(dialog)
    assert dialog.year.value() == 2031
    assert dialogs.NewPlanDialog(None, 2025).year.value() == 2025  # a year given is kept
