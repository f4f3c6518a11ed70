"""The layout of a progress sheet, shared by the writer and the reader.

Columns are found on import by their header text, so a unit that moves or hides a
column does not break the import; rows are found by the hidden key column, so
reordering, deleting or adding rows does not either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.filenames import file_stem
from ..core.text import shorten

FORMAT_TAG = "kehoach-progress"
FORMAT_VERSION = 1
META_SHEET = "_DanhMuc"
CHOICES_NAME = "DanhSachTinhTrang"
SECRET_NOTE = "Tài liệu {mark}: không gửi qua mạng Internet, thư điện tử công cộng hay Zalo."


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    editable: bool = False
    wrap: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("stt", "STT", 5),
    Column("title", "Nhiệm vụ", 48, wrap=True),
    Column("lead", "Đơn vị chủ trì", 20, wrap=True),
    Column("coop", "Đơn vị phối hợp", 20, wrap=True),
    Column("deadline", "Thời hạn", 14, wrap=True),
    Column("verdict", "Đánh giá (tự tính)", 18, wrap=True),
    Column("state", "Tình trạng (đơn vị chọn)", 17, editable=True),
    Column("result", "Kết quả thực hiện", 40, editable=True, wrap=True),
    Column("percent", "Tỷ lệ hoàn thành (%)", 11, editable=True),
    Column("completed", "Ngày hoàn thành (ngày/tháng/năm)", 14, editable=True),
    Column("evidence", "Văn bản triển khai (số, ký hiệu)", 20, editable=True, wrap=True),
    Column("notes", "Ghi chú", 24, editable=True, wrap=True),
    Column("key", "Mã (không sửa)", 4),
)
COLUMN_INDEX = {c.key: i for i, c in enumerate(COLUMNS)}
HEADER_TO_KEY = {c.header: c.key for c in COLUMNS}
EDITABLE_KEYS = tuple(c.key for c in COLUMNS if c.editable)

# Row key: KH5:<task id>:<plan id>:<export id>:<unit id or 0>:<baseline progress id or 0>
_KEY_RE = re.compile(r"^KH5:(\d+):(\d+):(\d+):(\d+):(\d+)$")


@dataclass(frozen=True)
class RowKey:
    task_id: int
    plan_id: int
    export_id: int
    unit_id: int  # 0: consolidated workbook
    baseline_id: int  # the progress row the sheet was pre-filled from (0: none)

    def encode(self) -> str:
        return f"KH5:{self.task_id}:{self.plan_id}:{self.export_id}:{self.unit_id}:{self.baseline_id}"

    @classmethod
    def decode(cls, text: object) -> RowKey | None:
        m = _KEY_RE.match(str(text or "").strip())
        return cls(*(int(g) for g in m.groups())) if m else None


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_name(text: str, used: set[str] | None = None) -> str:
    """An Excel-safe sheet name: no ``[ ] : * ? / \\``, at most 31 characters, unique (pitfall 10)."""
    name = _SHEET_BAD.sub("-", text).strip().strip("'") or "Trang"
    name = name[:31]
    if used is not None:
        base, n = name, 2
        while name.lower() in {u.lower() for u in used}:
            suffix = f" ({n})"
            name = base[: 31 - len(suffix)] + suffix
            n += 1
        used.add(name)
    return name


def plan_label(plan) -> str:
    """A plan as file names and messages name it: its number, or for a plan not numbered yet
    «KH chưa có số» and the first words of its trích yếu — never the database id (the walk's
    workbook was «Bảng theo dõi 1 Quý IV-2026.xlsx»)."""
    number = (plan["number"] or "").strip()
    if number:
        return number
    return f"KH chưa có số {shorten(plan['title'] or '', 60)}".strip()


def file_name(text: str) -> str:
    """A Windows-safe file name part (the one rule of :func:`core.filenames.file_stem`)."""
    return file_stem(text)
