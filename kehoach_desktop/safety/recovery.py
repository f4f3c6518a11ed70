"""A way out when the database cannot be opened.

``open_database`` refuses damaged files (:class:`DamagedDatabase`), files that are not
ours (:class:`NotOurDatabase`) and files from a newer version (:class:`SchemaTooNew`).
This module offers the two ways out the GUI and the command line show: open the
newest good backup, or start with an empty database. Both first move the problem
file (with its ``-wal``/``-shm``) aside under a new name, never overwriting or
deleting it, so it can still be sent for repair.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..store.db import (
    DamagedDatabase,
    Database,
    DatabaseError,
    DiskProblem,
    NotOurDatabase,
    SchemaTooNew,
    connect_read_only,
    is_foreign_schema,
    looks_like_sqlite,
    medium_writable,
    open_database,
)
from . import backup

_SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Problem:
    kind: str  # "damaged" | "not_ours" | "too_new" | "other"
    message: str  # what open_database said (Vietnamese)
    title: str  # a short heading for a dialog


def describe(error: DatabaseError) -> Problem:
    if isinstance(error, SchemaTooNew):
        return Problem("too_new", str(error), "Dữ liệu của phiên bản mới hơn")
    if isinstance(error, NotOurDatabase):
        return Problem("not_ours", str(error), "Không phải tệp dữ liệu KeHoach")
    if isinstance(error, DamagedDatabase):
        return Problem("damaged", str(error), "Tệp dữ liệu bị hỏng")
    if isinstance(error, DiskProblem):
        return Problem("disk", str(error), "Lỗi ổ đĩa chứa tệp dữ liệu")
    return Problem("other", str(error), "Không mở được tệp dữ liệu")


def newest_good_backup(db_path: Path | str) -> tuple[backup.BackupInfo, backup.BackupPreview] | None:
    """The newest automatic backup that passes its checks and this version can read."""
    for info in backup.list_backups(backup.backup_dir(db_path)):
        pv = backup.preview(info.path)
        if pv.ok:
            return info, pv
    return None


ANOTHER_PROGRAM_MESSAGE = (
    "Tệp «{name}» là cơ sở dữ liệu của một chương trình khác: KeHoach không đổi tên, không ghi đè và "
    "không sửa tệp này (chương trình kia sẽ mất dữ liệu của nó). Hãy chọn «Thoát», rồi mở đúng tệp dữ liệu "
    "KeHoach (Tệp → Mở tệp dữ liệu…) hoặc tạo tệp mới ở chỗ khác (Tệp → Tạo tệp dữ liệu mới…)."
)


def belongs_to_another_program(db_path: Path | str) -> bool:
    """A readable SQLite database with another program's tables or application id (pitfall 20).
    A file that is not readable SQLite may be ours, damaged: not this."""
    p = Path(db_path)
    try:
        if not p.is_file() or p.stat().st_size == 0 or not looks_like_sqlite(p):
            return False
        conn = connect_read_only(p)
    except (OSError, sqlite3.Error):
        return False
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        return is_foreign_schema(conn, version, app_id)
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def move_aside(db_path: Path | str, label: str = "hong") -> Path | None:
    """Rename the file and its side files to ``<name>.<label>-<time>``; returns the new main path.
    Another program's database is never renamed (the walk: «Bắt đầu dữ liệu mới» did, and called
    it damaged)."""
    p = Path(db_path)
    if not p.exists():
        return None
    if belongs_to_another_program(p):
        raise backup.BackupError(ANOTHER_PROGRAM_MESSAGE.format(name=p.name))
    if not medium_writable(p):
        raise backup.BackupError(
            f"Thư mục «{p.parent}» chỉ cho đọc (đĩa CD, USB gạt khóa ghi…), nên không thể để riêng tệp cũ "
            "hay tạo dữ liệu mới ở đó. Hãy chép tệp sang thư mục có quyền ghi (ví dụ Tài liệu) rồi mở tệp "
            "đó, hoặc chọn «Thoát»."
        )
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    n = 0
    while True:
        suffix = f".{label}-{stamp}" + (f"-{n}" if n else "")
        target = p.with_name(p.name + suffix)
        if not target.exists() and not any(Path(str(target) + s).exists() for s in _SIDE_FILES):
            break
        n += 1
    # Side files first: a -wal left behind would be replayed into the fresh database.
    for side in _SIDE_FILES:
        src = Path(str(p) + side)
        if src.exists():
            os.replace(src, Path(str(target) + side))
    os.replace(p, target)
    return target


def open_backup_instead(db_path: Path | str, chosen: Path | str | None = None) -> tuple[Database, Path | None]:
    """Keep the damaged file aside and put ``chosen`` (default: the newest good backup) in its place.

    Returns the opened database and where the damaged file went.
    """
    db_path = Path(db_path)
    if belongs_to_another_program(db_path):
        raise backup.BackupError(ANOTHER_PROGRAM_MESSAGE.format(name=db_path.name))
    if chosen is None:
        found = newest_good_backup(db_path)
        if found is None:
            raise backup.BackupError(
                "Không có bản sao lưu nào dùng được. Hãy chọn «Bắt đầu dữ liệu mới» "
                "hoặc chọn một tệp sao lưu khác (ví dụ trên USB)."
            )
        chosen = found[0].path
    pv = backup.preview(chosen)
    if not pv.ok:
        raise backup.BackupError(pv.message)
    aside = move_aside(db_path)
    backup._write_verified(Path(chosen), db_path, None, None)
    return open_database(db_path), aside


def start_fresh(db_path: Path | str) -> tuple[Database, Path | None]:
    """Keep the problem file aside and create an empty database in its place."""
    aside = move_aside(db_path)
    return open_database(db_path), aside


def try_open(db_path: Path | str) -> tuple[Database | None, Problem | None]:
    try:
        return open_database(db_path), None
    except DatabaseError as exc:
        return None, describe(exc)
