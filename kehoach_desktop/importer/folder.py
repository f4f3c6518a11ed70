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
    as_directive: bool | None = False  # None: each file where its issuer says (issue 16)
    kinds: list[str] = field(default_factory=list)  # "plan" / "directive", one per imported file
    notes: list[tuple[str, str]] = field(default_factory=list)  # (file name, why it went where it went)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file name, where it went before)

    @property
    def ids(self) -> list[int]:
        return [i for _, i in self.imported]

    def ids_of(self, kind: str) -> list[int]:
        return [i for (_, i), k in zip(self.imported, self.kinds) if k == kind]

    def text(self) -> str:
        plans, registry = len(self.ids_of("plan")), len(self.ids_of("directive"))
        if plans and registry:
            lines = [f"Đã nhập {plans} kế hoạch và {registry} văn bản vào sổ."]
        else:
            kind = "văn bản vào sổ" if registry else "kế hoạch"
            lines = [f"Đã nhập {len(self.imported)} {kind}."]
        notes = [(name, why) for name, why in self.notes if why]
        if notes:
            lines += [f"  • {name}: {why}" for name, why in notes]
        if self.duplicates:
            lines.append(f"Bỏ qua {len(self.duplicates)} tệp đã nhập trước đây (cùng nội dung):")
            lines += [f"  • {name}: {where}" for name, where in self.duplicates]
        if self.failed:
            lines.append(f"Không nhập được {len(self.failed)} tệp:")
            lines += [f"  • {name}: {message}" for name, message in self.failed]
        if self.skipped:
            lines.append(f"Bỏ qua {len(self.skipped)} tệp không phải văn bản (.docx, .pdf, .txt, ảnh quét).")
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


@dataclass
class Outcome:
    """One file imported: its new id, where it went and why; or the earlier import it repeats."""

    id: int | None
    kind: str  # "plan" / "directive"
    reason: str = ""  # why the registry (or our plans) when nobody chose
    duplicate_of: str = ""  # where the same content went before (nothing saved then)


def import_one(
    db: Database,
    path: Path,
    *,
    as_directive: bool | None = False,
    options: SaveOptions | None = None,
    again: bool = False,
) -> Outcome:
    """Read, decide where it goes (*as_directive* None: by its issuer, :func:`.protect.import_target`),
    and save one file. A file whose content was imported before is not saved again unless *again*."""
    from ..store.profile import load, units
    from . import parse_file
    from .protect import duplicate_warning, import_target

    known = [row["name"] for row in units(db)]
    doc = parse_file(path, known)
    reason = ""
    if as_directive is None:
        target = import_target(doc, load(db), db)
        kind, reason = target.kind, target.reason
    else:
        kind = "directive" if as_directive else "plan"
    if not again:
        where = duplicate_warning(db, doc.source_sha256)
        if where:
            return Outcome(None, kind, reason, where)
    new_id = save_as_directive(db, doc) if kind == "directive" else save_as_plan(db, doc, options)
    return Outcome(new_id, kind, reason)


def import_paths(
    db: Database,
    paths: list[Path],
    *,
    as_directive: bool | None = False,
    options: SaveOptions | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    again: bool = False,
) -> ImportSummary:
    """Import files and folders (a folder's files, not its sub-folders).

    *as_directive*: True the registry, False our plans, None each file by its issuer.
    A file imported before (same content) is listed in ``duplicates`` and not saved
    again unless *again*."""
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
            outcome = import_one(db, path, as_directive=as_directive, options=options, again=again)
        except ImportFailure as exc:
            summary.failed.append((path.name, str(exc)))
            continue
        if outcome.id is None:
            summary.duplicates.append((path.name, outcome.duplicate_of))
            continue
        summary.imported.append((path.name, outcome.id))
        summary.kinds.append(outcome.kind)
        summary.notes.append((path.name, outcome.reason))
    if progress is not None:
        progress(1.0, "Xong")
    return summary
