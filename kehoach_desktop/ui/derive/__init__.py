"""Cụ thể hóa in the window (issue 15): «Cụ thể hóa…» on the registry toolbar and menu, in the
document's right-click menu and detail pane, and from «Kế hoạch mới» while a document is
selected; the review screen; «Tạo dự thảo» opens the new plan in the editor."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu

from ...store import derive as derive_store
from ...store import directives
from .. import messages

TEXT = "Cụ thể &hóa…"
TIP = "Soạn dự thảo Kế hoạch thực hiện văn bản đang chọn (Ctrl+Shift+K)"


def has_structure(panel, did: int) -> bool:
    row = directives.get_row(panel.ctx.db, did)
    return row is not None and bool(row["structure_json"]) and not panel.ctx.read_only


def derive_document(window, directive_id: int | None = None) -> int | None:
    """Review and create the draft for *directive_id* (the registry's selection when None)."""
    from .review import DeriveReview

    registry = window.registry_panel
    did = directive_id if directive_id is not None else registry.current_id()
    if did is None:
        messages.info(window, "Hãy chọn một văn bản trong sổ văn bản chỉ đạo rồi chọn «Cụ thể hóa…».")
        return None
    try:
        derivation = derive_store.start(window.ctx.db, did)
    except (LookupError, ValueError) as exc:
        messages.error(window, str(exc))
        return None
    dialog = DeriveReview(derivation, window)
    window.derive_dialog = dialog  # tests and the walk reach the open review here
    try:
        if dialog.exec() != QDialog.Accepted:
            return None
    finally:
        window.derive_dialog = None
    cmd = derive_store.DerivePlan(derivation)
    if window.ctx.push(cmd) is None:
        return None
    window.plans_panel.open_plan(cmd.plan_id)
    return cmd.plan_id


def install(window) -> None:
    registry = window.registry_panel
    window.derive_dialog = None
    act = QAction(TEXT, window)
    act.setShortcut(QKeySequence("Ctrl+Shift+K"))
    act.setToolTip(TIP)
    act.triggered.connect(lambda: derive_document(window))
    window.derive_action = act
    window.menus["registry"].addSeparator()
    window.menus["registry"].addAction(act)
    window.toolbar.addAction(act)
    if hasattr(registry, "add_document_action"):  # issue 20's right-click menu and detail-pane buttons
        from ..registry.actions import DocumentAction

        registry.add_document_action(
            DocumentAction("derive", TEXT, lambda p, d: derive_document(window, d), has_structure, TIP)
        )
    else:  # until that lands: a right-click menu of our own on the registry trees
        for view in (registry.level_view, registry.chain_view):
            view.setContextMenuPolicy(Qt.CustomContextMenu)
            view.customContextMenuRequested.connect(lambda pos, v=view: _context_menu(window, v, pos))
    # «Kế hoạch mới» while a registry document is selected: cụ thể hóa that document.
    new_plan = window.new_plan_action
    new_plan.triggered.disconnect()
    new_plan.triggered.connect(lambda: _new_plan(window))


def _context_menu(window, view, pos) -> None:
    index = view.indexAt(pos)
    registry = window.registry_panel
    if not index.isValid():
        return
    view.setCurrentIndex(index)
    did = registry.current_id()
    if did is None:
        return
    menu = QMenu(view)
    item = menu.addAction(TEXT.replace("&", ""), lambda: derive_document(window, did))
    item.setEnabled(has_structure(registry, did))
    menu.addAction("Sửa…", registry.edit_current)
    menu.exec(view.viewport().mapToGlobal(pos))


def _new_plan(window) -> None:
    registry = window.registry_panel
    did = registry.current_id() if window.tabs.currentWidget() is registry else None
    if did is not None and has_structure(registry, did):
        d = directives.get(window.ctx.db, did)
        label = f"{d.doc_type} {d.number}".strip() if d else "văn bản đang chọn"
        if messages.confirm(
            window,
            f"Soạn Kế hoạch thực hiện «{label}» (cụ thể hóa văn bản đang chọn)?",
            title="Kế hoạch mới",
            yes="Cụ thể hóa",
            no="Kế hoạch trống/từ mẫu",
        ):
            derive_document(window, did)
            return
    window.plans_panel.new_plan()
