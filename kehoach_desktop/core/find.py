"""Find in a plan: every place whose text contains a query, diacritic- and case-insensitively.

Matching is on :func:`~kehoach_desktop.core.text.fold`-ed text ("muc dich" finds
"MỤC ĐÍCH", "d" finds "đ"), in document order. Each node's text is folded once when a
:class:`FindIndex` is built (the editor builds one per reload of the plan), so typing a
query only scans the folded strings. Offsets of a match point into the node's own
text, so a view can select the matched span. No Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .document import Node
from .text import fold


@dataclass(frozen=True)
class Match:
    node_id: int
    start: int  # offsets into the node's text (Python str indexes), end exclusive
    end: int


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """*text* folded, plus for each folded character the index of the character it came from.

    Folding character by character gives the same string as :func:`fold` on the whole
    text (combining marks, decomposed or not, fold to nothing).
    """
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        f = _fold_char(ch)
        if f:
            out.append(f)
            where.extend([i] * len(f))
    return "".join(out), where


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return fold(ch)


def searchable_text(node: Node) -> str:
    """What find looks at in a node: its text, then a table's cells (one per line)."""
    if node.kind == "table" and node.rows:
        cells = "\n".join(cell for row in node.rows for cell in row if cell)
        return f"{node.text}\n{cells}" if node.text else cells
    return node.text


def document_nodes(roots: Iterable[Node]) -> list[tuple[int, str]]:
    """(id, searchable text) of every node with an id under *roots*, in document order."""
    out: list[tuple[int, str]] = []
    for root in roots:
        for node in root.walk():
            if node.id is not None:
                out.append((node.id, searchable_text(node)))
    return out


class FindIndex:
    """The folded texts of one plan's nodes, in document order, ready for queries."""

    def __init__(self, nodes: Iterable[tuple[int, str]]):
        self._entries: list[tuple[int, str, str, list[int]]] = []
        for node_id, text in nodes:
            folded, where = fold_with_offsets(text or "")
            self._entries.append((node_id, text or "", folded, where))

    def __len__(self) -> int:
        return len(self._entries)

    def find(self, query: str) -> list[Match]:
        """Every occurrence of *query* (folded, stripped), in document order; none for an empty query."""
        needle = fold((query or "").strip())
        if not needle:
            return []
        size = len(needle)
        out: list[Match] = []
        for node_id, text, folded, where in self._entries:
            at = folded.find(needle)
            while at >= 0:
                start = where[at]
                end = where[at + size - 1] + 1
                # Take the marks that belong to the last matched letter (decomposed text).
                while end < len(text) and not _fold_char(text[end]):
                    end += 1
                out.append(Match(node_id, start, end))
                at = folded.find(needle, at + size)
        return out


def find_in_nodes(nodes: Iterable[tuple[int, str]], query: str) -> list[Match]:
    """One-off search over (node id, text) pairs in document order."""
    return FindIndex(nodes).find(query)
