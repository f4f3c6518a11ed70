"""``kehoach directives add|list|search|show``: the registry from the command line."""

from __future__ import annotations

import argparse

from ..core.citations import parse_citation
from ..core.dates import DateError, parse_date
from ..core.numbers import NumberError, parse_number
from ..store import directives, search
from ..store.commands import UndoStack
from ..store.directive_ops import AddDirective
from . import command_group, verb
from .common import CliError, open_db, print_json


def register(sub) -> None:
    verbs = command_group(
        sub,
        "directives",
        help="Sổ văn bản chỉ đạo: thêm, liệt kê, tìm, xem.",
        description="Sổ văn bản chỉ đạo của cấp trên.",
    )

    add = verb(
        verbs,
        "add",
        help="Thêm văn bản (từ một trích dẫn hoặc từng trường).",
        description="Thêm văn bản. Có thể dán cả trích dẫn, ví dụ:\n"
        '  kehoach directives add "Hướng dẫn số 73-HD/BTGTU, ngày 16/11/2023 '
        'của Ban Tuyên giáo Tỉnh ủy về …"',
    )
    add.add_argument("citation", nargs="?", help="Trích dẫn văn bản hoặc số ký hiệu.")
    add.add_argument("--type", dest="doc_type", help="Loại văn bản (Nghị quyết, Chỉ thị, …).")
    add.add_argument("--number", help="Số ký hiệu, ví dụ 73-HD/BTGTU.")
    add.add_argument("--date", help="Ngày ban hành, ví dụ 16/11/2023.")
    add.add_argument("--issuer", help="Cơ quan ban hành.")
    add.add_argument("--summary", help="Trích yếu.")
    add.add_argument("--level", help="Cấp: Trung ương, Tỉnh, Xã, Huyện (văn bản trước 01/7/2025), Nội bộ.")
    add.add_argument("--security", choices=["thường", "mật", "tối mật", "tuyệt mật"], help="Độ mật.")
    add.add_argument(
        "--implements",
        action="append",
        default=[],
        metavar="SỐ",
        help="Số ký hiệu văn bản mà văn bản này thực hiện (lặp lại được).",
    )
    add.add_argument("--due", help="Hạn cụ thể hóa (ngày/tháng/năm).")
    add.add_argument("--notes", help="Ghi chú.")
    add.add_argument("--attach", help="Tệp gốc đính kèm (PDF, DOCX, ảnh).")
    add.add_argument("--force", action="store_true", help="Vẫn thêm khi số đã có trong sổ.")
    add.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
    add.set_defaults(func=cmd_add)

    ls = verb(verbs, "list", help="Liệt kê các văn bản.", description="Liệt kê các văn bản trong sổ.")
    ls.add_argument("--json", action="store_true", help="In dạng JSON.")
    ls.set_defaults(func=cmd_list)

    se = verb(
        verbs,
        "search",
        help="Tìm văn bản (có dấu hoặc không dấu).",
        description="Tìm theo số, trích yếu, ghi chú; gõ có dấu hay không dấu đều được.",
    )
    se.add_argument("query", help="Từ cần tìm.")
    se.add_argument("--limit", type=int, default=50, help="Số kết quả tối đa.")
    se.add_argument("--json", action="store_true", help="In dạng JSON.")
    se.set_defaults(func=cmd_search)

    sh = verb(verbs, "show", help="Xem một văn bản.", description="Xem một văn bản theo mã hoặc số ký hiệu.")
    sh.add_argument("ref", help="Mã (id) hoặc số ký hiệu.")
    sh.add_argument("--json", action="store_true", help="In dạng JSON.")
    sh.set_defaults(func=cmd_show)


def _resolve(db, ref: str) -> int:
    if ref.isdigit() and directives.get_row(db, int(ref)) is not None:
        return int(ref)
    rows = directives.find_by_number(db, ref)
    if not rows:
        raise CliError(f"Không có văn bản «{ref}» trong sổ.")
    return int(rows[0]["id"])


def _line(d) -> str:
    date = d.issued_on.strftime("%d/%m/%Y") if d.issued_on else "—"
    return f"[{d.id}] {d.doc_type} {d.number} ngày {date} — {d.issuer}: {d.summary}"


def cmd_add(args: argparse.Namespace) -> int:
    data: dict = {}
    warnings: list[str] = []
    if args.citation:
        cite = parse_citation(args.citation)
        if cite is None:
            raise CliError(
                "Không nhận ra trích dẫn. Ví dụ: «Hướng dẫn số 73-HD/BTGTU, ngày 16/11/2023 của Ban Tuyên giáo Tỉnh ủy về …»."
            )
        data = directives.from_citation(cite)
    try:
        if args.doc_type:
            data["doc_type"] = args.doc_type
        if args.number:
            data["number"] = parse_number(args.number).format()
            if "doc_type" not in data:
                data["doc_type"] = parse_number(args.number).type_name or "Văn bản"
        if args.date:
            data["issued_on"] = parse_date(args.date)
        if args.due:
            data["implement_due"] = parse_date(args.due)
    except (DateError, NumberError) as exc:
        raise CliError(str(exc)) from None
    for key in ("issuer", "summary", "level", "security", "notes"):
        value = getattr(args, key)
        if value:
            data[key] = value
    if args.attach:
        data["attachment_path"] = args.attach
    if not data.get("doc_type"):
        raise CliError("Thiếu loại văn bản: dán một trích dẫn hoặc dùng --type/--number.")
    db = open_db(args, must_exist=False)
    try:
        directives.ensure_levels(db)
        if data.get("number"):
            from ..core.citations import Citation

            cite = Citation(data["doc_type"], data["number"], data.get("issued_on"), data.get("issuer", ""))
            warnings = directives.conflicts(db, cite)
            if warnings and not args.force:
                raise CliError("\n".join(warnings) + "\nDùng --force nếu vẫn muốn thêm.")
        parents = []
        for ref in args.implements:
            parents.append(_resolve(db, ref))
        data["parent_ids"] = parents
        command = AddDirective(data)
        UndoStack(db).push(command)
        doc = _get(db, command.id)
        if args.json:
            print_json({**directives.to_json(doc), "warnings": warnings})
        else:
            print(_line(doc))
        return 0
    except directives.RegistryError as exc:
        raise CliError(str(exc)) from None
    finally:
        db.close()


def cmd_list(args: argparse.Namespace) -> int:
    db = open_db(args, reading=True)
    try:
        docs = [_get(db, r["id"]) for r in directives.list_rows(db)]
        if args.json:
            print_json([directives.to_json(d) for d in docs])
        else:
            for d in docs:
                print(_line(d))
        return 0
    finally:
        db.close()


def cmd_search(args: argparse.Namespace) -> int:
    db = open_db(args, reading=True)
    try:
        ids = search.search_directives(db, args.query, limit=args.limit)
        docs = [_get(db, i) for i in ids]
        if args.json:
            print_json([directives.to_json(d) for d in docs])
        else:
            for d in docs:
                print(_line(d))
            if not docs:
                print("Không tìm thấy văn bản nào.")
        return 0
    finally:
        db.close()


def _get(db, directive_id: int | None) -> directives.Directive:
    doc = directives.get(db, directive_id) if directive_id is not None else None
    if doc is None:
        raise CliError("Văn bản này không còn trong sổ (có thể vừa bị xóa); hãy xem lại bằng «directives list».")
    return doc


def cmd_show(args: argparse.Namespace) -> int:
    db = open_db(args, reading=True)
    try:
        doc = _get(db, _resolve(db, args.ref))
        if args.json:
            print_json(directives.to_json(doc))
        else:
            print(_line(doc))
            if doc.level:
                print(f"Cấp: {doc.level}")
            print(f"Độ mật: {doc.security}")
            if doc.implement_due:
                print(f"Hạn cụ thể hóa: {doc.implement_due.strftime('%d/%m/%Y')}")
            for pid in doc.parent_ids:
                parent = _get(db, pid)
                print(f"Thực hiện: {parent.doc_type} {parent.number}")
            if doc.notes:
                print(f"Ghi chú: {doc.notes}")
        return 0
    finally:
        db.close()
