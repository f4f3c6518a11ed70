"""The dashboard's counts and the start-up reminder counts (issue 19) equal what the rows say,
on a database built around the edges: overdue exactly 30/31 and 90/91 days, due today and in
exactly 7/8 days, done on the due day and the day after, completed after the cut-off, tasks
without a lead unit, drafts and imported plans (never overdue), periodic duties of every cycle
with reports inside, before and after their occurrence and entered out of order, and the
reporting periods judged on their first and last days and after they closed.

The judgement reads what schema step 12 keeps on each task (the periodic cycle, the newest
progress row); the tests at the end check the triggers keep it whatever writes the rows."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
import tracking_oracle

from kehoach_desktop.core.text import fold
from kehoach_desktop.store import open_database, plans, profile
from kehoach_desktop.store.plans import add_task
from kehoach_desktop.tracking import progress, queries, reminders
from kehoach_desktop.tracking.periods import Period, containing
from kehoach_desktop.tracking.progress import Report
from kehoach_desktop.tracking.queries import NO_UNIT, TaskFilter
from kehoach_desktop.tracking.status import OVERDUE, STATUSES, overdue_bucket

TODAY = dt.date(2026, 5, 10)  # in Quý II/2026
Q1, Q2, Q3 = (Period("quarter", 2026, i) for i in (1, 2, 3))
EDGES = (-120, -91, -90, -89, -31, -30, -29, -1, 0, 1, 6, 7, 8, 30)  # due, days from TODAY
PERIODIC = ("hằng tháng", "hàng quý", "định kỳ 6 tháng", "hằng năm", "định kỳ hằng tuần")
# (period, today): running, on its first and last day, closed (judged the day after its end).
JUDGED = [
    (Q2, TODAY),
    (Q2, Q2.start),
    (Q2, Q2.end),
    (Q1, TODAY),
    (Period("month", 2026, 5), dt.date(2026, 5, 31)),
    (Period("half", 2026, 1), TODAY),
    (Period("year", 2025), TODAY),
    (Q3, dt.date(2026, 10, 1)),
]


def _day(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def edges(db):
    units = [profile.add_unit(db, f"Ban {name}", name) for name in ("Tuyên giáo", "Tổ chức", "Kiểm tra")]
    leads = [units[0], units[1], None]  # every third task has no lead unit
    plan_ids = {
        name: plans.create(db, {"title": f"Kế hoạch {name}", "number": f"{i + 1}-KH/ĐU", "year": 2026})
        for i, name in enumerate(("issued", "draft", "imported"))
    }
    tasks: list[int] = []
    reports: list[tuple[int, Period, Report]] = []

    def task(plan: str, title: str, kind: str = "date", end=None, start=None, text: str = "", coop=()) -> int:
        tid = add_task(
            db,
            plan_ids[plan],
            title,
            leads[len(tasks) % 3],
            deadline_kind=kind,
            start=start,
            end=end,
            deadline_text=text,
            cooperating=coop,
        )
        tasks.append(tid)
        return tid

    for plan in ("issued", "draft", "imported"):
        for n in EDGES:
            due = _day(n)
            task(plan, f"Tuyên truyền hạn {n} ngày", end=due, coop=[units[2]] if n % 2 else [])
            started = task(plan, f"Học tập hạn {n} ngày", end=due)
            reports.append((started, Q1, Report(state="in_progress", result="Đã triển khai")))
            if due <= TODAY:
                on_time = task(plan, f"Kiểm tra xong đúng hạn {n}", end=due)
                reports.append((on_time, Q2, Report(completed_on=due)))
            if due < TODAY:
                late = task(plan, f"Giám sát xong muộn {n}", end=due)
                reports.append((late, Q2, Report(completed_on=due + dt.timedelta(days=1))))
            # Reported completed on a day still to come: not completed yet (cut-off), started.
            future = task(plan, f"Sơ kết báo xong sau {n}", end=due)
            reports.append((future, Q2, Report(completed_on=TODAY + dt.timedelta(days=1))))
    # Ranges, periods, open-ended work and the kind left blank.
    task("issued", "Đại hội chi bộ", "range", start=_day(-60), end=_day(-30))
    task("issued", "Quán triệt nghị quyết", "period", start=_day(-10), end=_day(7))
    task("issued", "Tổng kết năm", "", end=_day(-90))
    task("issued", "Việc không ghi hạn", "")
    for kind in ("ongoing", "separate_plan"):
        task("issued", f"Việc {kind}", kind)
        reports.append((task("issued", f"Việc {kind} đã làm", kind), Q1, Report(percent=40)))
        reports.append((task("issued", f"Việc {kind} đã xong", kind), Q1, Report(completed_on=dt.date(2026, 3, 1))))
    # Periodic duties: nothing reported; reported for the occurrence; for an earlier one only;
    # for the occurrence and then (a newer row) for an earlier one; for a later one.
    for plan in ("issued", "draft"):
        for text in PERIODIC:
            task(plan, f"Báo cáo {text}", "periodic", text=text)
            inside = task(plan, f"Báo cáo {text} kỳ này", "periodic", text=text)
            reports.append((inside, Period("month", 2026, 5), Report(result="Đã báo cáo")))
            earlier = task(plan, f"Báo cáo {text} kỳ trước", "periodic", text=text)
            reports.append((earlier, Period("quarter", 2025, 4), Report(completed_on=dt.date(2025, 12, 20))))
            mixed = task(plan, f"Báo cáo {text} nhập lộn thứ tự", "periodic", text=text)
            reports.append((mixed, Period("month", 2026, 5), Report(completed_on=dt.date(2026, 5, 2))))
            reports.append((mixed, Period("month", 2025, 11), Report(result="Báo cáo cũ nhập sau")))
            later = task(plan, f"Báo cáo {text} kỳ sau", "periodic", text=text)
            reports.append((later, Q3, Report(completed_on=dt.date(2026, 7, 20))))
    # A newer row for a later period than the one judged: the older row applies (Quý II).
    ahead = task("issued", "Tuyên truyền báo cáo trước kỳ", end=_day(-40))
    reports.append((ahead, Q1, Report(result="Đang làm")))
    reports.append((ahead, Q3, Report(completed_on=dt.date(2026, 7, 2))))
    for tid, period, report in reports:
        progress.record(db, tid, period, report)
    with db.transaction():
        db.execute("UPDATE plans SET status = 'issued' WHERE id = ?", (plan_ids["issued"],))
        db.execute(
            "UPDATE plans SET status = 'issued', extra_json = ? WHERE id = ?",
            (json.dumps({"imported_from": "KH-12-HU.docx"}), plan_ids["imported"]),
        )
    return {"units": units, "plans": plan_ids, "tasks": tasks}


def _python_counts(rows, soon_days: int = queries.SOON_DAYS):
    """The counts as the rows say them, in plain Python."""
    totals = Counter(dict.fromkeys(STATUSES, 0))
    by_unit: dict[str, Counter] = {}
    groups = Counter(dict.fromkeys(queries.GROUPS, 0))
    for row in rows:
        totals[row.status] += 1
        by_unit.setdefault(row.lead_unit or NO_UNIT, Counter(dict.fromkeys(STATUSES, 0)))[row.status] += 1
        if row.status == OVERDUE:
            groups[overdue_bucket(row.overdue_days)] += 1
        if row.due_in_days is not None and 0 <= row.due_in_days <= soon_days:
            groups["soon"] += 1
    return totals, by_unit, groups


def _assert_counts(got: queries.Counts, rows, soon_days: int = queries.SOON_DAYS) -> None:
    totals, by_unit, groups = _python_counts(rows, soon_days)
    assert dict(got.totals) == dict(totals)
    assert {unit: dict(c) for unit, c in got.by_unit.items()} == {unit: dict(c) for unit, c in by_unit.items()}
    assert dict(got.groups) == dict(groups)
    assert got.total == len(rows)


def test_the_edges_are_there(db, edges):
    """Without these the comparisons below would prove little."""
    rows = queries.load_rows(db, Q2, today=TODAY)
    overdue = {r.overdue_days for r in rows if r.status == OVERDUE}
    assert {29, 30, 31, 89, 90, 91} <= overdue
    assert {0, 6, 7, 8} <= {r.due_in_days for r in rows}
    assert {r.status for r in rows} == set(STATUSES)
    assert any(r.lead_unit_id is None for r in rows) and any(r.status == OVERDUE and not r.lead_unit for r in rows)
    counted = queries.counts(db, Q2, None, TODAY)
    assert all(counted.groups[g] > 0 for g in queries.GROUPS) and NO_UNIT in counted.by_unit


@pytest.mark.parametrize("period, today", JUDGED)
def test_counts_equal_the_rows_and_the_python_rules(db, edges, period, today):
    rows = queries.load_rows(db, period, today=today)
    _assert_counts(queries.counts(db, period, None, today), rows)
    # The rows themselves as the plain Python judgement (tests/tracking_oracle.py) says them.
    oracle = tracking_oracle.judge(db, period, today)
    assert len(rows) == len(oracle) == len(edges["tasks"])
    for row in rows:
        want = oracle[row.task_id]
        assert (row.status, row.due, row.overdue_days, row.due_in_days, row.progress_id) == (
            want["status"],
            want["due"],
            want["overdue_days"],
            want["due_in_days"],
            want["progress_id"],
        ), (row.task_id, row.title)


def test_the_buckets_cut_at_exactly_30_and_90_days_and_soon_at_7(db, edges):
    counted = queries.counts(db, Q2, None, TODAY)
    rows = queries.load_rows(db, Q2, today=TODAY)
    late = Counter(r.overdue_days for r in rows if r.status == OVERDUE)
    assert counted.groups["le30"] == sum(n for d, n in late.items() if d <= 30)
    assert counted.groups["le90"] == sum(n for d, n in late.items() if 30 < d <= 90)
    assert counted.groups["gt90"] == sum(n for d, n in late.items() if d > 90)
    soon = Counter(r.due_in_days for r in rows if r.due_in_days is not None)
    assert counted.groups["soon"] == sum(n for d, n in soon.items() if 0 <= d <= 7) > soon[8] > 0
    # One day more or less moves the edge tasks from one bucket to the next.
    tomorrow = queries.counts(db, Q2, None, TODAY + dt.timedelta(days=1))
    assert tomorrow.groups != counted.groups


def test_filtered_counts_equal_the_rows_they_keep(db, edges):
    rows = queries.load_rows(db, Q2, today=TODAY)
    unit = edges["units"][2]  # leads no task: found as a cooperating unit only
    coop = {r[0] for r in db.all("SELECT task_id FROM task_units WHERE unit_id = ?", (unit,))}
    lead = edges["units"][0]
    issued = {edges["plans"]["issued"], edges["plans"]["imported"]}
    cases = [
        (TaskFilter(unit_id=unit), lambda r: r.lead_unit_id == unit or r.task_id in coop),
        (TaskFilter(unit_id=lead), lambda r: r.lead_unit_id == lead),
        (TaskFilter(unit_id=lead, lead_only=True), lambda r: r.lead_unit_id == lead),
        (TaskFilter(text="tuyen truyen"), lambda r: "tuyen truyen" in fold(r.title)),
        (TaskFilter(text="Báo cáo hằng"), lambda r: "bao cao hang" in fold(r.title)),
        (TaskFilter(statuses={OVERDUE}), lambda r: r.status == OVERDUE),
        (TaskFilter(statuses={"in_progress", "done_late"}), lambda r: r.status in ("in_progress", "done_late")),
        (TaskFilter(plan_ids=[edges["plans"]["draft"]]), lambda r: r.plan_id == edges["plans"]["draft"]),
        (TaskFilter(issued_only=True), lambda r: r.plan_id in issued),
        (
            TaskFilter(text="hạn", statuses={OVERDUE}, unit_id=lead),
            lambda r: "han" in fold(r.title) and r.status == OVERDUE and r.lead_unit_id == lead,
        ),
    ]
    for group in queries.GROUPS:
        soon = group == "soon"
        cases.append(
            (
                TaskFilter(group=group),
                lambda r, group=group, soon=soon: (
                    (r.due_in_days is not None and 0 <= r.due_in_days <= 7)
                    if soon
                    else r.status == OVERDUE and overdue_bucket(r.overdue_days) == group
                ),
            )
        )
    for flt, keep in cases:
        kept = [r for r in rows if keep(r)]
        assert kept, flt  # each filter keeps something
        _assert_counts(queries.counts(db, Q2, flt, TODAY), kept)
        assert sorted(queries.task_ids(db, Q2, flt, TODAY)) == sorted(r.task_id for r in kept), flt


@pytest.mark.parametrize("days", [7, 3, 0, 30])
@pytest.mark.parametrize("today", [TODAY, Q2.start, Q2.end, dt.date(2026, 7, 1)])
def test_reminder_counts_equal_the_rows(db, edges, days, today):
    counted = reminders.counts(db, days, today)
    period = containing(today, "quarter")
    assert counted.period == period
    rows = queries.load_rows(db, period, today=today)
    _totals, _units, groups = _python_counts(rows, days)
    assert dict(counted.groups) == dict(groups)
    assert counted.overdue == sum(1 for r in rows if r.status == OVERDUE)
    # The rows the window lists on demand are the ones counted.
    for group in queries.GROUPS:
        listed = reminders.rows(db, group, days, today, limit=10**6)
        assert len(listed) == counted.groups[group]
    issued = reminders.counts(db, days, today, issued_only=True)
    live = {edges["plans"]["issued"], edges["plans"]["imported"]}
    assert dict(issued.groups) == dict(_python_counts([r for r in rows if r.plan_id in live], days)[2])


# -- what schema step 12 keeps on the task ---------------------------------------------------


def _kept(db, task_id: int) -> tuple:
    return tuple(
        db.one(
            "SELECT report_id, report_start, report_end, report_state, report_end_max FROM tasks WHERE id = ?",
            (task_id,),
        )
    )


def _recomputed(db, task_id: int) -> tuple:
    """The same facts from the task's progress rows, in Python."""
    rows = progress.history(db, task_id)  # newest first
    if not rows:
        return (None, None, None, None, None)

    def month(day: dt.date) -> int:
        return day.year * 12 + day.month - 1

    newest = rows[0]
    report = newest.report
    state = report.completed_on.isoformat() if report.completed_on else ("started" if report.started else None)
    return (
        newest.id,
        month(newest.period.start),
        month(newest.period.end),
        state,
        max(month(r.period.end) for r in rows),
    )


def test_the_newest_report_kept_on_the_task_follows_every_write(db, edges):
    draft = edges["plans"]["draft"]
    tid = add_task(db, draft, "Việc theo dõi ghi tiến độ", edges["units"][0], deadline_kind="date", end=TODAY)
    assert _kept(db, tid) == _recomputed(db, tid) == (None,) * 5
    first = progress.record(db, tid, Period("half", 2026, 1), Report(result="Đã làm một phần"))
    assert _kept(db, tid) == _recomputed(db, tid) and _kept(db, tid)[3] == "started"
    second = progress.record(db, tid, Period("month", 2025, 12), Report(completed_on=dt.date(2025, 12, 30)))
    assert (
        _kept(db, tid) == _recomputed(db, tid) == (second, 2025 * 12 + 11, 2025 * 12 + 11, "2025-12-30", 2026 * 12 + 5)
    )
    progress.record(db, tid, Period("year", 2026), Report(state="not_started"))  # says nothing begun
    assert _kept(db, tid) == _recomputed(db, tid) and _kept(db, tid)[3] is None
    # Another tool edits, moves and deletes rows with plain SQL: the triggers follow.
    with db.transaction():
        db.execute("UPDATE progress SET evidence = '5-KH/ĐU' WHERE task_id = ? AND period_kind = 'year'", (tid,))
    assert _kept(db, tid) == _recomputed(db, tid) and _kept(db, tid)[3] == "started"
    other = add_task(db, draft, "Việc khác", None, deadline_kind="date", end=TODAY)
    with db.transaction():
        db.execute("UPDATE progress SET task_id = ? WHERE id = ?", (other, second))
    assert _kept(db, tid) == _recomputed(db, tid) and _kept(db, other) == _recomputed(db, other)
    assert _kept(db, other)[0] == second
    with db.transaction():
        db.execute("DELETE FROM progress WHERE task_id = ? AND id <> ?", (tid, first))
    assert _kept(db, tid) == _recomputed(db, tid) and _kept(db, tid)[0] == first
    progress.delete_row(db, first)  # the undo of a report just recorded
    assert _kept(db, tid) == (None,) * 5
    # The rows of a task deleted and put back with the same id are found again.
    with db.transaction():
        row = dict(db.one("SELECT * FROM tasks WHERE id = ?", (other,)))
        db.execute("DELETE FROM tasks WHERE id = ?", (other,))
    assert db.scalar("SELECT COUNT(*) FROM progress WHERE task_id = ?", (other,)) == 0  # cascaded
    with db.transaction():
        db.execute(f"INSERT INTO tasks({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    assert _kept(db, other) == _recomputed(db, other) == (None,) * 5


def test_a_task_put_back_finds_the_rows_left_by_another_tool(db, edges):
    """A tool with foreign keys off leaves a deleted task's reports behind; the task inserted
    again under its id reads them (the insert trigger), as the judgement from the rows would."""
    draft = edges["plans"]["draft"]
    tid = add_task(db, draft, "Việc bị xóa ngoài chương trình", None, deadline_kind="date", end=_day(-5))
    progress.record(db, tid, Q2, Report(result="Đang làm"))
    row = dict(db.one("SELECT * FROM tasks WHERE id = ?", (tid,)))
    db.conn.execute("PRAGMA foreign_keys = OFF")
    try:
        with db.transaction():
            db.execute("DELETE FROM tasks WHERE id = ?", (tid,))
            for key in ("report_id", "report_start", "report_end", "report_state", "report_end_max"):
                row[key] = None
            db.execute(f"INSERT INTO tasks({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    finally:
        db.conn.execute("PRAGMA foreign_keys = ON")
    assert _kept(db, tid) == _recomputed(db, tid) and _kept(db, tid)[3] == "started"


def test_a_wording_changed_by_another_tool_is_read_again(db, edges):
    """deadline_every is written by our code; another tool's change of the wording or the kind
    clears it and the judgement reads the wording itself (the same status either way)."""
    issued_task = next(
        r for r in queries.load_rows(db, Q2, today=TODAY) if r.title == "Báo cáo hằng tháng" and r.status != OVERDUE
    )
    tid = issued_task.task_id
    assert db.scalar("SELECT deadline_every FROM tasks WHERE id = ?", (tid,)) == "month"
    draft = edges["plans"]["draft"]
    own = add_task(db, draft, "Báo cáo định kỳ", None, deadline_kind="periodic", deadline_text="hằng quý")
    assert db.scalar("SELECT deadline_every FROM tasks WHERE id = ?", (own,)) == "quarter"
    with db.transaction():
        db.execute("UPDATE tasks SET deadline_text = 'định kỳ 6 tháng' WHERE id = ?", (own,))
    assert db.scalar("SELECT deadline_every FROM tasks WHERE id = ?", (own,)) is None
    may = Period("month", 2026, 5)
    assert queries.row_of(db, may, own, TODAY).due == dt.date(2026, 6, 30)  # the half, read from the wording
    with db.transaction():
        db.execute("UPDATE tasks SET deadline_text = 'hằng tháng' WHERE id = ?", (own,))
        db.execute(
            "INSERT INTO tasks(plan_id, title, deadline_kind, deadline_text, created_at, updated_at) "
            "VALUES (?, 'Báo cáo tháng do công cụ khác thêm', 'periodic', 'hằng tháng', '2026-01-01', '2026-01-01')",
            (draft,),
        )
    assert queries.row_of(db, may, own, TODAY).due == dt.date(2026, 5, 31)
    for period in (Q2, may):
        _assert_counts(queries.counts(db, period, None, TODAY), queries.load_rows(db, period, today=TODAY))
        oracle = tracking_oracle.judge(db, period, TODAY)
        for row in queries.load_rows(db, period, today=TODAY):
            assert (row.status, row.due) == (oracle[row.task_id]["status"], oracle[row.task_id]["due"]), row.title


def test_our_own_edit_of_the_wording_keeps_the_cycle(db, edges):
    from kehoach_desktop.store.plans import add_node, set_task

    draft = edges["plans"]["draft"]
    node = add_node(db, draft, None, "bullet", "Báo cáo kết quả thực hiện")
    tid = set_task(db, node, {"deadline_kind": "periodic", "deadline_text": "hằng quý"})
    assert db.scalar("SELECT deadline_every FROM tasks WHERE id = ?", (tid,)) == "quarter"
    set_task(db, node, {"deadline_text": "hàng quý, trước ngày 20 tháng cuối quý"})
    assert db.scalar("SELECT deadline_every FROM tasks WHERE id = ?", (tid,)) == "quarter"
    set_task(db, node, {"deadline_kind": "date", "deadline_end": TODAY, "deadline_text": ""})
    assert db.scalar("SELECT deadline_every FROM tasks WHERE id = ?", (tid,)) == ""


def test_a_file_of_the_version_before_gets_the_kept_facts(tmp_path):
    from kehoach_desktop.store import schema

    before = 11  # the version before step 12, which keeps the facts (fixtures of later versions hold no cycle)
    path = tmp_path / "old.sqlite3"
    shutil.copy(Path(__file__).parent / "fixtures" / f"schema_v{before}.sqlite3", path)
    db = open_database(path)
    try:
        assert db.schema_version == schema.SCHEMA_VERSION
        tasks = [r[0] for r in db.all("SELECT id FROM tasks")]
        assert tasks and db.scalar("SELECT COUNT(*) FROM progress")
        for tid in tasks:
            assert _kept(db, tid) == _recomputed(db, tid)
            assert db.scalar("SELECT deadline_every IS NOT NULL FROM tasks WHERE id = ?", (tid,))
        assert db.scalar("SELECT COUNT(*) FROM tasks WHERE report_id IS NOT NULL")
        period = containing(TODAY, "quarter")
        _assert_counts(queries.counts(db, period, None, TODAY), queries.load_rows(db, period, today=TODAY))
    finally:
        db.close()
