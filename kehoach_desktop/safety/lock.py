"""One writer per database file, and a warning for files on a network share.

The lock is an OS lock (``zc.lockfile``: ``flock`` on POSIX, ``msvcrt.locking`` on Windows,
taken without waiting: :class:`OsLock`) on a file of its own beside the database,
``kehoach.sqlite3.lock``, never on the database file: SQLite's POSIX locks belong to the process and are all dropped when
any descriptor of the database is closed, so the database file is never opened here
(issue 13). The lock file is left in place on release, so every contender locks the
same inode. Who holds it (OS user, computer, process id, GUI or command line, since
when) is written as JSON to ``kehoach.sqlite3.lock-owner``, read for messages only:
the OS lock decides, and it vanishes when the process dies, however it dies, so a
lock left by a crash is never mistaken for a live one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from ..store.db import current_user

PROGRAM_GUI = "gui"
PROGRAM_CLI = "cli"


class LockInfo(NamedTuple):
    """Who holds the lock. A NamedTuple, not a frozen dataclass: made at every start, where
    the dataclass's generated methods cost ~1 ms to compile (issue 19)."""

    user: str
    host: str
    pid: int
    since: str
    program: str = PROGRAM_GUI

    def describe(self) -> str:
        when = self.since
        try:
            when = dt.datetime.fromisoformat(self.since).strftime("%H:%M ngày %d/%m/%Y")
        except ValueError:
            pass
        what = "cửa sổ KeHoach" if self.program == PROGRAM_GUI else "lệnh kehoach (dòng lệnh)"
        return f"{what} của {self.user or 'không rõ'} trên máy {self.host or 'không rõ'} (từ {when})"

    @classmethod
    def mine(cls, program: str = PROGRAM_GUI) -> LockInfo:
        now = dt.datetime.now().isoformat(timespec="seconds")
        return cls(current_user(), host_name(), os.getpid(), now, program)

    @classmethod
    def from_json(cls, text: str) -> LockInfo | None:
        try:
            d = json.loads(text)
            return cls(
                str(d.get("user", "")),
                str(d.get("host", "")),
                int(d.get("pid", 0)),
                str(d.get("since", "")),
                str(d.get("program", PROGRAM_GUI)),
            )
        except (ValueError, TypeError, AttributeError):
            return None


class LockHeld(Exception):
    """Another running program has the file open for writing."""

    def __init__(self, holder: LockInfo | None, path: Path):
        self.holder = holder
        self.path = path
        who = holder.describe() if holder else "một chương trình khác"
        super().__init__(
            f"Tệp dữ liệu đang được mở để sửa bởi {who}. Chương trình mở ở chế độ CHỈ XEM: "
            "bạn xem được mọi thứ nhưng không sửa được. Hãy đóng chương trình kia rồi mở lại "
            "để sửa."
        )


def host_name() -> str:
    """This computer's name, for the owner note: from the OS without importing ``socket``
    (3 ms on the way to the window, issue 19). The same name ``socket.gethostname()`` gives."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    name = os.environ.get("COMPUTERNAME")  # Windows sets it for every session
    if name:
        return name
    import socket  # pragma: no cover - Windows without COMPUTERNAME

    return socket.gethostname()  # pragma: no cover


def lock_path(db_path: Path | str) -> Path:
    p = Path(db_path)
    return p.with_name(p.name + ".lock")


def owner_path(db_path: Path | str) -> Path:
    p = Path(db_path)
    return p.with_name(p.name + ".lock-owner")


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


Waiting = Callable[[LockInfo | None, float], None]


class OsLock:
    """An exclusive OS lock on *path*, taken without waiting, through the ``zc.lockfile``
    package (``flock`` on POSIX, ``msvcrt.locking`` on Windows — the platform the users are on
    and the one this project cannot run its tests on, which is why a maintained library does
    it). The lock file is created if missing, never written and never removed; the lock belongs
    to this open file, so a second holder in the same process is refused like another process,
    and the OS drops it when the process ends, however it ends.

    ``zc.lockfile`` rather than ``filelock``: the lock is taken on the way to the window, and
    ``filelock`` imported 30 modules there (``secrets``, ``platform``, its async and Windows
    parts) for 12–20 ms of a 170 ms start-up; ``zc.lockfile`` is one module over ``fcntl`` or
    ``msvcrt`` (issue 19)."""

    def __init__(self, path: Path | str):
        self.path = str(path)
        self._lock: Any = None

    @property
    def held(self) -> bool:
        return self._lock is not None

    def try_acquire(self) -> bool:
        """True when the lock is now ours; False when someone holds it. OSError when the lock
        file cannot be opened for writing (read-only media, no permission, a folder)."""
        if self._lock is not None:
            return True
        from zc.lockfile import LockError, SimpleLockFile

        try:
            self._lock = SimpleLockFile(self.path)  # opens (or creates) the file, then locks it
        except LockError:
            return False
        return True

    def release(self) -> None:
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.close()


class WriterLock:
    """Held while this process may write ``db_path``; :meth:`release` on close."""

    def __init__(self, db_path: Path | str, program: str = PROGRAM_GUI):
        self.db_path = Path(db_path)
        self.path = lock_path(db_path)
        self.owner_file = owner_path(db_path)
        self.program = program
        self.info: LockInfo | None = None
        self.stale: LockInfo | None = None  # the crashed holder we replaced, if any
        self._lock: OsLock | None = None

    def acquire(self, timeout: float = 0, waiting: Waiting | None = None) -> WriterLock:
        """Take the lock or raise :class:`LockHeld`; with ``timeout`` > 0 wait that many
        seconds first, calling ``waiting(holder, seconds_left)`` about once a second."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = OsLock(self.path)
        deadline = time.monotonic() + max(timeout, 0)
        while not lock.try_acquire():
            left = deadline - time.monotonic()
            if left <= 0:
                raise LockHeld(read_holder(self.db_path), self.path)
            if waiting is not None:
                waiting(read_holder(self.db_path), left)
            time.sleep(min(1.0, left))
        previous = read_holder(self.db_path)
        if previous is not None and previous.pid != os.getpid():
            self.stale = previous  # it held the lock and never released it: it crashed
        me = LockInfo.mine(self.program)
        try:
            _write_owner(self.owner_file, me)
        except OSError:
            pass  # the lock holds without the note; others just cannot say who we are
        self.info, self._lock = me, lock
        return self

    @property
    def held(self) -> bool:
        return self._lock is not None

    def release(self) -> None:
        lock, self._lock = self._lock, None
        if lock is None:
            return
        try:
            self.owner_file.unlink()
        except OSError:
            pass
        lock.release()

    def __enter__(self) -> WriterLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def _write_owner(path: Path, info: LockInfo) -> None:
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(info._asdict(), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()  # a full disk left an empty «….tmp» beside the database at every start
        raise


def read_holder(db_path: Path | str) -> LockInfo | None:
    try:
        return LockInfo.from_json(owner_path(db_path).read_bytes()[:4096].decode("utf-8", "replace"))
    except OSError:
        return None


# -- network shares -----------------------------------------------------------------------
NETWORK_FS = {
    "nfs",
    "nfs4",
    "cifs",
    "smbfs",
    "smb3",
    "ncpfs",
    "afs",
    "9p",
    "ceph",
    "glusterfs",
    "fuse.sshfs",
    "sshfs",
    "davfs",
    "fuse.davfs2",
    "fuse.gvfsd-fuse",
    "lustre",
    "gpfs",
}


def network_warning(path: Path | str, *, mounts_file: str = "/proc/mounts") -> str | None:
    """A Vietnamese warning when ``path`` is on a network share, else None."""
    kind = network_kind(path, mounts_file=mounts_file)
    if kind is None:
        return None
    return (
        f"Tệp dữ liệu đang nằm trên ổ mạng ({kind}). SQLite trên ổ mạng có thể hỏng dữ liệu "
        "khi mạng chập chờn hoặc nhiều máy cùng ghi. Hãy chép tệp về ổ đĩa của máy này "
        "(ví dụ thư mục Tài liệu) và mở từ đó; dùng «Sao lưu ra…» để chuyển giữa các máy."
    )


def network_kind(path: Path | str, *, mounts_file: str = "/proc/mounts") -> str | None:
    raw = str(path)
    if raw.startswith(("\\\\", "//")):
        return "đường dẫn UNC " + "\\".join(raw.replace("/", "\\").split("\\")[:4])
    if sys.platform == "win32":  # pragma: no cover
        return _windows_drive_kind(Path(path))
    return _posix_mount_kind(Path(path), mounts_file)


def _windows_drive_kind(path: Path) -> str | None:  # pragma: no cover - Windows only
    import ctypes

    try:
        resolved = path.resolve()
    except OSError:
        resolved = path.absolute()
    if str(resolved).startswith("\\\\"):
        return "đường dẫn UNC"
    root = resolved.anchor or str(resolved)[:3]
    windll = ctypes.windll  # type: ignore[attr-defined]  # Windows only (called only on win32)
    if windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)) == 4:  # DRIVE_REMOTE
        return f"ổ mạng {root}"
    return None


def _unescape_mount(field: str) -> str:
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")


def _posix_mount_kind(path: Path | str, mounts_file: str, resolve: bool = True) -> str | None:
    """The network file system ``path`` is on, from a /proc/mounts-style table."""
    try:
        with open(mounts_file, encoding="utf-8", errors="replace") as fh:
            lines = fh.read(1024 * 1024).splitlines()
    except OSError:
        return None
    if resolve:
        try:
            target = os.path.realpath(path)
        except OSError:
            target = str(Path(path).absolute())
    else:
        target = str(path)
    best, best_fs = "", ""
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount, fstype = _unescape_mount(parts[1]), parts[2]
        prefix = mount.rstrip("/") + "/"
        if (target == mount or target.startswith(prefix) or mount == "/") and len(mount) >= len(best):
            best, best_fs = mount, fstype
    if best_fs in NETWORK_FS or best_fs.startswith("nfs"):
        return f"{best_fs} tại {best}"
    return None
