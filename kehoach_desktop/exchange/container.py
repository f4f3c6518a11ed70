"""The exchange file: a zip with a versioned JSON manifest and hashed members.

Every file that travels between levels (a plan bundle, a receipt, a progress file)
is one of these. Writing is simple; reading treats the file as hostile: the zip's
table is checked before anything is inflated (member count, names, sizes, ratios),
each member is read with a hard size limit, JSON is parsed with limits, and every
member's SHA-256 must match the manifest. Errors are :class:`ExchangeError` whose
``str()`` is a Vietnamese message saying what to do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "kehoach-exchange"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
KINDS = ("plan", "receipt", "progress")
KIND_NAMES = {"plan": "gói kế hoạch", "receipt": "giấy báo tiếp nhận", "progress": "tệp tiến độ"}
SUFFIX = {"plan": ".khgoi", "receipt": ".khnhan", "progress": ".khtiendo"}

# -- limits (a plan bundle is a few hundred KB; a signed scan a few MB) -------------
MAX_FILE_BYTES = 60 * 1024 * 1024
MAX_MEMBERS = 8
MAX_JSON_BYTES = 16 * 1024 * 1024
MAX_PDF_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, for members over 1 MB
MAX_JSON_DEPTH = 64
_MEMBER_NAME = re.compile(r"^[a-z0-9_]{1,40}\.(json|pdf)$")


class ExchangeError(ValueError):
    """A file we will not read; ``str()`` is the message for the user."""

    def __init__(self, message: str, reason: str = "invalid"):
        super().__init__(message)
        self.reason = reason


@dataclass
class Sender:
    """Who wrote the file: an office, identified by a id kept in its database."""

    office_id: str
    name: str
    code: str = ""
    superior: str = ""

    def to_json(self) -> dict[str, str]:
        return {"office_id": self.office_id, "name": self.name, "code": self.code, "superior": self.superior}


@dataclass
class Package:
    """What a reader gets back: the manifest and the verified members."""

    kind: str
    manifest: dict[str, Any]
    members: dict[str, bytes] = field(default_factory=dict)
    source: str = ""

    @property
    def sender(self) -> Sender:
        s = self.manifest["sender"]
        return Sender(s["office_id"], s["name"], s.get("code", ""), s.get("superior", ""))

    @property
    def created_at(self) -> str:
        return str(self.manifest["created_at"])

    def json(self, name: str) -> Any:
        return parse_json(self.members[name], name, self.source)

    @property
    def digest(self) -> str:
        """One hash for the whole content (the manifest lists every member's hash)."""
        return hashlib.sha256(json.dumps(self.manifest, sort_keys=True).encode()).hexdigest()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write(path: Path | str, kind: str, sender: Sender, members: dict[str, bytes], extra: dict[str, Any]) -> Path:
    """Write an exchange file atomically (temporary name, then rename)."""
    assert kind in KINDS
    path = Path(path)
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "kind": kind,
        "created_at": dt.datetime.now().isoformat(timespec="seconds"),
        "sender": sender.to_json(),
        **extra,
        "members": [{"name": n, "size": len(b), "sha256": _sha(b)} for n, b in sorted(members.items())],
    }
    tmp = path.with_name(path.name + ".tmp")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            for name, data in sorted(members.items()):
                zf.writestr(name, data)
        os.replace(tmp, path)
    except BaseException:
        # A full disk or a USB pulled out: no half-written «….khnhan.tmp» left beside the file (seen).
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return path


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def _depth(value: Any, limit: int) -> None:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            raise ValueError("too deep")
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)


def parse_json(data: bytes, member: str, source: str) -> Any:
    if len(data) > MAX_JSON_BYTES:
        raise ExchangeError(f"Tệp «{source}»: phần {member} quá lớn.", "too_big")
    try:
        value = json.loads(data.decode("utf-8"))
        _depth(value, MAX_JSON_DEPTH)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ExchangeError(
            f"Tệp «{source}» bị hỏng (phần {member} không đọc được). Hãy xin nơi gửi gửi lại tệp.", "corrupt"
        ) from None
    return value


def read(path: Path | str, expected: str | tuple[str, ...] | None = None) -> Package:
    """Read and verify an exchange file; raise :class:`ExchangeError` if it is not sound.

    A zip that someone put the file in again (by hand, a mail client, a Mac) is opened when it
    holds exactly one exchange file; with several, the message asks to unpack it."""
    name = display_name(Path(path).name)
    found = read_many(path, expected)
    if len(found) > 1:
        bundles = sum(1 for _n, p in found if isinstance(p, Package) and p.kind == "plan")
        raise ExchangeError(
            f"Tệp nén «{name}» chứa {len(found)} tệp trao đổi. Hãy giải nén rồi "
            + (
                "nhận từng gói kế hoạch một."
                if bundles
                else "chọn từng tệp (hoặc dùng «Tổng hợp tiến độ cấp dưới», nhận được cả tệp nén nhiều tệp)."
            ),
            "several",
        )
    result = found[0][1]
    if isinstance(result, ExchangeError):
        raise result
    return result


def display_name(name: str) -> str:
    """A file name as a message shows it: NFC (a Mac writes names decomposed)."""
    return unicodedata.normalize("NFC", name)


def read_many(
    path: Path | str, expected: str | tuple[str, ...] | None = None
) -> list[tuple[str, Package | ExchangeError]]:
    """Every exchange file in *path*: the file itself, or each one inside a zip it was put in
    again. Each comes with the name to show and its package, or why it is refused. A file that
    cannot be read at all raises :class:`ExchangeError`."""
    raw, name = _load(Path(path))
    inner = _wrapped(raw, name)
    if inner is None:
        return [(name, read_bytes(raw, name, expected))]
    out: list[tuple[str, Package | ExchangeError]] = []
    for member, data in inner:
        shown = f"{name} › {member}"
        try:
            out.append((shown, read_bytes(data, shown, expected)))
        except ExchangeError as exc:
            out.append((shown, exc))
    return out


# A zip around exchange files: at most this many of them, each at most MAX_FILE_BYTES.
MAX_WRAPPED = 500
_WRAPPED_SUFFIXES = tuple(SUFFIX.values())


def _member_name(info: zipfile.ZipInfo) -> str:
    """The name as the person saw it: zips written without the UTF-8 flag store UTF-8 anyway
    (Python reads them as cp437); NFC."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return display_name(name.replace("\\", "/").rsplit("/", 1)[-1])


def _wrapped(raw: bytes, name: str) -> list[tuple[str, bytes]] | None:
    """The exchange files of a zip made around them, or None when *raw* is not such a zip
    (then it is read as an exchange file itself, and refused there if it is not one)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        return None
    with zf:
        infos = zf.infolist()
        if any(i.filename == MANIFEST for i in infos):
            return None  # an exchange file itself
        files = [
            i
            for i in infos
            if not i.is_dir()
            and not i.filename.startswith("__MACOSX/")
            and not _member_name(i).startswith("._")
            and _member_name(i) not in (".DS_Store", "Thumbs.db", "desktop.ini")
        ]
        chosen = [i for i in files if _member_name(i).lower().endswith(_WRAPPED_SUFFIXES)]
        if not chosen and name.lower().endswith(_WRAPPED_SUFFIXES):
            return None  # named as ours but without a manifest: refused as not ours (or damaged)
        if not chosen and (kind := _office_kind(i.filename for i in infos)):
            raise ExchangeError(_not_exchange_but(name, kind), "wrong_type")
        if not chosen:
            shown = ", ".join(f"«{_member_name(i)}»" for i in files[:3]) + (" …" if len(files) > 3 else "")
            raise ExchangeError(
                f"Tệp nén «{name}» không có tệp trao đổi nào của KeHoach (.khgoi, .khnhan, .khtiendo)"
                + (f"; trong đó có: {shown}" if shown else "")
                + ". Hãy chọn đúng tệp nhận được.",
                "wrong_type",
            )
        if len(chosen) > MAX_WRAPPED:
            raise ExchangeError(
                f"Tệp nén «{name}» chứa quá nhiều tệp ({len(chosen)}); hãy giải nén và chọn từng phần.", "bomb"
            )
        out: list[tuple[str, bytes]] = []
        total = 0
        for info in chosen:
            if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise ExchangeError(f"Tệp nén «{name}» được đặt mật khẩu hoặc nén kiểu lạ: hãy giải nén trước.")
            total += info.file_size
            if info.file_size > MAX_FILE_BYTES or total > MAX_FILE_BYTES:
                raise ExchangeError(f"Tệp nén «{name}» quá lớn khi giải nén; hãy giải nén và chọn từng tệp.", "bomb")
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise ExchangeError(f"Tệp «{name}» nén bất thường (có thể là «bom nén»): không nhận.", "bomb")
            out.append((_member_name(info), _read_member(zf, info, name)))
    return out


def holds_exchange_files(path: Path | str) -> bool:
    """A zip with exchange files inside (a mail client's or a person's), judged from its table
    of contents only: for a file dropped on the window."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = [i for i in zf.infolist()[: MAX_WRAPPED + 10] if not i.filename.startswith("__MACOSX/")]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        return False
    return any(_member_name(i).lower().endswith(_WRAPPED_SUFFIXES) for i in names)


def _load(path: Path) -> tuple[bytes, str]:
    name = display_name(path.name)
    from ..store.db import is_open_database_file

    if is_open_database_file(path):  # reading it would drop SQLite's locks on it (issue 13)
        raise ExchangeError(
            f"«{name}» là tệp dữ liệu chương trình đang mở, không phải tệp trao đổi. Hãy chọn đúng tệp trao đổi đã nhận.",
            "not_ours",
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        from ..core import oserrors

        raise ExchangeError(oserrors.describe(exc, path), "os") from None
    if size > MAX_FILE_BYTES:
        raise ExchangeError(f"Tệp «{name}» quá lớn ({size // (1024 * 1024)} MB) cho một tệp trao đổi.", "too_big")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        from ..core import oserrors

        raise ExchangeError(oserrors.describe(exc, path), "os") from None
    return raw, name


# What a file that is not ours is, by what it holds: a document sent instead of (or renamed as)
# an exchange file is named for what it is, with where it goes instead.
_OFFICE_KINDS = (
    ("word/document.xml", "văn bản Word"),
    ("xl/workbook.xml", "bảng tính Excel"),
    ("ppt/presentation.xml", "tệp trình chiếu PowerPoint"),
    ("content.xml", "văn bản OpenDocument"),
)


def _office_kind(member_names: Iterable[str]) -> str | None:
    names = set(member_names)
    return next((kind for member, kind in _OFFICE_KINDS if member in names), None)


def _not_exchange_but(name: str, kind: str) -> str:
    where = (
        "Nếu là bảng tiến độ đơn vị gửi lại, dùng Theo dõi → «Nhập bảng Excel đơn vị gửi lại» (kehoach progress import)."
        if "Excel" in kind
        else "Nếu là văn bản cần lưu vào sổ, dùng Tệp → «Nhập văn bản» (kehoach import)."
    )
    return (
        f"Tệp «{name}» là {kind} (có thể đã bị đổi tên), không phải tệp trao đổi của KeHoach (.khgoi, .khnhan, "
        f".khtiendo). {where} Nếu nơi gửi định gửi tệp trao đổi, hãy xin họ gửi lại đúng tệp."
    )


def read_bytes(raw: bytes, name: str, expected: str | tuple[str, ...] | None = None) -> Package:
    not_ours = (
        f"Tệp «{name}» không phải tệp trao đổi của KeHoach (gói kế hoạch, giấy báo tiếp nhận hoặc tệp tiến độ). "
        "Hãy chọn đúng tệp nhận được."
    )
    if not raw:
        raise ExchangeError(
            f"Tệp «{name}» trống (0 byte): chép chưa xong hoặc bị hỏng trên đường. "
            "Hãy chép lại hoặc xin nơi gửi gửi lại tệp.",
            "corrupt",
        )
    if raw.startswith(b"%PDF"):
        raise ExchangeError(_not_exchange_but(name, "tệp PDF"), "wrong_type")
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        if raw.startswith(b"PK\x03\x04") and b"manifest.json" in raw[:200]:
            # Our file's start without its end: cut short on the way.
            raise ExchangeError(
                f"Tệp «{name}» bị hỏng hoặc chưa chép hết (rút USB quá sớm, tải về chưa xong). "
                "Hãy chép lại hoặc xin nơi gửi gửi lại tệp.",
                "corrupt",
            ) from None
        raise ExchangeError(not_ours, "wrong_type") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ExchangeError(
                f"Tệp «{name}» có quá nhiều phần ({len(infos)}); đây không phải tệp của KeHoach.", "bomb"
            )
        names = [i.filename for i in infos]
        if MANIFEST not in names:
            kind = _office_kind(names)
            raise ExchangeError(_not_exchange_but(name, kind) if kind else not_ours, "wrong_type")
        if len(set(names)) != len(names):
            raise ExchangeError(f"Tệp «{name}» có phần trùng tên: tệp đã bị sửa.", "tampered")
        for info in infos:
            if not _MEMBER_NAME.match(info.filename):
                # Also rules out "../x", absolute paths, folders and backslashes.
                raise ExchangeError(f"Tệp «{name}» có phần mang tên lạ «{info.filename[:60]}»: không nhận.", "names")
            if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise ExchangeError(f"Tệp «{name}» được mã hóa hoặc nén kiểu lạ: không nhận.", "wrong_type")
            limit = MAX_PDF_BYTES if info.filename.endswith(".pdf") else MAX_JSON_BYTES
            if info.file_size > limit:
                raise ExchangeError(f"Tệp «{name}»: phần {info.filename} quá lớn.", "bomb")
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise ExchangeError(f"Tệp «{name}» nén bất thường (có thể là «bom nén»): không nhận.", "bomb")
        members: dict[str, bytes] = {}
        for info in infos:
            members[info.filename] = _read_member(zf, info, name)
    manifest = parse_json(members.pop(MANIFEST), MANIFEST, name)
    _check_manifest(manifest, name, expected)
    listed = {m["name"]: m for m in manifest["members"]}
    if set(listed) != set(members):
        raise ExchangeError(
            f"Tệp «{name}» thiếu hoặc thừa phần so với danh mục: tệp đã bị sửa hoặc chép thiếu. "
            "Hãy xin nơi gửi gửi lại tệp.",
            "tampered",
        )
    for member, data in members.items():
        if _sha(data) != listed[member]["sha256"]:
            raise ExchangeError(
                f"Tệp «{name}»: nội dung phần {member} không khớp mã kiểm tra — tệp đã bị sửa sau khi gửi "
                "hoặc bị hỏng trên đường. Không nhận; hãy xin nơi gửi gửi lại tệp.",
                "tampered",
            )
    return Package(manifest["kind"], manifest, members, name)


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    """Inflate at most the declared size (+1 byte to notice a lying header)."""
    try:
        with zf.open(info) as fh:
            data = fh.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise ExchangeError(f"Tệp «{name}» bị hỏng; hãy xin nơi gửi gửi lại tệp.", "corrupt") from None
    if len(data) != info.file_size:
        raise ExchangeError(f"Tệp «{name}» bị hỏng (kích thước không khớp); hãy xin gửi lại.", "corrupt")
    return data


def _check_manifest(m: Any, name: str, expected: str | tuple[str, ...] | None) -> None:
    bad = ExchangeError(f"Tệp «{name}» có danh mục không hợp lệ; hãy xin nơi gửi gửi lại tệp.", "invalid")
    if not isinstance(m, dict) or m.get("format") != FORMAT:
        raise ExchangeError(
            f"Tệp «{name}» không phải tệp trao đổi của KeHoach. Hãy chọn đúng tệp nhận được.", "wrong_type"
        )
    version = m.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise bad
    if version > FORMAT_VERSION:
        raise ExchangeError(
            f"Tệp «{name}» được tạo bởi phiên bản KeHoach mới hơn (định dạng {version}, phiên bản này đọc đến "
            f"{FORMAT_VERSION}). Hãy cập nhật chương trình rồi mở lại tệp.",
            "too_new",
        )
    if m.get("kind") not in KINDS or not isinstance(m.get("created_at"), str):
        raise bad
    try:
        dt.datetime.fromisoformat(m["created_at"])
    except ValueError:
        raise bad from None
    sender = m.get("sender")
    if not isinstance(sender, dict) or not all(isinstance(sender.get(k), str) for k in ("office_id", "name")):
        raise bad
    if not sender["office_id"].strip() or not sender["name"].strip():
        raise bad
    members = m.get("members")
    if not isinstance(members, list) or not all(
        isinstance(x, dict)
        and isinstance(x.get("name"), str)
        and isinstance(x.get("sha256"), str)
        and isinstance(x.get("size"), int)
        for x in members
    ):
        raise bad
    if expected is not None:
        kinds = (expected,) if isinstance(expected, str) else expected
        if m["kind"] not in kinds:
            wanted = " hoặc ".join(KIND_NAMES[k] for k in kinds)
            raise ExchangeError(
                f"Tệp «{name}» là {KIND_NAMES[m['kind']]}, không phải {wanted}. Hãy dùng đúng chức năng cho tệp này.",
                "wrong_kind",
            )
