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


def user_message(exc: BaseException) -> str:
    """What to show for an error caught together with others: OS errors told as above."""
    return describe(exc) if isinstance(exc, OSError) else str(exc)
