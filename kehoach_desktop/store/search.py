"""Search with or without diacritics (pitfall 3).

The index holds a folded shadow text (lower case, marks dropped, đ→d) and the
lower-cased original. Queries are folded the same way and quoted term by term, so
user input is never read as FTS syntax. Accented matches rank first.
"""

from __future__ import annotations

import re

from ..core.text import fold, nfc
from .db import Database

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def _directive_text(db: Database, directive_id: int) -> str | None:
    row = db.one(
        "SELECT doc_type, number, issuer, summary, notes, issued_on FROM directives WHERE id = ?", (directive_id,)
    )
    if row is None:
        return None
    return " ".join(str(row[k] or "") for k in ("doc_type", "number", "issuer", "summary", "notes"))


def index_directive(db: Database, directive_id: int) -> None:
    text = _directive_text(db, directive_id)
    db.execute("DELETE FROM directive_fts WHERE rowid = ?", (directive_id,))
    if text is not None:
        db.execute(
            "INSERT INTO directive_fts(rowid, folded, plain) VALUES (?, ?, ?)",
            (directive_id, fold(text), nfc(text).lower()),
        )


def unindex_directive(db: Database, directive_id: int) -> None:
    db.execute("DELETE FROM directive_fts WHERE rowid = ?", (directive_id,))


def index_plan(db: Database, plan_id: int, text: str) -> None:
    db.execute("DELETE FROM plan_fts WHERE rowid = ?", (plan_id,))
    db.execute("INSERT INTO plan_fts(rowid, folded, plain) VALUES (?, ?, ?)", (plan_id, fold(text), nfc(text).lower()))


def unindex_plan(db: Database, plan_id: int) -> None:
    db.execute("DELETE FROM plan_fts WHERE rowid = ?", (plan_id,))


def fts_query(query: str) -> str:
    """Fold and quote each term: ``73-HD "dang`` → ``"73"* "hd"* "dang"*``."""
    terms = _TOKEN_RE.findall(fold(query))
    return " ".join(f'"{t}"*' for t in terms)


QUICK_LIMIT = 50  # a drop-down's worth of results (type-ahead): the first keystrokes take the quick road
RANK_AT_MOST = 500  # hits ranked with bm25; more than that ("t", "tu") are not ranked
NEWEST = 200  # of an unranked result, the newest documents looked at (accented matches first)


def _quick(db: Database, table: str, match: str, exact: str, limit: int) -> list[int] | None:
    """The first keystrokes match half the registry: ranking every hit with bm25 costs
    ~200 ms at 100,000 documents. One unranked look at the newest RANK_AT_MOST + 1 hits:
    when there are more, the answer is the newest documents, accented matches first
    (unranked, LIMIT); None when the hits are few enough to rank (the caller ranks them)."""
    cur = db.conn.cursor()
    cur.row_factory = None
    rows = cur.execute(
        f"SELECT rowid, instr(plain, ?) > 0 FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT ?",
        (exact, match, RANK_AT_MOST + 1),
    ).fetchall()
    if len(rows) <= RANK_AT_MOST:
        return None
    newest = rows[: max(NEWEST, limit)]
    newest.sort(key=lambda r: not r[1])  # stable: accented first, each part newest first
    return [int(r[0]) for r in newest[:limit]]


def _search(db: Database, table: str, query: str, limit: int) -> list[int]:
    query = nfc(query).strip()
    if not query:
        return []
    exact = query.lower()
    if db.has_fts5:
        match = fts_query(query)
        if not match:
            return []
        if limit <= QUICK_LIMIT:
            quick = _quick(db, table, match, exact, limit)
            if quick is not None:
                return quick
        rows = db.all(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ? "
            f"ORDER BY (instr(plain, ?) > 0) DESC, bm25({table}), rowid LIMIT ?",
            (match, exact, limit),
        )
    else:  # LIKE fallback on the folded text
        terms = _TOKEN_RE.findall(fold(query))
        if not terms:
            return []
        where = " AND ".join("folded LIKE ? ESCAPE '\\'" for _ in terms)
        # Escape LIKE's own wildcards: "_" is a word character and would match anything.
        params = ["%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for t in terms]
        rows = db.all(
            f"SELECT rowid FROM {table} WHERE {where} ORDER BY (instr(plain, ?) > 0) DESC, rowid LIMIT ?",
            (*params, exact, limit),
        )
    return [int(r[0]) for r in rows]


def search_directives(db: Database, query: str, limit: int = 200) -> list[int]:
    """Ids of matching documents, best first.

    A document whose own number starts with the query comes first ("01-KL" finds
    01-KL/TW before the plans that cite it), then accented matches, then folded ones.
    """
    ids = _search(db, "directive_fts", query, limit)
    if ids and any(ch.isdigit() for ch in query):
        prefix = fold(query.strip()).replace(" ", "")
        marks = ",".join("?" for _ in ids)
        own = {
            r[0]
            for r in db.all(f"SELECT id, number FROM directives WHERE id IN ({marks})", ids)
            if fold(r[1]).replace(" ", "").startswith(prefix)
        }
        if own:
            ids = [i for i in ids if i in own] + [i for i in ids if i not in own]
    return ids


def search_plans(db: Database, query: str, limit: int = 200) -> list[int]:
    return _search(db, "plan_fts", query, limit)


def rebuild(db: Database) -> None:
    with db.transaction():
        db.execute("DELETE FROM directive_fts")
        for (did,) in db.all("SELECT id FROM directives"):
            index_directive(db, did)
