"""What the pre-signing check reports and what it reads (Qt-free).

:class:`Finding` — one problem with its place (``node:<id>``, ``field:<name>``,
``recipients``, ``recipient:<index>``, ``signature``, ``task:<id>``) and a suggested fix.
:class:`CheckContext` — what the store knows that the plan text does not (registry,
relations, bodies, tasks, deadlines upstream).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from .citations import Citation, find_citations
from .document import PlanDocument
from .domain import BodySpec
from .relations import RelationInfo

ERROR, WARNING = "error", "warning"
# What the check finds in an issued plan: it is not signed again, so nothing is an error there
# (an imported plan's bullet without a deadline is how it was issued; issue 18).
INFO = "info"

KINDS: dict[str, str] = {
    "citation_mismatch": "Trích dẫn khác sổ văn bản",
    "citation_unregistered": "Văn bản trích dẫn chưa có trong sổ",
    "cited_not_in_basis": "Văn bản được nhắc nhưng chưa có trong căn cứ",
    "basis_not_linked": "Căn cứ chưa liên kết với sổ văn bản",
    "missing_basis": "Thiếu căn cứ",
    "header_incomplete": "Thiếu thông tin phần đầu",
    "empty_section": "Mục trống",
    "task_no_unit": "Nhiệm vụ chưa có đơn vị chủ trì",
    "task_no_deadline": "Nhiệm vụ chưa có thời hạn",
    "deadline_before_plan": "Thời hạn trước ngày kế hoạch",
    "missing_filing_line": "Thiếu dòng lưu",
    "missing_signer": "Thiếu người ký",
    "signature_authority": "Thẩm quyền ký",
    "stale_year": "Năm cũ còn sót",
    "double_space": "Thừa dấu cách",
    "repeated_word": "Lặp từ, lặp chữ",
    # issue 17
    "basis_superseded": "Căn cứ đã bị thay thế, bãi bỏ hoặc hết hiệu lực",
    "basis_amended": "Căn cứ đã được sửa đổi, bổ sung",
    "body_ended": "Cơ quan không còn hoạt động",
    "body_not_yet": "Cơ quan chưa có vào ngày của kế hoạch",
    "type_not_allowed": "Cơ quan không có thẩm quyền ban hành loại văn bản này",
    "placeholder": "Chỗ trống của mẫu chưa điền",
    "deadline_after_upstream": "Thời hạn sau hạn của văn bản cấp trên",
    "year_mismatch": "Năm không khớp năm của kế hoạch",
    "citation_form": "Căn cứ viết chưa đúng",
    "numbering": "Số thứ tự lặp hoặc nhảy cóc",
    "misspelling": "Sai chính tả",
    "duplicate_number": "Một số văn bản ghi hai cách",  # issue 16: "20-KH/DU" = "20-KH/ĐU"
    "basis_old_year": "Căn cứ là văn bản của năm trước",  # outside walk: a copied plan's căn cứ
}


@dataclass
class Finding:
    kind: str
    severity: str
    place: str
    message: str
    node_id: int | None = None
    number: str = ""  # the cited number, for "register this document"
    excerpt: str = ""
    fix: str = ""  # the suggested fix, in words ("Sửa thành …")

    @property
    def title(self) -> str:
        return KINDS.get(self.kind, self.kind)

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, "")} | {"kind": self.kind}


@dataclass
class RegistryEntry:
    number: str
    doc_type: str
    date: dt.date | None
    issuer: str


@dataclass
class TaskInfo:
    id: int
    node_id: int | None
    title: str
    lead_unit_id: int | None
    deadline_kind: str
    deadline_start: dt.date | None = None
    deadline_end: dt.date | None = None
    deadline_text: str = ""


@dataclass
class CheckContext:
    registry: dict[str, list[RegistryEntry]] = field(default_factory=dict)  # by canonical number
    basis_numbers: set[str] = field(default_factory=set)  # linked in plan_basis
    tasks: list[TaskInfo] = field(default_factory=list)
    plan_year: int | None = None
    stale_year: int | None = None  # the year of the plan this one was cloned from
    # issue 17 ---------------------------------------------------------------------------
    relations: dict[str, list[RelationInfo]] = field(default_factory=dict)  # by affected number
    bodies: list[BodySpec] | None = None  # None: the bundled table (resources/domain/bodies.json)
    unit_names: dict[int, str] = field(default_factory=dict)  # lead/cooperating units of the tasks
    task_units: dict[int, list[int]] = field(default_factory=dict)  # task id → unit ids (lead first)
    upstream_due: dict[int, tuple[str, dt.date]] = field(default_factory=dict)  # task id → (document, due)
    today: dt.date | None = None  # the day bodies are judged on when the plan has no date
    spelling: bool = True


def _texts(doc: PlanDocument) -> list[tuple[str, int | None, str]]:
    """(place, node id, text) of every piece of text a reader sees, in reading order.

    Computed once per check run (:func:`core.checks.run_checks` clears it first)."""
    cached: list[tuple[str, int | None, str]] | None = doc.__dict__.get("_check_texts")
    if cached is not None:
        return cached
    out: list[tuple[str, int | None, str]] = [("field:title", None, doc.title), ("field:basis", None, doc.basis)]
    for node in doc.walk():
        out.append((f"node:{node.id}", node.id, node.text))
    for appendix in doc.appendices:
        for node in appendix.walk():
            out.append((f"node:{node.id}", node.id, node.text))
    out.append(("field:closing", None, doc.closing))
    doc.__dict__["_check_texts"] = out
    return out


def _excerpt(text: str, start: int, end: int, pad: int = 30) -> str:
    lo, hi = max(0, start - pad), min(len(text), end + pad)
    return ("…" if lo else "") + text[lo:hi].replace("\n", " ") + ("…" if hi < len(text) else "")


@lru_cache(maxsize=8192)
def cites_in(text: str) -> tuple[Citation, ...]:
    """find_citations, once per distinct text (several checks and the store read the same
    citations of a 60-page plan; an edited item is a new text)."""
    return tuple(find_citations(text))
