"""Cụ thể hóa through the store and the command line: the draft in one undo step, upstream links,
the unit mapping remembered, the pre-signing check, PDF, issuing meets hạn cụ thể hóa (issue 15)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT, sample_text
from offices import commune_office

from kehoach_desktop.core.checks import ERROR
from kehoach_desktop.core.dates import from_iso
from kehoach_desktop.core.deadlines import Deadline
from kehoach_desktop.core.derive import not_later
from kehoach_desktop.core.derive.model import summary
from kehoach_desktop.export import render_pdf
from kehoach_desktop.importer import parse_file, parse_text
from kehoach_desktop.importer.persist import save_as_directive
from kehoach_desktop.store import derive as derive_store
from kehoach_desktop.store import directives, plans, profile
from kehoach_desktop.store.commands import UndoStack
from kehoach_desktop.store.plan_json import plan_json
from kehoach_desktop.tracking import reminders

DERIVE = FIXTURES / "derive"
TODAY = dt.date(2027, 3, 15)
UNITS = [
    "Văn phòng Đảng ủy",
    "Ban Tuyên giáo Đảng ủy",
    "Ban Tổ chức Đảng ủy",
    "Các chi bộ trực thuộc",
    "Ủy ban Mặt trận Tổ quốc xã",
    "Ủy ban nhân dân xã",
    "Trung tâm Chính trị xã",
]


def _office(db):
    commune_office(db, signer="Trần Minh An", units=UNITS)


def _register(db, path, **fix) -> int:
    did = save_as_directive(db, parse_file(path))
    if fix:
        directives.update(db, did, fix)
    return did


def _counts(db):
    return [db.scalar(f"SELECT COUNT(*) FROM {t}") for t in ("plans", "plan_nodes", "tasks", "node_upstream")]


def _errors(db, plan_id):
    return [f for f in plans.check(db, plan_id) if f.severity == ERROR]


def test_derive_writes_draft_links_tasks_and_undoes_in_one_step(db, tmp_path):
    _office(db)
    did = _register(db, DERIVE / "ke-hoach-tinh-uy-45.txt", implement_due=dt.date(2027, 4, 10))
    before = _counts(db)
    stack = UndoStack(db)
    cmd = derive_store.DerivePlan(derive_store.start(db, did, today=TODAY))
    stack.push(cmd)
    pid = cmd.plan_id
    row = plans.get_row(db, pid)
    assert row["status"] == "draft" and row["issuer_body"] == "ĐẢNG ỦY XÃ HÒA BÌNH" and row["year"] == 2027
    assert row["title"].startswith("Thực hiện Kế hoạch số 45-KH/TU, ngày 10/3/2027 của Ban Thường vụ Tỉnh ủy về")
    assert [r[0] for r in db.all("SELECT directive_id FROM plan_basis WHERE plan_id = ?", (pid,))] == [did]
    links = dict(
        db.all("SELECT item_key, COUNT(*) FROM node_upstream WHERE directive_id = ? GROUP BY item_key", (did,))
    )
    assert {"II.1", "II.1#p1", "II.1#p2", "II.2#p1", "II.3#p1", "III.3"} <= set(links)
    tasks = plans.plan_tasks(db, pid)
    assert len(tasks) == 6 and all(t["lead_unit_id"] and t["deadline_kind"] for t in tasks)
    chain = derive_store.chain(db, did)
    first = next(c for c in chain if c["item_key"] == "II.1#p1")
    assert first["task_id"] and first["lead_unit"] and first["deadline"] == "trước ngày 23/6/2027"
    assert first["upstream_text"].startswith("Các đảng ủy xã, phường xây dựng kế hoạch")
    # the draft passes the pre-signing check: nothing left but what a person decides (number, date)
    assert _errors(db, pid) == []
    out = render_pdf(plans.load_document(db, pid), tmp_path / "kh.pdf")
    assert out.path.exists() and out.path.stat().st_size > 5000
    # the mapping the derivation used is remembered
    assert derive_store.aliases(db)
    # Ctrl+Z: the whole draft goes in one step; Ctrl+Y brings it back with its links
    stack.undo()
    assert _counts(db) == before
    stack.redo()
    assert db.scalar("SELECT COUNT(*) FROM node_upstream WHERE directive_id = ?", (did,)) == sum(links.values())
    assert plans.get_row(db, pid)["title"] == row["title"]


def test_a_district_plan_of_2024_derived_in_2027_reports_to_the_province_and_passes_the_check(db):
    """The district level ended on 30/6/2025: cụ thể hóa now of an older Huyện ủy plan sends the
    report to the Tỉnh ủy (the office's superior), and the draft's check finds no ended body."""
    _office(db)
    did = _register(
        db,
        DERIVE / "ke-hoach-tinh-uy-45.txt",
        number="45-KH/HU",
        issuer="Ban Thường vụ Huyện ủy Hương Khê",
        issued_on=dt.date(2024, 3, 10),
        implement_due=dt.date(2027, 4, 10),
    )
    cmd = derive_store.DerivePlan(derive_store.start(db, did, today=TODAY))
    UndoStack(db).push(cmd)
    doc = plans.load_document(db, cmd.plan_id)
    assert doc.recipients[0] == "Ban Thường vụ Tỉnh ủy (để báo cáo),"
    assert not any("Huyện ủy" in line for line in doc.recipients)
    assert not [f for f in plans.check(db, cmd.plan_id) if f.kind == "body_ended"]


def test_mapping_confirmed_once_is_used_again(db):
    _office(db)
    did = _register(db, DERIVE / "ke-hoach-tinh-uy-45.txt")
    d = derive_store.start(db, did, today=TODAY)
    chi_bo = db.scalar("SELECT id FROM units WHERE name = 'Các chi bộ trực thuộc'")
    office = db.scalar("SELECT id FROM units WHERE name = 'Văn phòng Đảng ủy'")
    d.set_mapping("Các chi bộ", office)  # the user says: the office handles what the chi bộ are asked
    UndoStack(db).push(derive_store.DerivePlan(d))
    again = derive_store.start(db, did, today=TODAY)
    assert again.find("II.1#p2").lead_unit_id == office
    assert again.matcher.suggest("Các chi bộ").confirmed
    # editable in the unit list: one undoable command per line
    stack = UndoStack(db)
    stack.push(derive_store.SetAlias(db, "Các chi bộ", chi_bo))
    assert derive_store.aliases(db)["cac chi bo"] == chi_bo
    stack.undo()
    assert derive_store.aliases(db)["cac chi bo"] == office
    assert any(r["alias"] == "Các chi bộ" for r in derive_store.alias_rows(db, office))


def test_issuing_meets_the_implementation_deadline(db):
    _office(db)
    did = _register(db, DERIVE / "chi-thi-tinh-uy-12.txt", implement_due=dt.date(2027, 4, 20))
    assert [r.directive_id for r in reminders.directives_awaiting_plan(db, 60, TODAY)] == [did]
    cmd = derive_store.DerivePlan(derive_store.start(db, did, today=TODAY))
    UndoStack(db).push(cmd)
    assert [r.directive_id for r in reminders.directives_awaiting_plan(db, 60, TODAY)] == [did]  # a draft only
    assert not derive_store.implementation_met(db, did)
    plans.issue(db, cmd.plan_id, "07-KH/ĐU", TODAY)
    assert reminders.directives_awaiting_plan(db, 60, TODAY) == []
    assert derive_store.implementation_met(db, did)
    assert [p["number"] for p in derive_store.implementing_plans(db, did)] == ["07-KH/ĐU"]


@pytest.mark.parametrize(
    "fixture, tasks, ticked",
    [("chi-thi-tinh-uy-12.txt", 5, 3), ("nghi-quyet-tinh-uy-08.txt", 5, 4), ("ke-hoach-tinh-uy-45.txt", 8, 5)],
)
def test_fixture_shapes_pass_the_check(db, tmp_path, fixture, tasks, ticked):
    _office(db)
    did = _register(db, DERIVE / fixture)
    d = derive_store.start(db, did, today=TODAY)
    s = summary(d)
    assert (s.upstream_tasks, s.chosen) == (tasks, ticked)
    cmd = derive_store.DerivePlan(d)
    UndoStack(db).push(cmd)
    assert _errors(db, cmd.plan_id) == []
    assert render_pdf(plans.load_document(db, cmd.plan_id), tmp_path / "kh.pdf").path.exists()


# -- the three real samples as the upstream of a commune plan ----------------------------------------------
SAMPLES = {
    "llct_2024": ("53-KH/HU", "2024-01-10", "Ban Thường vụ Huyện ủy"),
    "llct_2022": ("61-KH/QU", "2022-01-20", "Ban Thường vụ Quận ủy"),
    "khoa_giao_2024": ("31-KH/BTGDUK", "2024-01-15", "Ban Tuyên giáo Đảng ủy Khối"),
}


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_real_sample_as_upstream(db, tmp_path, key):
    text = sample_text(key)
    _office(db)
    number, issued, issuer = SAMPLES[key]
    doc = parse_text(text)
    doc.source_name = key
    did = save_as_directive(db, doc)
    directives.update(db, did, {"number": number, "issued_on": dt.date.fromisoformat(issued), "issuer": issuer})
    today = dt.date.fromisoformat(issued) + dt.timedelta(days=7)
    d = derive_store.start(db, did, today=today)
    s = summary(d)
    assert s.chosen >= 5 and s.upstream_tasks >= s.chosen
    for item in d.task_items():
        assert item.deadline is not None and item.lead_unit_id is not None
        assert not_later(item.deadline, item.upstream_deadline), (item.up.key, item.deadline, item.upstream_deadline)
    cmd = derive_store.DerivePlan(d)
    UndoStack(db).push(cmd)
    assert _errors(db, cmd.plan_id) == []
    data = plan_json(db, cmd.plan_id)
    assert data["basis"]["links"][0]["number"] == number
    assert data["recipients"][0] == f"{issuer} (để báo cáo),"
    assert render_pdf(plans.load_document(db, cmd.plan_id), tmp_path / "kh.pdf").path.exists()
    print(f"\n{key}: {json.dumps(s.to_json(), ensure_ascii=False)}")


def test_sample_deadline_shapes_ours_before_upstreams(db):
    """The shapes the samples use: a quarter, a month range, 'hằng tháng', 'hằng năm', 'định kỳ', a year."""
    sample_text("llct_2024")
    from kehoach_desktop.core.deadlines import find_deadline
    from kehoach_desktop.core.derive import derive_deadline

    shapes = [
        "(Quý 1/2024)",
        "(Thời gian tổ chức từ tháng 02 đến tháng 4/2024)",
        "hội nghị Báo cáo viên hằng tháng",
        "hằng năm",
        "định kỳ 6 tháng, năm",
        "dự kiến vào đầu năm 2023",
        "trước ngày 30/6",
        "quý III/2024",
    ]
    for text in shapes:
        up = find_deadline(text, 2024)
        assert up is not None, text
        ours = derive_deadline(up, 5, dt.date(2024, 1, 15))
        assert not_later(ours, up), text
        if up.due and up.due > dt.date(2024, 2, 1):
            assert ours.due < up.due, text


# -- command line ---------------------------------------------------------------------------------------------
def _cli(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "kehoach_desktop", *args],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_cli_derive_and_show_json(db, tmp_path):
    _office(db)
    did = _register(db, DERIVE / "ke-hoach-tinh-uy-45.txt")
    path = db.path
    db.close()
    out = _cli("--db", str(path), "plans", "derive", "--from", "45-KH/TU", "--lead-days", "3")
    assert out.returncode == 0, out.stderr
    pid = int(out.stdout.strip())
    shown = _cli("--db", str(path), "plans", "show", str(pid), "--json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["format"] == "kehoach.plan/1" and data["status"] == "draft"
    assert data["basis"]["links"][0]["directive_id"] == did
    assert [s["label"] for s in data["sections"]] == ["I.", "II.", "III."]
    linked = [n for s in data["sections"] for n in _walk(s) if n["upstream"]]
    assert any(n["upstream"] == {"directive_id": did, "item_key": "II.1#p1"} for n in linked)
    task = next(t for t in data["tasks"] if "30/6" in t["title"] or "kế hoạch thực hiện chuyển đổi số" in t["title"])
    assert task["lead_unit"]["name"] and task["deadline"]["end"] <= "2027-06-30"
    assert data["signature"]["name"] == "Trần Minh An"
    assert data["recipients"][-1] == "Lưu Văn phòng Đảng ủy."
    every = _cli("--db", str(path), "plans", "derive", "--from", str(did), "--all-items", "--json")
    assert every.returncode == 0, every.stderr
    stats = json.loads(every.stdout)
    assert stats["chosen"] == stats["upstream_tasks"] == 8
    missing = _cli("--db", str(path), "plans", "derive", "--from", "99-KH/TU")
    assert missing.returncode == 1 and "Không tìm thấy văn bản" in missing.stderr


def _walk(node):
    yield node
    for c in node["children"]:
        yield from _walk(c)


def test_structure_missing_is_a_clear_message(db):
    _office(db)
    did = directives.add(db, {"doc_type": "Kế hoạch", "number": "50-KH/TU"})
    with pytest.raises(ValueError, match="chưa có cấu trúc"):
        derive_store.start(db, did)


def test_deadline_text_of_tasks_matches_fields(db):
    _office(db)
    did = _register(db, DERIVE / "nghi-quyet-tinh-uy-08.txt")
    cmd = derive_store.DerivePlan(derive_store.start(db, did, today=TODAY))
    UndoStack(db).push(cmd)
    for t in plans.plan_tasks(db, cmd.plan_id):
        if t["deadline_kind"] == "date":
            end = from_iso(t["deadline_end"])
            assert t["deadline_text"] == Deadline("date", None, end, t["deadline_text"]).text
            assert end <= dt.date(2027, 12, 31)


def test_only_what_a_person_decides_is_left(db):
    """Without a signer in the office profile, the check names only that (number and date come at issue)."""
    _office(db)
    prof = profile.load(db)
    prof.signer_name = ""
    profile.save(db, prof)
    did = _register(db, DERIVE / "ke-hoach-tinh-uy-45.txt")
    cmd = derive_store.DerivePlan(derive_store.start(db, did, today=TODAY))
    UndoStack(db).push(cmd)
    assert {f.kind for f in _errors(db, cmd.plan_id)} == {"missing_signer"}
    assert plans.get_row(db, cmd.plan_id)["number"] is None


def test_lead_time_is_the_offices_remembered_choice(db):
    _office(db)
    did = _register(db, DERIVE / "ke-hoach-tinh-uy-45.txt")
    assert derive_store.start(db, did, today=TODAY).lead_days == 5
    derive_store.set_office_lead_days(db, 10)
    d = derive_store.start(db, did, today=TODAY)
    assert d.lead_days == 10 and d.find("II.1#p1").deadline.end == dt.date(2027, 6, 16)
    assert derive_store.start(db, did, today=TODAY, lead_days=0).find("II.1#p1").deadline.end == dt.date(2027, 6, 30)
    with pytest.raises(ValueError):
        derive_store.set_office_lead_days(db, -1)
