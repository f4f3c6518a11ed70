"""The pre-signing checks on plans derived from real upstream documents (outside walk of cụ thể
hóa, issue 15): what a commune plan quotes from the upstream — a law named with its year, its
amendment year — is no «year of an old plan»; a real slip still is."""

from __future__ import annotations

import pytest

from kehoach_desktop.core.checks_domain import year_slips


@pytest.mark.parametrize(
    "text",
    [
        # mt-luongminh-hd-bau-cu-2025 (tests/corpus), quoted into a 2026 plan
        "Thực hiện theo Điều 21, 24, 25 của Luật Bầu cử năm 2015 (được sửa đổi, bổ sung năm 2025);",
        "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025 và Luật Bầu cử đại biểu Quốc hội và "
        "đại biểu Hội đồng nhân dân năm 2015;",
        "Bộ luật Lao động năm 2019 quy định",
    ],
)
def test_a_law_s_year_and_its_amendment_year_are_no_slip(text):
    assert year_slips(text, 2026) == ()


@pytest.mark.parametrize(
    "text",
    [
        "Tuyên truyền Luật Đất đai, hoàn thành trong năm 2025.",
        "Xây dựng kế hoạch kiểm tra năm 2025 trước ngày 30/3.",
    ],
)
def test_a_year_of_last_year_s_work_is_still_a_slip(text):
    assert [y for *_, y in year_slips(text, 2026)] == [2025]
