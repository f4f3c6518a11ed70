"""Cụ thể hóa in the window (issue 15): «Cụ thể hóa…» on the registry toolbar and menu, in the
document's right-click menu and detail pane, and from «Kế hoạch mới» while a document is
selected; the review screen; «Tạo dự thảo» opens the new plan in the editor.

``install(window)`` returns the feature's part, :class:`DeriveActions` (the window keeps it as
``window.derive``); it reaches the registry and the plan editor through the window's panels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from .. import messages

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ..main_window import MainWindow
    from ..registry.panel import RegistryPanel
    from .review import DeriveReview

TEXT = "Cụ thể &hóa…"
TIP = "Soạn dự thảo Kế hoạch thực hiện văn bản đang chọn (Ctrl+Shift+K)"


def has_structure(panel: RegistryPanel, did: int) -> bool:
    from ...store import directives

    row = directives.get_row(panel.ctx.db, did)
    return row is not None and bool(row["structure_json"]) and not panel.ctx.read_only


class DeriveActions:
    """The feature's part: the «Cụ thể hóa…» action and the review open right now (if any)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog: DeriveReview | None = None  # the review while it is open (tests, the walk)
        self.action = QAction(TEXT, window)
        self.action.setShortcuts([QKeySequence("Ctrl+Shift+K")])  # not setShortcut: ui.qt_values
        self.action.setToolTip(TIP)
        self.action.triggered.connect(lambda: self.derive())
        self._shown = ""  # the status-bar line we put there (cleared only if still ours)

    def show_upstream(self, node_id: int | None) -> None:
        """The plan editor's current item: which upstream item it implements, in the status bar."""
        bar = self.window.statusBar()
        link = None
        if node_id is not None:
            from ...store import derive as derive_store

            link = derive_store.upstream_of(self.window.ctx.db, node_id)
        if link is None:
            if self._shown and bar.currentMessage() == self._shown:
                bar.clearMessage()
            self._shown = ""
            return
        from ...core.derive import item_label

        text = link["upstream_text"]
        text = text if len(text) <= 110 else text[:109].rstrip() + "…"
        where = item_label(link["item_key"])
        self._shown = f"Thực hiện {where} của {link['doc_type']} {link['number']}: «{text}»"
        bar.showMessage(self._shown)

    def derive(self, directive_id: int | None = None) -> int | None:
        """Review and create the draft for *directive_id* (the registry's selection when None)."""
        from PySide6.QtWidgets import QDialog

        from ...store import derive as derive_store
        from .review import DeriveReview

        window = self.window
        registry = window.registry_panel
        did = directive_id if directive_id is not None else registry.current_id()
        if did is None:
            messages.info(window, "Hãy chọn một văn bản trong sổ văn bản chỉ đạo rồi chọn «Cụ thể hóa…».")
            return None
        if window.ctx.refuse_writing(window, "cụ thể hóa văn bản"):  # before the review's choices
            return None
        if not self._none_yet_or_another(did):
            return None
        try:
            derivation = derive_store.start(window.ctx.db, did)
        except (LookupError, ValueError) as exc:
            messages.error(window, str(exc))
            return None
        self.dialog = DeriveReview(derivation, window)
        try:
            if self.dialog.exec() != QDialog.Accepted:
                return None
        finally:
            self.dialog = None
        cmd = derive_store.DerivePlan(derivation)
        if window.ctx.push(cmd) is None:
            return None
        if derivation.lead_days != derive_store.office_lead_days(window.ctx.db):
            derive_store.set_office_lead_days(window.ctx.db, derivation.lead_days)  # the office's choice, kept
        window.plans_panel.open_plan(cmd.plan_id)
        return cmd.plan_id

    def _none_yet_or_another(self, did: int) -> bool:
        """A document already implemented by a plan of ours: open that plan, or (asked) derive
        another. A second «Cụ thể hóa…» made a second draft without a word, its tasks counted
        twice in «Theo dõi» (the walk)."""
        from ...store import derive as derive_store

        window = self.window
        existing = derive_store.implementing_plans(window.ctx.db, did)
        if not existing:
            return True
        plan = existing[0]  # an issued one first
        name = f"Kế hoạch số {plan['number']}" if plan["number"] else "Kế hoạch"
        title = f" «{plan['title']}»" if plan["title"] else ""
        if plan["status"] == "issued":
            text = f"Văn bản này đã được cụ thể hóa: {name}{title} đã ban hành."
        else:
            text = f"Văn bản này đã có dự thảo: {name}{title}, chưa ban hành."
        if len(existing) > 1:
            text += f" (Cùng thực hiện văn bản này còn {len(existing) - 1} kế hoạch khác.)"
        answer = messages.choose(
            window,
            text,
            ("Mở kế hoạch đã có", "Vẫn soạn dự thảo mới"),
            title="Cụ thể hóa",
            detail="Soạn thêm dự thảo thì hai kế hoạch cùng thực hiện một văn bản, "
            "và nhiệm vụ của cả hai đều vào bảng Theo dõi.",
        )
        if answer == 0:
            window.plans_panel.open_plan(plan["id"])
        return answer == 1

    def new_plan(self) -> None:
        """«Kế hoạch mới» while a registry document is selected: offer to cụ thể hóa it."""
        window = self.window
        registry = window.registry_panel
        did = registry.current_id() if window.tabs.currentWidget() is registry else None
        if did is not None and has_structure(registry, did):
            from ...store import directives

            d = directives.get(window.ctx.db, did)
            label = f"{d.doc_type} {d.number}".strip() if d else "văn bản đang chọn"
            if messages.confirm(
                window,
                f"Soạn Kế hoạch thực hiện «{label}» (cụ thể hóa văn bản đang chọn)?",
                title="Kế hoạch mới",
                yes="Cụ thể hóa",
                no="Kế hoạch trống/từ mẫu",
            ):
                self.derive(did)
                return
        window.plans_panel.new_plan()


def derive_document(window: MainWindow, directive_id: int | None = None) -> int | None:
    """Review and create the draft for *directive_id* from anywhere in the window (e.g. right
    after a plan bundle is received)."""
    return window.derive.derive(directive_id)


def install(window: MainWindow) -> DeriveActions:
    """Returns the feature's part; the window keeps it as ``window.derive``."""
    actions = DeriveActions(window)
    registry = window.registry_panel
    window.menus["registry"].addSeparator()
    window.menus["registry"].addAction(actions.action)
    window.toolbar.addAction(actions.action)
    # The registry's right-click menu and detail-pane buttons (issue 20) carry «Cụ thể hóa…»,
    # usable as on the toolbar: on a document without its text it says what to do (greyed out,
    # it said nothing — the walk).
    from ..registry.actions import DocumentAction

    registry.add_document_action(
        DocumentAction("derive", TEXT, lambda p, d: actions.derive(d), lambda p, _d: not p.ctx.read_only, TIP)
    )

    # Traceable the other way: the editor's current item → the upstream item it implements.
    def follow_editor(panel: QWidget) -> None:
        editor = window.plans_panel.editor
        editor.tree.selectionModel().currentChanged.connect(lambda *_: actions.show_upstream(editor.current_node_id()))

        # The line belongs to the plan editor: gone when another tab is shown (the walk read
        # «Thực hiện mục … của Kế hoạch …» under the tracking table), back with the editor.
        def tab_shown(_index: int) -> None:
            shown = window.tabs.currentWidget() is panel
            actions.show_upstream(editor.current_node_id() if shown else None)

        window.tabs.currentChanged.connect(tab_shown)

    window.when_built("plans", follow_editor)
    # «Kế hoạch mới» while a registry document is selected: cụ thể hóa that document.
    new_plan = window.plan_actions.new_plan
    new_plan.triggered.disconnect()
    new_plan.triggered.connect(actions.new_plan)
    return actions
