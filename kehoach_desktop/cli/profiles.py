"""``kehoach profiles list|import``: layout profiles (mẫu trình bày), issue 17."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..export.layout_profile import DEFAULT_PROFILE, ProfileError, available_profiles, import_profile
from .common import CliError, print_json


def register(sub) -> None:
    p = sub.add_parser(
        "profiles",
        help="Mẫu trình bày: liệt kê, nạp tệp mẫu làm từ văn bản gốc.",
        description="Mẫu trình bày (lề, cỡ chữ, phần đầu, chữ ký…). Mặc định: party_36HD (đã đối chiếu). "
        "party_05HD là mẫu theo Hướng dẫn 05-HD/VPTW (2026) dựng từ nguồn thứ cấp, chưa đối chiếu bản gốc. "
        "«import» nạp một tệp mẫu (JSON, định dạng trong resources/profiles/README.md) vào thư mục dữ liệu.",
    )
    verbs = p.add_subparsers(dest="verb", required=True)
    ls = verbs.add_parser("list", help="Liệt kê các mẫu.")
    ls.add_argument("--json", action="store_true", help="In dạng JSON.")
    ls.set_defaults(func=cmd_list)
    imp = verbs.add_parser("import", help="Nạp một tệp mẫu trình bày.")
    imp.add_argument("file", type=Path, metavar="TỆP", help="Tệp mẫu .json.")
    imp.set_defaults(func=cmd_import)


def cmd_list(args: argparse.Namespace) -> int:
    rows = [
        {"id": p.id, "name": p.name, "style": p.style, "default": p.id == DEFAULT_PROFILE} for p in available_profiles()
    ]
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['id']:<14} {'(mặc định) ' if r['default'] else ''}{r['name']}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    try:
        prof = import_profile(args.file)
    except ProfileError as exc:
        raise CliError(str(exc)) from None
    print(f"Đã nạp mẫu «{prof.id}»: {prof.name}. Chọn mẫu này khi xuất: --profile {prof.id}.")
    return 0
