"""A plan's header row: the one mapping of PlanDocument's names to the ``plans`` columns,
creating an empty plan, reading and changing header fields, căn cứ links, the search index."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from ...core.dates import to_iso
from ...core.text import clean
from .. import search as search_index
from ..db import Database, now_iso, row_id

# The plan header in Python speaks PlanDocument's names everywhere (parser, store API,
# commands, renderer). The ``plans`` table keeps its column names; this is the one
# place that translates: header name → column. ``recipients``/``signature`` are lists
# and dicts stored as JSON; ``extra`` is a dict stored in ``extra_json``.
COLUMN_OF = {
    "date": "plan_date",
    "basis": "basis_text",
    "closing": "closing_text",
    "recipients": "recipients_json",
    "signature": "signature_json",
    "extra": "extra_json",
}


HEADER_FIELDS = (
    "doc_type",
    "type_code",
    "number",
    "serial",
    "title",
    "superior_body",
    "issuer_body",
    "issuer_code",
    "place",
    "date",
    "year",
    "status",
    "revision_of",
    "basis",
    "closing",
    "recipients",
    "signature",
    "numbering_style",
    "security",
    "urgency",
    "extra",
    "issued_at",
)


def column(field: str) -> str:
    """The ``plans`` column that stores header *field* (a PlanDocument name)."""
    if field not in HEADER_FIELDS:
        raise ValueError(f"unknown plan field {field!r}")
    return COLUMN_OF.get(field, field)


def prepare_header(data: dict[str, Any]) -> dict[str, Any]:
    """Header fields (PlanDocument names) → a row of ``plans`` columns, text cleaned."""
    row: dict[str, Any] = {}
    for key, value in data.items():
        col = column(key)
        if key == "recipients":
            value = json.dumps([clean(v) for v in value], ensure_ascii=False)
        elif key == "signature":
            value = json.dumps({k: clean(v) for k, v in value.items()}, ensure_ascii=False)
        elif key == "extra":
            value = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, dt.date):
            value = to_iso(value)
        elif isinstance(value, str):
            value = clean(value)
        row[col] = value
    return row


class PlanLocked(ValueError):
    """An edit refused because the plan is issued; the message says what to do."""


LOCKED_MESSAGE = (
    "Kế hoạch này đã ban hành nên không sửa trực tiếp được. Hãy dùng «Tạo bản sửa đổi, bổ sung» để soạn bản mới."
)


DRAFT_MARK = "draft_mark"  # extra_json: print DỰ THẢO other than the status says


LANDSCAPE = "landscape"  # extra_json: A4 landscape pages


STATUSES = ("draft", "review", "issued")


def create(db: Database, header: dict[str, Any]) -> int:
    """An empty plan with *header* (a header only; whole plans go through :func:`save_document`)."""
    with db.transaction():
        plan_id = insert_plan(db, header)
        reindex(db, plan_id)
    return plan_id


def insert_plan(db: Database, header: dict[str, Any]) -> int:
    row = prepare_header(header)
    stamp = now_iso()
    row.setdefault("created_at", stamp)
    row["updated_at"] = stamp
    cols = ", ".join(row)
    cur = db.execute(f"INSERT INTO plans({cols}) VALUES ({', '.join('?' for _ in row)})", list(row.values()))
    plan_id = row_id(cur)
    db.audit("plan", plan_id, "create", {"title": row.get("title", "")})
    return plan_id


def get_row(db: Database, plan_id: int):
    row = db.one("SELECT * FROM plans WHERE id = ?", (plan_id,))
    if row is None:
        raise LookupError(f"Không còn kế hoạch mã {plan_id} (có thể đã bị xóa).")
    return row


def require_draft(db: Database, plan_id: int) -> None:
    if get_row(db, plan_id)["status"] == "issued":
        raise PlanLocked(LOCKED_MESSAGE)


def touch(db: Database, plan_id: int) -> None:
    db.execute("UPDATE plans SET updated_at = ? WHERE id = ?", (now_iso(), plan_id))


def update_header(db: Database, plan_id: int, changes: dict[str, Any], action: str = "update") -> None:
    row = prepare_header(changes)
    with db.transaction():
        require_draft(db, plan_id)
        row["updated_at"] = now_iso()
        sets = ", ".join(f"{k} = ?" for k in row)
        db.execute(f"UPDATE plans SET {sets} WHERE id = ?", [*row.values(), plan_id])
        db.audit("plan", plan_id, action, {k: v for k, v in row.items() if k != "updated_at"})
        reindex(db, plan_id)


def header_values(db: Database, plan_id: int, keys: Iterable[str]) -> dict[str, Any]:
    """Current values of header fields *keys* (PlanDocument names; JSON decoded) for undo."""
    row = get_row(db, plan_id)
    out: dict[str, Any] = {}
    for key in keys:
        value = row[column(key)]
        out[key] = json.loads(value or ("{}" if key != "recipients" else "[]")) if key in _JSON_FIELDS else value
    return out


_JSON_FIELDS = ("recipients", "signature", "extra")


def get_extra(db: Database, plan_id: int) -> dict[str, Any]:
    return json.loads(get_row(db, plan_id)["extra_json"] or "{}")


def set_basis(db: Database, plan_id: int, directive_ids: list[int]) -> None:
    with db.transaction():
        db.execute("DELETE FROM plan_basis WHERE plan_id = ?", (plan_id,))
        db.conn.executemany(
            "INSERT INTO plan_basis(plan_id, directive_id, position) VALUES (?,?,?)",
            [(plan_id, did, pos) for pos, did in enumerate(dict.fromkeys(directive_ids))],
        )


def reindex(db: Database, plan_id: int) -> None:
    row = db.one("SELECT number, title, basis_text FROM plans WHERE id = ?", (plan_id,))
    if row is None:
        search_index.unindex_plan(db, plan_id)
        return
    body = " ".join(r[0] for r in db.all("SELECT text FROM plan_nodes WHERE plan_id = ?", (plan_id,)))
    search_index.index_plan(db, plan_id, " ".join([row["number"] or "", row["title"], row["basis_text"], body]))


def list_rows(db: Database) -> list:
    return db.all(
        "SELECT id, number, title, status, plan_date, year FROM plans ORDER BY COALESCE(plan_date, created_at) DESC, id DESC"
    )


def plans_citing(db: Database, directive_id: int | None = None) -> dict[int, list]:
    """directive id → plans whose căn cứ links it (for the implementation-chain tree); only
    those of *directive_id* when given (the chain tree opens one document at a time)."""
    out: dict[int, list] = {}
    where = "WHERE b.directive_id = ? " if directive_id is not None else ""
    for r in db.all(
        "SELECT b.directive_id, p.id, p.number, p.title, p.status FROM plan_basis b "
        f"JOIN plans p ON p.id = b.plan_id {where}ORDER BY b.directive_id, p.plan_date, p.id",
        () if directive_id is None else (directive_id,),
    ):
        out.setdefault(r["directive_id"], []).append(r)
    return out


# -- queries the views use (no SQL in widgets) ---------------------------------------------
def find_row(db: Database, plan_id: int) -> Any:
    """The plan's row, or None when it is gone."""
    return db.one("SELECT * FROM plans WHERE id = ?", (plan_id,))


def exists(db: Database, plan_id: int) -> bool:
    return bool(db.scalar("SELECT COUNT(*) FROM plans WHERE id = ?", (plan_id,)))


def basis_ids(db: Database, plan_id: int) -> list[int]:
    """The registry documents the căn cứ links, in order."""
    return [r[0] for r in db.all("SELECT directive_id FROM plan_basis WHERE plan_id = ? ORDER BY position", (plan_id,))]


def basis_links(db: Database, plan_id: int) -> list[Any]:
    """(doc_type, number) of the documents the căn cứ links, in order."""
    return db.all(
        "SELECT d.doc_type, d.number FROM plan_basis b JOIN directives d ON d.id = b.directive_id "
        "WHERE b.plan_id = ? ORDER BY b.position",
        (plan_id,),
    )


def with_tasks(db: Database) -> list[Any]:
    """Plans that have tasks (id, number, title), newest first: the tracking tab's plan filter."""
    return db.all(
        "SELECT p.id, p.number, p.title FROM plans p WHERE EXISTS "
        "(SELECT 1 FROM tasks t WHERE t.plan_id = p.id) ORDER BY p.plan_date DESC, p.id DESC"
    )
