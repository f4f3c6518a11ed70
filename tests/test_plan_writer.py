"""The one plan writer: ``store.plans.save_document`` is the inverse of ``load_document``.

Every road that creates a whole plan (import, demo, report drafts, templates, copies,
cụ thể hóa, bundles) goes through it, so these tests pin what it keeps: header, tree,
appendices, tasks with their units and deadlines, upstream links, status and marks.
Our own fixtures always run; the real samples run where ../shared is present.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_FILES

from kehoach_desktop.core.deadlines import Deadline
from kehoach_desktop.core.document import Node, PlanDocument, Signature, TaskSpec, Upstream
from kehoach_desktop.importer import parse_file, parse_text
from kehoach_desktop.store import directives, plan_ops, plans, profile, search
from kehoach_desktop.store.commands import UndoStack

FIXTURES = Path(__file__).resolve().parent / "fixtures"
IMPORT_FIXTURES = sorted((FIXTURES / "import").glob("*.txt"))


def content(doc: PlanDocument) -> dict[str, Any]:
    """The document without what the store assigns (ids) or computes (labels). A periodic
    deadline's ``every`` has no column (the tracker reads the period from the text)."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("id", "task_id", "label", "every")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(dataclasses.asdict(doc))


def counts(db) -> tuple[int, ...]:
    return tuple(
        db.scalar(f"SELECT COUNT(*) FROM {t}")
        for t in ("plans", "plan_nodes", "tasks", "task_units", "plan_basis", "node_upstream")
    )


def imported_document(db, parsed) -> PlanDocument:
    """What the importer hands the writer: the plan plus its proposed tasks on their items."""
    doc, places = parsed.plan_with_places()
    if doc.status != "issued":
        doc.number = ""  # a draft has no number until it is issued
    for t in parsed.tasks:
        node = places.get((id(t.section_ref), t.paragraph_index))
        if node is not None and node.task is None:
            units = profile.unit_ids(db, t.units)
            node.task = TaskSpec(units[0] if units else None, units[1:], t.deadline, title=plans.task_title(t.text))
    return doc


def assert_round_trip(db, doc: PlanDocument) -> int:
    expected = content(doc)
    plan_id = plans.save_document(db, doc)
    loaded = plans.load_document(db, plan_id, tasks=True)
    assert content(loaded) == expected
    # the writer filled the ids it made: the loaded document has the same ones
    assert doc.id == plan_id
    assert [(n.id, n.task_id) for n in doc.walk_all()] == [(n.id, n.task_id) for n in loaded.walk_all()]
    assert all(n.id is not None for n in loaded.walk_all())
    return plan_id


@pytest.mark.parametrize("path", IMPORT_FIXTURES, ids=lambda p: p.stem)
def test_imported_fixture_round_trips(db, path):
    parsed = parse_file(path)
    doc = imported_document(db, parsed)
    if doc.status == "issued":
        # several fixtures share a number; numbering is tested apart (a draft has no number)
        doc.status, doc.draft, doc.number = "draft", True, ""
    assert_round_trip(db, doc)


@pytest.mark.parametrize("key", sorted(SAMPLE_FILES))
def test_real_sample_round_trips(db, sample, tmp_path, key):
    path = tmp_path / "mau.txt"
    path.write_text(sample(key), encoding="utf-8")
    parsed = parse_file(path)
    doc = imported_document(db, parsed)
    assert any(n.task for n in doc.walk_all()), "the sample's tasks reach the writer"
    plan_id = assert_round_trip(db, doc)
    assert plans.load_document(db, plan_id, tasks=True).status == doc.status


def test_demo_plan_copy_round_trips(demo_db):
    source_id = demo_db.scalar("SELECT MIN(id) FROM plans")
    source = plans.load_document(demo_db, source_id, tasks=True)
    assert any(n.task and n.task.unit_ids for n in source.walk()), "the demo plan has cooperating units"
    assert source.draft and source.status == "draft"
    expected = content(source)
    copy_id = plans.save_document(demo_db, source)
    assert content(plans.load_document(demo_db, copy_id, tasks=True)) == expected and copy_id != source_id


def test_everything_the_writer_keeps(db):
    lead = profile.add_unit(db, "Ban Xây dựng Đảng")
    coop = [profile.add_unit(db, "Đoàn Thanh niên"), profile.add_unit(db, "Hội Phụ nữ")]
    did = directives.add(db, {"doc_type": "Nghị quyết", "number": "57-NQ/TW", "issuer": "Bộ Chính trị"})
    deadline = Deadline("date", None, dt.date(2026, 6, 30), "trước ngày 30/6/2026")
    task_node = Node(
        "bullet",
        "Tổ chức hội nghị quán triệt. Thành phần: toàn thể đảng viên.",
        task=TaskSpec(lead, [*coop, lead], deadline, product="Báo cáo kết quả"),
        upstream=Upstream(did, "II.3#p1"),
    )
    doc = PlanDocument(
        number="",
        superior_body="ĐẢNG BỘ TỈNH HÀ TĨNH",
        issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH",
        issuer_code="ĐU",
        place="Hòa Bình",
        date=dt.date(2026, 2, 3),
        year=2026,
        title="Thực hiện Nghị quyết số 57-NQ/TW",
        basis="Căn cứ Nghị quyết số 57-NQ/TW",
        sections=[
            Node("section", "MỤC ĐÍCH, YÊU CẦU", [Node("paragraph", "Nâng cao nhận thức.")], role="purpose"),
            Node("section", "NỘI DUNG", [Node("section", "Học tập", [task_node])], role="content"),
        ],
        closing="Trên đây là kế hoạch …",
        recipients=["Ban Thường vụ Huyện ủy,", "Lưu VPĐU."],
        signature=Signature("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Trần Minh An"),
        appendices=[Node("section", "DANH SÁCH ĐƠN VỊ", [Node("paragraph", "…")], role="appendix")],
        security="mật",
        urgency="khẩn",
        landscape=True,
        draft=False,  # a draft printed without the DỰ THẢO mark
        numbering_style="party-dash",
        status="review",
    )
    plan_id = plans.save_document(db, doc, basis_ids=[did], extra={"source": "thử"})
    loaded = plans.load_document(db, plan_id, tasks=True)
    stored_task = loaded.sections[1].children[0].children[0].task
    assert stored_task is not None
    # the lead is not also a cooperating unit; an empty title is the item's first sentence
    assert stored_task.unit_ids == sorted(coop) and stored_task.title == "Tổ chức hội nghị quán triệt"
    task_node.task = dataclasses.replace(task_node.task, unit_ids=sorted(coop), title="Tổ chức hội nghị quán triệt")
    assert content(loaded) == content(doc)
    assert loaded.appendices[0].role == "appendix" and loaded.status == "review"
    assert [r[0] for r in db.all("SELECT directive_id FROM plan_basis WHERE plan_id = ?", (plan_id,))] == [did]
    assert plans.get_extra(db, plan_id)["source"] == "thử"
    assert search.search_plans(db, "quan triet") == [plan_id]  # the tree's text is indexed


def test_issued_document_is_numbered_and_a_taken_number_rolls_back(db):
    doc = PlanDocument(
        issuer_code="ĐU",
        number="05-KH/ĐU",
        date=dt.date(2025, 1, 15),
        year=2025,
        title="Kế hoạch đã ban hành",
        sections=[
            Node("section", "NỘI DUNG", [Node("paragraph", "Việc cần làm.", task=TaskSpec(title="Việc cần làm"))])
        ],
        status="issued",
        draft=False,
    )
    plan_id = assert_round_trip(db, doc)
    row = plans.get_row(db, plan_id)
    assert (row["number"], row["serial"], row["plan_date"], row["year"]) == ("05-KH/ĐU", 5, "2025-01-15", 2025)
    before = counts(db)
    again = dataclasses.replace(doc, sections=[Node("section", "KHÁC")])
    with pytest.raises(ValueError, match="05-KH/ĐU"):
        plans.save_document(db, again)
    assert counts(db) == before


def test_one_transaction_nothing_half_written(db, monkeypatch):
    doc = PlanDocument(
        title="Ba nhiệm vụ",
        sections=[Node("section", "NỘI DUNG", [Node("bullet", f"Việc {i}.", task=TaskSpec()) for i in range(3)])],
    )
    real, calls = plans.tasks.insert_task, []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise sqlite3.OperationalError("disk I/O error")
        return real(*args, **kwargs)

    monkeypatch.setattr(plans.tasks, "insert_task", failing)
    before = counts(db)
    with pytest.raises(sqlite3.OperationalError):
        plans.save_document(db, doc)
    assert counts(db) == before


def test_tables_and_unknown_status_are_refused_with_a_message(db):
    table = PlanDocument(sections=[Node("table", "Bảng", rows=[["a"]])])
    with pytest.raises(ValueError, match="loại «table»"):
        plans.save_document(db, table)
    with pytest.raises(ValueError, match="Trạng thái"):
        plans.save_document(db, PlanDocument(status="lạ"))
    assert counts(db)[0] == 0


def test_save_document_command_undoes_and_redoes_with_the_same_ids(db):
    did = directives.add(db, {"doc_type": "Chỉ thị", "number": "05-CT/TW", "issuer": "Bộ Chính trị"})
    doc = PlanDocument(
        title="Cụ thể hóa Chỉ thị 05",
        sections=[
            Node("section", "NỘI DUNG", [Node("bullet", "Học tập.", task=TaskSpec(), upstream=Upstream(did, "I.1"))])
        ],
    )
    stack = UndoStack(db)
    cmd = plan_ops.SaveDocument(doc, basis_ids=[did], text="Cụ thể hóa văn bản")
    stack.push(cmd)
    first = (
        content(plans.load_document(db, cmd.plan_id, tasks=True)),
        [n.id for n in plans.load_document(db, cmd.plan_id).walk()],
    )
    stack.undo()
    assert counts(db)[0] == 0
    stack.redo()
    again = plans.load_document(db, cmd.plan_id, tasks=True)
    assert (content(again), [n.id for n in again.walk()]) == first
    assert again.sections[0].children[0].upstream == Upstream(did, "I.1")


def test_report_draft_round_trips(db):
    from tracking_data import make_plan

    from kehoach_desktop.tracking import report
    from kehoach_desktop.tracking.periods import Period

    plan_id = make_plan(db)["plan"]
    doc = report.build_report(db, plan_id, Period("quarter", 2026, 1), today=dt.date(2026, 3, 31))
    expected = content(doc)
    loaded = plans.load_document(db, report.save_as_draft(db, doc), tasks=True)
    expected["year"] = 2026  # the draft's year is its date's
    assert content(loaded) == expected


def test_importer_writes_through_the_writer_and_not_tracking():
    import ast

    source = Path(__file__).resolve().parent.parent / "kehoach_desktop" / "importer"
    for path in source.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert "tracking" not in node.module, f"{path.name} imports {node.module}"
                assert "plan_nodes" not in ast.unparse(node)
        assert "INSERT INTO plan_nodes" not in path.read_text(encoding="utf-8"), path.name


def test_parsed_text_without_parts_stores_its_paragraphs_at_the_top(db):
    parsed = parse_text("KẾ HOẠCH\nHọc tập chuyên đề năm 2026\n- Tổ chức học tập.\n+ Đợt 1.\n- Sơ kết.\n")
    doc = parsed.to_plan_document()
    assert_round_trip(db, doc)
    assert all(n.role == "content" for n in doc.sections)
