"""Text fields refuse nothing valid (any Unicode, 100,000-character paragraphs), store
control characters safely, and search input is never read as query syntax."""

from __future__ import annotations

import random
import sqlite3
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach_desktop.core.text import clean
from kehoach_desktop.store import directives, plans
from kehoach_desktop.store.search import fts_query, search_directives, search_plans


def _big_paragraph(n: int = 100_000) -> str:
    rnd = random.Random(11)
    pieces = [
        "Đảng bộ",
        "quán triệt",
        "Nghị quyết",
        "năm 2026",
        "—",
        "“trích dẫn”",
        "½",
        "№",
        "😀",
        "👩‍👩‍👧",
        "漢字",
        "עברית",
        "العربية",
        "ﷺ",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "e\u0301",
        "\u00a0",
        "\t",
        "\n",
        "Ω",
        "ß",
        "İ",
        "ǅ",
    ]
    out, size = [], 0
    while size < n:
        piece = rnd.choice(pieces) + " "
        out.append(piece)
        size += len(piece)
    return "".join(out)[:n]


def test_100k_character_paragraph_round_trips(db):
    text = _big_paragraph()
    pid = plans.create(db, {"title": "Kế hoạch dài"})
    nid = plans.insert_node(db, pid, None, None, "paragraph", text + " chuyendoisohoa")
    stored = db.scalar("SELECT text FROM plan_nodes WHERE id = ?", (nid,))
    assert stored == clean(text + " chuyendoisohoa")
    assert len(stored) >= 99_000
    plans.reindex(db, pid)
    assert search_plans(db, "chuyendoisohoa") == [pid]
    doc = plans.load_document(db, pid)
    assert doc.sections[0].text == stored


def test_directive_fields_take_any_unicode(db):
    summary = _big_paragraph(20_000)
    did = directives.add(
        db,
        {
            "doc_type": "Công văn",
            "number": "1-CV/VP",
            "issuer": "Văn phòng 漢字 😀",
            "summary": summary,
            "notes": "ghi chú\n\tthụt lề",
        },
    )
    row = directives.get_row(db, did)
    assert row["summary"] == clean(summary) and row["issuer"] == "Văn phòng 漢字 😀"
    assert row["notes"] == "ghi chú\n\tthụt lề"  # tab and newline kept


def test_control_characters_are_stored_safely(db):
    dirty = "Kế\x00 hoạch\x07 số\x1b 12\x0b\x0c\x7f\ufffe\ud800 xong\r\nhết"
    did = directives.add(db, {"doc_type": "Công văn", "number": "2-CV/VP", "issuer": "x", "summary": dirty})
    stored = directives.get_row(db, did)["summary"]
    assert stored == "Kế hoạch số 12 xong\nhết"
    assert not any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in stored)
    pid = plans.create(db, {"title": "tiêu\x00đề"})
    nid = plans.insert_node(db, pid, None, None, "paragraph", "đoạn\x01văn\ud83d")
    assert db.scalar("SELECT text FROM plan_nodes WHERE id = ?", (nid,)) == "đoạnvăn"
    assert db.scalar("SELECT title FROM plans WHERE id = ?", (pid,)) == "tiêuđề"


def test_decomposed_input_is_stored_composed(db):
    nfd = unicodedata.normalize("NFD", "Nghị quyết về công tác cán bộ")
    did = directives.add(db, {"doc_type": "Nghị quyết", "number": "3-NQ/TU", "issuer": "x", "summary": nfd})
    assert directives.get_row(db, did)["summary"] == unicodedata.normalize("NFC", nfd)
    assert search_directives(db, "cán bộ") == [did]


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.text(max_size=400))
def test_any_valid_text_round_trips(db, text):
    did = directives.add(db, {"doc_type": "Công văn", "number": "", "issuer": "x", "summary": text})
    assert directives.get_row(db, did)["summary"] == clean(text).strip() or directives.get_row(db, did)[
        "summary"
    ] == clean(text)
    search_directives(db, text)  # any text as a query: never an error


# -- search input is data, never syntax ----------------------------------------------------
SYNTAX = [
    '"',
    '""',
    '"chưa đóng',
    "-",
    "-KH",
    "*",
    "a*",
    "NEAR",
    "NEAR(a b)",
    "OR",
    "AND",
    "NOT",
    "a OR b",
    "a AND NOT b",
    "(",
    ")",
    "(a",
    "a)",
    "^a",
    "summary:a",
    "folded:x",
    "{a b}",
    "'",
    ";",
    "'; DROP TABLE directives; --",
    "\\",
    "%",
    "_",
    "a\x00b",
    "\u0000",
    "🙂",
    "+",
    ":",
    "..",
    "a - b",
]


@pytest.fixture
def registry(db):
    ids = {}
    for number, summary in [
        ("1-NQ/TU", "về công tác cán bộ OR nhân sự"),
        ("2-CT/TU", "về tăng cường NEAR vùng biên giới"),
        ("3-KH/HU", "kế hoạch kiểm tra giám sát"),
        ("4-CV/VP", "về việc không liên quan"),
    ]:
        ids[number] = directives.add(
            db, {"doc_type": "Nghị quyết", "number": number, "issuer": "Tỉnh ủy", "summary": summary}
        )
    return ids


@pytest.mark.parametrize("query", SYNTAX)
def test_fts_syntax_is_never_interpreted(db, registry, query):
    try:
        search_directives(db, query)
    except sqlite3.Error as exc:  # pragma: no cover - the failure we guard against
        pytest.fail(f"query {query!r} reached FTS as syntax: {exc}")
    assert db.scalar("SELECT COUNT(*) FROM directives") == 4  # nothing dropped


def test_operators_are_words(db, registry):
    # "OR" is not a union: both words must be there, and "or" is just a word
    assert search_directives(db, "cán bộ OR nhân sự") == [registry["1-NQ/TU"]]
    assert search_directives(db, "kiểm tra OR biên giới") == []
    # "NEAR" is a word like any other
    assert search_directives(db, "NEAR") == [registry["2-CT/TU"]]
    # a leading minus is not NOT: "-KH" finds the KH document instead of excluding it
    assert registry["3-KH/HU"] in search_directives(db, "-KH")
    # quotes and parentheses are dropped, the words stay
    assert search_directives(db, '"kiểm tra" (giám sát') == [registry["3-KH/HU"]]
    assert search_directives(db, "*") == []


def test_fts_query_quotes_every_term():
    q = fts_query('a OR "b" NEAR(c) -d * e:f')
    assert q == '"a"* "or"* "b"* "near"* "c"* "d"* "e"* "f"*'
