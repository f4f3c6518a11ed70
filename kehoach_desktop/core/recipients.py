"""Nơi nhận: the recipient lines at the end of a plan.

A plan stores its recipients as the lines the exporters print after ``- ``, with
their punctuation (``Ban Tuyên giáo Tỉnh ủy (để báo cáo),`` … ``Lưu VT.``). The
editor works on :class:`Recipient` items (name + "để báo cáo" mark) and turns them
back into lines with :func:`to_lines`, so the punctuation is always consistent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import fold, nfc, squash_spaces

REPORT_MARK = "(để báo cáo)"
_MARK_RE = re.compile(r"\s*\((?:để\s+báo\s+cáo|b/c|để\s+b/c|báo\s+cáo)\)\s*$", re.IGNORECASE)
# Conversion noise from two-column Word tables: "Ban Tuyên giáo Thành ủy; | (để)".
_PIPE_RE = re.compile(r"\s*\|.*$")


@dataclass
class Recipient:
    name: str
    report: bool = False  # "(để báo cáo)": sent upward for information

    def line(self) -> str:
        return f"{self.name} {REPORT_MARK}" if self.report else self.name


def tidy_name(text: str) -> str:
    """One space before a parenthesised note and none inside it: "Tỉnh( B/c)" → "Tỉnh (B/c)",
    "TDP ( Thực hiện)" → "TDP (Thực hiện)" — how typists leave it, how it is printed."""
    text = re.sub(r"\s*[,;]?\s*\(\s*", " (", text)  # «Ban Tuyên giáo TW,→(để báo cáo)»: no comma before it
    text = re.sub(r"\s+\)", ")", text)
    return squash_spaces(text).strip()


def is_filing_line(text: str) -> bool:
    """``Lưu VT.``, ``Lưu: Văn phòng Quận ủy.``, ``Lưu VP, BTGĐUK.``"""
    return fold(text).lstrip("- ").startswith("luu")


def parse_line(text: str) -> Recipient:
    line = squash_spaces(_PIPE_RE.sub("", nfc(text))).lstrip("-–+ ").rstrip(" ,;.")
    report = bool(_MARK_RE.search(line))
    if report:
        line = _MARK_RE.sub("", line).rstrip(" ,;")
    return Recipient(line, report)


def from_lines(lines: list[str]) -> tuple[list[Recipient], str]:
    """Stored lines → (recipients, filing line without its final dot)."""
    items: list[Recipient] = []
    filing = ""
    for raw in lines:
        if not raw.strip():
            continue
        if is_filing_line(raw):
            filing = parse_line(raw).name
        else:
            items.append(parse_line(raw))
    return items, filing


def to_lines(items: list[Recipient], filing: str = "Lưu VT", sep: str = ",") -> list[str]:
    """Recipients → stored lines: each ends with *sep*, the filing line with a dot."""
    lines = [f"{r.line()}{sep}" for r in items if r.name.strip()]
    filing = filing.strip().rstrip(".")
    if filing:
        lines.append(f"{filing}.")
    elif lines:
        lines[-1] = lines[-1].rstrip(",;") + "."
    return lines
