"""Status computation on its boundaries, reporting periods, and periodic duties."""

from __future__ import annotations

import datetime as dt

import pytest
from tracking_data import make_plan

from kehoach_desktop.tracking import progress as progress_store
from kehoach_desktop.tracking.periods import Period, PeriodError, containing, parse_period
from kehoach_desktop.tracking.progress import ProgressError, Report
from kehoach_desktop.tracking.queries import TaskFilter, load_rows, summarise
from kehoach_desktop.tracking.status import (
    DONE_LATE,
    DONE_ON_TIME,
    IN_PROGRESS,
    NOT_STARTED,
    OVERDUE,
    TaskDeadline,
    compute_status,
    due_date,
    overdue_bucket,
    parse_report_choice,
)

D = dt.date
DUE = D(2026, 3, 31)


@pytest.mark.parametrize(
    "completed, started, today, expected",
    [
        (None, False, DUE, NOT_STARTED),  # due today, nothing reported: still in time
        (None, True, DUE, IN_PROGRESS),  # due today, work going on: in time
        (None, False, D(2026, 4, 1), OVERDUE),  # one day late, not done
        (None, True, D(2026, 4, 1), OVERDUE),
        (DUE, True, D(2026, 5, 1), DONE_ON_TIME),  # completed on the deadline
        (D(2026, 4, 1), True, D(2026, 5, 1), DONE_LATE),  # completed one day late
        (D(2026, 3, 1), True, D(2026, 3, 1), DONE_ON_TIME),  # completed today, early
        (D(2026, 4, 10), True, D(2026, 4, 5), OVERDUE),  # completion after "as of" has not happened yet
    ],
)
def test_boundaries(completed, started, today, expected):
    assert compute_status(DUE, completed, started, today) == expected


def test_no_deadline_is_never_overdue():
    assert compute_status(None, None, False, D(2030, 1, 1)) == NOT_STARTED
    assert compute_status(None, None, True, D(2030, 1, 1)) == IN_PROGRESS
    assert compute_status(None, D(2029, 1, 1), True, D(2030, 1, 1)) == DONE_ON_TIME


def test_due_date_by_kind():
    q1 = Period("quarter", 2026, 1)
    assert due_date(TaskDeadline("date", None, DUE)) == DUE
    assert due_date(TaskDeadline("range", D(2026, 2, 1), D(2026, 4, 30))) == D(2026, 4, 30)
    assert due_date(TaskDeadline("period", D(2026, 4, 1), D(2026, 6, 30))) == D(2026, 6, 30)
    assert due_date(TaskDeadline("periodic"), q1) == D(2026, 3, 31)
    assert due_date(TaskDeadline("periodic")) is None
    assert due_date(TaskDeadline("ongoing"), q1) is None
    assert due_date(TaskDeadline("separate_plan"), q1) is None
    assert due_date(TaskDeadline("")) is None


def test_overdue_buckets():
    assert [overdue_bucket(d) for d in (1, 30, 31, 90, 91)] == ["le30", "le30", "le90", "le90", "gt90"]


def test_periods():
    assert Period("quarter", 2026, 1).label == "Quý I/2026"
    assert (Period("quarter", 2026, 4).start, Period("quarter", 2026, 4).end) == (D(2026, 10, 1), D(2026, 12, 31))
    assert Period("half", 2026, 1).end == D(2026, 6, 30) and Period("half", 2026, 2).start == D(2026, 7, 1)
    assert (Period("nine_months", 2026).start, Period("nine_months", 2026).end) == (D(2026, 1, 1), D(2026, 9, 30))
    assert Period("month", 2024, 2).end == D(2024, 2, 29)
    assert containing(D(2026, 8, 15), "quarter") == Period("quarter", 2026, 3)
    assert containing(D(2026, 8, 15), "half") == Period("half", 2026, 2)
    for text, expected in [
        ("2026-Q1", Period("quarter", 2026, 1)),
        ("Quý II/2026", Period("quarter", 2026, 2)),
        ("quy 3/2026", Period("quarter", 2026, 3)),
        ("Tháng 3/2026", Period("month", 2026, 3)),
        ("6 tháng đầu năm 2026", Period("half", 2026, 1)),
        ("6 tháng cuối năm 2026", Period("half", 2026, 2)),
        ("9 tháng năm 2026", Period("nine_months", 2026)),
        ("Năm 2026", Period("year", 2026)),
        ("2026", Period("year", 2026)),
        ("2026-M12", Period("month", 2026, 12)),
    ]:
        assert parse_period(text) == expected, text
        assert parse_period(expected.code) == expected
    for bad in ("Quý 5/2026", "tháng 13/2026", "hôm qua"):
        with pytest.raises(PeriodError):
            parse_period(bad)


def test_report_choices_typed_by_hand():
    assert parse_report_choice("đã hoàn thành") == "Đã hoàn thành"
    assert parse_report_choice("DANG THUC HIEN") == "Đang thực hiện"
    assert parse_report_choice("Hoàn thành đúng hạn") == "Đã hoàn thành"
    assert parse_report_choice("làm rồi") is None


def test_report_validation():
    with pytest.raises(ProgressError, match="0 đến 100"):
        Report(percent=101).normalised()
    with pytest.raises(ProgressError, match="ngày hoàn thành"):
        Report(state="done").normalised()
    r = Report(result="a\x07b", completed_on=D(2026, 1, 2)).normalised()
    assert (r.result, r.state, r.percent) == ("ab", "done", 100)


def _status(db, task_id, period, today):
    return next(r for r in load_rows(db, period, today=today) if r.task_id == task_id)


def test_periodic_duty_is_judged_per_period(db):
    ids = make_plan(db)
    tid = ids["tasks"]["sinh_hoat"]
    q1, q2 = Period("quarter", 2026, 1), Period("quarter", 2026, 2)
    # During Q1 with nothing reported: not started; after Q1 ends: overdue for Q1.
    assert _status(db, tid, q1, D(2026, 3, 31)).status == NOT_STARTED
    assert _status(db, tid, q1, D(2026, 4, 2)).status == OVERDUE
    progress_store.record(db, tid, q1, Report(result="Đã sinh hoạt", completed_on=D(2026, 3, 28)))
    assert _status(db, tid, q1, D(2026, 4, 2)).status == DONE_ON_TIME
    # The Q1 report does not count for Q2: each period is its own duty.
    row = _status(db, tid, q2, D(2026, 6, 25))
    assert row.status == NOT_STARTED and row.due == D(2026, 6, 30) and row.due_soon
    assert row.deadline_label == "hằng quý (kỳ này: 30/06/2026)"
    assert _status(db, tid, q2, D(2026, 7, 1)).status == OVERDUE
    # A late report for Q2 is done late.
    progress_store.record(db, tid, q2, Report(result="Muộn", completed_on=D(2026, 7, 3)))
    assert _status(db, tid, q2, D(2026, 7, 10)).status == DONE_LATE


def test_one_off_task_completion_carries_into_later_periods(db):
    ids = make_plan(db)
    tid = ids["tasks"]["hoi_nghi"]
    progress_store.record(db, tid, Period("quarter", 2026, 1), Report(completed_on=D(2026, 3, 31)))
    assert _status(db, tid, Period("quarter", 2026, 2), D(2026, 5, 1)).status == DONE_ON_TIME
    # A report made for Q2 is not visible when looking back at Q1.
    t2 = ids["tasks"]["phu_nu"]
    progress_store.record(db, t2, Period("quarter", 2026, 2), Report(completed_on=D(2026, 5, 3)))
    assert (
        _status(db, t2, Period("quarter", 2026, 1), D(2026, 6, 1)).status == IN_PROGRESS
        or _status(db, t2, Period("quarter", 2026, 1), D(2026, 6, 1)).status == NOT_STARTED
    )
    assert _status(db, t2, Period("quarter", 2026, 2), D(2026, 6, 1)).status == DONE_LATE


def test_ongoing_and_separate_plan_are_never_overdue(db):
    ids = make_plan(db)
    tid = ids["tasks"]["guong_tot"]
    assert _status(db, tid, Period("year", 2026), D(2027, 3, 1)).status == NOT_STARTED
    progress_store.record(db, tid, Period("quarter", 2026, 1), Report(result="Đăng 5 tin", percent=20))
    assert _status(db, tid, Period("year", 2026), D(2027, 3, 1)).status == IN_PROGRESS


def test_filters_and_summary(db):
    ids = make_plan(db)
    other = make_plan(db, number="30-KH/ĐU", title="Khác")
    q2, today = Period("quarter", 2026, 2), D(2026, 5, 10)
    assert len(load_rows(db, q2, TaskFilter(plan_ids=[ids["plan"]]), today)) == 6
    assert len(load_rows(db, q2, today=today)) == 12
    u = ids["units"]
    # ĐTN leads 2 tasks per plan and cooperates on phụ nữ.
    rows = load_rows(db, q2, TaskFilter(plan_ids=[ids["plan"]], unit_id=u["ĐTN"]), today)
    assert {r.task_id for r in rows} == {ids["tasks"][k] for k in ("thanh_nien", "guong_tot", "phu_nu")}
    rows = load_rows(db, q2, TaskFilter(plan_ids=[ids["plan"]], unit_id=u["ĐTN"], lead_only=True), today)
    assert len(rows) == 2
    over = load_rows(db, q2, TaskFilter(statuses={OVERDUE}), today)
    assert {r.task_id for r in over} == {
        ids["tasks"]["hoi_nghi"],
        ids["tasks"]["phu_nu"],
        other["tasks"]["hoi_nghi"],
        other["tasks"]["phu_nu"],
    }
    assert load_rows(db, q2, TaskFilter(text="phu nu"), today)[0].title.startswith("Học tập chuyên đề")
    s = summarise(load_rows(db, q2, TaskFilter(plan_ids=[ids["plan"]]), today), q2)
    assert s.total == 6 and s.totals[OVERDUE] == 2 and s.totals[NOT_STARTED] == 4
    assert s.by_unit["Ban Xây dựng Đảng"][OVERDUE] == 1
    assert [r.overdue_days for r in s.overdue] == [40, 10]
    assert {k: len(v) for k, v in s.overdue_groups().items()} == {"le30": 1, "le90": 1, "gt90": 0}


def test_directive_chain_filter(db):
    from kehoach_desktop.store import directives, plans

    kl = directives.add(db, {"doc_type": "Kết luận", "number": "01-KL/TW"})
    kh_tu = directives.add(db, {"doc_type": "Kế hoạch", "number": "49-KH/TU", "parent_ids": [kl]})
    a = make_plan(db, issued=False)
    make_plan(db, number="31-KH/ĐU", title="Không liên quan")
    plans.set_basis(db, a["plan"], [kh_tu])
    rows = load_rows(db, Period("year", 2026), TaskFilter(directive_id=kl), D(2026, 5, 1))
    assert {r.plan_id for r in rows} == {a["plan"]} and len(rows) == 6


def test_history_is_append_only_and_undo_removes_one_row(db):
    ids = make_plan(db)
    tid = ids["tasks"]["thanh_nien"]
    q2 = Period("quarter", 2026, 2)
    first = progress_store.record(db, tid, q2, Report(result="Lần 1", percent=10))
    second = progress_store.record(db, tid, q2, Report(result="Lần 2", percent=60))
    assert [h.id for h in progress_store.history(db, tid)] == [second, first]
    assert _status(db, tid, q2, D(2026, 5, 1)).report.result == "Lần 2"
    progress_store.delete_row(db, second)
    assert _status(db, tid, q2, D(2026, 5, 1)).report.result == "Lần 1"


def test_periodic_duty_follows_its_own_cycle(db):
    """A 6-monthly duty judged for Quý I is due at the end of June, not of March; a report
    made in Quý I counts for the whole half-year; a monthly duty is due at the month's end."""
    from kehoach_desktop.store.plans import add_task
    from kehoach_desktop.tracking.periods import occurrence

    ids = make_plan(db)
    half = add_task(
        db,
        ids["plan"],
        "Sơ kết định kỳ 6 tháng",
        ids["units"]["BXDĐ"],
        deadline_kind="periodic",
        deadline_text="định kỳ 6 tháng",
    )
    month = add_task(
        db,
        ids["plan"],
        "Báo cáo hằng tháng",
        ids["units"]["BXDĐ"],
        deadline_kind="periodic",
        deadline_text="hằng tháng",
    )
    q1, q2 = Period("quarter", 2026, 1), Period("quarter", 2026, 2)
    assert occurrence(q1, "half") == Period("half", 2026, 1) and occurrence(q2, "month") == Period("month", 2026, 6)
    row = _status(db, half, q1, D(2026, 4, 2))
    assert row.due == D(2026, 6, 30) and row.status == NOT_STARTED
    assert _status(db, half, q2, D(2026, 7, 2)).status == OVERDUE
    progress_store.record(db, half, q1, Report(result="Đã sơ kết sớm", completed_on=D(2026, 3, 30)))
    assert _status(db, half, q2, D(2026, 7, 2)).status == DONE_ON_TIME
    assert _status(db, half, Period("quarter", 2026, 3), D(2026, 8, 1)).status == NOT_STARTED  # next half
    assert _status(db, month, q2, D(2026, 6, 20)).due == D(2026, 6, 30)
