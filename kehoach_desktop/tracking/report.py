"""A draft Báo cáo kết quả thực hiện (progress report) for one plan and one period.

Built as a :class:`PlanDocument` with ``doc_type`` "Báo cáo", so the same PDF/DOCX
exporters render it in the official layout and the plan editor can open it once
saved as a draft. The figures and the task lists are filled in; the assessment and
next steps are left as bracketed prompts for the secretary to write.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..core.basis import collective
from ..core.dates import format_citation_date, format_short, from_iso
from ..core.document import Node, PlanDocument, Signature
from ..store import profile as profile_store
from ..store.db import Database
from .periods import Period
from .queries import NO_UNIT, TaskFilter, TaskRow, load_rows, summarise
from .status import DONE, DONE_LATE, DONE_ON_TIME, IN_PROGRESS, NOT_STARTED, OVERDUE

TO_WRITE = "[Văn phòng bổ sung: {what}]"


class ReportError(ValueError):
    """A report that cannot be drafted; the message is for the user."""


def _pct(part: int, total: int) -> str:
    return f"{100.0 * part / total:.1f}".replace(".", ",") + "%" if total else "0%"


def _task_line(row: TaskRow) -> str:
    rep = row.report
    parts = [row.title.rstrip(".;:")]
    if rep.result:
        parts.append(f"kết quả: {rep.result.rstrip('.')}")
    if rep.evidence:
        parts.append(f"văn bản triển khai: {rep.evidence}")
    if rep.completed_on:
        parts.append(
            f"hoàn thành ngày {format_short(rep.completed_on)}" + (" (quá hạn)" if row.status == DONE_LATE else "")
        )
    elif rep.percent:
        parts.append(f"đạt {rep.percent}%")
    return "; ".join(parts) + "."


def _overdue_line(row: TaskRow) -> str:
    text = (
        f"{row.title.rstrip('.;:')} (thời hạn: {row.deadline_label or format_short(row.due)}; "
        f"quá hạn {row.overdue_days} ngày)"
    )
    if row.report.result:
        text += f"; tình hình: {row.report.result.rstrip('.')}"
    return text + "."


def _by_unit(rows: list[TaskRow]) -> dict[str, list[TaskRow]]:
    out: dict[str, list[TaskRow]] = {}
    for row in rows:
        out.setdefault(row.lead_unit or NO_UNIT, []).append(row)
    return out


def plan_reference(plan, prof=None) -> tuple[str, str]:
    """(«Kế hoạch số 05-KH/ĐU», «Thực hiện Kế hoạch số 05-KH/ĐU, ngày 15/01/2025 của Ban Thường vụ
    Đảng ủy xã … về …») — how a report on *plan* (a ``plans`` row) names it and opens its căn cứ:
    cited whole, issuer included, as every căn cứ is (core.citations); the issuer is who signs the
    plan («T/M BAN THƯỜNG VỤ»: its Ban Thường vụ), from the plan's header, else *prof*'s."""
    ref = f"Kế hoạch số {plan['number']}" if plan["number"] else "Kế hoạch"
    plan_date = from_iso(plan["plan_date"])
    cite = ref + (f", ngày {format_citation_date(plan_date)}" if plan_date else "")
    keys = plan.keys() if hasattr(plan, "keys") else ()
    body = (plan["issuer_body"] if "issuer_body" in keys else "") or (prof.issuer_body if prof else "")
    signed = json.loads(plan["signature_json"] or "{}") if "signature_json" in keys else {}
    authority = signed.get("authority") or (prof.signer_authority if prof else "")
    if body.strip():
        cite += f" của {collective(body, authority)}"
    about = plan["title"][:1].lower() + plan["title"][1:] if plan["title"] else ""
    return ref, f"Thực hiện {cite}" + (f" về {about}" if about else "")


def report_document(
    plan, prof, *, title: str, basis: str, sections: list[Node], recipients: list[str], today: dt.date
) -> PlanDocument:
    """A draft Báo cáo of the office about *plan*: its header, the office's signer."""
    return PlanDocument(
        doc_type="Báo cáo",
        type_code="BC",
        number="",
        superior_body=plan["superior_body"] or prof.superior_body,
        issuer_body=plan["issuer_body"] or prof.issuer_body,
        issuer_code=plan["issuer_code"] or prof.issuer_code,
        place=plan["place"] or prof.place,
        date=today,
        title=title,
        basis=basis,
        sections=sections,
        closing="",
        recipients=recipients,
        signature=Signature(prof.signer_authority, prof.signer_title, prof.signer_name),
        security=plan["security"],
        draft=True,
        numbering_style=plan["numbering_style"] or prof.numbering_style,
    )


def build_report(db: Database, plan_id: int, period: Period, today: dt.date | None = None) -> PlanDocument:
    today = today or dt.date.today()
    plan = db.one("SELECT * FROM plans WHERE id = ?", (plan_id,))
    if plan is None:
        raise ReportError(f"Không có kế hoạch mã {plan_id}.")
    rows = load_rows(db, period, TaskFilter(plan_ids=[plan_id]), today)
    if not rows:
        raise ReportError("Kế hoạch này chưa có nhiệm vụ nào được theo dõi; chưa lập được báo cáo.")
    summary = summarise(rows, period)
    prof = profile_store.load(db)
    t, n = summary.totals, summary.total
    as_of = min(today, period.end)
    ref, opening = plan_reference(plan, prof)
    basis = f"{opening}, báo cáo kết quả thực hiện {period.label[:1].lower() + period.label[1:]} như sau:"

    done = t[DONE_ON_TIME] + t[DONE_LATE]
    stats = (
        f"Tính đến ngày {format_short(as_of)}, Kế hoạch có {n} nhiệm vụ được theo dõi. Trong đó: "
        f"hoàn thành {done} nhiệm vụ ({_pct(done, n)}), gồm {t[DONE_ON_TIME]} nhiệm vụ hoàn thành đúng hạn "
        f"và {t[DONE_LATE]} nhiệm vụ hoàn thành quá hạn; {t[IN_PROGRESS]} nhiệm vụ đang thực hiện trong hạn; "
        f"{t[NOT_STARTED]} nhiệm vụ chưa triển khai; {t[OVERDUE]} nhiệm vụ quá hạn chưa hoàn thành."
    )
    groups = summary.overdue_groups()
    if t[OVERDUE]:
        stats += (
            f" Số nhiệm vụ quá hạn: {len(groups['le30'])} nhiệm vụ quá hạn đến 30 ngày, "
            f"{len(groups['le90'])} nhiệm vụ quá hạn từ 31 đến 90 ngày, "
            f"{len(groups['gt90'])} nhiệm vụ quá hạn trên 90 ngày."
        )

    unit_nodes: list[Node] = []
    for unit, items in _by_unit([r for r in rows if r.status in DONE or r.status == IN_PROGRESS]).items():
        children = [Node("bullet", _task_line(r)) for r in items if r.status in DONE]
        going = [r for r in items if r.status == IN_PROGRESS]
        if going:
            children.append(
                Node(
                    "bullet",
                    "Đang thực hiện: "
                    + "; ".join(
                        r.title.rstrip(".;:") + (f" (đạt {r.report.percent}%)" if r.report.percent else "")
                        for r in going
                    )
                    + ".",
                )
            )
        unit_nodes.append(Node("section", unit, children))
    if not unit_nodes:
        unit_nodes.append(Node("paragraph", "Chưa có nhiệm vụ nào hoàn thành trong kỳ."))

    late_nodes: list[Node] = []
    for unit, items in _by_unit(summary.overdue).items():
        late_nodes.append(Node("section", unit, [Node("bullet", _overdue_line(r)) for r in items]))
    pending = [r for r in rows if r.status == NOT_STARTED]
    if pending:
        late_nodes.append(
            Node(
                "section",
                "Nhiệm vụ chưa triển khai",
                [Node("bullet", f"{r.title.rstrip('.;:')} ({r.lead_unit or 'chưa giao đơn vị'}).") for r in pending],
            )
        )
    if not late_nodes:
        late_nodes.append(Node("paragraph", "Không có nhiệm vụ quá hạn hoặc chưa triển khai."))

    sections = [
        Node(
            "section",
            "KẾT QUẢ THỰC HIỆN",
            [
                Node("section", "Tình hình chung", [Node("paragraph", stats)]),
                Node("section", "Kết quả cụ thể theo đơn vị", unit_nodes),
            ],
            role="content",
        ),
        Node("section", "NHIỆM VỤ CHƯA HOÀN THÀNH, QUÁ HẠN", late_nodes, role="content"),
        Node(
            "section",
            "ĐÁNH GIÁ CHUNG",
            [
                Node("section", "Ưu điểm", [Node("paragraph", TO_WRITE.format(what="những ưu điểm nổi bật"))]),
                Node(
                    "section",
                    "Hạn chế, nguyên nhân",
                    [
                        Node(
                            "paragraph",
                            TO_WRITE.format(what="hạn chế và nguyên nhân, nhất là của các nhiệm vụ quá hạn"),
                        )
                    ],
                ),
            ],
            role="content",
        ),
        Node(
            "section",
            "NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI",
            [
                Node("paragraph", TO_WRITE.format(what="nhiệm vụ, giải pháp kỳ tới")),
            ],
            role="organisation",
        ),
    ]
    return report_document(
        plan,
        prof,
        title=f"Kết quả thực hiện {ref} ({period.label})",
        basis=basis,
        sections=sections,
        recipients=["Thường trực Đảng ủy (để báo cáo),", "Các đơn vị có liên quan,", "Lưu VT."],
        today=today,
    )


def render(doc: PlanDocument, path: Path | str, *, secret_confirmed: bool = False, profile: str | None = None):
    """PDF or DOCX (by the file's extension) through the plan exporters."""
    from ..export import ExportOptions, render_docx, render_pdf

    path = Path(path)
    options = ExportOptions(draft=True, secret_confirmed=secret_confirmed)
    if path.suffix.lower() == ".pdf":
        return render_pdf(doc, path, profile, options)
    if path.suffix.lower() == ".docx":
        return render_docx(doc, path, profile, options)
    raise ReportError("Chọn tệp .pdf hoặc .docx cho báo cáo.")


def save_as_draft(db: Database, doc: PlanDocument) -> int:
    """Store the draft report as an editable document (a draft 'plan' of type Báo cáo)."""
    from ..store import plans

    return plans.save_document(db, doc)
