"""Faithful export of imported documents (issue 16): the source's own labels stay until the
user asks «Đánh số lại»; a numbered sentence stays body text."""

from __future__ import annotations

from kehoach_desktop.importer import parse_text
from kehoach_desktop.importer.persist import save_as_plan
from kehoach_desktop.store import plans
from kehoach_desktop.store.commands import UndoStack
from kehoach_desktop.store.plan_ops import RenumberPlan

TEXT = (
    "KẾ HOẠCH\nThực hiện công tác tuyên truyền năm 2026\n"
    "I. NỘI DUNG\n(1) Tuyên truyền trên Cổng thông tin.\n(2) Tổ chức hội nghị.\n"
    "(3) Biên soạn tài liệu.\n(4) Tổng kết.\n"
    "II. TỔ CHỨC THỰC HIỆN\n1. Văn phòng Đảng ủy tham mưu.\n1. Các chi bộ triển khai trong tháng 01/2026.\n"
)


def _labels(doc):
    return [(n.label, n.text[:20]) for n in doc.walk() if n.kind == "section"]


def test_imported_plan_keeps_labels_as_written_until_renumbered(db):
    plan_id = save_as_plan(db, parse_text(TEXT))
    doc = plans.load_document(db, plan_id)
    assert [label for label, _ in _labels(doc)] == ["I.", "(1)", "(2)", "(3)", "(4)", "II.", "1.", "1."]
    assert plans.has_source_labels(db, plan_id)
    stack = UndoStack(db)
    stack.push(RenumberPlan(plan_id))
    renumbered = [label for label, _ in _labels(plans.load_document(db, plan_id))]
    assert renumbered == ["I.", "1.", "2.", "3.", "4.", "II.", "1.", "2."]
    stack.undo()
    assert [label for label, _ in _labels(plans.load_document(db, plan_id))][1] == "(1)"


def test_export_prints_the_source_labels_and_a_numbered_sentence_as_body_text(db, tmp_path):
    from export_support import pdf_words

    from kehoach_desktop.export import render_pdf

    long = "3. Các chi bộ tổ chức quán triệt, học tập và ban hành kế hoạch thực hiện (trong tháng 01/2026)."
    plan_id = save_as_plan(db, parse_text(TEXT + long + "\n"))
    doc = plans.load_document(db, plan_id)
    result = render_pdf(doc, tmp_path / "kh.pdf")
    words = [w.text for page in pdf_words(result.path) for w in page]
    assert "(1)" in words and "(4)" in words and words.count("1.") >= 2
    sentence = next(n for n in doc.walk() if n.text.startswith("Các chi bộ tổ chức quán triệt"))
    from kehoach_desktop.export.compose import compose
    from kehoach_desktop.export.layout_profile import load_profile

    layout = compose(doc, load_profile("party"))
    para = next(b for b in layout.blocks if getattr(b, "text", "").startswith("3. Các chi bộ tổ chức"))
    assert not para.bold and sentence.label == "3."
