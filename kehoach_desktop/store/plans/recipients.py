"""Reusable recipient lists (Nơi nhận)."""

from __future__ import annotations

import json

from ...core.text import clean
from ..db import Database, row_id


def recipient_lists(db: Database) -> list[tuple[int, str, list[str]]]:
    return [
        (r["id"], r["name"], json.loads(r["items_json"] or "[]"))
        for r in db.all("SELECT * FROM recipient_lists ORDER BY name")
    ]


def save_recipient_list(db: Database, name: str, items: list[str], list_id: int | None = None) -> int:
    name = clean(name).strip()
    if not name:
        raise ValueError("Hãy đặt tên cho danh sách nơi nhận.")
    data = json.dumps([clean(i) for i in items], ensure_ascii=False)
    with db.transaction():
        existing = db.scalar("SELECT id FROM recipient_lists WHERE name = ?", (name,))
        if existing is not None:
            db.execute("UPDATE recipient_lists SET items_json = ? WHERE id = ?", (data, existing))
            return int(existing)
        cur = db.execute("INSERT INTO recipient_lists(id, name, items_json) VALUES (?,?,?)", (list_id, name, data))
        return row_id(cur)


def delete_recipient_list(db: Database, list_id: int) -> tuple[int, str, list[str]] | None:
    row = db.one("SELECT * FROM recipient_lists WHERE id = ?", (list_id,))
    if row is None:
        return None
    with db.transaction():
        db.execute("DELETE FROM recipient_lists WHERE id = ?", (list_id,))
    return (row["id"], row["name"], json.loads(row["items_json"] or "[]"))
