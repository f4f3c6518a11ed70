"""``kehoach demo --db PATH``: a database filled with demo data."""

from __future__ import annotations

import argparse

from ..demo import load_demo
from . import db_option
from .common import CliError, db_path, open_db


def register(sub) -> None:
    p = sub.add_parser(
        "demo",
        help="Tạo cơ sở dữ liệu có dữ liệu mẫu.",
        description="Tạo (hoặc bổ sung) cơ sở dữ liệu với sổ văn bản mẫu và một kế hoạch mẫu.",
    )
    db_option(p, required=True)
    p.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    if not getattr(args, "db", None):
        raise CliError("Hãy chỉ ra tệp: kehoach demo --db TỆP.sqlite3", code=2)
    db = open_db(args, must_exist=False)
    try:
        plan_id = load_demo(db)
        print(f"Đã tạo dữ liệu mẫu trong «{db_path(args)}» (kế hoạch mẫu số {plan_id}).")
        return 0
    finally:
        db.close()
