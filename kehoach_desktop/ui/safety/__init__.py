"""Data safety in the GUI: Tệp → Sao lưu ngay / Sao lưu ra… / Khôi phục…, Sửa → Lịch sử
thay đổi…, and the banners (read-only: who has the file open; network share; crash)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import messages

if TYPE_CHECKING:
    from ..main_window import MainWindow
    from .single_instance import InstanceServer


LISTEN_AFTER_MS = 300


def install(window: MainWindow) -> SafetyActions:
    ctx = window.ctx
    startup = ctx.startup
    banners = [(text, "warning", True) for text in (startup.warnings if startup is not None else [])]
    if ctx.read_only:
        banners.insert(0, ("CHỈ XEM — " + (ctx.read_only_reason or "tệp dữ liệu không ghi được."), "readonly", False))
    if banners:
        from .banner import add_banner

        for text, kind, closable in banners:
            add_banner(window, text, kind, closable=closable)
    actions = SafetyActions(window)
    if actions.may_listen:
        from PySide6.QtCore import QTimer

        # Once the window is up (issue 19): QtNetwork and the socket stay off the start-up path.
        # Until then a second start finds the lock held and opens read-only, saying so.
        QTimer.singleShot(LISTEN_AFTER_MS, window, lambda: actions.server if window.isVisible() else None)
    return actions


def _listen_for_second_start(window: MainWindow) -> InstanceServer:
    """A second start on this computer may ask this window to come forward."""
    from .single_instance import InstanceServer, bring_to_front

    server = InstanceServer(window.ctx.db.path, window)
    server.activated.connect(lambda: bring_to_front(window))

    def stop() -> bool:
        server.close()
        return True

    window.close_hooks.insert(0, stop)
    return server


def _show_history(window: MainWindow) -> None:
    from .history import show_history

    show_history(window)


class SafetyActions:
    def __init__(self, window):
        self.window, self.ctx = window, window.ctx
        w = window
        # Lambdas: QAction.triggered would hand its "checked" flag to the optional arguments.
        self.backup_now = w.add_action("file", "&Sao lưu ngay", lambda: self.make_backup(), "Ctrl+Shift+B")
        self.backup_out = w.add_action("file", "Sao lưu &ra…", lambda: self.export_backup())
        self.restore = w.add_action("file", "&Khôi phục…", lambda: self.restore_backup())
        self.history = w.add_action("edit", "Lịch &sử thay đổi…", lambda: _show_history(w), "Ctrl+Shift+H")
        no_file = self.ctx.db.path is None
        for act in (self.backup_now, self.backup_out, self.restore):
            act.setEnabled(not no_file)
        if self.ctx.read_only:
            self.restore.setEnabled(False)
            self.restore.setToolTip("Tệp đang mở chỉ để xem: không khôi phục được.")
        self.last_job = None
        self.may_listen = not self.ctx.read_only and not no_file
        self._server: InstanceServer | None = None

    @property
    def server(self) -> InstanceServer | None:
        """Listens for a second start on this computer (None when read-only); started once
        the window is up, or now when asked first."""
        if self._server is None and self.may_listen:
            self._server = _listen_for_second_start(self.window)
        return self._server

    @property
    def path(self) -> Path:
        return Path(self.ctx.db.path)

    # -- backup ---------------------------------------------------------------------------
    def make_backup(self):
        from ...safety import backup

        path = self.path

        # The worker reads through its own connection: the GUI's connection stays the GUI's.
        def work(progress, cancelled):
            return backup.create_backup(path, "thucong", progress=progress, abort=cancelled)

        def done(info):
            startup = self.ctx.startup
            if startup is not None:
                startup.mark_saved()
            messages.info(
                self.window, f"Đã sao lưu vào «{info.path}».\n{backup.preview(info.path).summary()}", title="Đã sao lưu"
            )

        self.last_job = self.ctx.run_job(self.window, "Đang sao lưu…", work, on_done=done, on_error=self._error)
        return self.last_job

    def export_backup(self, folder: str | None = None):
        from ...safety import backup
        from .. import files

        if folder is None:
            folder = files.choose_folder(self.window, "Chọn thư mục hoặc USB để sao lưu ra")
            if not folder:
                return None
        path = self.path

        def work(progress, cancelled):
            return backup.export_backup(path, folder, progress=progress, abort=cancelled)

        def done(out):
            messages.info(
                self.window,
                f"Đã sao lưu ra «{out}».\nTệp này mở được bằng Tệp → Mở tệp dữ liệu, "
                "hoặc khôi phục bằng Tệp → Khôi phục.",
                title="Đã sao lưu",
            )

        self.last_job = self.ctx.run_job(self.window, "Đang sao lưu ra…", work, on_done=done, on_error=self._error)
        return self.last_job

    # -- restore --------------------------------------------------------------------------
    def restore_backup(self, chosen: Path | None = None, confirmed: bool = False):
        from ...safety import backup

        if self.ctx.read_only:
            messages.error(self.window, "Tệp đang mở chỉ để xem: không khôi phục được. " + self.ctx.read_only_reason)
            return None
        if chosen is None:
            from .restore_dialog import RestoreDialog

            dialog = RestoreDialog(self.path, self.window)
            if not dialog.exec() or dialog.chosen is None:
                return None
            chosen = dialog.chosen
        pv = backup.preview(chosen)
        if not pv.ok:
            messages.error(self.window, pv.message)
            return None
        if not confirmed and not messages.confirm(
            self.window,
            f"Khôi phục «{Path(chosen).name}»?\n{pv.summary()}",
            detail="Dữ liệu hiện tại sẽ được sao lưu trước (lý do «Trước khi khôi phục»), nên bạn luôn quay lại được.",
            yes="Khôi phục",
            no="Hủy",
        ):
            return None
        startup = self.ctx.startup
        if startup is not None:  # set by app.Session, which reopens on database_requested
            # Close this window (pending work saved, lock released), restore, reopen.
            startup.restore_from = Path(chosen)
            self.window.database_requested.emit(str(self.path))
            return None
        return self._restore_in_place(Path(chosen), pv)

    def _restore_in_place(self, chosen: Path, pv):
        """Without a session to reopen (an embedded window): restore through a separate
        connection on a worker, then bring the schema up to date and refresh every view."""
        from ...safety import backup
        from ...store.commands import Changes
        from ...store.db import migrate

        path, db = self.path, self.ctx.db

        def work(progress, cancelled):
            return backup.restore_backup(chosen, path, progress=progress, abort=cancelled)

        def done(safety):
            migrate(db)
            self.ctx.undo_stack.clear()
            where = f"\nDữ liệu trước khi khôi phục được giữ ở «{safety.path}»." if safety else ""
            messages.info(self.window, f"Đã khôi phục. {pv.summary()}{where}", title="Đã khôi phục")
            self.ctx.notify(Changes(structure=True))

        self.last_job = self.ctx.run_job(self.window, "Đang khôi phục…", work, on_done=done, on_error=self._error)
        return self.last_job

    def _error(self, exc: BaseException) -> None:
        messages.error(self.window, str(exc), title="Chưa sao lưu/khôi phục được")
