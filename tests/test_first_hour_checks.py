"""Issue 20: the «Kiểm tra» tab shows the result for the plan on screen, never the previous plan's."""

from __future__ import annotations

from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.store import profile


def _window(open_window, db):
    profile.save(db, OfficeProfile(issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH", issuer_code="ĐU", place="Hòa Bình"))
    return open_window(db, tab="plans")


def test_opening_another_plan_never_shows_the_previous_plans_findings(open_window, db):
    window = _window(open_window, db)
    panel = window.plans_panel
    editor = panel.editor
    first = panel.new_plan("blank", 2026)
    findings = editor.run_check()
    assert any(f.kind == "empty_section" for f in findings)
    summary_first = editor.checks_tab.summary.text()
    assert "lỗi" in summary_first
    second = panel.new_plan("yearly-work", 2026, "lý luận chính trị")
    assert editor.plan_id == second != first
    tab = editor.checks_tab
    # Whatever is on the tab now belongs to the plan on screen.
    assert tab.plan_id in (None, second)
    if tab.plan_id is None:
        assert tab.list.count() == 0 and tab.summary.text() != summary_first
    editor.show_page(tab)
    assert tab.plan_id == second
    from kehoach_desktop.store import plans

    expected = plans.check(window.ctx.db, second)
    assert [f.message for f in tab.findings] == [f.message for f in expected]
    assert tab.list.count() == len(expected)


def test_an_edit_after_the_check_refreshes_the_findings_shown(open_window, db):
    window = _window(open_window, db)
    panel = window.plans_panel
    editor = panel.editor
    plan_id = panel.new_plan("blank", 2026)
    before = len(editor.run_check())
    from kehoach_desktop.store import plan_ops

    window.ctx.push(plan_ops.UpdateHeader(window.ctx.db, plan_id, {"title": "Thực hiện công tác dân vận năm 2026"}))
    from kehoach_desktop.store import plans

    expected = plans.check(window.ctx.db, plan_id)
    assert len(expected) != before
    assert [f.message for f in editor.checks_tab.findings] == [f.message for f in expected]


def test_showing_the_plans_tab_opens_the_first_plan(open_window, db):
    """The walk: «Kế hoạch» showed a list of plans beside an empty, greyed-out editor."""
    from kehoach_desktop.demo import load_demo

    load_demo(db)
    window = open_window(db, tab="registry")
    editor = window.plans_panel.editor
    assert editor.plan_id is None
    window.show_tab("plans")
    from kehoach_desktop.ui.plans.panel import PLAN_ROLE

    assert editor.plan_id == window.plans_panel.list.item(0).data(PLAN_ROLE)
    assert editor.isEnabled() and window.plans_panel.current_plan_id() == editor.plan_id
