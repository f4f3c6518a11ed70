"""Cụ thể hóa of an old upstream (the walk: a 2023 plan in 2026): its deadlines are already past.
The review says which ones before the draft is made, marks their cells with ⚠ and says what to
do; only F7 on the draft said so before. A deadline typed anew clears its mark."""

from __future__ import annotations

import datetime as dt

from conftest import FIXTURES

from kehoach_desktop.core.derive.model import past_deadlines, past_notice
from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.importer import parse_text
from kehoach_desktop.importer.persist import save_as_directive
from kehoach_desktop.store import derive as derive_store
from kehoach_desktop.store import profile

UPSTREAM = (FIXTURES / "derive" / "ke-hoach-tinh-uy-45.txt").read_text(encoding="utf-8")


def _derivation(db, year: str, today: dt.date):
    profile.save(
        db,
        OfficeProfile(
            superior_body="ĐẢNG BỘ TỈNH HÀ TĨNH", issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH", issuer_code="ĐU", place="Hòa Bình"
        ),
    )
    for name in ("Văn phòng Đảng ủy", "Các chi bộ trực thuộc"):
        profile.add_unit(db, name)
    text = UPSTREAM.replace("ngày 10 tháng 3 năm 2027", f"ngày 10 tháng 3 năm {year}").replace("2027", year)
    return derive_store.start(db, save_as_directive(db, parse_text(text)), today=today)


def test_an_old_upstream_s_past_deadlines_are_named(db):
    d = _derivation(db, "2023", dt.date(2026, 12, 3))
    past = past_deadlines(d)
    assert len(past) >= 3
    said = past_notice(d)
    assert said.startswith(f"⚠ {len(past)} thời hạn đã qua") and "03/12/2026" in said
    assert "30/6/2023" in said or "2023" in said
    assert "cột «Thời hạn»" in said


def test_a_current_upstream_says_nothing(db):
    d = _derivation(db, "2027", dt.date(2027, 3, 15))
    assert past_deadlines(d) == [] and past_notice(d) == ""


def test_the_review_flags_them_and_a_new_deadline_clears_the_mark(db, qtbot):
    from kehoach_desktop.ui.derive.review import COL_DEADLINE, DeriveReview

    d = _derivation(db, "2023", dt.date(2026, 12, 3))
    review = DeriveReview(d)
    qtbot.addWidget(review)
    assert not review.past.isHidden() and review.past.text() == past_notice(d)
    item = next(i for i in d.task_items() if i.selected and i.deadline and i.deadline.due)
    row = review.row_for(item.up.key)
    assert row.text(COL_DEADLINE).startswith("⚠") and "đã qua" in row.toolTip(COL_DEADLINE)
    before = len(past_deadlines(d))
    row.setText(COL_DEADLINE, "trước ngày 30/6/2027")
    assert not row.text(COL_DEADLINE).startswith("⚠")
    assert len(past_deadlines(d)) == before - 1


def test_deadline_cells_are_written_alike(db, qtbot):
    """«Thường xuyên» beside «hằng tháng», «trước ngày …» in the Thời hạn column (the walk)."""
    from kehoach_desktop.ui.derive.review import COL_DEADLINE, DeriveReview

    d = _derivation(db, "2027", dt.date(2027, 3, 15))
    review = DeriveReview(d)
    qtbot.addWidget(review)
    cells = [r.text(COL_DEADLINE) for r in review._task_rows() if r.text(COL_DEADLINE)]
    assert any(c.startswith("Hằng tháng") for c in cells) and any(c.startswith("Trước ngày") for c in cells), cells
    assert all(c[:1].isupper() for c in cells), cells
    assert any("hằng tháng" in (i.deadline.text if i.deadline else "") for i in d.task_items())  # the draft's own text
