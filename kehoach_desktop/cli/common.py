"""Helpers shared by the subcommands: opening the database, printing JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..paths import default_db_path
from ..store import Database, DatabaseError, open_database


class CliError(Exception):
    """An error for the user: printed on stderr, exit code ``code``."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def db_path(args: argparse.Namespace) -> Path:
    path = getattr(args, "db", None)
    return Path(path) if path else default_db_path(getattr(args, "portable", False))


def open_db(args: argparse.Namespace, *, must_exist: bool = True, read_only: bool = False) -> Database:
    path = db_path(args)
    if must_exist and not path.exists():
        raise CliError(
            f"Không tìm thấy tệp dữ liệu «{path}». Hãy kiểm tra --db hoặc tạo mới bằng «kehoach demo --db {path}»."
        )
    try:
        return open_database(path, read_only=read_only)
    except DatabaseError as exc:
        raise CliError(str(exc)) from None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
