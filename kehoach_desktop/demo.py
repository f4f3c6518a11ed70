"""Demo data: the real documents the sample plans cite, and a plan written for the demo.

The plan's text is ours (a fictional commune); only the registry facts (numbers,
dates, issuers) come from real documents.
"""

from __future__ import annotations

import json
from pathlib import Path

from .core.deadlines import find_deadline
from .core.document import Node, PlanDocument, Signature, TaskSpec
from .core.models import OfficeProfile
from .resources import resource_path
from .store import directives, plans, profile, relations
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
            ids[doc["number"]] = directives.add(
                db,
                {
                    "doc_type": doc["doc_type"],
                    "number": doc["number"],
                    "issued_on": doc["issued_on"],
                    "issuer": doc["issuer"],
                    "summary": doc["summary"],
                    "parent_ids": [ids[p] for p in doc["implements"] if p in ids],
                },
            )
        for doc in data["documents"]:  # "399-QĐ/TW thay thế 66-QĐ/TW" (issue 17)
            for old in doc.get("replaces", []):
                relations.add(db, ids[doc["number"]], "replaces", target_number=old)
    return ids


def load_plan(db: Database, ids: dict[str, int], prof: OfficeProfile, year: int | None = None) -> int:
    """The demo plan; with another *year* its text is shifted to that year (last year's plan)."""
    data = json.loads(Path(resource_path("demo", "plan.json")).read_text(encoding="utf-8"))
    base_year = data["year"]
    year = year or base_year

    def shift(text: str) -> str:
        return text.replace(str(base_year), str(year)) if year != base_year else text

    units = {r["name"]: r["id"] for r in profile.units(db)}

    def node(data: dict) -> Node:
        item = Node(
            kind=data.get("kind", "section"),
            text=shift(data["text"]),
            role=data.get("role", ""),
            children=[node(c) for c in data.get("children", [])],
        )
        if "task" in data:  # the deadline read from its own text, as the editor suggests it
            item.task = TaskSpec(
                lead_unit_id=units.get(data["task"]["lead"]),
                unit_ids=[units[u] for u in data["task"]["coop"] if u in units],
                deadline=find_deadline(item.text, year),
            )
        return item

    doc = PlanDocument(
        title=shift(data["title"]),
        superior_body=prof.superior_body,
        issuer_body=prof.issuer_body,
        issuer_code=prof.issuer_code,
        place=prof.place,
        year=year,
        basis=data["basis"],
        closing=shift(data["closing"]),
        recipients=data["recipients"],
        signature=Signature(prof.signer_authority, prof.signer_title, prof.signer_name),
        numbering_style=prof.numbering_style,
        sections=[node(n) for n in data["sections"]],
    )
    return plans.save_document(db, doc, basis_ids=[ids[n] for n in data["basis_numbers"] if n in ids])


# Last year's reports, as the units "sent them back":
# (task text prefix, period, state, result, completed on, evidence).
DEMO_PROGRESS = [
    (
        "Tổ chức hội nghị học tập",
        ("quarter", 2025, 1),
        "done",
        "Đã tổ chức hội nghị cho 185 đảng viên, đạt 96%.",
        "2025-03-20",
        "12-TB/ĐU",
    ),
    (
        "Xây dựng kế hoạch học tập",
        ("quarter", 2025, 2),
        "done",
        "Đã ban hành kế hoạch chủ đề năm 2025 (chậm 8 ngày).",
        "2025-04-08",
        "07-KH/ĐU",
    ),
    (
        "Các chi bộ tổ chức sinh hoạt",
        ("quarter", 2025, 4),
        "in_progress",
        "Chi bộ thôn Đông, thôn Tây đã sinh hoạt; Chi bộ Trường Tiểu học chưa báo cáo.",
        None,
        "",
    ),
]
LAST_YEAR = 2025


def load_last_year(db: Database, ids: dict[str, int], prof: OfficeProfile) -> int:
    """Last year's plan, issued, with a few reports: the tracking view has a story and the
    editor has a plan to copy for the new year."""
    import datetime as dt

    from .tracking.periods import Period
    from .tracking.progress import Report, record

    plan_id = load_plan(db, ids, prof, year=LAST_YEAR)
    plans.issue(db, plan_id, "05-KH/ĐU", dt.date(LAST_YEAR, 1, 15))
    tasks = db.all("SELECT id, title FROM tasks WHERE plan_id = ?", (plan_id,))
    for prefix, (kind, year, index), state, result, done, evidence in DEMO_PROGRESS:
        task = next((t for t in tasks if t["title"].startswith(prefix)), None)
        if task is None:
            continue
        record(
            db,
            task["id"],
            Period(kind, year, index),
            Report(
                state=state,
                result=result,
                completed_on=dt.date.fromisoformat(done) if done else None,
                percent=None if done else 60,
                evidence=evidence,
            ),
        )
    return plan_id


def load_demo(db: Database, with_profile: bool = True, last_year: bool = True) -> int:
    """Fill *db* with the demo registry, units, this year's draft plan and last year's issued
    plan with progress; returns the draft plan's id."""
    directives.ensure_levels(db)
    if with_profile or not profile.has_profile(db):
        profile.save(db, DEMO_PROFILE)
    prof = profile.load(db)
    for name, short, kind in DEMO_UNITS:
        profile.add_unit(db, name, short, kind)
    ids = load_registry(db)
    plan_id = load_plan(db, ids, prof)
    if last_year:
        load_last_year(db, ids, prof)
    return plan_id
