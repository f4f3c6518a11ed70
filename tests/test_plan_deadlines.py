"""Deadline and unit suggestions when an item is marked as a task."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from kehoach_desktop.core.task_hints import suggest_deadline, suggest_unit, unit_phrase
from kehoach_desktop.core.text import fold, nfc

D = dt.date
# Every deadline phrasing that occurs in the three real sample plans, with what it means.
SAMPLE_PHRASES = [
    ("(Thời gian tổ chức từ tháng 02 đến tháng 4/2024)", "range", D(2024, 2, 1), D(2024, 4, 30)),
    ("Sơ kết 03 năm thực hiện Kết luận số 01-KL/TW (Quý 1/2024).", "period", D(2024, 1, 1), D(2024, 3, 31)),
    ("(có kế hoạch riêng)", "separate_plan", None, None),
    ("Trong năm 2024, tiến hành tổng kết 10 năm (có kế hoạch tổng kết riêng)", "separate_plan", None, None),
    ("(thực hiện khi có thông báo của Ban Tuyên giáo Trung ương)", "separate_plan", None, None),
    ("tổ chức hội nghị Báo cáo viên hằng tháng", "periodic", None, None),
    ("Thực hiện báo cáo định kỳ cuối năm về việc thực hiện công tác lịch sử Đảng", "periodic", None, None),
    ("tham gia sơ kết, tổng kết... định kỳ.", "periodic", None, None),
    ("Thường xuyên kiểm tra, giám sát các cấp ủy", "ongoing", None, None),
    ("(có hướng dẫn cụ thể trong năm 2022)", "separate_plan", None, None),
    ("Chuyên đề năm 2022 (sẽ có hướng dẫn riêng)", "separate_plan", None, None),
    ("(có thông báo thực hiện chương trình cụ thể sau)", "separate_plan", None, None),
    (
        "Chuẩn bị các nội dung cần thiết phục vụ sơ kết, dự kiến vào đầu năm 2023.",
        "period",
        D(2023, 1, 1),
        D(2023, 3, 31),
    ),
    ("Báo cáo định kỳ hàng năm công tác lịch sử Đảng", "periodic", None, None),
    ("(có kế hoạch cụ thể sau)", "separate_plan", None, None),
    ("tổ chức giao ban chuyên đề, giao ban quý, 6 tháng, 9 tháng khi cần thiết", "periodic", None, None),
    ("(có công văn riêng)", "separate_plan", None, None),
    ("theo tài liệu mới (sau khi Trung ương ban hành)", "separate_plan", None, None),
    ("định kỳ báo cáo kết quả công tác khoa giáo về Ban Tuyên giáo Tỉnh ủy", "periodic", None, None),
    ("(sẽ có hướng dẫn cụ thể sau khi Ban Tuyên giáo Tỉnh ủy hướng dẫn)", "separate_plan", None, None),
    ("kế hoạch đào tạo, bồi dưỡng hàng năm", "periodic", None, None),
    # And the forms the issue names.
    ("hoàn thành trước ngày 31/5/2024", "date", None, D(2024, 5, 31)),
    ("báo cáo hằng quý", "periodic", None, None),
    ("báo cáo định kỳ 6 tháng, năm", "periodic", None, None),
]


@pytest.mark.parametrize("text, kind, start, end", SAMPLE_PHRASES)
def test_every_sample_deadline_phrase_is_suggested(text, kind, start, end):
    found = suggest_deadline(text, 2024)
    assert found is not None, text
    assert found.kind == kind
    if start or end:
        assert (found.start, found.end) == (start, end)
    assert fold(found.text) in fold(nfc(text))


def test_no_deadline_in_plain_text():
    assert suggest_deadline("Nâng cao nhận thức của cán bộ, đảng viên về công tác lý luận chính trị.", 2024) is None


_CUE_RE = re.compile(
    r"truoc ngay|\(quy \d|tu thang|hang thang|hang quy|hang nam|dinh ky|thuong xuyen|ke hoach (?:\w+ )*rieng|"
    r"huong dan rieng|huong dan cu the|cong van rieng|khi co thong bao|dau nam \d|sau khi trung uong|"
    r"giao ban quy|thong bao (?:\w+ )*cu the sau"
)


def _cue_lines(text: str) -> list[str]:
    lines = [nfc(line).strip() for line in nfc(text).split("\n")]
    return [line for line in lines if _CUE_RE.search(fold(line))]


def _assert_all_suggested(text: str) -> int:
    lines = _cue_lines(text)
    missed = [line[:90] for line in lines if suggest_deadline(line, 2024) is None]
    assert not missed
    return len(lines)


def test_own_fixture_lines_with_deadlines_all_get_a_suggestion():
    folder = Path(__file__).resolve().parent / "fixtures"
    total = sum(
        _assert_all_suggested((folder / name).read_text(encoding="utf-8"))
        for name in ("plan_huyen_2025.txt", "plan_khoi_2025.txt", "plan_quan_2023_nfd.txt")
    )
    assert total >= 12


@pytest.mark.samples
@pytest.mark.parametrize("key", ["llct_2024", "llct_2022", "khoa_giao_2024"])
def test_real_sample_lines_with_deadlines_all_get_a_suggestion(sample, key):
    assert _assert_all_suggested(sample(key)) >= 2


UNITS = [
    (1, "Ban Tuyên giáo Huyện ủy", "BTG"),
    (2, "Trung tâm chính trị huyện", "TTCT"),
    (3, "Ủy ban Mặt trận Tổ quốc huyện", "MTTQ"),
    (4, "Văn phòng Huyện ủy", "VP"),
]


@pytest.mark.parametrize(
    "text, phrase, unit",
    [
        ("2. Ban Tuyên giáo Huyện ủy: Tham mưu các văn bản chỉ đạo …", "Ban Tuyên giáo Huyện ủy", 1),
        ("Trung tâm chính trị huyện: Xây dựng kế hoạch triển khai thực hiện", "Trung tâm chính trị huyện", 2),
        ("MTTQ: Tuyên truyền trong đoàn viên, hội viên", "MTTQ", 3),
        ("Ban Tuyên giáo Quận ủy", "Ban Tuyên giáo Quận ủy", None),  # a heading naming an unknown unit
        ("UBND huyện: Chỉ đạo phòng chuyên môn", "UBND huyện", None),
    ],
)
def test_unit_suggestion_from_organisation_items(text, phrase, unit):
    hint = suggest_unit(text, UNITS)
    assert hint is not None and hint.name == phrase and hint.unit_id == unit


def test_no_unit_in_ordinary_sentences():
    assert (
        unit_phrase(
            "Tăng cường kiểm tra, giám sát thực hiện nề nếp việc đào tạo, bồi dưỡng lý luận chính trị, "
            "cập nhật kiến thức cho cán bộ, đảng viên; chất lượng giảng dạy."
        )
        == ""
    )
    assert suggest_unit("Xây dựng kế hoạch cụ thể, tổ chức thực hiện.", UNITS) is None
