"""Open a file (or take pasted text) and return its lines, refusing what we cannot read."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ImportFailure
from .textfile import Line, decode_bytes, lines_from_text, to_unicode

SUPPORTED_SUFFIXES = (".docx", ".txt")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_TEXT_BYTES = 20 * 1024 * 1024


@dataclass
class Source:
    lines: list[Line]
    name: str = ""  # file name, or "" for pasted text
    kind: str = "text"  # docx / txt / text (pasted)
    encoding: str = "unicode"  # utf-8, utf-16, cp1258, tcvn3, vni …
    warnings: list[str] = field(default_factory=list)


def _hostile():
    """The safety module's checks, when that module is present."""
    try:
        return importlib.import_module("kehoach_desktop.safety.hostile")
    except ImportError:  # pragma: no cover - the module ships with the app
        return None


def _refuse_other_formats(path: Path, head: bytes) -> None:
    suffix = path.suffix.lower()
    if head.startswith(_OLE_MAGIC) or suffix == ".doc":
        raise ImportFailure(
            f"Tệp «{path.name}» là định dạng Word cũ (.doc), chương trình chưa đọc được. "
            "Hãy mở tệp bằng Word, chọn Tệp → Lưu thành → «Tài liệu Word (.docx)», rồi nhập tệp .docx đó.",
            "legacy_doc",
        )
    if head.startswith(b"%PDF") or suffix == ".pdf":
        raise ImportFailure(
            f"Tệp «{path.name}» là PDF, chương trình chưa đọc trực tiếp được. Hãy mở PDF, chọn toàn bộ "
            "nội dung (Ctrl+A), sao chép rồi dán vào ô «Dán văn bản», hoặc dùng tệp Word gốc.",
            "pdf",
        )
    if head.startswith(b"{\\rtf") or suffix == ".rtf":
        raise ImportFailure(
            f"Tệp «{path.name}» là RTF. Hãy mở bằng Word, lưu lại dạng .docx rồi nhập lại.", "unsupported"
        )
    if suffix not in SUPPORTED_SUFFIXES and not head.startswith(b"PK\x03\x04"):
        raise ImportFailure(
            f"Chưa nhập được tệp «{path.name}»: chỉ nhận tệp Word (.docx) và văn bản (.txt). "
            "Hãy lưu văn bản thành một trong hai dạng đó rồi nhập lại.",
            "unsupported",
        )


def _looks_like_utf16(path: Path) -> bool:
    """Notepad's "Unicode" without a BOM: NUL in every other byte (not a binary file)."""
    with open(path, "rb") as fh:
        sample = fh.read(4096)
    half = max(len(sample) // 2, 1)
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    return (odd > half * 0.3 and even < half * 0.05) or (even > half * 0.3 and odd < half * 0.05)


def read_source(path: str | Path) -> Source:
    """Lines of a .docx or .txt file; :class:`ImportFailure` says why a file is refused."""
    path = Path(path)
    from ..safety.hostile import OPEN_DATABASE_MESSAGE
    from ..store.db import is_open_database_file

    if is_open_database_file(path):  # reading it would drop SQLite's locks on it (issue 13)
        raise ImportFailure(OPEN_DATABASE_MESSAGE.format(name=path.name), "open_database")
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ImportFailure(
            f"Không đọc được tệp «{path.name}»: {exc.strerror or exc}. "
            "Hãy kiểm tra tệp còn tồn tại, không bị chương trình khác khóa và bạn có quyền đọc.",
            "unreadable",
        ) from None
    if not head:
        raise ImportFailure(f"Tệp «{path.name}» rỗng. Hãy chọn lại đúng tệp.", "empty")
    _refuse_other_formats(path, head)
    hostile = _hostile()
    is_docx = head.startswith(b"PK\x03\x04") or path.suffix.lower() == ".docx"
    if hostile is not None:
        try:
            if is_docx:
                hostile.check_office_file(path, "docx")
            else:
                hostile.check_text_file(path)
        except ValueError as exc:  # HostileFileError carries the Vietnamese message
            if not (getattr(exc, "reason", "") == "binary" and _looks_like_utf16(path)):
                raise ImportFailure(str(exc), "hostile") from None
    if is_docx:
        from .docx_reader import read_docx

        lines, encoding = read_docx(path)
        source = Source(lines, path.name, "docx", encoding)
    else:
        if path.stat().st_size > MAX_TEXT_BYTES:
            raise ImportFailure(
                f"Tệp «{path.name}» quá lớn để là một văn bản. Hãy tách tệp rồi nhập lại.", "unreadable"
            )
        text, encoding = decode_bytes(path.read_bytes(), path.name)
        text, legacy = to_unicode(text, path.name)
        source = Source(lines_from_text(text), path.name, "txt", legacy if legacy != "unicode" else encoding)
    if not any(line.text.strip() for line in source.lines):
        raise ImportFailure(f"Tệp «{path.name}» không có chữ nào để nhập.", "empty")
    if source.encoding in ("tcvn3", "vni"):
        label = "TCVN3 (ABC)" if source.encoding == "tcvn3" else "VNI"
        source.warnings.append(f"Tệp dùng bảng mã cũ {label}; đã chuyển sang Unicode — hãy soát lại chữ.")
    return source


def source_from_text(text: str) -> Source:
    """Lines of pasted text."""
    text, encoding = to_unicode(text or "", "văn bản dán vào")
    source = Source(lines_from_text(text), "", "text", encoding)
    if not source.lines:
        raise ImportFailure("Chưa có chữ nào để nhập. Hãy dán nội dung văn bản vào ô trước.", "empty")
    if encoding in ("tcvn3", "vni"):
        source.warnings.append("Văn bản dùng bảng mã cũ; đã chuyển sang Unicode — hãy soát lại chữ.")
    return source
