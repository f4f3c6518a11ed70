"""An error nobody foresaw, raised in the window: said in Vietnamese, its traceback kept in a file.

PySide6 prints an exception raised in a slot and goes on: the secretary saw nothing happen (the
walk of session 9: «Lập báo cáo tổng hợp» in a window opened «chỉ để xem» did nothing at all, a
traceback on stderr that no Windows user ever sees). Now she is told that what she just did may not
be done, that what was saved is intact, and where the details are for whoever helps her. The box
does not block (``show``, not ``exec``): a second error, or a program driving the window, is never
stuck behind it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
import traceback
from pathlib import Path
from types import TracebackType

from ..core import oserrors

LOG_NAME = "loi-khong-luong-truoc.log"
LOG_LIMIT = 512 * 1024  # the file is started again beyond this: it never fills a disk
_shown: list = []  # the boxes on screen (one at a time)


def log_path() -> Path:
    from ..paths import user_data_dir

    return user_data_dir() / LOG_NAME


def describe(exc: BaseException, log: Path | None) -> str:
    """What the secretary reads: what happened, that saved data is intact, what to do."""
    if isinstance(exc, OSError | sqlite3.Error):
        text = oserrors.user_message(exc)
    else:
        text = (
            "Chương trình gặp một lỗi không lường trước khi làm việc vừa chọn, nên việc đó có thể chưa xong. "
            "Những gì đã lưu trước đó vẫn nguyên."
        )
    if log is not None:
        text += f"\n\nChi tiết đã ghi vào tệp «{log}». Nếu lỗi lặp lại, hãy gửi tệp đó cho người hỗ trợ."
    return text


def write_log(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> Path | None:
    """Append the traceback to the log; None when it cannot be written (a read-only profile)."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > LOG_LIMIT:
            path.unlink()
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n")
            fh.write("".join(traceback.format_exception(exc_type, exc, tb)))
    except OSError:
        return None
    return path


def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """``sys.excepthook`` of the window."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    traceback.print_exception(exc_type, exc, tb)  # the terminal and the tests still see it
    text = describe(exc, write_log(exc_type, exc, tb))
    try:
        _show(text)
    except Exception:  # noqa: BLE001 - the hook itself must never raise
        pass


def _show(text: str) -> None:
    from PySide6.QtWidgets import QApplication

    from .messages import error_box

    app = QApplication.instance()
    if app is None or _shown:
        return  # no window yet; or a box already says it
    box = error_box(app.activeWindow(), text)
    box.setObjectName("unexpectedError")
    box.finished.connect(lambda _r: (_shown.clear(), box.deleteLater()))
    _shown.append(box)
    box.show()
