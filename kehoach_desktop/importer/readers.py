"""Open a file (or take pasted text) and return its lines, refusing what we cannot read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..safety import hostile
from .errors import ImportFailure
from .repair import ocr_fixes, unescape_breaks, unflatten
from .textfile import Line, decode_bytes, lines_from_text, to_unicode

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")
SUPPORTED_SUFFIXES = (".docx", ".txt", ".pdf", *IMAGE_SUFFIXES)
# Read page by page (layout, or Tesseract for a scan): seconds to tens of seconds, so the window
# reads them on a worker; .docx/.txt take milliseconds.
SLOW_SUFFIXES = (".pdf", *IMAGE_SUFFIXES)
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_TEXT_BYTES = 20 * 1024 * 1024


@dataclass
class Source:
    lines: list[Line]
    name: str = ""  # file name, or "" for pasted text
    kind: str = "text"  # docx / txt / pdf / scan (image PDF) / image / text (pasted)
    encoding: str = "unicode"  # utf-8, utf-16, cp1258, tcvn3, vni …
    warnings: list[str] = field(default_factory=list)
    path: str = ""  # the file, when read from one
    sha256: str = ""  # digest of the file's bytes or of the pasted text


def _refuse_other_formats(path: Path, head: bytes) -> None:
    suffix = path.suffix.lower()
    if head.startswith(_OLE_MAGIC) or suffix == ".doc":
        raise ImportFailure(
            f"Tệp «{path.name}» là định dạng Word cũ (.doc), chương trình chưa đọc được. "
            "Hãy mở tệp bằng Word, chọn Tệp → Lưu thành → «Tài liệu Word (.docx)», rồi nhập tệp .docx đó.",
            "legacy_doc",
        )
    if head.startswith(b"{\\rtf") or suffix == ".rtf":
        raise ImportFailure(
            f"Tệp «{path.name}» là RTF. Hãy mở bằng Word, lưu lại dạng .docx rồi nhập lại.", "unsupported"
        )
    if suffix not in SUPPORTED_SUFFIXES and not head.startswith(b"PK\x03\x04"):
        raise ImportFailure(
            f"Chưa nhập được tệp «{path.name}»: chỉ nhận tệp Word (.docx), PDF, ảnh quét (.png, .jpg, .tif) "
            "và văn bản (.txt). Hãy lưu văn bản thành một trong các dạng đó rồi nhập lại.",
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
    if head.startswith(b"%PDF") or (path.suffix.lower() == ".pdf" and not head.startswith(b"PK")):
        from .pdf_reader import read_pdf

        lines, kind, warnings = read_pdf(path)
        return _checked(Source(lines, path.name, kind, "unicode", warnings), path)
    if head.startswith(_IMAGE_MAGIC) or path.suffix.lower() in IMAGE_SUFFIXES:
        from .ocr import read_image

        lines, warnings = read_image(path)
        return _checked(Source(lines, path.name, "image", "unicode", warnings), path)
    _refuse_other_formats(path, head)
    is_docx = head.startswith(b"PK\x03\x04") or path.suffix.lower() == ".docx"
    try:
        if is_docx:
            hostile.check_office_file(path, "docx")
        else:
            hostile.check_text_file(path)
    except hostile.HostileFileError as exc:  # carries the Vietnamese message
        if not (exc.reason == "binary" and _looks_like_utf16(path)):
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
        text = unflatten(ocr_fixes(unescape_breaks(text)))
        source = Source(lines_from_text(text), path.name, "txt", legacy if legacy != "unicode" else encoding)
    return _checked(source, path)


def _checked(source: Source, path: Path) -> Source:
    if not any(line.text.strip() for line in source.lines):
        raise ImportFailure(f"Tệp «{path.name}» không có chữ nào để nhập.", "empty")
    from .protect import digest_file

    source.path, source.sha256 = str(path), digest_file(path)
    if source.encoding in ("tcvn3", "vni"):
        label = "TCVN3 (ABC)" if source.encoding == "tcvn3" else "VNI"
        source.warnings.append(f"Tệp dùng bảng mã cũ {label}; đã chuyển sang Unicode — hãy soát lại chữ.")
    return source


def too_long_message(size: int = 0) -> str:
    return (
        f"Văn bản dán vào quá lớn (hơn {MAX_TEXT_BYTES // (1024 * 1024)} MB) — một kế hoạch chỉ vài trăm KB. "
        "Hãy chỉ chép phần cần nhập, hoặc tách văn bản rồi nhập từng phần."
    )


def source_from_text(text: str) -> Source:
    """Lines of pasted text (bounded like a file: issue 13)."""
    if len(text or "") > MAX_TEXT_BYTES:
        raise ImportFailure(too_long_message(len(text)), "too_large")
    text, encoding = to_unicode(text or "", "văn bản dán vào")
    text = unflatten(ocr_fixes(unescape_breaks(text)))
    source = Source(lines_from_text(text), "", "text", encoding)
    from .protect import digest_bytes

    source.sha256 = digest_bytes(text.strip().encode("utf-8"))
    if not source.lines:
        raise ImportFailure("Chưa có chữ nào để nhập. Hãy dán nội dung văn bản vào ô trước.", "empty")
    if encoding in ("tcvn3", "vni"):
        source.warnings.append("Văn bản dùng bảng mã cũ; đã chuyển sang Unicode — hãy soát lại chữ.")
    return source
