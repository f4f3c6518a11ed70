"""The exchange file: a zip with a versioned JSON manifest and hashed members.

Every file that travels between levels (a plan bundle, a receipt, a progress file)
is one of these. Writing is simple; reading treats the file as hostile: the zip's
table is checked before anything is inflated (member count, names, sizes, ratios),
each member is read with a hard size limit, JSON is parsed with limits, and every
member's SHA-256 must match the manifest. Errors are :class:`ExchangeError` whose
``str()`` is a Vietnamese message saying what to do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import zipfile
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
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        for name, data in sorted(members.items()):
            zf.writestr(name, data)
    os.replace(tmp, path)
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
    """Read and verify an exchange file; raise :class:`ExchangeError` if it is not sound."""
    path = Path(path)
    name = path.name
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
    return read_bytes(raw, name, expected)


def read_bytes(raw: bytes, name: str, expected: str | tuple[str, ...] | None = None) -> Package:
    not_ours = (
        f"Tệp «{name}» không phải tệp trao đổi của KeHoach (gói kế hoạch, giấy báo tiếp nhận hoặc tệp tiến độ). "
        "Hãy chọn đúng tệp nhận được."
    )
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise ExchangeError(not_ours, "wrong_type") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ExchangeError(
                f"Tệp «{name}» có quá nhiều phần ({len(infos)}); đây không phải tệp của KeHoach.", "bomb"
            )
        names = [i.filename for i in infos]
        if MANIFEST not in names:
            raise ExchangeError(not_ours, "wrong_type")
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
