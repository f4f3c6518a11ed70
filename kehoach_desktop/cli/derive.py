"""``kehoach plans derive --from DOC``: cụ thể hóa an upstream document into our draft plan."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..core.derive import summary
from ..core.derive.model import nothing_found
from ..store import derive as derive_store
from ..store import directives
from ..store.commands import UndoStack
from ..store.db import Database
from . import verb
from .common import CliError, open_db, print_json


def register_verbs(verbs: Any) -> None:
    p = verb(
        verbs,
        "derive",
        help="Cụ thể hóa một văn bản cấp trên thành dự thảo kế hoạch của ta.",
        description="Tạo dự thảo Kế hoạch thực hiện một văn bản cấp trên đã có trong sổ (có cấu trúc):\n"
        "phần đầu theo hồ sơ cơ quan, căn cứ, các mục giao cho cấp ta, nhiệm vụ với đơn vị và thời hạn\n"
        "(sớm hơn hạn của cấp trên), tổ chức thực hiện, nơi nhận. In mã kế hoạch mới.",
    )
    p.add_argument("--from", dest="source", required=True, metavar="VĂN_BẢN", help="Mã hoặc số ký hiệu văn bản.")
    p.add_argument(
        "--lead-days",
        type=int,
        default=None,
        metavar="SỐ_NGÀY",
        help="Số ngày làm việc trước hạn cấp trên (mặc định: như lần trước chọn trong chương trình, ban đầu 5).",
    )
    p.add_argument("--all-items", action="store_true", help="Lấy cả các mục chỉ giao cho cơ quan khác.")
    p.add_argument("--json", action="store_true", help="In kết quả dạng JSON (mã kế hoạch và thống kê).")
    p.set_defaults(func=cmd_derive)


def _directive_id(db: Database, source: str) -> int:
    if source.strip().isdigit() and directives.get_row(db, int(source)) is not None:
        return int(source)
    from ..core.numbers import canonical

    try:
        rows = directives.find_by_number(db, canonical(source))
    except ValueError:
        rows = []
    if not rows:
        raise CliError(
            f"Không tìm thấy văn bản «{source}» trong sổ. Hãy ghi mã (xem «kehoach directives list») hoặc số ký hiệu."
        )
    if len(rows) > 1:  # numbers restart with each term: «45-KH/TU» of 2022 and of 2027
        from ..core.dates import format_short, from_iso

        which = "; ".join(
            f"mã {r['id']}: ngày {format_short(from_iso(r['issued_on'])) if r['issued_on'] else '(chưa rõ)'}"
            f"{' — ' + r['summary'][:60] if r['summary'] else ''}"
            for r in rows
        )
        raise CliError(
            f"Sổ có {len(rows)} văn bản cùng số «{source}» ({which}). Hãy ghi mã của văn bản cần cụ thể hóa."
        )
    return int(rows[0]["id"])


def cmd_derive(args: argparse.Namespace) -> int:
    if args.lead_days is not None and args.lead_days < 0:
        raise CliError("--lead-days phải là số ngày không âm.")
    db = open_db(args)
    try:
        did = _directive_id(db, args.source)
        try:
            d = derive_store.start(db, did, lead_days=args.lead_days, all_items=args.all_items)
        except (LookupError, ValueError) as exc:
            raise CliError(str(exc)) from None
        notice = nothing_found(d)
        if notice:
            print(notice, file=sys.stderr)
        cmd = derive_store.DerivePlan(d)
        UndoStack(db).push(cmd)
        if args.json:
            print_json({"id": cmd.plan_id, "directive_id": did, **summary(d).to_json()})
        else:
            print(cmd.plan_id)
        return 0
    finally:
        db.close()
