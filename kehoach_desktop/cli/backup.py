"""``kehoach backup create|list|restore``: backups from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..safety import backup
from ..safety.lock import PROGRAM_CLI, LockHeld, WriterLock
from ..store import DatabaseError, open_database
from ..store.db import connect_read_only, medium_writable
from . import command_group, verb
from .common import CliError, db_path, print_json


def register(sub) -> None:
    verbs = command_group(
        sub,
        "backup",
        help="Sao lưu và khôi phục dữ liệu.",
        description="Sao lưu (qua SQLite backup API, có kiểm tra) và khôi phục dữ liệu.",
    )

    cr = verb(
        verbs,
        "create",
        help="Tạo một bản sao lưu ngay.",
        description="Tạo bản sao lưu vào thư mục sao lưu tự động (có xoay vòng), "
        "hoặc vào thư mục chọn bằng --to (ví dụ USB).",
    )
    cr.add_argument("--to", type=Path, metavar="THƯ_MỤC", help="Sao lưu ra thư mục này (không xoay vòng).")
    cr.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
    cr.set_defaults(func=cmd_create)

    ls = verb(
        verbs,
        "list",
        help="Liệt kê các bản sao lưu và nội dung của chúng.",
        description="Liệt kê các bản sao lưu tự động, mới nhất trước.",
    )
    ls.add_argument("--json", action="store_true", help="In dạng JSON.")
    ls.set_defaults(func=cmd_list)

    rs = verb(
        verbs,
        "restore",
        help="Khôi phục từ một bản sao lưu.",
        description="Khôi phục dữ liệu từ một bản sao lưu. Dữ liệu hiện tại được sao lưu "
        "trước (lý do «truockhoiphuc»), nên luôn quay lại được.",
    )
    rs.add_argument("file", type=Path, help="Tệp sao lưu (.sqlite3), hoặc số thứ tự trong «backup list».")
    rs.add_argument("--yes", action="store_true", help="Không hỏi lại.")
    rs.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
    rs.set_defaults(func=cmd_restore)
    _register_verify(verbs)


def _register_verify(verbs) -> None:
    vf = verb(
        verbs,
        "verify",
        help="Kiểm tra toàn vẹn tệp dữ liệu hoặc một bản sao lưu.",
        description="Chạy PRAGMA integrity_check (đọc, không sửa gì) trên tệp dữ liệu (--db) hoặc trên tệp chỉ ra.",
    )
    vf.add_argument("file", nargs="?", type=Path, help="Tệp cần kiểm tra (mặc định: tệp dữ liệu --db).")
    vf.set_defaults(func=cmd_verify)


def cmd_verify(args: argparse.Namespace) -> int:
    import sqlite3

    target = args.file or db_path(args)
    if not target.exists():
        raise CliError(f"Không tìm thấy tệp «{target}».")
    pv = backup.preview(target)
    if not pv.ok:
        raise CliError(pv.message)
    conn = connect_read_only(target)  # also on read-only media (issue 13)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        rows = [str(exc)]
    finally:
        conn.close()
    if rows != ["ok"]:
        raise CliError(
            f"Tệp «{target.name}» bị hỏng: "
            + "; ".join(rows[:5])
            + ". Hãy khôi phục từ bản sao lưu gần nhất (kehoach backup list / restore)."
        )
    print(f"Tệp «{target.name}» toàn vẹn. {pv.summary()}")
    return 0


def _preview_json(pv: backup.BackupPreview) -> dict:
    return {
        "ok": pv.ok,
        "message": pv.message,
        "schema_version": pv.schema_version,
        "plans": pv.plans,
        "directives": pv.directives,
        "tasks": pv.tasks,
        "progress": pv.progress,
        "last_change": pv.last_change,
        "size": pv.size,
    }


def cmd_create(args: argparse.Namespace) -> int:
    path = db_path(args)
    if not path.exists():
        raise CliError(f"Không tìm thấy tệp dữ liệu «{path}». Hãy kiểm tra --db.")
    from ..safety.recovery import belongs_to_another_program

    if belongs_to_another_program(path):
        raise CliError(
            f"Tệp «{path.name}» là cơ sở dữ liệu của một chương trình khác, không phải tệp dữ liệu KeHoach: "
            "không sao lưu, không ghi gì. Hãy kiểm tra lại --db."
        )
    folder = args.to or backup.backup_dir(path)
    if not medium_writable(folder if folder.exists() else folder.parent):
        raise CliError(
            f"Không ghi được vào «{folder}»: ổ đĩa hoặc thư mục chỉ cho đọc (đĩa CD, USB gạt khóa ghi…). "
            "Hãy sao lưu ra một thư mục ghi được: «kehoach backup create --to THƯ_MỤC» "
            "(ví dụ thư mục Tài liệu hoặc một USB khác)."
        )
    try:
        if args.to:
            out = backup.export_backup(path, args.to)
        else:
            out = backup.create_backup(path, "thucong").path
    except backup.BackupError as exc:
        raise CliError(str(exc)) from None
    pv = backup.preview(out)
    if args.json:
        print_json({"path": str(out), **_preview_json(pv)})
    else:
        print(f"Đã sao lưu vào «{out}».\n{pv.summary()}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    path = db_path(args)
    infos = backup.list_for_restore(backup.backup_dir(path))
    rows = []
    for n, info in enumerate(infos, start=1):
        pv = backup.preview(info.path)
        rows.append((n, info, pv))
    if args.json:
        print_json(
            [
                {
                    "n": n,
                    "path": str(i.path),
                    "created": i.created.isoformat(timespec="seconds"),
                    "reason": i.reason,
                    "reason_text": i.reason_text,
                    **_preview_json(pv),
                }
                for n, i, pv in rows
            ]
        )
        return 0
    if not rows:
        print(f"Chưa có bản sao lưu nào trong «{backup.backup_dir(path)}».")
        return 0
    for n, info, pv in rows:
        print(
            f"{n:>3}. {info.created:%d/%m/%Y %H:%M:%S}  {info.reason_text:<28} {info.size / 1024:>8.0f} KB  "
            f"{pv.summary()}"
        )
    return 0


def _resolve_file(args: argparse.Namespace, path: Path) -> Path:
    raw = str(args.file)
    if raw.isdigit() and not args.file.exists():
        infos = backup.list_for_restore(backup.backup_dir(path))
        n = int(raw)
        if not 1 <= n <= len(infos):
            raise CliError(f"Không có bản sao lưu số {n}; xem danh sách bằng «kehoach backup list».")
        return infos[n - 1].path
    if not args.file.exists():
        raise CliError(f"Không tìm thấy tệp sao lưu «{args.file}».")
    return args.file


def cmd_restore(args: argparse.Namespace) -> int:
    path = db_path(args)
    chosen = _resolve_file(args, path)
    pv = backup.preview(chosen)
    if not pv.ok:
        raise CliError(pv.message)
    if not args.yes:
        print(f"Bản sao lưu «{chosen.name}»: {pv.summary()}")
        answer = input("Khôi phục bản này? Dữ liệu hiện tại sẽ được sao lưu trước. [c/K] ").strip().lower()
        if answer not in ("c", "có", "co", "y", "yes"):
            print("Đã hủy; không có gì thay đổi.")
            return 1
    try:
        with WriterLock(path, program=PROGRAM_CLI):
            safety = backup.restore_backup(chosen, path)
            try:
                open_database(path).close()  # migrate an older backup to this version's schema
            except DatabaseError as exc:
                raise CliError(str(exc)) from None
    except LockHeld as exc:
        holder = exc.holder.describe() if exc.holder else "một chương trình khác"
        raise CliError(f"Tệp dữ liệu đang được mở bởi {holder}. Hãy đóng chương trình đó rồi khôi phục.") from None
    except backup.BackupError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print_json(
            {"restored": str(chosen), "safety_backup": str(safety.path) if safety else None, **_preview_json(pv)}
        )
    else:
        print(f"Đã khôi phục từ «{chosen.name}». {pv.summary()}")
        if safety:
            print(f"Dữ liệu trước khi khôi phục được giữ ở «{safety.path}».")
    return 0
