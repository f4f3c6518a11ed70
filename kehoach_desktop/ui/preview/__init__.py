"""Export, print preview and printing: menu Kế hoạch → Xuất PDF… / Xuất DOCX… / Xem trước khi in (Ctrl+P).

Which plan: the plan editor may expose ``current_plan_id()`` on the window or on its
tab (key ``plans``); otherwise the user picks one from a list.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from ..main_window import MainWindow


WARM_UP_AFTER_MS = 2500  # after the start-up work (the tab's counts, the reminders)


def install(window: MainWindow) -> None:
    """The Kế hoạch menu's export and print entries; the controller behind them
    (``window.export_controller``) is made when one is first used (issue 19)."""
    menu = window.menus["plans"]
    menu.addSeparator()
    menu.aboutToShow.connect(lambda: window.export_controller.warm_up())
    # Once the window is up (issue 19): reportlab and the fonts load on a worker, so the first
    # PDF export of the session is as fast as the next ones; start-up itself pays nothing.
    if not os.environ.get("KEHOACH_NO_WARM_UP"):
        QTimer.singleShot(WARM_UP_AFTER_MS, window, lambda: window.export_controller.warm_up())
    window.add_action("plans", "Xem trước khi &in…", lambda: window.export_controller.preview(), "Ctrl+P", toolbar=True)
    window.add_action("plans", "Xuất &PDF…", lambda: window.export_controller.export("pdf"))
    window.add_action("plans", "Xuất &DOCX…", lambda: window.export_controller.export("docx"))
    window.add_action("plans", "Nạp mẫu trình bà&y từ tệp…", lambda: import_profile_file(window))


def import_profile_file(window, path: str | None = None) -> str | None:
    """A layout profile made from an official text (e.g. Hướng dẫn 05-HD/VPTW), issue 17."""
    from ...export.layout_profile import ProfileError, import_profile
    from .. import files, messages

    if path is None:
        path = files.open_file(window, "Chọn tệp mẫu trình bày", "Mẫu trình bày (*.json)")
    if not path:
        return None
    try:
        prof = import_profile(path)
    except ProfileError as exc:
        messages.error(window, str(exc))
        return None
    messages.info(window, f"Đã nạp mẫu «{prof.name}». Chọn mẫu này trong hộp «Mẫu trình bày» khi xuất hoặc in.")
    return prof.id
