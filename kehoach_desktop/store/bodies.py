"""The table of bodies: who exists when, and who continues whom (issue 17).

Seeded from ``resources/domain/bodies.json`` (the known 2025 changes: district
committees ended on 30/6/2025; Ban Tuyên giáo and Ban Dân vận merged). The office edits
it (``ui/registry/bodies_dialog.py``); seeding never overwrites an edited row.
"""

from __future__ import annotations

import json
from typing import Any

from ..core import domain
from ..core.dates import from_iso, to_iso
from ..core.domain import BodySpec
from ..core.text import clean
from .db import Database

SEEDED_KEY = "bodies_seeded"
EDITABLE = ("code", "name", "level", "kind", "aliases", "valid_from", "valid_to", "successor_id", "note", "source")


class BodyError(ValueError):
    """A change the table refuses; the message is for the user."""


def ensure_bodies(db: Database) -> int:
    """Add the bundled bodies once (and any new bundled code later); returns how many were added."""
    seed = domain.seed_bodies()
    added = 0
    with db.transaction():
        known = {r[0] for r in db.all("SELECT code FROM bodies")}
        removed = set(db.get_meta(SEEDED_KEY, []) or []) - known  # deleted by the user: stay deleted
        for row in seed:
            if row["code"] in known or row["code"] in removed:
                continue
            db.execute(
                "INSERT INTO bodies(code, name, level_id, kind, aliases_json, valid_from, valid_to, note, source) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    row["code"],
                    row["name"],
                    _level_id(db, row.get("level")),
                    row.get("kind", ""),
                    json.dumps(row.get("aliases", []), ensure_ascii=False),
                    row.get("valid_from"),
                    row.get("valid_to"),
                    row.get("note", ""),
                    " — ".join(x for x in (row.get("source", ""), row.get("confidence", "")) if x),
                ),
            )
            added += 1
        for row in seed if added else ():  # successors of rows just added (the user's choice stays)
            if row.get("successor"):
                db.execute(
                    "UPDATE bodies SET successor_id = (SELECT id FROM bodies WHERE code = ?) "
                    "WHERE code = ? AND successor_id IS NULL",
                    (row["successor"], row["code"]),
                )
        # Every bundled code ever offered, deleted ones included (so they stay deleted).
        before = db.get_meta(SEEDED_KEY, None)
        seeded = sorted({*(before or []), *(r["code"] for r in seed)})
        if seeded != before:  # write only when something changed
            db.set_meta(SEEDED_KEY, seeded)
    return added


def _level_id(db: Database, name: str | None) -> int | None:
    if not name:
        return None
    found = db.scalar("SELECT id FROM levels WHERE name = ?", (name,))
    if found is not None:
        return int(found)
    pos = db.scalar("SELECT COALESCE(MAX(position), -1) + 1 FROM levels")
    return int(db.execute("INSERT INTO levels(name, position) VALUES (?, ?)", (name, pos)).lastrowid or 0)


def rows(db: Database) -> list[dict[str, Any]]:
    """Every body with its level name and successor name, by level then name."""
    out = []
    for r in db.all(
        "SELECT b.*, l.name AS level, l.position AS level_pos, s.name AS successor "
        "FROM bodies b LEFT JOIN levels l ON l.id = b.level_id LEFT JOIN bodies s ON s.id = b.successor_id "
        "ORDER BY COALESCE(l.position, 99), b.valid_to IS NOT NULL, b.name"
    ):
        d = dict(r)
        d["aliases"] = json.loads(d.pop("aliases_json") or "[]")
        out.append(d)
    return out


def specs(db: Database) -> list[BodySpec]:
    """The table as the checks use it."""
    return [
        BodySpec(
            r["code"],
            r["name"],
            r["level"] or "",
            r["kind"],
            r["aliases"],
            from_iso(r["valid_from"]),
            from_iso(r["valid_to"]),
            r["successor"] or "",
            r["note"],
            r["source"],
            r["id"],
        )
        for r in rows(db)
    ]


def get(db: Database, body_id: int) -> dict[str, Any] | None:
    return next((r for r in rows(db) if r["id"] == body_id), None)


def _normalise(db: Database, data: dict[str, Any], body_id: int | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in EDITABLE:
            raise BodyError(f"Trường «{key}» không có trong bảng cơ quan.")
        if isinstance(value, str):
            value = clean(value).strip()
        if key == "aliases":
            items = value if isinstance(value, list) else str(value).split(";")
            out["aliases_json"] = json.dumps([clean(a).strip() for a in items if clean(a).strip()], ensure_ascii=False)
        elif key == "level":
            out["level_id"] = _level_id(db, value)
        elif key in ("valid_from", "valid_to"):
            out[key] = to_iso(value) if value and not isinstance(value, str) else (value or None)
        else:
            out[key] = value
    if "code" in out and not out["code"]:
        raise BodyError("Chưa nhập ký hiệu cơ quan (ví dụ BTGDVTU).")
    if "name" in out and not out["name"]:
        raise BodyError("Chưa nhập tên cơ quan.")
    if out.get("successor_id") is not None and body_id is not None and out["successor_id"] == body_id:
        raise BodyError("Một cơ quan không thể là cơ quan kế tục của chính nó.")
    if out.get("valid_from") and out.get("valid_to") and out["valid_from"] > out["valid_to"]:
        raise BodyError("Ngày bắt đầu hoạt động sau ngày kết thúc; hãy sửa lại hai ngày.")
    if "code" in out:
        clash = db.scalar("SELECT id FROM bodies WHERE code = ? AND id IS NOT ?", (out["code"], body_id))
        if clash is not None:
            raise BodyError(f"Ký hiệu «{out['code']}» đã dùng cho một cơ quan khác.")
    return out


def add(db: Database, data: dict[str, Any]) -> int:
    row = _normalise(db, data, None)
    if not row.get("code") or not row.get("name"):
        raise BodyError("Cần có ký hiệu và tên cơ quan.")
    with db.transaction():
        cols = ", ".join(row)
        cur = db.execute(f"INSERT INTO bodies({cols}) VALUES ({', '.join('?' for _ in row)})", list(row.values()))
        db.audit("body", int(cur.lastrowid or 0), "add", {"code": row["code"]})
        return int(cur.lastrowid or 0)


def update(db: Database, body_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """Change a body; returns the previous values of the changed columns (for undo)."""
    row = _normalise(db, data, body_id)
    with db.transaction():
        old = db.one("SELECT * FROM bodies WHERE id = ?", (body_id,))
        if old is None:
            raise BodyError("Cơ quan này không còn trong bảng.")
        if row:
            db.execute(f"UPDATE bodies SET {', '.join(f'{k} = ?' for k in row)} WHERE id = ?", [*row.values(), body_id])
            db.audit("body", body_id, "update", row)
        return {k: old[k] for k in row}


def restore_columns(db: Database, body_id: int, columns: dict[str, Any]) -> None:
    with db.transaction():
        if columns:
            db.execute(
                f"UPDATE bodies SET {', '.join(f'{k} = ?' for k in columns)} WHERE id = ?",
                [*columns.values(), body_id],
            )


def delete(db: Database, body_id: int) -> dict[str, Any]:
    with db.transaction():
        old = db.one("SELECT * FROM bodies WHERE id = ?", (body_id,))
        if old is None:
            raise BodyError("Cơ quan này không còn trong bảng.")
        followers = [r[0] for r in db.all("SELECT id FROM bodies WHERE successor_id = ?", (body_id,))]
        db.execute("DELETE FROM bodies WHERE id = ?", (body_id,))
        db.audit("body", body_id, "delete", {"code": old["code"]})
        return {"row": dict(old), "followers": followers}


def restore(db: Database, snap: dict[str, Any]) -> None:
    row = snap["row"]
    with db.transaction():
        db.execute(f"INSERT INTO bodies({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values()))
        for fid in snap["followers"]:
            db.execute("UPDATE bodies SET successor_id = ? WHERE id = ?", (row["id"], fid))
