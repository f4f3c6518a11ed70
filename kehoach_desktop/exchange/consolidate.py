"""Add it up above: read many progress files and receipts, preview, apply as one
undoable step, and see the matrix upstream task × lower office.

Idempotent: a file already taken changes nothing; a newer file from the same office
replaces the older one; an older one is ignored. A refused file writes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.dates import from_iso
from ..core.text import fold
from ..store.commands import Changes, Command
from ..store.db import Database, now_iso
from ..tracking.status import IN_PROGRESS, NOT_STARTED, OVERDUE
from . import container, identity
from .naming import normal_case, short_office
from .progress_up import MAX_RESULT, PROGRESS_MEMBER, ROLLED_STATUSES

Progress = Callable[[float, str], None]
Abort = Callable[[], bool]

NEW, REPLACE, SAME, OLDER, OWN, REFUSED = "new", "replace", "same", "older", "own", "refused"
ACTION_NAMES = {
    NEW: "Nhận mới",
    REPLACE: "Thay bản cũ hơn",
    SAME: "Đã nhận, không đổi",
    OLDER: "Cũ hơn bản đã có, bỏ qua",
    OWN: "Tệp của cơ quan mình, bỏ qua",
    REFUSED: "Không nhận",
}
MAX_FILES = 2000


@dataclass
class FileOutcome:
    name: str
    action: str
    message: str = ""
    kind: str = ""
    office: str = ""
    plan_id: int | None = None
    plan_number: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.name,
            "action": self.action,
            "action_name": ACTION_NAMES[self.action],
            "kind": self.kind,
            "office": self.office,
            "plan_id": self.plan_id,
            "plan_number": self.plan_number,
            "message": self.message,
        }


@dataclass
class _Pending:
    outcome: FileOutcome
    package: container.Package
    plan_id: int
    items: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ConsolidatePreview:
    outcomes: list[FileOutcome] = field(default_factory=list)
    pending: list[_Pending] = field(default_factory=list)
    cancelled: bool = False  # Hủy was pressed: a part of the batch, never to be applied
    bundles_left: list[str] = field(default_factory=list)  # plan bundles of other offices in a folder given

    @property
    def note(self) -> str:
        """What a folder held that the consolidation does not take (a commune's plan sent up with its
        progress file was left there without a word on the walk)."""
        if not self.bundles_left:
            return ""
        shown = ", ".join(f"«{n}»" for n in self.bundles_left[:3]) + (" …" if len(self.bundles_left) > 3 else "")
        return (
            f"Thư mục còn {len(self.bundles_left)} gói kế hoạch (.khgoi) của cơ quan khác, không thuộc việc tổng "
            f"hợp: {shown}. Nếu là kế hoạch cấp dưới gửi lên để báo cáo, hãy nhận bằng «Nhận gói kế hoạch…» "
            "(kehoach bundle import)."
        )

    @property
    def refused(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.action == REFUSED]

    @property
    def changes(self) -> int:
        return len(self.pending)

    def to_json(self) -> dict[str, Any]:
        return {
            "files": [o.to_json() for o in self.outcomes],
            "changes": self.changes,
            "bundles_left": self.bundles_left,
        }


def expand(paths: Iterable[Path | str]) -> list[Path]:
    """Files as given, and the exchange files inside given folders (not recursive)."""
    out: list[Path] = []
    suffixes = {container.SUFFIX["progress"], container.SUFFIX["receipt"], ".zip"}
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(c for c in p.iterdir() if c.is_file() and (c.suffix.lower() in suffixes or _ours_renamed(c)))
        else:
            out.append(p)
    return out[:MAX_FILES] if len(out) > MAX_FILES else out


def _bundles_left(db: Database, paths: Iterable[Path | str], mine: str) -> list[str]:
    """Plan bundles in the folders given that another office wrote and we have not received
    (ours kept beside, or one received already, say nothing)."""
    out = []
    for folder in map(Path, paths):
        if not folder.is_dir():
            continue
        for p in sorted(folder.iterdir()):
            if not p.is_file() or p.suffix.lower() != container.SUFFIX["plan"]:
                continue
            manifest = _manifest_of(p)
            sender = manifest.get("sender")
            plan = manifest.get("plan")
            if isinstance(sender, dict) and sender.get("office_id") == mine:
                continue
            uid = plan.get("uid") if isinstance(plan, dict) else None
            if isinstance(uid, str) and db.scalar("SELECT 1 FROM exchange_received WHERE uid = ?", (uid,)):
                continue
            out.append(container.display_name(p.name))
    return out


def _manifest_of(path: Path) -> dict[str, Any]:
    """A file's manifest alone (the PDF inside is not read); {} when there is none to read."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(container.MANIFEST)
            if info.file_size > 1024 * 1024:
                return {}
            value = json.loads(zf.read(info).decode("utf-8"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, zipfile.LargeZipFile, EOFError):
        return {}
    return value if isinstance(value, dict) else {}


def _ours_renamed(path: Path) -> bool:
    """An exchange file a mail client saved under another name («ATT00001.bin», «….khtiendo.dat»):
    our writer puts manifest.json first, so its name is in the first bytes. A plan bundle under its
    own name (.khgoi) is not one of these: it is what this office sent down."""
    if path.suffix.lower() in container.SUFFIX.values():
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
    except OSError:
        return False
    return head.startswith(b"PK\x03\x04") and container.MANIFEST.encode() in head


def _plan_for_uid(db: Database, uid: str) -> tuple[int, str] | None:
    row = db.one(
        "SELECT s.plan_id, p.number FROM exchange_sent s JOIN plans p ON p.id = s.plan_id WHERE s.uid = ?", (uid,)
    )
    return None if row is None else (int(row[0]), row[1] or "")


def _issued_here(db: Database, number: str) -> bool:
    """We issued a plan of this number and never sent it from this database. (One sent from here
    keeps its id whenever it is sent again, so another id on a plan we sent is another office's
    plan of the same number: «05-KH/ĐU» is every commune's.)"""
    from ..core.numbers import canonical

    return bool(number) and (
        db.scalar(
            "SELECT 1 FROM plans p WHERE p.status = 'issued' AND p.number IN (?, ?) "
            "AND NOT EXISTS (SELECT 1 FROM exchange_sent s WHERE s.plan_id = p.id) LIMIT 1",
            (number, canonical(number)),
        )
        is not None
    )


def _check_items(data: Any, name: str) -> list[dict[str, Any]]:
    bad = container.ExchangeError(f"Tệp «{name}» có dữ liệu tiến độ không hợp lệ; hãy xin nơi gửi gửi lại.")
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise bad
    items = []
    for it in data["items"]:
        if not isinstance(it, dict) or not isinstance(it.get("key"), str) or it.get("status") not in ROLLED_STATUSES:
            raise bad
        result = it.get("result") or ""
        completed = it.get("completed_on")
        count = it.get("task_count", 0)
        if not isinstance(result, str) or not isinstance(count, int) or isinstance(count, bool):
            raise bad
        if completed is not None and (not isinstance(completed, str) or from_iso(completed) is None):
            raise bad
        items.append(
            {
                "key": it["key"],
                "status": it["status"],
                "result": result[:MAX_RESULT],
                "completed_on": completed,
                "task_count": count,
            }
        )
    return items


def preview(
    db: Database, paths: Iterable[Path | str], progress: Progress | None = None, abort: Abort | None = None
) -> ConsolidatePreview:
    """Read every file and say what applying would do; nothing is written."""
    paths = list(paths)
    files = expand(paths)
    mine = identity.office_id(db)
    pv = ConsolidatePreview(bundles_left=_bundles_left(db, paths, mine))
    chosen: dict[tuple[str, int, str], _Pending] = {}  # (kind, plan, office) → newest file in this batch
    for i, path in enumerate(files):
        if abort is not None and abort():
            pv.cancelled = True
            break
        if progress is not None:
            progress(i / max(len(files), 1), f"Đang đọc {container.display_name(path.name)} ({i + 1}/{len(files)})")
        try:
            found = container.read_many(path, ("progress", "receipt"))
        except container.ExchangeError as exc:
            pv.outcomes.append(FileOutcome(container.display_name(path.name), REFUSED, str(exc)))
            continue
        for shown, pkg in found:
            _take(db, pv, chosen, mine, shown, pkg)
    if progress is not None:
        progress(1.0, "Đã đọc xong")
    return pv


def _take(
    db: Database,
    pv: ConsolidatePreview,
    chosen: dict[tuple[str, int, str], _Pending],
    mine: str,
    name: str,
    read: container.Package | container.ExchangeError,
) -> None:
    """Judge one exchange file of a batch (a file given, or one inside a zip given)."""
    outcome = FileOutcome(name, REFUSED)
    pv.outcomes.append(outcome)
    try:
        if isinstance(read, container.ExchangeError):
            raise read
        pkg = read
        outcome.kind = pkg.kind
        outcome.office = pkg.sender.name
        upstream = pkg.manifest.get("upstream") if pkg.kind == "progress" else pkg.manifest.get("plan")
        uid = upstream.get("uid") if isinstance(upstream, dict) else None
        target = (
            pkg.manifest.get("upstream", {}).get("office_id")
            if pkg.kind == "progress"
            else pkg.manifest.get("to_office_id")
        )
        if pkg.sender.office_id == mine:
            # Our own receipt or progress file, written beside what we received (bundle import writes the
            # receipt there): it was refused as «không do cơ quan mình gửi xuống … hãy kiểm tra lại tệp».
            outcome.action = OWN
            outcome.message = "Tệp này do cơ quan mình ghi để gửi đi; không có gì để tổng hợp."
            return
        if not isinstance(uid, str):
            raise container.ExchangeError(f"Tệp «{name}» không ghi kế hoạch nào; hãy xin gửi lại.")
        found = _plan_for_uid(db, uid)
        number = upstream.get("number", "") if isinstance(upstream, dict) else ""
        if found is None and isinstance(number, str) and _issued_here(db, number):
            # Our plan by its number, sent from another database (a new computer, a backup restored
            # from before the sending): the lower office needs the bundle again from this one.
            raise container.ExchangeError(
                f"Tệp «{name}» báo cáo về Kế hoạch số {number}: cơ quan mình có kế hoạch số này, nhưng tệp dữ liệu "
                "này chưa gửi gói đó cho nơi báo cáo, nên không biết ghép vào đâu. Nếu gói đã gửi từ máy khác "
                f"(hoặc trước khi khôi phục bản sao lưu), hãy gửi lại gói kế hoạch {number} từ máy này cho "
                f"{pkg.sender.name}; sau khi họ nhận lại, tệp tiến độ họ gửi lên sẽ được tổng hợp. Nếu không, "
                "tệp này gửi nhầm cơ quan: hãy báo lại nơi gửi."
            )
        known = (
            db.scalar("SELECT name FROM exchange_offices WHERE office_id = ?", (target,))
            if isinstance(target, str) and target != mine
            else None
        )
        if known:
            # A chi bộ's file sent two levels up (the walk): the office it is meant for is one we know.
            raise container.ExchangeError(
                f"Tệp «{name}» của {normal_case(pkg.sender.name)} báo cáo về Kế hoạch số {number or '(không rõ số)'} "
                f"của {normal_case(known)}, không phải kế hoạch cơ quan mình gửi xuống. Không nhận; tệp này cần "
                f"gửi cho {normal_case(known)}."
            )
        if found is None or (isinstance(target, str) and target != mine):
            raise container.ExchangeError(
                f"Tệp «{name}» báo cáo về kế hoạch {number or '(không rõ số)'} không do cơ quan mình gửi "
                "xuống (hoặc gửi cho cơ quan khác). Không nhận; hãy kiểm tra lại tệp."
            )
        outcome.plan_id, outcome.plan_number = found
        items = _check_items(pkg.json(PROGRESS_MEMBER), name) if pkg.kind == "progress" else []
    except container.ExchangeError as exc:
        outcome.message = str(exc)
        return
    outcome.action = _judge(db, pkg, found[0])
    if outcome.action in (SAME, OLDER):
        return
    key = (pkg.kind, found[0], pkg.sender.office_id)
    earlier = chosen.get(key)
    if earlier is not None:
        if earlier.package.created_at >= pkg.created_at:
            outcome.action = SAME if earlier.package.digest == pkg.digest else OLDER
            outcome.message = "Trong lô có bản mới hơn (hoặc trùng) của cùng cơ quan."
            return
        earlier.outcome.action = OLDER
        earlier.outcome.message = "Trong lô có bản mới hơn của cùng cơ quan."
        pv.pending.remove(earlier)
    pending = _Pending(outcome, pkg, found[0], items)
    chosen[key] = pending
    pv.pending.append(pending)


def _judge(db: Database, pkg: container.Package, plan_id: int) -> str:
    office = pkg.sender.office_id
    if pkg.kind == "receipt":
        row = db.one("SELECT received_at FROM exchange_receipts WHERE plan_id = ? AND office_id = ?", (plan_id, office))
        return NEW if row is None else SAME
    row = db.one(
        "SELECT created_at, content_sha256 FROM exchange_reports WHERE plan_id = ? AND office_id = ?", (plan_id, office)
    )
    if row is None:
        return NEW
    if row["content_sha256"] == pkg.digest:
        return SAME
    return REPLACE if pkg.created_at > row["created_at"] else OLDER


class ApplyConsolidation(Command):
    """Write what a preview found, in one transaction; undo puts back what was there."""

    def __init__(self, pv: ConsolidatePreview):
        if pv.cancelled:
            raise ValueError("a cancelled consolidation preview holds part of the batch only")
        self.pending = list(pv.pending)
        self.text = f"Tổng hợp {len(self.pending)} tệp tiến độ cấp dưới"
        self._before: dict[str, list[dict[str, Any]]] = {}
        self._new_offices: list[str] = []

    def _snapshot(self, db: Database) -> None:
        pairs = {(p.plan_id, p.package.sender.office_id) for p in self.pending}
        reports, progress, receipts = [], [], []
        for plan_id, office in pairs:
            for r in db.all("SELECT * FROM exchange_reports WHERE plan_id = ? AND office_id = ?", (plan_id, office)):
                reports.append(dict(r))
                progress += [dict(x) for x in db.all("SELECT * FROM exchange_progress WHERE report_id = ?", (r["id"],))]
            receipts += [
                dict(r)
                for r in db.all(
                    "SELECT * FROM exchange_receipts WHERE plan_id = ? AND office_id = ?", (plan_id, office)
                )
            ]
        self._before = {"reports": reports, "progress": progress, "receipts": receipts}

    def redo(self, db: Database) -> Changes:
        stamp = now_iso()
        with db.transaction():
            self._snapshot(db)
            known = {r[0] for r in db.all("SELECT office_id FROM exchange_offices")}
            self._new_offices = sorted({p.package.sender.office_id for p in self.pending} - known)
            for p in self.pending:
                sender = p.package.sender
                identity.remember_office(db, sender)
                if p.package.kind == "receipt":
                    db.execute(
                        "INSERT INTO exchange_receipts(plan_id, office_id, received_at, imported_at) VALUES (?,?,?,?) "
                        "ON CONFLICT(plan_id, office_id) DO NOTHING",
                        (
                            p.plan_id,
                            sender.office_id,
                            str(p.package.manifest.get("received_at") or p.package.created_at),
                            stamp,
                        ),
                    )
                    continue
                m = p.package.manifest
                found = m.get("lower_plan")
                lower: dict[str, Any] = found if isinstance(found, dict) else {}
                db.execute(
                    "DELETE FROM exchange_reports WHERE plan_id = ? AND office_id = ?", (p.plan_id, sender.office_id)
                )
                cur = db.execute(
                    "INSERT INTO exchange_reports(plan_id, office_id, lower_plan_number, lower_plan_title, as_of, "
                    "created_at, content_sha256, imported_at) VALUES (?,?,?,?,?,?,?,?)",
                    (
                        p.plan_id,
                        sender.office_id,
                        str(lower.get("number") or ""),
                        str(lower.get("title") or ""),
                        str(m.get("as_of") or p.package.created_at[:10]),
                        p.package.created_at,
                        p.package.digest,
                        stamp,
                    ),
                )
                db.conn.executemany(
                    "INSERT OR REPLACE INTO exchange_progress(report_id, item_key, status, result, completed_on, task_count) "
                    "VALUES (?,?,?,?,?,?)",
                    [
                        (cur.lastrowid, it["key"], it["status"], it["result"], it["completed_on"], it["task_count"])
                        for it in p.items
                    ],
                )
                # A progress file implies the plan was received.
                db.execute(
                    "INSERT INTO exchange_receipts(plan_id, office_id, received_at, imported_at) VALUES (?,?,?,?) "
                    "ON CONFLICT(plan_id, office_id) DO NOTHING",
                    (p.plan_id, sender.office_id, p.package.created_at, stamp),
                )
            for plan_id in {p.plan_id for p in self.pending}:
                db.audit("plan", plan_id, "exchange.consolidate", {"files": len(self.pending)})
        return Changes(plans={p.plan_id for p in self.pending})

    def undo(self, db: Database) -> Changes:
        with db.transaction():
            for p in self.pending:
                office = p.package.sender.office_id
                db.execute("DELETE FROM exchange_reports WHERE plan_id = ? AND office_id = ?", (p.plan_id, office))
                db.execute("DELETE FROM exchange_receipts WHERE plan_id = ? AND office_id = ?", (p.plan_id, office))
            for table, key in (
                ("exchange_reports", "reports"),
                ("exchange_progress", "progress"),
                ("exchange_receipts", "receipts"),
            ):
                for row in self._before.get(key, []):
                    cols = ", ".join(row)
                    db.execute(f"INSERT INTO {table}({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
            for office in self._new_offices:
                db.execute(
                    "DELETE FROM exchange_offices WHERE office_id = ? AND NOT EXISTS "
                    "(SELECT 1 FROM exchange_reports WHERE office_id = ?) AND NOT EXISTS "
                    "(SELECT 1 FROM exchange_receipts WHERE office_id = ?)",
                    (office, office, office),
                )
        return Changes(plans={p.plan_id for p in self.pending})


# -- the matrix -----------------------------------------------------------------------
@dataclass
class OfficeColumn:
    office_id: str
    name: str
    received_at: str | None
    reported_at: str | None
    lower_plan_number: str


@dataclass
class Matrix:
    plan_id: int
    tasks: list[tuple[str, str, str]]  # (key, title, lead unit)
    offices: list[OfficeColumn]
    cells: dict[tuple[str, str], tuple[str, str]]  # (key, office_id) → (status, result)

    @property
    def not_received(self) -> list[OfficeColumn]:
        return [o for o in self.offices if o.received_at is None]

    @property
    def not_reported(self) -> list[OfficeColumn]:
        return [o for o in self.offices if o.reported_at is None]

    def column_counts(self, key: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for o in self.offices:
            status = self.cells.get((key, o.office_id), ("", ""))[0] or "missing"
            counts[status] = counts.get(status, 0) + 1
        return counts


def sent_plans(db: Database) -> list[tuple[int, str, str]]:
    """(plan id, number, title) of the plans this office has sent down."""
    return [
        (r[0], r[1] or "", r[2])
        for r in db.all(
            "SELECT p.id, p.number, p.title FROM exchange_sent s JOIN plans p ON p.id = s.plan_id ORDER BY p.plan_date DESC"
        )
    ]


def matrix(db: Database, plan_id: int, today: dt.date | None = None) -> Matrix:
    """Upstream task × lower office: every office that received or reported, or is known to us.

    Lateness is judged by our own deadline: a task a lower office reports as not started or in
    progress after it is overdue (the walk: a lower office whose plan was still a draft reported
    «chưa triển khai» everywhere, and the Báo cáo tổng hợp said nothing was overdue below)."""
    today = today or dt.date.today()
    tasks = []
    due: dict[str, dt.date] = {}
    for r in db.all(
        "SELECT t.node_id, t.id, t.title, u.name, t.deadline_kind, t.deadline_start, t.deadline_end "
        "FROM tasks t LEFT JOIN units u ON u.id = t.lead_unit_id WHERE t.plan_id = ? ORDER BY t.position, t.id",
        (plan_id,),
    ):
        key = f"n{r[0]}" if r[0] is not None else f"t{r[1]}"
        tasks.append((key, r[2], r[3] or ""))
        limit = (r[6] or r[5]) if r[4] in ("date", "range", "period") else None
        if limit:
            due[key] = dt.date.fromisoformat(limit)
    offices = [
        OfficeColumn(r[0], r[1], r[2], r[3], r[4] or "")
        for r in db.all(
            "SELECT o.office_id, o.name, c.received_at, rep.created_at, rep.lower_plan_number FROM exchange_offices o "
            "LEFT JOIN exchange_receipts c ON c.office_id = o.office_id AND c.plan_id = ? "
            "LEFT JOIN exchange_reports rep ON rep.office_id = o.office_id AND rep.plan_id = ? "
            "WHERE c.office_id IS NOT NULL OR rep.office_id IS NOT NULL ORDER BY o.name COLLATE NOCASE",
            (plan_id, plan_id),
        )
    ]
    # Offices it was sent to that have not answered at all: a column of their own, by name.
    raw = db.scalar("SELECT addressees_json FROM exchange_sent WHERE plan_id = ?", (plan_id,))
    answered = [_office_key(o.name) for o in offices]
    for name in json.loads(raw or "[]"):
        key = _office_key(name)
        place = _place_key(key)
        if key and not any(key == a or key in a or a in key or (place and place == _place_key(a)) for a in answered):
            offices.append(OfficeColumn(f"?{key}", name, None, None, ""))
            answered.append(key)
    cells: dict[tuple[str, str], tuple[str, str]] = {}
    for key, office, status, result in db.all(
        "SELECT x.item_key, r.office_id, x.status, x.result FROM exchange_progress x "
        "JOIN exchange_reports r ON r.id = x.report_id WHERE r.plan_id = ?",
        (plan_id,),
    ):
        if status in (NOT_STARTED, IN_PROGRESS) and key in due and today > due[key]:
            status = OVERDUE
        cells[(key, office)] = (status, result)
    return Matrix(plan_id, tasks, offices, cells)


def _office_key(name: str) -> str:
    """«ĐẢNG ỦY XÃ THẠCH HÀ», «Đảng ủy xã Thạch Hà (để thực hiện)» → «xa thach ha»."""
    text = " ".join(fold(short_office(name.split("(")[0].strip(" -+,;."))).strip(" ,;.-").split())
    # "Các đảng ủy xã, phường", "các chi bộ": everyone, not an office to wait for.
    return "" if text.startswith("cac ") else text


# The kinds of commune-level unit: a commune that became a ward in the 2025 reorganisation keeps its place name.
_UNIT_KINDS = ("xa ", "phuong ", "thi tran ", "dac khu ", "thi xa ")


def _place_key(key: str) -> str:
    """«xa thach ha» / «phuong thach ha» → «thach ha»; '' for a name without such a word."""
    for kind in _UNIT_KINDS:
        if key.startswith(kind) and len(key) > len(kind):
            return key[len(kind) :]
    return ""


def known_offices(db: Database) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in db.all("SELECT office_id, name FROM exchange_offices ORDER BY name COLLATE NOCASE")]


def as_json(m: Matrix) -> dict[str, Any]:
    return {
        "plan_id": m.plan_id,
        "tasks": [{"key": k, "title": t, "lead_unit": u} for k, t, u in m.tasks],
        "offices": [
            {
                "office_id": o.office_id,
                "name": o.name,
                "received_at": o.received_at,
                "reported_at": o.reported_at,
                "lower_plan_number": o.lower_plan_number,
            }
            for o in m.offices
        ],
        "cells": [{"key": k, "office_id": o, "status": s, "result": r} for (k, o), (s, r) in sorted(m.cells.items())],
    }
