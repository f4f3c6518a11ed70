"""What an export reports back to the CLI and the GUI."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class ExportCancelled(Exception):
    """The user cancelled; nothing was written under the target name."""


@dataclass
class ExportResult:
    path: Path
    fmt: str  # "pdf" / "docx"
    pages: int | None  # None for DOCX (Word paginates)
    profile: str
    font: str
    warnings: list[str] = field(default_factory=list)
