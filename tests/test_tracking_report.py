"""The draft progress report and the reminders."""

from __future__ import annotations

import datetime as dt
import json

from tracking_data import make_plan

from kehoach_desktop.store import directives, plans
from kehoach_desktop.tracking import progress as progress_store
from kehoach_desktop.tracking import reminders, report
from kehoach_desktop.tracking.periods import Period
from kehoach_desktop.tracking.progress import Report

H1 = Period("half", 2026, 1)


def test_report_document_has_figures_and_units(db):
    ids = make_plan(db)
    t = ids["tasks"]
    progress_store.record(
        db,
        t["hoi_nghi"],
        Period("quarter", 2026, 1),
        Report(result="Tổ chức 2 hội nghị, 120 đồng chí dự", completed_on=dt.date(2026, 3, 25), evidence="15-KH/ĐU"),
    )
    progress_store.record(db, t["thanh_nien"], Period("quarter", 2026, 2), Report(result="Đã tuyên truyền", percent=60))
    doc = report.build_report(db, ids["plan"], H1, today=dt.date(2026, 6, 20))
    assert doc.doc_type == "Báo cáo" and doc.type_code == "BC" and doc.draft
    assert "12-KH/ĐU" in doc.title and "6 tháng đầu năm 2026" in doc.title
    text = doc.all_text()
    assert "Kế hoạch có 6 nhiệm vụ" in text
    assert "hoàn thành 1 nhiệm vụ (16,7%)" in text
    assert "1 nhiệm vụ quá hạn chưa hoàn thành" in text  # phụ nữ (range ended 30/4)
    assert "1 nhiệm vụ quá hạn từ 31 đến 90 ngày" in text
    assert "Tổ chức 2 hội nghị, 120 đồng chí dự" in text and "15-KH/ĐU" in text
    assert "Đang thực hiện: Tuyên truyền trong đoàn viên thanh niên về chủ đề năm (đạt 60%)" in text
    titles = [n.text for n in doc.sections]
    assert titles[0] == "KẾT QUẢ THỰC HIỆN" and "ĐÁNH GIÁ CHUNG" in titles
    assert "[Văn phòng bổ sung" in text  # left for the secretary


def test_report_renders_pdf_and_docx_and_saves_as_draft(db, tmp_path):
    ids = make_plan(db)
    doc = report.build_report(db, ids["plan"], H1, today=dt.date(2026, 7, 5))
    pdf = report.render(doc, tmp_path / "bc.pdf")
    assert pdf.path.exists() and pdf.pages >= 1
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(str(pdf.path)).pages)
    assert "BÁO CÁO" in text and "KẾT QUẢ THỰC HIỆN" in text
    assert report.render(doc, tmp_path / "bc.docx").path.exists()
    draft = report.save_as_draft(db, doc)
    loaded = plans.load_document(db, draft)
    assert loaded.doc_type == "Báo cáo" and loaded.status == "draft"
    assert [n.text for n in loaded.sections] == [n.text for n in doc.sections]


def test_secret_report_needs_confirmation(db, tmp_path):
    import pytest

    from kehoach_desktop.export import SecretExportError

    ids = make_plan(db, security="mật")
    doc = report.build_report(db, ids["plan"], H1, today=dt.date(2026, 7, 5))
    with pytest.raises(SecretExportError):
        report.render(doc, tmp_path / "bc.pdf")
    assert report.render(doc, tmp_path / "bc.pdf", secret_confirmed=True).path.exists()


def test_reminders_tasks_and_directives(db):
    ids = make_plan(db, issued=False)
    t = ids["tasks"]
    today = dt.date(2026, 3, 27)
    near = directives.add(db, {"doc_type": "Kết luận", "number": "21-KL/TW", "implement_due": dt.date(2026, 4, 1)})
    late = directives.add(db, {"doc_type": "Chỉ thị", "number": "05-CT/TU", "implement_due": dt.date(2026, 3, 1)})
    far = directives.add(db, {"doc_type": "Nghị quyết", "number": "57-NQ/TW", "implement_due": dt.date(2026, 9, 1)})
    done = directives.add(db, {"doc_type": "Hướng dẫn", "number": "73-HD/BTGTU", "implement_due": dt.date(2026, 3, 30)})
    plans.set_basis(db, ids["plan"], [done])  # a draft implementing it does not meet the deadline yet
    assert [d.directive_id for d in reminders.collect(db, 7, today).directives] == [late, done, near]
    issued = plans.create(db, {"title": "Thực hiện Hướng dẫn số 73-HD/BTGTU", "issuer_code": "ĐU"})
    plans.set_basis(db, issued, [done])
    plans.issue(db, issued, "90-KH/ĐU", today)  # issuing our plan meets it (issue 15)
    db.execute("UPDATE plans SET status = 'issued' WHERE id = ?", (ids["plan"],))  # only issued plans fall overdue
    rem = reminders.collect(db, 7, today)
    assert [d.directive_id for d in rem.directives] == [late, near]
    assert rem.directives[0].days_left == -26 and "quá hạn cụ thể hóa 26 ngày" in rem.directives[0].text
    assert far not in [d.directive_id for d in rem.directives]
    # hội nghị due 31/3 (4 days), sinh hoạt due at the quarter's end 31/3.
    assert {r.task_id for r in rem.due_soon} == {t["hoi_nghi"], t["sinh_hoat"]}
    assert rem.overdue == []
    later = reminders.collect(db, 7, dt.date(2026, 5, 5))
    assert [r.task_id for r in later.overdue] == [t["hoi_nghi"], t["phu_nu"]]
    assert any("Quá hạn 35 ngày" in line for line in later.lines())
    progress_store.record(db, t["hoi_nghi"], Period("quarter", 2026, 1), Report(completed_on=dt.date(2026, 4, 2)))
    assert [r.task_id for r in reminders.collect(db, 7, dt.date(2026, 5, 5)).overdue] == [t["phu_nu"]]


def test_draft_and_imported_plans_are_never_overdue_but_counted_in_groups(db):
    """Issue 19/20: tasks of a draft plan or of an imported one never fall overdue — in the
    grouped counts, the rows of a group, the full list and the tracking rows alike."""
    import json

    from kehoach_desktop.tracking.periods import containing
    from kehoach_desktop.tracking.queries import load_rows

    ids = make_plan(db, issued=False)
    t = ids["tasks"]
    day = dt.date(2026, 5, 5)
    assert reminders.counts(db, 7, day).overdue == 0 and reminders.collect(db, 7, day).overdue == []
    rows = load_rows(db, containing(day, "quarter"), today=day)
    assert all(r.status != "overdue" and r.overdue_days == 0 for r in rows)
    db.execute("UPDATE plans SET status = 'issued' WHERE id = ?", (ids["plan"],))
    counted = reminders.counts(db, 7, day)
    assert counted.overdue == 2 and counted.groups["le90"] == 1 and counted.groups["le30"] == 1
    assert counted.lines()[:2] == ["1 nhiệm vụ quá hạn 31–90 ngày", "1 nhiệm vụ quá hạn đến 30 ngày"]
    assert [r.task_id for r in reminders.rows(db, "le90", 7, day)] == [t["hoi_nghi"]]
    assert [r.task_id for r in reminders.rows(db, "le30", 7, day)] == [t["phu_nu"]]
    # An issued plan imported from a file (someone else's, or last year's): never overdue.
    from kehoach_desktop.store.plans import add_task

    other = plans.create(db, {"title": "Kế hoạch của Huyện ủy", "year": 2026})
    add_task(db, other, "Việc của kế hoạch nhập vào", None, deadline_kind="date", end=dt.date(2026, 1, 31))
    db.execute(
        "UPDATE plans SET extra_json = ?, status = 'issued' WHERE id = ?",
        (json.dumps({"imported_from": "KH-53-HU.docx"}), other),
    )
    assert reminders.counts(db, 7, day).overdue == 2


def test_the_report_cites_the_plan_with_its_issuer(db):
    """«Thực hiện Kế hoạch số 12-KH/ĐU, ngày … về …» named no issuer (the walk): a căn cứ cites a
    document whole, «của Ban Thường vụ Đảng ủy …» included, as the plan's own căn cứ do."""
    ids = make_plan(db)
    plan = db.one("SELECT issuer_body, signature_json FROM plans WHERE id = ?", (ids["plan"],))
    doc = report.build_report(db, ids["plan"], H1, today=dt.date(2026, 6, 20))
    assert plan["issuer_body"].strip()
    from kehoach_desktop.core.basis import collective

    who = collective(plan["issuer_body"], json.loads(plan["signature_json"] or "{}").get("authority", ""))
    assert doc.basis.startswith("Thực hiện Kế hoạch số 12-KH/ĐU, ngày ")
    assert f" của {who} về " in doc.basis, doc.basis
    assert who == "Ban Thường vụ Đảng ủy xã Hòa Bình", who
