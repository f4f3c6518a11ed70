"""Issue 20: the demo is dated from today — the first screen never says that demo tasks are
hundreds of days overdue — and it is marked as demo data."""

from __future__ import annotations

import datetime as dt

import pytest

from kehoach_desktop.demo import demo_years, load_demo
from kehoach_desktop.store import open_database
from kehoach_desktop.store.profile import is_demo
from kehoach_desktop.tracking import reminders
from kehoach_desktop.tracking.periods import containing
from kehoach_desktop.tracking.queries import load_rows
from kehoach_desktop.tracking.status import DONE, IN_PROGRESS, OVERDUE

DAYS = [dt.date(2026, 12, 2), dt.date(2027, 1, 10), dt.date(2028, 2, 29), dt.date(2030, 6, 15), dt.date(2031, 9, 30)]


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_no_demo_task_is_overdue_on_the_day_it_is_made(tmp_path, today):
    db = open_database(tmp_path / "demo.sqlite3")
    try:
        load_demo(db, today=today)
        rem = reminders.collect(db, today=today)
        assert rem.overdue == [], rem.lines()
        rows = load_rows(db, containing(today, "quarter"), today=today)
        issued = [r for r in rows if r.plan_label and "05-KH" in r.plan_label]
        assert issued and not [r for r in rows if r.status == OVERDUE]
        # a story, not a blank: work still running, and from May on some reported done
        assert IN_PROGRESS in {r.status for r in issued}
        if today.month >= 5:
            assert {r.status for r in issued} & set(DONE)
    finally:
        db.close()


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_demo_years_follow_today(tmp_path, today):
    issued, draft = demo_years(today)
    assert draft == issued + 1 and issued in (today.year, today.year - 1)
    assert dt.date(issued, 1, 15) <= today  # the issued plan was issued before today
    db = open_database(tmp_path / "demo.sqlite3")
    try:
        load_demo(db, today=today)
        years = {r["year"] for r in db.all("SELECT year FROM plans")}
        assert years == {issued, draft}
        titles = " ".join(r["title"] for r in db.all("SELECT title FROM plans"))
        assert str(draft) in titles and "2026" not in titles.replace(str(draft), "").replace(str(issued), "")
        assert db.scalar("SELECT MIN(plan_date) FROM plans WHERE status = 'issued'") <= today.isoformat()
    finally:
        db.close()


def test_demo_file_is_marked_as_demo(tmp_path):
    db = open_database(tmp_path / "demo.sqlite3")
    try:
        assert not is_demo(db)
        load_demo(db)
        assert is_demo(db)
    finally:
        db.close()


def test_periodic_duties_were_reported_in_every_past_quarter(tmp_path):
    """The walk: looking back at Quý I, the demo's «hằng quý» duty was overdue (never reported)."""
    today = dt.date(2026, 12, 2)
    db = open_database(tmp_path / "demo.sqlite3")
    try:
        load_demo(db, today=today)
        for quarter in (1, 2, 3):
            period = containing(dt.date(2026, 3 * quarter, 15), "quarter")
            rows = load_rows(db, period, today=today)
            periodic = [r for r in rows if r.plan_label and "05-KH" in r.plan_label and r.deadline_kind == "periodic"]
            assert periodic and all(r.status in DONE for r in periodic), [(r.title, r.status) for r in periodic]
    finally:
        db.close()
