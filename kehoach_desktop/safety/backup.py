"""Backups through the SQLite backup API (pitfall 16: never a file copy of a live database).

A backup is written to a hidden temp file beside its final name, checked with
``PRAGMA integrity_check``, flushed to disk and only then renamed into place; rotation
runs after that, so a failed or interrupted backup never costs an older good one.
Automatic backups (start-up, close) live in :func:`backup_dir` and are rotated
(7 daily, 4 weekly, 12 monthly, bounded total size); "Sao lưu ra…" writes one file
to any folder and is never rotated. Restoring first backs up the current state,
then copies the backup *into* the live file with the backup API (one transaction
on the destination, so a crash mid-restore leaves the old content).

Everything here is Qt-free; long operations take ``progress(fraction, message)`` and
``abort()`` callables so the GUI can run them on a worker with a cancel button.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..core import oserrors
from ..store import schema
from ..store.db import connect_read_only, is_foreign_schema, looks_like_sqlite
from .switches import NO_BACKUP_ENV, automatic_backups_disabled  # noqa: F401  (their old home)

Progress = Callable[[float, str], None]
Abort = Callable[[], bool]

KEEP_LAST = 3
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
_STEP_PAGES = 2048

REASONS = {
    "khoidong": "Khi mở chương trình",
    "dong": "Khi đóng chương trình",
    "thucong": "Sao lưu thủ công",
    "truockhoiphuc": "Trước khi khôi phục",
    "truocnangcap": "Trước khi nâng cấp dữ liệu",
    "xuat": "Sao lưu ra ngoài",
    "hong": "Tệp hỏng để riêng",
}
_NAME_RE = re.compile(r"^(?P<stem>.+)_(?P<stamp>\d{4}-\d{2}-\d{2}_\d{6})(?:-(?P<n>\d+))?_(?P<reason>[a-z]+)\.sqlite3$")


class BackupError(Exception):
    """A backup or restore that did not happen; ``str()`` is a Vietnamese message."""


class BackupCancelled(BackupError):
    def __init__(self) -> None:
        super().__init__("Đã hủy sao lưu; không có gì thay đổi.")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: dt.datetime
    reason: str
    size: int
    seq: int = 0  # the "-n" of a second backup made within the same second

    @property
    def reason_text(self) -> str:
        return REASONS.get(self.reason, self.reason)


@dataclass(frozen=True)
class BackupPreview:
    """What a backup holds, read from the backup file itself."""

    path: Path
    ok: bool
    message: str  # why it cannot be used, when not ok
    schema_version: int = 0
    plans: int = 0
    directives: int = 0
    tasks: int = 0
    progress: int = 0
    last_change: str | None = None
    size: int = 0

    def summary(self) -> str:
        if not self.ok:
            return self.message
        last = _human_time(self.last_change) if self.last_change else "không rõ"
        return (
            f"{self.plans} kế hoạch, {self.directives} văn bản, {self.tasks} nhiệm vụ, "
            f"{self.progress} báo cáo tiến độ; thay đổi lần cuối: {last}."
        )


# -- where -------------------------------------------------------------------------------
def backup_dir(db_path: Path | str) -> Path:
    """Automatic backups of ``kehoach.sqlite3`` go to ``kehoach.backups/`` beside it."""
    p = Path(db_path)
    return p.with_name(p.stem + ".backups")


# -- the copy itself ---------------------------------------------------------------------
def _ro_connect(path: Path) -> sqlite3.Connection:
    conn = connect_read_only(path)  # works on read-only media too (issue 13)
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def _fsync_file(path: Path) -> None:
    # Read-write: Windows' _commit refuses a read-only handle.
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows; NTFS journals renames
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def quick_check(path: Path) -> str:
    """``"ok"`` or what SQLite says is wrong with the file."""
    try:
        conn = _ro_connect(path)
        try:
            return str(conn.execute("PRAGMA quick_check").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)


def _copy(source: Path | sqlite3.Connection, target: Path, progress: Progress | None, abort: Abort | None) -> None:
    """Backup-API copy of ``source`` (a path or an open connection) into a new file ``target``."""
    own = not isinstance(source, sqlite3.Connection)
    src = source if isinstance(source, sqlite3.Connection) else _ro_connect(Path(source))
    dst = sqlite3.connect(target, isolation_level=None)
    try:

        def step(status: int, remaining: int, total: int) -> None:
            if abort is not None and abort():
                raise BackupCancelled()
            if progress is not None and total:
                progress(0.05 + 0.8 * (total - remaining) / total, "Đang sao lưu…")

        src.backup(dst, pages=_STEP_PAGES, progress=step, sleep=0)
        # A self-contained file: no -wal beside a backup.
        dst.execute("PRAGMA journal_mode = DELETE")
    finally:
        dst.close()
        if own:
            src.close()


class SourceDamaged(BackupError):
    """The file being backed up is itself damaged: its copy fails the integrity check."""


def integrity_check(path: Path) -> str:
    """``"ok"`` or what ``PRAGMA integrity_check`` finds wrong (the full check, not quick_check)."""
    try:
        conn = _ro_connect(path)
        try:
            rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(20)").fetchall()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "ok" if rows == ["ok"] else "; ".join(rows[:5])


def _damaged_text(text: str) -> bool:
    text = text.lower()
    return any(k in text for k in ("malformed", "not a database", "corrupt", "integrity", "out of order", "page"))


def _failure_message(exc: BaseException, folder: Path) -> str:
    """Why a backup could not be written, told by its cause (never a guess at disk space)."""
    if isinstance(exc, OSError):
        return f"Không sao lưu được vào «{folder}»: {oserrors.describe(exc)}"
    text = str(exc).lower()
    if "full" in text:
        return f"Ổ đĩa chứa «{folder}» đã đầy, không sao lưu được; bản cũ được giữ nguyên. Hãy xóa bớt tệp rồi thử lại."
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return (
            f"Không ghi được vào thư mục «{folder}» (chỉ cho đọc hoặc không có quyền). "
            "Hãy chọn thư mục khác, ví dụ Tài liệu hoặc một USB không khóa ghi."
        )
    return f"Không sao lưu được vào «{folder}» ({exc}). Hãy thử lại; nếu vẫn lỗi, hãy chọn thư mục khác."


def _check_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise BackupError(
            f"«{folder}» là một tệp, không phải thư mục sao lưu, nên không sao lưu được. "
            "Hãy đổi tên hoặc chuyển tệp đó đi (chương trình sẽ tạo lại thư mục) rồi sao lưu lại."
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(_failure_message(exc, folder)) from exc


def _write_verified(
    source: Path | sqlite3.Connection, final: Path, progress: Progress | None, abort: Abort | None
) -> None:
    _check_folder(final.parent)
    tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    _remove_temp(tmp)
    try:
        _copy(source, tmp, progress, abort)
        if progress:
            progress(0.9, "Đang kiểm tra bản sao lưu…")
        result = integrity_check(tmp)
        if result != "ok":
            # The copy is page for page what the source holds: the source is damaged.
            raise SourceDamaged(
                f"Tệp dữ liệu hiện tại bị hỏng ({result}), nên bản sao của nó không dùng được; "
                "các bản sao lưu cũ được giữ nguyên. Hãy khôi phục từ một bản sao lưu còn tốt "
                "(Tệp → Khôi phục hoặc «kehoach backup restore»)."
            )
        _fsync_file(tmp)
        os.replace(tmp, final)
        _fsync_dir(final.parent)
    except BackupError:
        _remove_temp(tmp)
        raise
    except sqlite3.DatabaseError as exc:
        _remove_temp(tmp)
        if _damaged_text(str(exc)) and "full" not in str(exc).lower():
            raise SourceDamaged(
                f"Tệp dữ liệu hiện tại bị hỏng ({exc}), nên không sao lưu được; các bản sao lưu cũ được "
                "giữ nguyên. Hãy khôi phục từ một bản sao lưu còn tốt."
            ) from exc
        raise BackupError(_failure_message(exc, final.parent)) from exc
    except (sqlite3.Error, OSError) as exc:
        _remove_temp(tmp)
        raise BackupError(_failure_message(exc, final.parent)) from exc


def _remove_temp(tmp: Path) -> None:
    """A temp copy and the journal files SQLite may have left beside it."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        _remove_quietly(Path(str(tmp) + suffix))


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        pass


def _stamp(now: dt.datetime) -> str:
    return now.strftime("%Y-%m-%d_%H%M%S")


def _free_name(folder: Path, stem: str, now: dt.datetime, reason: str) -> Path:
    """A new name that sorts after every backup made in the same second (the counter
    only grows, even when rotation removed some of them)."""
    base = f"{stem}_{_stamp(now)}"
    seqs = (
        [
            info.seq
            for p in folder.glob(f"{glob_escape(base)}*.sqlite3")
            if (info := parse_name(p)) is not None and p.name.startswith(base)
        ]
        if folder.is_dir()
        else []
    )
    if not seqs:
        return folder / f"{base}_{reason}.sqlite3"
    return folder / f"{base}-{max(seqs) + 1}_{reason}.sqlite3"


def glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


# -- public operations --------------------------------------------------------------------
def create_backup(
    db_path: Path | str,
    reason: str = "thucong",
    *,
    folder: Path | None = None,
    source: sqlite3.Connection | None = None,
    now: dt.datetime | None = None,
    rotate: bool = True,
    progress: Progress | None = None,
    abort: Abort | None = None,
) -> BackupInfo:
    """Back up ``db_path`` into its backup folder (or ``folder``), verify, then rotate.

    ``source`` may be the application's own open connection (its uncommitted work is
    not included: the backup API copies committed pages only).
    """
    db_path = Path(db_path)
    if source is None and not db_path.exists():
        raise BackupError(f"Không tìm thấy tệp dữ liệu «{db_path}».")
    folder = Path(folder) if folder is not None else backup_dir(db_path)
    now = now or dt.datetime.now()
    final = _free_name(folder, db_path.stem, now, reason)
    _clean_stale_temps(folder)
    _write_verified(source if source is not None else db_path, final, progress, abort)
    if rotate:
        if progress:
            progress(0.97, "Đang dọn các bản sao lưu cũ…")
        rotate_backups(folder, keep=final)
    if progress:
        progress(1.0, "Đã sao lưu.")
    return parse_name(final) or BackupInfo(final, now, reason, final.stat().st_size)


def export_backup(
    db_path: Path | str,
    folder: Path | str,
    *,
    source: sqlite3.Connection | None = None,
    progress: Progress | None = None,
    abort: Abort | None = None,
) -> Path:
    """ "Sao lưu ra…": one verified copy in a chosen folder (a USB stick), never rotated."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BackupError(f"Không tìm thấy thư mục «{folder}». Hãy chọn thư mục khác hoặc cắm lại USB.")
    info = create_backup(db_path, "xuat", folder=folder, source=source, rotate=False, progress=progress, abort=abort)
    return info.path


_TEMP_SIDE = ("-journal", "-wal", "-shm")


def _clean_stale_temps(folder: Path, name: str | None = None) -> None:
    """Temp files (and their -journal/-wal/-shm) left by a backup or restore that was killed
    half-way; not those of one another running process is writing right now: the pid is
    in the name."""
    from .lock import pid_alive

    if not folder.is_dir():
        return
    pattern = f".{glob_escape(name)}.*.tmp*" if name else ".*.tmp*"  # beside the data file: only ours
    for p in folder.glob(pattern):
        name = p.name
        for suffix in _TEMP_SIDE:
            if name.endswith(suffix):
                name = name[: -len(suffix)]
                break
        parts = name.rsplit(".", 2)
        if len(parts) != 3 or parts[2] != "tmp" or not parts[1].isdigit():
            continue
        pid = int(parts[1])
        if pid != os.getpid() and pid_alive(pid):
            continue
        _remove_quietly(p)


def parse_name(path: Path) -> BackupInfo | None:
    m = _NAME_RE.match(path.name)
    if not m:
        return None
    try:
        created = dt.datetime.strptime(m["stamp"], "%Y-%m-%d_%H%M%S")
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupInfo(path, created, m["reason"], size, int(m["n"] or 0))


def list_backups(folder: Path | str) -> list[BackupInfo]:
    """Backups in ``folder`` (our naming only), newest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = [info for p in folder.glob("*.sqlite3") if (info := parse_name(p)) is not None]
    return sorted(found, key=_order, reverse=True)


def _order(i: BackupInfo) -> tuple:
    """Newest last: the time in the name, its same-second counter, then the file time."""
    try:
        mtime = i.path.stat().st_mtime_ns
    except OSError:
        mtime = 0
    return (i.created, i.seq, mtime, i.path.name)


def select_kept(
    backups: Iterable[BackupInfo],
    *,
    keep_last: int = KEEP_LAST,
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    monthly: int = KEEP_MONTHLY,
    max_total_bytes: int = MAX_TOTAL_BYTES,
) -> list[BackupInfo]:
    """Grandfather-father-son: the newest of each of the last ``daily`` days, ``weekly``
    ISO weeks and ``monthly`` months that have backups, plus the ``keep_last`` newest;
    then the oldest are dropped until the total fits ``max_total_bytes`` (the newest stays)."""
    ordered = sorted(backups, key=_order, reverse=True)
    keep: dict[Path, BackupInfo] = {b.path: b for b in ordered[:keep_last]}
    for bucket, count in (
        (lambda d: d.date(), daily),
        (lambda d: tuple(d.isocalendar()[:2]), weekly),
        (lambda d: (d.year, d.month), monthly),
    ):
        seen: list = []
        for b in ordered:
            key = bucket(b.created)
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            keep[b.path] = b
    kept = sorted(keep.values(), key=_order, reverse=True)
    total = sum(b.size for b in kept)
    while len(kept) > 1 and total > max_total_bytes:
        total -= kept.pop().size
    return kept


# Backups made just before a restore hold the data that was live then: kept out of
# rotation until the user deletes them, and listed first where one picks a backup.
PROTECTED_REASONS = ("truockhoiphuc",)


def list_for_restore(folder: Path | str) -> list[BackupInfo]:
    """The restore list: pre-restore backups first (newest first), then the rest, newest first."""
    backups = list_backups(folder)
    return [b for b in backups if b.reason in PROTECTED_REASONS] + [
        b for b in backups if b.reason not in PROTECTED_REASONS
    ]


def rotate_backups(folder: Path | str, *, keep: Path | None = None, **policy) -> list[Path]:
    """Delete backups the policy no longer keeps (never a pre-restore one); returns what was deleted."""
    backups = [b for b in list_backups(folder) if b.reason not in PROTECTED_REASONS]
    kept = {b.path for b in select_kept(backups, **policy)}
    if keep is not None:
        kept.add(keep)
    removed = []
    for b in backups:
        if b.path not in kept:
            _remove_quietly(b.path)
            removed.append(b.path)
    return removed


# -- what a backup holds ---------------------------------------------------------------------
def _count(conn: sqlite3.Connection, table: str) -> int:
    try:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def last_change(conn: sqlite3.Connection) -> str | None:
    parts = []
    for sql in (
        "SELECT MAX(at) FROM audit_log",
        "SELECT MAX(updated_at) FROM plans",
        "SELECT MAX(updated_at) FROM directives",
        "SELECT MAX(updated_at) FROM tasks",
        "SELECT MAX(recorded_at) FROM progress",
    ):
        try:
            value = conn.execute(sql).fetchone()[0]
        except sqlite3.OperationalError:
            continue
        if value:
            parts.append(str(value))
    return max(parts) if parts else None


def preview(path: Path | str) -> BackupPreview:
    """Open a backup read-only, check it and count what it holds."""
    p = Path(path)
    try:
        size = p.stat().st_size
        # looks_like_sqlite never opens a file this process has open (issue 13).
        if size == 0 or not looks_like_sqlite(p):
            return BackupPreview(p, False, f"«{p.name}» không phải tệp dữ liệu KeHoach.", size=size)
        conn = _ro_connect(p)
    except (OSError, sqlite3.Error) as exc:
        return BackupPreview(p, False, f"Không đọc được «{p.name}»: {exc}.")
    try:
        check = str(conn.execute("PRAGMA quick_check").fetchone()[0])
        if check != "ok":
            return BackupPreview(p, False, f"Bản sao lưu «{p.name}» bị hỏng ({check}); hãy chọn bản khác.", size=size)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        if version == 0 or is_foreign_schema(conn, version, app_id):
            return BackupPreview(p, False, f"«{p.name}» không phải tệp dữ liệu KeHoach.", size=size)
        if version > schema.SCHEMA_VERSION:
            return BackupPreview(
                p,
                False,
                f"«{p.name}» được tạo bởi phiên bản KeHoach mới hơn; hãy cập nhật chương trình trước khi khôi phục.",
                schema_version=version,
                size=size,
            )
        return BackupPreview(
            p,
            True,
            "",
            schema_version=version,
            plans=_count(conn, "plans"),
            directives=_count(conn, "directives"),
            tasks=_count(conn, "tasks"),
            progress=_count(conn, "progress"),
            last_change=last_change(conn),
            size=size,
        )
    except sqlite3.DatabaseError as exc:
        return BackupPreview(p, False, f"Bản sao lưu «{p.name}» bị hỏng ({exc}); hãy chọn bản khác.", size=size)
    finally:
        conn.close()


def fingerprint(conn: sqlite3.Connection) -> tuple:
    """Cheap "has anything changed" key: schema, row counts, newest change, newest audit row."""

    def scalar(sql: str):
        try:
            return conn.execute(sql).fetchone()[0]
        except sqlite3.OperationalError:
            return None

    tables = ("directives", "plans", "plan_nodes", "plan_basis", "tasks", "progress", "units", "audit_log", "meta")
    return (
        scalar("PRAGMA user_version"),
        tuple(_count(conn, t) for t in tables),
        scalar("SELECT MAX(id) FROM audit_log"),
        last_change(conn),
        scalar("SELECT total(length(text)) FROM plan_nodes"),
    )


def newest_matches(db_path: Path | str, conn: sqlite3.Connection) -> bool:
    """True when the newest automatic backup already holds what ``conn`` holds."""
    backups = list_backups(backup_dir(db_path))
    if not backups:
        return False
    try:
        other = _ro_connect(backups[0].path)
        try:
            return fingerprint(other) == fingerprint(conn)
        finally:
            other.close()
    except sqlite3.Error:
        return False


# -- restore ---------------------------------------------------------------------------------
def restore_backup(
    backup_path: Path | str,
    db_path: Path | str,
    *,
    live: sqlite3.Connection | None = None,
    progress: Progress | None = None,
    abort: Abort | None = None,
) -> BackupInfo | None:
    """Replace the content of ``db_path`` with ``backup_path``.

    Only a file of ours is restored (``preview``: application_id and schema). It is first
    copied beside the live file, checked with ``integrity_check`` and brought to this
    version's schema; the live file is touched only once that copy is whole, so a restore
    that fails leaves it as it was. The current state is then backed up (reason
    ``truockhoiphuc``, never rotated); a live file too damaged to back up is renamed
    aside instead (``<name>.hong-<time>``) and the restore goes on. Returns the safety
    backup (None when there was none). ``live`` is the app's open connection to
    ``db_path``; the copy goes through it so nothing else needs closing.
    """
    from ..store.db import DatabaseError, open_database

    backup_path, db_path = Path(backup_path), Path(db_path)
    info = preview(backup_path)
    if not info.ok:
        raise BackupError(info.message)
    if db_path.exists() and backup_path.resolve() == db_path.resolve():
        raise BackupError("Không thể khôi phục một tệp vào chính nó.")
    _clean_stale_temps(db_path.parent, db_path.name)
    staged = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    try:
        if progress:
            progress(0.0, "Đang kiểm tra bản sao lưu…")
        _write_verified(backup_path, staged, None, abort)
        try:
            open_database(staged).close()  # migrate an older backup, in one transaction
        except DatabaseError as exc:
            raise BackupError(f"Không khôi phục được: {exc} Dữ liệu hiện tại vẫn giữ nguyên.") from exc
        safety: BackupInfo | None = None
        aside: Path | None = None
        if live is not None or db_path.exists():
            if progress:
                progress(0.3, "Đang sao lưu dữ liệu hiện tại trước khi khôi phục…")
            try:
                safety = create_backup(db_path, "truockhoiphuc", source=live, rotate=False, abort=abort)
            except SourceDamaged:
                if live is not None:
                    raise
                from .recovery import move_aside

                aside = move_aside(db_path)  # the damaged file is kept, renamed, never overwritten
        if abort is not None and abort():
            raise BackupCancelled()
        if progress:
            progress(0.6, "Đang khôi phục…")
        if live is None and not db_path.exists():
            _fsync_file(staged)
            os.replace(staged, db_path)
            _fsync_dir(db_path.parent)
        else:
            src = _ro_connect(staged)
            dst = live if live is not None else sqlite3.connect(db_path, isolation_level=None)
            try:
                # One write transaction on the destination: a crash here leaves the old content.
                src.backup(dst, pages=0, sleep=0)
            except sqlite3.Error as exc:
                raise BackupError(
                    f"Không khôi phục được: {exc}. Dữ liệu hiện tại vẫn giữ nguyên "
                    "(và đã có bản sao lưu trước khi khôi phục)."
                ) from exc
            finally:
                src.close()
                if live is None:
                    dst.close()
    finally:
        _remove_temp(staged)
    if progress:
        progress(1.0, "Đã khôi phục.")
    if aside is not None and safety is None:
        return BackupInfo(aside, dt.datetime.now(), "hong", aside.stat().st_size)
    return safety


def _human_time(iso: str) -> str:
    try:
        t = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return t.strftime("%H:%M ngày %d/%m/%Y")
