"""Send a plan down: one file with the whole issued plan, its tasks, its căn cứ chain
and the signed PDF (format: docs/exchange-format.md)."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import uuid
from pathlib import Path
from typing import Any

from ..core.dates import from_iso
from ..core.document import Node, PlanDocument
from ..core.filenames import file_stem
from ..export.options import secret_reason
from ..store import plans as plan_store
from ..store.db import Database, now_iso
from . import container, identity

PLAN_MEMBER = "plan.json"
PDF_MEMBER = "plan.pdf"
NOT_ISSUED = "Chỉ gửi được kế hoạch đã ban hành (có số, ngày và chữ ký). Hãy ban hành kế hoạch trước rồi gửi gói."


class BundleError(ValueError):
    """A bundle that cannot be written; the message says what to do."""


class SecretNotConfirmed(BundleError):
    """A secret plan leaves the office only when the user said yes."""


def node_key(node_id: int | None) -> str:
    return f"n{node_id}"


def _node_json(node: Node) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": node_key(node.id),
        "kind": node.kind,
        "label": node.label,
        "text": node.text,
        "role": node.role,
        "children": [_node_json(c) for c in node.children],
    }
    if node.kind == "table":
        out["rows"] = node.rows
    return out


def _tasks(db: Database, plan_id: int) -> list[dict[str, Any]]:
    coop: dict[int, list[str]] = {}
    for r in db.all(
        "SELECT x.task_id, u.name FROM task_units x JOIN units u ON u.id = x.unit_id "
        "JOIN tasks t ON t.id = x.task_id WHERE t.plan_id = ? ORDER BY u.position, u.id",
        (plan_id,),
    ):
        coop.setdefault(r[0], []).append(r[1])
    out = []
    for r in db.all(
        "SELECT t.id, t.node_id, t.title, COALESCE(u.name, '') AS lead, t.deadline_kind, t.deadline_start, "
        "t.deadline_end, t.deadline_text, t.product FROM tasks t LEFT JOIN units u ON u.id = t.lead_unit_id "
        "WHERE t.plan_id = ? ORDER BY t.position, t.id",
        (plan_id,),
    ):
        out.append(
            {
                "key": node_key(r["node_id"]) if r["node_id"] is not None else f"t{r['id']}",
                "title": r["title"],
                "lead_unit": r["lead"],
                "units": coop.get(r["id"], []),
                "deadline": {
                    "kind": r["deadline_kind"],
                    "start": r["deadline_start"],
                    "end": r["deadline_end"],
                    "text": r["deadline_text"],
                },
                "product": r["product"],
            }
        )
    return out


def _basis_chain(db: Database, plan_id: int) -> tuple[list[str], list[dict[str, Any]]]:
    """The plan's căn cứ and everything they implement, as registry entries."""
    cited = [
        r[0] for r in db.all("SELECT directive_id FROM plan_basis WHERE plan_id = ? ORDER BY position", (plan_id,))
    ]
    seen: dict[int, dict[str, Any]] = {}
    todo = list(cited)
    while todo:
        did = todo.pop(0)
        if did in seen:
            continue
        row = db.one(
            "SELECT d.id, d.doc_type, d.number, d.issued_on, d.issuer, d.summary, d.security, l.name AS level "
            "FROM directives d LEFT JOIN levels l ON l.id = d.level_id WHERE d.id = ?",
            (did,),
        )
        if row is None:
            continue
        parents = [r[0] for r in db.all("SELECT parent_id FROM directive_links WHERE directive_id = ?", (did,))]
        seen[did] = {
            "ref": f"d{did}",
            "doc_type": row["doc_type"],
            "number": row["number"],
            "issued_on": row["issued_on"],
            "issuer": row["issuer"],
            "summary": row["summary"],
            "level": row["level"] or "",
            "parents": [f"d{p}" for p in parents],
        }
        todo.extend(parents)
    return [f"d{d}" for d in cited], list(seen.values())


def plan_uid(
    db: Database, plan_id: int, implement_due: dt.date | None = None, addressees: list[str] | None = None
) -> str:
    """The plan's id in exchange files: made once, the same for every copy sent. The
    deadline and the addressees given last are remembered (the matrix lists who has
    not answered yet)."""
    with db.transaction():
        row = db.one("SELECT uid FROM exchange_sent WHERE plan_id = ?", (plan_id,))
        if row is None:
            uid = uuid.uuid4().hex
            db.execute("INSERT INTO exchange_sent(plan_id, uid, created_at) VALUES (?,?,?)", (plan_id, uid, now_iso()))
            db.audit("plan", plan_id, "exchange.send", {"uid": uid})
        else:
            uid = str(row[0])
        if implement_due is not None:
            db.execute(
                "UPDATE exchange_sent SET implement_due = ? WHERE plan_id = ?", (implement_due.isoformat(), plan_id)
            )
        if addressees:
            db.execute(
                "UPDATE exchange_sent SET addressees_json = ? WHERE plan_id = ?",
                (json.dumps(list(dict.fromkeys(addressees)), ensure_ascii=False), plan_id),
            )
        return uid


def plan_json(db: Database, doc: PlanDocument, uid: str) -> dict[str, Any]:
    assert doc.id is not None
    cited, chain = _basis_chain(db, doc.id)
    sig = doc.signature
    return {
        "uid": uid,
        "doc_type": doc.doc_type,
        "type_code": doc.type_code,
        "number": doc.number,
        "date": doc.date.isoformat() if doc.date else None,
        "place": doc.place,
        "superior_body": doc.superior_body,
        "issuer_body": doc.issuer_body,
        "issuer_code": doc.issuer_code,
        "title": doc.title,
        "basis": doc.basis,
        "closing": doc.closing,
        "recipients": list(doc.recipients),
        "signature": {"authority": sig.authority, "title": sig.title, "name": sig.name},
        "security": doc.security,
        "urgency": doc.urgency,
        "numbering_style": doc.numbering_style,
        "sections": [_node_json(n) for n in doc.sections],
        "appendices": [_node_json(n) for n in doc.appendices],
        "tasks": _tasks(db, doc.id),
        "cited": cited,
        "basis_documents": chain,
    }


def past_due(due: dt.date | None, today: dt.date | None = None, *, how: str = "") -> str:
    """What to say when the hạn cụ thể hóa given to a bundle is already past ('' when it is not):
    the lower level would receive a plan overdue on arrival."""
    from ..core.dates import format_short

    today = today or dt.date.today()
    if due is None or due >= today:
        return ""
    fix = how or "Hãy chọn một ngày từ hôm nay trở đi, hoặc bỏ hạn nếu không giao hạn."
    return (
        f"Hạn cụ thể hóa {format_short(due)} đã qua (hôm nay là {format_short(today)}): cấp dưới nhận gói "
        f"sẽ thấy ngay là quá hạn. {fix}"
    )


def export_bundle(
    db: Database,
    plan_id: int,
    out: Path | str,
    *,
    secret_confirmed: bool = False,
    implement_due: dt.date | None = None,
    signed_pdf: Path | str | None = None,
    addressees: list[str] | None = None,
) -> Path:
    """Write the bundle of an issued plan to *out*; returns the path written."""
    doc = plan_store.load_document(db, plan_id)
    if doc.status != "issued":
        raise BundleError(NOT_ISSUED)
    reason = secret_reason(doc)
    if reason and not secret_confirmed:
        raise SecretNotConfirmed(reason + " Hãy xác nhận trước khi gửi gói.")
    sender = identity.me(db)
    uid = plan_uid(db, plan_id, implement_due, addressees)
    if implement_due is None:
        implement_due = from_iso(db.scalar("SELECT implement_due FROM exchange_sent WHERE plan_id = ?", (plan_id,)))
    if signed_pdf is not None:
        pdf = Path(signed_pdf).read_bytes()
        if pdf[:5] != b"%PDF-":
            raise BundleError(f"Tệp «{Path(signed_pdf).name}» không phải PDF. Hãy chọn bản PDF đã ký (bản quét).")
    else:
        pdf = _render_pdf(doc)
    members = {PLAN_MEMBER: container.dumps(plan_json(db, doc, uid)), PDF_MEMBER: pdf}
    extra = {
        "plan": {
            "uid": uid,
            "number": doc.number,
            "title": doc.title,
            "date": doc.date.isoformat() if doc.date else None,
            "security": doc.security,
        },
        "implement_due": implement_due.isoformat() if implement_due else None,
        "addressees": list(addressees or []),
    }
    return container.write(out, "plan", sender, members, extra)


def _render_pdf(doc: PlanDocument) -> bytes:
    from ..export import ExportOptions, render_pdf

    doc.draft = False
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.pdf"
        render_pdf(doc, path, options=ExportOptions(secret_confirmed=True))
        return path.read_bytes()


def default_file_name(doc_number: str, title: str, office: str = "") -> str:
    """«Gói kế hoạch 12-KH-ĐU - ĐẢNG ỦY XÃ THẠCH HÀ - Thực hiện ….khgoi» (no characters Windows refuses).
    The office is named: every commune's plan implementing one plan above is «01-KH/ĐU Thực hiện Kế
    hoạch số …», so two communes' bundles sent up had one name in one folder (the walk's two communes)."""
    return (
        file_stem("Gói kế hoạch", doc_number, "-", *((office, "-") if office.strip() else ()), title)
        + (container.SUFFIX["plan"])
    )
