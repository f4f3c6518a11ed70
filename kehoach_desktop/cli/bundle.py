"""``kehoach bundle export|import`` and the exchange verbs of ``kehoach progress``
(``export-up``, ``consolidate``, ``matrix``, ``summary``): plans go down, progress
comes back up, as files (format: docs/exchange-format.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import command_group, verb
from .common import CliError, date_arg, open_db, print_json

SECRET_EXIT = 3
PARTIAL_EXIT = 3  # some files taken, some refused


def register(sub) -> None:
    verbs = command_group(
        sub,
        "bundle",
        help="Gửi kế hoạch xuống cấp dưới và nhận kế hoạch của cấp trên bằng tệp (không cần mạng).",
        description="Gói kế hoạch (.khgoi): toàn bộ kế hoạch đã ban hành, nhiệm vụ, căn cứ và bản PDF, "
        "chép qua USB, thư điện tử hay Zalo. Giấy báo tiếp nhận (.khnhan) gửi ngược lên.",
    )
    exp = verb(verbs, "export", help="Ghi gói của một kế hoạch đã ban hành.", description="Ghi gói kế hoạch.")
    exp.add_argument("--plan", type=int, required=True, metavar="MÃ", help="Mã kế hoạch (đã ban hành).")
    exp.add_argument("-o", "--output", type=Path, required=True, metavar="TỆP", help="Tệp gói (.khgoi).")
    exp.add_argument("--due", metavar="NGÀY", help="Hạn cụ thể hóa cho cấp dưới, ví dụ 31/01/2027.")
    exp.add_argument(
        "--pdf", type=Path, metavar="TỆP.pdf", help="Bản PDF đã ký (bản quét) thay cho bản in từ chương trình."
    )
    exp.add_argument("--to", action="append", metavar="CƠ QUAN", help="Cơ quan nhận (lặp lại được).")
    exp.add_argument("--confirm-secret", action="store_true", help="Xác nhận gửi kế hoạch mật.")
    exp.set_defaults(func=cmd_export)

    imp = verb(
        verbs,
        "import",
        help="Nhận gói kế hoạch của cấp trên (hoặc giấy báo tiếp nhận của cấp dưới).",
        description="Đăng ký kế hoạch cấp trên vào sổ văn bản cùng cấu trúc, chuỗi căn cứ và hạn cụ thể hóa, "
        "rồi ghi giấy báo tiếp nhận để gửi lên. Giấy báo tiếp nhận của cấp dưới cũng nhận bằng lệnh này.",
    )
    imp.add_argument(
        "files", nargs="+", type=Path, metavar="TỆP", help="Các tệp .khgoi hoặc .khnhan (cả tệp .zip chứa chúng)."
    )
    imp.add_argument("--due", metavar="NGÀY", help="Hạn cụ thể hóa (nếu gói không ghi hoặc muốn đổi).")
    imp.add_argument("--receipt", type=Path, metavar="TỆP_HOẶC_THƯ_MỤC", help="Nơi ghi giấy báo tiếp nhận.")
    imp.add_argument("--force", action="store_true", help="Vẫn nhận khi gói ghi gửi cho cơ quan khác.")
    imp.add_argument("--dry-run", action="store_true", help="Chỉ xem gói chứa gì, không ghi.")
    imp.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
    imp.set_defaults(func=cmd_import)


def add_progress_verbs(verbs) -> None:
    """The exchange verbs of ``kehoach progress``."""
    up = verb(
        verbs,
        "export-up",
        help="Ghi tệp tiến độ gửi lên cấp trên.",
        description="Với mỗi nhiệm vụ của kế hoạch cấp trên: tình trạng, kết quả, ngày hoàn thành của các "
        "nhiệm vụ mình đã giao để thực hiện nó (gộp lại), kèm số kế hoạch của mình.",
    )
    up.add_argument("--plan", type=int, required=True, metavar="MÃ", help="Mã kế hoạch của mình (cụ thể hóa).")
    up.add_argument("-o", "--output", type=Path, required=True, metavar="TỆP", help="Tệp tiến độ (.khtiendo).")
    up.add_argument("--upstream", type=int, metavar="MÃ", help="Mã văn bản cấp trên (khi có nhiều).")
    up.add_argument(
        "--allow-no-progress",
        action="store_true",
        help="Vẫn ghi tệp khi chưa ghi tiến độ cho nhiệm vụ nào (mọi nhiệm vụ sẽ báo «Chưa triển khai»).",
    )
    up.add_argument(
        "--period",
        metavar="KỲ",
        default=None,
        help="Kỳ báo cáo, như ở phần theo dõi: «Tháng 11/2026», «Quý IV/2026», «6 tháng đầu năm 2026», "
        "«9 tháng năm 2026», «Năm 2026» (hoặc 2026-M11, 2026-Q4, 2026-H1, 2026-9M, 2026). Mặc định: cả năm hiện "
        "tại, như khi gửi từ cửa sổ. Tiến độ tính đến cuối kỳ (hoặc đến hôm nay nếu kỳ chưa hết).",
    )
    up.add_argument("--today", default=None, help=argparse.SUPPRESS)
    up.set_defaults(func=cmd_export_up)

    con = verb(
        verbs,
        "consolidate",
        help="Tổng hợp tệp tiến độ và giấy báo tiếp nhận của cấp dưới.",
        description="Nhận nhiều tệp (hoặc cả thư mục, hoặc tệp .zip chứa nhiều tệp) một lần. Tệp đã nhận không "
        "làm đổi gì; bản mới hơn của cùng cơ quan thay bản cũ; tệp bị từ chối không ghi gì.",
    )
    con.add_argument("paths", nargs="+", type=Path, metavar="TỆP_HOẶC_THƯ_MỤC")
    con.add_argument("--dry-run", action="store_true", help="Chỉ xem trước, không ghi.")
    con.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
    con.set_defaults(func=cmd_consolidate)

    mx = verb(
        verbs,
        "matrix",
        help="Bảng nhiệm vụ × cơ quan cấp dưới của một kế hoạch đã gửi.",
        description="Tình trạng từng nhiệm vụ ở từng cơ quan cấp dưới; ai chưa nhận, ai chưa báo cáo.",
    )
    mx.add_argument("--plan", type=int, required=True, metavar="MÃ", help="Mã kế hoạch đã gửi xuống.")
    mx.add_argument("--json", action="store_true", help="In dạng JSON.")
    mx.set_defaults(func=cmd_matrix)

    sm = verb(
        verbs,
        "summary",
        help="Lập dự thảo Báo cáo tổng hợp từ tiến độ cấp dưới.",
        description="Dự thảo Báo cáo tổng hợp kết quả thực hiện kế hoạch ở các cơ quan cấp dưới.",
    )
    sm.add_argument("--plan", type=int, required=True, metavar="MÃ", help="Mã kế hoạch đã gửi xuống.")
    sm.add_argument("-o", "--output", type=Path, metavar="TỆP.pdf", help="Ghi ra PDF thay vì lưu dự thảo.")
    sm.set_defaults(func=cmd_summary)


def cmd_export(args) -> int:
    from ..exchange import container, identity
    from ..exchange.plan_bundle import BundleError, SecretNotConfirmed, export_bundle, past_due

    due = date_arg(args.due)
    late = past_due(due, how="Hãy ghi --due một ngày từ hôm nay trở đi, hoặc bỏ --due nếu không giao hạn.")
    if late:
        raise CliError(late)
    db = open_db(args)
    try:
        out = export_bundle(
            db,
            args.plan,
            args.output,
            secret_confirmed=args.confirm_secret,
            implement_due=due,
            signed_pdf=args.pdf,
            addressees=args.to,
        )
    except SecretNotConfirmed as exc:
        raise CliError(f"{exc}\nNếu vẫn cần gửi, chạy lại với --confirm-secret.", SECRET_EXIT) from None
    except (BundleError, identity.NoOfficeProfile, container.ExchangeError, LookupError) as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        from ..core import oserrors

        raise CliError(oserrors.describe(exc, args.output)) from None
    finally:
        db.close()
    print(f"Đã ghi gói kế hoạch: {out}")
    return 0


def _receipt_path(args, default_dir: Path, name: str) -> Path:
    target = args.receipt
    if target is None:
        target = default_dir if _writable(default_dir) else Path.cwd()
    if not target.exists() and target.suffix.lower() != ".khnhan":
        # «--receipt gui-len»: a folder to make, not a file named «gui-len» without its suffix (seen).
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # said when the receipt is written
    return target / name if target.is_dir() else target


def _writable(folder: Path) -> bool:
    import os

    return folder.is_dir() and os.access(folder, os.W_OK)


def cmd_import(args) -> int:
    from ..exchange import consolidate, container, identity, receive
    from ..store.commands import UndoStack

    db = open_db(args)
    results: list[dict] = []
    failed = 0
    try:
        for path in args.files:
            entry: dict = {"file": path.name}
            results.append(entry)
            try:
                kind = _kind(container.read_many(path))
            except container.ExchangeError as exc:
                entry.update(ok=False, message=str(exc))
                failed += 1
                continue
            if kind == "receipt":
                pv = consolidate.preview(db, [path])
                outcome = pv.outcomes[0]
                if len(pv.refused) == len(pv.outcomes):
                    entry.update(ok=False, message=outcome.message)
                    failed += 1
                    continue
                if not args.dry_run and pv.pending:
                    UndoStack(db).push(consolidate.ApplyConsolidation(pv))
                message = consolidate.ACTION_NAMES[outcome.action]
                if len(pv.outcomes) > 1:  # a zip of several receipts: each file said (one line said only the first)
                    message = "; ".join(
                        f"{o.name}: {consolidate.ACTION_NAMES[o.action]}" + (f" — {o.message}" if o.message else "")
                        for o in pv.outcomes
                    )
                    if pv.refused:
                        failed += 1
                entry.update(ok=not pv.refused, kind="receipt", office=outcome.office, message=message)
                continue
            try:
                preview = receive.open_bundle(db, path)
            except (container.ExchangeError, receive.BundleRefused) as exc:
                entry.update(ok=False, message=str(exc))
                failed += 1
                continue
            entry.update(
                kind="plan", summary=preview.summary_lines(), warnings=preview.warnings, from_below=preview.from_below
            )
            if preview.warnings and any("không có trong danh sách" in w for w in preview.warnings) and not args.force:
                entry.update(
                    ok=False, message="Gói ghi gửi cho cơ quan khác. Nếu đúng là của mình, chạy lại với --force."
                )
                failed += 1
                continue
            if args.dry_run:
                entry.update(ok=True, message="Xem trước: chưa ghi.")
                continue
            cmd = receive.ReceiveBundle(preview, date_arg(args.due))
            UndoStack(db).push(cmd)
            assert cmd.result is not None
            me = identity.me(db)
            receipt = _receipt_path(args, path.parent, receive.receipt_file_name(preview, me.name))
            try:
                receive.write_receipt(db, preview, cmd.result, receipt)
                entry["receipt"] = str(receipt)
            except OSError as exc:
                from ..core import oserrors

                entry["receipt_error"] = (
                    f"{oserrors.describe(exc, receipt)} {receive.RECEIPT_AGAIN} với --receipt THƯ_MỤC ở ổ ghi được."
                )
            if preview.older_than_received is not None:
                message = "Bản này cũ hơn bản đã nhận trước đây: không thay đổi gì trong sổ văn bản."
            elif preview.already_directive is not None:
                message = "Gói này đã được nhận trước đây: đã cập nhật văn bản đã có trong sổ, không tạo bản trùng."
            else:
                message = "Đã nhận vào sổ văn bản."
            entry.update(ok=True, directive_id=cmd.result.directive_id, message=message)
    finally:
        db.close()
    if args.json:
        print_json({"files": results})
    else:
        for e in results:
            print(f"{e['file']}: {e.get('message', '')}")
            for line in e.get("summary", []):
                print(f"  {line}")
            for w in e.get("warnings", []):
                print(f"  Lưu ý: {w}", file=sys.stderr)
            if e.get("directive_id"):
                hint = "để theo dõi" if e.get("from_below") else "dùng «Cụ thể hóa…» để lập kế hoạch của mình"
                print(f"  Mã văn bản trong sổ: {e['directive_id']} — {hint}.")
            if e.get("receipt"):
                back = "nơi gửi" if e.get("from_below") else "cấp trên"
                print(f"  Giấy báo tiếp nhận (gửi lại {back}): {e['receipt']}")
            if e.get("receipt_error"):
                print(f"  Chưa ghi được giấy báo tiếp nhận: {e['receipt_error']}", file=sys.stderr)
    if failed:
        return PARTIAL_EXIT if failed < len(results) else 1
    return 0


def _kind(found) -> str:
    """What a file given to «bundle import» holds: a plan, or receipts (progress files too) —
    also inside a zip of several receipts; a plan in a zip of several files is refused by the reader."""
    from ..exchange import container

    kinds = {pkg.kind for _name, pkg in found if isinstance(pkg, container.Package)}
    if len(found) == 1 and isinstance(found[0][1], container.ExchangeError):
        raise found[0][1]
    return "plan" if "plan" in kinds or not kinds else "receipt"


def cmd_export_up(args) -> int:
    from ..exchange import identity, progress_up
    from ..tracking.periods import PeriodError, parse_period

    try:
        period = parse_period(args.period) if args.period else None
    except PeriodError as exc:
        raise CliError(str(exc)) from None
    db = open_db(args)
    try:
        today = date_arg(args.today)
        ahead = progress_up.outlook(db, args.plan, args.upstream, today, period)
        if ahead.nothing_recorded and not args.allow_no_progress:
            raise CliError(
                ahead.describe() + " Hãy ghi tiến độ trước (kehoach progress record hoặc progress import), "
                "hoặc thêm --allow-no-progress nếu đúng là chưa triển khai nhiệm vụ nào."
            )
        out = progress_up.export_up(db, args.plan, args.output, upstream_id=args.upstream, today=today, period=period)
    except (progress_up.ProgressUpError, identity.NoOfficeProfile) as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        from ..core import oserrors

        raise CliError(oserrors.describe(exc, args.output)) from None
    finally:
        db.close()
    if ahead.unrecorded:
        print(ahead.describe())
    print(f"Đã ghi tệp tiến độ ({(period or progress_up.default_period(date_arg(args.today))).label}): {out}")
    return 0


def cmd_consolidate(args) -> int:
    from ..exchange import consolidate
    from ..store.commands import UndoStack

    db = open_db(args)
    try:
        pv = consolidate.preview(db, args.paths)
        if not args.dry_run and pv.pending:
            UndoStack(db).push(consolidate.ApplyConsolidation(pv))
    finally:
        db.close()
    if args.json:
        print_json({**pv.to_json(), "dry_run": args.dry_run})
    else:
        for o in pv.outcomes:
            line = f"{o.name}: {consolidate.ACTION_NAMES[o.action]}"
            if o.office:
                line += f" — {o.office}"
            print(line)
            if o.message:
                print(f"  {o.message}", file=sys.stderr if o.action == consolidate.REFUSED else sys.stdout)
        verb_ = "Sẽ ghi" if args.dry_run else "Đã ghi"
        print(f"{verb_} {pv.changes} tệp; {len(pv.refused)} tệp không nhận.")
        if pv.note and pv.outcomes:
            print(pv.note)
    if not pv.outcomes:
        raise CliError(
            "Không có tệp tiến độ (.khtiendo) hay giấy báo tiếp nhận (.khnhan) nào ở đường dẫn đã cho."
            + (f"\n{pv.note}" if pv.note else "")
        )
    if pv.refused:
        return PARTIAL_EXIT if len(pv.refused) < len(pv.outcomes) else 1
    return 0


def cmd_matrix(args) -> int:
    from ..exchange import consolidate
    from ..exchange.report import STATUS_SHORT

    db = open_db(args, read_only=True)
    try:
        m = consolidate.matrix(db, args.plan)
    finally:
        db.close()
    if args.json:
        print_json(consolidate.as_json(m))
        return 0
    print(f"{len(m.tasks)} nhiệm vụ × {len(m.offices)} cơ quan cấp dưới")
    for o in m.offices:
        flags = []
        if o.received_at is None:
            flags.append("chưa nhận")
        if o.reported_at is None:
            flags.append("chưa báo cáo")
        print(f"  {o.name}" + (f" ({', '.join(flags)})" if flags else f" — KH {o.lower_plan_number}"))
    for key, title, _lead in m.tasks:
        marks = " ".join(STATUS_SHORT.get(m.cells.get((key, o.office_id), ("", ""))[0], "·") for o in m.offices)
        print(f"{title[:60]:60} {marks}")
    return 0


def cmd_summary(args) -> int:
    from ..exchange import report

    db = open_db(args)
    try:
        try:
            doc = report.build_summary(db, args.plan)
        except report.SummaryError as exc:
            raise CliError(str(exc)) from None
        if args.output:
            from ..export import ExportOptions, render_pdf

            render_pdf(doc, args.output, options=ExportOptions(secret_confirmed=True))
            print(f"Đã ghi: {args.output}")
        else:
            plan_id = report.save_summary(db, doc)
            print(f"Đã lưu dự thảo báo cáo, mã kế hoạch {plan_id}.")
    finally:
        db.close()
    return 0
