"""The Theo dõi table tells plans without a number apart (the walk: every draft's task read
«Kế hoạch (chưa có số) …» in the narrow Kế hoạch column). The table sorts by the SQL twin of
the label: both must give the same text."""

from __future__ import annotations

import datetime as dt

from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.store import plans, profile
from kehoach_desktop.tracking.periods import containing
from kehoach_desktop.tracking.queries import load_rows, plan_label, task_ids

LONG = "Thực hiện Kế hoạch số 12-KH/QU, ngày 20/01/2022 của Quận ủy Ba Đình về công tác lý luận chính trị"


def test_draft_labels_name_the_trich_yeu_and_the_year():
    assert plan_label("05-KH/ĐU", "Công tác năm 2026") == "Kế hoạch số 05-KH/ĐU — Công tác năm 2026"
    assert plan_label(None, "Học tập chuyên đề", 2027) == "Dự thảo 2027 – Học tập chuyên đề"
    assert plan_label("", "Học tập chuyên đề", 2027, "review") == "Trình ký 2027 – Học tập chuyên đề"
    short = plan_label(None, LONG, 2022)
    assert short.startswith("Dự thảo 2022 – Thực hiện Kế hoạch số 12-KH/QU") and short.endswith("…")
    assert len(short) < len(LONG)


def test_the_table_shows_and_sorts_by_the_same_label(db):
    profile.save(db, OfficeProfile(issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH", issuer_code="ĐU", place="Hòa Bình"))
    unit = profile.add_unit(db, "Văn phòng Đảng ủy")
    made = []
    for title, year in ((LONG, 2022), ("Học tập chuyên đề năm 2027", 2027), ("An toàn giao thông", 2026)):
        pid = plans.create(db, {"title": title, "year": year})
        node = plans.add_node(db, pid, None, "paragraph", f"Nhiệm vụ của {title[:20]}")
        plans.set_task(db, node, {"title": f"Nhiệm vụ {year}", "lead_unit_id": unit, "deadline_kind": "ongoing"})
        made.append(pid)
    period = containing(dt.date(2026, 12, 2), "quarter")
    rows = {r.task_id: r for r in load_rows(db, period, today=dt.date(2026, 12, 2))}
    labels = [r.plan_label for r in rows.values()]
    assert len(set(labels)) == 3 and all(label.startswith("Dự thảo ") for label in labels)
    assert any(label.startswith("Dự thảo 2027 – ") for label in labels)
    by_sql = task_ids(db, period, today=dt.date(2026, 12, 2), sort="plan")
    assert [rows[i].plan_label for i in by_sql] == sorted(labels)
