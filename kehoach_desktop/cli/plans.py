"""``kehoach plans list|templates|new|show``: plans from the command line."""

from __future__ import annotations

import argparse

from ..core.models import PLAN_STATUSES
from ..core.templates import get_template, load_templates
from ..store import plans, profile
from ..store.commands import UndoStack
from ..store.plan_ops import CreatePlan
from . import command_group, verb
from .common import CliError, open_db, print_json


def register(sub) -> None:
    verbs = command_group(
        sub, "plans", help="Kế hoạch: liệt kê, tạo từ mẫu, xem.", description="Các kế hoạch trong tệp dữ liệu."
    )

    ls = verb(verbs, "list", help="Liệt kê kế hoạch (mã, số, trích yếu, trạng thái).", description="Liệt kê kế hoạch.")
    ls.add_argument("--json", action="store_true", help="In dạng JSON.")
    ls.set_defaults(func=cmd_list)

    tp = verbs.add_parser("templates", help="Các mẫu kế hoạch có sẵn.", description="Các mẫu kế hoạch có sẵn.")
    tp.add_argument("--json", action="store_true", help="In dạng JSON.")
    tp.set_defaults(func=cmd_templates)

    new = verb(verbs, "new", help="Tạo kế hoạch dự thảo từ một mẫu.", description="Tạo kế hoạch dự thảo từ mẫu.")
    new.add_argument("--template", default="blank", help="Mã mẫu (xem «kehoach plans templates»).")
    new.add_argument("--year", type=int, required=True, help="Năm của kế hoạch.")
    new.add_argument("--topic", default="", help="Lĩnh vực hoặc chuyên đề (với mẫu cần điền).")
    new.add_argument("--title", help="Trích yếu (thay cho trích yếu của mẫu).")
    new.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
    new.set_defaults(func=cmd_new)

    sh = verb(verbs, "show", help="In nội dung một kế hoạch (có đánh số).", description="In một kế hoạch.")
    sh.add_argument("plan", type=int, help="Mã kế hoạch.")
    sh.add_argument("--json", action="store_true", help="In toàn bộ kế hoạch dạng JSON (định dạng kehoach.plan/1).")
    sh.set_defaults(func=cmd_show)

    rn = verb(
        verbs,
        "renumber",
        help="Đánh số lại một kế hoạch nhập vào (bỏ số thứ tự giữ theo văn bản gốc).",
        description="Kế hoạch nhập vào giữ nguyên số thứ tự như văn bản gốc («(1)», «1.» lặp lại…). "
        "Lệnh này đánh số lại mọi mục theo kiểu đánh số của kế hoạch.",
    )
    rn.add_argument("plan", type=int, help="Mã kế hoạch.")
    rn.set_defaults(func=cmd_renumber)

    iss = verb(
        verbs,
        "issue",
        help="Ban hành một kế hoạch: cho số, ngày và khóa lại (không hoàn tác được).",
        description="Ban hành kế hoạch như nút «Ban hành» trong cửa sổ: cho số (mặc định số kế tiếp còn trống, "
        "ví dụ 12-KH/ĐU), ngày ban hành (mặc định hôm nay) rồi khóa kế hoạch. Trước khi ban hành, kế hoạch được "
        "kiểm tra như khi ký; còn lỗi thì không ban hành, trừ khi ghi --ignore-errors. Muốn sửa kế hoạch đã "
        "ban hành, hãy lập bản sửa đổi, bổ sung.",
    )
    iss.add_argument("plan", type=int, metavar="MÃ", help="Mã kế hoạch (xem «plans list»).")
    iss.add_argument("--number", metavar="SỐ", help="Số kế hoạch, ví dụ 12-KH/ĐU (mặc định: số kế tiếp còn trống).")
    iss.add_argument("--date", metavar="NGÀY", help="Ngày ban hành, ví dụ 03/12/2026 (mặc định: hôm nay).")
    iss.add_argument(
        "--ignore-errors", action="store_true", help="Vẫn ban hành khi phần kiểm tra trước khi ký còn báo lỗi."
    )
    iss.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
    iss.set_defaults(func=cmd_issue)

    from .derive import register_verbs  # plans derive (issue 15)

    register_verbs(verbs)


def cmd_list(args: argparse.Namespace) -> int:
    db = open_db(args, read_only=True)
    rows = [
        {
            "id": r["id"],
            "number": r["number"] or "",
            "title": r["title"],
            "status": r["status"],
            "status_name": PLAN_STATUSES.get(r["status"], r["status"]),
            "year": r["year"],
            "date": r["plan_date"],
        }
        for r in plans.list_rows(db)
    ]
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"[{r['id']}] {r['number'] or '(chưa có số)':14} {r['status_name']:12} {r['title']}")
        if not rows:
            print("Chưa có kế hoạch nào.")
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    items = [
        {"id": t.id, "name": t.name, "description": t.description, "needs_topic": t.needs_topic}
        for t in load_templates()
    ]
    if args.json:
        print_json(items)
    else:
        for t in items:
            print(f"{t['id']:20} {t['name']} — {t['description']}")
    return 0


def cmd_renumber(args: argparse.Namespace) -> int:
    from ..store.plan_ops import RenumberPlan

    db = open_db(args)
    if plans.get_row(db, args.plan) is None:
        raise CliError(f"Không có kế hoạch mã {args.plan}. Xem danh sách bằng «kehoach plans list».")
    if not plans.has_source_labels(db, args.plan):
        print("Kế hoạch này đã được đánh số tự động; không có gì phải đánh số lại.")
        return 0
    UndoStack(db).push(RenumberPlan(args.plan))
    print(f"Đã đánh số lại kế hoạch [{args.plan}].")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    db = open_db(args, must_exist=False)
    try:
        template = get_template(args.template)
    except LookupError as exc:
        raise CliError(str(exc)) from None
    if template.needs_topic and not args.topic:
        raise CliError(f"Mẫu «{template.name}» cần --topic (ví dụ: {template.topic_hint}).")
    cmd = CreatePlan(template, profile.load(db), year=args.year, topic=args.topic, title=args.title or "")
    UndoStack(db).push(cmd)
    assert cmd.plan_id is not None  # set by the push
    row = plans.get_row(db, cmd.plan_id)
    if args.json:
        print_json({"id": cmd.plan_id, "title": row["title"], "status": row["status"]})
    else:
        print(f"Đã tạo kế hoạch [{cmd.plan_id}] «{row['title']}» (dự thảo).")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from ..core.dates import format_place_date
    from ..core.numbers import format_number_line

    db = open_db(args, read_only=True)
    try:
        doc = plans.load_document(db, args.plan)
    except LookupError as exc:
        raise CliError(str(exc)) from None
    if getattr(args, "json", False):
        from ..store.plan_json import plan_json

        print_json(plan_json(db, args.plan))
        return 0
    print(doc.superior_body)
    print(doc.issuer_body)
    print(format_number_line(doc.number, doc.type_code, doc.issuer_code))
    print(format_place_date(doc.place, doc.date))
    print(doc.doc_type.upper())
    print(doc.title)
    if doc.basis:
        print(doc.basis)

    def show(nodes, depth: int) -> None:
        for n in nodes:
            label = f"{n.label} " if n.label else ""
            print(f"{'  ' * depth}{label}{n.text}")
            show(n.children, depth + 1)

    show(doc.sections, 0)
    if doc.closing:
        print(doc.closing)
    print("Nơi nhận:")
    for r in doc.recipients:
        print(f"- {r}")
    for line in (doc.signature.authority, doc.signature.title, doc.signature.name):
        if line:
            print(line)
    return 0


def cmd_issue(args: argparse.Namespace) -> int:
    import datetime as dt

    from ..core.dates import format_short
    from ..store.plan_ops import IssuePlan
    from .common import date_arg

    day = date_arg(args.date) or dt.date.today()
    db = open_db(args)
    try:
        try:
            row = plans.get_row(db, args.plan)
        except LookupError:
            row = None
        if row is None:
            raise CliError(f"Không có kế hoạch mã {args.plan}. Xem các mã bằng «plans list».")
        if row["status"] == "issued":
            raise CliError(
                f"Kế hoạch này đã ban hành rồi (số {row['number']}). Muốn sửa, hãy lập bản sửa đổi, bổ sung."
            )
        errors = [f.message for f in plans.check(db, args.plan, as_of=day) if f.severity == "error"]
        if errors and not args.ignore_errors:
            lines = "\n".join(f"  - {m}" for m in errors)
            raise CliError(
                f"Kế hoạch còn {len(errors)} lỗi (kiểm tra trước khi ký, tính theo ngày {format_short(day)}):\n"
                f"{lines}\nHãy sửa rồi ban hành; nếu vẫn ban hành, chạy lại với --ignore-errors."
            )
        cmd = IssuePlan(args.plan, args.number, day)
        try:
            UndoStack(db).push(cmd)
        except (plans.PlanLocked, ValueError) as exc:
            raise CliError(str(exc)) from None
    finally:
        db.close()
    if args.json:
        print_json({"plan": args.plan, "number": cmd.number, "date": day.isoformat(), "ignored_errors": errors})
    else:
        print(f"Đã ban hành kế hoạch số {cmd.number}, ngày {format_short(day)}.")
    return 0
