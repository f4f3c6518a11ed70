"""Document numbers: every tolerated variant and every number in the sample plans."""

import re

import pytest

from kehoach_desktop.core.numbers import DocNumber, NumberError, canonical, format_number_line, parse_number

VARIANTS = [
    # (as typed, canonical, type name)
    ("73-HD/BTGTU", "73-HD/BTGTU", "Hướng dẫn"),
    ("208-QĐi/TW", "208-QĐi/TW", "Quy định"),
    ("30/2020/NĐ-CP", "30/2020/NĐ-CP", "Nghị định"),
    ("155/KH-UBND", "155/KH-UBND", "Kế hoạch"),
    ("116/2018/NQ-HĐND", "116/2018/NQ-HĐND", "Nghị quyết"),
    ("798 - KL/TU", "798-KL/TU", "Kết luận"),
    ("58- KH/BTGTU", "58-KH/BTGTU", "Kế hoạch"),
    ("64- HD/BTGTU", "64-HD/BTGTU", "Hướng dẫn"),
    ("04 NQ/TU", "04-NQ/TU", "Nghị quyết"),
    ("Số: 12-KH/ĐU", "12-KH/ĐU", "Kế hoạch"),
    ("Số 31-KH/BTGDUK", "31-KH/BTGDUK", "Kế hoạch"),
    ("số 01-kl/tw", "01-KL/TW", "Kết luận"),
    ("12-KH/ÐU", "12-KH/ĐU", "Kế hoạch"),  # Icelandic Eth typed for Đ
    ("5-KH/ĐU", "05-KH/ĐU", "Kế hoạch"),  # numbers run from 01
    ("1080-ĐA/TU", "1080-ĐA/TU", "Đề án"),
    ("2448-QĐ/BTGTW", "2448-QĐ/BTGTW", "Quyết định"),
    ("01-ctr/thu", "01-CTr/ThU", "Chương trình"),
    ("Số: 123/UBND-VP", "123/UBND-VP", None),  # State công văn: no type code
    ("887-CV/BTGTU.", "887-CV/BTGTU", "Công văn"),
]


@pytest.mark.parametrize("typed,expected,type_name", VARIANTS)
def test_variants_normalise_to_one_canonical_form(typed, expected, type_name):
    number = parse_number(typed)
    assert number.format() == expected
    assert number.type_name == type_name
    # The canonical form is a fixed point.
    assert parse_number(expected).format() == expected


def test_state_numbers_keep_year_and_body():
    n = parse_number("30/2020/NĐ-CP")
    assert (n.serial, n.year, n.type_code, n.body, n.style) == (30, 2020, "NĐ", "CP", "state")


@pytest.mark.parametrize("bad", ["", "hello", "KH/ĐU", "12-/ĐU", "Số", "12 tháng 5"])
def test_non_numbers_raise_a_vietnamese_error(bad):
    with pytest.raises(NumberError) as err:
        parse_number(bad)
    assert "số ký hiệu" in str(err.value)


def test_canonical_leaves_non_numbers_alone():
    assert canonical("  không phải số ") == "không phải số"


def test_number_line_party_and_state_styles():
    assert format_number_line("31-KH/BTGDUK", "KH", "BTGDUK") == "Số 31-KH/BTGDUK"
    assert format_number_line(None, "KH", "ĐU") == "Số      -KH/ĐU"
    assert format_number_line("155/KH-UBND", "KH", "UBND", style="state") == "Số: 155/KH-UBND"
    assert format_number_line(None, "KH", "UBND", style="state").startswith("Số:")


# Every number that appears in the three sample plans, with its canonical form,
# written by reading the documents.
SAMPLE_NUMBERS = {
    "01-KL/TW",
    "208-QĐ/TW",
    "20-CT/TW",
    "05-CT/TW",
    "94-KL/TW",
    "35-NQ/TW",
    "23-CT/TW",
    "05-HD/BTCTW",
    "883-QĐ/BTGTW",
    "39-KH/TU",
    "37-NQ/TW",
    "285-QĐ/TW",
    "21-KL/TW",
    "1080-ĐA/TU",
    "102-HD/BTGTW",
    "02-HD/TW",
    "97-HD/BTGTW",
    "887-CV/BTGTU",
    "85-HD/BTGTU",
    "74-KH/BTGTU",
    "73-HD/BTGTU",
    "70-HD/BTGTU",
    "66-KL/TW",
    "64-HD/BTGTU",
    "61-KH/QU",
    "58-KH/BTGTU",
    "57-QĐ/TW",
    "55-HD/BTGTW",
    "53-KH/HU",
    "49-KH/TU",
    "42-CT/TW",
    "41-QĐ/TW",
    "41-HD/BTGTU",
    "37-QĐ/TW",
    "31-KH/BTGDUK",
    "2448-QĐ/BTGTW",
    "24-QĐ/TW",
    "20-KL/TU",
    "185-QĐ/TW",
    "168-KH/TU",
    "119-KH/QU",
    "110-HD/BTGTW",
    "104-KH/TU",
    "07-NQ/HU",
    "04-NQ/HU",
    "04-NQ/TU",
    "02-QC/TU",
    "47-HD/BTGTW",
}
NUMBER_RE = re.compile(r"\d{1,4} ?[-–]? ?[A-ZĐa-zđ]{1,6}/[A-ZĐa-zđ]{1,10}")


@pytest.mark.samples
def test_every_number_in_the_samples_parses_to_its_canonical_form(sample):
    found = set()
    for key in ("khoa_giao_2024", "llct_2022", "llct_2024"):
        for raw in NUMBER_RE.findall(sample(key)):
            found.add(parse_number(raw).format())
    assert found == SAMPLE_NUMBERS


def test_doc_number_round_trip_by_construction():
    n = DocNumber(7, "KH", "ĐU")
    assert n.format() == "07-KH/ĐU"
    assert parse_number(n.format()) == n


def test_state_body_codes_keep_their_mixed_case():
    assert parse_number("749/qđ-ttg").format() == "749/QĐ-TTg"
