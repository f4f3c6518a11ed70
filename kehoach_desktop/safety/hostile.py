"""Refuse hostile or broken input files before any parser touches them.

Call :func:`check_office_file` before opening a .docx/.xlsx with python-docx or
openpyxl, and :func:`check_text_file` before reading a .txt. Both raise
:class:`HostileFileError` (a ``ValueError``) whose ``str()`` is a Vietnamese message
saying what is wrong and what to do; ``err.reason`` is a short code for callers and
tests. Nothing is decompressed in full: the zip central directory is read from the
end of the file, sizes and ratios are checked from it, and XML parts are only read
as far as their prolog (where a DOCTYPE has to be), so time and memory stay bounded
whatever the file claims.

Decisions on external references (documented here because the issue asks us to
decide): a relationship with ``TargetMode="External"`` is allowed when it is a
hyperlink (Word and Excel never fetch those on their own; plans cite web pages), or
an attached template on a *local* path (Word writes one for every document made from
an office's own .dotx, and nothing fetches it). Every other external target — remote
templates (the "template injection" trick), OLE links, linked images, frames,
sub-documents, Excel external workbooks — is refused, because Word/Excel fetch them
when the file is opened (a UNC path there leaks the Windows login to a remote
server). Field codes that fetch (INCLUDEPICTURE, INCLUDETEXT, DDE) inside
document.xml are not scanned: our importers read text only and never evaluate them.
"""

from __future__ import annotations

import io
import itertools
import os
import struct
import zipfile
import zlib
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from defusedxml.ElementTree import ParseError as DefusedParseError
from defusedxml.ElementTree import fromstring as defused_fromstring

from ..core import oserrors
from ..store.db import is_open_database_file

# -- limits ----------------------------------------------------------------------
MAX_OFFICE_BYTES = 100 * 1024 * 1024  # the file on disk
MAX_TEXT_BYTES = 20 * 1024 * 1024  # a .txt plan is a few hundred KB
MAX_MEMBERS = 5000  # zip entries (a big .docx has ~50)
MAX_CENTRAL_DIR_BYTES = 4 * 1024 * 1024  # the zip's table of contents
# Inflated sizes (issue 13: a 2.6 MB .docx inflating 161:1 to 420 MB passed the old
# bounds of 512 MB a part / 1 GB in all, then took 73 s and 4.4 GB before failing).
# python-docx and openpyxl hold every part in memory and build a tree of each XML part
# (~10× its size), so XML parts get a bound of their own. A real plan's document.xml is
# 1–5 MB; a progress sheet's sharedStrings.xml well under 1 MB.
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024  # what all parts claim to inflate to
MAX_MEMBER_UNCOMPRESSED = 100 * 1024 * 1024  # one part (a picture)
MAX_XML_MEMBER_UNCOMPRESSED = 32 * 1024 * 1024  # one XML part: document, sheet, shared strings
MAX_RATIO = 100  # uncompressed / compressed, per part …
RATIO_MIN_SIZE = 2 * 1024 * 1024  # … once the part inflates beyond this
MAX_PROLOG_BYTES = 256 * 1024  # XML before the root element
MAX_RELS_BYTES = 2 * 1024 * 1024  # one .rels part
MAX_SCAN_BYTES = 64 * 1024 * 1024  # everything read while checking

_CHUNK = 64 * 1024

_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_KIND_NAME = {"docx": "Word (.docx)", "xlsx": "Excel (.xlsx)"}
_RESAVE = {
    "docx": "Hãy mở tệp bằng Microsoft Word (hoặc LibreOffice) và lưu lại dạng .docx rồi nhập lại.",
    "xlsx": "Hãy mở tệp bằng Microsoft Excel (hoặc LibreOffice) và lưu lại dạng .xlsx rồi nhập lại.",
}
_COPY_OUT = {
    "docx": "Hãy sao chép nội dung sang một tài liệu Word mới, lưu lại dạng .docx rồi nhập tệp mới.",
    "xlsx": "Hãy sao chép dữ liệu (dán giá trị) sang một bảng tính Excel mới, lưu lại dạng .xlsx rồi nhập tệp mới.",
}

_HYPERLINK_TYPES = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/hyperlink",
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_XML_SUFFIXES = (".xml", ".rels", ".vml")


class HostileFileError(ValueError):
    """A file we refuse to read; ``str()`` is the Vietnamese message for the user."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


# -- public API ----------------------------------------------------------------------
def check_office_file(path: os.PathLike | str, expected: str) -> None:
    """Raise :class:`HostileFileError` unless ``path`` is a plain, safe .docx/.xlsx.

    ``expected`` is ``"docx"`` or ``"xlsx"``.
    """
    if expected not in _MAIN_PART:
        raise ValueError(f"expected must be 'docx' or 'xlsx', not {expected!r}")
    p = Path(path)
    name = p.name
    size = _file_size(p)
    if size == 0:
        raise HostileFileError(f"Tệp «{name}» rỗng (0 byte). Hãy chọn lại đúng tệp.", "empty")
    if size > MAX_OFFICE_BYTES:
        raise HostileFileError(
            f"Tệp «{name}» quá lớn ({_mb(size)}; giới hạn {_mb(MAX_OFFICE_BYTES)}). "
            "Hãy xóa bớt hình ảnh hoặc tách tệp rồi nhập lại.",
            "too_large",
        )

    with open(p, "rb") as fh:
        head = fh.read(8)
        _check_magic(head, fh, name, expected)
        _check_zip(fh, size, name, expected)


OPEN_DATABASE_MESSAGE = (
    "«{name}» là tệp dữ liệu chương trình đang mở, không phải văn bản để nhập hay đính kèm. Hãy chọn tệp khác."
)


def _file_size(p: Path) -> int:
    """The size of the file at *p*; a missing or unreadable path or a folder is refused."""
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise HostileFileError(oserrors.describe(exc, p.name), "unreadable") from exc
    if not p.is_file():
        raise HostileFileError(f"«{p.name}» không phải là một tệp.", "unreadable")
    if is_open_database_file(p):
        # Reading it would drop SQLite's locks on the live file (issue 13).
        raise HostileFileError(OPEN_DATABASE_MESSAGE.format(name=p.name), "open_database")
    return size


def check_text_file(path: os.PathLike | str) -> None:
    """Raise :class:`HostileFileError` unless ``path`` is a text file of sane size."""
    p = Path(path)
    name = p.name
    size = _file_size(p)
    if size > MAX_TEXT_BYTES:
        raise HostileFileError(
            f"Tệp văn bản «{name}» quá lớn ({_mb(size)}; giới hạn {_mb(MAX_TEXT_BYTES)}). "
            "Hãy tách tệp hoặc chỉ chép phần cần nhập.",
            "too_large",
        )
    with open(p, "rb") as fh:
        head = fh.read(_CHUNK)
    if head.startswith(b"PK\x03\x04"):
        raise HostileFileError(
            f"Tệp «{name}» là tệp Word/Excel (.docx/.xlsx), không phải văn bản thuần. "
            "Hãy dùng chức năng nhập tệp Word hoặc Excel.",
            "wrong_type",
        )
    if head.startswith(b"%PDF"):
        raise HostileFileError(
            f"Tệp «{name}» là PDF, không phải văn bản thuần. Hãy mở PDF, chép nội dung "
            "sang tệp .txt hoặc Word rồi nhập lại.",
            "wrong_type",
        )
    if head.startswith(_OLE_MAGIC):
        raise HostileFileError(
            f"Tệp «{name}» là tệp Word/Excel đời cũ (.doc/.xls). " + _RESAVE["docx"], "legacy_format"
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16 with a BOM: NUL bytes are expected
    if b"\x00" in head:
        raise HostileFileError(
            f"Tệp «{name}» không phải văn bản (có dữ liệu nhị phân). Hãy chọn tệp .txt lưu dạng UTF-8.", "binary"
        )


# -- what the first bytes say ----------------------------------------------------
def _check_magic(head: bytes, fh: io.BufferedReader, name: str, expected: str) -> None:
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return
    kind = _KIND_NAME[expected]
    if head.startswith(_OLE_MAGIC):
        if _ole_is_encrypted_package(fh):
            raise HostileFileError(
                f"Tệp «{name}» được đặt mật khẩu (mã hóa), chương trình không đọc được. "
                "Hãy mở tệp, gỡ mật khẩu (Tệp → Thông tin → Bảo vệ → Mã hóa bằng mật khẩu, "
                "để trống) rồi lưu lại và nhập lại.",
                "encrypted",
            )
        old = ".doc" if expected == "docx" else ".xls"
        raise HostileFileError(
            f"Tệp «{name}» là định dạng {old} đời cũ, không phải {kind}. " + _RESAVE[expected], "legacy_format"
        )
    if head.startswith(b"%PDF"):
        raise HostileFileError(
            f"Tệp «{name}» thực ra là tệp PDF, không phải {kind}. "
            "Hãy dùng tệp gốc dạng Word/Excel, hoặc chuyển PDF sang định dạng đó rồi nhập lại.",
            "wrong_type",
        )
    if head.startswith(b"{\\rtf"):
        raise HostileFileError(
            f"Tệp «{name}» thực ra là tệp RTF, không phải {kind}. " + _RESAVE[expected], "wrong_type"
        )
    raise HostileFileError(
        f"Tệp «{name}» không phải tệp {kind} hợp lệ (nội dung không đúng định dạng). " + _RESAVE[expected], "not_zip"
    )


def _ole_is_encrypted_package(fh: io.BufferedReader) -> bool:
    """An encrypted .docx/.xlsx is an OLE container holding an 'EncryptedPackage' stream."""
    marker = "EncryptedPackage".encode("utf-16-le")
    fh.seek(0)
    tail = b""
    read = 0
    while read < MAX_SCAN_BYTES:
        chunk = fh.read(1024 * 1024)
        if not chunk:
            break
        read += len(chunk)
        if marker in tail + chunk:
            return True
        tail = chunk[-len(marker) :]
    return False


# -- the zip container -----------------------------------------------------------
def _truncated(name: str, expected: str) -> HostileFileError:
    return HostileFileError(
        f"Tệp «{name}» bị cắt cụt hoặc hỏng (thiếu phần cuối của tệp). "
        "Hãy chép lại tệp từ nguồn gốc (thư điện tử, USB) rồi nhập lại.",
        "truncated",
    )


def _bomb(name: str, detail: str) -> HostileFileError:
    return HostileFileError(
        f"Tệp «{name}» bị từ chối vì có dấu hiệu «bom nén» ({detail}): khi giải nén nó sẽ "
        "chiếm quá nhiều bộ nhớ. Hãy kiểm tra nguồn gốc tệp; nếu là tệp thật, hãy mở và "
        "lưu lại bằng Word/Excel rồi nhập lại.",
        "zip_bomb",
    )


def _read_eocd(fh: io.BufferedReader, size: int, name: str, expected: str) -> tuple[int, int, int]:
    """Return (entry count, central directory size, offset) from the end record."""
    tail_len = min(size, 22 + 65535)
    fh.seek(size - tail_len)
    tail = fh.read(tail_len)
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or len(tail) - pos < 22:
        raise _truncated(name, expected)
    (_, _, _, _, count, cd_size, cd_offset, _) = struct.unpack("<4s4H2LH", tail[pos : pos + 22])
    if count == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF:
        # zip64: the locator sits just before the end record
        loc = pos - 20
        if loc < 0 or tail[loc : loc + 4] != b"PK\x06\x07":
            raise _truncated(name, expected)
        (z64_offset,) = struct.unpack("<Q", tail[loc + 8 : loc + 16])
        if z64_offset + 56 > size:
            raise _truncated(name, expected)
        fh.seek(z64_offset)
        rec = fh.read(56)
        if rec[:4] != b"PK\x06\x06":
            raise _truncated(name, expected)
        count, cd_size, cd_offset = struct.unpack("<QQQ", rec[32:56])
    return count, cd_size, cd_offset


def _check_zip(fh: io.BufferedReader, size: int, name: str, expected: str) -> None:
    count, cd_size, cd_offset = _read_eocd(fh, size, name, expected)
    if count > MAX_MEMBERS:
        raise _bomb(name, f"{count} thành phần, giới hạn {MAX_MEMBERS}")
    if cd_size > MAX_CENTRAL_DIR_BYTES:
        raise _bomb(name, f"mục lục nén {_mb(cd_size)}")
    if cd_offset + cd_size > size:
        raise _truncated(name, expected)

    fh.seek(0)
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, struct.error, UnicodeDecodeError):
        raise _truncated(name, expected) from None
    with zf:
        infos = zf.infolist()
        _check_members(infos, size, name, expected)
        names = {i.filename for i in infos}
        if "EncryptionInfo" in names or "EncryptedPackage" in names:
            raise HostileFileError(f"Tệp «{name}» được đặt mật khẩu.", "encrypted")
        _check_kind(names, name, expected)
        budget = [MAX_SCAN_BYTES]
        for info in infos:
            if info.is_dir():
                continue
            # A part can hold XML under any name (relationships may point anywhere), so
            # parts without an XML suffix are sniffed: their first bytes say what they are.
            if info.filename.lower().endswith(_XML_SUFFIXES) or _sniff_xml(zf, info, name, expected, budget):
                _check_xml_prolog(zf, info, name, expected, budget)
        for info in infos:
            if info.filename.lower().endswith(".rels"):
                _check_relationships(zf, info, name, expected, budget)


def _check_members(infos: list[zipfile.ZipInfo], size: int, name: str, expected: str) -> None:
    total = 0
    spans: list[tuple[int, int]] = []
    for info in infos:
        if info.flag_bits & 0x1:
            raise HostileFileError(
                f"Tệp «{name}» có phần được mã hóa bằng mật khẩu. Hãy gỡ mật khẩu, lưu lại rồi nhập lại.", "encrypted"
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise HostileFileError(
                f"Tệp «{name}» dùng kiểu nén lạ mà Word/Excel không tạo ra. " + _RESAVE[expected], "wrong_type"
            )
        if info.header_offset + 30 + info.compress_size > size:
            raise _truncated(name, expected)
        if info.file_size > MAX_MEMBER_UNCOMPRESSED:
            raise _bomb(name, f"một phần giải nén ra {_mb(info.file_size)}")
        if info.file_size > MAX_XML_MEMBER_UNCOMPRESSED and info.filename.lower().endswith(_XML_SUFFIXES):
            raise _bomb(
                name,
                f"phần {info.filename} giải nén ra {_mb(info.file_size)}, giới hạn {_mb(MAX_XML_MEMBER_UNCOMPRESSED)}",
            )
        if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _bomb(name, f"tỉ lệ nén {ratio}:1")
        total += info.file_size
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise _bomb(name, f"tổng dung lượng giải nén vượt {_mb(MAX_TOTAL_UNCOMPRESSED)}")
        spans.append((info.header_offset, info.header_offset + 30 + info.compress_size))
    # Overlapping entries (several names pointing at one compressed blob) are the
    # trick behind non-recursive zip bombs; Office never writes them.
    spans.sort()
    for (_a_start, a_end), (b_start, _) in itertools.pairwise(spans):
        if b_start < a_end:
            raise _bomb(name, "các phần chồng lên nhau")


_ODF_KIND = {".ods": "bảng tính", ".odt": "văn bản", ".odp": "bản trình chiếu"}
_ODF_SAVE_AS = {"docx": "Word 2007-365 (.docx)", "xlsx": "Excel 2007-365 (.xlsx)"}


def _check_kind(names: set[str], name: str, expected: str) -> None:
    if "[Content_Types].xml" not in names and "mimetype" in names and "content.xml" in names:
        # OpenDocument: what LibreOffice saves when «Dùng định dạng ODF» is chosen (the walk: an .ods sheet
        # was called «a zip to unpack»).
        suffix = Path(name).suffix.lower()
        what = _ODF_KIND.get(suffix, "tệp")
        raise HostileFileError(
            f"Tệp «{name}» là {what} LibreOffice/OpenOffice ({suffix or 'OpenDocument'}), không phải "
            f"{_KIND_NAME[expected]}. Hãy mở tệp bằng LibreOffice, chọn Tệp → Lưu thành…, chọn kiểu "
            f"«{_ODF_SAVE_AS[expected]}» rồi nhập tệp mới.",
            "wrong_type",
        )
    if "[Content_Types].xml" not in names and "manifest.json" in names:
        # A plan bundle or a progress file of ours picked in the wrong place (the walk).
        raise HostileFileError(
            f"Tệp «{name}» là tệp trao đổi giữa các cấp của KeHoach (gói kế hoạch, giấy báo tiếp nhận hoặc tệp "
            f"tiến độ), không phải {_KIND_NAME[expected]}. Hãy nhận tệp này ở thẻ «Trao đổi» (Tệp → Nhận gói kế "
            "hoạch, giấy báo…, hoặc Theo dõi → Tổng hợp tiến độ cấp dưới…).",
            "wrong_type",
        )
    if "[Content_Types].xml" not in names:
        raise HostileFileError(
            f"Tệp «{name}» là tệp nén (.zip) chứ không phải {_KIND_NAME[expected]}. "
            "Hãy giải nén và chọn đúng tệp bên trong, hoặc chọn lại tệp.",
            "wrong_type",
        )
    if _MAIN_PART[expected] in names:
        return
    for other, part in _MAIN_PART.items():
        if part in names:
            raise HostileFileError(
                f"Tệp «{name}» thực ra là tệp {_KIND_NAME[other]}, không phải {_KIND_NAME[expected]}. "
                f"Hãy đổi phần mở rộng thành .{other} hoặc dùng chức năng nhập tương ứng.",
                "wrong_type",
            )
    if "ppt/presentation.xml" in names:
        raise HostileFileError(
            f"Tệp «{name}» là bản trình chiếu PowerPoint, không phải {_KIND_NAME[expected]}.", "wrong_type"
        )
    raise HostileFileError(
        f"Tệp «{name}» không phải {_KIND_NAME[expected]} hợp lệ (thiếu phần nội dung chính). " + _RESAVE[expected],
        "wrong_type",
    )


def _read_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, budget: list[int]) -> bytes:
    """Up to ``limit`` inflated bytes of one part, charged to the shared budget."""
    out = bytearray()
    with zf.open(info) as stream:
        while len(out) < limit:
            chunk = stream.read(min(_CHUNK, limit - len(out)))
            if not chunk:
                break
            out += chunk
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise _bomb(zf.filename or "", "quá nhiều dữ liệu XML")
    return bytes(out)


def _decode_xml_head(data: bytes) -> str:
    if data.startswith((b"\xff\xfe\x00\x00", b"<\x00\x00\x00")):
        return data.decode("utf-32-le", errors="replace")
    if data.startswith((b"\x00\x00\xfe\xff", b"\x00\x00\x00<")):
        return data.decode("utf-32-be", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data[:4] in (b"<\x00?\x00", b"<\x00!\x00"):
        return data.decode("utf-16-le", errors="replace")
    if data[:4] in (b"\x00<\x00?", b"\x00<\x00!"):
        return data.decode("utf-16-be", errors="replace")
    return data.decode("utf-8", errors="replace")


def _sniff_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, expected: str, budget: list[int]) -> bool:
    try:
        head = _read_bounded(zf, info, 512, budget)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
        raise _truncated(name, expected) from None
    return _decode_xml_head(head).lstrip("\ufeff \t\r\n").startswith("<")


def _entities_error(name: str, expected: str) -> HostileFileError:
    return HostileFileError(
        f"Tệp «{name}» chứa khai báo DOCTYPE/ENTITY trong XML — Word và Excel không bao giờ "
        "tạo ra điều này, nên tệp có thể đã bị chỉnh sửa để tấn công (ví dụ «bom thực thể»). " + _COPY_OUT[expected],
        "xml_entities",
    )


class _RootReached(Exception):
    """The parser met the root element: no DTD can follow."""


def _check_xml_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, expected: str, budget: list[int]) -> None:
    """A DOCTYPE (and so any ENTITY) can only stand before the root element: parse that
    far with defusedxml (expat decides the encoding, UTF-16/32 included, so no DOCTYPE
    slips past a hand-written scan — issue 13) and stop at the root."""
    try:
        data = _read_bounded(zf, info, MAX_PROLOG_BYTES, budget)
    except HostileFileError as exc:
        raise _bomb(name, "quá nhiều dữ liệu XML") from exc
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
        raise _truncated(name, expected) from None
    parser = DefusedXMLParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)

    def root_reached(*_args) -> None:
        raise _RootReached

    parser.parser.StartElementHandler = root_reached
    try:
        parser.feed(data)
    except _RootReached:
        return
    except DefusedXmlException:
        raise _entities_error(name, expected) from None
    except DefusedParseError:
        head = _decode_xml_head(data).lower()
        if "<!doctype" in head or "<!entity" in head:  # refused either way; say the likelier why
            raise _entities_error(name, expected) from None
        raise HostileFileError(
            f"Tệp «{name}» có phần XML ({info.filename}) không đọc được hoặc dùng bảng mã Word/Excel "
            "không bao giờ dùng, nên có thể đã bị chỉnh sửa. " + _COPY_OUT[expected],
            "corrupt",
        ) from None
    if len(data) >= MAX_PROLOG_BYTES:
        raise _bomb(name, "phần mở đầu XML quá dài")


def _check_relationships(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, expected: str, budget: list[int]
) -> None:
    if info.file_size > MAX_RELS_BYTES:
        raise _bomb(name, f"bảng liên kết {info.filename} quá lớn")
    try:
        data = _read_bounded(zf, info, MAX_RELS_BYTES, budget)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
        raise _truncated(name, expected) from None
    try:
        root = defused_fromstring(data)  # defusedxml: no DTD, no entities
    except (DefusedParseError, DefusedXmlException):
        raise HostileFileError(
            f"Tệp «{name}» bị hỏng (bảng liên kết {info.filename} không đọc được). " + _RESAVE[expected], "corrupt"
        ) from None
    for rel in root:
        if rel.get("TargetMode", "").lower() != "external":
            continue
        rel_type = rel.get("Type", "")
        if rel_type in _HYPERLINK_TYPES:
            continue
        if rel_type.endswith("/attachedTemplate") and not _is_remote(rel.get("Target", "")):
            continue
        kind = rel_type.rsplit("/", 1)[-1] or "không rõ"
        target = rel.get("Target", "")[:120]
        raise HostileFileError(
            f"Tệp «{name}» chứa liên kết ra ngoài ({kind}: {target}) mà Word/Excel sẽ tự tải về "
            "khi mở tệp (mẫu đính kèm, đối tượng liên kết, bảng tính liên kết…), nên chương trình "
            "từ chối để an toàn. " + _COPY_OUT[expected],
            "external_reference",
        )


def _is_remote(target: str) -> bool:
    """Whether opening would reach another computer: URLs, UNC paths, file://host/…."""
    t = target.strip().lower().replace("\\", "/")
    if t.startswith(("http:", "https:", "ftp:", "//", "mhtml:", "ms-", "webdav")):
        return True
    if t.startswith("file:"):
        rest = t[5:]
        # file:///C:/… is local; file://host/… and file://///host/… are not
        return not (rest.startswith("///") and not rest.startswith("////"))
    return "@ssl" in t
