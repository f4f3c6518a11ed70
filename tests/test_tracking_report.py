"""The draft progress report and the reminders."""

from __future__ import annotations

import datetime as dt

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
