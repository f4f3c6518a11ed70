"""Send progress up: for every task of the plan we received, how the tasks we derived
from it stand (rolled up), with our own plan's number."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.filenames import file_stem
from ..store.db import Database
from ..tracking.periods import Period, containing
from ..tracking.queries import TaskFilter, load_rows
from ..tracking.status import DONE, DONE_LATE, DONE_ON_TIME, IN_PROGRESS, NOT_STARTED, OVERDUE, STATUS_NAMES
from . import container, identity

PROGRESS_MEMBER = "progress.json"
NO_TASK = "no_task"  # the upstream task has no task of ours yet
ROLLED_STATUSES = (NOT_STARTED, IN_PROGRESS, DONE_ON_TIME, DONE_LATE, OVERDUE, NO_TASK)
NO_TASK_NAME = "Chưa giao nhiệm vụ"
MAX_RESULT = 2000
NOT_IMPLEMENTING = (
    "Kế hoạch này không cụ thể hóa kế hoạch nào nhận qua gói từ cấp trên, nên không có nơi để báo cáo "
    "tiến độ lên. Hãy nhận gói kế hoạch của cấp trên rồi dùng «Cụ thể hóa…» để lập kế hoạch của mình."
)


class ProgressUpError(ValueError):
    """A progress file that cannot be written; the message says what to do."""


@dataclass
class Upstream:
    directive_id: int
    uid: str
    number: str
    sender_office_id: str
    sender_name: str


def upstreams_of_plan(db: Database, plan_id: int) -> list[Upstream]:
    """The received plans our plan implements (by its items' links or its căn cứ)."""
    rows = db.all(
        "SELECT r.directive_id, r.uid, r.plan_number, r.sender_office_id, r.sender_name FROM exchange_received r "
        "WHERE r.directive_id IN (SELECT nu.directive_id FROM node_upstream nu JOIN plan_nodes n ON n.id = nu.node_id "
        "WHERE n.plan_id = ? UNION SELECT directive_id FROM plan_basis WHERE plan_id = ?) ORDER BY r.received_at",
        (plan_id, plan_id),
    )
    # One registry entry received twice under two ids (the upper office sent it again from a new or
    # restored database): progress goes to the copy received last, the only one that office knows.
    # Both were offered as «nhiều kế hoạch cấp trên … Hãy chọn một», and --upstream could not choose.
    latest = {r[0]: Upstream(r[0], r[1], r[2], r[3], r[4]) for r in rows}
    return list(latest.values())


def roll_up(statuses: list[str]) -> str:
    """All done → done (late if any was late); any overdue → overdue; some work → in progress."""
    if not statuses:
        return NO_TASK
    if all(s in DONE for s in statuses):
        return DONE_LATE if DONE_LATE in statuses else DONE_ON_TIME
    if OVERDUE in statuses:
        return OVERDUE
    if any(s == IN_PROGRESS or s in DONE for s in statuses):
        return IN_PROGRESS
    return NOT_STARTED


def upstream_task_keys(db: Database, directive_id: int) -> list[tuple[str, str]]:
    """(key, title) of the received plan's tasks, in its order."""
    raw = db.scalar("SELECT structure_json FROM directives WHERE id = ?", (directive_id,))
    data = json.loads(raw) if raw else {}
    return [(t["key"], t.get("text", "")) for t in data.get("tasks", []) if isinstance(t, dict) and t.get("key")]


def derived_tasks(db: Database, directive_id: int, plan_ids: list[int]) -> dict[str, list[int]]:
    """upstream item key → ids of our tasks on the linked item or below it."""
    if not plan_ids:
        return {}
    marks = ",".join("?" * len(plan_ids))
    rows = db.all(
        "WITH RECURSIVE sub(item_key, node_id) AS ("
        " SELECT nu.item_key, nu.node_id FROM node_upstream nu JOIN plan_nodes n ON n.id = nu.node_id"
        f" WHERE nu.directive_id = ? AND n.plan_id IN ({marks})"
        " UNION SELECT sub.item_key, c.id FROM plan_nodes c JOIN sub ON c.parent_id = sub.node_id)"
        " SELECT DISTINCT sub.item_key, t.id FROM sub JOIN tasks t ON t.node_id = sub.node_id ORDER BY t.id",
        [directive_id, *plan_ids],
    )
    raw = db.scalar("SELECT structure_json FROM directives WHERE id = ?", (directive_id,))
    try:
        aliases = (json.loads(raw) if raw else {}).get("key_aliases") or {}
    except (ValueError, AttributeError):
        aliases = {}
    out: dict[str, list[int]] = {}
    for key, task_id in rows:
        # Our items made from the paper copy link to its keys; the sender knows its own (receive.key_aliases).
        found = aliases.get(key, key) if isinstance(aliases, dict) else key
        out.setdefault(found if isinstance(found, str) else key, []).append(task_id)
    return {key: list(dict.fromkeys(ids)) for key, ids in out.items()}


# «Gửi tiến độ lên» without a chosen period: the year so far, window and command line alike.
DEFAULT_PERIOD_KIND = "year"


def default_period(today: dt.date | None = None) -> Period:
    """The reporting period offered first: the year of *today* (cumulative from 1 January)."""
    return containing(today or dt.date.today(), DEFAULT_PERIOD_KIND)


def _begun(period: Period, today: dt.date) -> Period:
    """*period*, refused when it has not begun: there is nothing to report for it yet."""
    if period.start > today:
        raise ProgressUpError(
            f"Kỳ {period.label} chưa bắt đầu (hôm nay là {today.day:02d}/{today.month:02d}/{today.year}). "
            "Hãy chọn kỳ đã qua hoặc kỳ đang diễn ra."
        )
    return period


def _tasks(
    db: Database, plan_id: int, upstream: Upstream, today: dt.date, period: Period
) -> tuple[dict[str, list[int]], dict]:
    """upstream item key → our task ids, and those tasks' rows as of *period* (read once for
    both the file and the question asked before it)."""
    by_key = derived_tasks(db, upstream.directive_id, [plan_id])
    wanted = {t for ids in by_key.values() for t in ids}
    rows = {
        r.task_id: r for r in load_rows(db, period, TaskFilter(plan_ids=[plan_id]), today=today) if r.task_id in wanted
    }
    return by_key, rows


def _items(db: Database, upstream: Upstream, by_key: dict[str, list[int]], rows: dict) -> list[dict[str, Any]]:
    items = []
    keys = upstream_task_keys(db, upstream.directive_id)
    known = {k for k, _ in keys}
    # Items of ours linked to upstream sections that are not tasks there still report.
    keys += [(k, "") for k in by_key if k not in known]
    for key, _title in keys:
        mine = [rows[t] for t in by_key.get(key, []) if t in rows]
        status = roll_up([r.status for r in mine])
        results = list(dict.fromkeys(r.report.result.strip() for r in mine if r.report.result.strip()))
        done_days = [r.report.completed_on for r in mine if r.report.completed_on]
        items.append(
            {
                "key": key,
                "status": status,
                "result": "; ".join(results)[:MAX_RESULT],
                "completed_on": max(done_days).isoformat() if status in DONE and done_days else None,
                "task_count": len(mine),
            }
        )
    return items


def build(
    db: Database, plan_id: int, upstream: Upstream, today: dt.date | None = None, period: Period | None = None
) -> list[dict[str, Any]]:
    today = today or dt.date.today()
    return _items(db, upstream, *_tasks(db, plan_id, upstream, today, period or default_period(today)))


def pick_upstream(db: Database, plan_id: int, upstream_id: int | None = None) -> Upstream:
    """The one received plan our plan *plan_id* reports to; refused when none or several."""
    ups = upstreams_of_plan(db, plan_id)
    if upstream_id is not None:
        ups = [u for u in ups if u.directive_id == upstream_id]
    if not ups:
        raise ProgressUpError(NOT_IMPLEMENTING)
    if len(ups) > 1:
        names = "; ".join(f"{u.number} ({u.sender_name})" for u in ups)
        raise ProgressUpError(f"Kế hoạch này thực hiện nhiều kế hoạch cấp trên: {names}. Hãy chọn một.")
    return ups[0]


@dataclass
class Outlook:
    """What a progress file would tell the plan above, said before it is written: a file sent
    while nothing is recorded reports every task «Chưa triển khai» (seen on the walk)."""

    upstream: Upstream
    tasks: int  # our tasks doing the upstream plan's tasks
    unrecorded: int  # of them, with no progress recorded at all
    counts: dict[str, int]  # rolled-up status → upstream tasks sent with it

    @property
    def nothing_recorded(self) -> bool:
        return self.unrecorded == self.tasks

    def describe(self) -> str:
        """Vietnamese: how many tasks have no progress and what the file would say."""
        number = self.upstream.number or "của cấp trên"
        if not self.tasks:
            head = f"Kế hoạch này chưa giao nhiệm vụ nào để thực hiện kế hoạch {number}."
        elif self.nothing_recorded:
            head = (
                f"Chưa ghi tiến độ cho nhiệm vụ nào: cả {self.tasks} nhiệm vụ thực hiện kế hoạch {number} "
                "đều chưa có kết quả, ngày hoàn thành hay phần trăm."
            )
        else:
            head = f"{self.unrecorded}/{self.tasks} nhiệm vụ thực hiện kế hoạch {number} chưa ghi tiến độ."
        names = {**STATUS_NAMES, NO_TASK: NO_TASK_NAME}
        parts = [f"{n} nhiệm vụ «{names[s]}»" for s in ROLLED_STATUSES if (n := self.counts.get(s, 0))]
        return head + " Tệp tiến độ sẽ báo cấp trên: " + ", ".join(parts) + "." if parts else head


def outlook(
    db: Database,
    plan_id: int,
    upstream_id: int | None = None,
    today: dt.date | None = None,
    period: Period | None = None,
) -> Outlook:
    """What :func:`export_up` would send for *plan_id* for *period*, and how much of it nobody
    recorded."""
    upstream = pick_upstream(db, plan_id, upstream_id)
    today = today or dt.date.today()
    period = _begun(period or default_period(today), today)
    by_key, rows = _tasks(db, plan_id, upstream, today, period)
    counts: dict[str, int] = {}
    for item in _items(db, upstream, by_key, rows):
        counts[item["status"]] = counts.get(item["status"], 0) + 1
    unrecorded = sum(1 for r in rows.values() if r.progress_id is None)
    return Outlook(upstream, len(rows), unrecorded, counts)


def export_up(
    db: Database,
    plan_id: int,
    out: Path | str,
    *,
    upstream_id: int | None = None,
    today: dt.date | None = None,
    period: Period | None = None,
) -> Path:
    """Write the progress file of our plan *plan_id* for the plan above it, as of the end of the
    reporting *period* (tháng, quý, 6 tháng, 9 tháng, năm; the year so far when None) or today
    when that period has not ended."""
    plan = db.one("SELECT number, title, plan_date, status FROM plans WHERE id = ?", (plan_id,))
    if plan is None:
        raise ProgressUpError(f"Không có kế hoạch số {plan_id}.")
    upstream = pick_upstream(db, plan_id, upstream_id)
    today = today or dt.date.today()
    period = _begun(period or default_period(today), today)
    items = build(db, plan_id, upstream, today, period)
    me = identity.me(db)
    extra = {
        "upstream": {"uid": upstream.uid, "number": upstream.number, "office_id": upstream.sender_office_id},
        "lower_plan": {
            "number": plan["number"] or "",
            "title": plan["title"],
            "date": plan["plan_date"],
            "status": plan["status"],
        },
        "as_of": min(today, period.end).isoformat(),
        "period": {"code": period.code, "label": period.label},
    }
    return container.write(out, "progress", me, {PROGRESS_MEMBER: container.dumps({"items": items})}, extra)


def default_file_name(office_name: str, upstream_number: str, today: dt.date) -> str:
    stem = file_stem("Tiến độ", upstream_number, "-", office_name, "-", today.strftime("%d-%m-%Y"))
    return stem + container.SUFFIX["progress"]
