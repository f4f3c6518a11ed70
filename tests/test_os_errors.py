"""OS errors reach the user in Vietnamese with what to do, never as "[Errno 13] Permission denied"."""

from __future__ import annotations

import errno
import unicodedata
from pathlib import Path

import pytest

from kehoach_desktop.cli import main
from kehoach_desktop.core import oserrors
from kehoach_desktop.safety.hostile import HostileFileError, check_office_file, check_text_file

ENGLISH = ("Errno", "denied", "No such file", "directory", "Permission", "space left", "Read-only")


def _oserror(cls, code: int, name: str = "tiendo.xlsx", winerror: int | None = None) -> OSError:
    exc = cls(code, "English text from the system", name)
    if winerror is not None:
        exc.winerror = winerror
    return exc


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (_oserror(PermissionError, errno.EACCES), "đang mở trong Word/Excel"),
        (_oserror(FileNotFoundError, errno.ENOENT), "USB đã rút"),
        (_oserror(OSError, errno.ENOSPC), "Ổ đĩa đã đầy"),
        (_oserror(OSError, errno.EROFS), "chỉ cho đọc"),
        (_oserror(IsADirectoryError, errno.EISDIR), "là một thư mục"),
        (_oserror(OSError, errno.ENAMETOOLONG), "quá dài"),
        (_oserror(OSError, errno.EBUSY), "chương trình khác mở"),
        (_oserror(PermissionError, errno.EACCES, winerror=32), "chương trình khác mở"),  # Windows: file in use
        (_oserror(OSError, errno.EIO), "mã lỗi"),
    ],
)
def test_each_os_error_says_what_happened_and_what_to_do(exc, words):
    text = oserrors.describe(exc)
    assert words in text
    assert "«tiendo.xlsx»" in text  # names the file
    assert "Hãy" in text  # says what to do
    assert not any(w in text for w in ENGLISH), text
    assert unicodedata.is_normalized("NFC", text)


def test_our_own_os_errors_keep_their_message():
    own = OSError("Không mở được máy in. Hãy kiểm tra máy in đã bật.")
    assert oserrors.describe(own) == str(own)
    assert oserrors.user_message(ValueError("Ngày không hợp lệ")) == "Ngày không hợp lệ"


def test_a_file_that_disappeared_is_told_in_vietnamese(tmp_path):
    for check, name in ((check_office_file, "ke-hoach.docx"), (check_text_file, "ke-hoach.txt")):
        args = (tmp_path / name, "docx") if check is check_office_file else (tmp_path / name,)
        with pytest.raises(HostileFileError) as err:
            check(*args)
        text = str(err.value)
        assert "Không tìm thấy" in text and name in text
        assert not any(w in text for w in ENGLISH), text


def test_cli_export_into_a_missing_folder_is_told_in_vietnamese(demo_db, tmp_path, capsys):
    plan_id = demo_db.scalar("SELECT id FROM plans ORDER BY id LIMIT 1")
    demo_db.close()
    out = tmp_path / "khong-co-thu-muc" / "kehoach.pdf"
    for fmt in ("pdf", "progress"):
        code = main(["export", fmt, "--db", str(Path(demo_db.path)), "--plan", str(plan_id), "-o", str(out)])
        err = capsys.readouterr().err
        assert code != 0 and "Không tìm thấy tệp hoặc thư mục" in err, err
        assert not any(w in err for w in ENGLISH), err


# -- SQLite errors (issue 13): a full disk, a busy or read-only file, never in English ----------
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("database or disk is full", "Ổ đĩa đã đầy"),
        ("database is locked", "đang bận"),
        ("attempt to write a readonly database", "chỉ cho đọc"),
        ("database disk image is malformed", "bị hỏng"),
        ("disk I/O error", "USB"),
    ],
)
def test_sqlite_errors_are_told_in_vietnamese(text, words):
    import sqlite3

    message = oserrors.user_message(sqlite3.OperationalError(text))
    assert words in message and "Hãy" in message and text not in message


def test_a_full_disk_during_an_edit_is_told_not_thrown(qtbot, tmp_path, monkeypatch):
    """An ordinary command in the window hits a full disk: a Vietnamese message, no traceback
    escaping into Qt, the undo history untouched."""
    import sqlite3

    from kehoach_desktop.store import open_database
    from kehoach_desktop.store.commands import Command
    from kehoach_desktop.ui import messages
    from kehoach_desktop.ui.context import AppContext

    said: list[str] = []
    monkeypatch.setattr(messages, "error", lambda parent, text, title="": said.append(text))

    class Full(Command):
        text = "Sửa"

        def redo(self, db):
            raise sqlite3.OperationalError("database or disk is full")

        def undo(self, db):  # pragma: no cover - never reached
            raise AssertionError

    db = open_database(tmp_path / "k.sqlite3")
    try:
        ctx = AppContext(db)
        assert ctx.push(Full()) is None
        assert said and "Ổ đĩa đã đầy" in said[-1]
        assert ctx.undo_stack.count() == 0
    finally:
        db.close()
