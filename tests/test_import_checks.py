"""The pre-signing check on imported plans (issue 16): a repeated "1." kept as written is
flagged at its place (with «Đánh số lại» as the fix), and "20-KH/DU" beside "20-KH/ĐU" in the
same căn cứ is flagged as one number written two ways — and registered once."""

from __future__ import annotations

from kehoach_desktop.core.checks import run_checks
from kehoach_desktop.importer import parse_text
from kehoach_desktop.importer.import_ops import RegisterReferences
from kehoach_desktop.importer.persist import SaveOptions, reference_states, save_as_plan
from kehoach_desktop.store import directives, plans
from kehoach_desktop.store.commands import UndoStack
from kehoach_desktop.store.plan_ops import RenumberPlan

TEXT = (
    "ĐẢNG BỘ TỈNH HÀ TĨNH\nĐẢNG ỦY XÃ THẠCH SƠN\nSố 21-KH/ĐU\nThạch Sơn, ngày 05 tháng 01 năm 2026\n"
    "KẾ HOẠCH\nThực hiện công tác tuyên truyền năm 2026\n"
    "Căn cứ Kế hoạch số 20-KH/DU, ngày 10/12/2025 của Ban Thường vụ Đảng ủy xã về công tác năm 2026; "
    "Kế hoạch số 20-KH/ĐU, ngày 10/12/2025 của Ban Thường vụ Đảng ủy xã,\n"
    "I. NỘI DUNG\n(1) Tuyên truyền trên Cổng thông tin.\n(2) Tổ chức hội nghị.\n(2) Biên soạn tài liệu.\n"
    "II. TỔ CHỨC THỰC HIỆN\n1. Văn phòng Đảng ủy tham mưu.\n1. Các chi bộ triển khai trong tháng 01/2026.\n"
)


def _numbering(findings):
    return [f for f in findings if f.kind == "numbering"]


def test_a_repeated_label_kept_as_written_is_flagged_at_its_place(db):
    plan_id = save_as_plan(db, parse_text(TEXT), SaveOptions(status="draft"))
    doc = plans.load_document(db, plan_id)
    found = _numbering(run_checks(doc))
    by_node = {n.id: n for n in doc.walk()}
    flagged = [(by_node[f.node_id].source_label, by_node[f.node_id].text[:20]) for f in found]
    assert flagged == [("(2)", "Biên soạn tài liệu."), ("1.", "Các chi bộ triển kha")]
    assert all(f.place == f"node:{f.node_id}" and "lặp số" in f.message for f in found)
    assert "Đánh số lại" in found[0].fix
    # Once the user asks «Đánh số lại», nothing is left to flag.
    UndoStack(db).push(RenumberPlan(plan_id))
    assert _numbering(run_checks(plans.load_document(db, plan_id))) == []


def test_one_number_written_with_d_and_with_dj_is_flagged_and_registered_once(db):
    doc = parse_text(TEXT)
    assert [c.number for c in doc.references][:2] == ["20-KH/DU", "20-KH/ĐU"]
    plan_id = save_as_plan(db, doc)
    assert db.scalar("SELECT COUNT(*) FROM directives WHERE number IN ('20-KH/DU', '20-KH/ĐU')") == 1
    found = [f for f in run_checks(plans.load_document(db, plan_id)) if f.kind == "duplicate_number"]
    assert len(found) == 1 and found[0].place == "field:basis"
    assert "«20-KH/DU» và «20-KH/ĐU» là cùng một số" in found[0].message
    assert found[0].fix == "Ghi thống nhất «20-KH/ĐU» và bỏ lần nêu trùng."


def test_a_registered_number_is_found_under_its_other_spelling(db):
    directives.add(db, {"doc_type": "Kế hoạch", "number": "20-KH/ĐU", "issued_on": "2025-12-10"})
    doc = parse_text(
        "KẾ HOẠCH\nNăm 2026\nCăn cứ Kế hoạch số 20-KH/DU, ngày 10/12/2025 của Đảng ủy xã,\nI. NỘI DUNG\n1. A.\n"
    )
    state = reference_states(db, doc.references)[0]
    assert state.directive_id is not None and "chữ D thay cho Đ" in state.messages[0]
    stack = UndoStack(db)
    stack.push(RegisterReferences(parse_text(TEXT).references))
    assert db.scalar("SELECT COUNT(*) FROM directives") == 1  # nothing new: both spellings are the registered one


def test_letters_without_dj_are_not_a_skip_but_a_repeat_is(db):
    text = "KẾ HOẠCH\nNăm 2026\nI. NỘI DUNG\na) Một.\nb) Hai.\nc) Ba.\nd) Bốn.\ne) Năm.\ne) Sáu.\n"
    doc = plans.load_document(db, save_as_plan(db, parse_text(text)))
    assert [f.message.split("«")[1][:2] for f in _numbering(run_checks(doc))] == ["e)"]
