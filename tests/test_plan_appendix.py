"""Marking a top-level section as a Phụ lục: the store command, the editor action, the export."""

from __future__ import annotations

import datetime as dt

import pytest

from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.core.templates import BLANK
from kehoach_desktop.store import plan_ops, plans
from kehoach_desktop.store.commands import UndoStack
from kehoach_desktop.ui import messages

PROFILE = OfficeProfile(
    superior_body="ĐẢNG BỘ TỈNH HÀ TĨNH",
    issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH",
    issuer_code="ĐU",
    place="Hòa Bình",
    signer_title="PHÓ BÍ THƯ",
    signer_name="Trần Minh An",
)


def _plan_with_list(db) -> tuple[int, UndoStack, int]:
    """A blank plan (I, II, III) plus a fourth top-level section «DANH MỤC …» with a bullet."""
    stack = UndoStack(db)
    create = plan_ops.CreatePlan(BLANK, PROFILE, year=2026)
    stack.push(create)
    plan_id = create.plan_id
    add = plan_ops.AddNode(plan_id, None, "section", "Danh mục tài liệu học tập")
    stack.push(add)
    stack.push(plan_ops.AddNode(plan_id, add.node_id, "bullet", "Giáo trình Lý luận chính trị"))
    return plan_id, stack, add.node_id


def _top(db, plan_id) -> list[tuple[str, str]]:
    """(text, "appendix" or "") of the top-level rows in stored order (template roles such as
    «purpose» are not the point here)."""
    return [(r["text"], r["role"] if r["role"] == "appendix" else "") for r in plans.children_rows(db, plan_id, None)]


def _nodes(db) -> list[tuple]:
    return [tuple(r) for r in db.all("SELECT id, parent_id, position, kind, text, role FROM plan_nodes ORDER BY id")]


# -- the store command -----------------------------------------------------------------------------
def test_set_appendix_moves_it_after_the_body_and_undo_redo_restore_exactly(db):
    plan_id, stack, _ = _plan_with_list(db)
    purpose = plans.children_rows(db, plan_id, None)[0]["id"]  # I. MỤC ĐÍCH, YÊU CẦU
    before = _nodes(db)
    stack.push(plan_ops.SetAppendix(db, purpose, True))
    marked = _nodes(db)
    assert _top(db, plan_id) == [
        ("NỘI DUNG", ""),
        ("TỔ CHỨC THỰC HIỆN", ""),
        ("Danh mục tài liệu học tập", ""),
        ("MỤC ĐÍCH, YÊU CẦU", "appendix"),
    ]
    doc = plans.load_document(db, plan_id)
    assert [n.text for n in doc.appendices] == ["MỤC ĐÍCH, YÊU CẦU"]
    assert [n.label for n in doc.sections] == ["I.", "II.", "III."]  # the body is renumbered
    stack.undo()
    assert _nodes(db) == before
    stack.redo()
    assert _nodes(db) == marked
    stack.undo()
    assert _nodes(db) == before


def test_clearing_puts_it_at_the_end_of_the_body_before_other_appendices(db):
    plan_id, stack, listing = _plan_with_list(db)
    content = plans.children_rows(db, plan_id, None)[1]["id"]
    stack.push(plan_ops.SetAppendix(db, listing, True))
    stack.push(plan_ops.SetAppendix(db, content, True))
    assert _top(db, plan_id) == [
        ("MỤC ĐÍCH, YÊU CẦU", ""),
        ("TỔ CHỨC THỰC HIỆN", ""),
        ("Danh mục tài liệu học tập", "appendix"),
        ("NỘI DUNG", "appendix"),
    ]
    clear = plan_ops.SetAppendix(db, content, False)
    assert clear.text == "Bỏ đánh dấu phụ lục"
    stack.push(clear)
    assert _top(db, plan_id) == [
        ("MỤC ĐÍCH, YÊU CẦU", ""),
        ("TỔ CHỨC THỰC HIỆN", ""),
        ("NỘI DUNG", ""),
        ("Danh mục tài liệu học tập", "appendix"),
    ]
    stack.undo()
    assert _top(db, plan_id)[-1] == ("NỘI DUNG", "appendix")


def test_refused_for_nested_items_and_issued_plans_with_a_vietnamese_message(db):
    plan_id, stack, listing = _plan_with_list(db)
    bullet = plans.children_rows(db, plan_id, listing)[0]["id"]
    before = _nodes(db)
    with pytest.raises(ValueError, match="Chỉ mục lớn cấp cao nhất"):
        stack.push(plan_ops.SetAppendix(db, bullet, True))
    paragraph = plan_ops.AddNode(plan_id, None, "paragraph", "Một đoạn văn ở cấp cao nhất")
    stack.push(paragraph)
    with pytest.raises(ValueError, match="không phải đoạn văn"):
        stack.push(plan_ops.SetAppendix(db, paragraph.node_id, True))
    stack.undo()
    assert _nodes(db) == before
    stack.push(plan_ops.IssuePlan(plan_id, day=dt.date(2026, 3, 2)))
    with pytest.raises(plans.PlanLocked, match="Tạo bản sửa đổi, bổ sung"):
        stack.push(plan_ops.SetAppendix(db, listing, True))
    assert _nodes(db) == before


# -- the editor action -------------------------------------------------------------------------------
@pytest.fixture
def window(open_window, db):
    return open_window(db, tab="plans")


def _open(window) -> tuple[int, int, int]:
    """A plan with «Danh mục tài liệu học tập» (and a bullet in it) opened in the editor."""
    ctx = window.ctx
    create = plan_ops.CreatePlan(BLANK, PROFILE, year=2026)
    ctx.push(create)
    plan_id = create.plan_id
    listing = plan_ops.AddNode(plan_id, None, "section", "Danh mục tài liệu học tập")
    ctx.push(listing)
    bullet = plan_ops.AddNode(plan_id, listing.node_id, "bullet", "Giáo trình Lý luận chính trị")
    ctx.push(bullet)
    window.plans_panel.open_plan(plan_id)
    return plan_id, listing.node_id, bullet.node_id


def _labels(editor) -> list[str]:
    model = editor.model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_the_action_marks_clears_and_follows_the_selection(window, qtbot):
    plan_id, listing, bullet = _open(window)
    db = window.ctx.db
    editor = window.plans_panel.editor
    act = editor.appendix_action
    assert act.isCheckable() and act.text().replace("&", "") == "Đánh dấu là phụ lục"
    assert act in editor.tree.actions()  # right-click menu of the tree
    assert act in window.menus["plans"].actions()  # Kế hoạch menu
    first = plans.children_rows(db, plan_id, None)[0]["id"]

    editor.select_node(bullet)
    assert not act.isEnabled() and not act.isChecked()  # a nested item cannot be a Phụ lục
    editor.select_node(first)
    assert act.isEnabled() and not act.isChecked()
    editor.select_node(listing)
    assert act.isEnabled() and not act.isChecked()
    assert _labels(editor)[3] == "IV. Danh mục tài liệu học tập"

    act.trigger()  # as from the menu or the toolbar
    assert plans.node_row(db, listing)["role"] == "appendix"
    assert act.isChecked() and editor.current_node_id() == listing
    assert _labels(editor) == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NỘI DUNG",
        "III. TỔ CHỨC THỰC HIỆN",
        "Phụ lục: Danh mục tài liệu học tập",
    ]
    # The checked state follows the selection.
    editor.select_node(first)
    assert not act.isChecked()
    editor.select_node(listing)
    assert act.isChecked()

    window.undo_action.trigger()
    assert plans.node_row(db, listing)["role"] == ""
    assert _labels(editor)[3] == "IV. Danh mục tài liệu học tập" and not act.isChecked()
    window.redo_action.trigger()
    assert plans.node_row(db, listing)["role"] == "appendix" and act.isChecked()

    # Clearing from the action: back to the end of the body, numbered again.
    editor.select_node(listing)
    act.trigger()
    assert plans.node_row(db, listing)["role"] == "" and not act.isChecked()
    assert _labels(editor)[3] == "IV. Danh mục tài liệu học tập"


def test_the_action_is_disabled_for_an_issued_plan(window, qtbot, monkeypatch):
    plan_id, listing, _bullet = _open(window)
    editor = window.plans_panel.editor
    editor.select_node(listing)
    editor.appendix_action.trigger()
    assert editor.issue(number="05-KH/ĐU", day=dt.date(2026, 3, 2), ask=False)
    editor.select_node(plans.children_rows(window.ctx.db, plan_id, None)[0]["id"])
    assert not editor.appendix_action.isEnabled()
    editor.select_node(listing)
    assert not editor.appendix_action.isEnabled() and editor.appendix_action.isChecked()
    errors = []
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": errors.append(text))
    editor.set_appendix(False)  # nothing happens, nothing is said
    assert errors == [] and plans.node_row(window.ctx.db, listing)["role"] == "appendix"


# -- the export ---------------------------------------------------------------------------------------
def test_a_marked_section_is_exported_as_a_phu_luc_after_the_signature(window, qtbot, tmp_path):
    from export_support import docx_paragraph_texts, norm, pdf_words

    from kehoach_desktop.export import render_docx, render_pdf

    plan_id, listing, _bullet = _open(window)
    editor = window.plans_panel.editor
    editor.select_node(listing)
    editor.appendix_action.trigger()
    doc = plans.load_document(window.ctx.db, plan_id)

    out = tmp_path / "phu-luc.pdf"
    render_pdf(doc, out, "party")
    pages = [norm(" ".join(w.text for w in page)) for page in pdf_words(out)]
    at = next(i for i, text in enumerate(pages) if "PHỤ LỤC" in text)
    assert at >= 1  # a page of its own after the plan
    body = " ".join(pages[:at])
    assert "III. TỔ CHỨC THỰC HIỆN" in body and "IV." not in body  # no longer numbered in the body
    assert "Danh mục tài liệu học tập" not in body
    assert "Trần Minh An" in body  # the signature comes before it
    appendix = pages[at]
    heading = appendix.index("PHỤ LỤC")
    assert appendix.index("Danh mục tài liệu học tập", heading) > heading
    assert "- Giáo trình Lý luận chính trị" in appendix

    docx = tmp_path / "phu-luc.docx"
    render_docx(doc, docx, "party")
    texts = [norm(t) for t in docx_paragraph_texts(docx)]
    i = texts.index("PHỤ LỤC")
    assert texts[i + 1] == "Danh mục tài liệu học tập" and "Trần Minh An" in texts[:i]
