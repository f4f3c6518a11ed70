"""Numbering styles at every level, computed from the tree (never stored)."""

from __future__ import annotations

import pytest

from kehoach_desktop.core.document import Node, PlanDocument
from kehoach_desktop.core.numbering import STYLES, apply_labels, letter, roman


def _tree() -> list[Node]:
    # I > 1 > 1.1 > a) > bullet > nested bullet; plus paragraph, second siblings everywhere.
    deep = Node(
        "section",
        "a-level",
        children=[
            Node("bullet", "b1", children=[Node("bullet", "nested")]),
            Node("paragraph", "para"),
        ],
    )
    l3 = [Node("section", "1.1", children=[deep, Node("section", "b-level")]), Node("section", "1.2")]
    l2 = [Node("section", "one", children=l3), Node("paragraph", "loose"), Node("section", "two")]
    return [
        Node("section", "MỤC ĐÍCH", children=l2),
        Node("section", "NỘI DUNG"),
        Node("section", "TỔ CHỨC THỰC HIỆN"),
    ] + [Node("section", f"x{i}") for i in range(1)]


def _labels(style: str) -> dict[str, str]:
    doc = PlanDocument(sections=_tree(), numbering_style=style)
    apply_labels(doc)
    return {n.text: n.label for n in doc.walk()}


@pytest.mark.parametrize(
    "style, expected",
    [
        (
            "party-dot",
            {
                "MỤC ĐÍCH": "I.",
                "NỘI DUNG": "II.",
                "TỔ CHỨC THỰC HIỆN": "III.",
                "x0": "IV.",
                "one": "1.",
                "two": "2.",
                "1.1": "1.1.",
                "1.2": "1.2.",
                "a-level": "a)",
                "b-level": "b)",
                "b1": "-",
                "nested": "+",
                "para": "",
                "loose": "",
            },
        ),
        (
            "party-dash",
            {
                "MỤC ĐÍCH": "I-",
                "NỘI DUNG": "II-",
                "TỔ CHỨC THỰC HIỆN": "III-",
                "x0": "IV-",
                "one": "1-",
                "two": "2-",
                "1.1": "1.1-",
                "1.2": "1.2-",
                "a-level": "a)",
                "b-level": "b)",
                "b1": "-",
                "nested": "+",
                "para": "",
                "loose": "",
            },
        ),
        (
            "party-dot-alpha",
            {
                "MỤC ĐÍCH": "I.",
                "one": "1.",
                "two": "2.",
                "1.1": "a)",
                "1.2": "b)",
                "a-level": "a)",
                "b-level": "b)",
                "b1": "-",
                "nested": "+",
            },
        ),
        ("party-dash-alpha", {"MỤC ĐÍCH": "I-", "one": "1-", "1.1": "a)", "1.2": "b)"}),
        (
            "party-dash-roman",
            {
                "MỤC ĐÍCH": "I-",
                "NỘI DUNG": "II-",
                "one": "1.",
                "two": "2.",
                "1.1": "1.1.",
                "1.2": "1.2.",
                "a-level": "a)",
            },
        ),
    ],
)
def test_labels_every_level(style, expected):
    labels = _labels(style)
    for text, label in expected.items():
        assert labels[text] == label, (style, text)


def test_second_level_numbers_restart_under_each_roman_section():
    doc = PlanDocument(
        sections=[
            Node("section", "A", children=[Node("section", "a1"), Node("section", "a2")]),
            Node(
                "section",
                "B",
                children=[Node("paragraph", "p"), Node("section", "b1", children=[Node("section", "b11")])],
            ),
        ]
    )
    apply_labels(doc)
    got = {n.text: n.label for n in doc.walk()}
    assert got == {"A": "I.", "a1": "1.", "a2": "2.", "B": "II.", "p": "", "b1": "1.", "b11": "1.1."}


def test_unknown_style_falls_back_to_default():
    assert _labels("no-such-style")["1.1"] == "1.1."


def test_roman_and_vietnamese_letters():
    assert [roman(n) for n in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]
    # Official lettering skips f, j, w, z and has đ after d.
    assert [letter(n) for n in range(1, 9)] == ["a", "b", "c", "d", "đ", "e", "g", "h"]
    assert letter(24) == "aa"


def test_every_style_documents_an_example():
    for st in STYLES.values():
        assert st.example.startswith("I")


def test_load_document_labels_from_store(demo_db):
    from kehoach_desktop.store import plans

    plan_id = demo_db.scalar("SELECT id FROM plans")
    doc = plans.load_document(demo_db, plan_id)
    assert [n.label for n in doc.sections] == ["I.", "II.", "III."]
    assert doc.sections[1].children[0].label == "1."
    assert doc.sections[1].children[0].children[0].label == "-"
