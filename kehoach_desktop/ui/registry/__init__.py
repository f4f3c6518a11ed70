"""The directive registry: tree views, search, the document form."""

from __future__ import annotations


def install(window) -> None:
    from .panel import RegistryPanel

    panel = RegistryPanel(window.ctx, window)
    window.registry_panel = panel
    window.add_tab(panel, "Văn bản chỉ đạo", key="registry")
    panel.install_actions(window)
