"""Autosave of text being typed, and recovery after a crash or power cut.

While the user types in a plan's text editor, the GUI calls :func:`stash` every
second or two with the whole text; each call is one small committed write into
the ``meta`` table, so a crash loses at most that interval. When the edit is
committed as an undoable command the stash is :func:`clear`-ed. At the next start
:func:`pending` lists what was typed but never committed, and
:func:`recovery_command` turns an item into the ordinary undoable command.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ..core.text import clean
from .commands import Command
from .db import Database, now_iso

PREFIX = "autosave/"
TEXT_FIELDS = ("title", "basis", "closing")  # header fields (PlanDocument names)
TASK_TEXT_FIELDS = ("product", "deadline_text")  # task fields typed at length (target "task:<node>/<field>")
# Stashes written before the header had one vocabulary named the columns.
_LEGACY = {"basis_text": "basis", "closing_text": "closing"}


class Pending(NamedTuple):  # not a dataclass: asked at every start, ~1 ms less (issue 19)
    plan_id: int
    target: str  # "node:<id>", "field:<header field>" (title, basis, closing) or "task:<node id>/<field>"
    text: str  # what was typed
    saved_at: str
    current: str  # what the database holds now
    plan_title: str = ""
    # Left by a session that closed normally (its commit failed), not by a crash: the
    # recovery offer must not say the program was closed abruptly.
    after_clean_exit: bool = False

    @property
    def key(self) -> str:
        return f"{PREFIX}{self.plan_id}/{self.target}"


def _key(plan_id: int, target: str) -> str:
    return f"{PREFIX}{plan_id}/{target}"


def stash(db: Database, plan_id: int, target: str, text: str) -> None:
    """Keep *text* typed into *target* safe on disk (cheap; call it on a short timer)."""
    db.set_meta(
        _key(plan_id, target), {"plan_id": plan_id, "target": target, "text": clean(text), "saved_at": now_iso()}
    )


def clear(db: Database, plan_id: int, target: str) -> None:
    with db.transaction():
        db.execute("DELETE FROM meta WHERE key = ?", (_key(plan_id, target),))


def mark_clean_exit(db: Database) -> int:
    """At a normal quit, after everything typed was committed: any stash still left (a
    commit that failed) is marked as left by a clean session. Returns how many."""
    import json

    rows = db.all("SELECT key, value FROM meta WHERE key LIKE ?", (PREFIX + "%",))
    if not rows or db.read_only:
        return 0
    with db.transaction():
        for row in rows:
            data = json.loads(row["value"])
            data["clean_exit"] = True
            db.execute("UPDATE meta SET value = ? WHERE key = ?", (json.dumps(data, ensure_ascii=False), row["key"]))
    return len(rows)


def discard(db: Database, items: list[Pending]) -> None:
    with db.transaction():
        for item in items:
            db.execute("DELETE FROM meta WHERE key = ?", (item.key,))


def task_target(node_id: int, field: str) -> str:
    """The stash place of a task's typed field ("task:12/product")."""
    return f"task:{node_id}/{field}"


def _current(db: Database, plan_id: int, target: str) -> str | None:
    kind, _, ref = target.partition(":")
    if kind == "node":
        row = db.one("SELECT text FROM plan_nodes WHERE id = ? AND plan_id = ?", (int(ref), plan_id))
        return None if row is None else row["text"]
    if kind == "task":
        node_ref, _, name = ref.partition("/")
        if name not in TASK_TEXT_FIELDS or not node_ref.isdigit():
            return None
        row = db.one(
            f"SELECT t.{name} FROM plan_nodes n LEFT JOIN tasks t ON t.node_id = n.id WHERE n.id = ? AND n.plan_id = ?",
            (int(node_ref), plan_id),
        )
        return None if row is None else (row[0] or "")  # an item that is no task yet: nothing stored
    ref = _LEGACY.get(ref, ref)
    if kind == "field" and ref in TEXT_FIELDS:
        from . import plans  # the plan model: only for a stashed header field, not at every start-up

        row = db.one(f"SELECT {plans.column(ref)} FROM plans WHERE id = ?", (plan_id,))
        return None if row is None else row[0]
    return None


def pending(db: Database) -> list[Pending]:
    """Typed-but-uncommitted texts that still differ from the database (stale ones are dropped)."""
    import json

    found: list[Pending] = []
    stale: list[str] = []
    for row in db.all("SELECT key, value FROM meta WHERE key LIKE ? ORDER BY key", (PREFIX + "%",)):
        data: dict[str, Any] = json.loads(row["value"])
        plan = db.one("SELECT title, status FROM plans WHERE id = ?", (data["plan_id"],))
        current = _current(db, data["plan_id"], data["target"])
        if plan is None or plan["status"] == "issued" or current is None or current == data["text"]:
            stale.append(row["key"])
            continue
        found.append(
            Pending(
                data["plan_id"],
                data["target"],
                data["text"],
                data["saved_at"],
                current,
                plan["title"],
                bool(data.get("clean_exit")),
            )
        )
    if stale and not db.read_only:
        with db.transaction():
            db.conn.executemany("DELETE FROM meta WHERE key = ?", [(k,) for k in stale])
    return found


def recovery_command(db: Database, item: Pending) -> Command:
    """The undoable command that puts the recovered text in place."""
    from .plan_ops import EditNode, UpdateHeader

    kind, _, ref = item.target.partition(":")
    if kind == "node":
        return EditNode(db, int(ref), text=item.text)
    if kind == "task":
        from .plan_ops import SetTask

        node_ref, _, name = ref.partition("/")
        return SetTask(db, int(node_ref), {name: item.text})
    return UpdateHeader(db, item.plan_id, {_LEGACY.get(ref, ref): item.text}, "Khôi phục nội dung đang gõ dở")


def recover(db: Database, items: list[Pending], push) -> int:
    """Apply *items* through *push* (an undo stack's push); returns how many were applied."""
    done = 0
    for item in items:
        push(recovery_command(db, item))
        clear(db, item.plan_id, item.target)
        done += 1
    return done
