"""``kehoach import FILE|FOLDER --db DB [--as-directive | --as-plan] [--again]``: store documents as
plans or registry entries.

Without a flag each document goes where its issuer says (issue 16): another body's
document into the registry, ours among our plans (:func:`importer.protect.import_target`);
a file imported before is skipped with a warning unless ``--again``."""

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
        help="Nhập văn bản (.docx/.pdf/ảnh quét/.txt) thành kế hoạch hoặc văn bản trong sổ.",
        description="Nhập một tệp hoặc mọi tệp .docx/.pdf/.txt/ảnh quét trong một thư mục.\n"
        "Mặc định mỗi văn bản đi theo cơ quan ban hành: văn bản của cơ quan khác (cấp trên) vào sổ "
        "văn bản (kèm cấu trúc); văn bản của cơ quan mình thành kế hoạch (Đã ban hành nếu có số và "
        "ngày, ngược lại Dự thảo), kèm nhiệm vụ và phân công. Khi chưa khai báo cơ quan của mình, "
        "văn bản có cơ quan ban hành khác mọi kế hoạch đã có được lưu vào sổ. In mã (id) của từng "
        "văn bản mới; nơi lưu và lý do in ra luồng lỗi chuẩn. Tệp đã nhập trước đây (cùng nội dung) "
        "được bỏ qua kèm cảnh báo. Tệp gốc được giữ kèm theo.",
    )
    db_option(p)
    p.add_argument(
        "paths", nargs="+", metavar="TỆP", help="Tệp .docx, .pdf, .txt, ảnh quét (.png, .jpg, .tif) hoặc thư mục."
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--as-directive",
        action="store_true",
        help="Lưu vào sổ văn bản (văn bản của cơ quan khác), dù cơ quan ban hành là gì.",
    )
    where.add_argument(
        "--as-plan",
        action="store_true",
        help="Lưu thành kế hoạch của cơ quan mình, dù cơ quan ban hành là cơ quan khác.",
    )
    p.add_argument("--again", action="store_true", help="Nhập cả tệp đã nhập trước đây (tạo bản trùng).")
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
            as_directive = True if args.as_directive else False if args.as_plan else None
            summary = import_paths(
                db,
                [Path(p) for p in args.paths],
                as_directive=as_directive,
                options=options,
                progress=progress,
                again=args.again,
            )
        except ImportFailure as exc:
            raise CliError(str(exc)) from None
        if args.json:
            print_json(
                {
                    "imported": [
                        {"file": f, "id": i, "as": k, "reason": why or None}
                        for (f, i), k, (_, why) in zip(summary.imported, summary.kinds, summary.notes)
                    ],
                    "duplicates": [{"file": f, "imported_before": w} for f, w in summary.duplicates],
                    "failed": [{"file": f, "error": e} for f, e in summary.failed],
                    "skipped": summary.skipped,
                }
            )
        else:
            for (name, new_id), kind, (_, why) in zip(summary.imported, summary.kinds, summary.notes):
                print(new_id)
                where = "sổ văn bản" if kind == "directive" else "kế hoạch"
                hint = ""
                if why and kind == "directive":
                    hint = " Dùng --as-plan nếu đây là kế hoạch của cơ quan mình."
                elif why:
                    hint = " Dùng --as-directive nếu đây là văn bản của cơ quan khác."
                print(f"{name}: đã lưu vào {where} (mã {new_id}). {why}{hint}".rstrip(), file=sys.stderr)
            for name, where in summary.duplicates:
                print(f"Cảnh báo: {name}: {where} Đã bỏ qua; dùng --again để vẫn nhập.", file=sys.stderr)
            for name, message in summary.failed:
                print(f"Lỗi: {name}: {message}", file=sys.stderr)
        if summary.failed and not summary.imported:
            return 1
        return 0 if not summary.failed else 3
    finally:
        db.close()
