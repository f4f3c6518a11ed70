"""Kiểm tra trước khi trình ký: one failing and one passing case for each check, and the CLI."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from test_plan_ops import PROFILE

from kehoach_desktop.cli import main as cli_main
from kehoach_desktop.core.templates import BLANK
from kehoach_desktop.store import directives, plan_ops, plans, profile
from kehoach_desktop.store.commands import UndoStack

CLEAN_BODY = "Tổ chức học tập, quán triệt cho cán bộ chủ chốt (hoàn thành trước ngày 31/3/2026)."


@pytest.fixture
def plan(db):
    """A plan that passes every check; tests break one thing at a time."""
    stack = UndoStack(db)
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
    directives.add(
        db,
        {
            "doc_type": "Kết luận",
            "number": "01-KL/TW",
            "issued_on": dt.date(2021, 5, 18),
            "issuer": "Bộ Chính trị",
            "summary": "tiếp tục thực hiện Chỉ thị số 05-CT/TW",
        },
    )
    create = plan_ops.CreatePlan(BLANK, PROFILE, year=2026)
    stack.push(create)
    pid = create.plan_id
    stack.push(
        plan_ops.UpdateHeader(
            db, pid, {"title": "Thực hiện công tác lý luận chính trị năm 2026", "date": dt.date(2026, 1, 10)}
        )
    )
    stack.push(plan_ops.SetBasis(db, pid, [hd]))
    purpose, content, org = [r["id"] for r in plans.children_rows(db, pid, None)]
    stack.push(plan_ops.AddNode(pid, purpose, "paragraph", "Nâng cao nhận thức của cán bộ, đảng viên."))
    sec = plan_ops.AddNode(pid, content, "section", "Học tập, quán triệt")
    stack.push(sec)
    bullet = plan_ops.AddNode(pid, sec.node_id, "bullet", CLEAN_BODY)
    stack.push(bullet)
    unit = profile.add_unit(db, "Văn phòng Đảng ủy")
    stack.push(
        plan_ops.SetTask(
            db, bullet.node_id, {"lead_unit_id": unit, "deadline_kind": "date", "deadline_end": dt.date(2026, 3, 31)}
        )
    )
    stack.push(plan_ops.AddNode(pid, org, "section", "Văn phòng Đảng ủy: Tham mưu, theo dõi, báo cáo."))
    stack.push(
        plan_ops.SetRecipients(db, pid, ["Ban Tuyên giáo và Dân vận Tỉnh ủy (để báo cáo),", "Các chi bộ,", "Lưu VT."])
    )
    return {
        "db": db,
        "id": pid,
        "stack": stack,
        "bullet": bullet.node_id,
        "section": sec.node_id,
        "content": content,
        "org": org,
    }


def kinds(p) -> list[str]:
    return [f.kind for f in plans.check(p["db"], p["id"])]


def edit(p, node_id, text):
    p["stack"].push(plan_ops.EditNode(p["db"], node_id, text=text))


def test_clean_plan_has_no_findings(plan):
    assert plans.check(plan["db"], plan["id"]) == []


def test_citation_disagreeing_with_registry(plan):
    edit(plan, plan["bullet"], "Thực hiện Hướng dẫn số 73-HD/BTGTU, ngày 16/12/2023 của Ban Tuyên giáo Tỉnh ủy.")
    found = [f for f in plans.check(plan["db"], plan["id"]) if f.kind == "citation_mismatch"]
    assert len(found) == 1 and found[0].severity == "error" and found[0].node_id == plan["bullet"]
    assert "16/11/2023" in found[0].message and found[0].number == "73-HD/BTGTU"
    edit(plan, plan["bullet"], "Thực hiện Hướng dẫn số 73-HD/BTGTU, ngày 16/11/2023 của Ban Tuyên giáo Tỉnh ủy.")
    assert "citation_mismatch" not in kinds(plan)


def test_citation_with_other_issuer(plan):
    edit(plan, plan["bullet"], "Thực hiện Hướng dẫn số 73-HD/BTGTU, ngày 16/11/2023 của Ban Tổ chức Tỉnh ủy.")
    assert "citation_mismatch" in kinds(plan)


def test_unregistered_citation_offers_the_number(plan):
    edit(plan, plan["bullet"], "Thực hiện Kế hoạch số 49-KH/TU, ngày 11/10/2021 của Ban Thường vụ Tỉnh ủy.")
    found = [f for f in plans.check(plan["db"], plan["id"]) if f.kind == "citation_unregistered"]
    assert [f.number for f in found] == ["49-KH/TU"] and found[0].severity == "warning"
    directives.add(
        plan["db"],
        {
            "doc_type": "Kế hoạch",
            "number": "49-KH/TU",
            "issued_on": dt.date(2021, 10, 11),
            "issuer": "Ban Thường vụ Tỉnh ủy",
        },
    )
    assert "citation_unregistered" not in kinds(plan)


def test_cited_in_text_but_not_in_basis(plan):
    edit(plan, plan["bullet"], "Thực hiện Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị.")
    found = [f for f in plans.check(plan["db"], plan["id"]) if f.kind == "cited_not_in_basis"]
    assert [f.number for f in found] == ["01-KL/TW"]
    ids = [r["id"] for r in plan["db"].all("SELECT id FROM directives ORDER BY id")]
    plan["stack"].push(plan_ops.SetBasis(plan["db"], plan["id"], ids))
    assert "cited_not_in_basis" not in kinds(plan)


def test_basis_text_naming_an_unlinked_document(plan):
    db, pid = plan["db"], plan["id"]
    hd = db.scalar("SELECT id FROM directives WHERE number = '73-HD/BTGTU'")
    plan["stack"].push(
        plan_ops.SetBasis(
            db,
            pid,
            [hd],
            text="Căn cứ Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị, Ban Thường vụ xây dựng Kế hoạch:",
        )
    )
    assert "basis_not_linked" in kinds(plan)
    plan["stack"].undo()
    assert "basis_not_linked" not in kinds(plan)


def test_empty_section(plan):
    add = plan_ops.AddNode(plan["id"], plan["content"], "section", "Kiểm tra, giám sát")
    plan["stack"].push(add)
    found = [f for f in plans.check(plan["db"], plan["id"]) if f.kind == "empty_section"]
    assert [f.node_id for f in found] == [add.node_id] and "2." in found[0].message
    plan["stack"].push(plan_ops.AddNode(plan["id"], add.node_id, "bullet", "Kiểm tra các chi bộ (Quý 3/2026)."))
    assert "empty_section" not in kinds(plan)
    blank = plan_ops.AddNode(plan["id"], plan["content"], "section", "")
    plan["stack"].push(blank)
    assert [f.node_id for f in plans.check(plan["db"], plan["id"]) if f.kind == "empty_section"] == [blank.node_id]


def test_task_without_unit_or_deadline(plan):
    db = plan["db"]
    plan["stack"].push(plan_ops.SetTask(db, plan["bullet"], {"lead_unit_id": None, "deadline_kind": ""}))
    assert {"task_no_unit", "task_no_deadline"} <= set(kinds(plan))
    plan["stack"].undo()
    assert not {"task_no_unit", "task_no_deadline"} & set(kinds(plan))


def test_deadline_before_plan_date(plan):
    db = plan["db"]
    plan["stack"].push(
        plan_ops.SetTask(db, plan["bullet"], {"deadline_kind": "date", "deadline_end": dt.date(2025, 12, 31)})
    )
    found = [f for f in plans.check(db, plan["id"]) if f.kind == "deadline_before_plan"]
    assert len(found) == 1 and "31/12/2025" in found[0].message
    plan["stack"].push(plan_ops.SetTask(db, plan["bullet"], {"deadline_end": dt.date(2026, 1, 10)}))
    assert "deadline_before_plan" not in kinds(plan)


def test_deadline_written_in_an_untasked_item_before_plan_date(plan):
    add = plan_ops.AddNode(plan["id"], plan["section"], "bullet", "Báo cáo sơ kết trước ngày 30/11/2025.")
    plan["stack"].push(add)
    found = [f for f in plans.check(plan["db"], plan["id"]) if f.kind == "deadline_before_plan"]
    assert [(f.node_id, f.severity) for f in found] == [(add.node_id, "warning")]
    plan["stack"].push(plan_ops.EditNode(plan["db"], add.node_id, text="Báo cáo sơ kết trước ngày 30/11/2026."))
    assert "deadline_before_plan" not in kinds(plan)


def test_missing_filing_line(plan):
    plan["stack"].push(plan_ops.SetRecipients(plan["db"], plan["id"], ["Các chi bộ."]))
    assert "missing_filing_line" in kinds(plan)
    plan["stack"].push(plan_ops.SetRecipients(plan["db"], plan["id"], ["Các chi bộ,", "Lưu: Văn phòng Đảng ủy."]))
    assert "missing_filing_line" not in kinds(plan)


def test_missing_signer_and_kt_authority(plan):
    db = plan["db"]
    plan["stack"].push(plan_ops.SetSignature(db, plan["id"], "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", ""))
    assert kinds(plan) == ["missing_signer"]
    plan["stack"].push(plan_ops.SetSignature(db, plan["id"], "K/T BÍ THƯ", "PHÓ BÍ THƯ", "Trần Minh An"))
    assert kinds(plan) == ["signature_authority"]
    plan["stack"].push(plan_ops.SetSignature(db, plan["id"], "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Trần Minh An"))
    assert kinds(plan) == []


def test_stale_year_after_cloning(plan):
    db = plan["db"]
    clone = plan_ops.ClonePlan(plan["id"], 2027)
    plan["stack"].push(clone)
    found = [f for f in plans.check(db, clone.plan_id) if f.kind == "stale_year"]
    assert {f.place for f in found} >= {"field:title"}
    assert all("2026" in f.message for f in found)
    assert not any(f.kind == "stale_year" for f in plans.check(db, plan["id"]))  # the original is fine
    # Fixing every place clears it (the user edits; nothing was replaced for them).
    doc = plans.load_document(db, clone.plan_id)
    plan["stack"].push(
        plan_ops.UpdateHeader(
            db,
            clone.plan_id,
            {"title": doc.title.replace("2026", "2027"), "basis": doc.basis.replace("năm 2026", "năm 2027")},
        )
    )
    for node in doc.walk():
        if "2026" in node.text:
            edit(plan, node.id, node.text.replace("2026", "2027"))
    assert not any(f.kind == "stale_year" for f in plans.check(db, clone.plan_id))


def test_double_spaces(plan):
    edit(plan, plan["bullet"], "Tổ chức học tập,  quán triệt cho cán bộ chủ chốt (hoàn thành trước ngày 31/3/2026).")
    found = [f for f in plans.check(plan["db"], plan["id"]) if f.kind == "double_space"]
    assert len(found) == 1 and found[0].place == f"node:{plan['bullet']}"
    edit(plan, plan["bullet"], CLEAN_BODY)
    assert "double_space" not in kinds(plan)


@pytest.mark.parametrize("typo", ["HHhhhướng dẫn số 02-HD/TW", "của của Ban Bí thư"])
def test_repeated_words(plan, typo):
    edit(plan, plan["bullet"], f"Thực hiện {typo} về tổng kết thực tiễn.")
    assert "repeated_word" in kinds(plan)


def test_roman_numerals_and_normal_text_are_not_repeated_words(plan):
    edit(
        plan,
        plan["bullet"],
        "Nghị quyết Trung ương khóa XIII, từng từng bước; năm 2026 (hoàn thành trước ngày 31/3/2026).",
    )
    assert "repeated_word" not in kinds(plan)


def test_finding_places_point_at_existing_nodes(plan):
    edit(plan, plan["bullet"], "Lặp lặp lặp  chữ")
    node_ids = {n.id for n in plans.load_document(plan["db"], plan["id"]).walk()}
    for f in plans.check(plan["db"], plan["id"]):
        if f.place.startswith("node:"):
            assert int(f.place.split(":")[1]) in node_ids


def test_cli_check_exit_codes_and_json(plan, capsys):
    path = str(plan["db"].path)
    assert cli_main(["check", "--db", path, "--plan", str(plan["id"])]) == 0
    assert "Không phát hiện" in capsys.readouterr().out
    plan["stack"].push(plan_ops.SetRecipients(plan["db"], plan["id"], ["Các chi bộ."]))
    assert cli_main(["check", "--db", path, "--plan", str(plan["id"]), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data == [
        {
            "kind": "missing_filing_line",
            "severity": "error",
            "place": "recipients",
            "message": "Nơi nhận thiếu dòng lưu (ví dụ «Lưu Văn phòng.» hoặc «Lưu VT.»).",
        }
    ]
    assert cli_main(["check", "--db", path, "--plan", "999"]) == 1
    assert "999" in capsys.readouterr().err


def test_cli_plans_list_and_new(plan, capsys, tmp_path):
    path = str(plan["db"].path)
    assert cli_main(["plans", "list", "--db", path, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["id"] == plan["id"] and rows[0]["status"] == "draft" and rows[0]["number"] == ""
    assert set(rows[0]) >= {"id", "number", "title", "status"}
    assert cli_main(["plans", "new", "--db", path, "--template", "study-topic", "--year", "2026"]) == 1
    assert "--topic" in capsys.readouterr().err
    assert (
        cli_main(
            [
                "plans",
                "new",
                "--db",
                path,
                "--template",
                "study-topic",
                "--year",
                "2026",
                "--topic",
                "Nghị quyết 57-NQ/TW",
                "--json",
            ]
        )
        == 0
    )
    made = json.loads(capsys.readouterr().out)
    assert made["title"] == "Học tập, quán triệt chuyên đề Nghị quyết 57-NQ/TW"
    assert cli_main(["plans", "show", str(made["id"]), "--db", path]) == 0
    out = capsys.readouterr().out
    assert "I. MỤC ĐÍCH, YÊU CẦU" in out and "Số      -KH/ĐU" in out


def test_a_long_task_title_is_quoted_whole_words_not_cut_mid_date(plan):
    """F7 at 1366×768 quoted «… (trước ngày 3» (the walk): the title was cut at 70 characters."""
    db = plan["db"]
    title = "Tổ chức học tập, quán triệt cho cán bộ chủ chốt, Đảng bộ (trước ngày 31/12/2025)"
    assert title[:70].endswith("(trước ngày 3")
    plan["stack"].push(
        plan_ops.SetTask(
            db, plan["bullet"], {"title": title, "deadline_kind": "date", "deadline_end": dt.date(2025, 12, 31)}
        )
    )
    found = [f for f in plans.check(db, plan["id"]) if f.kind == "deadline_before_plan"]
    assert len(found) == 1
    assert "«Tổ chức học tập, quán triệt cho cán bộ chủ chốt, Đảng bộ…»" in found[0].message, found[0].message


def test_shorten_keeps_words_and_brackets_whole():
    from kehoach_desktop.core.text import shorten

    assert shorten("Ngắn gọn", 70) == "Ngắn gọn"
    assert shorten("Rà soát hồ sơ đảng viên (trước ngày 30/6/2026)", 34) == "Rà soát hồ sơ đảng viên…"
    assert shorten("Rà soát hồ sơ đảng viên toàn Đảng bộ", 20) == "Rà soát hồ sơ đảng…"
