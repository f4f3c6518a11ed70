"""The plan editor (Kế hoạch tab): plan list, section tree, tasks, Nơi nhận, signature,
the pre-signing check and the Dự thảo → Trình ký → Đã ban hành status."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..main_window import MainWindow
    from .panel import PlansPanel


def install(window: MainWindow) -> PlansPanel:
    from PySide6.QtCore import QTimer

    from .panel import PlansPanel

    panel = PlansPanel(window.ctx, window)
    window.add_tab(panel, "Kế hoạch", key="plans")
    editor = panel.editor
    # ui/derive re-routes it while a registry document is selected (cụ thể hóa, issue 15).
    panel.new_plan_action = window.add_action(
        "plans", "&Kế hoạch mới…", lambda: panel.new_plan(), "Ctrl+N", toolbar=True
    )
    window.add_action("plans", "&Sao chép cho năm mới…", lambda: panel.clone_plan())
    window.menus["plans"].addSeparator()
    window.add_action(
        "plans", "Kiểm tr&a trước khi trình ký", lambda: (window.show_tab("plans"), editor.run_check()), "F7"
    )
    window.add_action("plans", "Rà soát toàn bộ (mọi kế hoạ&ch và sổ văn bản)…", lambda: panel.sweep_all())
    window.add_action("plans", "&Trình ký", lambda: editor._set_status("review"))
    window.add_action("plans", "&Ban hành…", lambda: editor.issue())
    window.add_action("plans", "Tạ&o bản sửa đổi, bổ sung", editor.create_revision)
    window.menus["plans"].addAction(editor.appendix_action)  # checkable; follows the selected item
    window.add_action("plans", "Ngày bắt đầu &nhiệm kỳ (đánh số)…", panel.set_term_start)
    window.add_action("plans", "Danh sách đơn &vị…", lambda: panel.edit_units())
    window.add_action("plans", "Kiểu đánh số &mặc định…", lambda: panel.choose_default_style())
    window.registry_panel.plan_activated.connect(panel.open_plan)

    # Typing must never be lost: commit what is being typed before the window closes (the
    # field with the cursor first: closing does not always move the focus out of it), then
    # mark what is still stashed as left by a clean quit (the next start must not call it a crash).
    def closing() -> bool:
        import sqlite3

        from ...store import autosave
        from ..saving import commit_focused_edit

        try:
            commit_focused_edit(window)
            editor.commit_pending()
            editor.task_panel.close_down()
            if not window.ctx.read_only:
                autosave.mark_clean_exit(window.ctx.db)
        except sqlite3.ProgrammingError:  # closed again after its database was closed: nothing to save
            pass
        return True

    window.close_hooks.append(closing)
    # Tệp → Lưu (Ctrl+S): what is being typed (item text, task fields, header) now.
    window.save_hooks.append(editor.commit_pending)
    QTimer.singleShot(0, panel, panel.offer_recovery)  # not run if the panel is gone
    return panel
