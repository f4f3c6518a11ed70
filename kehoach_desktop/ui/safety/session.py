"""Opening the database for the GUI with the safety steps and the recovery dialog
(called by app.py's Session)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from PySide6.QtWidgets import QWidget

from ...core import oserrors
from ...safety.startup import StartupResult, open_for_gui
from ...store.db import DatabaseError


def _recovery_dialog(path: Path, problem, parent):
    from .. import text_room
    from .recovery_dialog import RecoveryDialog

    text_room.install()  # before the window: its list of backups needs the room too
    dialog = RecoveryDialog(path, problem, parent)
    dialog.exec()
    return dialog


def _held_on_this_computer(result: StartupResult) -> bool:
    from ...safety.lock import host_name

    return result.holder is not None and result.holder.host == host_name()


def switch_question(who: str) -> str:
    """*who* is the holder's own description ("cửa sổ KeHoach của … trên máy … (từ …)")."""
    return f"Tệp dữ liệu này đang được mở trong một {who}."


def _ask_switch(parent: QWidget | None, who: str) -> bool:
    """True: bring the running window forward; False: open a read-only copy."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Question,
        "Tệp đang được mở",
        switch_question(who),
        QMessageBox.NoButton,
        parent,
    )
    box.setInformativeText("Chỉ một cửa sổ được sửa dữ liệu. Chuyển sang cửa sổ đó, hay mở thêm một cửa sổ chỉ để xem?")
    switch = box.addButton("Chuyển sang cửa sổ đang mở", QMessageBox.AcceptRole)
    box.addButton("Mở chỉ để xem", QMessageBox.RejectRole)
    box.setDefaultButton(switch)
    box.exec()
    return box.clickedButton() is switch


def open_with_safety(
    path: Path, parent: QWidget | None = None, *, smoke: bool = False, ask=None
) -> StartupResult | None:
    """Lock, back up, open, and on a damaged file ask the way out; None when the user quits."""
    from .. import messages

    ask = ask or _recovery_dialog
    # The check (and the backup after it) starts once the window is on screen (app.Session):
    # reading the whole file beside the window's own start-up slowed it (issue 19).
    result = open_for_gui(Path(path), make_backup=not smoke, background=True, defer_check=True, start_later=True)
    if result.holder is not None and not smoke and _held_on_this_computer(result):
        from .single_instance import ask_running_instance

        if _ask_switch(parent, result.holder.describe()):
            if ask_running_instance(path):
                result.close()
                return None
            messages.info(
                parent,
                "Không liên lạc được với cửa sổ đang mở (có thể tệp đang được dùng bởi "
                "dòng lệnh). Tệp được mở ở chế độ chỉ xem.",
                title="Chỉ xem",
            )
    while result.db is None:
        problem = result.problem
        if problem is None:  # pragma: no cover - open_for_gui always says why
            result.close()
            return None
        if smoke:  # a check of the build: no one is there to answer a dialog, say why and end
            print(f"{problem.title}: {problem.message}", file=sys.stderr, flush=True)
            result.close()
            return None
        if result.read_only:
            # Someone else has it open and it cannot be read: nothing we may repair from here.
            messages.error(parent, problem.message, title=problem.title)
            result.close()
            return None
        dialog = ask(Path(path), problem, parent)
        from ...safety.backup import BackupError  # a recovery only: not on the way to the window

        try:
            if dialog.choice == "backup":
                result.recover("backup")
            elif dialog.choice == "other":
                result.recover("backup", dialog.other_path)
            elif dialog.choice == "fresh":
                result.recover("fresh")
            else:
                result.close()
                return None
        except (BackupError, DatabaseError, OSError, sqlite3.Error) as exc:
            messages.error(parent, oserrors.user_message(exc), title="Chưa khôi phục được")
            continue
        if result.moved_aside is not None:
            messages.info(
                parent,
                f"Đã mở dữ liệu. Tệp cũ được giữ nguyên ở «{result.moved_aside}» "
                "để có thể gửi đi kiểm tra, cứu dữ liệu.",
                title="Đã khôi phục",
            )
    return result


def restore_closed_file(path: Path, chosen: Path, parent: QWidget | None = None) -> bool:
    """Restore ``chosen`` into ``path`` while no window has it open (the old session is
    closed, its pending work saved); the current content is backed up first."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from ...safety import backup
    from ...safety.lock import LockHeld, WriterLock
    from .. import messages

    QApplication.setOverrideCursor(Qt.WaitCursor)
    try:
        with WriterLock(path):
            safety = backup.restore_backup(chosen, path)
    except (backup.BackupError, LockHeld, OSError) as exc:
        QApplication.restoreOverrideCursor()
        messages.error(parent, f"Chưa khôi phục được: {oserrors.user_message(exc)}", title="Khôi phục")
        return False
    QApplication.restoreOverrideCursor()
    where = f"\nDữ liệu trước khi khôi phục được giữ ở «{safety.path}»." if safety else ""
    messages.info(
        parent,
        f"Đã khôi phục từ «{Path(chosen).name}». {backup.preview(chosen).summary()}{where}",
        title="Đã khôi phục",
    )
    return True
