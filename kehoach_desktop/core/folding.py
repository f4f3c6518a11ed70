"""A fast, length-preserving :func:`core.text.fold` for parsers that scan long texts.

``fold_aligned(text)`` gives one character per input character (lower case, no
diacritics, đ→d), so a match found in the folded text has the same span in the
original. Each distinct character is folded once and remembered; the importer,
the citation finder and the deadline reader fold every line of a plan.
"""

from __future__ import annotations

from functools import lru_cache

from .text import fold


def _table() -> dict[int, str]:
    """Every Latin letter with or without marks (incl. all Vietnamese), combining marks → " "."""
    table: dict[int, str] = {}
    for code in list(range(0x250)) + list(range(0x1E00, 0x1F00)) + list(range(0x300, 0x370)):
        folded = fold(chr(code))
        value = folded[:1] if folded else " "
        if value != chr(code):
            table[code] = value
    return table


# A plain dict: str.translate is much faster with it than with a __missing__ hook.
# Characters outside these ranges are kept as they are (length is what matters).
# Filled on first use (~1,000 fold() calls): importing this module costs nothing (issue 19).
_TABLE: dict[int, str] = {}


@lru_cache(maxsize=4096)
def fold_aligned(text: str) -> str:
    """fold() with exactly one output character per input character.

    Cached: a paragraph is folded by the citation finder, the deadline reader and
    the unit matcher in turn."""
    if not _TABLE:
        _TABLE.update(_table())
    return text.translate(_TABLE) if text else ""
