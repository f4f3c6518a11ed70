"""Import existing documents (.docx, .txt, pasted text) as plans or registry entries.

Qt-free. ``parse_file``/``parse_text`` read and recognise a document;
:mod:`.persist` stores it (one transaction per document); :mod:`.folder` imports a
whole folder with a progress callback.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .errors import ImportFailure
from .model import Assignment, Paragraph, ParsedDocument, Section, TaskProposal
from .readers import SUPPORTED_SUFFIXES, Source, read_source, source_from_text

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Assignment",
    "ImportFailure",
    "Paragraph",
    "ParsedDocument",
    "Section",
    "Source",
    "TaskProposal",
    "parse_file",
    "parse_source",
    "parse_text",
]


def parse_source(source: Source, known_units: Iterable[str] = ()) -> ParsedDocument:
    from .structure import parse_lines
    from .tasks import propose

    doc = parse_lines(source.lines)
    doc.source_name, doc.source_kind, doc.encoding = source.name, source.kind, source.encoding
    doc.source_path, doc.source_sha256 = source.path, source.sha256
    doc.warnings.extend(source.warnings)
    if source.kind in OCR_KINDS:
        _hold_doubtful_references(doc)
    propose(doc, known_units)
    if not doc.sections and not doc.title:
        doc.warnings.append("Không nhận ra mục nào (I., 1., a) …); nội dung được giữ nguyên thành đoạn văn.")
    return doc


OCR_KINDS = ("scan", "image")


def _hold_doubtful_references(doc: ParsedDocument) -> None:
    """Citations OCR misread into numbers no document has («15-HD/ETGDVIW») leave the references
    the import registers: they wait for the user, with a note saying why (issue 18)."""
    from ..core.citations import implausible_number

    kept = []
    for cite in doc.references:
        why = implausible_number(cite.number)
        if not why:
            kept.append(cite)
            continue
        doc.doubtful_references.append(cite)
        doc.warnings.append(
            f"Số hiệu «{cite.number}» đọc từ bản quét có vẻ sai ({why}): chưa ghi vào sổ văn bản. "
            "Đối chiếu với bản giấy, sửa căn cứ rồi ghi vào sổ nếu đúng."
        )
    doc.references = kept


def parse_file(path: str | Path, known_units: Iterable[str] = ()) -> ParsedDocument:
    """Read and recognise a .docx/.txt file; raises :class:`ImportFailure`."""
    return parse_source(read_source(path), known_units)


def parse_text(text: str, known_units: Iterable[str] = ()) -> ParsedDocument:
    """Recognise pasted text; raises :class:`ImportFailure` for empty or garbled text."""
    return parse_source(source_from_text(text), known_units)
