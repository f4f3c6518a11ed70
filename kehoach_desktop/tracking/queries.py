"""What the tracking view, the Excel sheets, the dashboard, the reminders and the report show.

The status of every task for a reporting period is judged in SQL (one query, the
rules of :mod:`.status` written as SQL expressions), so the screens ask the database
for what they show: the ids of the matching tasks in the order asked
(:func:`task_ids`), the rows of the ids on screen (:func:`rows_for`), the counts of
the dashboard and the reminders (:func:`counts`) and the first rows of a group
(:func:`group_rows`). :func:`load_rows` returns every matching row (the Excel sheets
and the report of one plan).

The rules, as in :mod:`.status` and :mod:`.progress`:

- the due date: a date/range/period task's own end (or start); a periodic duty's
  occurrence judged in the period (the duty's cycle, read from its wording, that
  holds the end of the period); none for ongoing work and separate plans;
- the effective report: the newest progress row whose period starts by the end of the
  judged period (periodic duties: whose period ends inside the occurrence);
- the status: completed by the cut-off → done on time / late; past due → overdue —
  only for tasks of an issued plan of our own: tasks of draft plans and of imported
  plans are never overdue (issue 19, issue 20); else in progress when something was
  reported, else not started.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..core.dates import format_short, from_iso
from ..core.deadlines import periodic_every
from ..core.text import fold
from ..store.db import Database
from .periods import Period, occurrence
from .progress import Report
from .status import DONE, OVERDUE, STATUSES, judging_days, overdue_bucket

SOON_DAYS = 7
GROUPS = ("le30", "le90", "gt90", "soon")  # the overdue buckets and "due within SOON_DAYS"


@dataclass
class TaskFilter:
    plan_ids: list[int] | None = None  # None: every plan
    unit_id: int | None = None  # lead or cooperating unit
    lead_only: bool = False  # with unit_id: only tasks the unit leads
    statuses: set[str] | None = None
    directive_id: int | None = None  # plans implementing this document or its chain
    text: str = ""  # a substring of the title, or of the lead or a cooperating unit's name (folded)
    issued_only: bool = False
    group: str | None = None  # one of GROUPS: an overdue bucket, or due soon


@dataclass(slots=True)
class TaskRow:
    task_id: int
    plan_id: int
    plan_label: str
    position: int
    title: str
    lead_unit_id: int | None
    lead_unit: str
    cooperating: list[str]
    deadline_kind: str
    deadline_label: str
    due: dt.date | None
    report: Report
    progress_id: int | None
    status: str
    overdue_days: int = 0
    due_in_days: int | None = None  # days left when not done and due is ahead
    plan_security: str = "thường"
    evidence_directive_id: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def due_soon(self) -> bool:
        return self.due_in_days is not None and 0 <= self.due_in_days <= SOON_DAYS

    @property
    def overdue_bucket(self) -> str | None:
        return overdue_bucket(self.overdue_days) if self.status == OVERDUE else None


_SHORT_TITLE = 40  # characters of a draft's trích yếu in its label (the column shows about that)


def plan_label(number: str | None, title: str, year: int | None = None, status: str = "draft") -> str:
    """«Kế hoạch số 05-KH/ĐU — …» for a numbered plan; a plan without its number yet reads
    «Dự thảo <năm> – <trích yếu rút gọn>» (or «Trình ký …»): several drafts all read
    «Kế hoạch (chưa có số) …» in the column before (the walk). Same text as ``_PLAN_LABEL``."""
    if number:
        return f"Kế hoạch số {number} — {title}" if title else f"Kế hoạch số {number}"
    head = "Trình ký" if status == "review" else "Dự thảo"
    if year is not None:
        head = f"{head} {year}"  # before the trích yếu: the narrow column still shows it
    short = title if len(title) <= _SHORT_TITLE else title[:_SHORT_TITLE].rstrip(" ") + "…"
    return f"{head} – {short}" if title else head


def deadline_label(kind: str, start: dt.date | None, end: dt.date | None, text: str) -> str:
    if text:
        return text
    if kind == "range" and start and end:
        return f"{format_short(start)} – {format_short(end)}"
    if end or start:
        return format_short(end or start)
    return {"ongoing": "Thường xuyên", "periodic": "Định kỳ", "separate_plan": "Có kế hoạch riêng"}.get(kind, "")


@functools.lru_cache(maxsize=65536)
def _folded(text: str) -> str:
    return fold(text)


def periodic_windows(period: Period, tasks) -> dict[int, Period]:
    """task id → the occurrence judged in *period*, for the periodic duties among
    *tasks* given as (task id, deadline kind, deadline text)."""
    return {tid: occurrence(period, periodic_every(text)) for tid, kind, text in tasks if kind == "periodic"}


def chain_directives(db: Database, directive_id: int) -> list[int]:
    """The document and every document implementing it, transitively."""
    return [
        r[0]
        for r in db.all(
            "WITH RECURSIVE chain(id) AS (SELECT ? UNION SELECT l.directive_id FROM directive_links l "
            "JOIN chain c ON l.parent_id = c.id) SELECT id FROM chain",
            (directive_id,),
        )
    ]


def _plan_ids_for_chain(db: Database, directive_id: int) -> list[int]:
    ids = chain_directives(db, directive_id)
    marks = ",".join("?" * len(ids))
    return [r[0] for r in db.all(f"SELECT DISTINCT plan_id FROM plan_basis WHERE directive_id IN ({marks})", ids)]


# -- the judgement in SQL ----------------------------------------------------------------


def _month(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


# A progress row's period as month numbers (year·12 + month − 1): every period starts on
# the first of a month and ends on the last day of one, so months compare like dates.
_ROW_START = (
    "(g.period_year * 12 + CASE g.period_kind WHEN 'month' THEN g.period_index - 1 "
    "WHEN 'quarter' THEN 3 * g.period_index - 3 WHEN 'half' THEN 6 * g.period_index - 6 ELSE 0 END)"
)
_ROW_END = (
    "(g.period_year * 12 + CASE g.period_kind WHEN 'month' THEN g.period_index - 1 "
    "WHEN 'quarter' THEN 3 * g.period_index - 1 WHEN 'half' THEN 6 * g.period_index - 1 "
    "WHEN 'nine_months' THEN 8 ELSE 11 END)"
)
_EVERY = ("month", "quarter", "half", "year")


def _window_case(ev: str, suffix: str) -> str:
    parts = " ".join(f"WHEN '{e}' THEN :{e}_{suffix}" for e in _EVERY)
    return f"CASE {ev} {parts} ELSE :p_{suffix} END"


@dataclass(frozen=True)
class Judging:
    """The period being judged and the day it is judged on."""

    period: Period
    today: dt.date
    soon_days: int = SOON_DAYS

    def params(self) -> dict:
        as_of, completed_by = judging_days(self.period.end, self.today)
        out: dict = {
            "as_of": as_of.isoformat(),
            "d30": (as_of - dt.timedelta(days=30)).isoformat(),
            "d90": (as_of - dt.timedelta(days=90)).isoformat(),
            "dsoon": (as_of + dt.timedelta(days=self.soon_days)).isoformat(),
            "completed_by": completed_by.isoformat(),
            "year": self.period.year,
            "p_end": self.period.end.isoformat(),
            "p_sm": _month(self.period.start),
            "p_em": _month(self.period.end),
            "soon": self.soon_days,
        }
        for every in _EVERY:
            w = occurrence(self.period, every)
            out[f"{every}_end"] = w.end.isoformat()
            out[f"{every}_sm"] = _month(w.start)
            out[f"{every}_em"] = _month(w.end)
        return out


def _prepare(db: Database) -> None:
    """The two Python functions the judgement calls (per connection; cheap to repeat)."""
    db.conn.create_function("kh_every", 1, periodic_every, deterministic=True)
    db.conn.create_function("kh_fold", 1, _folded, deterministic=True)


def _where(db: Database, flt: TaskFilter) -> tuple[list[str], dict] | None:
    """SQL conditions on ``t`` (tasks) and ``p`` (plans) for *flt*; None when nothing can match."""
    where: list[str] = []
    params: dict = {}
    plan_ids = flt.plan_ids
    if flt.directive_id is not None:
        chain = _plan_ids_for_chain(db, flt.directive_id)
        plan_ids = [p for p in chain if plan_ids is None or p in plan_ids]
    if plan_ids is not None:
        if not plan_ids:
            return None
        where.append(f"t.plan_id IN ({','.join(str(int(p)) for p in plan_ids)})")
    if flt.unit_id is not None:
        params["unit"] = flt.unit_id
        if flt.lead_only:
            where.append("t.lead_unit_id = :unit")
        else:
            where.append(
                "(t.lead_unit_id = :unit OR EXISTS "
                "(SELECT 1 FROM task_units x WHERE x.task_id = t.id AND x.unit_id = :unit))"
            )
    if flt.issued_only:
        where.append("p.status = 'issued'")
    if flt.text.strip():
        params["needle"] = fold(flt.text.strip())
        # The folded title our code writes (schema step 11; folded here when another tool left
        # none), or the name of the lead unit or of a cooperating unit («Ban Tuyên giáo» finds
        # what it leads and what it helps with). The units matching are found once per query
        # (a few dozen names), then their tasks by tasks_unit and task_units_unit.
        units = "SELECT id FROM units WHERE instr(kh_fold(name), :needle) > 0"
        where.append(
            f"(instr(COALESCE(t.title_folded, kh_fold(t.title)), :needle) > 0 OR t.lead_unit_id IN ({units}) "
            f"OR t.id IN (SELECT c.task_id FROM task_units c WHERE c.unit_id IN ({units})))"
        )
    return where, params


# A periodic duty's cycle: kept on the task (schema step 12), read from the wording when
# another tool changed the deadline since (deadline_every NULL).
_EVERY_OF_T = "COALESCE(t.deadline_every, kh_every(t.deadline_text))"
_DUE = (
    f"CASE t.deadline_kind WHEN 'periodic' THEN ({_window_case(_EVERY_OF_T, 'end')}) WHEN 'ongoing' THEN NULL "
    "WHEN 'separate_plan' THEN NULL ELSE COALESCE(t.deadline_end, t.deadline_start) END"
)
_LIVE = "(p.status = 'issued' AND instr(p.extra_json, '\"imported_from\"') = 0)"
# What a progress row ``g`` says for the status: its completion date, else 'started' when it
# reports work begun, else NULL (nothing reported). 'started' sorts after every ISO date, so
# "completed by day X" is ``state <= X`` either way. The same expression as the triggers of
# schema step 12 that keep tasks.report_state.
_STATE_OF_G = (
    "CASE WHEN g.completed_on IS NOT NULL THEN g.completed_on WHEN g.state IN ('in_progress', 'done') "
    "OR g.result <> '' OR g.evidence <> '' OR COALESCE(g.percent, 0) > 0 THEN 'started' END"
)


def _effective(pick: str, kept: str) -> str:
    """*pick* (an expression over ``g``) of the task's effective progress row for the period
    judged, NULL when none applies. The task's newest row (kept on the task by schema step 12:
    *kept*, report_start, report_end, report_end_max) is the effective one when it applies —
    the newest row whose period starts by the end of the one judged; for a periodic duty, the
    newest whose period ends inside the occurrence judged — and a duty none of whose rows
    ends as late as the occurrence has none; the rows are looked up only otherwise (an older
    period judged, reports entered out of order)."""
    sm, em = _window_case(_EVERY_OF_T, "sm"), _window_case(_EVERY_OF_T, "em")
    return (
        "CASE WHEN t.report_id IS NULL THEN NULL "
        f"WHEN t.deadline_kind = 'periodic' THEN (CASE WHEN t.report_end BETWEEN {sm} AND {em} THEN {kept} "
        f"WHEN t.report_end_max < {sm} THEN NULL "
        f"ELSE (SELECT {pick} FROM progress g WHERE g.task_id = t.id AND g.period_year <= :year "
        f"AND {_ROW_END} BETWEEN {sm} AND {em} ORDER BY g.id DESC LIMIT 1) END) "
        f"WHEN t.report_start <= :p_em THEN {kept} "
        f"ELSE (SELECT {pick} FROM progress g WHERE g.task_id = t.id AND g.period_year <= :year "
        f"AND {_ROW_START} <= :p_em ORDER BY g.id DESC LIMIT 1) END"
    )


def _placed(where: Sequence[str]) -> str:
    """The light form of :func:`_judged` for orders and filters that need no status: id,
    plan_id, position, lead_unit_id, plan_date, due (no progress look-up)."""
    cond = " AND ".join(where) if where else "1"
    return (
        f"SELECT t.id, p.id AS plan_id, t.position, t.lead_unit_id, p.plan_date, {_DUE} AS due "
        f"FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE {cond}"
    )


def _facts(where: Sequence[str], lean: bool = False) -> str:
    """A co-routine over the matching tasks (``LIMIT -1`` keeps SQLite from copying an
    expression into every use of it): id, plan_id, position, plan_date, kind, pid (the
    effective progress row), lead_unit_id, due, live, rep (what the effective row says:
    :data:`_STATE_OF_G`) — for nearly every task from the covering index tasks_status and its
    plan's row alone (schema step 12). *lean*: only lead_unit_id, due, live, rep (the counts)."""
    cond = " AND ".join(where) if where else "1"
    more = (
        ""
        if lean
        else (
            "t.id, p.id AS plan_id, t.position, p.plan_date, t.deadline_kind AS kind, "
            f"{_effective('g.id', 't.report_id')} AS pid, "
        )
    )
    return (
        f"SELECT {more}t.lead_unit_id, {_DUE} AS due, {_LIVE} AS live, "
        f"{_effective(_STATE_OF_G, 't.report_state')} AS rep "
        f"FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE {cond} LIMIT -1"
    )


def _judged(where: Sequence[str]) -> str:
    """One row per matching task: the columns of :func:`_facts` and st (index in STATUSES),
    odays (days overdue), dleft (days left while not done and not overdue), judged over them."""
    return (
        f"SELECT b.*, {_ST} AS st, CASE WHEN {_DONE} THEN 0 WHEN {_LATE} THEN "
        "COALESCE(CAST(julianday(:as_of) - julianday(b.due) AS INTEGER), 0) ELSE 0 END AS odays, "
        f"CASE WHEN {_DONE} OR {_LATE} THEN NULL WHEN b.due IS NOT NULL THEN "
        "CAST(julianday(b.due) - julianday(:as_of) AS INTEGER) END AS dleft "
        f"FROM ({_facts(where)}) b"
    )


# The status over ``b`` (due, live, rep: what the effective report says), as :mod:`.status` says.
_DONE = "b.rep <= :completed_by"  # completed by the cut-off (NULL: nothing; 'started': not completed)
_LATE = "b.due < :as_of AND b.live"  # past due, in an issued plan of our own (when not done)
_ST = (
    f"CASE WHEN {_DONE} THEN (CASE WHEN b.due IS NULL OR b.rep <= b.due THEN 2 ELSE 3 END) "
    f"WHEN {_LATE} THEN 4 WHEN b.rep IS NOT NULL THEN 1 ELSE 0 END"
)


# The overdue buckets and "due soon" by the due date itself (ISO text compares as dates):
# overdue ≤ 30 days ⇔ due ≥ as_of − 30; no julianday() per row.
_GROUP_SQL = {
    "le30": "j.st = 4 AND j.due >= :d30",
    "le90": "j.st = 4 AND j.due < :d30 AND j.due >= :d90",
    "gt90": "j.st = 4 AND j.due < :d90",
    "soon": "j.st IN (0, 1) AND j.due BETWEEN :as_of AND :dsoon",
}
_DEFAULT_ORDER = "j.plan_date, j.plan_id, j.position, j.id"
_PLAN_LABEL = (  # the SQL twin of plan_label(): the table sorts by it, the model shows the other
    "(CASE WHEN COALESCE(p.number, '') <> '' THEN 'Kế hoạch số ' || p.number "
    "|| CASE WHEN p.title <> '' THEN ' — ' || p.title ELSE '' END "
    "ELSE (CASE WHEN p.status = 'review' THEN 'Trình ký' ELSE 'Dự thảo' END) "
    "|| CASE WHEN p.year IS NOT NULL THEN ' ' || p.year ELSE '' END "
    "|| CASE WHEN COALESCE(p.title, '') = '' THEN '' "
    f"WHEN length(p.title) <= {_SHORT_TITLE} THEN ' – ' || p.title "
    f"ELSE ' – ' || rtrim(substr(p.title, 1, {_SHORT_TITLE}), ' ') || '…' END END)"
)
# Sort keys of the table's columns (ties in the plan's own order); "plan" … "evidence"
# are the keys of ui/tracking/model.COLUMNS.
SORT_SQL = {
    "plan": _PLAN_LABEL,
    "title": "t.title",
    "lead": "COALESCE(NULLIF(u.name, ''), '(chưa giao)')",
    "coop": "t.coop_names",  # kept by the triggers of schema step 11
    "deadline": "COALESCE(j.due, '9999')",
    "status": "j.st",
    "late": "j.odays * 1000 + CASE WHEN j.dleft BETWEEN 0 AND :soon THEN 1000 - j.dleft ELSE 0 END",
    "result": "COALESCE(r.result, '')",
    "percent": "COALESCE(r.percent, -1)",
    "completed": "COALESCE(r.completed_on, '')",
    "evidence": "COALESCE(r.evidence, '')",
}
JUDGED_SORTS = {"status", "late", "result", "percent", "completed", "evidence"}  # need the status pass


def _outer(flt: TaskFilter) -> list[str]:
    out = []
    if flt.statuses is not None:
        codes = [STATUSES.index(s) for s in flt.statuses if s in STATUSES]
        out.append(f"j.st IN ({','.join(map(str, codes)) or '-1'})")
    if flt.group:
        out.append(_GROUP_SQL[flt.group])
    return out


def _query(
    db: Database,
    judging: Judging,
    flt: TaskFilter,
    select: str,
    *,
    order: str = "",
    extra_where: Sequence[str] = (),
    limit: int | None = None,
    offset: int = 0,
    inner: Sequence[str] = (),
    light: bool = False,
    ids: bool = False,
) -> list[tuple]:
    """Rows of *select* over the judged (or, *light*, the placed) tasks; *ids*: *select* is
    one id named ``x``, returned as one row of the ids joined by commas (:func:`task_ids`)."""
    _prepare(db)
    built = _where(db, flt)
    if built is None:
        return []
    where, params = built
    params.update(judging.params())
    cond = [*_outer(flt), *extra_where]
    source = _placed([*where, *inner]) if light else _judged([*where, *inner])
    # Only the tables the columns, the order and the conditions name (issue 19: the default
    # order of ids read every task's row again for nothing).
    named = " ".join((select, order, *cond))
    joins = [
        (alias, clause)
        for alias, clause in (
            ("t", "JOIN tasks t ON t.id = j.id"),
            ("p", "JOIN plans p ON p.id = j.plan_id"),
            ("u", "LEFT JOIN units u ON u.id = j.lead_unit_id"),
            ("r", "LEFT JOIN progress r ON r.id = j.pid"),
        )
        if re.search(rf"\b{alias}\.", named) and not (light and alias == "r")
    ]
    sql = (
        f"SELECT {select} FROM ({source}) j "
        + " ".join(clause for _alias, clause in joins)
        + (f" WHERE {' AND '.join(cond)}" if cond else "")
        + (f" ORDER BY {order}" if order else "")
        + (f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else "")
    )
    if ids:  # an aggregate over an ordered sub-query reads its rows in that order
        sql = f"SELECT group_concat(x) FROM ({sql})"
    cur = db.conn.cursor()
    cur.row_factory = None
    return cur.execute(sql, params).fetchall()


def _order(sort: str | None, descending: bool) -> str:
    if not sort:
        return _DEFAULT_ORDER
    return f"{SORT_SQL[sort]} {'DESC' if descending else 'ASC'}, {_DEFAULT_ORDER}"


def task_ids(
    db: Database,
    period: Period,
    flt: TaskFilter | None = None,
    today: dt.date | None = None,
    sort: str | None = None,
    descending: bool = False,
) -> list[int]:
    """Ids of the tasks matching *flt*, in the order of column *sort* (default: the plans'
    own order). What a table over ids holds; rows are read for the ids on screen."""
    flt = flt or TaskFilter()
    judging = Judging(period, today or dt.date.today())
    if sort in _INDEXED_SORTS and flt == TaskFilter():
        return _indexed_ids(db, _INDEXED_SORTS[sort], descending)
    light = sort not in JUDGED_SORTS and flt.statuses is None and not flt.group
    # One string of 100,000 ids costs a third of 100,000 rows through the sqlite3 module.
    joined = _query(db, judging, flt, "j.id AS x", order=_order(sort, descending), light=light, ids=True)[0][0]
    return [int(i) for i in joined.split(",")] if joined else []


# Columns of the task sorted by walking an index of schema step 12 (column, then the plans'
# order) when nothing is filtered: the tasks in that index's order, each task's plan read by
# its id, only the ties sorted (the «Phối hợp» sort: about half the time at 100,000 tasks).
_INDEXED_SORTS = {"coop": "t.coop_names"}


def _indexed_ids(db: Database, column: str, descending: bool) -> list[int]:
    sql = (
        "SELECT group_concat(x) FROM (SELECT t.id AS x FROM tasks t CROSS JOIN plans p ON p.id = t.plan_id "
        f"ORDER BY {column} {'DESC' if descending else 'ASC'}, p.plan_date, p.id, t.position, t.id)"
    )
    joined = db.conn.execute(sql).fetchone()[0]
    return [int(i) for i in joined.split(",")] if joined else []


_ROW_SELECT = (
    "j.id, j.plan_id, j.position, t.title, j.lead_unit_id, COALESCE(u.name, ''), j.kind, t.deadline_start, "
    "t.deadline_end, t.deadline_text, j.due, j.st, j.odays, j.dleft, p.number, p.title, p.security, "
    "r.id, r.state, r.result, r.percent, r.completed_on, r.evidence, r.notes, r.evidence_directive_id, "
    "p.year, p.status"
)
_EMPTY = Report()


def _cooperating(db: Database, ids: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    cur = db.conn.cursor()
    cur.row_factory = None
    for i in range(0, len(ids), 900):
        chunk = ids[i : i + 900]
        for task_id, name in cur.execute(
            "SELECT x.task_id, u.name FROM task_units x JOIN units u ON u.id = x.unit_id "
            f"WHERE x.task_id IN ({','.join('?' * len(chunk))}) ORDER BY u.position, u.id",
            list(chunk),
        ):
            out.setdefault(task_id, []).append(name)
    return out


def _coop_all(db: Database, ids: Sequence[int]) -> dict[int, list[str]]:
    """Cooperating units of many tasks: one scan of task_units instead of many IN lists."""
    if len(ids) < 5000:
        return _cooperating(db, ids)
    wanted = set(ids)
    out: dict[int, list[str]] = {}
    cur = db.conn.cursor()
    cur.row_factory = None
    for task_id, name in cur.execute(
        "SELECT x.task_id, u.name FROM task_units x JOIN units u ON u.id = x.unit_id ORDER BY u.position, u.id"
    ):
        if task_id in wanted:
            out.setdefault(task_id, []).append(name)
    return out


def _make_rows(db: Database, raw: list[tuple], all_rows: bool = False) -> list[TaskRow]:
    ids = [r[0] for r in raw]
    coop = _coop_all(db, ids) if all_rows else _cooperating(db, ids)
    labels: dict[int, str] = {}
    none: list[str] = []
    out: list[TaskRow] = []
    for (
        task_id,
        plan_id,
        position,
        title,
        lead_id,
        lead_name,
        kind,
        d_start,
        d_end,
        d_text,
        due_text,
        st,
        odays,
        dleft,
        number,
        plan_title,
        security,
        pid,
        state,
        result,
        percent,
        completed_on,
        evidence,
        notes,
        evidence_id,
        plan_year,
        plan_status,
    ) in raw:
        start, end, due = from_iso(d_start), from_iso(d_end), from_iso(due_text)
        label = labels.get(plan_id)
        if label is None:
            label = labels[plan_id] = plan_label(number, plan_title or "", plan_year, plan_status)
        report = (
            Report(state or "", result or "", percent, from_iso(completed_on), evidence or "", notes or "")
            if pid is not None
            else _EMPTY
        )
        out.append(
            TaskRow(
                task_id,
                plan_id,
                label,
                position,
                title,
                lead_id,
                lead_name,
                coop.get(task_id, none),
                kind,
                deadline_label(kind, start, end, d_text)
                + (f" (kỳ này: {format_short(due)})" if kind == "periodic" and due else ""),
                due,
                report,
                pid,
                STATUSES[st],
                int(odays or 0),
                None if dleft is None else int(dleft),
                security,
                evidence_id if pid is not None else None,
            )
        )
    return out


def rows_for(db: Database, period: Period, ids: Sequence[int], today: dt.date | None = None) -> list[TaskRow]:
    """The rows of *ids* (those on screen), in the order given; ids no longer there are left out."""
    ids = [int(i) for i in ids]
    if not ids:
        return []
    judging = Judging(period, today or dt.date.today())
    raw = _query(db, judging, TaskFilter(), _ROW_SELECT, inner=[f"t.id IN ({','.join(map(str, ids))})"])
    by_id = {row.task_id: row for row in _make_rows(db, raw)}
    return [by_id[i] for i in ids if i in by_id]


def load_rows(
    db: Database, period: Period, flt: TaskFilter | None = None, today: dt.date | None = None
) -> list[TaskRow]:
    """Every task matching *flt* with its status for *period*, judged as of min(today, end of
    period), in the plans' own order (the Excel sheets and the report of a plan)."""
    judging = Judging(period, today or dt.date.today())
    raw = _query(db, judging, flt or TaskFilter(), _ROW_SELECT, order=_DEFAULT_ORDER)
    return _make_rows(db, raw, all_rows=True)


def group_rows(
    db: Database,
    period: Period,
    group: str,
    flt: TaskFilter | None = None,
    today: dt.date | None = None,
    limit: int = 50,
    offset: int = 0,
    soon_days: int = SOON_DAYS,
) -> list[TaskRow]:
    """A page of one group: an overdue bucket (most days overdue first) or "soon" (due within
    *soon_days*, nearest first)."""
    base = flt or TaskFilter()
    flt = TaskFilter(**{**base.__dict__, "group": group})
    order = "j.odays DESC, j.id" if group != "soon" else "j.dleft, j.id"
    judging = Judging(period, today or dt.date.today(), soon_days)
    raw = _query(db, judging, flt, _ROW_SELECT, order=order, limit=limit, offset=offset)
    return _make_rows(db, raw)


NO_UNIT = "(Chưa giao đơn vị)"


@dataclass
class Counts:
    """The dashboard's and the reminders' figures for one period, counted in SQL."""

    period: Period
    totals: Counter  # status → tasks
    by_unit: dict[str, Counter]  # lead unit name (NO_UNIT) → status → tasks
    groups: Counter  # le30 / le90 / gt90 / soon → tasks

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    @property
    def overdue(self) -> int:
        return self.totals[OVERDUE]

    @property
    def due_soon(self) -> int:
        return self.groups["soon"]

    def done_percent(self) -> float:
        done = self.totals[DONE[0]] + self.totals[DONE[1]]
        return 100.0 * done / self.total if self.total else 0.0


def counts(
    db: Database,
    period: Period,
    flt: TaskFilter | None = None,
    today: dt.date | None = None,
    soon_days: int = SOON_DAYS,
) -> Counts:
    """Counts by status, by lead unit and by overdue bucket / due soon: one pass in SQL,
    one row per (lead unit, status, group) — the units' names and order come apart."""
    judging = Judging(period, today or dt.date.today(), soon_days)
    raw = _counts_raw(db, judging, flt or TaskFilter())
    units = {r[0]: (r[1], r[2]) for r in db.all("SELECT id, name, position FROM units")}
    totals: Counter = Counter(dict.fromkeys(STATUSES, 0))
    by_unit: dict[str, Counter] = {}
    groups: Counter = Counter(dict.fromkeys(GROUPS, 0))

    def unit_order(item: tuple[int | None, int, int]) -> tuple:
        lead = item[0]
        return (0, units[lead][1], lead) if lead in units else (1, 0, 0)

    rows = []
    for key, n in raw:
        lead, code = divmod(key, _UNIT_STRIDE)
        rows.append((None if lead < 0 else lead, code, n))
    for lead, code, n in sorted(rows, key=unit_order):
        status = STATUSES[code // len(_CODE_GROUPS)]
        group = _CODE_GROUPS[code % len(_CODE_GROUPS)]
        totals[status] += n
        unit = (units[lead][0] if lead in units else "") or NO_UNIT
        by_unit.setdefault(unit, Counter(dict.fromkeys(STATUSES, 0)))[status] += n
        if group:
            groups[group] += n
    return Counts(period, totals, by_unit, groups)


_CODE_GROUPS = ("", "le30", "le90", "gt90", "soon")  # code = status index × 5 + group
_UNIT_STRIDE = 32  # key = lead unit id × 32 + code (−1 for no unit); codes are < 25


# The code of a counted task (status index × 5 + index in _CODE_GROUPS) judged over ``b`` at
# once: its status and, when overdue, its bucket (by the due date itself: overdue ≤ 30 days
# ⇔ due ≥ as_of − 30), when not done and not overdue, whether it is due within the days asked.
_CODE = (
    f"CASE WHEN {_DONE} THEN (CASE WHEN b.due IS NULL OR b.rep <= b.due THEN 10 ELSE 15 END) "
    f"WHEN {_LATE} THEN (CASE WHEN b.due >= :d30 THEN 21 WHEN b.due >= :d90 THEN 22 ELSE 23 END) "
    "WHEN b.due BETWEEN :as_of AND :dsoon THEN (CASE WHEN b.rep IS NULL THEN 4 ELSE 9 END) "
    "WHEN b.rep IS NULL THEN 0 ELSE 5 END"
)


def _counts_raw(db: Database, judging: Judging, flt: TaskFilter) -> list[tuple]:
    """(key, tasks) per lead unit, status and group (key: :data:`_UNIT_STRIDE`): the facts of
    each task read once (a co-routine), judged into one integer, grouped by it."""
    _prepare(db)
    built = _where(db, flt)
    if built is None:
        return []
    where, params = built
    params.update(judging.params())
    key = f"COALESCE(b.lead_unit_id, -1) * {_UNIT_STRIDE} + {_CODE}"
    cond = _outer(flt)
    if cond:  # the status or group asked: judged apart for the filter
        sql = (
            f"SELECT j.k, count(*) FROM (SELECT {key} AS k, {_ST} AS st, b.due FROM ({_facts(where, lean=True)}) b) j "
            f"WHERE {' AND '.join(cond)} GROUP BY j.k"
        )
    else:
        sql = f"SELECT {key} AS k, count(*) FROM ({_facts(where, lean=True)}) b GROUP BY k"
    cur = db.conn.cursor()
    cur.row_factory = None
    return cur.execute(sql, params).fetchall()


def row_of(db: Database, period: Period, task_id: int, today: dt.date | None = None) -> TaskRow | None:
    found = rows_for(db, period, [task_id], today)
    return found[0] if found else None


# -- summaries of a list of rows (the Excel summary sheet and the report of one plan) --------


@dataclass
class Summary:
    """Counts by unit and status for one period, plus the overdue and due-soon lists."""

    period: Period
    by_unit: dict[str, Counter]
    totals: Counter
    overdue: list[TaskRow]
    due_soon: list[TaskRow]

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    def done_percent(self) -> float:
        done = self.totals[DONE[0]] + self.totals[DONE[1]]
        return 100.0 * done / self.total if self.total else 0.0

    def overdue_groups(self) -> dict[str, list[TaskRow]]:
        groups: dict[str, list[TaskRow]] = {"le30": [], "le90": [], "gt90": []}
        for row in self.overdue:
            groups[overdue_bucket(row.overdue_days)].append(row)
        return groups


NO_UNIT = "(Chưa giao đơn vị)"


def summarise(rows: list[TaskRow], period: Period) -> Summary:
    by_unit: dict[str, Counter] = {}
    totals: Counter = Counter(dict.fromkeys(STATUSES, 0))
    for row in rows:
        unit = row.lead_unit or NO_UNIT
        counter = by_unit.setdefault(unit, Counter(dict.fromkeys(STATUSES, 0)))
        counter[row.status] += 1
        totals[row.status] += 1
    overdue = sorted((r for r in rows if r.status == OVERDUE), key=lambda r: (-r.overdue_days, r.task_id))
    soon = sorted((r for r in rows if r.due_soon), key=lambda r: (r.due_in_days, r.task_id))
    return Summary(period, by_unit, totals, overdue, soon)
