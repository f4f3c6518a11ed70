"""Import one file or every file of a folder, with progress and a summary.

The worker function is Qt-free: it takes ``progress(fraction, message)`` and
``cancelled()`` callables (the GUI runs it on a worker thread). Each document is
saved in its own transaction, so a refused file or a cancel never leaves half a
document behind, and the documents already imported stay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..store.db import Database
from .errors import ImportFailure
from .persist import SaveOptions, save_as_directive, save_as_plan
from .readers import SUPPORTED_SUFFIXES

Progress = Callable[[float, str], None]
_EXPLAINED = (".doc", ".pdf", ".rtf")


@dataclass
class ImportSummary:
    imported: list[tuple[str, int]] = field(default_factory=list)  # (file name, new id)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file name, message)
    skipped: list[str] = field(default_factory=list)  # not .docx/.txt
    cancelled: bool = False
    as_directive: bool = False

    @property
    def ids(self) -> list[int]:
        return [i for _, i in self.imported]

    def text(self) -> str:
        kind = "văn bản vào sổ" if self.as_directive else "kế hoạch"
        lines = [f"Đã nhập {len(self.imported)} {kind}."]
        if self.failed:
            lines.append(f"Không nhập được {len(self.failed)} tệp:")
            lines += [f"  • {name}: {message}" for name, message in self.failed]
        if self.skipped:
            lines.append(f"Bỏ qua {len(self.skipped)} tệp không phải .docx/.txt.")
        if self.cancelled:
            lines.append("Đã dừng theo yêu cầu; các tệp đã nhập trước đó vẫn được giữ.")
        return "\n".join(lines)


def files_in(folder: Path) -> tuple[list[Path], list[Path]]:
    """(files to import, other files) in a folder, sorted by name; Word lock files are ignored."""
    wanted: list[Path] = []
    other: list[Path] = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name.lower()):
        if not path.is_file() or path.name.startswith(("~$", ".")):
            continue
        # .doc/.pdf/.rtf are tried too, so the summary says how to convert them.
        (wanted if path.suffix.lower() in SUPPORTED_SUFFIXES + _EXPLAINED else other).append(path)
    return wanted, other


def import_one(db: Database, path: Path, *, as_directive: bool = False, options: SaveOptions | None = None) -> int:
    from ..store.profile import units
    from . import parse_file

    known = [row["name"] for row in units(db)]
    doc = parse_file(path, known)
    return save_as_directive(db, doc) if as_directive else save_as_plan(db, doc, options)


def import_paths(
    db: Database,
    paths: list[Path],
    *,
    as_directive: bool = False,
    options: SaveOptions | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportSummary:
    """Import files and folders (a folder's files, not its sub-folders)."""
    summary = ImportSummary(as_directive=as_directive)
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            wanted, other = files_in(path)
            files += wanted
            summary.skipped += [p.name for p in other]
        else:
            files.append(path)
    total = max(len(files), 1)
    for index, path in enumerate(files):
        if cancelled is not None and cancelled():
            summary.cancelled = True
            break
        if progress is not None:
            progress(index / total, f"Đang nhập {path.name} ({index + 1}/{len(files)})")
        try:
            summary.imported.append((path.name, import_one(db, path, as_directive=as_directive, options=options)))
        except ImportFailure as exc:
            summary.failed.append((path.name, str(exc)))
    if progress is not None:
        progress(1.0, "Xong")
    return summary
