"""Undoable plan edits: every change the plan editor can make is one Command here.

Each ``redo``/``undo`` commits one transaction and returns the
:class:`~kehoach_desktop.store.commands.Changes` it made (``structure`` is set when
the tree's shape changed, so views reload the tree; a text edit leaves it unset).
Redo after undo re-creates rows with their old ids, so later commands on the
stack still apply. The GUI pushes these through ``AppContext.push``; tests and
the command line use ``store.commands.UndoStack``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from ..core import basis as basis_text
from ..core.checks import stale_mentions
from ..core.dates import from_iso
from ..core.document import Node, PlanDocument, Signature
from ..core.models import OfficeProfile
from ..core.templates import Template
from ..core.text import clean
from . import plans
from .commands import Changes, Command
from .db import Database


def _plan_changes(plan_id: int, structure: bool = False, tasks: set[int] | None = None) -> Changes:
    return Changes(plans={plan_id}, structure=structure, tasks=set(tasks or ()))


# -- whole plans ---------------------------------------------------------------------
class _CreatesPlan(Command):
    """Shared undo/redo of commands that make a new plan: undo deletes it, redo restores it."""

    plan_id: int | None = None
    _snap: dict[str, Any] | None = None

    def build(self, db: Database) -> int:  # pragma: no cover - interface
        raise NotImplementedError

    def redo(self, db: Database) -> Changes:
        if self._snap is None:
            self.plan_id = self.build(db)
        else:
            self.plan_id = plans.restore_plan(db, self._snap)
        return _plan_changes(self.plan_id, structure=True)

    def undo(self, db: Database) -> Changes:
        assert self.plan_id is not None
        self._snap = plans.delete_plan(db, self.plan_id)
        return _plan_changes(self.plan_id, structure=True)


def document_from_profile(profile: OfficeProfile, **fields: Any) -> PlanDocument:
    """An empty plan with the office's header and signer; *fields* are further PlanDocument fields."""
    return PlanDocument(
        superior_body=profile.superior_body,
        issuer_body=profile.issuer_body,
        issuer_code=profile.issuer_code,
        place=profile.place,
        numbering_style=profile.numbering_style or "party-dot",
        signature=Signature(profile.signer_authority, profile.signer_title, profile.signer_name),
        **fields,
    )


class SaveDocument(_CreatesPlan):
    """A whole plan stored from a :class:`PlanDocument` (cụ thể hóa, bundles, imports):
    :func:`store.plans.save_document` as an undoable command."""

    def __init__(
        self,
        doc: PlanDocument,
        *,
        basis_ids: Sequence[int] = (),
        extra: dict[str, Any] | None = None,
        text: str = "Tạo kế hoạch",
    ):
        self.doc, self.basis_ids, self.extra, self.text = doc, list(basis_ids), dict(extra or {}), text

    def build(self, db: Database) -> int:
        return plans.save_document(db, self.doc, basis_ids=self.basis_ids, extra=self.extra)


class CreatePlan(_CreatesPlan):
    """A new draft from a template (or the blank skeleton), header from the office profile."""

    def __init__(self, template: Template, profile: OfficeProfile, *, year: int, topic: str = "", title: str = ""):
        self.template, self.profile, self.year, self.topic, self.title = template, profile, year, topic, title
        self.text = f"Tạo kế hoạch «{template.name}»"

    def build(self, db: Database) -> int:
        filled = self.template.fill(year=self.year, topic=self.topic, issuer=self.profile.issuer_body)
        doc = document_from_profile(
            self.profile,
            title=self.title or filled["title"],
            year=self.year,
            basis=filled["basis"],
            closing=filled["closing"],
            recipients=filled["recipients"],
            sections=[Node.from_dict(n) for n in filled["sections"]],
        )
        return plans.save_document(db, doc, extra={"template": self.template.id})


class ClonePlan(_CreatesPlan):
    """Copy an earlier plan for a new year. Nothing in the text is replaced: the years and
    dates that look stale are listed in ``review`` (and by the pre-signing check)."""

    def __init__(self, plan_id: int, year: int):
        self.source_id, self.year = plan_id, year
        self.review: list[dict[str, Any]] = []
        self.text = f"Sao chép kế hoạch cho năm {year}"

    def build(self, db: Database) -> int:
        src = plans.get_row(db, self.source_id)
        old_date = from_iso(src["plan_date"])
        old_year = src["year"] or (old_date.year if old_date else None)
        extra = json.loads(src["extra_json"] or "{}")
        extra.pop(plans.DRAFT_MARK, None)
        extra.update({"cloned_from": self.source_id, "clone_source_year": old_year})
        new_id = plans.copy_plan(db, self.source_id, {"year": self.year, "date": None}, extra=extra)
        self.review = stale_mentions(plans.load_document(db, new_id), old_year) if old_year else []
        return new_id


class CreateRevision(_CreatesPlan):
    """Kế hoạch sửa đổi, bổ sung: a new draft linked to the issued one, which stays readable."""

    def __init__(self, plan_id: int):
        self.source_id = plan_id
        self.text = "Tạo bản sửa đổi, bổ sung"

    def build(self, db: Database) -> int:
        src = plans.get_row(db, self.source_id)
        if src["status"] != "issued":
            raise ValueError(
                "Chỉ tạo bản sửa đổi, bổ sung cho kế hoạch đã ban hành; kế hoạch đang dự thảo thì sửa trực tiếp."
            )
        title = src["title"]
        if "sửa đổi" not in title.lower():
            title = f"Sửa đổi, bổ sung Kế hoạch số {src['number']} {title[:1].lower()}{title[1:]}".strip()
        extra = json.loads(src["extra_json"] or "{}")
        extra["revises_number"] = src["number"]
        return plans.copy_plan(
            db, self.source_id, {"title": title, "date": None}, extra=extra, revision_of=self.source_id
        )


class DeletePlan(Command):
    def __init__(self, plan_id: int, label: str = ""):
        self.plan_id = plan_id
        self._snap: dict[str, Any] | None = None
        self.text = f"Xóa kế hoạch {label}".strip()

    def redo(self, db: Database) -> Changes:
        self._snap = plans.delete_plan(db, self.plan_id)
        return _plan_changes(self.plan_id, structure=True)

    def undo(self, db: Database) -> Changes:
        assert self._snap is not None
        plans.restore_plan(db, self._snap)
        return _plan_changes(self.plan_id, structure=True)


# -- header, căn cứ, recipients, signature ------------------------------------------
class UpdateHeader(Command):
    """Change header fields (title, bodies, place, date, year, style, closing, recipients, signature…)."""

    def __init__(self, db: Database, plan_id: int, changes: dict[str, Any], text: str = "Sửa phần đầu kế hoạch"):
        self.plan_id = plan_id
        self.new = dict(changes)
        self.old = plans.header_values(db, plan_id, self.new.keys())
        self.text = text

    def redo(self, db: Database) -> Changes:
        plans.update_header(db, self.plan_id, self.new)
        return _plan_changes(self.plan_id, structure="numbering_style" in self.new)

    def undo(self, db: Database) -> Changes:
        plans.update_header(db, self.plan_id, self.old, action="undo")
        return _plan_changes(self.plan_id, structure="numbering_style" in self.new)


class SetRecipients(UpdateHeader):
    """Nơi nhận: the lines under the signature block."""

    def __init__(self, db: Database, plan_id: int, lines: list[str]):
        super().__init__(db, plan_id, {"recipients": list(lines)}, "Sửa nơi nhận")


class SetSignature(UpdateHeader):
    """The signer: authority line (T/M …), title and name."""

    def __init__(self, db: Database, plan_id: int, authority: str, title: str, name: str):
        super().__init__(
            db, plan_id, {"signature": {"authority": authority, "title": title, "name": name}}, "Sửa chữ ký"
        )


def directive_sources(db: Database, directive_ids: list[int]) -> list[basis_text.BasisSource]:
    out = []
    for did in directive_ids:
        row = db.one("SELECT * FROM directives WHERE id = ?", (did,))
        if row is None:
            raise LookupError("Một văn bản đã chọn không còn trong sổ; hãy chọn lại.")
        out.append(
            basis_text.BasisSource(
                row["doc_type"], row["number"], from_iso(row["issued_on"]), row["issuer"], row["summary"]
            )
        )
    return out


class SetBasis(Command):
    """Căn cứ from picked registry documents: official citation text plus kept links.

    With ``text=None`` the paragraph is generated (``Căn cứ …; …, <tail>``); a
    given text is stored as is (the user edited the generated one).
    """

    def __init__(
        self, db: Database, plan_id: int, directive_ids: list[int], text: str | None = None, tail: str | None = None
    ):
        self.plan_id = plan_id
        self.ids = list(dict.fromkeys(directive_ids))
        row = plans.get_row(db, plan_id)
        if text is None:
            if tail is None:
                signed = json.loads(row["signature_json"] or "{}") if row["signature_json"] else {}
                tail = basis_text.default_tail(row["issuer_body"], row["title"], str(signed.get("authority") or ""))
            text = basis_text.compose(directive_sources(db, self.ids), tail)
        self.new_text = text
        self.old_text = row["basis_text"]
        self.old_ids = [
            r[0] for r in db.all("SELECT directive_id FROM plan_basis WHERE plan_id = ? ORDER BY position", (plan_id,))
        ]
        self.text = "Sửa căn cứ"

    def _apply(self, db: Database, ids: list[int], text: str) -> Changes:
        with db.transaction():
            plans.require_draft(db, self.plan_id)
            plans.set_basis(db, self.plan_id, ids)
            plans.update_header(db, self.plan_id, {"basis": text}, action="basis")
        return Changes(plans={self.plan_id}, directives=set(ids) | set(self.old_ids), structure=True)

    def redo(self, db: Database) -> Changes:
        return self._apply(db, self.ids, self.new_text)

    def undo(self, db: Database) -> Changes:
        return self._apply(db, self.old_ids, self.old_text)


# -- the section tree -------------------------------------------------------------
class AddNode(Command):
    def __init__(
        self,
        plan_id: int,
        parent_id: int | None,
        kind: str = "section",
        text: str = "",
        position: int | None = None,
        role: str = "",
    ):
        self.plan_id, self.parent_id, self.kind, self.node_text = plan_id, parent_id, kind, text
        self.position, self.role = position, role
        self.node_id: int | None = None
        self.text = {"section": "Thêm mục", "bullet": "Thêm gạch đầu dòng"}.get(kind, "Thêm đoạn")

    def redo(self, db: Database) -> Changes:
        self.node_id = plans.insert_node(
            db, self.plan_id, self.parent_id, self.position, self.kind, self.node_text, self.role, node_id=self.node_id
        )
        if self.position is None:
            self.position = plans.node_row(db, self.node_id)["position"]
        return _plan_changes(self.plan_id, structure=True)

    def undo(self, db: Database) -> Changes:
        assert self.node_id is not None
        plans.delete_node(db, self.node_id)
        return _plan_changes(self.plan_id, structure=True)


class DeleteNode(Command):
    def __init__(self, db: Database, node_id: int):
        self.node_id = node_id
        self.plan_id = plans.node_row(db, node_id)["plan_id"]
        self._snap: dict[str, Any] | None = None
        self.text = "Xóa mục"

    def redo(self, db: Database) -> Changes:
        self._snap = plans.delete_node(db, self.node_id)
        return _plan_changes(self.plan_id, structure=True, tasks={t["id"] for t in self._snap["tasks"]})

    def undo(self, db: Database) -> Changes:
        assert self._snap is not None
        plans.restore_nodes(db, self._snap)
        return _plan_changes(self.plan_id, structure=True, tasks={t["id"] for t in self._snap["tasks"]})


class EditNode(Command):
    """Change a node's text (and/or kind, role). Text arrives NFC-cleaned by the store."""

    def __init__(
        self, db: Database, node_id: int, text: str | None = None, kind: str | None = None, role: str | None = None
    ):
        row = plans.node_row(db, node_id)
        self.node_id, self.plan_id = node_id, row["plan_id"]
        self.new = {k: v for k, v in (("text", text), ("kind", kind), ("role", role)) if v is not None}
        if "text" in self.new:
            self.new["text"] = clean(self.new["text"])
        self.old = {k: row[k] for k in self.new}
        self.text = "Sửa nội dung mục" if "text" in self.new else "Đổi loại mục"

    def redo(self, db: Database) -> Changes:
        plans.set_node(db, self.node_id, **self.new)
        if "text" in self.new:
            plans.reindex(db, self.plan_id)
        return _plan_changes(self.plan_id, structure="kind" in self.new)

    def undo(self, db: Database) -> Changes:
        plans.set_node(db, self.node_id, **self.old)
        if "text" in self.old:
            plans.reindex(db, self.plan_id)
        return _plan_changes(self.plan_id, structure="kind" in self.new)


class MoveNode(Command):
    """Move a node (and its subtree) to another place; undo puts it back exactly."""

    def __init__(
        self, db: Database, node_id: int, new_parent: int | None, new_position: int, text: str = "Di chuyển mục"
    ):
        row = plans.node_row(db, node_id)
        self.node_id, self.plan_id = node_id, row["plan_id"]
        siblings = [r["id"] for r in plans.children_rows(db, row["plan_id"], row["parent_id"])]
        self.old = (row["parent_id"], siblings.index(node_id))  # an index, even if positions have gaps
        self.new = (new_parent, new_position)
        self.text = text

    def redo(self, db: Database) -> Changes:
        plans.move_node(db, self.node_id, *self.new)
        return _plan_changes(self.plan_id, structure=True)

    def undo(self, db: Database) -> Changes:
        plans.move_node(db, self.node_id, *self.old)
        return _plan_changes(self.plan_id, structure=True)


APPENDIX = plans.APPENDIX


class SetAppendix(Command):
    """Mark a top-level section as a Phụ lục (``role == "appendix"``) or clear the mark.

    Appendices are printed after the body, Nơi nhận and signature, so the section also
    moves: to the end of the top level when marked, to the end of the body (before the
    first appendix) when cleared; the stored order stays the order shown. Undo puts back
    the old role and place.
    """

    def __init__(self, db: Database, node_id: int, appendix: bool = True):
        row = plans.node_row(db, node_id)
        self.node_id, self.plan_id, self.appendix = node_id, row["plan_id"], appendix
        self.old_role = row["role"]
        siblings = [r["id"] for r in plans.children_rows(db, row["plan_id"], row["parent_id"])]
        self.old_index = siblings.index(node_id)
        self.text = "Đánh dấu là phụ lục" if appendix else "Bỏ đánh dấu phụ lục"
        self._check(row)

    @staticmethod
    def _check(row: Any) -> None:
        if row["parent_id"] is not None:
            raise ValueError(
                "Chỉ mục lớn cấp cao nhất (I, II, III…) mới đánh dấu là phụ lục được; "
                "hãy chọn mục đó trong cây, hoặc lùi mục này ra cấp cao nhất trước."
            )
        if row["kind"] != "section":
            raise ValueError(
                "Chỉ một mục mới đánh dấu là phụ lục được, không phải đoạn văn hay gạch đầu dòng; "
                "hãy đổi loại của nó thành «Mục» trước."
            )

    def redo(self, db: Database) -> Changes:
        with db.transaction():
            row = plans.node_row(db, self.node_id)
            plans.require_draft(db, self.plan_id)
            self._check(row)
            others = [r for r in plans.children_rows(db, self.plan_id, None) if r["id"] != self.node_id]
            if self.appendix:
                position = len(others)
            else:
                position = next((i for i, r in enumerate(others) if r["role"] == APPENDIX), len(others))
            plans.set_node(db, self.node_id, role=APPENDIX if self.appendix else "")
            plans.move_node(db, self.node_id, None, position)
        return _plan_changes(self.plan_id, structure=True)

    def undo(self, db: Database) -> Changes:
        with db.transaction():
            plans.set_node(db, self.node_id, role=self.old_role)
            plans.move_node(db, self.node_id, None, self.old_index)
        return _plan_changes(self.plan_id, structure=True)


def _siblings(db: Database, node_id: int) -> tuple[Any, list]:
    row = plans.node_row(db, node_id)
    return row, plans.children_rows(db, row["plan_id"], row["parent_id"])


def move_up(db: Database, node_id: int) -> MoveNode:
    row, sibs = _siblings(db, node_id)
    index = [r["id"] for r in sibs].index(node_id)
    if index == 0:
        raise ValueError("Mục này đã ở đầu; không chuyển lên được nữa.")
    return MoveNode(db, node_id, row["parent_id"], index - 1, "Chuyển mục lên")


def move_down(db: Database, node_id: int) -> MoveNode:
    row, sibs = _siblings(db, node_id)
    index = [r["id"] for r in sibs].index(node_id)
    if index == len(sibs) - 1:
        raise ValueError("Mục này đã ở cuối; không chuyển xuống được nữa.")
    return MoveNode(db, node_id, row["parent_id"], index + 1, "Chuyển mục xuống")


def indent(db: Database, node_id: int) -> MoveNode:
    """Make the node the last child of its previous sibling (one level deeper)."""
    row, sibs = _siblings(db, node_id)
    index = [r["id"] for r in sibs].index(node_id)
    if index == 0:
        raise ValueError("Mục đầu tiên không thụt vào được: chưa có mục nào phía trên cùng cấp để làm mục cha.")
    new_parent = sibs[index - 1]["id"]
    count = len(plans.children_rows(db, row["plan_id"], new_parent))
    return MoveNode(db, node_id, new_parent, count, "Thụt mục vào")


def outdent(db: Database, node_id: int) -> MoveNode:
    """Make the node the next sibling of its parent (one level up)."""
    row = plans.node_row(db, node_id)
    if row["parent_id"] is None:
        raise ValueError("Mục này đã ở cấp cao nhất; không lùi ra được nữa.")
    parent = plans.node_row(db, row["parent_id"])
    uncles = [r["id"] for r in plans.children_rows(db, parent["plan_id"], parent["parent_id"])]
    return MoveNode(db, node_id, parent["parent_id"], uncles.index(parent["id"]) + 1, "Lùi mục ra")


# -- tasks -----------------------------------------------------------------------------
class SetTask(Command):
    """Mark a node as a task or change its unit, cooperating units, deadline, product."""

    def __init__(self, db: Database, node_id: int, data: dict[str, Any]):
        self.node_id = node_id
        self.plan_id = plans.node_row(db, node_id)["plan_id"]
        self.data = dict(data)
        self.old = plans.task_state(db, node_id)
        self.task_id: int | None = self.old["id"] if self.old else None
        self.text = "Đánh dấu nhiệm vụ" if self.old is None else "Sửa nhiệm vụ"

    def redo(self, db: Database) -> Changes:
        self.task_id = plans.set_task(db, self.node_id, self.data, task_id=self.task_id)
        return _plan_changes(self.plan_id, tasks={self.task_id})

    def undo(self, db: Database) -> Changes:
        assert self.task_id is not None
        if self.old is None:
            plans.clear_task(db, self.node_id)
        else:
            plans.set_task(db, self.node_id, self.old)
        return _plan_changes(self.plan_id, tasks={self.task_id})


class ClearTask(Command):
    def __init__(self, db: Database, node_id: int):
        self.node_id = node_id
        self.plan_id = plans.node_row(db, node_id)["plan_id"]
        old = plans.task_state(db, node_id)
        if old is None:
            raise ValueError("Mục này chưa được đánh dấu là nhiệm vụ.")
        self.old: dict[str, Any] = old
        self.text = "Bỏ đánh dấu nhiệm vụ"

    def redo(self, db: Database) -> Changes:
        plans.clear_task(db, self.node_id)
        return _plan_changes(self.plan_id, tasks={self.old["id"]})

    def undo(self, db: Database) -> Changes:
        plans.set_task(db, self.node_id, self.old, task_id=self.old["id"])
        return _plan_changes(self.plan_id, tasks={self.old["id"]})


# -- recipient lists (reusable) -------------------------------------------------------
class SaveRecipientList(Command):
    def __init__(self, db: Database, name: str, lines: list[str]):
        self.name, self.lines = clean(name).strip(), list(lines)
        row = db.one("SELECT * FROM recipient_lists WHERE name = ?", (self.name,))
        self.old = json.loads(row["items_json"]) if row else None
        self.list_id: int | None = row["id"] if row else None
        self.text = f"Lưu danh sách nơi nhận «{self.name}»"

    def redo(self, db: Database) -> Changes:
        self.list_id = plans.save_recipient_list(db, self.name, self.lines, self.list_id)
        return Changes()

    def undo(self, db: Database) -> Changes:
        assert self.list_id is not None
        if self.old is None:
            plans.delete_recipient_list(db, self.list_id)
        else:
            plans.save_recipient_list(db, self.name, self.old)
        return Changes()


# -- status -----------------------------------------------------------------------------
class SetStatus(Command):
    """Dự thảo ↔ Trình ký. Issuing is :class:`IssuePlan` (it cannot be undone)."""

    def __init__(self, db: Database, plan_id: int, status: str):
        if status not in ("draft", "review"):
            raise ValueError("Dùng «Ban hành» để chuyển kế hoạch sang Đã ban hành.")
        self.plan_id, self.new = plan_id, status
        self.old = plans.get_row(db, plan_id)["status"]
        self.text = "Trình ký" if status == "review" else "Trả về dự thảo"

    def redo(self, db: Database) -> Changes:
        plans.update_header(db, self.plan_id, {"status": self.new}, action="status")
        return _plan_changes(self.plan_id)

    def undo(self, db: Database) -> Changes:
        plans.update_header(db, self.plan_id, {"status": self.old}, action="status")
        return _plan_changes(self.plan_id)


class IssuePlan(Command):
    """Assign the number (next free per type in the term unless given) and date; lock."""

    undoable = False

    def __init__(self, plan_id: int, number: str | None = None, day: dt.date | None = None):
        self.plan_id, self.number, self.day = plan_id, number, day
        self.text = "Ban hành kế hoạch"

    def redo(self, db: Database) -> Changes:
        self.number = plans.issue(db, self.plan_id, self.number, self.day)
        return _plan_changes(self.plan_id)

    def undo(self, db: Database) -> Changes:
        raise plans.PlanLocked(
            "Kế hoạch đã ban hành không thể hoàn tác việc ban hành; nếu cần thay đổi, hãy tạo bản sửa đổi, bổ sung."
        )


# -- «Đánh số lại» (issue 16) ---------------------------------------------------------
class RenumberPlan(Command):
    """Drop the labels an imported plan kept from its source ("(1)", a repeated "1.") so the
    plan's numbering style numbers every item; undo puts the source's labels back."""

    def __init__(self, plan_id: int, text: str = "Đánh số lại"):
        self.plan_id = plan_id
        self.kept: dict[int, str] = {}
        self.text = text

    def redo(self, db: Database) -> Changes:
        self.kept = plans.renumber(db, self.plan_id) or self.kept
        return _plan_changes(self.plan_id, structure=True)

    def undo(self, db: Database) -> Changes:
        plans.restore_labels(db, self.kept)
        return _plan_changes(self.plan_id, structure=True)
