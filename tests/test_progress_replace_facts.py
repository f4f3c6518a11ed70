"""Step 12's report facts on tasks stay true when a progress row is REPLACEd (schema step 13).

``INSERT OR REPLACE INTO progress`` (another program, an older import) deletes the row it
collides with without firing progress_report_delete: SQLite fires delete triggers for
REPLACE only under ``PRAGMA recursive_triggers``, which another tool does not set. When the
replaced row belonged to another task, that task kept the facts of a row that was gone and
the tracking tab judged it from them. The writes below go through a plain sqlite3
connection without our SQL functions, as another program's would.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from kehoach_desktop.store import open_database, plans, schema
from kehoach_desktop.store.plans import add_task
from kehoach_desktop.tracking import progress
from kehoach_desktop.tracking.periods import Period
from kehoach_desktop.tracking.progress import Report

FIXTURES = Path(__file__).parent / "fixtures"
NONE = (None,) * 5
COLUMNS = "report_id, report_start, report_end, report_state, report_end_max"


def kept(db, task_id):
    return tuple(db.one(f"SELECT {COLUMNS} FROM tasks WHERE id = ?", (task_id,)))


def recomputed(db, task_id):
    """The facts from the task's rows, in Python (as tests/test_tracking_counts.py)."""
    rows = progress.history(db, task_id)  # newest first
    if not rows:
        return NONE

    def month(day: dt.date) -> int:
        return day.year * 12 + day.month - 1

    newest = rows[0].report
    state = newest.completed_on.isoformat() if newest.completed_on else ("started" if newest.started else None)
    return (
        rows[0].id,
        month(rows[0].period.start),
        month(rows[0].period.end),
        state,
        max(month(r.period.end) for r in rows),
    )


def another_program(path, sql, args=()):
    con = sqlite3.connect(path)
    try:
        with con:
            con.execute(sql, args)
    finally:
        con.close()


REPLACE = (
    "INSERT OR REPLACE INTO progress(id, task_id, period_kind, period_year, period_index, result, percent, "
    "recorded_at) VALUES (?, ?, 'quarter', 2026, 1, 'Ghi bởi chương trình khác', 30, '2026-04-02T08:00:00')"
)


@pytest.fixture
def two_tasks(db):
    plan = plans.create(db, {"title": "Kế hoạch thử", "number": "3-KH/ĐU", "year": 2026})
    a = add_task(db, plan, "Việc A", None, deadline_kind="date", end=dt.date(2026, 6, 30))
    b = add_task(db, plan, "Việc B", None, deadline_kind="date", end=dt.date(2026, 6, 30))
    return a, b


def test_a_row_of_task_a_replaced_by_a_row_of_task_b_recomputes_a(db, two_tasks):
    a, b = two_tasks
    row = progress.record(db, a, Period("half", 2026, 1), Report(completed_on=dt.date(2026, 3, 1)))
    assert kept(db, a)[0] == row and kept(db, a)[3] == "2026-03-01"
    another_program(db.path, REPLACE, (row, b))
    assert kept(db, a) == recomputed(db, a) == NONE  # A has no report left
    assert kept(db, b) == recomputed(db, b) and kept(db, b)[0] == row
    assert db.scalar("SELECT COUNT(*) FROM progress_replaced") == 0  # the note is gone with the statement


def test_an_older_row_replaced_leaves_the_newest_but_corrects_the_latest_period(db, two_tasks):
    a, b = two_tasks
    year = progress.record(db, a, Period("year", 2026), Report(result="Cả năm"))  # ends in December
    newest = progress.record(db, a, Period("month", 2026, 3), Report(result="Tháng 3"))
    assert kept(db, a)[4] == 2026 * 12 + 11
    another_program(db.path, REPLACE, (year, b))
    assert kept(db, a) == recomputed(db, a) and kept(db, a)[0] == newest
    assert kept(db, a)[4] == 2026 * 12 + 2  # the year's row is gone: March is the latest


def test_our_connection_and_a_rekeying_update_too(db, two_tasks):
    a, b = two_tasks
    ra = progress.record(db, a, Period("quarter", 2026, 1), Report(result="A"))
    rb = progress.record(db, b, Period("quarter", 2026, 2), Report(result="B"))
    with db.transaction():  # our own connection, recursive_triggers off as everywhere
        db.execute(REPLACE, (ra, b))
    assert kept(db, a) == recomputed(db, a) == NONE
    assert kept(db, b) == recomputed(db, b)
    rc = progress.record(db, a, Period("quarter", 2026, 2), Report(result="A lại"))
    another_program(db.path, "UPDATE OR REPLACE progress SET id = ? WHERE id = ?", (rc, rb))  # B's row takes A's id
    assert kept(db, a) == recomputed(db, a) == NONE
    assert kept(db, b) == recomputed(db, b) and kept(db, b)[0] == rc


def test_a_plain_insert_that_collides_changes_nothing(db, two_tasks):
    a, b = two_tasks
    row = progress.record(db, a, Period("quarter", 2026, 1), Report(result="A"))
    before = kept(db, a), kept(db, b)
    with pytest.raises(sqlite3.IntegrityError):
        another_program(db.path, REPLACE.replace("INSERT OR REPLACE", "INSERT"), (row, b))
    assert (kept(db, a), kept(db, b)) == before
    assert db.scalar("SELECT COUNT(*) FROM progress_replaced") == 0


def test_a_file_with_facts_left_stale_by_another_program_is_corrected_when_opened(tmp_path):
    """The file of the version before, after another program's REPLACE moved task 1's only
    report to task 2: opening it with this version recomputes every task's facts."""
    before = schema.SCHEMA_VERSION - 1
    assert before >= 12
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / f"schema_v{before}.sqlite3", path)
    row = sqlite3.connect(path).execute("SELECT id FROM progress WHERE task_id = 1").fetchone()[0]
    another_program(path, REPLACE, (row, 2))
    stale = sqlite3.connect(path).execute(f"SELECT {COLUMNS} FROM tasks WHERE id = 1").fetchone()
    if before == 12:
        assert stale[0] == row  # what the older schema left behind
    db = open_database(path)
    try:
        assert db.schema_version == schema.SCHEMA_VERSION
        for tid in (1, 2):
            assert kept(db, tid) == recomputed(db, tid)
        assert kept(db, 1) == NONE
    finally:
        db.close()


def test_the_file_of_the_version_before_ends_with_the_schema_of_a_new_file(tmp_path):
    def shape(path):
        con = sqlite3.connect(path)
        try:
            return sorted(
                con.execute("SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchall()
            )
        finally:
            con.close()

    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / f"schema_v{schema.SCHEMA_VERSION - 1}.sqlite3", path)
    open_database(path).close()
    fresh = open_database(tmp_path / "fresh.sqlite3")
    fresh.close()
    assert shape(path) == shape(tmp_path / "fresh.sqlite3")
    assert ("table", "progress_replaced", "progress_replaced") in shape(path)
