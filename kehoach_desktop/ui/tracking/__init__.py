"""Theo dõi: task tracking by unit and period, Excel sheets out and back in, dashboard,
progress report and reminders (issue 5)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..main_window import MainWindow
    from .panel import TrackingPanel


def install(window: MainWindow) -> TrackingPanel:
    from PySide6.QtCore import QTimer

    from .panel import TrackingPanel

    panel = TrackingPanel(window.ctx, window)
    window.add_tab(panel, "Theo dõi", key="tracking")

    def show_tab():
        window.show_tab("tracking")
        return panel

    window.add_action("tracking", "&Bảng theo dõi nhiệm vụ", show_tab)  # also Xem → Theo dõi (Ctrl+3)
    window.add_action(
        "tracking", "&Ghi tiến độ nhiệm vụ đang chọn…", lambda: show_tab().record_progress(), "Ctrl+Shift+G"
    )
    window.menus["tracking"].addSeparator()
    window.add_action("tracking", "Xuất bảng &Excel tổng hợp…", lambda: show_tab().export_consolidated(), "Ctrl+Alt+E")
    window.add_action("tracking", "Xuất bảng Excel cho &từng đơn vị…", lambda: show_tab().export_per_unit())
    window.add_action("tracking", "&Nhập bảng Excel đơn vị gửi lại…", lambda: show_tab().import_files(), "Ctrl+Alt+I")
    window.menus["tracking"].addSeparator()
    window.add_action(
        "tracking", "Tổng &quan (biểu đồ theo đơn vị)", lambda: show_tab().tabs.setCurrentWidget(panel.dashboard)
    )
    window.add_action("tracking", "&Lập báo cáo kết quả thực hiện…", lambda: show_tab().make_report(), "Ctrl+Alt+B")
    window.add_action("tracking", "Nhắc &việc…", lambda: panel.show_reminders(), "Ctrl+Alt+N")
    # Reminders at start-up, once the window is up (non-modal; only when there is something due).
    if not os.environ.get("KEHOACH_NO_REMINDERS"):
        QTimer.singleShot(1200, panel, panel.startup_reminders)
    return panel
