"""Structure as authors write it, deadlines and units in prose (issue 16)."""

from __future__ import annotations

import datetime as dt

from kehoach_desktop.core.deadlines import find_deadline
from kehoach_desktop.importer import parse_text
from kehoach_desktop.importer.persist import SaveOptions, new_unit_names, save_as_plan
from kehoach_desktop.importer.tasks import cooperating_in, match_units

PLAN = """KẾ HOẠCH
Thực hiện năm 2026
I. NỘI DUNG
1. Sở Y tế
- Tổ chức tiêm chủng cho trẻ em (quý I/2026).
- Phối hợp với Sở Giáo dục và Đào tạo, Đoàn Thanh niên tuyên truyền phòng bệnh.
2. Văn phòng Đảng ủy:
- Tham mưu ban hành kế hoạch.
3. Đợt 1: Trong tháng 12/2025
- Các chi bộ tổ chức học tập chuyên đề.
Đơn vị chủ trì: Ban Tuyên giáo và Dân vận
Đơn vị phối hợp: Văn phòng Đảng uỷ, Ủy ban Kiểm tra
4. Các chi bộ ban hành kế hoạch thực hiện (trong tháng 01/2026).
5. Khẩu hiệu
- “Toàn dân đoàn kết xây dựng nông thôn mới”.
- Đảng Cộng sản Việt Nam quang vinh muôn năm!
"""
KNOWN = ["Văn phòng Đảng ủy", "Ban Tuyên giáo và Dân vận", "Sở Y tế"]


class _ByStart(dict):
    def __getitem__(self, start):
        return next(t for text, t in self.items() if text.startswith(start))


def _tasks():
    return _ByStart({t.text: t for t in parse_text(PLAN, KNOWN).tasks})


def test_unit_heading_leads_the_tasks_under_it_and_cooperating_units_are_read():
    tasks = _tasks()
    assert tasks["Tổ chức tiêm chủng"].units == ["Sở Y tế"]
    coop = tasks["Phối hợp với Sở Giáo dục"]
    assert coop.units == ["Sở Y tế"] and coop.cooperating == ["Sở Giáo dục và Đào tạo", "Đoàn Thanh niên"]
    assert tasks["Tham mưu ban hành kế hoạch."].units == ["Văn phòng Đảng ủy"]


def test_lead_and_cooperating_lines_and_a_deadline_in_a_sub_heading():
    task = _tasks()["Các chi bộ tổ chức học tập"]
    assert task.units == ["Ban Tuyên giáo và Dân vận"]  # not the words "Đơn vị chủ trì"
    assert task.cooperating[0] == "Văn phòng Đảng ủy"  # "Đảng uỷ" matched to the office's spelling
    assert task.deadline.end == dt.date(2025, 12, 31)  # "Đợt 1: Trong tháng 12/2025"
    assert "Ủy ban Kiểm tra" in task.unmatched  # not in our list: asked before it is added


def test_numbered_duty_is_a_task_with_its_deadline_and_slogans_are_not_tasks():
    tasks = _tasks()
    duty = tasks["Các chi bộ ban hành kế hoạch"]
    assert duty.deadline.kind == "period" and duty.deadline.end == dt.date(2026, 1, 31)
    assert not any(t.startswith(("“Toàn dân", "Đảng Cộng sản")) for t in tasks)
    assert not any(t.startswith("Đơn vị") for t in tasks)


def test_event_dates_ranges_and_citation_dates():
    assert find_deadline("Tổ chức hội nghị vào ngày 14/5/2020 tại hội trường.", 2024).end == dt.date(2020, 5, 14)
    assert find_deadline("Khai mạc lúc 09 giờ 00 ngày 25/02/2013.", 2024).end == dt.date(2013, 2, 25)
    rng = find_deadline("Tuyên truyền từ tháng 1 đến tháng 3-2020.", 2024)
    assert (rng.start, rng.end) == (dt.date(2020, 1, 1), dt.date(2020, 3, 31))
    # The date of a cited document is when it was issued, never the task's deadline.
    cited = find_deadline("Thực hiện Kế hoạch số 12-KH/TU ngày 05/01/2024 của Tỉnh ủy, báo cáo trước ngày 30/6/2024.")
    assert cited.end == dt.date(2024, 6, 30)
    assert find_deadline("Căn cứ Hướng dẫn số 73-HD/BTGTU, ngày 16/11/2023, các chi bộ tổ chức học tập.") is None


def test_fuzzy_unit_matching_and_cooperation_words():
    names, unmatched = match_units(["Văn phòng Đảng uỷ", "UBND xã"], ["Văn phòng Đảng ủy", "Ủy ban nhân dân xã"])
    assert names == ["Văn phòng Đảng ủy", "UBND xã"] and unmatched == ["UBND xã"]
    assert cooperating_in("Ban Tuyên giáo chủ trì, phối hợp với Văn phòng và Đoàn Thanh niên tổ chức.") == [
        "Văn phòng",
        "Đoàn Thanh niên",
    ]


def test_another_offices_units_are_not_added_unless_agreed(db):
    from kehoach_desktop.store.profile import add_unit, units

    for name in KNOWN:
        add_unit(db, name)
    doc = parse_text(PLAN, KNOWN)
    assert set(new_unit_names(db, doc)) >= {"Sở Giáo dục và Đào tạo", "Ủy ban Kiểm tra"}
    save_as_plan(db, doc, SaveOptions(add_new_units=False))
    assert sorted(r["name"] for r in units(db)) == sorted(KNOWN)


def test_a_bare_unit_word_ending_a_phrase_is_no_cooperating_unit():
    """«… phối hợp với lãnh đạo cơ quan, đơn vị và các cơ quan liên quan …» proposed a unit named
    «đơn vị» (the walk's Đảng ủy Khối plan)."""
    text = "Các cấp ủy phối hợp với lãnh đạo cơ quan, đơn vị và các cơ quan liên quan triển khai thực hiện."
    assert cooperating_in(text) == ["các cơ quan liên quan"]
    assert cooperating_in("Văn phòng chủ trì, phối hợp với Ban Tuyên giáo và các đơn vị liên quan.") == [
        "Ban Tuyên giáo",
        "các đơn vị liên quan",
    ]
