"""A unit types a percent with the Vietnamese decimal comma; whole percents are stored and a
half goes up, never down to the even neighbour (the outside walk saw «50,5» stored as 50)."""

from __future__ import annotations

import pytest

from kehoach_desktop.tracking.excel_import import _percent


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("50,5", 51), ("51,5", 52), ("80%", 80), (" 99,4 % ", 99), (0.5, 50), (0.125, 13), (100, 100), ("0", 0)],
)
def test_percent_as_a_unit_types_it(typed, stored):
    assert _percent(typed) == stored


@pytest.mark.parametrize("typed", ["120", "-1", "nửa", True])
def test_percent_out_of_range_or_not_a_number_says_what_to_type(typed):
    with pytest.raises(ValueError, match="từ 0 đến 100"):
        _percent(typed)
