"""Dropping a document the importer reads (Word, PDF, scan, text) or a folder on the main
window imports it."""

from __future__ import annotations

from pathlib import Path

from ..file_drop import FileDropFilter


def importable(paths: list[Path]) -> list[Path]:
    """Folders and the files whose kind the importer reads (other files are not ours)."""
    from ...importer.readers import SUPPORTED_SUFFIXES

    return [p for p in paths if p.is_dir() or p.suffix.lower() in SUPPORTED_SUFFIXES]


def _open(window, paths: list[Path]) -> None:
    from . import import_document, import_folder  # looked up now: tests replace them

    first = paths[0]
    if first.is_dir():
        import_folder(window, str(first))
    else:
        import_document(window, path=str(first))


class DropFilter(FileDropFilter):
    """Event filter on the main window: the first dropped document or folder is imported."""

    def __init__(self, window):
        super().__init__(window, importable, lambda paths: _open(window, paths))
