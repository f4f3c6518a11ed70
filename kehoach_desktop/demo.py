"""Demo data: the real documents the sample plans cite, and a plan written for the demo.

The plan's text is ours (a fictional commune); only the registry facts (numbers,
dates, issuers) come from real documents.
"""

from __future__ import annotations

import json
from pathlib import Path

from .core.deadlines import find_deadline
from .core.models import OfficeProfile
from .resources import resource_path
from .store import directives, plans, profile
from .store.db import Database

DEMO_PROFILE = OfficeProfile(
    superior_body="ĐẢNG BỘ TỈNH HÀ TĨNH",
    issuer_body="ĐẢNG ỦY XÃ HÒA BÌNH",
    issuer_code="ĐU",
    place="Hòa Bình",
    signer_authority="T/M BAN THƯỜNG VỤ",
    signer_title="PHÓ BÍ THƯ",
    signer_name="Trần Minh An",
)

DEMO_UNITS = [
    ("Văn phòng Đảng ủy", "VPĐU", "ban"),
    ("Ban Xây dựng Đảng", "BXDĐ", "ban"),
    ("Ủy ban Mặt trận Tổ quốc xã", "MTTQ", "mặt trận"),
    ("Đoàn Thanh niên xã", "ĐTN", "đoàn thể"),
    ("Hội Liên hiệp Phụ nữ xã", "HPN", "đoàn thể"),
    ("Hội Cựu chiến binh xã", "HCCB", "đoàn thể"),
    ("Chi bộ thôn Đông", "CB Đông", "chi bộ"),
    ("Chi bộ thôn Tây", "CB Tây", "chi bộ"),
    ("Chi bộ Trường Tiểu học", "CB TH", "chi bộ"),
]


def load_registry(db: Database) -> dict[str, int]:
    """Register the demo documents with their implementation links; number → id."""
    data = json.loads(Path(resource_path("demo", "directives.json")).read_text(encoding="utf-8"))
    ids: dict[str, int] = {}
    with db.transaction():
        for doc in data["documents"]:
            existing = directives.find_by_number(db, doc["number"])
            if existing:
                ids[doc["number"]] = existing[0]["id"]
                continue
            ids[doc["number"]] = directives.add(db, {
                "doc_type": doc["doc_type"], "number": doc["number"], "issued_on": doc["issued_on"],
                "issuer": doc["issuer"], "summary": doc["summary"],
                "parent_ids": [ids[p] for p in doc["implements"] if p in ids],
            })
    return ids


def load_plan(db: Database, ids: dict[str, int], prof: OfficeProfile) -> int:
    data = json.loads(Path(resource_path("demo", "plan.json")).read_text(encoding="utf-8"))
    with db.transaction():
        plan_id = plans.create(db, {
            "title": data["title"], "superior_body": prof.superior_body,
            "issuer_body": prof.issuer_body, "issuer_code": prof.issuer_code, "place": prof.place,
            "year": data["year"], "basis_text": data["basis"], "closing_text": data["closing"],
            "recipients": data["recipients"],
            "signature": {"authority": prof.signer_authority, "title": prof.signer_title, "name": prof.signer_name},
            "numbering_style": prof.numbering_style,
        })
        plans.set_basis(db, plan_id, [ids[n] for n in data["basis_numbers"] if n in ids])

        units = {r["name"]: r["id"] for r in profile.units(db)}

        def add(parent: int | None, node: dict) -> None:
            node_id = plans.add_node(db, plan_id, parent, node.get("kind", "section"), node["text"],
                                     role=node.get("role", ""))
            if "task" in node:
                _add_task(db, node_id, node, units, data["year"])
            for child in node.get("children", []):
                add(node_id, child)

        for node in data["sections"]:
            add(None, node)
        plans.reindex(db, plan_id)
    return plan_id


def _add_task(db: Database, node_id: int, node: dict, units: dict[str, int], year: int) -> None:
    """A demo task, with the deadline read from its own text as the editor suggests it."""
    deadline = find_deadline(node["text"], year)
    data = {
        "lead_unit_id": units.get(node["task"]["lead"]),
        "unit_ids": [units[u] for u in node["task"]["coop"] if u in units],
    }
    if deadline is not None:
        data.update(deadline_kind=deadline.kind, deadline_start=deadline.start,
                    deadline_end=deadline.end, deadline_text=deadline.text)
    plans.set_task(db, node_id, data)


def load_demo(db: Database, with_profile: bool = True) -> int:
    """Fill *db* with the demo registry, units and plan; returns the plan id."""
    directives.ensure_levels(db)
    if with_profile or not profile.has_profile(db):
        profile.save(db, DEMO_PROFILE)
    prof = profile.load(db)
    for name, short, kind in DEMO_UNITS:
        profile.add_unit(db, name, short, kind)
    ids = load_registry(db)
    return load_plan(db, ids, prof)
