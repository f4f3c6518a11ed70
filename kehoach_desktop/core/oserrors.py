"""Operating-system errors told in Vietnamese, with what to do.

``str(OSError)`` reads "[Errno 13] Permission denied: 'C:\\…\\tiendo.xlsx'": English on
Linux and on an English Windows, and technical everywhere. The user meets these errors
in a few common situations — the file is open in Word or Excel, the USB stick was
pulled out, the disk is full or write-protected — so each is named by what it means.
"""

from __future__ import annotations

import errno

# Windows error codes Python leaves as a plain OSError (exc.winerror).
_WIN_SHARING_VIOLATION = 32  # the file is open in another program (Word, Excel)
_WIN_LOCK_VIOLATION = 33
_WIN_NOT_READY = 21  # a removable drive with no medium
_WIN_DISK_FULL = 112
_WIN_WRITE_PROTECT = 19


def _name(exc: OSError, path: object | None) -> str:
    shown = path if path is not None else exc.filename
    return f" «{shown}»" if shown else ""


def describe(exc: OSError, path: object | None = None) -> str:
    """One Vietnamese sentence (or two) for *exc*: what happened, then what to do."""
    code = exc.errno
    win = getattr(exc, "winerror", None)
    if code is None and win is None:
        return str(exc)  # raised by our own code, with its own message
    name = _name(exc, path)
    if win in (_WIN_SHARING_VIOLATION, _WIN_LOCK_VIOLATION) or code in (errno.EBUSY, errno.ETXTBSY):
        return f"Tệp{name} đang được một chương trình khác mở (Word, Excel…). Hãy đóng tệp đó rồi làm lại."
    if isinstance(exc, FileNotFoundError) or code == errno.ENOENT or win == _WIN_NOT_READY:
        return (
            f"Không tìm thấy tệp hoặc thư mục{name}: có thể nó đã bị xóa, đổi tên, "
            "hoặc nằm trên USB đã rút ra. Hãy kiểm tra lại rồi chọn lại."
        )
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return (
            f"Không có quyền ghi hoặc đọc{name}: tệp có thể đang mở trong Word/Excel, "
            "hoặc thư mục chỉ cho đọc. Hãy đóng tệp hoặc chọn thư mục khác (ví dụ Tài liệu)."
        )
    if code == errno.ENOSPC or win == _WIN_DISK_FULL:
        return f"Ổ đĩa đã đầy, không ghi được{name}. Hãy xóa bớt tệp hoặc chọn ổ đĩa khác."
    if code == errno.EROFS or win == _WIN_WRITE_PROTECT:
        return (
            f"Ổ đĩa chỉ cho đọc, không ghi được{name} (USB có thể đang gạt khóa ghi). "
            "Hãy mở khóa ghi hoặc chọn ổ đĩa khác."
        )
    if isinstance(exc, IsADirectoryError) or code == errno.EISDIR:
        return f"{name.strip() or 'Đường dẫn'} là một thư mục, không phải tệp. Hãy chọn một tệp."
    if isinstance(exc, NotADirectoryError) or code == errno.ENOTDIR:
        return f"Đường dẫn{name} không đúng: một phần của nó không phải thư mục. Hãy chọn lại."
    if code == errno.ENAMETOOLONG:
        return f"Tên tệp hoặc đường dẫn{name} quá dài. Hãy lưu vào thư mục ngắn hơn hoặc đặt tên ngắn hơn."
    number = win if win is not None else code
    detail = f" (mã lỗi {number})" if number is not None else ""
    return f"Lỗi hệ thống khi đọc hoặc ghi{name}{detail}. Hãy thử lại; nếu vẫn lỗi, hãy chép tệp sang ổ đĩa khác."


def database_message(exc: BaseException) -> str:
    """An SQLite error (``sqlite3.Error``) told in Vietnamese with what to do — a full disk,
    a read-only medium, a busy or damaged file — never the raw «database is locked»."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return (
            "Tệp dữ liệu đang bận: một chương trình khác đang ghi vào nó quá lâu. "
            "Thay đổi này chưa được ghi. Hãy chờ chương trình kia xong rồi làm lại."
        )
    if "full" in text:
        return "Ổ đĩa đã đầy, không ghi được tệp dữ liệu; thay đổi này chưa được ghi. Hãy xóa bớt tệp rồi làm lại."
    if "readonly" in text or "read-only" in text:
        return (
            "Tệp dữ liệu chỉ cho đọc (ổ đĩa hoặc thư mục bị khóa ghi), nên thay đổi này không ghi được. "
            "Hãy chép tệp vào thư mục có quyền ghi (ví dụ Tài liệu) rồi mở tệp đó."
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return (
            "Tệp dữ liệu bị hỏng. Hãy khôi phục bản sao lưu gần nhất (Tệp → Khôi phục, "
            "hoặc «kehoach backup list» và «kehoach backup restore»)."
        )
    if "disk i/o" in text:
        return (
            "Lỗi đọc/ghi ổ đĩa (USB bị rút ra hoặc ổ đĩa lỗi); thay đổi này chưa được ghi. "
            "Hãy kiểm tra ổ đĩa rồi mở lại tệp."
        )
    return f"Lỗi cơ sở dữ liệu ({exc}). Thay đổi này chưa được ghi; hãy thử lại, nếu vẫn lỗi hãy kiểm tra tệp dữ liệu."


def user_message(exc: BaseException) -> str:
    """What to show for an error caught together with others: OS and SQLite errors told
    as above, anything else by its own (Vietnamese) message."""
    import sqlite3

    if isinstance(exc, OSError):
        return describe(exc)
    if isinstance(exc, sqlite3.Error) and not isinstance(exc, sqlite3.IntegrityError):
        return database_message(exc)  # IntegrityError carries our triggers' Vietnamese reasons
    return str(exc)
