"""Import defaults that protect the user (issue 16).

- A document issued by another body goes to the registry ("văn bản của cơ quan cấp
  trên") by default, not among our own plans: :func:`default_target`.
- Importing the same file twice is noticed by its content (SHA-256 of the bytes, or of
  the pasted text): :func:`earlier_imports` says where it went the first time.
- The original file is kept: its digest is what the attachment store keys on
  (``directives.store_attachment`` deduplicates by the same SHA-256).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.folding import fold_aligned as fold
from ..core.numbers import try_parse
from ..core.text import squash_spaces


def digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest_file(path: Path, limit: int = 256 * 1024 * 1024) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        read = 0
        while chunk := fh.read(1024 * 1024):
            h.update(chunk)
            read += len(chunk)
            if read > limit:
                break
    return h.hexdigest()


def _norm(text: str | None) -> str:
    return squash_spaces(fold(text or "")).strip()


# The standing organ that signs for a body: "ỦY BAN MTTQ VIỆT NAM XÃ …" over "BAN THƯỜNG TRỰC".
_STANDING_ORGANS = {"ban thuong truc", "ban thuong vu", "thuong truc", "thuong truc uy ban"}


def is_our_document(doc: Any, office: Any) -> bool:
    """The office issued *doc*: its issuing body or its number's body code is ours — or our body
    heads the header over its standing organ ("ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH" / "BAN
    THƯỜNG TRỰC")."""
    theirs = _norm(getattr(doc, "issuer_body", None))
    ours = getattr(office, "issuer_body", "")
    if _same_body(ours, getattr(doc, "issuer_body", None) or ""):
        return True
    if theirs in _STANDING_ORGANS and _same_body(ours, getattr(doc, "superior_body", None) or ""):
        return True
    code = (getattr(office, "issuer_code", "") or "").upper().replace("Đ", "D")
    parsed = try_parse(getattr(doc, "number", None) or "")
    return bool(code and parsed is not None and parsed.body.upper().replace("Đ", "D") == code and not theirs)


@dataclass
class Target:
    """Where an imported document goes by default, and why (a Vietnamese sentence)."""

    kind: str  # "plan" (our own) or "directive" (the registry)
    reason: str


def issued_as(db: Any) -> list[str]:
    """The bodies our own plans were issued as (when the office profile names none)."""
    return [
        r[0]
        for r in db.all("SELECT DISTINCT issuer_body FROM plans WHERE issuer_body <> '' ORDER BY issuer_body")
        if _norm(r[0])
    ]


def _same_body(ours: str, theirs: str) -> bool:
    ours, theirs = _norm(ours), _norm(theirs)
    return bool(ours and theirs and (ours == theirs or (ours in theirs and len(theirs) - len(ours) < 4)))


def import_target(doc: Any, office: Any, db: Any = None) -> Target:
    """Where *doc* goes by default (issue 16): our plans when we issued it, the registry
    ("văn bản của cơ quan cấp trên") when another body did.

    Our office is the profile's issuing body; before the profile names one, it is every
    body our plans were issued as (*db*). A document whose issuer differs from all of
    them — or any issued document while we know no body of ours at all — goes to the
    registry: filing another body's plan as our issued plan cannot be undone (an issued
    plan is never deleted), a registry entry can be moved on by importing it again."""
    theirs = getattr(doc, "issuer_body", None) or ""
    number = getattr(doc, "number", None) or ""
    who = f"«{theirs}»" if theirs else f"cơ quan ký hiệu «{number.rsplit('/', 1)[-1]}» (số {number})"
    if not (theirs or number):
        # What to do if the header was lost on the way (a copy from a web page, a page missing): the
        # walk saw an upstream plan without its number line filed as our own draft, no word of why.
        return Target(
            "plan",
            "Không đọc được số, ký hiệu và cơ quan ban hành ở đầu văn bản: lưu thành kế hoạch (dự thảo) của "
            "cơ quan mình. Nếu đây là văn bản của cấp trên, hãy chọn «Văn bản của cơ quan khác» và điền số, "
            "cơ quan ban hành ở thẻ đầu.",
        )
    if getattr(office, "issuer_body", ""):
        if is_our_document(doc, office):
            return Target("plan", f"Văn bản do cơ quan mình ({office.issuer_body}) ban hành: lưu thành kế hoạch.")
        return Target(
            "directive",
            f"Văn bản của {who}, không phải của cơ quan mình ({office.issuer_body}): "
            "lưu vào sổ văn bản (văn bản của cơ quan cấp trên).",
        )
    bodies = issued_as(db) if db is not None else []
    if theirs and any(_same_body(b, theirs) for b in bodies):
        return Target("plan", f"Các kế hoạch đã có của cơ quan mình cũng do {who} ban hành: lưu thành kế hoạch.")
    if bodies:
        return Target(
            "directive",
            f"Chưa khai báo cơ quan của mình; văn bản của {who} khác mọi cơ quan đã ban hành kế hoạch trong tệp "
            "dữ liệu này, nên được lưu vào sổ văn bản (văn bản của cơ quan cấp trên).",
        )
    return Target(
        "directive",
        f"Chưa khai báo cơ quan của mình nên chưa biết {who} có phải là mình không; văn bản được lưu vào sổ "
        "văn bản (văn bản của cơ quan cấp trên) cho an toàn. Nếu đây là kế hoạch của cơ quan mình, hãy chọn "
        "lưu thành kế hoạch.",
    )


def default_target(doc: Any, office: Any, db: Any = None) -> str:
    """ "plan" for a document of our office (or one without any issuer: a draft being typed),
    "directive" (the registry) for one another body issued: :func:`import_target`."""
    return import_target(doc, office, db).kind


def earlier_imports(db: Any, digest: str, pasted: bool = False) -> list[str]:
    """Where a file (or *pasted* text) with this content went before: «Kế hoạch «…» (mã 12)»,
    «Sổ văn bản: 73-HD/BTGTU»."""
    if not digest or not re.fullmatch(r"[0-9a-f]{64}", digest):
        return []
    out: list[str] = []
    for row in db.all(
        "SELECT id, title FROM plans WHERE extra_json LIKE ? ORDER BY id",
        (f'%"source_sha256": "{digest}"%',),
    ):
        out.append(f"kế hoạch «{row[1]}» (mã {row[0]})")
    ids = [
        int(r[0])
        for r in db.all(
            "SELECT d.id FROM directives d JOIN attachments a ON a.id = d.attachment_id WHERE a.sha256 = ?",
            (digest,),
        )
    ]
    if pasted or db.scalar("SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1", (digest,)) is not None:
        # Kept but linked to nothing: a second form of a registered document ("X.docx", then "X.pdf");
        # pasted text has no file kept, only the import's record.
        ids += [
            int(r[0])
            for r in db.all(
                "SELECT entity_id FROM audit_log WHERE entity = 'directive' AND action = 'import' AND detail LIKE ?",
                (f'%"sha256": "{digest}"%',),
            )
        ]
    for did in dict.fromkeys(sorted(ids)):
        row = db.one("SELECT id, number, summary FROM directives WHERE id = ?", (did,))
        if row is not None:
            out.append(f"sổ văn bản: {row[1] or row[2] or f'mã {row[0]}'}")
    return out


def duplicate_warning(db: Any, digest: str, pasted: bool = False) -> str | None:
    where = earlier_imports(db, digest, pasted)
    if not where:
        return None
    return (
        ("Văn bản dán này" if pasted else "Tệp này")
        + " (cùng nội dung) đã được nhập trước đây: "
        + "; ".join(where)
        + ". Lưu lần nữa sẽ tạo một bản trùng — hãy mở bản đã có nếu chỉ cần xem lại."
    )


def partial_matches(db: Any, doc: Any) -> tuple[list[int], list[str]]:
    """Registry ids for citations typed without a symbol ("Chỉ thị số 35 ngày 30/5/2019")
    that match exactly one registered document, and a warning for each of the others."""
    from ..core.citations import partial_citations
    from ..core.dates import to_iso

    text = "\n".join(filter(None, [getattr(doc, "basis", None), getattr(doc, "title", None)]))
    ids: list[int] = []
    warnings: list[str] = []
    for cite in partial_citations(text):
        rows = db.all(
            "SELECT id FROM directives WHERE doc_type = ? AND issued_on = ? AND (number LIKE ? OR number LIKE ?)",
            (cite.doc_type, to_iso(cite.date) if cite.date else "", f"{cite.serial:02d}-%", f"{cite.serial:02d}/%"),
        ) + (
            db.all(
                "SELECT id FROM directives WHERE doc_type = ? AND issued_on = ? AND (number LIKE ? OR number LIKE ?)",
                (cite.doc_type, to_iso(cite.date) if cite.date else "", f"{cite.serial}-%", f"{cite.serial}/%"),
            )
            if cite.serial >= 10
            else []
        )
        found = list(dict.fromkeys(int(r[0]) for r in rows))
        if len(found) == 1:
            ids.append(found[0])
        else:
            how = "không có văn bản nào khớp" if not found else f"có {len(found)} văn bản cùng số và ngày"
            warnings.append(
                f"«{cite.text}» thiếu số ký hiệu; trong sổ văn bản {how}. Hãy ghi đủ số ký hiệu "
                "(ví dụ 35-CT/TW) hoặc chọn căn cứ trong sổ sau khi lưu."
            )
    return ids, warnings
