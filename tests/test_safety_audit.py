"""Audit trail: who (OS user) changed what and when, for documents, plans, tasks and
progress; edits folded per burst; issued plans immutable in the store itself."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from kehoach_desktop.store import audit, directives, plans
from kehoach_desktop.store.db import current_user


def _plan(db) -> int:
    return plans.create(
        db,
        {
            "title": "Kế hoạch tuyên truyền năm 2026",
            "issuer_body": "ĐẢNG ỦY XÃ",
            "issuer_code": "ĐU",
            "type_code": "KH",
        },
    )


def test_directive_changes_are_recorded_with_os_user(db):
    did = directives.add(db, {"doc_type": "Nghị quyết", "number": "57-NQ/TW", "issuer": "Bộ Chính trị"})
    directives.update(db, did, {"summary": "về khoa học, công nghệ"})
    directives.delete(db, did)
    trail = audit.history(db, "directive", did)
    assert [e.action for e in trail] == ["delete", "update", "add"]
    assert {e.user for e in trail} == {current_user()}
    assert trail[1].detail["summary"] == "về khoa học, công nghệ"
    assert "Văn bản" in trail[0].what and "xóa" in trail[0].what


def test_plan_content_tasks_and_progress_are_in_the_plan_history(db):
    from kehoach_desktop.tracking import progress
    from kehoach_desktop.tracking.periods import Period

    pid = _plan(db)
    sec = plans.insert_node(db, pid, None, None, "section", "MỤC ĐÍCH, YÊU CẦU")
    plans.set_node(db, sec, text="MỤC ĐÍCH, YÊU CẦU CHUNG")
    plans.update_header(db, pid, {"title": "Kế hoạch tuyên truyền năm 2027"})
    tid = plans.add_task(db, pid, "Tổ chức hội nghị quán triệt")
    progress.record(db, tid, Period("quarter", 2026, 1), progress.Report(result="Đã tổ chức", percent=100))
    trail = audit.history(db, "plan", pid)
    actions = [(e.entity, e.action) for e in trail]
    assert ("plan", "create") in actions
    assert ("plan", "node.add") in actions  # tree edits (store.plans records each)
    assert ("plan", "node.edit") in actions
    assert ("plan", "update") in actions  # header
    assert ("task", "create") in actions
    assert ("task", "progress") in actions
    assert trail == sorted(trail, key=lambda e: e.id, reverse=True)
    assert all(e.user == current_user() for e in trail)
    assert all(not e.what.split(": ", 1)[1].startswith(("node.", "edit")) for e in trail)  # shown in Vietnamese
    assert audit.history(db, "plan", pid, with_children=False)[0].entity == "plan"


def test_note_edit_folds_bursts_but_not_across_time_or_users(db, monkeypatch):
    pid = _plan(db)
    clock = [dt.datetime(2026, 3, 1, 9, 0, 0)]
    monkeypatch.setattr(audit, "now_iso", lambda: clock[0].isoformat(timespec="seconds"))
    monkeypatch.setattr("kehoach_desktop.store.db.now_iso", lambda: clock[0].isoformat(timespec="seconds"))

    def edit():
        with db.transaction():
            audit.note_edit(db, "plan", pid, "edit")

    edit()
    clock[0] += dt.timedelta(minutes=5)
    edit()
    rows = [e for e in audit.history(db, "plan", pid) if e.action == "edit"]
    assert len(rows) == 1 and rows[0].at == "2026-03-01T09:05:00"
    clock[0] += dt.timedelta(minutes=audit.COALESCE_SECONDS // 60 + 1)
    edit()
    assert len([e for e in audit.history(db, "plan", pid) if e.action == "edit"]) == 2
    db.user = "nguoi-khac"
    edit()
    rows = [e for e in audit.history(db, "plan", pid) if e.action == "edit"]
    assert len(rows) == 3 and rows[0].user == "nguoi-khac"


def test_audit_row_shares_the_change_transaction(db):
    with pytest.raises(RuntimeError), db.transaction():
        directives.add(db, {"doc_type": "Chỉ thị", "number": "05-CT/TW", "issuer": "Bộ Chính trị"})
        raise RuntimeError("crash before commit")
    assert db.scalar("SELECT COUNT(*) FROM directives") == 0
    assert db.scalar("SELECT COUNT(*) FROM audit_log") == 0


def test_issued_plan_is_immutable_in_the_store_and_revisions_are_kept(db):
    pid = _plan(db)
    node = plans.insert_node(db, pid, None, None, "section", "NHIỆM VỤ")
    number = plans.issue(db, pid, day=dt.date(2026, 3, 2))
    # through the store API
    with pytest.raises(plans.PlanLocked):
        plans.set_node(db, node, text="sửa lén")
    with pytest.raises(plans.PlanLocked):
        plans.update_header(db, pid, {"title": "khác"})
    # and through raw SQL, as any other tool would: the triggers refuse
    for sql in (
        "UPDATE plans SET title = 'x' WHERE id = ?",
        "DELETE FROM plans WHERE id = ?",
        "UPDATE plan_nodes SET text = 'x' WHERE plan_id = ?",
        "DELETE FROM plan_nodes WHERE plan_id = ?",
    ):
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(sql, (pid,))
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO plan_nodes(plan_id, parent_id, position, kind, text) VALUES (?, NULL, 9, 'section', 'x')",
            (pid,),
        )
    revision = plans.copy_plan(db, pid, {"title": "Kế hoạch tuyên truyền (sửa đổi)"}, revision_of=pid)
    plans.set_node(db, db.scalar("SELECT id FROM plan_nodes WHERE plan_id = ?", (revision,)), text="NHIỆM VỤ MỚI")
    original = plans.load_document(db, pid)
    assert original.number == number and original.sections[0].text == "NHIỆM VỤ"
    assert db.scalar("SELECT revision_of FROM plans WHERE id = ?", (revision,)) == pid
    assert [e.action for e in audit.history(db, "plan", pid)][:1] == ["issue"]


def test_recent_and_detail_text(db):
    did = directives.add(
        db, {"doc_type": "Nghị quyết", "number": "01-NQ/TU", "issuer": "Tỉnh ủy", "summary": "x" * 500}
    )
    directives.update(db, did, {"summary": "y" * 500})
    e = audit.recent(db, 1)[0]
    assert e.action == "update" and len(e.detail_text(100)) == 100 and e.detail_text(100).endswith("…")
    assert e.when.count("/") == 2


def test_import_and_excel_progress_are_audited(db, tmp_path):
    """The other writers (Word import, Excel progress import) leave their rows too."""
    import datetime as dt

    from kehoach_desktop.importer import parse_text
    from kehoach_desktop.importer.persist import save_as_plan

    text = (
        "ĐẢNG BỘ XÃ HÒA BÌNH\nKẾ HOẠCH\nthực hiện Nghị quyết số 57-NQ/TW\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Quán triệt Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị.\n"
    )
    pid = save_as_plan(db, parse_text(text))
    assert "import" in [e.action for e in audit.history(db, "plan", pid)]

    import openpyxl
    from tracking_data import make_plan

    from kehoach_desktop.tracking import excel_import
    from kehoach_desktop.tracking.excel_export import export_per_unit
    from kehoach_desktop.tracking.periods import Period
    from kehoach_desktop.tracking.sheet_layout import COLUMNS, RowKey

    col = {c.key: i + 1 for i, c in enumerate(COLUMNS)}
    ids = make_plan(db)
    res = export_per_unit(db, ids["plan"], Period("quarter", 2026, 2), tmp_path / "out", today=dt.date(2026, 5, 10))
    path = next(r.path for r in res if r.unit_id == ids["units"]["BXDĐ"])
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for r in range(1, ws.max_row + 1):
            if RowKey.decode(ws.cell(r, col["key"]).value):
                ws.cell(r, col["result"]).value = "Đã tổ chức"
    wb.save(path)
    excel_import.apply(db, excel_import.preview(db, [path], today=dt.date(2026, 5, 10)))
    trail = audit.history(db, "plan", ids["plan"])
    progress_rows = [e for e in trail if e.entity == "task" and e.action == "progress"]
    assert len(progress_rows) == 2 and all(e.detail["source"] for e in progress_rows)
