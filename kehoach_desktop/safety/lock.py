"""One writer per database file, and a warning for files on a network share.

The lock is a file beside the database (``kehoach.sqlite3.lock``) holding who has it
open (OS user, computer, process id, since when) as JSON, plus an OS lock on that
file held for as long as the program runs. The OS lock is what decides: it vanishes
when the process dies, however it dies, so a lock left by a crash is never mistaken
for a live one. Where the file system offers no OS locks (some network shares), we
fall back to the JSON alone and call it stale when its process is gone from this
computer.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..store.db import current_user

if sys.platform == "win32":  # pragma: no cover - exercised on Windows CI
    import msvcrt
else:
    import fcntl

_WIN_LOCK_OFFSET = 1 << 30  # lock a byte far past the JSON so others can still read it


@dataclass(frozen=True)
class LockInfo:
    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        when = self.since
        try:
            when = dt.datetime.fromisoformat(self.since).strftime("%H:%M ngày %d/%m/%Y")
        except ValueError:
            pass
        return f"{self.user or 'không rõ'} trên máy {self.host or 'không rõ'} (từ {when})"

    @classmethod
    def mine(cls) -> LockInfo:
        return cls(current_user(), socket.gethostname(), os.getpid(), dt.datetime.now().isoformat(timespec="seconds"))

    @classmethod
    def from_json(cls, text: str) -> LockInfo | None:
        try:
            d = json.loads(text)
            return cls(str(d.get("user", "")), str(d.get("host", "")), int(d.get("pid", 0)), str(d.get("since", "")))
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


def lock_path(db_path: Path | str) -> Path:
    p = Path(db_path)
    return p.with_name(p.name + ".lock")


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


def _try_os_lock(fh) -> bool | None:
    """True: locked; False: someone else holds it; None: no OS locks here."""
    try:
        if sys.platform == "win32":  # pragma: no cover
            fh.seek(_WIN_LOCK_OFFSET)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    except PermissionError:  # Windows reports a held range this way
        return False
    except OSError as exc:
        if sys.platform == "win32" and getattr(exc, "errno", None) in (13, 36):  # pragma: no cover
            return False
        return None


def _unlock(fh) -> None:
    try:
        if sys.platform == "win32":  # pragma: no cover
            fh.seek(_WIN_LOCK_OFFSET)
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    except OSError:
        pass


class WriterLock:
    """Held while this process may write ``db_path``; :meth:`release` on close."""

    def __init__(self, db_path: Path | str):
        self.db_path = Path(db_path)
        self.path = lock_path(db_path)
        self.info: LockInfo | None = None
        self.stale: LockInfo | None = None  # the crashed holder we replaced, if any
        self._fh: IO[str] | None = None

    def acquire(self) -> WriterLock:
        """Take the lock or raise :class:`LockHeld`."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Held open for the whole session: the OS lock lives as long as this handle.
        fh = open(self.path, "a+", encoding="utf-8", errors="replace")  # noqa: SIM115
        state = _try_os_lock(fh)
        fh.seek(0)
        previous = LockInfo.from_json(fh.read(4096))
        if state is False:
            fh.close()
            raise LockHeld(previous, self.path)
        if state is None and previous is not None and not self._is_stale(previous):
            fh.close()
            raise LockHeld(previous, self.path)
        if previous is not None and previous.pid != os.getpid():
            self.stale = previous
        me = LockInfo.mine()
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps(me.__dict__, ensure_ascii=False))
        fh.flush()
        try:
            os.fsync(fh.fileno())
        except OSError:
            pass
        self.info, self._fh = me, fh
        return self

    @staticmethod
    def _is_stale(info: LockInfo) -> bool:
        """Without OS locks: stale when its process is gone from this computer."""
        return info.host == socket.gethostname() and not pid_alive(info.pid)

    @property
    def held(self) -> bool:
        return self._fh is not None

    def release(self) -> None:
        fh, self._fh = self._fh, None
        if fh is None:
            return
        try:
            fh.seek(0)
            fh.truncate()
            fh.flush()
        except OSError:
            pass
        _unlock(fh)
        fh.close()
        try:
            self.path.unlink()
        except OSError:
            pass

    def __enter__(self) -> WriterLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def read_holder(db_path: Path | str) -> LockInfo | None:
    try:
        return LockInfo.from_json(lock_path(db_path).read_text(encoding="utf-8")[:4096])
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
