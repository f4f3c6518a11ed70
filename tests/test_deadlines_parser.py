"""core.deadlines: every kind of deadline plans write, and property tests."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach_desktop.core.dates import format_citation_date
from kehoach_desktop.core.deadlines import find_deadline

D = dt.date


@pytest.mark.parametrize(
    "text, kind, start, end, every",
    [
        ("hoàn thành trước ngày 31/5/2024.", "date", None, D(2024, 5, 31), ""),
        ("báo cáo chậm nhất ngày 15 tháng 12 năm 2024", "date", None, D(2024, 12, 15), ""),
        ("trước ngày 15/12", "date", None, D(2023, 12, 15), ""),  # year from the plan
        ("từ ngày 01/3/2024 đến ngày 30/4/2024", "range", D(2024, 3, 1), D(2024, 4, 30), ""),
        ("(Thời gian tổ chức từ tháng 02 đến tháng 4/2024)", "range", D(2024, 2, 1), D(2024, 4, 30), ""),
        ("(Quý 1/2024)", "period", D(2024, 1, 1), D(2024, 3, 31), ""),
        ("trong Quý IV năm 2024", "period", D(2024, 10, 1), D(2024, 12, 31), ""),
        ("Quý II", "period", D(2023, 4, 1), D(2023, 6, 30), ""),
        ("6 tháng đầu năm 2024", "period", D(2024, 1, 1), D(2024, 6, 30), ""),
        ("6 tháng cuối năm 2024", "period", D(2024, 7, 1), D(2024, 12, 31), ""),
        ("hoàn thành trong tháng 6/2025", "period", D(2025, 6, 1), D(2025, 6, 30), ""),
        ("dự kiến vào đầu năm 2023", "period", D(2023, 1, 1), D(2023, 3, 31), ""),
        ("cuối năm 2024", "period", D(2024, 10, 1), D(2024, 12, 31), ""),
        ("Trong năm 2024, tiến hành tổng kết", "period", D(2024, 1, 1), D(2024, 12, 31), ""),
        ("định kỳ 6 tháng, năm", "periodic", None, None, "half"),
        ("báo cáo hằng tháng", "periodic", None, None, "month"),
        ("giao ban hàng quý", "periodic", None, None, "quarter"),
        ("Báo cáo định kỳ hàng năm công tác lịch sử Đảng", "periodic", None, None, "year"),
        ("phát sóng hằng tuần", "periodic", None, None, "week"),
        ("định kỳ báo cáo kết quả", "periodic", None, None, ""),
        ("Thường xuyên kiểm tra, giám sát", "ongoing", None, None, ""),
        ("(có kế hoạch riêng)", "separate_plan", None, None, ""),
        ("(có kế hoạch tổng kết riêng)", "separate_plan", None, None, ""),
        ("(sẽ có hướng dẫn riêng)", "separate_plan", None, None, ""),
        ("(thực hiện khi có thông báo của Ban Tuyên giáo Trung ương)", "separate_plan", None, None, ""),
        ("(*có thông báo thực hiện chương trình cụ thể sau*)", "separate_plan", None, None, ""),
        ("(có công văn riêng)", "separate_plan", None, None, ""),
    ],
)
def test_kinds(text, kind, start, end, every):
    found = find_deadline(text, 2023)
    assert found is not None
    assert (found.kind, found.start, found.end, found.every) == (kind, start, end, every)
    assert found.text and found.text in text  # the words it was read from, with diacritics


def test_precision_order():
    # A quarter is more precise than "có kế hoạch riêng"; a separate plan beats "thường xuyên".
    assert find_deadline("Sơ kết (Quý 1/2024) (có kế hoạch riêng)").kind == "period"
    assert find_deadline("Thường xuyên theo dõi (có kế hoạch riêng)").kind == "separate_plan"
    assert find_deadline("(có hướng dẫn cụ thể trong năm 2022)").kind == "separate_plan"


@pytest.mark.parametrize(
    "text",
    [
        "Kỷ niệm 94 năm Ngày thành lập Đảng (03/2/1930 – 03/2/2024)",
        "Quy định số 208-QĐ/TW, ngày 08/11/2019 của Ban Bí thư",
        "giai đoạn 2021 - 2025",
        "đến năm 2030",
        "quy định số 5",
        "Quý 5/2024",
        "trước ngày 31/02/2024",
        "",
        "   ",
    ],
)
def test_not_deadlines(text):
    assert find_deadline(text, 2024) is None


def test_json_and_due():
    found = find_deadline("(Quý 1/2024)")
    assert found.to_json() == {"kind": "period", "start": "2024-01-01", "end": "2024-03-31", "text": "Quý 1/2024"}
    assert found.due == D(2024, 3, 31)
    assert find_deadline("hằng quý").due is None


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=200), st.one_of(st.none(), st.integers(-5, 99999)))
def test_any_text_never_crashes(text, year):
    found = find_deadline(text, year)
    if found is not None:
        assert found.kind in ("date", "range", "period", "periodic", "ongoing", "separate_plan")
        if found.start and found.end:
            assert found.start <= found.end


_TOKENS = [
    "trước ngày ",
    "từ tháng ",
    " đến tháng ",
    "Quý ",
    "IV",
    "/",
    "năm ",
    "2024",
    "13",
    "31",
    "02",
    "0",
    "hằng ",
    "tháng",
    "quý",
    "định kỳ",
    " ",
    ",",
    "(",
    ")",
    "có kế hoạch riêng",
    "6 tháng đầu năm ",
    "ngày ",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join), st.one_of(st.none(), st.integers(1900, 2200)))
def test_deadline_like_text_never_crashes(text, year):
    find_deadline(text, year)


@settings(max_examples=300, deadline=None)
@given(st.dates(D(1990, 1, 1), D(2100, 12, 31)))
def test_formatted_dates_read_back(day):
    found = find_deadline(f"- Các chi bộ báo cáo kết quả trước ngày {format_citation_date(day)}.")
    assert (found.kind, found.end) == ("date", day)
    words = find_deadline(f"hoàn thành chậm nhất ngày {day.day} tháng {day.month} năm {day.year}")
    assert words.end == day


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4), st.integers(1990, 2100), st.integers(1, 12), st.integers(1, 12))
def test_periods_read_back(quarter, year, m1, m2):
    q = find_deadline(f"(Quý {quarter}/{year})")
    assert (q.start, q.end.month, q.end.year) == (D(year, 3 * quarter - 2, 1), 3 * quarter, year)
    first, last = min(m1, m2), max(m1, m2)
    r = find_deadline(f"từ tháng {first:02d} đến tháng {last}/{year}")
    assert (r.kind, r.start, r.end.month) == ("range", D(year, first, 1), last)
