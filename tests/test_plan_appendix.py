"""Marking a top-level section as a Phụ lục: the store command, the editor action, the export."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings

from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.core.templates import BLANK
from kehoach_desktop.store import plan_ops, plans
from kehoach_desktop.store.commands import UndoStack
from kehoach_desktop.ui import messages
from kehoach_desktop.ui.context import AppContext
from kehoach_desktop.ui.main_window import MainWindow

PROFILE = OfficeProfile(superior_body="ĐẢNG BỘ TỈNH HÀ TĨNH", issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH",
                        issuer_code="ĐU", place="Hòa Bình", signer_title="PHÓ BÍ THƯ", signer_name="Trần Minh An")


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
    purpose = plans.children_rows(db, plan_id, None)[0]["id"]     # I. MỤC ĐÍCH, YÊU CẦU
    before = _nodes(db)
    stack.push(plan_ops.SetAppendix(db, purpose, True))
    marked = _nodes(db)
    assert _top(db, plan_id) == [("NỘI DUNG", ""), ("TỔ CHỨC THỰC HIỆN", ""),
                                 ("Danh mục tài liệu học tập", ""), ("MỤC ĐÍCH, YÊU CẦU", "appendix")]
    doc = plans.load_document(db, plan_id)
    assert [n.text for n in doc.appendices] == ["MỤC ĐÍCH, YÊU CẦU"]
    assert [n.label for n in doc.sections] == ["I.", "II.", "III."]      # the body is renumbered
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
    assert _top(db, plan_id) == [("MỤC ĐÍCH, YÊU CẦU", ""), ("TỔ CHỨC THỰC HIỆN", ""),
                                 ("Danh mục tài liệu học tập", "appendix"), ("NỘI DUNG", "appendix")]
    clear = plan_ops.SetAppendix(db, content, False)
    assert clear.text == "Bỏ đánh dấu phụ lục"
    stack.push(clear)
    assert _top(db, plan_id) == [("MỤC ĐÍCH, YÊU CẦU", ""), ("TỔ CHỨC THỰC HIỆN", ""), ("NỘI DUNG", ""),
                                 ("Danh mục tài liệu học tập", "appendix")]
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
