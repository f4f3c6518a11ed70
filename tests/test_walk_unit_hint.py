"""Found typing in the plan editor: after «Mục đích» became «Mục đích Cập nhật thêm: tuyên
truyền đến từng thôn, tổ dân phố.» the task panel suggested a unit «Mục đích Cập nhật thêm»
«(chưa có trong danh sách đơn vị)» — the words before any colon were taken for a unit."""

from __future__ import annotations

import pytest

from kehoach_desktop.core.task_hints import suggest_unit

UNITS = [(1, "Văn phòng Đảng ủy", ""), (2, "Ban Tuyên giáo Huyện ủy", "BTG")]


@pytest.mark.parametrize(
    "text",
    [
        "Mục đích Cập nhật thêm: tuyên truyền đến từng thôn, tổ dân phố.",
        "Nội dung cụ thể: như sau",
        "Thời gian: tháng 5/2026",
    ],
)
def test_words_before_a_colon_that_name_no_unit_suggest_none(text):
    assert suggest_unit(text, UNITS) is None


def test_a_unit_not_yet_in_the_list_is_still_offered():
    hint = suggest_unit("Đoàn Thanh niên xã: phối hợp tổ chức các hoạt động", UNITS)
    assert hint is not None and hint.name == "Đoàn Thanh niên xã" and hint.unit_id is None


def test_a_unit_of_the_list_is_matched():
    hint = suggest_unit("Ban Tuyên giáo Huyện ủy: Tham mưu các văn bản chỉ đạo", UNITS)
    assert hint is not None and hint.unit_id == 2
