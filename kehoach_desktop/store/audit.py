"""The audit trail: who (OS user) changed what, and when, per item.

Writers call ``db.audit(entity, id, action, detail)`` inside the transaction that
makes the change (so the row exists exactly when the change does), or
:func:`note_edit` for edits that come in bursts (typing, autosave): it folds repeated
edits of the same item by the same user within :data:`COALESCE_SECONDS` into one
row, so the trail stays readable and bounded. Readers use :func:`history`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from .db import Database, now_iso

COALESCE_SECONDS = 10 * 60

ENTITY_NAMES = {
    "directive": "Văn bản",
    "plan": "Kế hoạch",
    "task": "Nhiệm vụ",
    "progress": "Tiến độ",
    "unit": "Đơn vị",
    "profile": "Thông tin cơ quan",
}
ACTION_NAMES = {
    "add": "thêm mới",
    "create": "tạo mới",
    "update": "sửa",
    "edit": "sửa nội dung",
    "delete": "xóa",
    "restore": "khôi phục (hoàn tác xóa)",
    "issue": "ban hành",
    "set": "giao/sửa nhiệm vụ",
    "clear": "bỏ nhiệm vụ",
    "progress": "cập nhật tiến độ",
    "progress_undo": "hoàn tác tiến độ",
    "progress_export": "xuất phiếu tiến độ Excel",
    "export_secret": "xuất tài liệu mật",
    "import": "nhập từ tệp",
    "revise": "tạo bản sửa đổi",
    "node.add": "thêm mục",
    "node.edit": "sửa mục",
    "node.move": "chuyển mục",
    "node.delete": "xóa mục",
    "node.restore": "khôi phục mục (hoàn tác)",
}


# What the history shows for a changed field (the columns' own names meant nothing to a user).
FIELD_NAMES = {
    "title": "trích yếu",
    "summary": "trích yếu",
    "number": "số",
    "doc_type": "loại",
    "issuer": "cơ quan ban hành",
    "issued_on": "ngày ban hành",
    "implement_due": "hạn cụ thể hóa",
    "date": "ngày",
    "plan_date": "ngày",
    "year": "năm",
    "status": "trạng thái",
    "superior_body": "cơ quan cấp trên",
    "issuer_body": "cơ quan ban hành",
    "issuer_code": "ký hiệu",
    "place": "địa danh",
    "basis_text": "căn cứ",
    "closing_text": "phần kết",
    "recipients": "nơi nhận",
    "signature": "chữ ký",
    "security": "độ mật",
    "text": "nội dung",
    "deadline_text": "thời hạn",
    "deadline_start": "từ ngày",
    "deadline_end": "đến ngày",
    "product": "sản phẩm",
    "period": "kỳ",
    "name": "tên",
    "short_name": "tên viết tắt",
    "notes": "ghi chú",
    "count": "số mục",
    "format": "định dạng",
    "path": "tệp",
    "source": "nguồn",
}
# Internal keys (ids, kinds, JSON blobs) left out of the history line.
_HIDDEN = {"deadline_kind", "extra_json", "numbering_style", "node", "parent", "position", "by", "kind", "role"}


def _field_value(value: Any) -> str:
    text = str(value)
    if len(text) >= 10 and text[4:5] == "-" and text[7:8] == "-" and text[:4].isdigit():
        try:  # a stored ISO date or time is shown dd/mm/yyyy like every date on screen
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return text
        day = f"{moment.day:02d}/{moment.month:02d}/{moment.year}"
        return day + (f" {moment:%H:%M}" if len(text) > 10 else "")
    return text


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    user: str
    entity: str
    entity_id: int
    action: str
    detail: Any

    @property
    def when(self) -> str:
        try:
            return dt.datetime.fromisoformat(self.at).strftime("%d/%m/%Y %H:%M")
        except ValueError:
            return self.at

    @property
    def what(self) -> str:
        entity = ENTITY_NAMES.get(self.entity, self.entity)
        action = ACTION_NAMES.get(self.action, self.action)
        return f"{entity} {self.entity_id}: {action}"

    def detail_text(self, limit: int = 200) -> str:
        d = self.detail
        if isinstance(d, dict):
            parts = [
                f"{FIELD_NAMES.get(k, k)}: {_field_value(v)}"
                for k, v in d.items()
                if v not in ("", None, [], {}) and k not in _HIDDEN and not k.endswith(("_id", "_ids"))
            ]
            text = "; ".join(parts)
        else:
            text = "" if d in (None, "") else str(d)
        return text if len(text) <= limit else text[: limit - 1] + "…"


def _entry(row) -> AuditEntry:
    detail: Any = row["detail"]
    if detail and detail[:1] in "{[":
        try:
            detail = json.loads(detail)
        except ValueError:
            pass
    return AuditEntry(
        int(row["id"]), row["at"], row["user"], row["entity"], int(row["entity_id"]), row["action"], detail
    )


def record(db: Database, entity: str, entity_id: int, action: str, detail: Any = "") -> None:
    """Same as ``db.audit``; here so callers that import this module need nothing else."""
    db.audit(entity, entity_id, action, detail)


def note_edit(db: Database, entity: str, entity_id: int, action: str = "edit", detail: Any = "") -> None:
    """Record an edit, folding it into the previous row when it is the same user editing
    the same item again within :data:`COALESCE_SECONDS` (call inside the change's transaction)."""
    last = db.one(
        "SELECT id, at, user, action FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT 1",
        (entity, entity_id),
    )
    now = now_iso()
    if last is not None and last["user"] == db.user and last["action"] == action:
        try:
            age = (dt.datetime.fromisoformat(now) - dt.datetime.fromisoformat(last["at"])).total_seconds()
        except ValueError:
            age = COALESCE_SECONDS + 1
        if 0 <= age <= COALESCE_SECONDS:
            db.execute("UPDATE audit_log SET at = ? WHERE id = ?", (now, last["id"]))
            return
    db.audit(entity, entity_id, action, detail)


def history(
    db: Database, entity: str, entity_id: int, *, with_children: bool = True, limit: int = 1000
) -> list[AuditEntry]:
    """The trail of one item, newest first. For a plan, ``with_children`` adds its tasks
    (and their progress, recorded on the task)."""
    keys: list[tuple[str, int]] = [(entity, entity_id)]
    if with_children and entity == "plan":
        keys += [("task", int(r[0])) for r in db.all("SELECT id FROM tasks WHERE plan_id = ?", (entity_id,))]
    if with_children and entity == "task":
        keys += [("progress", int(r[0])) for r in db.all("SELECT id FROM progress WHERE task_id = ?", (entity_id,))]
    rows: list = []
    # Chunks keep the parameter count under SQLite's limit for plans with many tasks.
    for start in range(0, len(keys), 400):
        chunk = keys[start : start + 400]
        where = " OR ".join("(entity = ? AND entity_id = ?)" for _ in chunk)
        params = [v for pair in chunk for v in pair]
        rows += db.all(f"SELECT * FROM audit_log WHERE {where} ORDER BY id DESC LIMIT ?", (*params, limit))
    rows.sort(key=lambda r: r["id"], reverse=True)
    return [_entry(r) for r in rows[:limit]]


def recent(db: Database, limit: int = 200) -> list[AuditEntry]:
    return [_entry(r) for r in db.all("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (limit,))]
