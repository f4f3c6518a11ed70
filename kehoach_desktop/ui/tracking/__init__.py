"""Theo dõi: task tracking by unit and period, Excel sheets out and back in, dashboard,
progress report and reminders (issue 5).

The tab's panel is built when the tab is first shown or a menu action needs it (issue 19);
the start-up reminders are counted without it and build it only when something is due.
"""

from __future__ import annotations

import os
import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..main_window import MainWindow
    from .drop import SheetDrop
    from .panel import TrackingPanel

REMIND_AFTER_MS = 1200  # once the window is up (non-modal; only when there is something due)


def install(window: MainWindow) -> None:
    from PySide6.QtCore import QTimer

    from .drop import SheetDrop

    sheet_drop = SheetDrop(window)  # the sheets units sent back, dragged onto the window

    def show_tab() -> TrackingPanel:
        window.show_tab("tracking")
        return window.tracking_panel

    window.add_lazy_tab(
        "tracking",
        "Theo dõi",
        lambda: _build(window, sheet_drop),
        warm=(
            "kehoach_desktop.tracking.queries",
            "kehoach_desktop.tracking.progress_ops",
            "kehoach_desktop.tracking.reminders",
            "kehoach_desktop.ui.tracking.reminders_dialog",
            "kehoach_desktop.ui.tracking.actions",
            "kehoach_desktop.ui.tracking.panel",
        ),
    )
    window.add_action("tracking", "&Bảng theo dõi nhiệm vụ", show_tab)  # also Xem → Theo dõi (Ctrl+3)
    window.add_action(
        "tracking", "&Ghi tiến độ nhiệm vụ đang chọn…", lambda: show_tab().record_progress(), "Ctrl+Shift+G"
    )
    window.menus["tracking"].addSeparator()
    window.add_action("tracking", "Xuất bảng &Excel tổng hợp…", lambda: show_tab().export_consolidated(), "Ctrl+Alt+E")
    window.add_action("tracking", "Xuất bảng Excel cho &từng đơn vị…", lambda: show_tab().export_per_unit())
    window.add_action("tracking", "&Nhập bảng Excel đơn vị gửi lại…", lambda: show_tab().import_files(), "Ctrl+Alt+I")
    window.when_up(lambda: window.installEventFilter(sheet_drop))  # issue 19: not while the window is built
    window.menus["tracking"].addSeparator()
    window.add_action(
        "tracking",
        "Tổng &quan (biểu đồ theo đơn vị)",
        lambda: (panel := show_tab()).tabs.setCurrentWidget(panel.dashboard),
    )
    window.add_action("tracking", "&Lập báo cáo kết quả thực hiện…", lambda: show_tab().make_report(), "Ctrl+Alt+B")
    window.add_action("tracking", "Nhắc &việc…", lambda: window.tracking_panel.show_reminders(), "Ctrl+Alt+N")
    if not os.environ.get("KEHOACH_NO_REMINDERS"):
        QTimer.singleShot(REMIND_AFTER_MS, window, lambda: remind_at_start(window))


def _build(window: MainWindow, sheet_drop: SheetDrop) -> TrackingPanel:
    from .panel import TrackingPanel

    panel = TrackingPanel(window.ctx, window)
    panel.sheet_drop = sheet_drop
    return panel


def remind_at_start(window: MainWindow) -> None:
    """The start-up reminders: counted on a worker without the tracking panel; the panel (and
    the reminders window, its child) is built only when something is due."""
    panel = window.built_tab("tracking")
    if panel is not None or window.ctx.db.path is None:  # built already, or in memory: the panel's own road
        window.tracking_panel.startup_reminders()
        return
    settings = window.settings
    if not window.isVisible() or not settings.value("tracking/remind_on_start", True, type=bool):
        return
    days = settings.value("tracking/remind_days", 7, type=int)
    from .reminder_count import count_in_background

    def ready(counts) -> None:
        if counts is None or counts.empty or not window.isVisible():
            return
        try:
            window.ctx.db.scalar("SELECT 1")
        except sqlite3.ProgrammingError:  # the file was closed while they were counted
            return
        window.tracking_panel.actions.show_startup_result(days, counts)

    count_in_background(window.ctx.pool, window.ctx.db.path, days, window, ready)
