"""Receive a plan from above: register it with its structure, chain and deadline.

Opening a bundle first gives a :class:`BundlePreview` (what it holds, what is odd
about it); :class:`ReceiveBundle` then registers the plan in one transaction as an
undoable command. The registered document carries a ``structure_json`` in the shape
the importer writes, plus the sender's item keys and its tasks, so Cụ thể hóa can
derive our plan from it at once and progress can travel back keyed to its items.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.citations import level_for_body
from ..core.dates import from_iso
from ..core.filenames import file_stem
from ..core.numbers import canonical, try_parse
from ..core.text import fold
from ..store import directives
from ..store.commands import Changes, Command
from ..store.db import Database, now_iso
from . import container, identity
from .naming import normal_case
from .plan_bundle import PDF_MEMBER, PLAN_MEMBER


@dataclass
class BundlePreview:
    package: container.Package
    plan: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    already_directive: int | None = None  # received before: the registry entry
    older_than_received: str | None = None  # a later copy was received already (its created_at)
    # Numbers of our own plans (sent down) this plan implements: a lower office sent its plan up
    # for information. It is kept to follow, not to cụ thể hóa.
    implements_ours: list[str] = field(default_factory=list)

    @property
    def sender(self) -> container.Sender:
        return self.package.sender

    @property
    def from_below(self) -> bool:
        return bool(self.implements_ours)

    @property
    def implement_due(self) -> dt.date | None:
        """The hạn cụ thể hóa the sender gave; none for a plan from below (that date is for the
        sender's own lower offices: the walk reminded the Tỉnh ủy to cụ thể hóa a commune's plan)."""
        if self.from_below:
            return None
        return from_iso(self.package.manifest.get("implement_due"))

    @property
    def task_count(self) -> int:
        return len(self.plan.get("tasks", []))

    def summary_lines(self) -> list[str]:
        p = self.plan
        lines = [
            f"Nơi gửi: {self.sender.name}",
            f"{p.get('doc_type') or 'Kế hoạch'} số {p.get('number') or '(không số)'}"
            + (f", ngày {day.strftime('%d/%m/%Y')}" if (day := from_iso(p.get("date"))) else ""),
            f"Trích yếu: {p.get('title') or ''}",
            (
                f"{_count_sections(p.get('sections', []))} mục, {self.task_count} nhiệm vụ, "
                f"{len(p.get('basis_documents', []))} văn bản căn cứ"
            ),
        ]
        if self.from_below:
            lines.append(
                "Kế hoạch của cấp dưới thực hiện Kế hoạch số " + ", ".join(self.implements_ours) + " của cơ quan "
                "mình, gửi lên để báo cáo: lưu vào sổ văn bản để theo dõi, không cần cụ thể hóa."
            )
        if self.implement_due:
            lines.append(f"Hạn cụ thể hóa: {self.implement_due.strftime('%d/%m/%Y')}")
        if p.get("security", "thường") != "thường":
            lines.append(f"Độ mật: {p['security'].upper()}")
        return lines


def _count_sections(nodes: list[dict[str, Any]]) -> int:
    return sum(1 + _count_sections(n.get("children", [])) for n in nodes if n.get("kind") == "section")


class BundleRefused(ValueError):
    """A bundle we do not take; the message says why and what to do."""


def _s(value: Any, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _check_plan(plan: Any, source: str) -> dict[str, Any]:
    bad = BundleRefused(f"Gói «{source}» có nội dung kế hoạch không hợp lệ; hãy xin nơi gửi gửi lại.")
    if not isinstance(plan, dict) or not isinstance(plan.get("uid"), str):
        raise bad
    for key in ("sections", "appendices", "tasks", "basis_documents", "recipients", "cited"):
        if not isinstance(plan.get(key, []), list):
            raise bad

    def nodes_ok(nodes: list[Any]) -> bool:
        return all(
            isinstance(n, dict)
            and isinstance(n.get("key"), str)
            and isinstance(n.get("text", ""), str)
            and n.get("kind") in ("section", "paragraph", "bullet", "table")
            and isinstance(n.get("children", []), list)
            and nodes_ok(n.get("children", []))
            for n in nodes
        )

    if not nodes_ok(plan.get("sections", [])) or not nodes_ok(plan.get("appendices", [])):
        raise bad
    for t in plan.get("tasks", []):
        if not isinstance(t, dict) or not isinstance(t.get("key"), str) or not isinstance(t.get("title", ""), str):
            raise bad
        if not isinstance(t.get("units", []), list) or not isinstance(t.get("deadline") or {}, dict):
            raise bad
    for d in plan.get("basis_documents", []):
        if not isinstance(d, dict) or not isinstance(d.get("ref"), str) or not isinstance(d.get("number", ""), str):
            raise bad
    return plan


def _takes_everyone(addressee: str) -> bool:
    """«Các đảng ủy xã, phường», «Các chi bộ trực thuộc (để thực hiện)», «các cấp ủy cơ sở»: a group,
    which takes every receiving office in (the walk: a chi bộ was warned, and the command line
    refused the bundle, because its own name was not in «Các chi bộ trực thuộc»)."""
    return fold(addressee).strip(" -+;,.").startswith("cac ")


def open_bundle(db: Database, path: Path | str) -> BundlePreview:
    """Read and check a plan bundle; nothing is written."""
    pkg = container.read(path, "plan")
    if PDF_MEMBER not in pkg.members or PLAN_MEMBER not in pkg.members:
        raise BundleRefused(f"Gói «{pkg.source}» thiếu nội dung kế hoạch hoặc bản PDF; hãy xin nơi gửi gửi lại.")
    plan = _check_plan(pkg.json(PLAN_MEMBER), pkg.source)
    mine = identity.office_id(db)
    if pkg.sender.office_id == mine:
        raise BundleRefused(
            f"Gói «{pkg.source}» do chính cơ quan mình gửi đi; không cần nhận lại. "
            "Gói này dành cho các cơ quan cấp dưới."
        )
    preview = BundlePreview(pkg, plan)
    preview.implements_ours = list(
        dict.fromkeys(
            _s(entry.get("number"))
            for entry in plan.get("basis_documents", [])
            if _our_sent_plan(db, entry) is not None
        )
    )
    row = db.one("SELECT directive_id FROM exchange_received WHERE uid = ?", (plan["uid"],))
    if row is not None and row[0] is not None:
        preview.already_directive = int(row[0])
        earlier = _received_created_at(db, preview.already_directive)
        if earlier and pkg.created_at < earlier:
            # An older copy arriving after a newer one (a forwarded e-mail, a USB stick found late).
            preview.older_than_received = earlier
            preview.warnings.append(
                f"Bản này được gửi ngày {_stamp(pkg.created_at)}, cũ hơn bản đã nhận (gửi ngày {_stamp(earlier)}). "
                "Nhận lại không thay đổi gì; văn bản trong sổ giữ theo bản mới hơn."
            )
    addressees = [a for a in pkg.manifest.get("addressees", []) if isinstance(a, str)]
    # A plan from below names its own lower offices; the copy sent up is ours to follow all the same.
    if addressees and not preview.from_below:
        from ..store import profile as profile_store

        me = fold(profile_store.load(db).issuer_body)
        if me and not any(me in fold(a) or fold(a) in me or a == mine or _takes_everyone(a) for a in addressees):
            preview.warnings.append(
                "Gói này gửi cho: " + "; ".join(addressees[:5]) + ". Cơ quan mình không có trong danh sách — "
                "hãy kiểm tra có đúng gói gửi cho mình không trước khi nhận."
            )
    if plan.get("security", "thường") != "thường":
        preview.warnings.append(
            f"Đây là tài liệu {str(plan['security']).upper()}: quản lý theo quy định bảo vệ bí mật nhà nước."
        )
    return preview


def _stamp(created_at: str) -> str:
    try:
        return dt.datetime.fromisoformat(created_at).strftime("%H:%M %d/%m/%Y")
    except ValueError:
        return created_at


def _received_created_at(db: Database, directive_id: int) -> str | None:
    """When the copy of a received plan now in the registry was written by its sender."""
    raw = db.scalar("SELECT structure_json FROM directives WHERE id = ?", (directive_id,))
    try:
        value = (json.loads(raw or "{}").get("exchange") or {}).get("created_at")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def _issuer(plan: dict[str, Any]) -> str:
    body = normal_case(_s(plan.get("issuer_body")))
    authority = _s((plan.get("signature") or {}).get("authority")).strip()
    if authority.upper().startswith(("T/M ", "TM ")):
        return f"{normal_case(authority.split(' ', 1)[1])} {body}".strip()
    return body


def _bare(label: str) -> str | None:
    label = label.strip().strip("().-").strip()
    return label or None


def _section_json(node: dict[str, Any], path: str) -> dict[str, Any]:
    label = _bare(_s(node.get("label")))
    my_path = path or (label or "")
    paragraphs: list[str] = []
    keys: list[str] = []
    children: list[dict[str, Any]] = []

    def take(n: dict[str, Any]) -> None:
        if n.get("kind") == "section":
            child_label = _bare(_s(n.get("label"))) or str(len(children) + 1)
            children.append(_section_json(n, f"{my_path}.{child_label}" if my_path else child_label))
            return
        if n.get("kind") == "table":
            return
        paragraphs.append(_s(n.get("text")))
        keys.append(_s(n.get("key")))
        for c in n.get("children", []):
            take(c)

    for child in node.get("children", []):
        take(child)
    return {
        "label": label,
        "heading": _s(node.get("text")),
        "paragraphs": paragraphs,
        "paragraph_keys": keys,
        "children": children,
        "key": _s(node.get("key")),
        "path": my_path,
    }


def structure_of(plan: dict[str, Any], created_at: str | None = None) -> dict[str, Any]:
    """The received plan in the registry's structure shape (importer/saving.structure_json);
    *created_at* is when the sender wrote the copy (an older copy received later changes nothing)."""
    sections = [_section_json(n, _bare(_s(n.get("label"))) or "") for n in plan.get("sections", [])]
    sig = plan.get("signature") or {}
    return {
        "doc_type": _s(plan.get("doc_type"), "Kế hoạch").upper(),
        "number": plan.get("number") or None,
        "superior_body": plan.get("superior_body") or None,
        "issuer": plan.get("issuer_body") or None,
        "place": plan.get("place") or None,
        "date": plan.get("date"),
        "title": plan.get("title") or None,
        "basis": plan.get("basis") or None,
        "sections": sections,
        "references": [],
        "assignments": [],
        "recipients": [r for r in plan.get("recipients", []) if isinstance(r, str)],
        "signature": {k: sig.get(k) or None for k in ("authority", "title", "name")},
        "closing": plan.get("closing") or None,
        "appendices": [_section_json(n, "") for n in plan.get("appendices", [])],
        "tasks": [
            {
                "key": t["key"],
                "text": _s(t.get("title")),
                "lead_unit": _s(t.get("lead_unit")),
                "units": [u for u in t.get("units", []) if isinstance(u, str)],
                "deadline": {k: (t.get("deadline") or {}).get(k) for k in ("kind", "start", "end", "text", "every")},
                "product": _s(t.get("product")),
            }
            for t in plan.get("tasks", [])
        ],
        "exchange": {"uid": plan["uid"], **({"created_at": created_at} if created_at else {})},
    }


@dataclass
class ReceiveResult:
    directive_id: int
    created_ids: list[int]
    received_at: str


class ReceiveBundle(Command):
    """Register a received plan (and its căn cứ chain) in one undoable step."""

    def __init__(self, preview: BundlePreview, implement_due: dt.date | None = None):
        self.preview = preview
        self.implement_due = implement_due or preview.implement_due
        self.result: ReceiveResult | None = None
        self._link_before: dict[str, Any] | None = None
        self._rows_before: dict[int, dict[str, Any]] = {}  # directives.snapshot of entries it may change
        self.text = f"Nhận gói kế hoạch {preview.plan.get('number') or ''}".strip()

    def redo(self, db: Database) -> Changes:
        self._snapshot(db)
        self.result = register(db, self.preview, self.implement_due)
        return Changes(directives=set(self.result.created_ids) | {self.result.directive_id}, structure=True)

    def _snapshot(self, db: Database) -> None:
        """What an existing registry entry held before the bundle touched it, so undo puts it back
        (the walk: receiving the same bundle twice and undoing the second wiped the first)."""
        uid = self.preview.plan["uid"]
        link = db.one("SELECT * FROM exchange_received WHERE uid = ?", (uid,))
        self._link_before = dict(link) if link is not None else None
        number = _s(self.preview.plan.get("number"))
        ids = [self.preview.already_directive] if self.preview.already_directive is not None else []
        ids += [int(r["id"]) for r in _same_document(db, number, from_iso(self.preview.plan.get("date")))[:1]]
        self._rows_before = {
            did: directives.snapshot(db, did) for did in dict.fromkeys(ids) if directives.get_row(db, did) is not None
        }

    def undo(self, db: Database) -> Changes:
        assert self.result is not None
        uid = self.preview.plan["uid"]
        with db.transaction():
            db.execute("DELETE FROM exchange_received WHERE uid = ?", (uid,))
            if self._link_before is not None:
                cols = list(self._link_before)
                db.execute(
                    f"INSERT INTO exchange_received({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                    [self._link_before[c] for c in cols],
                )
            for did in reversed(self.result.created_ids):
                directives.delete(db, did)
            for did, snap in self._rows_before.items():
                if did not in self.result.created_ids:
                    directives.put_back(db, snap)  # one road with the importer's undo
        return Changes(directives=set(self.result.created_ids) | set(self._rows_before), structure=True)


def _our_sent_plan(db: Database, entry: dict[str, Any]) -> int | None:
    """Our plan that a căn cứ entry of a received bundle is: one we sent down, with this number
    and this date (a lower office's plan sent up cites it)."""
    number = _s(entry.get("number"))
    day = from_iso(entry.get("issued_on"))
    if not number or day is None:
        return None
    found = db.scalar(
        "SELECT p.id FROM plans p JOIN exchange_sent s ON s.plan_id = p.id "
        "WHERE p.status = 'issued' AND p.number IN (?, ?) AND p.plan_date = ?",
        (number, canonical(number), day.isoformat()),
    )
    return None if found is None else int(found)


def _find_or_add(db: Database, entry: dict[str, Any], created: list[int]) -> int | None:
    """The registry entry of a căn cứ document, added when missing; None for our own plan (it is
    in Kế hoạch, not in the registry of documents from above)."""
    if _our_sent_plan(db, entry) is not None:
        return None
    number = _s(entry.get("number"))
    if number:
        rows = _same_document(db, number, from_iso(entry.get("issued_on")))
        if rows:
            return int(rows[0]["id"])
    data = {
        "doc_type": _s(entry.get("doc_type")) or "Văn bản",
        "number": number,
        "issued_on": from_iso(entry.get("issued_on")),
        "issuer": _s(entry.get("issuer")),
        "summary": _s(entry.get("summary")),
    }
    if entry.get("level"):
        data["level"] = entry["level"]
    new_id = directives.add(db, data)
    created.append(new_id)
    return new_id


def _same_document(db: Database, number: str, issued_on: dt.date | None) -> list:
    """Registry entries that are this document (store.directives.find_document: Party numbers
    start again every term, so «05-KH/ĐU» of 2021 and of 2026 are two documents)."""
    return directives.find_document(db, number, issued_on) if number else []


def register(db: Database, preview: BundlePreview, implement_due: dt.date | None) -> ReceiveResult:
    plan = preview.plan
    pkg = preview.package
    created: list[int] = []
    stamp = now_iso()
    with db.transaction():
        # The căn cứ chain first, parents before children, so links can be made.
        refs: dict[str, int] = {}
        entries = {d["ref"]: d for d in plan.get("basis_documents", [])}
        for ref, entry in entries.items():
            if (found := _find_or_add(db, entry, created)) is not None:
                refs[ref] = found
        for ref, entry in entries.items():
            if ref in refs and refs[ref] in created:
                parents = [refs[p] for p in entry.get("parents", []) if p in refs and refs[p] != refs[ref]]
                if parents:
                    directives.set_parents(db, refs[ref], parents)
        parsed = try_parse(_s(plan.get("number")))
        data: dict[str, Any] = {
            "doc_type": _s(plan.get("doc_type")) or "Kế hoạch",
            "number": _s(plan.get("number")),
            "issued_on": from_iso(plan.get("date")),
            "issuer": _issuer(plan),
            "summary": _s(plan.get("title")),
            "security": plan.get("security") if plan.get("security") in directives.SECURITY_LEVELS else "thường",
            "implement_due": implement_due,
            "structure_json": json.dumps(structure_of(plan, pkg.created_at), ensure_ascii=False, indent=1),
            "notes": f"Nhận qua gói kế hoạch từ {preview.sender.name} ngày {dt.date.today().strftime('%d/%m/%Y')}.",
        }
        data["level"] = level_for_body(parsed.body if parsed else _s(plan.get("issuer_code")))
        cited = [refs[r] for r in plan.get("cited", []) if r in refs]
        existing = _same_document(db, data["number"], data["issued_on"])
        if preview.already_directive is not None:
            directive_id = preview.already_directive
            if preview.older_than_received is None:  # the same copy again, or an amended one
                before = db.scalar("SELECT structure_json FROM directives WHERE id = ?", (directive_id,))
                changes = {
                    "structure_json": _with_aliases(data["structure_json"], before),
                    "security": data["security"],
                }
                if implement_due is not None:
                    changes["implement_due"] = implement_due
                # The signed scan sent after the printed copy: it was dropped, the first PDF kept.
                _update_with_pdf(db, directive_id, changes, plan, pkg, replace=True)
        elif existing:
            directive_id = int(existing[0]["id"])
            # Registered before from the paper or the .docx, perhaps with our plan already made from it:
            # our items link to its keys («II.1»), the bundle's tasks have the sender's («n5»).
            data["structure_json"] = _with_aliases(data["structure_json"], existing[0]["structure_json"])
            changes = {"structure_json": data["structure_json"], "security": data["security"]}
            for key in ("issued_on", "issuer", "summary", "implement_due"):
                if not existing[0][key] and data.get(key):
                    changes[key] = data[key]
            # A document registered by hand keeps the file the office attached; one without gets the PDF.
            _update_with_pdf(db, directive_id, changes, plan, pkg, replace=False)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                pdf_path = Path(tmp) / _pdf_file_name(plan)
                pdf_path.write_bytes(pkg.members[PDF_MEMBER])
                data["attachment_path"] = str(pdf_path)
                data["parent_ids"] = cited
                directive_id = directives.add(db, data)
            created.append(directive_id)
        if cited and directive_id not in created:
            current = [
                r[0] for r in db.all("SELECT parent_id FROM directive_links WHERE directive_id = ?", (directive_id,))
            ]
            directives.set_parents(db, directive_id, list(dict.fromkeys(current + cited)))
        if preview.older_than_received is not None:
            return ReceiveResult(directive_id, created, stamp)
        db.execute(
            "INSERT INTO exchange_received(uid, directive_id, sender_office_id, sender_name, plan_number, "
            "content_sha256, received_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT(uid) DO UPDATE SET "
            "directive_id = excluded.directive_id, content_sha256 = excluded.content_sha256",
            (
                plan["uid"],
                directive_id,
                preview.sender.office_id,
                preview.sender.name,
                data["number"],
                pkg.digest,
                stamp,
            ),
        )
        db.audit("directive", directive_id, "exchange.receive", {"uid": plan["uid"], "from": preview.sender.name})
    return ReceiveResult(directive_id, created, stamp)


def _with_aliases(new_raw: str, old_raw: str | None) -> str:
    """The received structure, carrying the keys its items had in the entry it replaces."""
    structure = json.loads(new_raw)
    aliases = key_aliases(old_raw, structure)
    if not aliases:
        return new_raw
    structure["key_aliases"] = aliases
    return json.dumps(structure, ensure_ascii=False, indent=1)


def key_aliases(old_raw: str | None, new: dict[str, Any]) -> dict[str, str]:
    """The keys of a document's items as registered before (from the paper or a .docx: «II.1»,
    «II.1#p2») → the keys the sender's bundle gives the same items («n5»): the same text, or else
    the same place. Our plan's links (node_upstream, locked once issued) keep the old keys; progress
    going up is keyed by these (the walk: a commune that made its plan from the paper copy sent
    «chưa giao nhiệm vụ» for every task after the bundle came)."""
    from ..core.derive.upstream import UpstreamItem, read_structure

    if not old_raw:
        return {}
    try:
        old_data = json.loads(old_raw)
    except ValueError:
        return {}
    if not isinstance(old_data, dict):
        return {}

    def places(items: list[UpstreamItem], parent: str = "") -> dict[str, UpstreamItem]:
        out: dict[str, UpstreamItem] = {}
        paragraphs = 0
        for item in items:
            if item.kind == "paragraph":
                paragraphs += 1
                place = f"{parent}#p{paragraphs}"
            else:
                place = f"{parent}.{item.label}" if parent and item.label else (item.label or parent)
            out.setdefault(place, item)
            out.update({k: v for k, v in places(item.children, place).items() if k not in out})
        return out

    before = places(read_structure(old_data).parts)
    after = places(read_structure(new).parts)
    by_text: dict[str, list[UpstreamItem]] = {}
    for item in after.values():
        by_text.setdefault(fold(item.text), []).append(item)
    aliases: dict[str, str] = {}
    for place, item in before.items():
        same = by_text.get(fold(item.text), []) if item.text.strip() else []
        match = same[0] if len(same) == 1 else after.get(place)
        if match is not None and match.kind == item.kind and match.key != item.key:
            aliases[item.key] = match.key
    # Keys that were themselves aliases of earlier keys keep pointing to the items.
    earlier = old_data.get("key_aliases")
    for old_key, mid in (earlier if isinstance(earlier, dict) else {}).items():
        if isinstance(old_key, str) and isinstance(mid, str):
            aliases.setdefault(old_key, aliases.get(mid, mid))
    return aliases


def _update_with_pdf(
    db: Database,
    directive_id: int,
    changes: dict[str, Any],
    plan: dict[str, Any],
    pkg: container.Package,
    *,
    replace: bool,
) -> None:
    """Update a registry entry, attaching the bundle's PDF when it has none (or, with *replace*,
    when the bundle's PDF differs from the one attached)."""
    import hashlib

    pdf = pkg.members.get(PDF_MEMBER) or b""
    row = db.one(
        "SELECT a.sha256 FROM directives d LEFT JOIN attachments a ON a.id = d.attachment_id WHERE d.id = ?",
        (directive_id,),
    )
    attached = row[0] if row is not None else None
    if not pdf or (attached and (not replace or attached == hashlib.sha256(pdf).hexdigest())):
        directives.update(db, directive_id, changes)
        return
    with tempfile.TemporaryDirectory() as tmp:
        pdf_path = Path(tmp) / _pdf_file_name(plan)
        pdf_path.write_bytes(pdf)
        directives.update(db, directive_id, {**changes, "attachment_path": str(pdf_path)})


def _pdf_file_name(plan: dict[str, Any]) -> str:
    number = _s(plan.get("number")).replace("/", "-") or "khong-so"
    return f"{_s(plan.get('doc_type'), 'Kế hoạch')} {number}.pdf"


# When the receipt could not be written (full disk, read-only USB): the plan is in the registry;
# receiving the same bundle again writes the receipt and makes no second entry.
RECEIPT_AGAIN = "Kế hoạch đã được nhận vào sổ; để ghi giấy báo tiếp nhận, hãy nhận lại gói này (không tạo bản trùng)"


def write_receipt(db: Database, preview: BundlePreview, result: ReceiveResult, out: Path | str) -> Path:
    """The «tiếp nhận» note that travels back up: who received which plan, when."""
    me = identity.me(db)
    extra = {
        "plan": {"uid": preview.plan["uid"], "number": preview.plan.get("number") or ""},
        "to_office_id": preview.sender.office_id,
        "received_at": result.received_at,
    }
    return container.write(out, "receipt", me, {}, extra)


def receipt_file_name(preview: BundlePreview, office_name: str) -> str:
    """«Tiếp nhận 49-KH-TU - ĐẢNG ỦY XÃ THẠCH HÀ.khnhan»; for a plan from below the sender is named too:
    every commune's plan is «01-KH/ĐU», so the second receipt written beside the bundles replaced the first."""
    number = _s(preview.plan.get("number"))
    if preview.from_below:
        return (
            file_stem("Tiếp nhận", number, "của", preview.sender.name, "-", office_name) + container.SUFFIX["receipt"]
        )
    return file_stem("Tiếp nhận", number, "-", office_name) + container.SUFFIX["receipt"]
