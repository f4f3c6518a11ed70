"""Trao đổi giữa các cấp (issue 18): the tab, its menu actions, and dropping exchange
files (.khgoi, .khnhan, .khtiendo) on the window.

The tab's panel is built when the tab is first shown or an action needs it (issue 19)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..file_drop import FileDropFilter

if TYPE_CHECKING:
    from ..main_window import MainWindow
    from .panel import ExchangePanel

TAB_KEY = "trao-doi"


def suffixes() -> tuple[str, ...]:
    """.khgoi, .khnhan, .khtiendo (read from exchange.container when a file is dragged over)."""
    from ...exchange.container import SUFFIX

    return tuple(SUFFIX.values())


def install(window: MainWindow) -> None:
    drop_filter = ExchangeDrop(window)
    window.add_lazy_tab(
        TAB_KEY,
        "Trao đổi",
        lambda: _build(window, drop_filter),
        warm=(
            "kehoach_desktop.exchange.consolidate",
            "kehoach_desktop.exchange.plan_bundle",
            "kehoach_desktop.exchange.report",
            "kehoach_desktop.ui.exchange.panel",
        ),
    )

    def show() -> ExchangePanel:
        window.show_tab(TAB_KEY)
        return window.exchange_panel

    window.add_action("file", "Nhận gói kế hoạch, giấy &báo…", lambda: show().receive_files())
    if "plans" in window.menus:
        # From the Kế hoạch menu the plan meant is the one open in the editor.
        window.add_action(
            "plans",
            "&Gửi gói kế hoạch xuống cấp dưới…",
            lambda: show().send_bundle(window.plans_panel.current_plan_id()),
        )
        window.add_action(
            "plans",
            "Gửi tiến độ lên cấp t&rên…",
            lambda: show().send_progress_up(window.plans_panel.current_plan_id()),
        )
    if "tracking" in window.menus:
        window.add_action("tracking", "Tổng hợp tiến độ cấ&p dưới…", lambda: show().consolidate_folder())
    window.setAcceptDrops(True)
    window.when_up(lambda: window.installEventFilter(drop_filter))  # issue 19: not while the window is built


def _build(window: MainWindow, drop_filter: ExchangeDrop) -> ExchangePanel:
    from .panel import ExchangePanel

    panel = ExchangePanel(window.ctx, window.settings, window)
    panel.drop_filter = drop_filter
    return panel


def exchange_files(paths: list[Path]) -> list[Path]:
    """Exchange files, and zips a mail client or a person packed them in."""
    from ...exchange.container import holds_exchange_files

    known = suffixes()
    return [
        p
        for p in paths
        if p.is_file() and (p.suffix.lower() in known or (p.suffix.lower() == ".zip" and holds_exchange_files(p)))
    ]


class ExchangeDrop(FileDropFilter):
    """Dropping a bundle, receipt or progress file on the window opens it; other drops pass."""

    def __init__(self, window: MainWindow):
        super().__init__(window, exchange_files, lambda paths: self._receive([str(p) for p in paths]))

    def _receive(self, paths: list[str]) -> None:
        self.window.show_tab(TAB_KEY)
        self.window.exchange_panel.receive_files(paths)
