"""Demo data: the real documents the sample plans cite, and a plan written for the demo.

The plan's text is ours (a fictional commune); only the registry facts (numbers,
dates, issuers) come from real documents.

What loads the demo is imported when it runs; whether a file holds the demo is
:func:`store.profile.is_demo`, asked at every start without importing this (issue 19).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .core.models import OfficeProfile
from .resources import resource_path
from .store.db import Database
from .store.profile import DEMO_META

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
    from .store import directives, relations

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
    from .core.deadlines import find_deadline
    from .core.document import Node, PlanDocument, Signature, TaskSpec
    from .store import plans, profile

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


# What the units "sent back" on the issued plan: (task text prefix, result, days after
# the due date it was finished — negative: early, evidence). Other tasks get a plain report.
DEMO_PROGRESS = [
    ("Tổ chức hội nghị học tập", "Đã tổ chức hội nghị cho 185 đảng viên, đạt 96%.", -11, "12-TB/ĐU"),
    ("Xây dựng kế hoạch học tập", "Đã ban hành kế hoạch chủ đề năm {year} (chậm 8 ngày).", 8, "07-KH/ĐU"),
]
IN_PROGRESS_RESULT = "Chi bộ thôn Đông, thôn Tây đã triển khai; Chi bộ Trường Tiểu học chưa báo cáo."


def demo_years(today: dt.date) -> tuple[int, int]:
    """(year of the issued plan being tracked, year of the draft): the demo is dated from
    *today*, never from fixed years — the issued plan is this year's (last year's in January,
    before this year's would have been issued) and the draft is the next year's."""
    issued = today.year if today >= dt.date(today.year, 2, 1) else today.year - 1
    return issued, issued + 1


def load_last_year(db: Database, ids: dict[str, int], prof: OfficeProfile, today: dt.date | None = None) -> int:
    """The issued plan with the units' reports, dated from *today*: work due before today is
    reported done (one a little late), work still running is reported in progress — so the
    first screen shows a story, never tasks hundreds of days overdue."""
    from .store import plans
    from .tracking.periods import containing
    from .tracking.progress import Report, record
    from .tracking.queries import periodic_every
    from .tracking.status import TaskDeadline, due_date

    today = today or dt.date.today()
    year, _draft = demo_years(today)
    issued_on = dt.date(year, 1, 15)
    plan_id = load_plan(db, ids, prof, year=year)
    plans.issue(db, plan_id, "05-KH/ĐU", issued_on)
    now = containing(today, "quarter")
    tasks = db.all(
        "SELECT id, title, deadline_kind, deadline_start, deadline_end, deadline_text FROM tasks "
        "WHERE plan_id = ? ORDER BY id",
        (plan_id,),
    )
    for task in tasks:
        kind = task["deadline_kind"] or ""
        deadline = TaskDeadline(
            kind,
            dt.date.fromisoformat(task["deadline_start"]) if task["deadline_start"] else None,
            dt.date.fromisoformat(task["deadline_end"]) if task["deadline_end"] else None,
            periodic_every(task["deadline_text"] or "") if kind == "periodic" else "",
        )
        due = due_date(deadline, now if kind == "periodic" else None)
        story = next((p for p in DEMO_PROGRESS if task["title"].startswith(p[0])), None)
        if kind != "periodic" and due is not None and due < today:
            late = story[2] if story else -3
            done = min(max(due + dt.timedelta(days=late), issued_on), today)
            result = story[1].format(year=year) if story else "Đã hoàn thành."
            report = Report(state="done", result=result, completed_on=done, evidence=story[3] if story else "")
            record(db, task["id"], containing(done, "quarter"), report)
        else:
            if kind == "periodic":  # each cycle already over was reported done, a few days before its end
                quarter = containing(issued_on, "quarter")
                while quarter.end < now.start:
                    done = max(quarter.end - dt.timedelta(days=5), issued_on)
                    report = Report(state="done", result="Đã thực hiện trong kỳ.", completed_on=done)
                    record(db, task["id"], quarter, report)
                    quarter = containing(quarter.end + dt.timedelta(days=1), "quarter")
            record(db, task["id"], now, Report(state="in_progress", result=IN_PROGRESS_RESULT, percent=60))
    return plan_id


def load_demo(db: Database, with_profile: bool = True, last_year: bool = True, today: dt.date | None = None) -> int:
    """Fill *db* with the demo registry, units, next year's draft plan and this year's issued
    plan with progress, all dated from *today*; marks the file as demo data (the window says
    so); returns the draft plan's id."""
    from .store import directives, profile

    today = today or dt.date.today()
    directives.ensure_levels(db)
    if with_profile or not profile.has_profile(db):
        profile.save(db, DEMO_PROFILE)
    prof = profile.load(db)
    for name, short, kind in DEMO_UNITS:
        profile.add_unit(db, name, short, kind)
    ids = load_registry(db)
    plan_id = load_plan(db, ids, prof, year=demo_years(today)[1])
    if last_year:
        load_last_year(db, ids, prof, today)
    db.set_meta(DEMO_META, True)
    return plan_id
