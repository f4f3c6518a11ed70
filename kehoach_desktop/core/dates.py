"""Official Vietnamese date formatting and tolerant parsing."""

from __future__ import annotations

import datetime as dt
import re

from .text import fold, nfc


class DateError(ValueError):
    """A date that cannot exist or cannot be read; the message is for the user."""


def _pad(value: int, month: bool = False) -> str:
    # Day < 10 and months 1–2 take a leading zero; other months do not.
    if month:
        return f"{value:02d}" if value <= 2 else str(value)
    return f"{value:02d}"


def format_official(d: dt.date) -> str:
    """``ngày 03 tháng 4 năm 2018`` — the form used in headers."""
    return f"ngày {_pad(d.day)} tháng {_pad(d.month, month=True)} năm {d.year}"


def format_place_date(place: str, d: dt.date | None) -> str:
    """``Ba Đình, ngày 20 tháng 01 năm 2022``; a missing date leaves blanks to fill by hand."""
    place = nfc(place).strip()
    if d is None:
        body = "ngày     tháng     năm     "
    else:
        body = format_official(d)
    return f"{place}, {body}" if place else body


def format_short(d: dt.date | None) -> str:
    """``16/11/2023`` — the form used inside citations and Excel sheets."""
    return "" if d is None else f"{d.day:02d}/{d.month:02d}/{d.year}"


def format_timestamp(text: str | None) -> str:
    """``2026-12-02T13:28:05`` (as stored) → ``02/12/2026 13:28`` (as shown); '' for nothing."""
    if not text:
        return ""
    try:
        t = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    return f"{format_short(t.date())} {t:%H:%M}" if "T" in text or " " in text else format_short(t.date())


def format_citation_date(d: dt.date) -> str:
    """``18/5/2021``, ``08/02/2018``: the same zero rule as headers, as the samples write it."""
    return f"{_pad(d.day)}/{_pad(d.month, month=True)}/{d.year}"


_NUMERIC_RE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?\s*$")
_SAID_RE = re.compile(r"^\s*ngay\s+|\s*\.\s*$")
_WORDS_RE = re.compile(r"^\s*(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})\s*$")


def _make(year: int, month: int, day: int, original: str) -> dt.date:
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError(
            f"Ngày «{original.strip()}» không tồn tại (ngày {day}, tháng {month}, năm {year}). "
            "Hãy kiểm tra lại ngày và tháng."
        ) from None


def parse_date(text: str | dt.date | None) -> dt.date:
    """Read ``18/5/2021``, ``3/11/2021``, ``ngày 20 tháng 01 năm 2022`` or ISO dates.

    Raises :class:`DateError` with a Vietnamese message for unreadable or
    impossible dates (``31/02/2024``).
    """
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    if text is None or not str(text).strip():
        raise DateError("Chưa nhập ngày.")
    original = nfc(str(text))
    m = _ISO_RE.match(original)
    if m:
        return _make(int(m[1]), int(m[2]), int(m[3]), original)
    m = _NUMERIC_RE.match(original) or _NUMERIC_RE.match(_SAID_RE.sub("", fold(original)))
    if m:  # "5/11/2026", and as units write it in a sheet: "ngày 5/11/2026", "5/11/2026."
        return _make(int(m[3]), int(m[2]), int(m[1]), original)
    m = _WORDS_RE.match(fold(original).replace(",", " "))
    if m:
        return _make(int(m[3]), int(m[2]), int(m[1]), original)
    raise DateError(f"Không đọc được ngày «{original.strip()}». Hãy nhập theo dạng ngày/tháng/năm, ví dụ 18/5/2021.")


def parse_date_or_none(text: str | dt.date | None) -> dt.date | None:
    try:
        return parse_date(text)
    except DateError:
        return None


def to_iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def from_iso(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


# From this month on, a new plan is for the coming year: yearly plans are drafted in November and
# December («Kế hoạch … năm 2027» written in December 2026), and a title «… năm 2026» made then
# is the stale year the domain warns about (the walk's new plan in December said «năm 2026»).
NEXT_YEAR_FROM_MONTH = 11


def default_plan_year(today: dt.date | None = None) -> int:
    """The year a new plan is for unless the user says otherwise."""
    today = today or dt.date.today()
    return today.year + 1 if today.month >= NEXT_YEAR_FROM_MONTH else today.year
