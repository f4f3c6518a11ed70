"""``kehoach import FILE|FOLDER --db DB [--as-directive]``: store documents as plans or registry entries."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..importer import ImportFailure
from ..importer.folder import import_paths
from ..importer.persist import SaveOptions
from ..store.directives import ensure_levels
from . import db_option
from .common import CliError, open_db, print_json

_STATUS = {"du-thao": "draft", "trinh-ky": "review", "ban-hanh": "issued"}


def register(sub) -> None:
    p = sub.add_parser(
        "import",
        help="Nhập văn bản (.docx/.txt) thành kế hoạch hoặc văn bản trong sổ.",
        description="Nhập một tệp hoặc mọi tệp .docx/.txt trong một thư mục.\n"
        "Mặc định: lưu thành kế hoạch (Đã ban hành nếu có số và ngày, "
        "ngược lại Dự thảo), đăng ký các văn bản được trích dẫn, tạo nhiệm vụ "
        "và phân công. In mã (id) của từng kế hoạch mới.\n"
        "--as-directive: lưu vào sổ văn bản (kèm cấu trúc), in mã văn bản.",
    )
    db_option(p)
    p.add_argument("paths", nargs="+", metavar="TỆP", help="Tệp .docx/.txt hoặc thư mục.")
    p.add_argument(
        "--as-directive",
        action="store_true",
        help="Lưu vào sổ văn bản chỉ đạo (văn bản của cơ quan khác) thay vì thành kế hoạch.",
    )
    p.add_argument("--status", choices=sorted(_STATUS), help="Trạng thái kế hoạch: du-thao, trinh-ky, ban-hanh.")
    p.add_argument("--no-tasks", action="store_true", help="Không tạo nhiệm vụ từ nội dung.")
    p.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
    p.set_defaults(func=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    for path in args.paths:
        if not Path(path).exists():
            raise CliError(f"Không tìm thấy «{path}». Hãy kiểm tra lại đường dẫn.")
    options = SaveOptions(status=_STATUS.get(args.status) if args.status else None, tasks=not args.no_tasks)
    db = open_db(args, must_exist=False)
    try:
        ensure_levels(db)

        def progress(fraction: float, message: str) -> None:
            if len(args.paths) > 1 or Path(args.paths[0]).is_dir():
                print(f"[{fraction:4.0%}] {message}", file=sys.stderr)

        try:
            summary = import_paths(
                db, [Path(p) for p in args.paths], as_directive=args.as_directive, options=options, progress=progress
            )
        except ImportFailure as exc:
            raise CliError(str(exc)) from None
        if args.json:
            print_json(
                {
                    "imported": [{"file": f, "id": i} for f, i in summary.imported],
                    "failed": [{"file": f, "error": e} for f, e in summary.failed],
                    "skipped": summary.skipped,
                }
            )
        else:
            for _, new_id in summary.imported:
                print(new_id)
            for name, message in summary.failed:
                print(f"Lỗi: {name}: {message}", file=sys.stderr)
        if summary.failed and not summary.imported:
            return 1
        return 0 if not summary.failed else 3
    finally:
        db.close()
