"""``kehoach check --plan ID [--json]``: the pre-signing check; exit 1 when there is an error."""

from __future__ import annotations

import argparse

from ..core.checks import has_errors
from ..store import plans
from . import db_option
from .common import CliError, open_db, print_json


def register(sub) -> None:
    p = sub.add_parser(
        "check",
        help="Kiểm tra kế hoạch trước khi trình ký.",
        description="Kiểm tra trước khi trình ký: trích dẫn, căn cứ, mục trống, nhiệm vụ, "
        "nơi nhận, chữ ký, năm cũ, lỗi gõ.\nMã thoát 1 khi có lỗi (error).",
    )
    db_option(p)
    p.add_argument("--plan", type=int, required=True, help="Mã kế hoạch (xem «kehoach plans list»).")
    p.add_argument("--json", action="store_true", help="In danh sách phát hiện dạng JSON.")
    p.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    db = open_db(args, read_only=True)
    try:
        findings = plans.check(db, args.plan)
    except LookupError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print_json(
            [
                {
                    "kind": f.kind,
                    "severity": f.severity,
                    "place": f.place,
                    "message": f.message,
                    **({"number": f.number} if f.number else {}),
                }
                for f in findings
            ]
        )
    else:
        for f in findings:
            mark = "LỖI " if f.severity == "error" else "CHÚ Ý"
            print(f"{mark} [{f.place}] {f.title}: {f.message}")
        errors = sum(f.severity == "error" for f in findings)
        print(
            f"Tổng cộng: {errors} lỗi, {len(findings) - errors} chú ý." if findings else "Không phát hiện vấn đề nào."
        )
    return 1 if has_errors(findings) else 0
