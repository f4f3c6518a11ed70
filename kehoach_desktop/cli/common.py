"""Helpers shared by the subcommands: opening the database, printing JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
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


# Locks this command took; released when it ends (``release_locks`` in cli.main).
_held_locks: list = []
LOCK_WAIT_ENV = "KEHOACH_LOCK_WAIT"
DEFAULT_LOCK_WAIT = 30.0


def _lock_wait() -> float:
    try:
        return max(0.0, float(os.environ.get(LOCK_WAIT_ENV, DEFAULT_LOCK_WAIT)))
    except ValueError:
        return DEFAULT_LOCK_WAIT


def _take_writer_lock(path: Path, reading: bool):
    """The one-writer rule on the command line (issue 13).

    A write while a KeHoach window has the file open is refused at once, naming who
    holds it (the window may stay open for hours). A write while another command holds
    it waits up to ``KEHOACH_LOCK_WAIT`` seconds (30) with a progress line on stderr.
    A read (``reading``) never waits: it opens the file read-only instead. Returns the
    lock, or None when a read goes on without it.
    """
    from ..safety.lock import PROGRAM_CLI, PROGRAM_GUI, LockHeld, WriterLock

    lock = WriterLock(path, program=PROGRAM_CLI)
    try:
        return lock.acquire()
    except LockHeld as exc:
        if reading:
            return None
        holder = exc.holder
    except OSError:
        return None  # no lock file can be made here (read-only folder): opening will tell
    if holder is None:
        # The holder is between taking the lock and writing its note, or between removing
        # the note and letting go: look again in a moment rather than guess who it is.
        try:
            return lock.acquire(timeout=2.0)
        except LockHeld as exc:
            holder = exc.holder
    if holder is None or holder.program == PROGRAM_GUI:
        raise CliError(_held_message(holder, path), LOCKED_EXIT)
    shown = [False]

    def waiting(who, left: float) -> None:
        if not shown[0]:
            who_text = who.describe() if who else "một lệnh kehoach khác"
            print(f"Đang chờ {who_text} ghi xong tệp dữ liệu (tối đa {left:.0f} giây)…", file=sys.stderr, flush=True)
            shown[0] = True

    try:
        return lock.acquire(timeout=_lock_wait(), waiting=waiting)
    except LockHeld as exc:
        raise CliError(_held_message(exc.holder, path, waited=True), LOCKED_EXIT) from None


LOCKED_EXIT = 3


def _held_message(holder, path: Path, waited: bool = False) -> str:
    who = holder.describe() if holder is not None else "một chương trình KeHoach khác"
    waited_text = f" (đã chờ {_lock_wait():.0f} giây)" if waited else ""
    return (
        f"Tệp dữ liệu «{path.name}» đang được {who} mở để sửa{waited_text}, nên lệnh này không ghi gì. "
        "Hãy đóng cửa sổ KeHoach đó (hoặc chờ lệnh kia xong) rồi chạy lại; "
        "các lệnh chỉ xem (list, search, show, check) vẫn dùng được."
    )


def release_locks() -> None:
    while _held_locks:
        _held_locks.pop().release()


def open_db(
    args: argparse.Namespace, *, must_exist: bool = True, read_only: bool = False, reading: bool = False
) -> Database:
    """Open ``--db`` for a command. A command that may write takes the one-writer lock
    (see :func:`_take_writer_lock`); ``reading=True`` marks a command that only reads,
    which opens the file read-only when someone else holds the lock."""
    path = db_path(args)
    if must_exist and not path.exists():
        raise CliError(
            f"Không tìm thấy tệp dữ liệu «{path}». Hãy kiểm tra --db hoặc tạo mới bằng «kehoach demo --db {path}»."
        )
    if not read_only:
        lock = _take_writer_lock(path, reading)
        if lock is None and reading and path.exists():
            read_only = True
        elif lock is not None:
            _held_locks.append(lock)
    try:
        return open_database(path, read_only=read_only)
    except DatabaseError as exc:
        raise CliError(str(exc)) from None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def date_arg(text: str | None) -> dt.date | None:
    """A date given on the command line (18/5/2021, ISO…), None when not given; a wrong one is a
    :class:`CliError` with the Vietnamese reason."""
    from ..core.dates import DateError, parse_date

    if not text:
        return None
    try:
        return parse_date(text)
    except DateError as exc:
        raise CliError(str(exc)) from None
