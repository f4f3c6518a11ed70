"""The directive registry: tree views, search, the document form."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..main_window import MainWindow
    from .panel import RegistryPanel


def install(window: MainWindow) -> RegistryPanel:
    from .panel import RegistryPanel

    panel = RegistryPanel(window.ctx, window)
    window.add_tab(panel, "Văn bản chỉ đạo", key="registry")
    panel.install_actions(window)
    return panel
