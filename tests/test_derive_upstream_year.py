"""A deadline the upstream writes without its year («trước ngày 30/6») is read in the upstream's
own time, the same way by cụ thể hóa and by the pre-signing check (outside walk, issue 15):
derived in 2026 from a Huyện ủy plan of March 2024, our «trước ngày 30/6» came out as 30/6/2026
while the check read the upstream's as 30/6/2024 and called ours later than the upstream's; a
plan issued on 10/12/2026 for the next year means 30/6/2027, which the check read as 2026."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FIXTURES
from offices import commune_office

from kehoach_desktop.importer import parse_text
from kehoach_desktop.importer.persist import save_as_directive
from kehoach_desktop.store import derive as derive_store
from kehoach_desktop.store import plans
from kehoach_desktop.store.commands import UndoStack

UPSTREAM = (FIXTURES / "derive" / "ke-hoach-tinh-uy-45.txt").read_text(encoding="utf-8")


def _office(db) -> None:
    commune_office(db, units=("Văn phòng Đảng ủy", "Các chi bộ trực thuộc"))


def _derived(db, issued: str, year: str, today: dt.date):
    text = UPSTREAM.replace("ngày 10 tháng 3 năm 2027", issued).replace("2027", year)
    did = save_as_directive(db, parse_text(text))
    d = derive_store.start(db, did, today=today)
    cmd = derive_store.DerivePlan(d)
    UndoStack(db).push(cmd)
    item = next(i for i in d.walk() if i.is_task and "trước ngày 30/6" in i.up.text)
    return d, item, cmd.plan_id


@pytest.mark.parametrize(
    "issued, year, today, upstream_due",
    [
        # issued in December for the next year: «30/6» is next year's
        ("ngày 10 tháng 12 năm 2026", "2027", dt.date(2026, 12, 14), dt.date(2027, 6, 30)),
        # an old upstream derived two years on: its «30/6» stays its own
        ("ngày 10 tháng 3 năm 2024", "2024", dt.date(2026, 12, 2), dt.date(2024, 6, 30)),
    ],
)
def test_a_yearless_upstream_deadline_is_read_in_the_upstream_s_time(db, issued, year, today, upstream_due):
    _office(db)
    _, item, plan_id = _derived(db, issued, year, today)
    assert item.upstream_deadline is not None and item.upstream_deadline.due == upstream_due
    assert item.deadline is not None and item.deadline.due is not None and item.deadline.due <= upstream_due
    assert not [f for f in plans.check(db, plan_id) if f.kind == "deadline_after_upstream"]
