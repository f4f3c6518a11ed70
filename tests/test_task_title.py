"""A task's short title stops at the first sentence end, not at an abbreviation's dot.

Found by the outside walk: a real plan's item «Các TCCS Đảng trực thuộc, UB. MTTQ và các đoàn
thể, cơ quan, đơn vị thực hiện có hiệu quả Kết luận số 01-KL/TW …» became the task «Các TCCS
Đảng trực thuộc, UB» in the tracking table, the Excel sheets and the reports. The imported
plan and the cụ thể hóa draft name their tasks the same way (one function)."""

from __future__ import annotations

from kehoach_desktop.core.derive.model import short_title
from kehoach_desktop.core.document import task_title

ITEM = (
    "Các TCCS Đảng trực thuộc, UB. MTTQ và các đoàn thể, cơ quan, đơn vị thực hiện có hiệu quả Kết luận "
    "số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị. Tổ chức sơ kết vào cuối năm."
)


def test_an_abbreviation_dot_is_not_a_sentence_end():
    assert task_title(ITEM) == (
        "Các TCCS Đảng trực thuộc, UB. MTTQ và các đoàn thể, cơ quan, đơn vị thực hiện có hiệu quả Kết luận "
        "số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị"
    )
    assert task_title("Phối hợp với TP. Hà Tĩnh và Tp. Vinh tổ chức hội nghị. Báo cáo kết quả.") == (
        "Phối hợp với TP. Hà Tĩnh và Tp. Vinh tổ chức hội nghị"
    )


def test_sentence_ends_still_cut_the_title():
    assert task_title("Xây dựng kế hoạch. Triển khai thực hiện.") == "Xây dựng kế hoạch"
    assert task_title("Tổ chức hội nghị; báo cáo kết quả về Đảng ủy.") == "Tổ chức hội nghị"
    assert task_title("Báo cáo kết quả về Ban Thường vụ Tỉnh ủy (qua Văn phòng Tỉnh ủy).") == (
        "Báo cáo kết quả về Ban Thường vụ Tỉnh ủy (qua Văn phòng Tỉnh ủy)"
    )


def test_the_draft_names_its_tasks_as_the_editor_does():
    for text in (ITEM, "Xây dựng kế hoạch. Triển khai.", "Phối hợp với TP. Hà Tĩnh tổ chức hội nghị."):
        assert short_title(text) == task_title(text)
