"""Undoable plan operations: tree edits, header, căn cứ, tasks, recipients, status, clone, revision."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.core.templates import BLANK, get_template
from kehoach_desktop.store import directives, plan_ops, plans, profile
from kehoach_desktop.store.commands import UndoStack

PROFILE = OfficeProfile(
    superior_body="ĐẢNG BỘ TỈNH HÀ TĨNH",
    issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH",
    issuer_code="ĐU",
    place="Hòa Bình",
    signer_title="PHÓ BÍ THƯ",
    signer_name="Trần Minh An",
)


def new_plan(db, template=BLANK, year=2026, topic="") -> tuple[int, UndoStack]:
    stack = UndoStack(db)
    cmd = plan_ops.CreatePlan(template, PROFILE, year=year, topic=topic)
    stack.push(cmd)
    return cmd.plan_id, stack


def tree(db, plan_id) -> list[tuple]:
    doc = plans.load_document(db, plan_id)
    out = []

    def rec(nodes, depth):
        for n in nodes:
            out.append((depth, n.label, n.text))
            rec(n.children, depth + 1)

    rec(doc.sections, 0)
    return out


def state(db) -> dict:
    """Everything a plan command may touch, for exact undo comparisons (timestamps dropped)."""

    def rows(sql):
        return [tuple(r) for r in db.all(sql)]

    return {
        "plans": rows(
            "SELECT id, doc_type, type_code, number, serial, title, superior_body, issuer_body, "
            "issuer_code, place, plan_date, year, status, revision_of, basis_text, closing_text, "
            "recipients_json, signature_json, numbering_style, extra_json FROM plans ORDER BY id"
        ),
        "nodes": rows("SELECT id, plan_id, parent_id, position, kind, text, role FROM plan_nodes ORDER BY id"),
        "basis": rows("SELECT * FROM plan_basis ORDER BY plan_id, position"),
        "tasks": rows(
            "SELECT id, plan_id, node_id, title, lead_unit_id, deadline_kind, deadline_start, "
            "deadline_end, deadline_text, product FROM tasks ORDER BY id"
        ),
        "task_units": rows("SELECT * FROM task_units ORDER BY task_id, unit_id"),
        "lists": rows("SELECT * FROM recipient_lists ORDER BY id"),
    }


def test_create_from_blank_gives_the_three_standard_parts(db):
    plan_id, _ = new_plan(db)
    assert tree(db, plan_id) == [
        (0, "I.", "MỤC ĐÍCH, YÊU CẦU"),
        (0, "II.", "NỘI DUNG"),
        (0, "III.", "TỔ CHỨC THỰC HIỆN"),
    ]
    row = plans.get_row(db, plan_id)
    assert row["issuer_body"] == "ĐẢNG ỦY XÃ HÒA BÌNH" and row["status"] == "draft" and row["number"] is None
    assert json.loads(row["signature_json"])["name"] == "Trần Minh An"


def test_create_from_each_template_fills_year_and_topic(db):
    for tid in ("yearly-work", "study-topic", "science-education"):
        plan_id, _ = new_plan(db, get_template(tid), year=2027, topic="dân vận")
        doc = plans.load_document(db, plan_id)
        assert "{" not in doc.all_text()
        assert [n.role for n in doc.sections][-1] == "organisation"
        if tid != "study-topic":
            assert "2027" in doc.title
        if tid == "yearly-work":
            assert doc.title == "Thực hiện công tác dân vận năm 2027"


def test_add_move_indent_outdent_and_undo(db):
    plan_id, stack = new_plan(db)
    content = plans.children_rows(db, plan_id, None)[1]["id"]
    ids = []
    for text in ("Một", "Hai", "Ba"):
        cmd = plan_ops.AddNode(plan_id, content, "section", text)
        stack.push(cmd)
        ids.append(cmd.node_id)

    def labels():
        return [(lbl, t) for d, lbl, t in tree(db, plan_id) if t in ("Một", "Hai", "Ba")]

    assert labels() == [("1.", "Một"), ("2.", "Hai"), ("3.", "Ba")]

    stack.push(plan_ops.move_up(db, ids[2]))
    assert labels() == [("1.", "Một"), ("2.", "Ba"), ("3.", "Hai")]
    stack.push(plan_ops.move_down(db, ids[0]))
    assert labels() == [("1.", "Ba"), ("2.", "Một"), ("3.", "Hai")]
    stack.push(plan_ops.indent(db, ids[0]))  # "Một" under "Ba"
    assert labels() == [("1.", "Ba"), ("1.1.", "Một"), ("2.", "Hai")]
    stack.push(plan_ops.indent(db, ids[1]))  # "Hai" under "Ba" after "Một"
    assert labels() == [("1.", "Ba"), ("1.1.", "Một"), ("1.2.", "Hai")]
    stack.push(plan_ops.outdent(db, ids[0]))  # "Một" back to level 2, right after "Ba"
    assert labels() == [("1.", "Ba"), ("1.1.", "Hai"), ("2.", "Một")]
    for _ in range(5):
        stack.undo()
    assert labels() == [("1.", "Một"), ("2.", "Hai"), ("3.", "Ba")]
    for _ in range(5):
        stack.redo()
    assert labels() == [("1.", "Ba"), ("1.1.", "Hai"), ("2.", "Một")]


def test_edge_moves_are_refused_with_a_message(db):
    plan_id, stack = new_plan(db)
    first, _, last = [r["id"] for r in plans.children_rows(db, plan_id, None)]
    with pytest.raises(ValueError, match="đầu"):
        plan_ops.move_up(db, first)
    with pytest.raises(ValueError, match="cuối"):
        plan_ops.move_down(db, last)
    with pytest.raises(ValueError, match="thụt vào"):
        plan_ops.indent(db, first)
    with pytest.raises(ValueError, match="cấp cao nhất"):
        plan_ops.outdent(db, first)
    child = plan_ops.AddNode(plan_id, first, "section", "Mục con")
    stack.push(child)
    with pytest.raises(ValueError, match="chính nó"):
        stack.push(plan_ops.MoveNode(db, first, child.node_id, 0))


def test_drag_drop_move_to_other_parent_keeps_subtree(db):
    plan_id, stack = new_plan(db)
    purpose, _content, org = [r["id"] for r in plans.children_rows(db, plan_id, None)]
    sec = plan_ops.AddNode(plan_id, purpose, "section", "Mục đích")
    stack.push(sec)
    stack.push(plan_ops.AddNode(plan_id, sec.node_id, "bullet", "Gạch đầu dòng"))
    before = state(db)
    stack.push(plan_ops.MoveNode(db, sec.node_id, org, 0))
    assert tree(db, plan_id) == [
        (0, "I.", "MỤC ĐÍCH, YÊU CẦU"),
        (0, "II.", "NỘI DUNG"),
        (0, "III.", "TỔ CHỨC THỰC HIỆN"),
        (1, "1.", "Mục đích"),
        (2, "-", "Gạch đầu dòng"),
    ]
    stack.undo()
    assert state(db) == before


def _registry(db) -> dict[str, int]:
    ids = {}
    for number, typ, day, issuer, summary in [
        (
            "73-HD/BTGTU",
            "Hướng dẫn",
            dt.date(2023, 11, 16),
            "Ban Tuyên giáo Tỉnh ủy",
            "thực hiện công tác lý luận chính trị năm 2024",
        ),
        ("01-KL/TW", "Kết luận", dt.date(2021, 5, 18), "Bộ Chính trị", "tiếp tục thực hiện Chỉ thị số 05-CT/TW"),
    ]:
        ids[number] = directives.add(
            db, {"doc_type": typ, "number": number, "issued_on": day, "issuer": issuer, "summary": summary}
        )
    return ids


def test_basis_from_registry_uses_official_citation_and_keeps_links(db):
    ids = _registry(db)
    plan_id, stack = new_plan(db)
    stack.push(plan_ops.UpdateHeader(db, plan_id, {"title": "Thực hiện công tác lý luận chính trị năm 2026"}))
    stack.push(plan_ops.SetBasis(db, plan_id, [ids["73-HD/BTGTU"], ids["01-KL/TW"]]))
    text = plans.get_row(db, plan_id)["basis_text"]
    assert text.startswith(
        "Căn cứ Hướng dẫn số 73-HD/BTGTU, ngày 16/11/2023 của Ban Tuyên giáo Tỉnh ủy về "
        "thực hiện công tác lý luận chính trị năm 2024; Kết luận số 01-KL/TW, ngày 18/5/2021 "
        "của Bộ Chính trị về tiếp tục"
    )
    assert text.endswith(
        "Ban Thường vụ Đảng ủy xã Hòa Bình xây dựng Kế hoạch thực hiện công tác lý luận chính trị năm 2026 như sau:"
    )
    citing = plans.plans_citing(db)
    assert [r["id"] for r in citing[ids["73-HD/BTGTU"]]] == [plan_id]
    stack.undo()
    assert plans.get_row(db, plan_id)["basis_text"] == "" and plans.plans_citing(db) == {}


def test_task_suggestions_and_units(db):
    plan_id, stack = new_plan(db)
    org = plans.children_rows(db, plan_id, None)[2]["id"]
    unit = profile.add_unit(db, "Ban Tuyên giáo Huyện ủy")
    helper = profile.add_unit(db, "Trung tâm chính trị huyện")
    node = plan_ops.AddNode(
        plan_id, org, "section", "Ban Tuyên giáo Huyện ủy: Tham mưu tổ chức hội nghị, báo cáo trước ngày 31/5/2026."
    )
    stack.push(node)
    from kehoach_desktop.core.task_hints import suggest_deadline, suggest_unit

    text = plans.node_row(db, node.node_id)["text"]
    hint = suggest_unit(text, [(r["id"], r["name"], r["short_name"]) for r in profile.units(db)])
    deadline = suggest_deadline(text, 2026)
    assert hint.unit_id == unit and deadline.kind == "date" and deadline.end == dt.date(2026, 5, 31)
    stack.push(
        plan_ops.SetTask(
            db,
            node.node_id,
            {
                "lead_unit_id": hint.unit_id,
                "unit_ids": [helper, unit],
                "deadline_kind": deadline.kind,
                "deadline_end": deadline.end,
                "deadline_text": deadline.text,
                "product": "Báo cáo kết quả",
            },
        )
    )
    task = plans.task_state(db, node.node_id)
    assert task["lead_unit_id"] == unit and task["unit_ids"] == [helper]  # the lead is not also a helper
    assert task["deadline_end"] == "2026-05-31" and task["title"].startswith("Ban Tuyên giáo Huyện ủy")
    stack.push(plan_ops.EditNode(db, node.node_id, text="Ban Tuyên giáo Huyện ủy: Tham mưu hội nghị."))
    assert plans.task_state(db, node.node_id)["title"] == "Ban Tuyên giáo Huyện ủy: Tham mưu hội nghị"
    stack.push(plan_ops.ClearTask(db, node.node_id))
    assert plans.task_state(db, node.node_id) is None
    stack.undo()
    assert plans.task_state(db, node.node_id)["unit_ids"] == [helper]


def _every_command(db):
    """(name, factory) for every plan command; each factory builds the command on a prepared plan."""
    ids = _registry(db)
    unit = profile.add_unit(db, "Văn phòng Đảng ủy")
    plan_id, stack = new_plan(db, get_template("yearly-work"), topic="lý luận chính trị")
    content = plans.children_rows(db, plan_id, None)[1]["id"]
    first, second = [r["id"] for r in plans.children_rows(db, plan_id, content)][:2]
    bullet = plans.children_rows(db, plan_id, first)[0]["id"]
    stack.push(plan_ops.SetTask(db, bullet, {"lead_unit_id": unit, "deadline_kind": "ongoing"}))
    issued = plan_ops.CreatePlan(BLANK, PROFILE, year=2025)
    stack.push(issued)
    stack.push(plan_ops.IssuePlan(issued.plan_id, day=dt.date(2025, 1, 10)))
    return [
        ("create", lambda: plan_ops.CreatePlan(get_template("study-topic"), PROFILE, year=2026, topic="X")),
        (
            "header",
            lambda: plan_ops.UpdateHeader(
                db, plan_id, {"title": "Tên mới", "numbering_style": "party-dash", "date": dt.date(2026, 2, 3)}
            ),
        ),
        ("basis", lambda: plan_ops.SetBasis(db, plan_id, [ids["01-KL/TW"]])),
        ("recipients", lambda: plan_ops.SetRecipients(db, plan_id, ["Các chi bộ,", "Lưu VT."])),
        ("signature", lambda: plan_ops.SetSignature(db, plan_id, "T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Lê A")),
        ("add", lambda: plan_ops.AddNode(plan_id, first, "bullet", "Mới", position=0)),
        ("delete", lambda: plan_ops.DeleteNode(db, first)),
        ("edit", lambda: plan_ops.EditNode(db, bullet, text="Sửa lại")),
        ("kind", lambda: plan_ops.EditNode(db, bullet, kind="paragraph")),
        ("move", lambda: plan_ops.MoveNode(db, bullet, second, 1)),
        ("up", lambda: plan_ops.move_up(db, second)),
        ("down", lambda: plan_ops.move_down(db, first)),
        ("indent", lambda: plan_ops.indent(db, second)),
        ("outdent", lambda: plan_ops.outdent(db, bullet)),
        ("task", lambda: plan_ops.SetTask(db, bullet, {"deadline_kind": "date", "deadline_end": dt.date(2026, 6, 1)})),
        ("untask", lambda: plan_ops.ClearTask(db, bullet)),
        ("list", lambda: plan_ops.SaveRecipientList(db, "Chuẩn", ["Các chi bộ,", "Lưu VT."])),
        ("review", lambda: plan_ops.SetStatus(db, plan_id, "review")),
        ("clone", lambda: plan_ops.ClonePlan(plan_id, 2027)),
        ("revision", lambda: plan_ops.CreateRevision(issued.plan_id)),
        ("delete-plan", lambda: plan_ops.DeletePlan(plan_id)),
    ]


@pytest.mark.parametrize(
    "name",
    [
        "create",
        "header",
        "basis",
        "recipients",
        "signature",
        "add",
        "delete",
        "edit",
        "kind",
        "move",
        "up",
        "down",
        "indent",
        "outdent",
        "task",
        "untask",
        "list",
        "review",
        "clone",
        "revision",
        "delete-plan",
    ],
)
def test_undo_redo_of_every_operation(db, name):
    factory = dict(_every_command(db))[name]
    stack = UndoStack(db)
    before = state(db)
    stack.push(factory())
    after = state(db)
    assert after != before, f"{name} changed nothing"
    stack.undo()
    assert state(db) == before
    stack.redo()
    assert state(db) == after
    stack.undo()
    assert state(db) == before


def test_issue_numbers_per_type_within_term_and_locks(db):
    stack = UndoStack(db)
    made = []
    for _ in range(3):
        cmd = plan_ops.CreatePlan(BLANK, PROFILE, year=2026)
        stack.push(cmd)
        made.append(cmd.plan_id)
    plans.set_term_start(db, dt.date(2025, 10, 1))
    old = plan_ops.CreatePlan(BLANK, PROFILE, year=2025)
    stack.push(old)
    stack.push(plan_ops.IssuePlan(old.plan_id, "40-KH/ĐU", dt.date(2025, 3, 1)))  # previous term
    first = plan_ops.IssuePlan(made[0], day=dt.date(2026, 1, 5))
    stack.push(first)
    assert first.number == "01-KH/ĐU"
    second = plan_ops.IssuePlan(made[1], day=dt.date(2026, 2, 5))
    stack.push(second)
    assert second.number == "02-KH/ĐU"
    with pytest.raises(ValueError, match="đã dùng"):
        stack.push(plan_ops.IssuePlan(made[2], "02-KH/ĐU"))
    edited = plan_ops.IssuePlan(made[2], "15 - KH/ĐU", dt.date(2026, 3, 1))  # editable, normalised
    stack.push(edited)
    assert edited.number == "15-KH/ĐU"
    row = plans.get_row(db, made[2])
    assert (row["status"], row["serial"], row["plan_date"]) == ("issued", 15, "2026-03-01")
    assert plans.load_document(db, made[2]).number == "15-KH/ĐU"

    # Locked: every edit is refused with a message, and the store triggers back it up.
    node = plans.children_rows(db, made[0], None)[0]["id"]
    for make in (
        lambda: plan_ops.UpdateHeader(db, made[0], {"title": "x"}),
        lambda: plan_ops.AddNode(made[0], None, "section", "x"),
        lambda: plan_ops.EditNode(db, node, text="x"),
        lambda: plan_ops.DeleteNode(db, node),
        lambda: plan_ops.SetTask(db, node, {"deadline_kind": "ongoing"}),
        lambda: plan_ops.DeletePlan(made[0]),
    ):
        with pytest.raises(plans.PlanLocked):
            stack.push(make())
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE plan_nodes SET text = 'x' WHERE id = ?", (node,))
    # issuing itself cannot be undone: the stack cleared its history, and the command refuses
    assert not stack.can_undo and stack.undo() is None
    with pytest.raises(plans.PlanLocked):
        edited.undo(db)


def test_revision_is_a_new_draft_and_the_issued_plan_stays_readable(db):
    plan_id, stack = new_plan(db, get_template("science-education"))
    stack.push(plan_ops.IssuePlan(plan_id, day=dt.date(2026, 1, 20)))
    before = tree(db, plan_id)
    rev = plan_ops.CreateRevision(plan_id)
    stack.push(rev)
    row = plans.get_row(db, rev.plan_id)
    assert row["revision_of"] == plan_id and row["status"] == "draft" and row["number"] is None
    assert row["title"].startswith("Sửa đổi, bổ sung Kế hoạch số 01-KH/ĐU")
    assert tree(db, rev.plan_id) == before
    first = plans.children_rows(db, rev.plan_id, None)[0]["id"]
    stack.push(plan_ops.EditNode(db, first, text="MỤC ĐÍCH, YÊU CẦU (sửa đổi)"))
    assert tree(db, plan_id) == before  # the issued one is untouched
    assert plans.load_document(db, plan_id).status == "issued"
    with pytest.raises(ValueError, match="đã ban hành"):
        plan_ops.CreateRevision(rev.plan_id).redo(db)


def test_clone_for_new_year_lists_stale_years_and_replaces_nothing(db):
    plan_id, stack = new_plan(db, get_template("yearly-work"), year=2025, topic="tuyên giáo")
    stack.push(
        plan_ops.UpdateHeader(
            db,
            plan_id,
            {
                "basis": "Căn cứ Hướng dẫn số 12-HD/BTGTU, ngày 05/12/2024 của Ban Tuyên giáo Tỉnh ủy về "
                "công tác năm 2025, Ban Thường vụ xây dựng Kế hoạch như sau:"
            },
        )
    )
    bullet = plans.children_rows(
        db, plan_id, plans.children_rows(db, plan_id, plans.children_rows(db, plan_id, None)[1]["id"])[0]["id"]
    )[0]["id"]
    stack.push(
        plan_ops.SetTask(
            db,
            bullet,
            {
                "lead_unit_id": profile.add_unit(db, "Văn phòng"),
                "deadline_kind": "period",
                "deadline_start": dt.date(2025, 1, 1),
                "deadline_end": dt.date(2025, 3, 31),
            },
        )
    )
    source_text = plans.load_document(db, plan_id).all_text()
    clone = plan_ops.ClonePlan(plan_id, 2026)
    stack.push(clone)
    doc = plans.load_document(db, clone.plan_id)
    assert plans.get_row(db, clone.plan_id)["year"] == 2026
    assert doc.all_text() == source_text  # nothing replaced silently
    places = {m["place"] for m in clone.review}
    assert "field:title" in places and "field:basis" in places
    assert all("2025" in m["excerpt"] for m in clone.review)
    # The date of the cited document (05/12/2024) is not a stale year; "năm 2025" is.
    assert not any(m["excerpt"] == "05/12/2024" for m in clone.review)
    findings = plans.check(db, clone.plan_id)
    assert any(f.kind == "stale_year" for f in findings)
    # Tasks' old deadlines come along and are flagged, not moved.
    late = [f for f in findings if f.kind == "deadline_before_plan" and f.severity == "error"]
    assert len(late) == 1 and late[0].node_id == plans.plan_tasks(db, clone.plan_id)[0]["node_id"]
    # Deadlines still written for 2025 in untasked items are listed too (as warnings).
    assert any(f.kind == "deadline_before_plan" and f.severity == "warning" for f in findings)
    assert plans.plan_tasks(db, clone.plan_id)[0]["deadline_end"] == "2025-03-31"


def test_recipient_list_reuse(db):
    stack = UndoStack(db)
    stack.push(plan_ops.SaveRecipientList(db, "Kế hoạch năm", ["Ban Tuyên giáo Tỉnh ủy (để báo cáo),", "Lưu VT."]))
    stack.push(plan_ops.SaveRecipientList(db, "Kế hoạch năm", ["Các chi bộ,", "Lưu VT."]))
    assert plans.recipient_lists(db)[0][1:] == ("Kế hoạch năm", ["Các chi bộ,", "Lưu VT."])
    stack.undo()
    assert plans.recipient_lists(db)[0][2] == ["Ban Tuyên giáo Tỉnh ủy (để báo cáo),", "Lưu VT."]


def test_recipient_lines_round_trip():
    from kehoach_desktop.core.recipients import Recipient, from_lines, parse_line, to_lines

    lines = to_lines([Recipient("Ban Tuyên giáo Tỉnh ủy", True), Recipient("Các chi bộ")], "Lưu VT")
    assert lines == ["Ban Tuyên giáo Tỉnh ủy (để báo cáo),", "Các chi bộ,", "Lưu VT."]
    items, filing = from_lines(lines)
    assert filing == "Lưu VT" and items[0].report and items[0].name == "Ban Tuyên giáo Tỉnh ủy"
    assert parse_line("- Ban Tuyên giáo Tỉnh ủy (b/c),").report
    assert parse_line("- Ban Thường vụ Quận ủy; | báo cáo").name == "Ban Thường vụ Quận ủy"


def test_moves_work_on_imported_trees_with_position_gaps(db):
    plan_id, stack = new_plan(db)
    content = plans.children_rows(db, plan_id, None)[1]["id"]
    ids = [plans.add_node(db, plan_id, content, "section", t, position=p) for t, p in (("A", 0), ("B", 5), ("C", 10))]

    def order():
        return [r["text"] for r in plans.children_rows(db, plan_id, content)]

    stack.push(plan_ops.move_up(db, ids[2]))
    assert order() == ["A", "C", "B"]
    stack.undo()
    assert order() == ["A", "B", "C"]
    stack.push(plan_ops.indent(db, ids[1]))
    stack.push(plan_ops.outdent(db, ids[1]))
    assert order() == ["A", "B", "C"]
    stack.push(plan_ops.AddNode(plan_id, content, "section", "D", position=1))
    assert order() == ["A", "D", "B", "C"]


def test_tree_edits_are_audited(db):
    plan_id, stack = new_plan(db)
    content = plans.children_rows(db, plan_id, None)[1]["id"]
    add = plan_ops.AddNode(plan_id, content, "section", "Mục mới")
    stack.push(add)
    stack.push(plan_ops.EditNode(db, add.node_id, text="Mục đã sửa"))
    stack.push(plan_ops.outdent(db, add.node_id))
    stack.push(plan_ops.DeleteNode(db, add.node_id))
    actions = [
        r["action"]
        for r in db.all(
            "SELECT action FROM audit_log WHERE entity = 'plan' AND entity_id = ? AND action LIKE 'node.%' ORDER BY id",
            (plan_id,),
        )
    ]
    assert actions == ["node.add", "node.edit", "node.move", "node.delete"]
