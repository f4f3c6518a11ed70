"""Issuing checks the plan with the date it is issued on.

Found by the outside walk: a draft has no date, so the check before «Ban hành» could not see
the errors that depend on it; the issue dialog proposed today's date, said nothing, and the
check run right after issuing found 3 errors (task deadlines of 31/12/2022 and 31/3/2023
"trước ngày kế hoạch", a district body ended on 01/7/2025) in a plan that could no longer be
changed. Now errors that appear with the chosen date are named and must be confirmed.
"""

from __future__ import annotations

import datetime as dt

from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.store import plan_ops, plans, profile
from kehoach_desktop.ui import messages
from kehoach_desktop.ui.plans import dialogs


def _plan_with_an_old_deadline(window, db) -> int:
    profile.save(
        db,
        OfficeProfile(
            superior_body="ĐẢNG BỘ TỈNH HÀ TĨNH",
            issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH",
            issuer_code="ĐU",
            place="Hòa Bình",
            signer_authority="T/M BAN THƯỜNG VỤ",
            signer_title="BÍ THƯ",
            signer_name="Trần Minh An",
        ),
    )
    office = profile.add_unit(db, "Văn phòng Đảng ủy")
    panel = window.plans_panel
    plan_id = panel.new_plan("blank", 2026)
    node = plans.children_rows(db, plan_id, None)[1]["id"]
    window.ctx.push(
        plan_ops.SetTask(
            db, node, {"lead_unit_id": office, "deadline_kind": "date", "deadline_end": dt.date(2026, 1, 31)}
        )
    )
    assert plans.get_row(db, plan_id)["plan_date"] is None
    return plan_id


def test_errors_that_come_with_the_issue_date_are_named_before_issuing(open_window, db, monkeypatch):
    window = open_window(db, tab="plans")
    plan_id = _plan_with_an_old_deadline(window, db)
    editor = window.plans_panel.editor
    before = [f.kind for f in plans.check(db, plan_id) if f.severity == "error"]
    assert "deadline_before_plan" not in before  # no date yet: the check cannot see it

    def issue_on(self) -> int:
        self.date.setText("01/03/2026")
        self.accept()
        return 1

    monkeypatch.setattr(dialogs.IssueDialog, "exec", issue_on)
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda parent, text, **k: asked.append(text) or False)
    assert not editor.issue()
    assert asked and "01/03/2026" in asked[0] and "31/01/2026" in asked[0]
    assert "thêm" not in asked[0]  # every error with that date, not «thấy thêm N lỗi» (the second walk)
    assert plans.get_row(db, plan_id)["status"] == "draft"  # «Hủy để sửa»: nothing issued

    asked.clear()
    monkeypatch.setattr(messages, "confirm", lambda parent, text, **k: asked.append(text) or True)
    assert editor.issue()
    assert asked
    row = plans.get_row(db, plan_id)
    assert row["status"] == "issued" and row["plan_date"] == "2026-03-01"


def test_a_clean_plan_is_issued_without_a_further_question(open_window, db, monkeypatch):
    window = open_window(db, tab="plans")
    plan_id = _plan_with_an_old_deadline(window, db)
    editor = window.plans_panel.editor

    def issue_on(self) -> int:
        self.date.setText("15/01/2026")  # before the deadline: nothing new with this date
        self.accept()
        return 1

    monkeypatch.setattr(dialogs.IssueDialog, "exec", issue_on)
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda parent, text, **k: asked.append(text) or False)
    assert editor.issue()
    assert asked == []
    assert plans.get_row(db, plan_id)["status"] == "issued"
