"""``kehoach progress import|list|record|report|remind`` and ``kehoach export progress``.

The tracking of tasks by unit and reporting period from the command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import oserrors
from . import command_group, verb
from .common import CliError, date_arg, open_db, print_json

if TYPE_CHECKING:
    from ..tracking.periods import Period

SECRET_EXIT = 3


def _period_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--period",
        metavar="KỲ",
        default=None,
        help="Kỳ báo cáo, ví dụ 2026-Q1, «Quý I/2026», 2026-M03, 2026-H1, 2026-9M, 2026 (mặc định: quý hiện tại).",
    )
    p.add_argument("--today", metavar="NGÀY", default=None, help=argparse.SUPPRESS)


def _period(args: argparse.Namespace) -> Period:
    from ..tracking.periods import PeriodError, containing, parse_period

    if not args.period:
        return containing(_today(args), "quarter")
    try:
        return parse_period(args.period)
    except PeriodError as exc:
        raise CliError(str(exc)) from None


def _today(args) -> dt.date:
    return date_arg(getattr(args, "today", None)) or dt.date.today()


def register(sub) -> None:
    verbs = command_group(
        sub,
        "progress",
        help="Theo dõi tiến độ: nhập bảng Excel, xem, ghi, báo cáo, nhắc việc.",
        description="Theo dõi tiến độ thực hiện nhiệm vụ theo đơn vị và kỳ báo cáo.",
    )

    imp = verb(
        verbs,
        "import",
        help="Nhập các bảng Excel đơn vị gửi lại.",
        description="Nhập một hoặc nhiều bảng theo dõi (.xlsx) đơn vị đã điền. Khi có lỗi ở "
        "bất kỳ tệp nào thì không ghi gì và trả mã thoát khác 0.",
    )
    imp.add_argument("files", nargs="+", type=Path, metavar="TỆP.xlsx", help="Các tệp Excel.")
    imp.add_argument("--dry-run", action="store_true", help="Chỉ xem trước, không ghi.")
    imp.add_argument("--json", action="store_true", help="In thay đổi và lỗi dạng JSON.")
    imp.add_argument("--today", default=None, help=argparse.SUPPRESS)
    imp.set_defaults(func=cmd_import)

    # Exchange with the levels above and below (issue 18): cli/bundle.py.
    from .bundle import add_progress_verbs

    add_progress_verbs(verbs)

    ls = verb(
        verbs,
        "list",
        help="Bảng theo dõi nhiệm vụ (lọc theo kế hoạch, đơn vị, tình trạng).",
        description="Liệt kê nhiệm vụ với tình trạng tính cho kỳ báo cáo.",
    )
    ls.add_argument("--plan", type=int, action="append", metavar="MÃ", help="Mã kế hoạch (lặp lại được).")
    ls.add_argument("--unit", type=int, metavar="MÃ", help="Mã đơn vị (chủ trì hoặc phối hợp).")
    ls.add_argument(
        "--status",
        action="append",
        metavar="TÌNH_TRẠNG",
        choices=["not_started", "in_progress", "done_on_time", "done_late", "overdue"],
        help="Lọc theo tình trạng (lặp lại được).",
    )
    ls.add_argument("--directive", type=int, metavar="MÃ", help="Các kế hoạch thực hiện văn bản này (cả chuỗi).")
    _period_arg(ls)
    ls.add_argument("--json", action="store_true", help="In dạng JSON.")
    ls.set_defaults(func=cmd_list)

    rec = verb(
        verbs,
        "record",
        help="Ghi tiến độ một nhiệm vụ cho một kỳ.",
        description="Ghi một báo cáo tiến độ (thêm vào lịch sử, không ghi đè).",
    )
    rec.add_argument("--task", type=int, required=True, metavar="MÃ", help="Mã nhiệm vụ.")
    _period_arg(rec)
    rec.add_argument(
        "--state", choices=["not_started", "in_progress", "done"], default="", help="Tình trạng đơn vị báo."
    )
    rec.add_argument("--result", default="", help="Kết quả thực hiện.")
    rec.add_argument("--percent", type=int, default=None, help="Tỷ lệ hoàn thành (0–100).")
    rec.add_argument("--completed", default=None, metavar="NGÀY", help="Ngày hoàn thành (ngày/tháng/năm).")
    rec.add_argument("--evidence", default="", help="Văn bản triển khai, ví dụ 20-KH/ĐU.")
    rec.add_argument("--notes", default="", help="Ghi chú.")
    rec.set_defaults(func=cmd_record)

    rep = verb(
        verbs,
        "report",
        help="Lập dự thảo Báo cáo kết quả thực hiện (PDF/DOCX).",
        description="Lập dự thảo Báo cáo kết quả thực hiện kế hoạch cho một kỳ.",
    )
    rep.add_argument("--plan", type=int, required=True, metavar="MÃ", help="Mã kế hoạch.")
    _period_arg(rep)
    rep.add_argument("-o", "--output", type=Path, required=True, metavar="TỆP", help="Tệp .pdf hoặc .docx.")
    rep.add_argument("--save-draft", action="store_true", help="Lưu thêm dự thảo vào danh sách văn bản để sửa.")
    rep.add_argument("--confirm-secret", action="store_true", help="Xác nhận xuất khi kế hoạch có độ mật.")
    rep.set_defaults(func=cmd_report)

    rem = verb(
        verbs,
        "remind",
        help="Nhắc việc: sắp đến hạn, quá hạn, văn bản chưa cụ thể hóa.",
        description="Nhiệm vụ sắp đến hạn và quá hạn; văn bản sắp hết hạn cụ thể hóa mà chưa có kế hoạch thực hiện.",
    )
    rem.add_argument("--days", type=int, default=7, help="Số ngày tới (mặc định 7).")
    rem.add_argument("--json", action="store_true", help="In dạng JSON.")
    rem.add_argument("--today", default=None, help=argparse.SUPPRESS)
    rem.set_defaults(func=cmd_remind)


def export_verb(verbs) -> None:
    """``kehoach export progress``: added to ``cli.export.VERBS``."""
    p = verb(
        verbs,
        "progress",
        help="Xuất bảng theo dõi tiến độ ra Excel (tổng hợp hoặc từng đơn vị).",
        description="Xuất bảng theo dõi tiến độ thực hiện kế hoạch ra Excel: một bảng tổng hợp "
        "(-o) hoặc mỗi đơn vị một tệp (--per-unit THƯ_MỤC).",
    )
    p.add_argument("--plan", type=int, required=True, metavar="MÃ", help="Mã kế hoạch.")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("-o", "--output", type=Path, metavar="TỆP.xlsx", help="Bảng tổng hợp.")
    out.add_argument("--per-unit", type=Path, metavar="THƯ_MỤC", help="Mỗi đơn vị một tệp trong thư mục này.")
    _period_arg(p)
    p.add_argument("--confirm-secret", action="store_true", help="Xác nhận xuất khi kế hoạch có độ mật (MẬT trở lên).")
    p.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
    p.set_defaults(func=cmd_export)


def cmd_export(args) -> int:
    from ..tracking.excel_export import ExportError, SecretNotConfirmed, export_consolidated, export_per_unit

    period = _period(args)
    db = open_db(args)
    try:
        try:
            if args.output:
                results = [
                    export_consolidated(
                        db, args.plan, period, args.output, today=_today(args), allow_secret=args.confirm_secret
                    )
                ]
            else:
                results = export_per_unit(
                    db, args.plan, period, args.per_unit, today=_today(args), allow_secret=args.confirm_secret
                )
        except SecretNotConfirmed as exc:
            raise CliError(str(exc), SECRET_EXIT) from None
        except ExportError as exc:
            raise CliError(str(exc)) from None
        except OSError as exc:
            raise CliError(oserrors.describe(exc)) from None
    finally:
        db.close()
    if args.json:
        print_json(
            [
                {
                    "path": str(r.path),
                    "export_id": r.export_id,
                    "unit_id": r.unit_id,
                    "unit": r.unit_name,
                    "tasks": r.task_count,
                }
                for r in results
            ]
        )
    else:
        for r in results:
            who = f" — {r.unit_name}" if r.unit_name else ""
            print(f"Đã xuất {r.path} ({r.task_count} nhiệm vụ{who}, lần xuất số {r.export_id}).")
    return 0


def cmd_import(args) -> int:
    from ..tracking import excel_import

    db = open_db(args, reading=args.dry_run)  # a preview only reads: fine while a window has the file
    try:
        pv = excel_import.preview(db, args.files, today=_today(args))
        applied = 0
        if pv.ok and not args.dry_run:
            try:
                applied = len(excel_import.apply(db, pv))
            except excel_import.ImportError_ as exc:
                raise CliError(str(exc)) from None
    finally:
        db.close()
    if args.json:
        print_json({**pv.to_json(), "applied": applied, "dry_run": args.dry_run})
    else:
        for f in pv.files:
            print(f"{f.path.name}: {f.rows_read} dòng, {len(f.changes)} thay đổi, {len(f.errors)} lỗi.")
            for ch in f.changes:
                fields = "; ".join(f"{name}: {a} → {b}" for name, a, b in ch.fields())
                print(f"  dòng {ch.row}: {ch.title[:60]} — {fields}")
        for issue in pv.errors + pv.warnings:
            label = "Lỗi" if issue.severity == "error" else "Lưu ý"
            print(f"{label}: {issue.location}: {issue.message}", file=sys.stderr)
        if not pv.ok:
            print("Chưa ghi gì vào dữ liệu. Hãy sửa các lỗi trên rồi nhập lại.", file=sys.stderr)
        elif args.dry_run:
            print(f"Xem trước: {len(pv.changes)} thay đổi (chưa ghi).")
        else:
            print(f"Đã ghi {applied} thay đổi.")
    return 0 if pv.ok else 1


def cmd_list(args) -> int:
    from ..tracking.queries import TaskFilter, load_rows
    from ..tracking.status import STATUS_MARKS, STATUS_NAMES

    period = _period(args)
    db = open_db(args, reading=True)
    try:
        rows = load_rows(
            db,
            period,
            TaskFilter(
                plan_ids=args.plan,
                unit_id=args.unit,
                statuses=set(args.status) if args.status else None,
                directive_id=args.directive,
            ),
            _today(args),
        )
    finally:
        db.close()
    if args.json:
        print_json(
            {
                "period": period.code,
                "tasks": [
                    {
                        "task_id": r.task_id,
                        "plan_id": r.plan_id,
                        "title": r.title,
                        "lead_unit": r.lead_unit,
                        "cooperating": r.cooperating,
                        "deadline": r.deadline_label,
                        "due": r.due.isoformat() if r.due else None,
                        "status": r.status,
                        "overdue_days": r.overdue_days,
                        "due_soon": r.due_soon,
                        "result": r.report.result,
                        "percent": r.report.percent,
                        "completed_on": r.report.completed_on.isoformat() if r.report.completed_on else None,
                        "evidence": r.report.evidence,
                    }
                    for r in rows
                ],
            }
        )
    else:
        print(f"Kỳ báo cáo: {period.label} — {len(rows)} nhiệm vụ")
        for r in rows:
            late = f", quá hạn {r.overdue_days} ngày" if r.overdue_days else ""
            soon = " [sắp đến hạn]" if r.due_soon else ""
            print(
                f"[{r.task_id}] {STATUS_MARKS[r.status]} {STATUS_NAMES[r.status]}{late}{soon} — {r.title} "
                f"({r.lead_unit or 'chưa giao'}; {r.deadline_label or 'không hạn'})"
            )
    return 0


def cmd_record(args) -> int:
    from ..core.dates import DateError, parse_date
    from ..tracking import progress

    period = _period(args)
    try:
        completed = parse_date(args.completed) if args.completed else None
    except DateError as exc:
        raise CliError(str(exc)) from None
    db = open_db(args)
    try:
        try:
            row_id = progress.record(
                db,
                args.task,
                period,
                progress.Report(
                    state=args.state,
                    result=args.result,
                    percent=args.percent,
                    completed_on=completed,
                    evidence=args.evidence,
                    notes=args.notes,
                ),
                source="cli",
            )
        except progress.ProgressError as exc:
            raise CliError(str(exc)) from None
    finally:
        db.close()
    print(f"Đã ghi tiến độ (mục lịch sử số {row_id}) cho kỳ {period.label}.")
    return 0


def cmd_report(args) -> int:
    from ..export import SecretExportError
    from ..tracking import report

    period = _period(args)
    db = open_db(args)
    try:
        try:
            doc = report.build_report(db, args.plan, period, _today(args))
            result = report.render(doc, args.output, secret_confirmed=args.confirm_secret)
        except SecretExportError as exc:
            raise CliError(f"{exc}\nNếu vẫn cần xuất, chạy lại với --confirm-secret.", SECRET_EXIT) from None
        except report.ReportError as exc:
            raise CliError(str(exc)) from None
        draft_id = report.save_as_draft(db, doc) if args.save_draft else None
    finally:
        db.close()
    print(f"Đã lập dự thảo báo cáo {result.path}" + (f" (lưu thành văn bản mã {draft_id})" if draft_id else "") + ".")
    return 0


def cmd_remind(args) -> int:
    from ..tracking import reminders

    db = open_db(args, reading=True)
    try:
        rem = reminders.collect(db, args.days, _today(args))
    finally:
        db.close()
    if args.json:
        print_json(rem.to_json())
    else:
        lines = rem.lines()
        print("\n".join(lines) if lines else f"Không có việc nào sắp đến hạn trong {args.days} ngày tới hoặc quá hạn.")
    return 0
