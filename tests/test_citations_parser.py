"""core.citations: citations in running text, as real plans write them; property tests."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach_desktop.core.citations import find_citations, parse_citation, unique_references
from kehoach_desktop.core.dates import format_citation_date
from kehoach_desktop.core.numbers import STATE_TYPE_NAMES, TYPE_NAMES, DocNumber, parse_number


def one(text):
    found = find_citations(text)
    assert len(found) == 1, found
    c = found[0]
    return c.doc_type, c.number, c.date, c.issuer, c.subject


def test_full_citation():
    assert one(
        "Căn cứ Hướng dẫn số 73-HD/BTGTU, ngày 16/11/2023 của Ban Tuyên giáo Tỉnh ủy về thực hiện "
        "công tác lý luận chính trị năm 2024, Ban Thường vụ Huyện ủy ban hành"
    ) == (
        "Hướng dẫn",
        "73-HD/BTGTU",
        dt.date(2023, 11, 16),
        "Ban Tuyên giáo Tỉnh ủy",
        "thực hiện công tác lý luận chính trị năm 2024",
    )


def test_without_so_without_date_stray_spaces():
    assert one(
        "Bám sát tinh thần Nghị quyết 37-NQ/TW ngày 09/10/2014 của Bộ Chính trị khóa XI về “Công tác lý luận”"
    ) == ("Nghị quyết", "37-NQ/TW", dt.date(2014, 10, 9), "Bộ Chính trị", "Công tác lý luận")
    assert one("theo Kết luận số 798 - KL/TU của Ban Thường vụ Tỉnh ủy.")[:4] == (
        "Kết luận",
        "798-KL/TU",
        None,
        "Ban Thường vụ Tỉnh ủy",
    )
    assert one("Kế hoạch số 58- KH/BTGTU, ngày 04/5/2022 của Ban Tuyên giáo Tỉnh ủy")[1:3] == (
        "58-KH/BTGTU",
        dt.date(2022, 5, 4),
    )
    assert one("Nghị quyết số 04 NQ/TU ngày 31/5/2021 về “Tập trung xây dựng”")[:4] == (
        "Nghị quyết",
        "04-NQ/TU",
        dt.date(2021, 5, 31),
        "",
    )


def test_state_numbers_and_dates_in_words():
    assert one("Nghị quyết số 116/2018/NQ-HĐND ngày 07 tháng 12 năm 2018 của Hội đồng nhân dân tỉnh về chính sách")[
        :4
    ] == ("Nghị quyết", "116/2018/NQ-HĐND", dt.date(2018, 12, 7), "Hội đồng nhân dân tỉnh")
    assert one("Kế hoạch số 155/KH-UBND, ngày 3/1/2025 của UBND huyện")[:4] == (
        "Kế hoạch",
        "155/KH-UBND",
        dt.date(2025, 1, 3),
        "UBND huyện",
    )


def test_date_after_issuer_and_typo_in_type():
    assert one("Chỉ thị số 20-CT/TW của Ban Bí thư Trung ương Đảng (khóa XII) ngày 18/1/2018; Hướng")[:4] == (
        "Chỉ thị",
        "20-CT/TW",
        dt.date(2018, 1, 18),
        "Ban Bí thư Trung ương Đảng",
    )
    assert one("HHhhhướng dẫn số 02-HD/TW, ngày 08/02/2018 của Ban Bí thư về tổng kết")[:4] == (
        "Hướng dẫn",
        "02-HD/TW",
        dt.date(2018, 2, 8),
        "Ban Bí thư",
    )
    assert one("tiếp tục thực hiện Đế án số 1080-ĐA/TU")[:2] == ("Đề án", "1080-ĐA/TU")


def test_list_of_citations_keeps_each_issuer_and_subject_apart():
    found = find_citations(
        "Kế hoạch số 39-KH/TU ngày 21/9/2021 của Thành ủy và Kế hoạch số 61-KH/QU ngày 28/10/2021 của Quận ủy về "
        "“Đẩy mạnh học tập”; Nghị quyết số 04-NQ/HU, ngày 15/9/2021 của BCH Đảng bộ huyện về công tác cán bộ, "
        "Nghị quyết số 07-NQ/HU ngày 15/3/2022 của BCH Đảng bộ huyện về tăng cường"
    )
    assert [(c.number, c.issuer, c.subject) for c in found] == [
        ("39-KH/TU", "Thành ủy", ""),
        ("61-KH/QU", "Quận ủy", "Đẩy mạnh học tập"),
        ("04-NQ/HU", "BCH Đảng bộ huyện", "công tác cán bộ"),
        ("07-NQ/HU", "BCH Đảng bộ huyện", "tăng cường"),
    ]


def test_subject_that_names_another_document_is_kept_whole():
    found = find_citations(
        "Kế hoạch số 168-KH/TU, ngày 24/5/2019 của Tỉnh ủy về thực hiện Nghị quyết số "
        "35-NQ/TW, ngày 22/10/2018 của Bộ Chính trị về tăng cường bảo vệ nền tảng."
    )
    assert found[0].subject.startswith("thực hiện Nghị quyết số 35-NQ/TW")
    assert (found[1].number, found[1].date, found[1].issuer) == ("35-NQ/TW", dt.date(2018, 10, 22), "Bộ Chính trị")


def test_no_false_citations():
    assert find_citations("giai đoạn 2020 - 2025, kỷ niệm (03/2/1930 – 03/2/2024), xe 2 km/h, CT-XH, UB. MTTQ") == []


def test_noise_is_ignored_and_unique_references_merge():
    refs = unique_references(
        "[bookmark: _Hlk1]Hướng dẫn số 05-HD/BTCTW ngày 19/5/2021 về **nội dung**; "
        "Hướng dẫn số 05-HD/BTCTW, ngày 19/5/2021 của Ban Tổ chức Trung ương"
    )
    assert len(refs) == 1
    assert (refs[0].issuer, refs[0].subject) == ("Ban Tổ chức Trung ương", "nội dung")


def test_parse_citation_fills_default_issuer():
    cite = parse_citation("Quy định 208-QĐ/TW, ngày 08/11/2019")
    assert (cite.doc_type, cite.number, cite.issuer) == ("Quy định", "208-QĐ/TW", "")
    bare = parse_citation("73-HD/BTGTU")
    assert (bare.doc_type, bare.issuer) == ("Hướng dẫn", "Ban Tuyên giáo Tỉnh ủy")
    assert parse_citation("không có số nào ở đây") is None


# -- property tests ------------------------------------------------------------------------------
_TOKENS = list('0123456789-/ .,;:()“”"ĐđễẾ\n*[]') + [
    "Kế hoạch",
    "Nghị quyết",
    " số ",
    "-KH/",
    "/2018/",
    "ngày 31/02/2024",
    "của Ban",
    "về “",
    "khóa XII",
    "ĐU",
    "Hướng dẫn",
    "NQ-HĐND",
    "TW",
    "ngày ",
    "tháng ",
    "năm 2024",
    "(khóa XII)",
    "[bookmark: x]",
]
_NOISY = st.lists(st.sampled_from(_TOKENS), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), _NOISY))
def test_any_text_never_crashes(text):
    for cite in find_citations(text):
        assert cite.number
        assert 0 <= cite.start <= cite.end
    unique_references(text)
    parse_citation(text)


_PARTY_BODIES = ["TW", "TU", "ThU", "HU", "QU", "ĐU", "ĐUK", "BTGTU", "BTGTW", "BTCTW", "VPTW", "UBKTTU", "BTGDUK"]
_STATE_BODIES = ["CP", "UBND", "HĐND", "BTC", "BNV", "TTg"]  # TTg: Thủ tướng, canonical mixed case
_ISSUERS = [
    "Ban Tuyên giáo Tỉnh ủy",
    "Bộ Chính trị",
    "Hội đồng nhân dân tỉnh",
    "Ủy ban nhân dân huyện",
    "Ban Thường vụ Huyện ủy",
]
_SUBJECTS = [
    "tăng cường công tác tuyên giáo",
    "chính sách hỗ trợ phát triển văn hóa cơ sở",
    "thực hiện công tác lý luận chính trị năm 2024",
]
_PARTY_CODES = [c for c in TYPE_NAMES if c not in ("NĐ", "L")]
_STATE_CODES = [c for c in STATE_TYPE_NAMES if c not in ("QĐi", "CTr", "TTr", "L")]

party_numbers = st.builds(
    DocNumber, st.integers(1, 9999), st.sampled_from(_PARTY_CODES), st.sampled_from(_PARTY_BODIES), st.just("party")
)
state_numbers = st.builds(
    DocNumber,
    st.integers(1, 9999),
    st.sampled_from(_STATE_CODES),
    st.sampled_from(_STATE_BODIES),
    st.just("state"),
    st.one_of(st.none(), st.integers(1990, 2030)),
)
dates = st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31))


@settings(max_examples=300, deadline=None)
@given(st.one_of(party_numbers, state_numbers))
def test_formatted_numbers_parse_back_equal(number):
    assert parse_number(number.format()) == number


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(party_numbers, state_numbers), dates, st.sampled_from(_ISSUERS), st.sampled_from(_SUBJECTS), st.booleans()
)
def test_formatted_citation_reads_back(number, day, issuer, subject, with_so):
    type_name = (STATE_TYPE_NAMES if number.style == "state" else TYPE_NAMES)[number.type_code]
    text = (
        f"Thực hiện {type_name}{' số' if with_so else ''} {number.format()}, ngày {format_citation_date(day)} "
        f"của {issuer} về {subject}, Ban Thường vụ xây dựng kế hoạch."
    )
    found = find_citations(text)
    assert len(found) == 1
    cite = found[0]
    assert parse_number(cite.number) == number
    assert (cite.doc_type, cite.date, cite.issuer, cite.subject) == (type_name, day, issuer, subject)


def test_quotes_in_subjects_stay_balanced():
    found = find_citations(
        "Thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị "
        "số 05-CT/TW về “Đẩy mạnh học tập” (gọi tắt là Kết luận 01-KL/TW)"
    )
    assert found[0].subject == "tiếp tục thực hiện Chỉ thị số 05-CT/TW về “Đẩy mạnh học tập”"
    assert found[1].subject == "Đẩy mạnh học tập"
    inner = find_citations(
        "(bố cục theo Hướng dẫn 102-HD/BTGTW ngày 30/9/2019 của Ban Tuyên giáo Trung ương về "
        "triển khai Chỉ thị số 20-CT/TW về “Tiếp tục tăng cường”)"
    )
    assert inner[0].subject == "triển khai Chỉ thị số 20-CT/TW về “Tiếp tục tăng cường”"
