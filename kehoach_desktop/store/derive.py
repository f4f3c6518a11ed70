"""Cụ thể hóa in the store: the unit mapping, the inputs of a derivation, writing the
derived draft in one transaction (undoable as one step), and the implementation chain
upstream item → our item → task.

core.derive (its unit matcher loads rapidfuzz, its readers compile many patterns) is
imported by the functions that derive; the chain and the implementation queries, which the
registry's detail pane runs at start-up, do without it (issue 19).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ..core.text import clean
from . import bodies, directives, plans, profile
from .commands import Changes, Command
from .db import Database, now_iso

if TYPE_CHECKING:
    from ..core.derive import Derivation, DerivedPlan
    from ..core.derive.units import UnitMatcher


def alias_key(name: str) -> str:
    from ..core.derive.units import alias_key as key

    return key(name)


# -- the unit mapping (upstream name → our unit) ----------------------------------------------------
def aliases(db: Database) -> dict[str, int]:
    """alias_key → our unit id, for every confirmed upstream name."""
    return {r[0]: int(r[1]) for r in db.all("SELECT alias_key, unit_id FROM unit_aliases")}


def alias_rows(db: Database, unit_id: int | None = None) -> list[Any]:
    """The stored mapping (for the unit list): alias as written, our unit."""
    if unit_id is None:
        return db.all(
            "SELECT a.alias_key, a.alias, a.unit_id, u.name AS unit FROM unit_aliases a "
            "JOIN units u ON u.id = a.unit_id ORDER BY u.position, a.alias"
        )
    return db.all("SELECT alias_key, alias, unit_id FROM unit_aliases WHERE unit_id = ? ORDER BY alias", (unit_id,))


def set_alias(db: Database, name: str, unit_id: int | None) -> None:
    """Remember that the upstream's *name* is our unit *unit_id* (None forgets it)."""
    key = alias_key(name)
    if not key:
        raise ValueError("Tên đơn vị của cấp trên không được để trống.")
    with db.transaction():
        if unit_id is None:
            db.execute("DELETE FROM unit_aliases WHERE alias_key = ?", (key,))
            return
        db.execute(
            "INSERT INTO unit_aliases(alias_key, alias, unit_id, updated_at) VALUES (?,?,?,?) "
            "ON CONFLICT(alias_key) DO UPDATE SET unit_id = excluded.unit_id, alias = excluded.alias, "
            "updated_at = excluded.updated_at",
            (key, clean(name).strip(), unit_id, now_iso()),
        )


class SetAlias(Command):
    """Undoable edit of one mapping line (the unit list's «Tên ở cấp trên» column)."""

    def __init__(self, db: Database, name: str, unit_id: int | None):
        self.name, self.unit_id = name, unit_id
        self.old = aliases(db).get(alias_key(name))
        self.old_name = db.scalar("SELECT alias FROM unit_aliases WHERE alias_key = ?", (alias_key(name),)) or name
        self.text = f"Ánh xạ «{name}»"

    def redo(self, db: Database) -> Changes:
        set_alias(db, self.name, self.unit_id)
        return Changes(structure=True)

    def undo(self, db: Database) -> Changes:
        set_alias(db, self.old_name, self.old)
        return Changes(structure=True)


class SetUnitAliases(Command):
    """The unit list's «Tên ở văn bản cấp trên» cell: the upstream names that mean this unit."""

    def __init__(self, db: Database, unit_id: int, names: list[str]):
        self.unit_id = unit_id
        self.new = [clean(n).strip() for n in names if clean(n).strip()]
        self.old = [r["alias"] for r in alias_rows(db, unit_id)]
        self.text = "Sửa tên đơn vị ở văn bản cấp trên"

    def _apply(self, db: Database, names: list[str]) -> Changes:
        with db.transaction():
            db.execute("DELETE FROM unit_aliases WHERE unit_id = ?", (self.unit_id,))
            for name in names:
                set_alias(db, name, self.unit_id)
        return Changes(structure=True)

    def redo(self, db: Database) -> Changes:
        return self._apply(db, self.new)

    def undo(self, db: Database) -> Changes:
        return self._apply(db, self.old)


def matcher(db: Database) -> UnitMatcher:
    from ..core.derive.units import Unit, UnitMatcher

    units = [Unit(int(r["id"]), r["name"], r["short_name"] or "") for r in profile.units(db)]
    return UnitMatcher(units, aliases(db))


# -- the office's lead time (configurable, remembered) ------------------------------------------------
LEAD_DAYS_KEY = "derive_lead_days"


def office_lead_days(db: Database) -> int:
    """Working days our deadlines fall before the upstream's (the office's choice; default 5)."""
    from ..core.derive import DEFAULT_LEAD_DAYS

    value = db.get_meta(LEAD_DAYS_KEY)
    return int(value) if isinstance(value, int) and value >= 0 else DEFAULT_LEAD_DAYS


def set_office_lead_days(db: Database, days: int) -> None:
    if days < 0:
        raise ValueError("Số ngày báo trước phải từ 0 trở lên.")
    db.set_meta(LEAD_DAYS_KEY, int(days))


# -- inputs -------------------------------------------------------------------------------------------
def start(
    db: Database,
    directive_id: int,
    *,
    lead_days: int | None = None,
    all_items: bool = False,
    today: dt.date | None = None,
) -> Derivation:
    """The review model for cụ thể hóa of registry entry *directive_id* (*lead_days*: the
    office's remembered lead time when None)."""
    from ..core.derive import derive

    row = directives.get_row(db, directive_id)
    if row is None:
        raise LookupError(f"Không có văn bản mã {directive_id} trong sổ.")
    if not row["structure_json"]:
        raise ValueError(
            f"Văn bản {row['doc_type']} {row['number']} chưa có cấu trúc (chỉ có thông tin trong sổ) nên chưa "
            "cụ thể hóa được. Hãy nhập văn bản từ tệp .docx/.txt/.pdf («Nhập văn bản…»), chương trình sẽ đọc các mục."
        )
    registered = {r[0]: int(r[1]) for r in db.all("SELECT number, id FROM directives WHERE number <> ''")}
    return derive(
        dict(row),
        row["structure_json"],
        profile.load(db),
        matcher(db),
        lead_days=office_lead_days(db) if lead_days is None else lead_days,
        all_items=all_items,
        today=today,
        registered=registered,
        bodies=bodies.specs(db),
    )


# -- writing the draft --------------------------------------------------------------------------------
def save(db: Database, plan: DerivedPlan) -> int:
    """Write the derived draft (header, căn cứ links, tree, tasks, upstream links) and remember
    the confirmed unit mapping — one transaction."""
    with db.transaction():
        basis_ids = list(plan.basis_ids)
        for cite in plan.new_grounds:  # further grounds not yet in the registry
            found = directives.find_document(db, cite.number, cite.date)
            if found:
                basis_ids.append(int(found[0]["id"]))
            else:
                data = {k: v for k, v in directives.from_citation(cite).items() if v not in (None, "")}
                data["notes"] = "Thêm khi cụ thể hóa (căn cứ của văn bản cấp trên); hãy soát lại."
                basis_ids.append(directives.add(db, data))
        new_id = plans.save_document(db, plan.document, basis_ids=basis_ids, extra={"derived_from": plan.directive_id})
        for name, unit_id in plan.aliases.values():
            set_alias(db, name, unit_id)
        db.audit("plan", new_id, "derive", {"directive": plan.directive_id, "tasks": len(plan.tasks)})
    return new_id


class DerivePlan(Command):
    """«Tạo dự thảo»: the whole derived draft as one undo step (undo deletes it, redo restores it)."""

    def __init__(self, derivation: Derivation):
        self.derivation = derivation
        self.plan_id: int | None = None
        self._snap: dict[str, Any] | None = None
        self._aliases_before: dict[str, int] | None = None
        up = derivation.upstream
        self.text = f"Cụ thể hóa {up.doc_type} {up.number}".strip()

    def redo(self, db: Database) -> Changes:
        if self._aliases_before is None:
            self._aliases_before = aliases(db)
        if self._snap is None:
            self.plan_id = save(db, self.derivation.build())
        else:
            with db.transaction():
                self.plan_id = plans.restore_plan(db, self._snap)
                restore_links(db, self._snap)
                for name, uid in self.derivation.build().aliases.values():
                    set_alias(db, name, uid)
        return Changes(plans={self.plan_id}, directives={self.derivation.directive_id}, structure=True)

    def undo(self, db: Database) -> Changes:
        assert self.plan_id is not None
        with db.transaction():
            snap = plans.snapshot_plan(db, self.plan_id)
            snap["upstream"] = upstream_rows(db, self.plan_id)
            plans.delete_plan(db, self.plan_id)
            self._snap = snap
            before = self._aliases_before or {}
            for key in list(aliases(db)):
                if key not in before:
                    db.execute("DELETE FROM unit_aliases WHERE alias_key = ?", (key,))
            for key, uid in before.items():
                db.execute("UPDATE unit_aliases SET unit_id = ? WHERE alias_key = ?", (uid, key))
        return Changes(plans={self.plan_id}, directives={self.derivation.directive_id}, structure=True)


def upstream_rows(db: Database, plan_id: int) -> list[tuple[Any, ...]]:
    return [
        tuple(r)
        for r in db.all(
            "SELECT u.node_id, u.directive_id, u.item_key FROM node_upstream u "
            "JOIN plan_nodes n ON n.id = u.node_id WHERE n.plan_id = ?",
            (plan_id,),
        )
    ]


def restore_links(db: Database, snap: dict[str, Any]) -> None:
    db.conn.executemany(
        "INSERT OR IGNORE INTO node_upstream(node_id, directive_id, item_key) "
        "SELECT ?, id, ? FROM directives WHERE id = ?",
        [(n, k, d) for n, d, k in snap.get("upstream", [])],
    )


# -- reading back -----------------------------------------------------------------------------------------
def implementing_plans(db: Database, directive_id: int) -> list[dict[str, Any]]:
    """Our plans that implement the directive (cite it in their căn cứ), issued ones first."""
    return [
        dict(r)
        for r in db.all(
            "SELECT p.id, p.number, p.title, p.status, p.plan_date FROM plan_basis b JOIN plans p ON p.id = b.plan_id "
            "WHERE b.directive_id = ? ORDER BY p.status <> 'issued', p.plan_date, p.id",
            (directive_id,),
        )
    ]


def implementation_met(db: Database, directive_id: int) -> bool:
    """The hạn cụ thể hóa is met: an issued plan of ours implements the directive."""
    return bool(
        db.scalar(
            "SELECT 1 FROM plan_basis b JOIN plans p ON p.id = b.plan_id "
            "WHERE b.directive_id = ? AND p.status = 'issued' LIMIT 1",
            (directive_id,),
        )
    )


def upstream_of(db: Database, node_id: int) -> dict[str, Any] | None:
    """The upstream item an item of our plan implements (the other way along the chain)."""
    from ..core.derive.upstream import read_structure

    row = db.one(
        "SELECT u.item_key, d.* FROM node_upstream u JOIN directives d ON d.id = u.directive_id WHERE u.node_id = ?",
        (node_id,),
    )
    if row is None:
        return None
    item = (
        read_structure(row["structure_json"], dict(row)).by_key().get(row["item_key"])
        if row["structure_json"]
        else None
    )
    return {
        "directive_id": row["id"],
        "doc_type": row["doc_type"],
        "number": row["number"],
        "item_key": row["item_key"],
        "upstream_text": item.text if item else "",
    }


def chain(db: Database, directive_id: int) -> list[dict[str, Any]]:
    """Upstream item → our item → task, for every item of our plans that implements the directive."""
    from ..core.derive.upstream import read_structure

    row = directives.get_row(db, directive_id)
    items = read_structure(row["structure_json"], dict(row)).by_key() if row and row["structure_json"] else {}
    out = []
    for r in db.all(
        "SELECT u.item_key, n.id AS node_id, n.plan_id, n.text, p.number, p.title, p.status, "
        "t.id AS task_id, t.deadline_text, lu.name AS lead_unit "
        "FROM node_upstream u JOIN plan_nodes n ON n.id = u.node_id JOIN plans p ON p.id = n.plan_id "
        "LEFT JOIN tasks t ON t.node_id = n.id LEFT JOIN units lu ON lu.id = t.lead_unit_id "
        "WHERE u.directive_id = ? ORDER BY p.id, n.id",
        (directive_id,),
    ):
        up = items.get(r["item_key"])
        out.append(
            {
                "item_key": r["item_key"],
                "upstream_text": up.text if up else "",
                "plan_id": r["plan_id"],
                "plan": r["number"] or r["title"],
                "plan_status": r["status"],
                "node_id": r["node_id"],
                "text": r["text"],
                "task_id": r["task_id"],
                "lead_unit": r["lead_unit"] or "",
                "deadline": r["deadline_text"] or "",
            }
        )
    return out
