"""Automatic numbering of a plan's section tree.

Labels are computed from the tree and the plan's numbering style every time a
plan is loaded or shown; they are never stored, so moving, indenting or deleting
an item renumbers everything after it.

Styles (``plans.numbering_style``, office default in ``OfficeProfile``):

==================  ========  =======  ===========  ============
name                level 1   level 2  level 3      level 4+
==================  ========  =======  ===========  ============
``party-dot``       ``I.``    ``1.``   ``1.1.``     ``a)``
``party-dash``      ``I-``    ``1-``   ``1.1-``     ``a)``
``party-dot-alpha`` ``I.``    ``1.``   ``a)``       ``a)``
``party-dash-alpha````I-``    ``1-``   ``a)``       ``a)``
``party-dash-roman````I-``    ``1.``   ``1.1.``     ``a)``
==================  ========  =======  ===========  ============

Only ``section`` nodes are numbered, by the number of section ancestors. A
``bullet`` is ``-``, a bullet inside a bullet ``+``; a ``paragraph`` has no label.
Letters follow the Vietnamese order used in official texts: a, b, c, d, đ, e, g …
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .document import Node, PlanDocument

# Vietnamese legal texts letter their points a) b) c) d) đ) e) g) h) i) k) …
LETTERS = [
    "a",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "g",
    "h",
    "i",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "x",
    "y",
]

_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def roman(n: int) -> str:
    out = []
    for value, digits in _ROMAN:
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)


def letter(n: int) -> str:
    """1 → a, 5 → đ, 24 → aa (beyond the alphabet, doubled letters)."""
    if n <= len(LETTERS):
        return LETTERS[n - 1]
    q, r = divmod(n - 1, len(LETTERS))
    return letter(q) + LETTERS[r]


@dataclass(frozen=True)
class NumberingStyle:
    name: str
    title: str  # shown in the style picker
    sep: str  # "." or "-"
    alpha_level3: bool  # level 3 lettered a) instead of 1.1.
    roman_sep: str = ""  # level 1 separator when it differs from the others (I- with 1.)

    def section_label(self, path: list[int]) -> str:
        """Label of a section at ``len(path)`` levels deep; *path* holds 1-based counters."""
        depth = len(path)
        n = path[-1]
        if depth == 1:
            return f"{roman(n)}{self.roman_sep or self.sep}"
        if depth == 2:
            return f"{n}{self.sep}"
        if depth == 3 and not self.alpha_level3:
            return f"{path[1]}.{n}{self.sep}"
        return f"{letter(n)})"

    @property
    def example(self) -> str:
        return " / ".join(self.section_label(p) for p in ([1], [1, 1], [1, 1, 1], [1, 1, 1, 1]))


STYLES: dict[str, NumberingStyle] = {
    s.name: s
    for s in (
        NumberingStyle("party-dot", "I. / 1. / 1.1. / a)", ".", False),
        NumberingStyle("party-dash", "I- / 1- / 1.1- / a)", "-", False),
        NumberingStyle("party-dot-alpha", "I. / 1. / a)", ".", True),
        NumberingStyle("party-dash-alpha", "I- / 1- / a)", "-", True),
        NumberingStyle("party-dash-roman", "I- / 1. / 1.1. / a)", ".", False, "-"),
    )
}
DEFAULT_STYLE = "party-dot"


def style(name: str | None) -> NumberingStyle:
    return STYLES.get(name or DEFAULT_STYLE, STYLES[DEFAULT_STYLE])


def compute_labels(
    roots: Iterable[Any],
    style_name: str | None,
    children: Callable[[Any], list[Any]] = lambda n: n.children,
    kind: Callable[[Any], str] = lambda n: n.kind,
) -> dict[int, str]:
    """``id(node) → label`` for any tree of node-like objects (GUI models use this too)."""
    st = style(style_name)
    out: dict[int, str] = {}

    def visit(nodes: Iterable[Any], path: list[int], in_bullet: bool) -> None:
        counter = 0
        for node in nodes:
            k = kind(node)
            if k == "section":
                counter += 1
                here = [*path, counter]
                out[id(node)] = st.section_label(here)
                visit(children(node), here, False)
            elif k == "bullet":
                out[id(node)] = "+" if in_bullet else "-"
                visit(children(node), path, True)
            else:
                out[id(node)] = ""
                visit(children(node), path, in_bullet)

    visit(list(roots), [], False)
    return out


def label_nodes(roots: list[Node], style_name: str | None) -> None:
    """Set ``label`` on every node in place (one pass; the editor calls this on every reload).

    A node carrying the label its imported source wrote (``source_label``: "(1)", a repeated
    "1.") shows that label until the user asks «Đánh số lại» (issue 16)."""
    st = style(style_name)

    def visit(nodes: list[Node], path: list[int], in_bullet: bool) -> None:
        counter = 0
        for node in nodes:
            kind = node.kind
            if node.source_label:
                node.label = node.source_label
                if kind == "section":
                    counter += 1
                if node.children:
                    visit(node.children, [*path, counter] if kind == "section" else path, kind == "bullet")
                continue
            if kind == "section":
                counter += 1
                here = [*path, counter]
                node.label = st.section_label(here)
                if node.children:
                    visit(node.children, here, False)
            elif kind == "bullet":
                node.label = "+" if in_bullet else "-"
                if node.children:
                    visit(node.children, path, True)
            else:
                node.label = ""
                if node.children:
                    visit(node.children, path, in_bullet)

    visit(roots, [], False)


def apply_labels(doc: PlanDocument) -> PlanDocument:
    """Set ``label`` on every node of *doc* (sections and each appendix numbered apart)."""
    label_nodes(doc.sections, doc.numbering_style)
    for appendix in doc.appendices:
        appendix.label = ""
        label_nodes(appendix.children, doc.numbering_style)
    return doc


_LEGAL_UNIT_RE = re.compile(r"^(phần|chương|mục|điều)\s", re.IGNORECASE)


def legal_unit(label: str) -> str:
    """«điều» for a label «Điều 1.», «chương» for «Chương II» (also «phần», «mục»), else "": how
    a Quy định or Quy chế laid out in Phần/Chương/Mục/Điều is printed (issue 18)."""
    m = _LEGAL_UNIT_RE.match(f"{label or ''} ")
    return m[1].lower() if m else ""
