"""Relations between registry documents: thay thế, sửa đổi bổ sung, bãi bỏ, hết hiệu lực.

A row says "*directive_id* {kind} *target*" (for ``expires`` set by the user,
*directive_id* may be empty: "the target has expired"). The target is a registered
document (*target_id*) or, until it is registered, its number (*target_number*).
Rows come from the user (registry form) or from phrases in an imported text
(:func:`record_detected`, which the importer calls). Issue 17.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..core import numbers
from ..core.dates import format_short, from_iso, to_iso
from ..core.relations import KINDS, PASSIVE, RelationInfo, detect_relations
from .db import Database, now_iso


class RelationError(ValueError):
    """A relation the registry refuses; the message is for the user."""


def _label(row: Any, prefix: str = "") -> str:
    if row is None:
        return ""
    number = row[f"{prefix}number"]
    text = f"{row[f'{prefix}doc_type']} số {number}" if number else row[f"{prefix}doc_type"]
    day = from_iso(row[f"{prefix}issued_on"])
    return f"{text}, ngày {format_short(day)}" if day else text


def add(
    db: Database,
    directive_id: int | None,
    kind: str,
    *,
    target_id: int | None = None,
    target_number: str = "",
    effective_on: dt.date | None = None,
    origin: str = "user",
    note: str = "",
) -> int:
    if kind not in KINDS:
        raise RelationError(f"Quan hệ «{kind}» không hợp lệ; chọn một trong: {', '.join(KINDS.values())}.")
    if directive_id is None and kind != "expires":
        raise RelationError("Cần chọn văn bản thay thế, sửa đổi hoặc bãi bỏ.")
    target_number = (
        numbers.canonical(target_number) if numbers.try_parse(target_number or "") else (target_number or "")
    )
    if target_id is None and target_number:
        found = db.scalar("SELECT id FROM directives WHERE number = ? ORDER BY id LIMIT 1", (target_number,))
        target_id = int(found) if found is not None else None
    if target_id is None and not target_number:
        raise RelationError("Chưa chọn văn bản bị thay thế, sửa đổi, bãi bỏ hoặc hết hiệu lực.")
    if target_id is not None and target_id == directive_id:
        raise RelationError("Một văn bản không thể thay thế, sửa đổi hoặc bãi bỏ chính nó.")
    if target_id is not None and not target_number:
        target_number = db.scalar("SELECT number FROM directives WHERE id = ?", (target_id,)) or ""
    with db.transaction():
        dup = db.scalar(
            "SELECT id FROM directive_relations WHERE directive_id IS ? AND kind = ? "
            "AND (target_id IS ? AND target_number = ?)",
            (directive_id, kind, target_id, target_number),
        )
        if dup is not None:
            return int(dup)
        cur = db.execute(
            "INSERT INTO directive_relations(directive_id, kind, target_id, target_number, effective_on, origin, note, "
            "created_at) VALUES (?,?,?,?,?,?,?,?)",
            (directive_id, kind, target_id, target_number, to_iso(effective_on), origin, note, now_iso()),
        )
        rel_id = int(cur.lastrowid or 0)
        db.audit("directive", directive_id or target_id or 0, "relation", {"kind": kind, "target": target_number})
    return rel_id


def delete(db: Database, rel_id: int) -> dict[str, Any] | None:
    with db.transaction():
        row = db.one("SELECT * FROM directive_relations WHERE id = ?", (rel_id,))
        if row is None:
            return None
        db.execute("DELETE FROM directive_relations WHERE id = ?", (rel_id,))
        return dict(row)


def restore(db: Database, row: dict[str, Any]) -> None:
    with db.transaction():
        db.execute(
            f"INSERT OR IGNORE INTO directive_relations({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
            list(row.values()),
        )


def resolve_pending(db: Database) -> int:
    """Link relations recorded by number to documents registered since."""
    with db.transaction():
        cur = db.execute(
            "UPDATE directive_relations SET target_id = (SELECT d.id FROM directives d "
            "WHERE d.number = directive_relations.target_number ORDER BY d.id LIMIT 1) "
            "WHERE target_id IS NULL AND target_number <> '' "
            "AND EXISTS (SELECT 1 FROM directives d WHERE d.number = directive_relations.target_number)"
        )
        return cur.rowcount


_SELECT = (
    "SELECT r.*, a.doc_type AS a_doc_type, a.number AS a_number, a.issued_on AS a_issued_on, "
    "t.doc_type AS t_doc_type, t.number AS t_number, t.issued_on AS t_issued_on "
    "FROM directive_relations r LEFT JOIN directives a ON a.id = r.directive_id "
    "LEFT JOIN directives t ON t.id = r.target_id OR (r.target_id IS NULL AND t.number = r.target_number) "
)


def for_directive(db: Database, directive_id: int) -> list[dict[str, Any]]:
    """The relations a document takes part in, each with a sentence for the form."""
    number = db.scalar("SELECT number FROM directives WHERE id = ?", (directive_id,)) or "\x00"
    out = []
    for r in db.all(
        _SELECT + "WHERE r.directive_id = ? OR r.target_id = ? OR (r.target_id IS NULL AND r.target_number = ?) "
        "ORDER BY r.id",
        (directive_id, directive_id, number),
    ):
        acting = r["directive_id"] == directive_id
        target = _label(r, "t_") if r["t_doc_type"] else f"văn bản số {r['target_number']}"
        day = from_iso(r["effective_on"])
        when = f" từ ngày {format_short(day)}" if day else ""
        if acting:
            text = f"{KINDS[r['kind']].capitalize()} {target}{when}"
        elif r["directive_id"] is None:
            text = f"Văn bản này {PASSIVE[r['kind']]}{when}"
        else:
            text = f"Văn bản này {PASSIVE[r['kind']]} {_label(r, 'a_')}{when}"
        out.append({"id": r["id"], "kind": r["kind"], "acting": acting, "text": text, "origin": r["origin"]})
    return out


def infos_by_number(db: Database, targets: set[str] | None = None) -> dict[str, list[RelationInfo]]:
    """Relations by the affected document's number (for the checks)."""
    out: dict[str, list[RelationInfo]] = {}
    for r in db.all(_SELECT):
        number = r["t_number"] or r["target_number"]
        if not number or (targets is not None and number not in targets):
            continue
        out.setdefault(number, []).append(
            RelationInfo(
                r["kind"],
                number,
                r["a_number"] or "",
                _label(r, "a_") if r["a_doc_type"] else "",
                from_iso(r["effective_on"]) or from_iso(r["a_issued_on"]),
            )
        )
    return out


def record_detected(db: Database, directive_id: int, text: str) -> list[int]:
    """Record the relations stated in *text* (the document *directive_id*'s own text)."""
    ids = []
    for found in detect_relations(text):
        if found.by is not None and found.by.number:
            acting = db.scalar("SELECT id FROM directives WHERE number = ? ORDER BY id LIMIT 1", (found.by.number,))
            if acting is None:
                continue  # a relation between two other documents, the acting one unregistered
            source = int(acting)
        else:
            source = directive_id
        own = db.scalar("SELECT number FROM directives WHERE id = ?", (source,))
        if own and own == found.number:
            continue
        ids.append(add(db, source, found.kind, target_number=found.number, origin="import", note=found.phrase[:200]))
    return ids
