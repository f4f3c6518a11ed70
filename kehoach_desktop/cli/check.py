"""``kehoach check --plan ID [--json]``: the pre-signing check; exit 1 when there is an error.

``kehoach check --all [--json]``: one sweep over every plan and the registry (same number
with different dates or issuers, look-alike numbers, căn cứ pointing to nothing), plus
each plan's own check.
"""

from __future__ import annotations

import argparse

from ..core.checks import SEVERITY_MARKS, has_errors, summary
from ..core.sweep import title as sweep_title
from ..store import plans
from ..store.sweep import check_all, plan_label
from . import db_option
from .common import CliError, open_db, print_json


def register(sub) -> None:
    p = sub.add_parser(
        "check",
        help="Kiểm tra kế hoạch trước khi trình ký (một kế hoạch hoặc toàn bộ).",
        description="Kiểm tra trước khi trình ký: trích dẫn, căn cứ (văn bản đã bị thay thế, hết hiệu lực), "
        "cơ quan không còn hoạt động, thẩm quyền ban hành, chỗ trống của mẫu, thời hạn, năm, "
        "số thứ tự, chính tả, nơi nhận, chữ ký.\n"
        "--all rà soát mọi kế hoạch và sổ văn bản: cùng số khác ngày hoặc cơ quan, số gần trùng "
        "(Đ/D, dấu cách), căn cứ không có trong sổ.\nMã thoát 1 khi có lỗi (error).",
    )
    db_option(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--plan", type=int, help="Mã kế hoạch (xem «kehoach plans list»).")
    which.add_argument("--all", action="store_true", help="Rà soát mọi kế hoạch và sổ văn bản.")
    p.add_argument("--json", action="store_true", help="In danh sách phát hiện dạng JSON.")
    p.set_defaults(func=cmd_check)


def _json(f, **extra) -> dict:
    return {
        "kind": f.kind,
        "severity": f.severity,
        "place": f.place,
        "message": f.message,
        **({"number": f.number} if f.number else {}),
        **({"fix": f.fix} if f.fix else {}),
        **extra,
    }


def _print(f, name: str, prefix: str = "") -> None:
    mark = SEVERITY_MARKS.get(f.severity, f.severity).upper().ljust(4)
    print(f"{mark} {prefix}[{f.place}] {name}: {f.message}")
    if f.fix:
        print(f"      → {f.fix}")


def cmd_check(args: argparse.Namespace) -> int:
    db = open_db(args, read_only=True)
    if args.all:
        return _check_all(db, args.json)
    try:
        findings = plans.check(db, args.plan)
    except LookupError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print_json([_json(f) for f in findings])
    else:
        for f in findings:
            _print(f, f.title)
        print(f"Tổng cộng: {summary(findings)}" if findings else summary(findings))
    return 1 if has_errors(findings) else 0


def _check_all(db, as_json: bool) -> int:
    across = check_all(db)
    per_plan = []
    for row in db.all("SELECT id, number, doc_type, title FROM plans ORDER BY id"):
        label = plan_label(row)
        per_plan += [(row["id"], label, f) for f in plans.check(db, row["id"])]
    if as_json:
        print_json(
            {
                "across": [_json(f, title=sweep_title(f.kind)) for f in across],
                "plans": [_json(f, plan=pid, plan_label=label, title=f.title) for pid, label, f in per_plan],
            }
        )
    else:
        print("== Rà soát toàn bộ (sổ văn bản và mọi kế hoạch) ==")
        for f in across:
            _print(f, sweep_title(f.kind))
        print("== Từng kế hoạch ==")
        for _pid, label, f in per_plan:
            _print(f, f.title, prefix=f"{label} ")
        every = [*across, *(f for *_x, f in per_plan)]
        errors = sum(f.severity == "error" for f in every)
        info = sum(f.severity == "info" for f in every)  # of issued plans: not errors (issue 18)
        told = f", {info} thông tin (kế hoạch đã ban hành)" if info else ""
        total = len(every)
        print(
            f"Tổng cộng: {errors} lỗi, {total - errors - info} chú ý{told}." if total else "Không phát hiện vấn đề nào."
        )
    return 1 if has_errors(across) or has_errors([f for *_x, f in per_plan]) else 0
