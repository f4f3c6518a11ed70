"""Export, print preview and printing: menu Kế hoạch → Xuất PDF… / Xuất DOCX… / Xem trước khi in (Ctrl+P).

Which plan: the plan editor may expose ``current_plan_id()`` on the window or on its
tab (key ``plans``); otherwise the user picks one from a list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..main_window import MainWindow
    from .controller import ExportController


def install(window: MainWindow) -> ExportController:
    from .controller import ExportController

    controller = ExportController(window)
    menu = window.menus["plans"]
    menu.addSeparator()
    menu.aboutToShow.connect(controller.warm_up)
    window.add_action("plans", "Xem trước khi &in…", lambda: controller.preview(), "Ctrl+P", toolbar=True)
    window.add_action("plans", "Xuất &PDF…", lambda: controller.export("pdf"))
    window.add_action("plans", "Xuất &DOCX…", lambda: controller.export("docx"))
    return controller
