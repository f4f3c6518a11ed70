"""Opening a database file: pragmas, checks, migrations, transactions."""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core.text import fold
from . import schema


def row_id(cur: sqlite3.Cursor) -> int:
    """The id of the row an INSERT just made."""
    if cur.lastrowid is None:  # pragma: no cover - only after a statement that inserted nothing
        raise RuntimeError("no row was inserted")
    return cur.lastrowid


class DatabaseError(Exception):
    """A database that cannot be used; ``str(err)`` is a Vietnamese message for the user."""


class SchemaTooNew(DatabaseError):
    pass


class NotOurDatabase(DatabaseError):
    pass


class DamagedDatabase(DatabaseError):
    pass


class DiskProblem(DatabaseError):
    """The disk, not the file: full, or failing to read or write (the file is left alone)."""


class ReadOnlyMedium(DatabaseError):
    """A healthy file that cannot be written where it lies."""


READ_ONLY_MEDIUM_MESSAGE = (
    "Tệp dữ liệu «{name}» nằm trên ổ đĩa hoặc thư mục chỉ cho đọc (đĩa CD, USB gạt khóa ghi, "
    "thư mục dùng chung chỉ đọc), nên không sửa được; tệp vẫn tốt và xem được. Để sửa, hãy chép "
    "tệp vào thư mục có quyền ghi (ví dụ Tài liệu) rồi mở tệp đó."
)


def now_iso() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 (getpass raises several kinds when there is no login name)
        return os.environ.get("USERNAME") or os.environ.get("USER") or "?"


class Database:
    """One open SQLite file.

    ``conn`` is the raw connection (autocommit mode: transactions are explicit
    through :meth:`transaction`); ``utils`` is a sqlite-utils view of it for
    introspection (the schema tests compare migrated files with fresh ones through
    it). The program's own reads and writes are plain SQL in one transaction each.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None, read_only: bool = False):
        self.conn = conn
        self.path = path
        self._open_key = _register_open(path)
        self.read_only = read_only
        self._utils: Any = None  # sqlite_utils.Database, made on first use
        self.user = current_user()
        self.has_fts5 = _has_fts5(conn)
        self._local = threading.local()
        self.listeners: list = []  # callables(changes: dict) told after each commit
        # Set while the start-up check of the file runs (safety.deferred): a write first waits
        # for it, then this read-only connection is swapped for a writable one (issue 19).
        self.write_gate: Any = None  # a safety.deferred.CheckGate (store does not import safety)

    @property
    def utils(self):
        """A sqlite-utils view of the connection, imported on first use: importing
        sqlite_utils pulls numpy and costs ~180 ms that start-up cannot afford."""
        if self._utils is None:
            import sqlite_utils

            self._utils = sqlite_utils.Database(self.conn)
        return self._utils

    # -- transactions ----------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self, immediate: bool = True) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work; nested calls join the outer transaction."""
        depth = getattr(self._local, "depth", 0)
        if depth == 0:
            if self.write_gate is not None:
                self.write_gate.before_write(self)  # no write before the start-up check has passed
            self.conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
        self._local.depth = depth + 1
        try:
            yield self.conn
        except BaseException:
            self._local.depth = depth
            if depth == 0:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self._local.depth = depth
            if depth == 0:
                self.conn.execute("COMMIT")

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def one(self, sql: str, params: Any = ()) -> sqlite3.Row | None:
        return self.conn.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: Any = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def all(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    # -- metadata ----------------------------------------------------------------
    def get_meta(self, key: str, default: Any = None) -> Any:
        value = self.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        return default if value is None else json.loads(value)

    def set_meta(self, key: str, value: Any) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )

    def audit(self, entity: str, entity_id: int, action: str, detail: Any = "") -> None:
        """Record who changed what; call inside the transaction that makes the change."""
        if not isinstance(detail, str):
            detail = json.dumps(detail, ensure_ascii=False, default=str)
        self.conn.execute(
            "INSERT INTO audit_log(at, user, entity, entity_id, action, detail) VALUES (?,?,?,?,?,?)",
            (now_iso(), self.user, entity, entity_id, action, detail),
        )

    @property
    def schema_version(self) -> int:
        return int(self.scalar("PRAGMA user_version"))

    def promote(self) -> None:
        """Swap the read-only connection the window started on for a writable one, once the
        start-up check has passed (safety.deferred; same file, same registration)."""
        if self.path is None:
            return
        conn = _connect(self.path, False)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError:
            pass
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        old, self.conn = self.conn, conn
        old.close()

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            if not self.read_only:
                self.conn.execute("PRAGMA optimize")
        temp_dir = getattr(self.conn, "temp_dir", None)
        self.conn.close()
        key, self._open_key = self._open_key, None
        _unregister_open(key)
        if temp_dir:
            import shutil

            shutil.rmtree(temp_dir, ignore_errors=True)


def _has_fts5(conn: sqlite3.Connection) -> bool:
    # Built in (Python's own SQLite): one function call. Otherwise it may still come as an
    # extension: a probe table in temp, which costs ~1 ms on every connection (issue 19).
    if conn.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')").fetchone()[0]:
        return True
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.__fts5_probe USING fts5(x)")
        conn.execute("DROP TABLE temp.__fts5_probe")
        return True
    except sqlite3.OperationalError:
        return False


class _Connection(sqlite3.Connection):
    """A connection that may read a temporary copy (read-only media): removed on close."""

    temp_dir: str | None = None


def medium_writable(path: Path | str) -> bool:
    """False when ``path`` (or its folder, where SQLite puts -wal/-shm) cannot be written:
    a CD, a write-protected USB stick, a read-only share or folder."""
    p = Path(path)
    folder = p.parent if str(p.parent) else Path(".")
    if p.exists() and not os.access(p, os.W_OK):
        return False
    return os.access(folder, os.W_OK)


def connect_read_only(path: Path | str) -> sqlite3.Connection:
    """A read-only connection that also works on read-only media (issue 13, pitfall 19).

    ``mode=ro`` needs the -shm of a WAL file beside it, which a read-only medium cannot
    hold. Then the file is read as it lies (``immutable=1``) when no -wal holds newer
    pages, or else through a temporary copy of the file and its -wal, so nothing
    committed is missed. Never a reason to call the file damaged.
    """
    p = Path(path)
    uri = p.resolve().as_uri()
    conn = sqlite3.connect(
        uri + "?mode=ro", uri=True, isolation_level=None, check_same_thread=False, factory=_Connection
    )
    try:
        conn.execute("PRAGMA schema_version").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if medium_writable(p):
            raise
    wal = Path(str(p) + "-wal")
    if not (wal.exists() and wal.stat().st_size > 0):
        return sqlite3.connect(
            uri + "?mode=ro&immutable=1", uri=True, isolation_level=None, check_same_thread=False, factory=_Connection
        )
    import shutil
    import tempfile

    temp_dir = tempfile.mkdtemp(prefix="kehoach-chidoc-")
    copy = Path(temp_dir) / p.name
    try:
        shutil.copyfile(p, copy)  # nothing in this process holds the file: see is_open_database_file
        shutil.copyfile(wal, Path(str(copy) + "-wal"))
        conn = sqlite3.connect(str(copy), isolation_level=None, check_same_thread=False, factory=_Connection)
        conn.execute("PRAGMA query_only = ON")
    except BaseException:
        shutil.rmtree(temp_dir, ignore_errors=True)
        raise
    conn.temp_dir = temp_dir
    return conn


def _connect(path: Path | str, read_only: bool) -> sqlite3.Connection:
    if str(path) == ":memory:":
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    elif read_only:
        conn = connect_read_only(path)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 5000")
    # Used by the triggers of schema step 5 (issue 13): undoing a progress report just
    # recorded is the one delete an issued plan's progress allows.
    conn.create_function("kehoach_undoing", 1, _undoing)
    # Schema step 11 (issue 19) folds the titles of the tasks already there with it.
    conn.create_function("kehoach_fold", 1, fold, deterministic=True)
    # Schema step 12 (issue 19) reads the cycle of the periodic duties already there with it.
    conn.create_function("kehoach_every", 1, _every, deterministic=True)
    return conn


def _every(text: str | None) -> str:
    from ..core.deadlines import periodic_every  # the parser is loaded only when a step needs it

    return periodic_every(text or "")


_undo_ids: set[int] = set()
_undo_lock = threading.Lock()


def _undoing(progress_id: int) -> int:
    with _undo_lock:
        return int(progress_id in _undo_ids)


@contextlib.contextmanager
def allow_progress_undo(progress_id: int) -> Iterator[None]:
    """Within this block our connections may delete progress row ``progress_id`` even
    when its plan is issued (the undo of :func:`tracking.progress.record`)."""
    with _undo_lock:
        _undo_ids.add(progress_id)
    try:
        yield
    finally:
        with _undo_lock:
            _undo_ids.discard(progress_id)


# -- files this process has open through SQLite (issue 13) ------------------------------------
# SQLite's locks are POSIX advisory locks, which belong to the process: closing ANY
# descriptor of the database file (or of its -wal/-shm) drops every lock the process
# holds on it, and another process may then checkpoint and unlink the WAL under our live
# connection ("How To Corrupt An SQLite Database File", §2.2). So nothing in a process
# that has the file open may open() and close() it itself. Open Database objects are
# recorded here by inode; code that would read a file's bytes asks
# :func:`is_open_database_file` first.
_SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
_open_files: dict[tuple[int, int], int] = {}
_open_files_lock = threading.Lock()


def _file_key(path: Path | str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)  # stat opens no descriptor
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _register_open(path: Path | None) -> tuple[int, int] | None:
    key = _file_key(path) if path is not None else None
    if key is not None:
        with _open_files_lock:
            _open_files[key] = _open_files.get(key, 0) + 1
    return key


def _unregister_open(key: tuple[int, int] | None) -> None:
    if key is None:
        return
    with _open_files_lock:
        left = _open_files.get(key, 0) - 1
        if left > 0:
            _open_files[key] = left
        else:
            _open_files.pop(key, None)


def is_open_database_file(path: Path | str) -> bool:
    """True when ``path`` is a database this process has open, or one of its -wal/-shm/-journal
    files: its bytes must then never be read with open() (the close would drop SQLite's locks)."""
    raw = str(path)
    candidates = [raw]
    for suffix in _SIDE_SUFFIXES:
        if raw.endswith(suffix):
            candidates.append(raw[: -len(suffix)])
    with _open_files_lock:
        if not _open_files:
            return False
        return any((key := _file_key(c)) is not None and key in _open_files for c in candidates)


SQLITE_MAGIC = b"SQLite format 3\x00"


def looks_like_sqlite(path: Path | str) -> bool:
    """The file starts with SQLite's magic. A file this process has open is one by definition,
    and is never opened again here (see :func:`is_open_database_file`)."""
    if is_open_database_file(path):
        return True
    with open(path, "rb") as fh:
        return fh.read(16) == SQLITE_MAGIC


def _not_ours_message(name: str) -> str:
    return (
        f"Tệp «{name}» không phải cơ sở dữ liệu của KeHoach (có thể là tệp của chương trình khác). "
        "Chương trình không sửa gì trong tệp này. Hãy chọn đúng tệp dữ liệu KeHoach (.sqlite3) "
        "hoặc mở bản sao lưu gần nhất."
    )


# Tables every KeHoach file has had since schema step 1.
_CORE_TABLES = frozenset({"meta", "directives", "plans", "plan_nodes", "tasks", "audit_log"})


def is_foreign_schema(conn: sqlite3.Connection, version: int, app_id: int) -> bool:
    """True when the open file is somebody else's SQLite database."""
    if app_id not in (0, schema.APPLICATION_ID):
        return True
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version == 0:
        # A file of ours at step 0 is empty (created, then killed before the first migration).
        return bool(names)
    return not names >= _CORE_TABLES


def _side_files(p: Path | None) -> set[str]:
    if p is None:
        return set()
    return {s for s in ("-wal", "-shm") if Path(str(p) + s).exists()}


def _remove_new_side_files(p: Path | None, before: set[str]) -> None:
    """Opening another program's WAL file (even read-only) creates its -wal/-shm; when we
    refuse the file, remove what we created so it is left exactly as it was."""
    if p is None:
        return
    for suffix in ("-wal", "-shm"):
        side = Path(str(p) + suffix)
        if suffix in before or not side.exists():
            continue
        try:
            if suffix == "-wal" and side.stat().st_size > 0:
                continue  # somebody wrote to it meanwhile: not ours to remove
            side.unlink()
        except OSError:
            pass


def _create_new(p: Path) -> None:
    """Create an empty WAL database at ``p`` atomically: built under a temporary name and
    linked into place, so a crash never leaves a 0-byte file that would later be taken
    for somebody else's (an empty file given as --db is refused)."""
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(f".{p.name}.{os.getpid()}.{threading.get_ident()}.new")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        conn = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")  # writes page 1: the file is a database now
        finally:
            conn.close()
        try:
            os.link(tmp, p)  # never replaces a file that appeared meanwhile
        except FileExistsError:
            pass
        except OSError:  # file systems without hard links (FAT on a USB stick)
            if not p.exists():
                os.replace(tmp, p)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


_DAMAGE_WORDS = ("malformed", "not a database", "corrupt", "encrypted")
FULL_DISK_BYTES = 1 << 20  # less free space than this beside the file: the disk is full


def _says_damaged(exc: sqlite3.Error) -> bool:
    """SQLite's words for a damaged file; «disk I/O error» on opening is the disk's (full, pulled
    out) — a good file must never be called damaged and replaced by a backup."""
    text = str(exc).lower()
    return any(word in text for word in _DAMAGE_WORDS)


def _not_damaged_message(p: Path | None, exc: sqlite3.Error) -> str:
    import shutil

    from ..core.oserrors import database_message

    name = p.name if p is not None else "tệp dữ liệu"
    if p is not None:
        try:
            free = shutil.disk_usage(p.parent).free
        except OSError:
            free = None
        if free is not None and free < FULL_DISK_BYTES:
            return (
                f"Không mở được tệp dữ liệu «{name}»: ổ đĩa chứa nó đã đầy (SQLite cần ghi tệp phụ bên cạnh). "
                "Tệp vẫn nguyên vẹn. Hãy xóa bớt tệp trên ổ đĩa đó rồi mở lại."
            )
    return f"Không mở được tệp dữ liệu «{name}»: {database_message(exc)}"


def open_database(path: Path | str, *, read_only: bool = False, check: bool = True) -> Database:
    """Open (creating if needed) and migrate a database file.

    Raises :class:`DatabaseError` subclasses with a message that says what to do.
    """
    is_memory = str(path) == ":memory:"
    p = None if is_memory else Path(path)
    if p is not None and p.exists():
        if p.is_dir():
            raise DatabaseError(f"«{p}» là một thư mục, không phải tệp dữ liệu. Hãy chọn một tệp .sqlite3.")
        if p.stat().st_size == 0 or not looks_like_sqlite(p):
            # An empty file is somebody's too: we create ours atomically (never 0 bytes).
            raise NotOurDatabase(_not_ours_message(p.name))
    sides_before = _side_files(p)
    if not read_only and p is not None and p.exists() and not medium_writable(p):
        open_database(p, read_only=True, check=check).close()  # damaged or foreign is said first
        raise ReadOnlyMedium(READ_ONLY_MEDIUM_MESSAGE.format(name=p.name))
    if check and not read_only and p is not None and p.exists():
        # Check through a read-only connection first (issue 6): a damaged file and its
        # -wal must never be written, not even by the checkpoint a closing connection does;
        # a foreign file is refused there too, before anything is written (issue 13).
        open_database(p, read_only=True, check=True).close()
        check = False
    if p is not None and not p.exists():
        if read_only:
            raise DatabaseError(f"Không tìm thấy tệp «{p}».")
        _create_new(p)
    conn = None
    try:
        conn = _connect(path, read_only)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        # A newer version of ours may have changed its tables: our application_id is enough.
        too_new = version > schema.SCHEMA_VERSION and app_id == schema.APPLICATION_ID
        foreign = not is_memory and not too_new and is_foreign_schema(conn, version, app_id)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()  # Windows: an open handle would stop the damaged file being moved aside
        if not _says_damaged(exc):
            raise DiskProblem(_not_damaged_message(p, exc)) from exc
        raise DamagedDatabase(
            f"Không mở được tệp dữ liệu «{p.name if p else path}»: tệp bị hỏng ({exc}). "
            "Hãy mở bản sao lưu gần nhất (Tệp → Khôi phục)."
        ) from exc
    if foreign:
        conn.close()
        _remove_new_side_files(p, sides_before)
        raise NotOurDatabase(_not_ours_message(p.name if p else str(path)))
    if version > schema.SCHEMA_VERSION:
        conn.close()
        raise SchemaTooNew(
            f"Tệp dữ liệu được tạo bởi phiên bản KeHoach mới hơn (lược đồ {version}, "
            f"phiên bản này hiểu đến {schema.SCHEMA_VERSION}). "
            "Hãy cập nhật chương trình; tệp được giữ nguyên, không bị sửa."
        )
    if not read_only:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError:
            pass  # a read-only medium: stay in the default journal mode
        # FULL: a commit the UI reported survives a power cut too, not only a killed
        # process; it costs ~3 ms a commit, nothing next to a secretary's typing.
        conn.execute("PRAGMA synchronous = FULL" if not is_memory else "PRAGMA synchronous = OFF")
    conn.execute("PRAGMA foreign_keys = ON")
    if check and not is_memory and version > 0:
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            result = str(exc)
        if result != "ok":
            conn.close()
            raise DamagedDatabase(
                f"Tệp dữ liệu «{p.name if p else path}» bị hỏng ({result}). "
                "Hãy mở bản sao lưu gần nhất; tệp hỏng được giữ nguyên để kiểm tra."
            )
    db = Database(conn, p, read_only=read_only)
    if not read_only:
        migrate(db)
    return db


def migrate(db: Database) -> None:
    """Bring the schema up to date in one exclusive transaction: a failure in any step
    (or a crash) leaves the file exactly as it was, never half-way between versions."""
    conn = db.conn
    version = db.schema_version
    if version >= len(schema.MIGRATIONS):
        return
    conn.execute("BEGIN EXCLUSIVE")
    try:
        for number, sql in enumerate(schema.MIGRATIONS, start=1):
            if number <= version:
                continue
            for statement in _split_sql(sql):
                conn.execute(statement)
            if number == 1:
                _create_search_tables(db)
                conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {number}")
        _upgrade_search_tables(db)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _create_search_tables(db: Database) -> None:
    tables = schema.FTS_TABLES if db.has_fts5 else schema.PLAIN_TABLES
    for sql in tables.values():
        db.conn.execute(sql)


def _upgrade_search_tables(db: Database) -> None:
    """Full-text tables made by an older definition (schema.FTS_TABLES: the registry's
    prefix index, issue 19) are made again with the rows they hold. Runs inside the
    migration's transaction; the plain fallback tables (no FTS5) have nothing to upgrade."""
    if not db.has_fts5:
        return
    conn = db.conn
    for name, sql in schema.FTS_TABLES.items():
        row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
        if row is None or row[0] == sql or "USING fts5" not in (row[0] or ""):
            continue
        conn.execute(f"CREATE TEMP TABLE kehoach_fts_rows AS SELECT rowid AS id, folded, plain FROM {name}")
        conn.execute(f"DROP TABLE {name}")
        conn.execute(sql)
        conn.execute(f"INSERT INTO {name}(rowid, folded, plain) SELECT id, folded, plain FROM temp.kehoach_fts_rows")
        conn.execute("DROP TABLE temp.kehoach_fts_rows")


def _split_sql(sql: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    buf = ""
    for line in sql.splitlines(keepends=True):
        if line.strip().startswith("--") and not buf.strip():
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                statements.append(buf.strip())
            buf = ""
    if buf.strip():
        statements.append(buf.strip())
    return statements
