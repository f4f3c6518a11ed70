"""Saving imported documents: plans with their tree, references, tasks and units; registry
entries with their structure; one transaction per document; folder import."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from kehoach_desktop.core.citations import parse_citation
from kehoach_desktop.importer import ImportFailure, parse_file
from kehoach_desktop.importer.folder import import_paths
from kehoach_desktop.importer.persist import (
    CONFLICT,
    NEW,
    REGISTERED,
    SaveOptions,
    reference_states,
    save_as_directive,
    save_as_plan,
)
from kehoach_desktop.store import directives, plans

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
DASH = FIXTURES / "ke-hoach-xa-dash-2025.txt"


def counts(db):
    return {
        t: db.scalar(f"SELECT COUNT(*) FROM {t}")
        for t in ("plans", "plan_nodes", "tasks", "task_units", "units", "directives", "plan_basis")
    }


def test_numbered_dated_plan_is_stored_as_issued(db):
    doc = parse_file(DASH)
    plan_id = save_as_plan(db, doc)
    row = db.one("SELECT * FROM plans WHERE id = ?", (plan_id,))
    assert (row["status"], row["number"], row["plan_date"], row["issuer_code"]) == (
        "issued",
        "12-KH/ĐU",
        "2025-03-05",
        "ĐU",
    )
    assert row["issuer_body"] == "ĐẢNG ỦY XÃ THẠCH SƠN" and row["superior_body"] == "ĐẢNG BỘ TỈNH HÀ TĨNH"
    assert json.loads(row["recipients_json"])[0] == "Ban Tuyên giáo Huyện ủy (để báo cáo)"
    assert json.loads(row["signature_json"]) == {"authority": "T/M ĐẢNG ỦY", "title": "BÍ THƯ", "name": "Trần Văn Bình"}
    assert row["closing_text"].startswith("Trên đây")
    # The tree reads back as the plan editor sees it.
    loaded = plans.load_document(db, plan_id)
    assert [n.text for n in loaded.sections] == ["MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG, NHIỆM VỤ", "TỔ CHỨC THỰC HIỆN"]
    assert [n.role for n in loaded.sections] == ["purpose", "content", "organisation"]
    one_one = loaded.sections[1].children[0].children[0]
    assert one_one.text == "Tổ chức hội nghị học tập"
    assert [n.kind for n in one_one.children] == ["bullet", "bullet"]
    assert [c.text for c in one_one.children[1].children] == [  # "+" under the "-" before it
        "Chi bộ thôn tổ chức vào ngày sinh hoạt định kỳ.",
        "Chi bộ nhà trường tổ chức riêng cho giáo viên.",
    ]
    assert [n.text for n in loaded.appendices] == ["PHỤ LỤC — DANH MỤC TÀI LIỆU HỌC TẬP"]


def test_references_are_registered_and_basis_linked(db):
    doc = parse_file(DASH)
    plan_id = save_as_plan(db, doc)
    numbers = {r["number"]: r for r in db.all("SELECT * FROM directives")}
    assert set(numbers) == {c.number for c in doc.references}
    assert numbers["116/2018/NQ-HĐND"]["issued_on"] == "2018-12-07"
    assert numbers["116/2018/NQ-HĐND"]["issuer"] == "Hội đồng nhân dân tỉnh"
    basis = [
        r["number"]
        for r in db.all(
            "SELECT d.number FROM plan_basis b JOIN directives d ON d.id = b.directive_id WHERE b.plan_id = ? "
            "ORDER BY b.position",
            (plan_id,),
        )
    ]
    assert basis == ["116/2018/NQ-HĐND", "155/KH-UBND", "798-KL/TU"]


def test_tasks_units_and_deadlines_are_created(db):
    doc = parse_file(DASH)
    plan_id = save_as_plan(db, doc)
    tasks = db.all(
        "SELECT t.*, u.name AS unit FROM tasks t LEFT JOIN units u ON u.id = t.lead_unit_id "
        "WHERE plan_id = ? ORDER BY position",
        (plan_id,),
    )
    assert len(tasks) == len(doc.tasks) + len(doc.assignments)
    first = tasks[0]
    assert (first["deadline_kind"], first["deadline_end"]) == ("date", "2025-05-31")
    assert first["title"].startswith("Tổ chức hội nghị cán bộ chủ chốt")
    by_unit = {t["unit"]: t for t in tasks if t["unit"]}
    assert by_unit["Văn phòng Đảng ủy"]["deadline_kind"] == "periodic"
    assert by_unit["Các chi bộ trực thuộc"]["deadline_end"] == "2025-12-15"
    assert {r["name"] for r in db.all("SELECT name FROM units")} >= {
        "Văn phòng Đảng ủy",
        "Ủy ban nhân dân xã",
        "Các chi bộ trực thuộc",
        "Đài truyền thanh xã",
    }
    # Every task sits on a node of the plan.
    assert db.scalar("SELECT COUNT(*) FROM tasks WHERE plan_id = ? AND node_id IS NULL", (plan_id,)) == 0


def test_unnumbered_plan_is_a_draft_and_status_can_be_chosen(db):
    doc = parse_file(FIXTURES / "ke-hoach-xa-dash-2025.txt")
    doc.number = None
    draft = save_as_plan(db, doc)
    assert db.scalar("SELECT status FROM plans WHERE id = ?", (draft,)) == "draft"
    again = parse_file(DASH)
    chosen = save_as_plan(db, again, SaveOptions(status="draft"))
    assert db.scalar("SELECT status FROM plans WHERE id = ?", (chosen,)) == "draft"
    with pytest.raises(ImportFailure):
        save_as_plan(db, doc, SaveOptions(status="issued"))  # no number: cannot be issued


def test_nothing_half_imported_is_saved(db, monkeypatch):
    doc = parse_file(DASH)
    before = counts(db)
    calls = {"n": 0}
    from kehoach_desktop.store import plans

    real = plans.tasks.insert_task  # the plan writer's task rows: fail on the third

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(plans.tasks, "insert_task", failing)
    with pytest.raises(RuntimeError):
        save_as_plan(db, doc)
    assert counts(db) == before


def test_same_issued_number_twice_is_refused_and_rolled_back(db):
    save_as_plan(db, parse_file(DASH))
    before = counts(db)
    with pytest.raises(ImportFailure) as err:
        save_as_plan(db, parse_file(DASH))
    assert "12-KH/ĐU" in str(err.value)
    assert counts(db) == before


def test_reference_states(db):
    directives.ensure_levels(db)
    directives.add(
        db,
        directives.from_citation(
            parse_citation(
                "Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị 05-CT/TW"
            )
        ),
    )
    directives.add(
        db,
        {
            "doc_type": "Nghị quyết",
            "number": "116/2018/NQ-HĐND",
            "issued_on": dt.date(2019, 1, 1),
            "issuer": "Hội đồng nhân dân tỉnh",
        },
    )
    doc = parse_file(DASH)
    states = {s.citation.number: s for s in reference_states(db, doc.references)}
    assert states["01-KL/TW"].state == REGISTERED
    assert states["116/2018/NQ-HĐND"].state == CONFLICT
    assert "01/01/2019" in states["116/2018/NQ-HĐND"].messages[0]
    assert states["155/KH-UBND"].state == NEW
    # Importing keeps the registry's version of a disagreeing entry (the user decides).
    save_as_plan(db, doc)
    assert db.scalar("SELECT issued_on FROM directives WHERE number = '116/2018/NQ-HĐND'") == "2019-01-01"
    assert db.scalar("SELECT COUNT(*) FROM directives WHERE number = '116/2018/NQ-HĐND'") == 1


def test_as_directive_keeps_structure_and_links(db):
    doc = parse_file(FIXTURES / "ke-hoach-ubnd-state-2025.txt")
    did = save_as_directive(db, doc)
    row = directives.get_row(db, did)
    assert (row["doc_type"], row["number"], row["issued_on"]) == ("Kế hoạch", "155/KH-UBND", "2025-01-16")
    assert (
        row["issuer"] == "Ủy ban nhân dân huyện Can Lộc"
    )  # normal case; the header form stays in the structure (issue 17)
    assert row["summary"] == "Triển khai công tác chuyển đổi số năm 2025"
    structure = json.loads(row["structure_json"])
    assert [s["heading"] for s in structure["sections"]] == ["MỤC TIÊU", "NHIỆM VỤ, GIẢI PHÁP", "TỔ CHỨC THỰC HIỆN"]
    assert structure["signature"]["name"] == "Nguyễn Văn An"
    parents = {directives.get_row(db, p)["number"] for p in directives.get(db, did).parent_ids}
    assert parents == {"749/QĐ-TTg", "116/2018/NQ-HĐND"}
    assert db.scalar("SELECT COUNT(*) FROM plans") == 0
    # Importing the same document again fills the existing entry instead of duplicating it.
    again = save_as_directive(db, parse_file(FIXTURES / "ke-hoach-ubnd-state-2025.txt"))
    assert again == did
    assert db.scalar("SELECT COUNT(*) FROM directives WHERE number = '155/KH-UBND'") == 1


def test_folder_import_with_progress_and_summary(db, tmp_path):
    folder = tmp_path / "van-ban"
    folder.mkdir()
    for name in ("ke-hoach-xa-dash-2025.txt", "ke-hoach-ubnd-state-2025.txt", "vni-ke-hoach.txt"):
        shutil.copy(FIXTURES / name, folder / name)
    (folder / "cu.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    (folder / "anh.gif").write_bytes(b"GIF89a....")  # not a document (PNG/JPG scans are, since issue 16)
    (folder / "~$khoa.docx").write_bytes(b"lock")
    seen: list[tuple[float, str]] = []
    summary = import_paths(db, [folder], progress=lambda f, m: seen.append((f, m)))
    assert len(summary.imported) == 3
    assert [name for name, _ in summary.failed] == ["cu.doc"]
    assert summary.skipped == ["anh.gif"]
    assert seen[0][0] == 0.0 and seen[-1] == (1.0, "Xong")
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)
    assert db.scalar("SELECT COUNT(*) FROM plans") == 3
    assert "Đã nhập 3 kế hoạch" in summary.text() and "cu.doc" in summary.text()


def test_folder_import_can_be_cancelled(db, tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    for i in range(3):
        shutil.copy(FIXTURES / "vni-ke-hoach.txt", folder / f"{i}.txt")
    state = {"n": 0}

    def progress(fraction, message):
        state["n"] += 1

    summary = import_paths(db, [folder], progress=progress, cancelled=lambda: state["n"] >= 2)
    assert summary.cancelled
    assert len(summary.imported) == 1  # the first file was saved before the cancel
    assert db.scalar("SELECT COUNT(*) FROM plans") == 1


def test_numbering_style_follows_the_document(db, sample):
    dash = save_as_plan(db, parse_file(DASH), SaveOptions(status="draft"))
    state = save_as_plan(db, parse_file(FIXTURES / "ke-hoach-ubnd-state-2025.txt"), SaveOptions(status="draft"))
    style = {pid: db.scalar("SELECT numbering_style FROM plans WHERE id = ?", (pid,)) for pid in (dash, state)}
    assert style == {dash: "party-dash", state: "party-dot"}


def test_numbering_style_of_khoa_giao_sample(db, sample, tmp_path):
    path = tmp_path / "kg.txt"
    path.write_text(sample("khoa_giao_2024"), encoding="utf-8")
    plan_id = save_as_plan(db, parse_file(path))
    # "I - MỤC ĐÍCH" with "1. Giúp …": dash after the Roman numeral only.
    assert db.scalar("SELECT numbering_style FROM plans WHERE id = ?", (plan_id,)) == "party-dash-roman"
    assert db.scalar("SELECT status FROM plans WHERE id = ?", (plan_id,)) == "draft"  # number but no date


def test_units_are_matched_whatever_the_case(db, sample, tmp_path):
    from kehoach_desktop.store.profile import add_unit

    add_unit(db, "Trung tâm Chính trị quận")
    path = tmp_path / "llct.txt"
    path.write_text(sample("llct_2022"), encoding="utf-8")
    save_as_plan(db, parse_file(path))
    names = [r[0] for r in db.all("SELECT name FROM units")]
    assert [n for n in names if n.lower() == "trung tâm chính trị quận"] == ["Trung tâm Chính trị quận"]
    lead = db.scalar(
        "SELECT COUNT(*) FROM tasks t JOIN units u ON u.id = t.lead_unit_id WHERE u.name = 'Trung tâm Chính trị quận'"
    )
    assert lead >= 3  # the III item and the content tasks that start with the centre's name
