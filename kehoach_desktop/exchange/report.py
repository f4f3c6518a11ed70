"""A draft Báo cáo tổng hợp from the lower offices' progress, in the official layout
(a :class:`PlanDocument` of type Báo cáo, rendered by the same exporters)."""

from __future__ import annotations

import datetime as dt

from ..core.dates import format_short, from_iso
from ..core.document import Node, PlanDocument
from ..store import profile as profile_store
from ..store.db import Database
from ..tracking.periods import containing
from ..tracking.report import TO_WRITE, plan_reference, report_document
from ..tracking.status import DONE_LATE, DONE_ON_TIME, IN_PROGRESS, NOT_STARTED, OVERDUE, STATUS_NAMES
from .consolidate import Matrix, matrix
from .naming import normal_case
from .progress_up import NO_TASK, NO_TASK_NAME

STATUS_SHORT = {
    DONE_ON_TIME: "✔",
    DONE_LATE: "✔!",
    IN_PROGRESS: "◐",
    NOT_STARTED: "○",
    OVERDUE: "⚠",
    NO_TASK: "–",
    "": "·",
}
ROLLED_NAMES = {**STATUS_NAMES, NO_TASK: NO_TASK_NAME, "missing": "Chưa báo cáo"}


class SummaryError(ValueError):
    """A summary that cannot be drafted; the message is for the user."""


def _names(offices) -> str:
    """Offices in running text: «Đảng ủy xã Thạch Hà», as its own header prints «ĐẢNG ỦY XÃ THẠCH HÀ»."""
    return ", ".join(normal_case(o.name) for o in offices)


def _task_line(m: Matrix, key: str, title: str) -> str:
    counts = m.column_counts(key)
    parts = [f"{n} {ROLLED_NAMES[s].lower()}" for s, n in sorted(counts.items(), key=lambda kv: -kv[1]) if n]
    return f"{title.rstrip('.;:')}: " + "; ".join(parts) + "."


def build_summary(db: Database, plan_id: int, today: dt.date | None = None) -> PlanDocument:
    today = today or dt.date.today()
    plan = db.one("SELECT * FROM plans WHERE id = ?", (plan_id,))
    if plan is None:
        raise SummaryError(f"Không có kế hoạch mã {plan_id}.")
    m = matrix(db, plan_id)
    if not m.offices:
        raise SummaryError(
            "Chưa có cơ quan cấp dưới nào gửi giấy báo tiếp nhận hay tệp tiến độ cho kế hoạch này; "
            "hãy tổng hợp các tệp nhận được trước."
        )
    prof = profile_store.load(db)
    ref, opening = plan_reference(plan, prof)
    basis = opening + ", tổng hợp kết quả thực hiện ở các cơ quan, đơn vị cấp dưới như sau:"
    received = [o for o in m.offices if o.received_at]
    reported = [o for o in m.offices if o.reported_at]
    intake = [
        Node(
            "paragraph",
            f"Tính đến ngày {format_short(today)}, có {len(received)}/{len(m.offices)} cơ quan, đơn vị đã tiếp nhận "
            f"kế hoạch; {len(reported)}/{len(m.offices)} đã báo cáo kết quả thực hiện.",
        )
    ]
    lower_plans = [o for o in reported if o.lower_plan_number]
    if lower_plans:
        intake.append(
            Node(
                "paragraph",
                "Các cơ quan, đơn vị đã ban hành kế hoạch cụ thể hóa: "
                + "; ".join(f"{normal_case(o.name)} (Kế hoạch số {o.lower_plan_number})" for o in lower_plans)
                + ".",
            )
        )
    if m.not_received:
        intake.append(Node("paragraph", f"Chưa báo tiếp nhận: {_names(m.not_received)}."))
    if m.not_reported:
        intake.append(Node("paragraph", f"Chưa báo cáo kết quả: {_names(m.not_reported)}."))
    # Each office's figures are those of its last file: one sent in an earlier reporting period is said
    # to be so (a file of June stood under «Tính đến ngày 03/12/2026» like the fresh ones).
    period = containing(today, "quarter")
    stale = [o for o in reported if (day := from_iso((o.reported_at or "")[:10])) is not None and day < period.start]
    if stale:
        intake.append(
            Node(
                "paragraph",
                f"Chưa báo cáo trong kỳ {period.label}, số liệu lấy theo báo cáo gần nhất: "
                + "; ".join(
                    f"{normal_case(o.name)} (báo cáo ngày {format_short(from_iso(o.reported_at[:10]))})"
                    for o in stale
                    if o.reported_at
                )
                + ".",
            )
        )
    results = [Node("bullet", _task_line(m, key, title)) for key, title, _ in m.tasks] or [
        Node("paragraph", "Kế hoạch không có nhiệm vụ được theo dõi.")
    ]
    late = [
        Node(
            "bullet",
            f"{title.rstrip('.;:')}: "
            + _names(o for o in m.offices if m.cells.get((key, o.office_id), ("", ""))[0] == OVERDUE)
            + ".",
        )
        for key, title, _ in m.tasks
        if any(m.cells.get((key, o.office_id), ("", ""))[0] == OVERDUE for o in m.offices)
    ] or [Node("paragraph", "Không có nhiệm vụ quá hạn ở cấp dưới.")]
    sections = [
        Node("section", "TÌNH HÌNH TIẾP NHẬN VÀ CỤ THỂ HÓA", intake, role="content"),
        Node("section", "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", results, role="content"),
        Node("section", "NHIỆM VỤ QUÁ HẠN Ở CẤP DƯỚI", late, role="content"),
        Node(
            "section",
            "ĐÁNH GIÁ CHUNG",
            [Node("paragraph", TO_WRITE.format(what="ưu điểm, hạn chế và nguyên nhân"))],
            role="content",
        ),
        Node(
            "section",
            "NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI",
            [Node("paragraph", TO_WRITE.format(what="nhiệm vụ, giải pháp kỳ tới"))],
            role="organisation",
        ),
    ]
    return report_document(
        plan,
        prof,
        title=f"Tổng hợp kết quả thực hiện {ref} ở cấp dưới",
        basis=basis,
        sections=sections,
        recipients=["Thường trực cấp ủy (để báo cáo),", "Các cơ quan, đơn vị cấp dưới,", "Lưu VT."],
        today=today,
    )


def save_summary(db: Database, doc: PlanDocument) -> int:
    """Keep the draft as an editable document, through the same road as every report draft."""
    from ..tracking.report import save_as_draft

    return save_as_draft(db, doc)
