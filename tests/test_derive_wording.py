"""The derived plan says our deadline in the upstream's sentence as a secretary would write it
(outside walk of cụ thể hóa; issue 15): «hoàn thành trong quý III/2027» becomes «hoàn thành
trước ngày 23/9/2027», not «hoàn thành trong trước ngày …»."""

from __future__ import annotations

import datetime as dt

import pytest

from kehoach_desktop.core.deadlines import find_deadline
from kehoach_desktop.core.derive import derive_deadline
from kehoach_desktop.core.derive.model import replace_deadline_text

TODAY = dt.date(2027, 3, 15)


@pytest.mark.parametrize(
    "upstream, ours",
    [
        (
            "Rà soát, số hóa hồ sơ đảng viên, hoàn thành trong quý III/2027.",
            "Rà soát, số hóa hồ sơ đảng viên, hoàn thành trước ngày 23/9/2027.",
        ),
        (
            "Tổ chức hội nghị sơ kết, hoàn thành vào tháng 9/2027.",
            "Tổ chức hội nghị sơ kết, hoàn thành trước ngày 23/9/2027.",
        ),
        ("Tổ chức tuyên truyền trong tháng 10/2027.", "Tổ chức tuyên truyền trước ngày 25/10/2027."),
        ("Gửi báo cáo chậm nhất ngày 15/9/2027.", "Gửi báo cáo trước ngày 08/9/2027."),
        ("Hoàn thiện hồ sơ, xong trước ngày 15/9/2027.", "Hoàn thiện hồ sơ, xong trước ngày 08/9/2027."),
        (
            "Tổ chức lớp bồi dưỡng trong 6 tháng đầu năm 2027.",
            "Tổ chức lớp bồi dưỡng trước ngày 23/6/2027.",
        ),
    ],
)
def test_our_deadline_takes_the_place_of_the_upstream_s_with_its_words(upstream, ours):
    up = find_deadline(upstream, 2027)
    assert up is not None
    mine = derive_deadline(up, 5, TODAY)
    assert replace_deadline_text(upstream, up, mine) == ours
