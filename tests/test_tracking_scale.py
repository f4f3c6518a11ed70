"""The tracking tab at scale (issue 19): the status judged in SQL, the lazy table over ids,
its SQL orders and filters, the counts, the grouped reminders — each checked against the
plain Python judgement of tests/tracking_oracle.py on a mixed, seeded database."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
import tracking_oracle
from PySide6.QtCore import QSettings, Qt

from kehoach_desktop.core.text import fold
from kehoach_desktop.store import plans, profile
from kehoach_desktop.store.plans import add_task
from kehoach_desktop.tracking import queries, reminders
from kehoach_desktop.tracking.periods import Period
from kehoach_desktop.tracking.queries import TaskFilter
from kehoach_desktop.tracking.status import STATUSES, overdue_bucket
from kehoach_desktop.ui.context import AppContext
from kehoach_desktop.ui.main_window import MainWindow
from kehoach_desktop.ui.tracking import model as model_module
from kehoach_desktop.ui.tracking.model import COL, COLUMNS

TODAY = dt.date(2026, 5, 10)
PERIODS = [
    (Period("quarter", 2026, 2), TODAY),
    (Period("quarter", 2026, 1), TODAY),
    (Period("month", 2026, 3), dt.date(2026, 3, 20)),
    (Period("half", 2025, 2), TODAY),
    (Period("nine_months", 2026), dt.date(2026, 8, 1)),
    (Period("year", 2025), TODAY),
]
PERIODIC = ["hằng tháng", "hàng quý", "định kỳ 6 tháng", "hằng năm", "định kỳ hằng tuần"]
WORDS = ["Tuyên truyền", "Học tập", "Kiểm tra", "Sơ kết", "Đại hội", "Quán triệt", "Tổng kết", "Giám sát"]


@pytest.fixture
def mixed(db):
    """Three plans (issued, draft, imported and issued), 240 tasks of every deadline kind,
    units and cooperating units, and progress for every kind of period."""
    rng = random.Random(19)
    units = [profile.add_unit(db, f"Đơn vị {name}", name) for name in ("A", "Bê", "Cờ", "Đê", "E")]
    plan_ids = []
    for i, (status, extra) in enumerate(
        [("issued", {}), ("draft", {}), ("issued", {"imported_from": "KH-53-HU.docx"})]
    ):
        pid = plans.create(db, {"title": f"Kế hoạch thử {i}", "number": f"{i + 1}-KH/ĐU", "year": 2026})
        plan_ids.append((pid, status, extra))
    tasks = []
    for n in range(240):
        pid = plan_ids[n % 3][0]
        kind = rng.choice(["date", "range", "period", "periodic", "ongoing", "separate_plan", ""])
        start = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 600))
        end = start + dt.timedelta(days=rng.randrange(0, 120))
        text = rng.choice(PERIODIC) if kind == "periodic" else ""
        tid = add_task(
            db,
            pid,
            f"{rng.choice(WORDS)} việc số {n:03d} {rng.choice(WORDS).lower()}",
            rng.choice(units + [None]),
            deadline_kind=kind,
            start=start if kind in ("range", "period") else None,
            end=end if kind in ("date", "range", "period") else None,
            deadline_text=text,
            cooperating=rng.sample(units, rng.randint(0, 2)),
        )
        tasks.append(tid)
    rows = []
    for tid in tasks:
        for _ in range(rng.choice([0, 0, 1, 2, 3])):
            kind = rng.choice(["month", "quarter", "half", "nine_months", "year"])
            index = {"month": rng.randint(1, 12), "quarter": rng.randint(1, 4), "half": rng.randint(1, 2)}.get(kind, 1)
            done = rng.random() < 0.4
            completed = (dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 560))).isoformat() if done else None
            rows.append(
                (
                    tid,
                    kind,
                    rng.choice([2025, 2026]),
                    index,
                    "done" if done else rng.choice(["", "in_progress", "not_started"]),
                    rng.choice(["", "Đã làm"]),
                    100 if done else rng.choice([None, 0, 30]),
                    completed,
                    rng.choice(["", "", "12-KH/ĐTN"]),
                    "2026-01-01T00:00:00",
                )
            )
    with db.transaction():
        db.conn.executemany(
            "INSERT INTO progress(task_id, period_kind, period_year, period_index, state, result, percent, "
            "completed_on, evidence, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        for pid, status, extra in plan_ids:
            db.execute("UPDATE plans SET status = ?, extra_json = ? WHERE id = ?", (status, json.dumps(extra), pid))
    return {"units": units, "plans": [p[0] for p in plan_ids], "tasks": tasks}


def _default_key(db):
    order = {
        r[0]: (r[1] or "", r[2], r[3], r[0])
        for r in db.all("SELECT t.id, p.plan_date, t.plan_id, t.position FROM tasks t JOIN plans p ON p.id = t.plan_id")
    }
    return order


@pytest.mark.parametrize("period, today", PERIODS)
def test_sql_judgement_matches_the_python_rules(db, mixed, period, today):
    oracle = tracking_oracle.judge(db, period, today)
    rows = queries.load_rows(db, period, today=today)
    assert len(rows) == len(oracle) == 240
    for row in rows:
        want = oracle[row.task_id]
        got = (row.status, row.due, row.overdue_days, row.due_in_days, row.progress_id, row.report)
        assert got == (
            want["status"],
            want["due"],
            want["overdue_days"],
            want["due_in_days"],
            want["progress_id"],
            want["report"],
        ), row.task_id
    # Something of everything, or the comparison proves little.
    assert {r.status for r in rows} == set(STATUSES)
    drafts = {mixed["plans"][1], mixed["plans"][2]}
    assert not any(r.status == "overdue" for r in rows if r.plan_id in drafts)


@pytest.mark.parametrize("period, today", PERIODS[:3])
def test_counts_match_the_python_rules(db, mixed, period, today):
    oracle = tracking_oracle.judge(db, period, today)
    got = queries.counts(db, period, None, today)
    assert dict(got.totals) == {s: sum(1 for o in oracle.values() if o["status"] == s) for s in STATUSES}
    names = {r[0]: r[1] for r in db.all("SELECT id, name FROM units")}
    for unit, counter in got.by_unit.items():
        assert sum(counter.values()) == sum(
            1 for o in oracle.values() if names.get(o["lead_unit_id"], queries.NO_UNIT) == unit
        )
    for key in ("le30", "le90", "gt90"):
        assert got.groups[key] == sum(
            1 for o in oracle.values() if o["status"] == "overdue" and overdue_bucket(o["overdue_days"]) == key
        )
    assert got.groups["soon"] == sum(
        1 for o in oracle.values() if o["due_in_days"] is not None and 0 <= o["due_in_days"] <= 7
    )


def _oracle_sort_value(key, o, row, db_cache):
    if key == "status":
        return o["status_index"]
    if key == "late":
        soon = o["due_in_days"] is not None and 0 <= o["due_in_days"] <= 7
        return o["overdue_days"] * 1000 + (1000 - o["due_in_days"] if soon else 0)
    if key == "deadline":
        return o["due"].isoformat() if o["due"] else "9999"
    if key == "percent":
        return o["report"].percent if o["report"].percent is not None else -1
    if key == "completed":
        return o["report"].completed_on.isoformat() if o["report"].completed_on else ""
    if key == "result":
        return o["report"].result
    if key == "evidence":
        return o["report"].evidence
    if key == "plan":
        return row.plan_label
    if key == "title":
        return row.title
    if key == "lead":
        return row.lead_unit or "(chưa giao)"
    if key == "coop":
        return ", ".join(row.cooperating)
    raise AssertionError(key)


@pytest.mark.parametrize("key", [k for k, _ in COLUMNS])
def test_every_column_sorts_in_sql_as_the_oracle_does(db, mixed, key):
    period, today = PERIODS[0]
    oracle = tracking_oracle.judge(db, period, today)
    rows = {r.task_id: r for r in queries.load_rows(db, period, today=today)}
    default = _default_key(db)
    for descending in (False, True):
        got = queries.task_ids(db, period, None, today, key, descending)
        values = {tid: _oracle_sort_value(key, oracle[tid], rows[tid], None) for tid in rows}
        want = sorted(rows, key=default.__getitem__)  # ties in the plans' own order
        want = sorted(want, key=values.__getitem__, reverse=descending)
        # Python's sort keeps ties stable even reversed; SQL orders ties ascending: compare values, then ties.
        assert [values[t] for t in got] == [values[t] for t in want]
        for value in set(values.values()):
            tied = [t for t in got if values[t] == value]
            assert tied == sorted(tied, key=default.__getitem__)


def test_filters_match_the_oracle(db, mixed):
    period, today = PERIODS[0]
    oracle = tracking_oracle.judge(db, period, today)
    unit = mixed["units"][1]
    coop = {r[0] for r in db.all("SELECT task_id FROM task_units WHERE unit_id = ?", (unit,))}
    cases = [
        (TaskFilter(unit_id=unit), lambda t, o: o["lead_unit_id"] == unit or t in coop),
        (TaskFilter(unit_id=unit, lead_only=True), lambda t, o: o["lead_unit_id"] == unit),
        (TaskFilter(text="tuyen truyen"), lambda t, o: "tuyen truyen" in fold(o["title"])),
        (TaskFilter(text="Kiểm tra"), lambda t, o: "kiem tra" in fold(o["title"])),
        # A unit's name finds what it leads and what it cooperates on (the tester's «Ban Tuyên giáo»).
        (TaskFilter(text="don vi be"), lambda t, o: o["lead_unit_id"] == unit or t in coop),
        (TaskFilter(statuses={"overdue"}), lambda t, o: o["status"] == "overdue"),
        (TaskFilter(statuses={"in_progress", "done_late"}), lambda t, o: o["status"] in ("in_progress", "done_late")),
        (TaskFilter(plan_ids=[mixed["plans"][0]]), lambda t, o: o["plan_id"] == mixed["plans"][0]),
        (TaskFilter(issued_only=True), lambda t, o: o["plan_id"] in (mixed["plans"][0], mixed["plans"][2])),
        (TaskFilter(group="soon"), lambda t, o: o["due_in_days"] is not None and 0 <= o["due_in_days"] <= 7),
    ]
    for key in ("le30", "le90", "gt90"):
        cases.append(
            (
                TaskFilter(group=key),
                lambda t, o, key=key: o["status"] == "overdue" and overdue_bucket(o["overdue_days"]) == key,
            )
        )
    for flt, keep in cases:
        want = {t for t, o in oracle.items() if keep(t, o)}
        got = queries.task_ids(db, period, flt, today)
        assert len(got) == len(set(got)) and set(got) == want, flt
        assert queries.counts(db, period, flt, today).total == len(want), flt
    assert any(queries.task_ids(db, period, TaskFilter(group=g), today) for g in ("le30", "le90", "gt90"))


def test_group_rows_page_through_a_group_in_order(db, mixed):
    period, today = PERIODS[0]
    everything = queries.task_ids(db, period, TaskFilter(statuses={"overdue"}), today)
    pages = []
    for offset in range(0, len(everything) + 7, 7):
        pages += queries.group_rows(db, period, "gt90", None, today, limit=7, offset=offset)
    days = [r.overdue_days for r in pages]
    assert days == sorted(days, reverse=True) and all(d > 90 for d in days)
    assert len(pages) == queries.counts(db, period, None, today).groups["gt90"] > 7


def _panel(qtbot, db, tmp_path):
    win = MainWindow(AppContext(db), settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    panel = win.show_tab("tracking")
    panel.today_override = TODAY
    panel.set_period(PERIODS[0][0])
    qtbot.waitUntil(lambda: not panel.counts_pending, timeout=20000)
    return win, panel


def test_table_reads_only_the_rows_on_screen_and_sorts_in_sql_keeping_the_selection(
    qtbot, db, mixed, tmp_path, monkeypatch
):
    monkeypatch.setattr(model_module, "PAGE", 20)
    monkeypatch.setattr(model_module, "PAGES_KEPT", 2)
    _win, panel = _panel(qtbot, db, tmp_path)
    model = panel.model
    assert model.rowCount() == 240
    qtbot.wait(50)  # the view paints its first rows
    assert 0 < model.fetched_rows < 240 and model.cached_rows() <= 40
    # Scrolling to the end reads the last page, and the cache stays small.
    last = model.index(239, COL["title"])
    panel.table.scrollTo(last)
    assert last.data() == queries.rows_for(db, PERIODS[0][0], [model.ids[239]], TODAY)[0].title
    assert model.cached_rows() <= 40
    # Select a task, sort by status (descending): same task still selected, order from SQL.
    task = model.ids[150]
    assert panel.select_task(task)
    panel.table.sortByColumn(COL["status"], Qt.DescendingOrder)
    assert list(model.ids) == queries.task_ids(db, PERIODS[0][0], panel.current_filter(), TODAY, "status", True)
    assert panel.selected_task_id() == task
    assert panel.selected_row().task_id == task
    # A filter keeps the order asked and the counts follow it.
    panel.status.setCurrentIndex(panel.status.findData("overdue"))
    qtbot.waitUntil(lambda: not panel.counts_pending, timeout=20000)
    want = queries.task_ids(db, PERIODS[0][0], TaskFilter(statuses={"overdue"}), TODAY, "status", True)
    assert list(model.ids) == want and panel.counts.total == len(want)
    assert panel.count_label.text().startswith(f"{len(want)} nhiệm vụ · {len(want)} quá hạn")


def test_dashboard_shows_counts_and_reads_a_group_when_opened(qtbot, db, mixed, tmp_path, monkeypatch):
    from kehoach_desktop.ui.tracking import dashboard, groups

    monkeypatch.setattr(dashboard, "OPEN_AT_ONCE", 3)
    monkeypatch.setattr(groups, "PAGE", 5)
    _win, panel = _panel(qtbot, db, tmp_path)
    counts = panel.counts
    tree = panel.dashboard.lists
    big = next(k for k in ("gt90", "le90", "le30") if counts.groups[k] > 5)
    item = tree.group_item(big)
    assert f"({counts.groups[big]})" in item.text(0) and tree.loaded(big) == 0  # nothing read yet
    item.setExpanded(True)
    assert tree.loaded(big) == 5
    more = item.child(item.childCount() - 1)
    tree.itemActivated.emit(more, 0)  # «Xem thêm…»
    assert tree.loaded(big) == min(10, counts.groups[big])
    shown = [item.child(i).data(0, Qt.UserRole)[1] for i in range(tree.loaded(big))]
    want = [r.task_id for r in queries.group_rows(db, PERIODS[0][0], big, None, TODAY, limit=10)]
    assert shown == want


def test_reminder_window_says_counts_first_and_reads_rows_on_demand(qtbot, db, mixed, monkeypatch):
    from kehoach_desktop.ui.tracking import groups, reminders_dialog

    monkeypatch.setattr(reminders_dialog, "OPEN_AT_ONCE", 3)
    monkeypatch.setattr(groups, "PAGE", 4)
    counted = reminders.counts(db, 7, TODAY)
    dialog = reminders_dialog.RemindersDialog(db, 7, True, data=counted, today=TODAY)
    qtbot.addWidget(dialog)
    lines = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert lines[0] == f"⚠ {counted.groups['gt90']} nhiệm vụ quá hạn trên 90 ngày"
    assert counted.groups["gt90"] > 4 and dialog.tree.loaded("gt90") == 0
    dialog.tree.group_item("gt90").setExpanded(True)
    assert dialog.tree.loaded("gt90") == 4
    first = [r.task_id for r in reminders.rows(db, "gt90", 7, TODAY, limit=4)]
    item = dialog.tree.group_item("gt90")
    assert [item.child(i).data(0, Qt.UserRole)[1] for i in range(4)] == first
