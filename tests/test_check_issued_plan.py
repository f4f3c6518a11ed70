"""The pre-signing check on an issued plan (issue 18): an imported Kế hoạch that was issued long
ago had an ERROR «chưa có thời hạn» for a bullet without a deadline, and `kehoach check` exited 1
— but an issued plan is not being signed: what the check finds there is information only, the
same in the CLI and the «Kiểm tra» tab; a draft still gets its errors."""

from __future__ import annotations

from kehoach_desktop.cli import main
from kehoach_desktop.core.findings import ERROR, INFO
from kehoach_desktop.importer import parse_text
from kehoach_desktop.importer.persist import SaveOptions, save_as_plan
from kehoach_desktop.store import plans

TEXT = (
    "ĐẢNG BỘ TỈNH HÀ TĨNH\nĐẢNG ỦY XÃ THẠCH SƠN\nSố 21-KH/ĐU\nThạch Sơn, ngày 05 tháng 01 năm 2026\n"
    "KẾ HOẠCH\nThực hiện công tác tuyên truyền năm 2026\n"
    "I. NỘI DUNG\n1. Tổ chức hội nghị quán triệt, hoàn thành trước ngày 31/3/2026.\n"
    "- Biên soạn tài liệu tuyên truyền cho các chi bộ.\n"
    "II. TỔ CHỨC THỰC HIỆN\n1. Văn phòng Đảng ủy tham mưu, theo dõi, báo cáo.\n"
    "Nơi nhận:\n- Ban Thường vụ Tỉnh ủy,\n- Lưu VP.\nT/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\nNguyễn Văn An\n"
)


def _no_deadline(findings):
    return [f for f in findings if f.kind == "task_no_deadline"]


def test_an_issued_plans_findings_are_information_not_errors(db):
    issued = save_as_plan(db, parse_text(TEXT), SaveOptions(status="issued"))
    findings = plans.check(db, issued)
    assert _no_deadline(findings), "the bullet without a deadline is still named"
    assert {f.severity for f in findings} == {INFO}
    draft = save_as_plan(db, parse_text(TEXT), SaveOptions(status="draft"))
    assert {f.severity for f in _no_deadline(plans.check(db, draft))} == {ERROR}


def test_cli_check_of_an_issued_plan_exits_0_and_says_it_is_information(db, capsys):
    issued = save_as_plan(db, parse_text(TEXT), SaveOptions(status="issued"))
    path = str(db.path)
    db.close()
    assert main(["check", "--plan", str(issued), "--db", path]) == 0
    out = capsys.readouterr().out
    assert "LỖI" not in out and "THÔNG TIN" in out and "chưa có thời hạn" in out
    assert "Kế hoạch đã ban hành, không trình ký nữa" in out


def test_the_checks_tab_says_what_the_cli_says(open_window, db):
    from kehoach_desktop.core.checks import summary

    issued = save_as_plan(db, parse_text(TEXT), SaveOptions(status="issued"))
    window = open_window(db, tab="plans")
    editor = window.plans_panel.editor
    window.plans_panel.open_plan(issued)
    findings = editor.run_check()
    assert findings and all(f.severity == INFO for f in findings)
    tab = editor.checks_tab
    assert tab.summary.text() == summary(findings)
    assert all(tab.list.item(i).text().startswith("[Thông tin]") for i in range(tab.list.count()))


def test_cli_check_all_counts_an_issued_plans_findings_as_information(db, capsys):
    save_as_plan(db, parse_text(TEXT), SaveOptions(status="issued"))
    path = str(db.path)
    db.close()
    assert main(["check", "--all", "--db", path]) == 0
    out = capsys.readouterr().out
    assert "LỖI" not in out and "thông tin (kế hoạch đã ban hành)" in out
