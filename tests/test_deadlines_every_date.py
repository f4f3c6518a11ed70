"""Every date in a task paragraph is considered, not only the first (issue 16).

Event dates and ranges are read; of several dates the deadline words decide ("trước ngày",
"hoàn thành trong", "chậm nhất"), else the latest date ends the task; a date inside a
citation (with or without its symbol, a law's number) is never a deadline.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kehoach_desktop.core.deadlines import find_deadline
from kehoach_desktop.core.task_hints import suggest_deadline
from kehoach_desktop.importer import parse_text

D = dt.date


@pytest.mark.parametrize(
    ("text", "kind", "due"),
    [
        # Event dates and ranges.
        ("Tổ chức hội nghị vào ngày 14/5/2020 tại hội trường.", "date", D(2020, 5, 14)),
        ("Hội nghị khai mạc lúc 09 giờ 00 ngày 25/02/2013 tại Hà Nội.", "date", D(2013, 2, 25)),
        ("Tuyên truyền từ tháng 1 đến tháng 3-2020.", "range", D(2020, 3, 31)),
        ("Thời gian: ngày 15 và 16/3/2026.", "date", D(2026, 3, 16)),
        ("Tổ chức hội thi trong 02 ngày 15-16/3/2026 tại Nhà văn hóa xã.", "date", D(2026, 3, 16)),
        # Several dates: the deadline words decide, the latest of them.
        ("Từ ngày 01/3 đến 15/3/2020 tổ chức tuyên truyền; hoàn thành trước ngày 30/3/2020.", "date", D(2020, 3, 30)),
        ("Gửi dự thảo trước ngày 10/3/2026, hoàn thành trước ngày 31/3/2026.", "date", D(2026, 3, 31)),
        ("Tổ chức hội nghị ngày 20/4/2026; chậm nhất ngày 05/4/2026 gửi danh sách đại biểu.", "date", D(2026, 4, 5)),
        (
            "Xây dựng kế hoạch, hoàn thành trong tháng 01/2026 (triển khai từ ngày 15/12/2025).",
            "period",
            D(2026, 1, 31),
        ),
        ("Rà soát, hoàn thành trước tháng 6/2026.", "date", D(2026, 5, 31)),
        # Several dates without deadline words: the latest ends the task.
        ("Ngày 5/3/2020 tổ chức sơ kết, ngày 20/3/2020 tổng kết.", "date", D(2020, 3, 20)),
        ("Tổ chức hội nghị ngày 10/3/2025, báo cáo kết quả trong tháng 4/2025.", "period", D(2025, 4, 30)),
    ],
)
def test_every_date_is_considered(text, kind, due):
    found = find_deadline(text, 2026)
    assert found is not None and (found.kind, found.due) == (kind, due), found


@pytest.mark.parametrize(
    "text",
    [
        "Thực hiện Chỉ thị số 35 ngày 30/5/2019 của Bộ Chính trị, các chi bộ tổ chức học tập.",
        "Theo Công văn số 197/STTTT ngày 5/3/2020 của Sở Thông tin và Truyền thông, các đơn vị rà soát.",
        "Tuyên truyền Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13, ngày 22/6/2015 đến Nhân dân.",
        "Quán triệt Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị đến cán bộ, đảng viên.",
    ],
)
def test_the_date_inside_a_citation_is_never_a_deadline(text):
    assert find_deadline(text, 2026) is None
    assert suggest_deadline(text, 2026) is None


def test_a_citation_date_beside_a_real_deadline_leaves_the_deadline():
    found = find_deadline(
        "Học tập Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị vào ngày 10/3/2025; "
        "Chỉ thị số 35 ngày 30/5/2019 tiếp tục thực hiện.",
        2025,
    )
    assert (found.kind, found.due) == ("date", D(2025, 3, 10)) and found.text.endswith("ngày 10/3/2025")
    hint = suggest_deadline("Thực hiện Kế hoạch số 45-KH/TU ngày 3/5/2020 của Tỉnh ủy về công tác đầu năm 2020")
    assert hint is None  # "đầu năm 2020" is the cited plan's subject, not this item's time


def test_imported_task_takes_the_deadline_of_its_whole_paragraph():
    doc = parse_text(
        "KẾ HOẠCH\nTổ chức Đại hội năm 2026\nI. NỘI DUNG\n"
        "1. Tổ chức tuyên truyền từ ngày 01/3 đến ngày 15/3/2026; tổng hợp, báo cáo kết quả về Văn phòng "
        "Đảng ủy chậm nhất ngày 25/3/2026 (theo Hướng dẫn số 12-HD/BTGTU ngày 05/01/2026).\n"
        "2. Khai mạc Đại hội lúc 07 giờ 30 ngày 10/4/2026; bế mạc ngày 11/4/2026.\n"
    )
    due = {t.text[:20]: t.deadline.due for t in doc.tasks}
    assert due == {"Tổ chức tuyên truyền": D(2026, 3, 25), "Khai mạc Đại hội lúc": D(2026, 4, 11)}
