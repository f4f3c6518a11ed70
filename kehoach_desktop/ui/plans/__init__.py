"""The plan editor (Kế hoạch tab): plan list, section tree, tasks, Nơi nhận, signature,
the pre-signing check and the Dự thảo → Trình ký → Đã ban hành status.

The tab's panel is built when the tab is first shown or a menu action needs it (issue 19):
the menu actions exist from the start and reach the panel through ``window.plans_panel``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from ..main_window import MainWindow
    from .panel import PlansPanel

APPENDIX_TEXT = "Đánh dấu là phụ &lục"


class PlanActions:
    """What the Kế hoạch feature adds to the window before its panel exists: «Kế hoạch mới…»
    (cụ thể hóa may take it over, issue 15) and the stand-in of the editor's checkable
    «Đánh dấu là phụ lục», replaced by the editor's own action once the panel is built."""

    def __init__(self, new_plan: QAction, appendix: QAction):
        self.new_plan = new_plan
        self.appendix = appendix


def install(window: MainWindow) -> PlanActions:
    from PySide6.QtCore import QTimer

    def panel() -> PlansPanel:
        return window.plans_panel

    # ui/derive re-routes it while a registry document is selected (cụ thể hóa, issue 15).
    new_plan = window.add_action("plans", "&Kế hoạch mới…", lambda: panel().new_plan(), "Ctrl+N", toolbar=True)
    window.add_action("plans", "&Sao chép cho năm mới…", lambda: panel().clone_plan())
    window.menus["plans"].addSeparator()
    window.add_action(
        "plans", "Kiểm tr&a trước khi trình ký", lambda: (window.show_tab("plans"), panel().editor.run_check()), "F7"
    )
    window.add_action("plans", "Rà soát toàn bộ (mọi kế hoạ&ch và sổ văn bản)…", lambda: panel().sweep_all())
    window.add_action("plans", "&Trình ký", lambda: panel().editor._set_status("review"))
    window.add_action("plans", "&Ban hành…", lambda: panel().editor.issue())
    window.add_action("plans", "Tạ&o bản sửa đổi, bổ sung", lambda: panel().editor.create_revision())
    # Disabled until an item of an open plan is selected, which needs the panel: the editor's
    # own action takes this place when the panel is built.
    appendix = QAction(APPENDIX_TEXT, window)
    appendix.setCheckable(True)
    appendix.setEnabled(False)
    window.menus["plans"].addAction(appendix)
    window.add_action("plans", "Ngày bắt đầu &nhiệm kỳ (đánh số)…", lambda: panel().set_term_start())
    window.add_action("plans", "Danh sách đơn &vị…", lambda: panel().edit_units())
    window.add_action("plans", "Kiểu đánh số &mặc định…", lambda: panel().choose_default_style())
    window.registry_panel.plan_activated.connect(lambda plan_id: panel().open_plan(plan_id))
    actions = PlanActions(new_plan, appendix)
    window.add_lazy_tab("plans", "Kế hoạch", lambda: _build(window, actions))

    # Typing must never be lost: commit what is being typed before the window closes (the
    # field with the cursor first: closing does not always move the focus out of it), then
    # mark what is still stashed as left by a clean quit (the next start must not call it a crash).
    def closing() -> bool:
        import sqlite3

        from ...store import autosave
        from ..saving import commit_focused_edit

        try:
            commit_focused_edit(window)
            built = window.built_tab("plans")
            if built is not None:  # nothing can be typed in a panel never built
                editor = window.plans_panel.editor
                editor.commit_pending()
                editor.task_panel.close_down()
            if not window.ctx.read_only:
                autosave.mark_clean_exit(window.ctx.db)
        except sqlite3.ProgrammingError:  # closed again after its database was closed: nothing to save
            pass
        return True

    def save_typing() -> None:
        """Tệp → Lưu (Ctrl+S): what is being typed (item text, task fields, header) now."""
        if window.built_tab("plans") is not None:
            window.plans_panel.editor.commit_pending()

    window.close_hooks.append(closing)
    window.save_hooks.append(save_typing)
    QTimer.singleShot(0, window, lambda: offer_recovery(window))
    return actions


def _build(window: MainWindow, actions: PlanActions) -> PlansPanel:
    from .panel import PlansPanel

    panel = PlansPanel(window.ctx, window)
    panel.new_plan_action = actions.new_plan
    menu = window.menus["plans"]
    menu.insertAction(actions.appendix, panel.editor.appendix_action)  # checkable; follows the selected item
    menu.removeAction(actions.appendix)
    return panel


def offer_recovery(window: MainWindow) -> None:
    """After a crash, the text typed but never saved is offered back; only then is the panel
    built (a start without anything stashed does not pay for it)."""
    import sqlite3

    from ...store import autosave

    try:
        pending = autosave.pending(window.ctx.db)
    except sqlite3.ProgrammingError:  # the window was closed (database closed) before this ran
        return
    if pending and not window.ctx.read_only:
        window.plans_panel.offer_recovery()
