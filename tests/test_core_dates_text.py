"""Official dates, tolerant date parsing, NFC, folding and the Vietnamese sort key."""

import datetime as dt
import unicodedata

import pytest

from kehoach_desktop.core.dates import DateError, format_citation_date, format_official, format_place_date, parse_date
from kehoach_desktop.core.text import clean, fold, nfc, sort_key


@pytest.mark.parametrize(
    "date,expected",
    [
        (dt.date(2018, 4, 3), "ngày 03 tháng 4 năm 2018"),
        (dt.date(2026, 1, 9), "ngày 09 tháng 01 năm 2026"),
        (dt.date(2018, 2, 20), "ngày 20 tháng 02 năm 2018"),
        (dt.date(2023, 11, 16), "ngày 16 tháng 11 năm 2023"),
        (dt.date(2022, 3, 28), "ngày 28 tháng 3 năm 2022"),
    ],
)
def test_official_date_has_leading_zeros_for_day_and_months_1_2(date, expected):
    assert format_official(date) == expected


def test_place_and_date_line_and_blank_date():
    assert format_place_date("Ba Đình", dt.date(2022, 1, 20)) == "Ba Đình, ngày 20 tháng 01 năm 2022"
    assert format_place_date("Hòa Bình", None).startswith("Hòa Bình, ngày     tháng")


def test_citation_dates_follow_the_same_zero_rule_as_the_samples():
    assert format_citation_date(dt.date(2021, 5, 18)) == "18/5/2021"
    assert format_citation_date(dt.date(2018, 2, 8)) == "08/02/2018"
    assert format_citation_date(dt.date(2014, 10, 9)) == "09/10/2014"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("18/5/2021", dt.date(2021, 5, 18)),
        ("3/11/2021", dt.date(2021, 11, 3)),
        ("ngày 20 tháng 01 năm 2022", dt.date(2022, 1, 20)),
        ("Ngày 3 tháng 4 năm 2018", dt.date(2018, 4, 3)),
        ("2024-05-31", dt.date(2024, 5, 31)),
        ("31.12.2026", dt.date(2026, 12, 31)),
        (" 08 / 02 / 2018 ", dt.date(2018, 2, 8)),
    ],
)
def test_parse_date_variants(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("bad", ["31/02/2024", "30/2/2023", "0/1/2020", "32/1/2020", "29/02/2023"])
def test_impossible_dates_give_a_clear_error(bad):
    with pytest.raises(DateError) as err:
        parse_date(bad)
    assert "không tồn tại" in str(err.value)


@pytest.mark.parametrize("bad", ["", "mai", "tháng sau"])
def test_unreadable_dates_say_what_to_type(bad):
    with pytest.raises(DateError) as err:
        parse_date(bad)
    assert str(err.value)


def test_leap_day_is_fine():
    assert parse_date("29/02/2024") == dt.date(2024, 2, 29)


def test_nfc_and_clean():
    decomposed = unicodedata.normalize("NFD", "CỘNG HÒA")
    assert decomposed != "CỘNG HÒA"
    assert nfc(decomposed) == "CỘNG HÒA"
    assert clean("a\x00b\x07c\r\nd\te") == "abc\nd\te"
    assert nfc(None) == ""


@pytest.mark.parametrize(
    "text,folded",
    [
        ("Đường", "duong"),
        ("đảng", "dang"),
        ("Lý luận", "ly luan"),
        ("ẾỰỐỘ", "euoo"),
        ("Huyện uỷ", "huyen uy"),
        ("HƯỚNG DẪN", "huong dan"),
    ],
)
def test_fold_drops_every_mark_and_maps_d(text, folded):
    assert fold(text) == folded
    assert fold(unicodedata.normalize("NFD", text)) == folded


def test_vietnamese_sort_order():
    words = ["Z", "ơ", "Ă", "a", "đ", "d", "Ê", "e", "ô", "o", "Bính", "Bình", "anh", "ăn", "Ánh", "Ảnh"]
    assert sorted(words, key=sort_key) == [
        "a",
        "anh",
        "Ảnh",
        "Ánh",
        "Ă",
        "ăn",
        "Bình",
        "Bính",
        "d",
        "đ",
        "e",
        "Ê",
        "o",
        "ô",
        "ơ",
        "Z",
    ]


def test_sort_key_groups_base_letters_before_tones():
    # "Ba" (no tone) < "Bà" (huyền) < "Bả" < "Bã" < "Bá" < "Bạ", all before "Bă…"
    assert sorted(["Bạ", "Bá", "Bã", "Bả", "Bà", "Ba", "Băm"], key=sort_key) == [
        "Ba",
        "Bà",
        "Bả",
        "Bã",
        "Bá",
        "Bạ",
        "Băm",
    ]


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (dt.date(2026, 1, 5), 2026),
        (dt.date(2026, 10, 31), 2026),
        (dt.date(2026, 11, 1), 2027),
        (dt.date(2026, 12, 3), 2027),
    ],
)
def test_a_new_plan_made_in_the_last_two_months_is_for_the_coming_year(today, year):
    """The walk's «Kế hoạch mới» on 03/12/2026 proposed «… năm 2026»: a stale year in the title."""
    from kehoach_desktop.core.dates import default_plan_year

    assert default_plan_year(today) == year
