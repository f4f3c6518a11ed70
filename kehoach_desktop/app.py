"""Starting the GUI: choose the database, open it safely, show the main window.

Qt is imported here and under ``ui/`` only; the command line never loads it.
"""

from __future__ import annotations

import argparse
import gc
import sqlite3
import sys
import time
from pathlib import Path

from . import APP_NAME, ORG_NAME, STARTED_AT, __version__


def gui_db_path(args: argparse.Namespace) -> Path:
    """``--db`` if given; else portable data beside the program; else AppDataLocation."""
    from .paths import DB_FILENAME, default_db_path, is_portable

    if getattr(args, "db", None):
        return Path(args.db)
    if is_portable(getattr(args, "portable", False)):
        return default_db_path(portable=True)
    import os

    if os.environ.get("KEHOACH_DATA_DIR"):
        return default_db_path()
    from PySide6.QtCore import QStandardPaths

    base = QStandardPaths.writableLocation(QStandardPaths.AppDataLocation)
    return Path(base) / DB_FILENAME if base else default_db_path()


def _import_the_qt_free_part() -> None:
    """What opening a file needs below the GUI, imported before PySide6 (issue 19).

    Once PySide6 is loaded, every ``import`` statement makes it read the source of the module
    it names, once, looking for "PySide6" (its ``__feature__`` support; a source install only,
    the frozen build has no sources to read): 94 modules, 8-14 ms of a start-up. Imported
    first, the store, the safety code and the standard modules they use are never named
    again by a statement PySide6 watches; only the GUI modules and what they import are read.
    """
    from .safety import startup  # noqa: F401  (the lock, backups, recovery, the store)
    from .store import commands, directives, profile  # noqa: F401


def run_gui(args: argparse.Namespace) -> int:
    from .ui.gc_pause import GcPause

    GcPause.hold()  # no collection while the window is made; back on once it is up (issue 19)
    _import_the_qt_free_part()
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    # 125 % and 150 % displays scale by the exact factor: Qt 6's default rounding policy
    # (PassThrough, held by tests/test_first_screen_without_qt_names.py); not set here, since
    # naming Qt on the way to the window costs 12-28 ms (ui.qt_values).
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    sys.excepthook = _unexpected  # an error nobody foresaw is said in the window (ui.unexpected)
    from .ui import pyside_guard

    pyside_guard.install()  # PySide6 6.12 on Python 3.11 loses references to None (see the module)
    from .ui import app_icon

    app_icon.apply(app)  # title bar, taskbar, Alt+Tab (issue 7)
    from .ui import qt_language

    qt_language.install(app)  # Qt's own menus, buttons and dialogs in Vietnamese (issue 7)
    # List and tree rows leave room for "Ữ", "Ặ" (issue 20): the style that does it comes once the
    # window is up (ui.text_room); the first screen's tree leaves the room itself.
    # The wheel guard (the mouse wheel never changes an unfocused field) comes with the window:
    # ui.main_window.WHEN_UP_MS.
    smoke = bool(getattr(args, "smoke", False))
    path = gui_db_path(args)
    session = Session(app, smoke=smoke)
    if not session.open(path):
        GcPause.release()
        return 1
    from PySide6.QtCore import QTimer

    from .ui.main_window import WHEN_UP_MS

    # not window.when_up: a window replaced at once (the demo offer) would never call it
    QTimer.singleShot(WHEN_UP_MS, _start_up_done)
    session.window.warmed.connect(gc.freeze)  # the other tabs' modules, imported when idle
    # Log-off, shutdown, SIGTERM: nothing lost. Watched from when the window is up (issue 19):
    # before that nothing can have been typed, and the watch (``signal``, a pipe) stays off the way.
    QTimer.singleShot(WHEN_UP_MS, lambda: _watch_session_end(app, session))
    if smoke:
        _smoke_finish(app, session.window, getattr(args, "tab", None))
    return app.exec()


def _unexpected(exc_type, exc, tb) -> None:
    from .ui import unexpected  # imported when an error comes, not on the way to the window

    unexpected.hook(exc_type, exc, tb)


def _watch_session_end(app, session: Session) -> None:
    from .ui import session_end

    session_end.install(app, lambda: session.window)


def _start_up_done() -> None:
    """The window is up: collection back on, without what start-up made in its walks.

    What start-up made lives as long as the program: PySide6's types and their enums, our
    modules, the window. With ~40,000 such objects (~70,000 once the other tabs' modules are
    warmed up) every full collection walked them all for nothing, 30-70 ms at a time, a
    stutter under the secretary's typing; frozen (``gc.freeze``) they are left out of every
    walk (a full collection after start-up: under 1 ms). They are still freed by reference
    counting; only a cycle among them would stay, and start-up leaves a few dozen objects of
    garbage at most (measured: 36)."""
    from .ui.gc_pause import GcPause

    gc.freeze()
    GcPause.release()


SMOKE_TABS = {"van-ban": "registry", "ke-hoach": "plans", "theo-doi": "tracking"}
SMOKE_TIMEOUT_MS = 300_000


def _smoke_finish(app, window, tab: str | None) -> None:
    """``--smoke``: print the milliseconds from the program's first line to a filled window
    (the registry tree), or with ``--tab`` to that tab filled (the tracking tab: its table
    and its dashboard's counts), then quit."""
    from PySide6.QtCore import QTimer

    def finish(what: str, fill: float, code: int = 0) -> None:
        elapsed = (time.perf_counter() - STARTED_AT) * 1000
        print(f"{elapsed:.0f} ms ({what}: {fill:.1f} ms)", flush=True)
        app.processEvents()  # what showing the tab queued (the plans list picks its first plan) runs before closing
        window.close()
        app.exit(code)

    if not tab:
        QTimer.singleShot(0, lambda: finish("cây văn bản", window.registry_panel.last_fill_ms))
        return
    shown_at = time.perf_counter()
    window.show_tab(SMOKE_TABS[tab])
    if tab != "theo-doi":  # the registry and the plans list are filled when shown
        if tab == "van-ban":
            fill = window.registry_panel.last_fill_ms
        else:  # the Kế hoạch tab: built, its list filled and its first plan opened, on showing it
            app.processEvents()
            fill = (time.perf_counter() - shown_at) * 1000
        QTimer.singleShot(0, lambda: finish(f"thẻ {tab}", fill))
        return
    panel = window.tracking_panel  # its table at once, its counts from a worker: wait for both
    done = []

    def on_filled() -> None:
        if not done:
            done.append(True)
            QTimer.singleShot(0, lambda: finish(f"thẻ {tab}", panel.last_fill_ms))

    panel.filled.connect(on_filled)
    if not panel.is_stale() and not panel.counts_pending:
        on_filled()

    def too_long() -> None:
        if not done:
            done.append(False)
            print(f"Thẻ «{tab}» chưa hiện đầy đủ sau {SMOKE_TIMEOUT_MS // 1000} giây.", file=sys.stderr, flush=True)
            window.close()
            app.exit(1)

    QTimer.singleShot(SMOKE_TIMEOUT_MS, too_long)


CHECK_AFTER_MS = 100  # the first paint first


def _start_background_once_shown(window, startup) -> None:
    """The start-up check and backup begin once the window is on screen: run beside the
    window's own start-up they slowed it by a quarter of a second on a large file (issue 19).
    A write or a worker that needs the file before then starts them itself (safety.deferred);
    a window closed at once never ran them and makes no backup of an unchecked file."""
    from PySide6.QtCore import QTimer

    QTimer.singleShot(CHECK_AFTER_MS, window, startup.start_background)


def _repair_after_check(ctx) -> None:
    """Once the start-up check has passed: the one-time repairs that write (issue 17's issuers
    in normal case). Before it, their write would wait for the whole check on the way to the
    window (issue 19)."""
    from .store.commands import Changes
    from .store.directives import normalise_issuers

    if not ctx.read_only and normalise_issuers(ctx.db):
        ctx.notify(Changes(structure=True))


def _watch_start_check(window, ctx, gate, quiet: bool = False) -> None:
    """The start-up check runs beside the window (safety.deferred): once it has passed the
    writable connection is swapped in; a damaged file stays read-only and the user is told
    what to do (nothing was written to it)."""
    from PySide6.QtCore import QTimer

    timer = QTimer(window)
    timer.setInterval(50)

    def poll() -> None:
        if not gate.done:
            return
        timer.stop()
        if gate.passed:
            if ctx.db is not None and ctx.db.write_gate is gate:
                gate.open_for_writing(ctx.db)
            if ctx.db is not None and window.isVisible():
                try:
                    _repair_after_check(ctx)
                except sqlite3.ProgrammingError:  # the window closed the file meanwhile
                    pass
            return
        reason = (
            f"{gate.error} Chương trình mở ở chế độ CHỈ XEM và không ghi gì vào tệp; "
            "hãy dùng Tệp → Khôi phục… để mở bản sao lưu gần nhất."
        )
        ctx.read_only_reason = reason
        window.statusBar().showMessage("CHỈ ĐỌC: " + reason)
        if quiet:
            print(reason, file=sys.stderr, flush=True)
        else:
            from .ui import messages

            messages.error(window, reason, title="Tệp dữ liệu bị hỏng")

    timer.timeout.connect(poll)
    timer.start()


class Session:
    """The open database and its window; switching files makes a new session's window."""

    def __init__(self, app, smoke: bool = False):
        self.app = app
        self.smoke = smoke
        self.window = None
        self.ctx = None
        self.home: Path | None = None  # the office's own file (the demo window offers the way back)

    def open(self, path: Path) -> bool:
        from .store.directives import ensure_levels, normalise_issuers
        from .store.profile import has_profile, is_demo
        from .ui.context import AppContext
        from .ui.main_window import MainWindow
        from .ui.safety.session import open_with_safety

        first_run = not path.exists()
        # Data safety (issue 6): one-writer lock, start-up backup, damaged-file recovery.
        # Reopening the same file (after a restore) closes the old window first: its close
        # hooks save pending work and release our own lock, which the new session needs.
        old_startup = self.ctx.startup if self.ctx is not None else None
        if old_startup is not None and old_startup.path == path and self.window is not None:
            quit_on_close = self.app.quitOnLastWindowClosed()
            self.app.setQuitOnLastWindowClosed(False)
            try:
                if not self.window.close():
                    return False
            finally:
                self.app.setQuitOnLastWindowClosed(quit_on_close)
            self.window = None
            if old_startup.restore_from is not None:  # Tệp → Khôi phục…: replace while nothing is open
                from .ui.safety.session import restore_closed_file

                restore_closed_file(path, old_startup.restore_from)
        startup = open_with_safety(path, self.window, smoke=self.smoke)
        if startup is None:
            return False
        db = startup.db
        if first_run and not db.read_only:
            ensure_levels(db)
        elif not db.read_only and startup.check_gate is None:
            normalise_issuers(db)  # once per database: issuers an older import kept in capitals (issue 17)
        ctx = AppContext(db, read_only_reason=startup.read_only_reason or "")
        ctx.startup = startup
        if not is_demo(db):
            self.home = path
        if not has_profile(db) and not self.smoke and not ctx.read_only and not is_demo(db):
            # Asked once; "Để sau" leaves it for Tệp → Thông tin cơ quan.
            if self._first_run(ctx) == "demo":
                startup.close(make_backup=False)  # the office's file stays as it is: empty, asked again next time
                return self.open_demo(path)
        elif first_run and self.smoke:
            from .demo import load_demo

            load_demo(db)
            ctx.profile = ctx.profile.from_dict(db.get_meta("office_profile"))
        old = self.window
        window = MainWindow(ctx)
        window.database_requested.connect(self._switch)
        if window.demo_banner is not None and self.home is not None and self.home != path:
            window.offer_real_data(self.home)
        window.close_hooks.append(lambda: self._closing(ctx))
        if db.path is not None:
            window.remember_recent(db.path)
        self.window, self.ctx = window, ctx
        window.show()
        _start_background_once_shown(window, startup)
        if startup.check_gate is not None:
            _watch_start_check(window, ctx, startup.check_gate, quiet=self.smoke)
        if old is not None:
            old.close()
        return True

    def _first_run(self, ctx) -> str:
        """The office form with grey hints: "saved", "later" or "demo" («Dùng thử với dữ liệu mẫu»)."""
        from .ui import text_room
        from .ui.first_run import ProfileDialog

        text_room.install()  # a dialog before the window: its lists need the room too
        dialog = ProfileDialog(ctx.profile, None, first_run=True)
        if dialog.exec():
            ctx.save_profile(dialog.profile())
            # the units of a commune/ward committee since 01/7/2025 (issue 17)
            from .store.profile import ensure_default_units

            ensure_default_units(ctx.db, dialog.profile().issuer_body)
            return "saved"
        return "demo" if dialog.wants_demo else "later"

    def open_demo(self, real: Path) -> bool:
        """A fresh demo file beside *real*, dated from today, opened in its own window."""
        from .demo import load_demo
        from .paths import demo_db_path
        from .safety.lock import LockHeld, WriterLock
        from .store import open_database

        path = demo_db_path(real)
        lock = WriterLock(path)
        try:
            lock.acquire()
        except LockHeld:  # the demo is open in another window: that window is the way (it asks)
            return self.open(path)
        try:
            for old in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                old.unlink(missing_ok=True)  # yesterday's demo: its dates would be stale
            db = open_database(path)
            try:
                load_demo(db)
            finally:
                db.close()
        finally:
            lock.release()  # also removes a lock left by a crash: a fresh demo has no crash to report
        return self.open(path)

    def _switch(self, path: str) -> None:
        self.open(Path(path))

    def _closing(self, ctx) -> bool:
        startup = ctx.startup
        if startup is not None:
            startup.close()  # backup when something changed, close, release the lock
        else:
            ctx.db.close()
        return True
