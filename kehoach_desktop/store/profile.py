"""The office profile and the office's unit list, kept in the database."""

from __future__ import annotations

from collections.abc import Iterable

from ..core.models import OfficeProfile
from ..core.text import clean, fold
from .db import Database, row_id

PROFILE_KEY = "office_profile"


def load(db: Database) -> OfficeProfile:
    return OfficeProfile.from_dict(db.get_meta(PROFILE_KEY))


def save(db: Database, profile: OfficeProfile) -> None:
    data = {k: clean(v).strip() if isinstance(v, str) else v for k, v in profile.to_dict().items()}
    db.set_meta(PROFILE_KEY, data)


def has_profile(db: Database) -> bool:
    return db.get_meta(PROFILE_KEY) is not None


DEMO_META = "demo_data"  # meta key: this file holds demo data (title bar and banner say so)


def is_demo(db: Database) -> bool:
    return bool(db.get_meta(DEMO_META, False))


def units(db: Database) -> list:
    return db.all("SELECT * FROM units WHERE active = 1 ORDER BY position, id")


def add_unit(db: Database, name: str, short_name: str = "", kind: str = "") -> int:
    name = clean(name).strip()
    with db.transaction():
        existing = db.scalar("SELECT id FROM units WHERE name = ?", (name,))
        if existing is not None:
            db.execute("UPDATE units SET active = 1 WHERE id = ?", (existing,))
            return int(existing)
        pos = db.scalar("SELECT COALESCE(MAX(position), -1) + 1 FROM units")
        cur = db.execute(
            "INSERT INTO units(name, short_name, kind, position) VALUES (?,?,?,?)",
            (name, clean(short_name).strip(), kind, pos),
        )
        return row_id(cur)


def unit_ids(db: Database, names: Iterable[str]) -> list[int]:
    """Ids of the named units (in order, once each), matching existing ones whatever the
    case or diacritics typed; a name not yet in the list is added as a unit."""
    existing = {fold(r["name"]): int(r["id"]) for r in db.all("SELECT id, name FROM units")}
    ids: list[int] = []
    with db.transaction():
        for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
            uid = existing.get(fold(name))
            if uid is None:
                uid = existing[fold(name)] = add_unit(db, name)
            ids.append(uid)
    return list(dict.fromkeys(ids))


def ensure_default_units(db: Database, issuer_body: str) -> int:
    """A new commune/ward office starts with the units of the two-tier structure
    (resources/domain/units.json); nothing happens when it has units or is another body."""
    import json

    from ..core.domain import data_file
    from ..core.text import fold

    if db.scalar("SELECT COUNT(*) FROM units") or not fold(issuer_body).startswith("dang uy"):
        return 0
    body = fold(issuer_body)
    if any(w in body for w in ("khoi", "cong an", "quan su", "co quan")):
        return 0  # a bloc, police or army committee has other units
    data = json.loads(data_file("units.json").read_text(encoding="utf-8"))
    ward = "phuong" in body
    added = 0
    for unit in data.get("commune", []):
        name = unit["name"].replace(" xã", " phường") if ward else unit["name"]
        add_unit(db, name, unit.get("short", ""), unit.get("kind", ""))
        added += 1
    return added
