"""Dropping the Excel sheets units sent back on the main window imports them (preview first).

The secretary receives them by Zalo or e-mail and drags them onto the window; before this
nothing happened at all. Sheets saved in another format (.xls, .ods) are taken too, so the
preview can say how to save them as .xlsx instead of the drop being silently ignored."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..file_drop import FileDropFilter

if TYPE_CHECKING:
    from ..main_window import MainWindow

SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
FILE_FILTER = "Bảng tính Excel (*.xlsx *.xlsm);;Bảng tính khác (*.xls *.ods);;Mọi tệp (*)"


def sheets(paths: list[Path]) -> list[Path]:
    return [p for p in paths if p.suffix.lower() in SHEET_SUFFIXES and p.is_file()]


class SheetDrop(FileDropFilter):
    def __init__(self, window: MainWindow):
        super().__init__(window, sheets, lambda paths: self._import(paths))

    def _import(self, paths: list[Path]) -> None:
        self.window.show_tab("tracking")
        self.window.tracking_panel.import_files(list(paths))
