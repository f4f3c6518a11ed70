"""Who this office is, for the files it sends: a stable id kept in its database.

Office codes do not identify an office ("ĐU" is every commune's), so each database
makes itself a random id the first time it sends or receives anything.
"""

from __future__ import annotations

import uuid

from ..store import profile as profile_store
from ..store.db import Database, now_iso
from .container import Sender

OFFICE_ID_KEY = "office_id"


class NoOfficeProfile(ValueError):
    """The office has not said who it is yet (Thông tin cơ quan)."""


def office_id(db: Database) -> str:
    value = db.get_meta(OFFICE_ID_KEY)
    if not value:
        value = uuid.uuid4().hex
        db.set_meta(OFFICE_ID_KEY, value)
    return str(value)


def me(db: Database) -> Sender:
    profile = profile_store.load(db)
    if not profile.issuer_body.strip():
        raise NoOfficeProfile(
            "Chưa có thông tin cơ quan (tên cơ quan ban hành). Hãy vào Tệp → Thông tin cơ quan, "
            "điền tên cơ quan rồi làm lại."
        )
    return Sender(office_id(db), profile.issuer_body, profile.issuer_code, profile.superior_body)


def remember_office(db: Database, sender: Sender) -> None:
    """Record (or refresh the name of) a lower office we exchange with; joins the caller's transaction."""
    db.execute(
        "INSERT INTO exchange_offices(office_id, name, code, superior, added_at) VALUES (?,?,?,?,?) "
        "ON CONFLICT(office_id) DO UPDATE SET name = excluded.name, code = excluded.code, superior = excluded.superior",
        (sender.office_id, sender.name, sender.code, sender.superior, now_iso()),
    )
