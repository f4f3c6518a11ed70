"""Excel progress sheets back in: read, check, preview, then apply in one transaction.

Nothing is written by :func:`preview`. :func:`apply` refuses while any file has an
error, writes every change in one transaction, and checks that nothing changed in
the database since the preview. Re-importing the same file changes nothing: a row
is a change only when it differs from what the database already holds.

How a row becomes a report. The sheet was pre-filled from the report the row's key
names (the baseline). A cell the unit changed (non-empty and different from the
baseline) replaces that field of the task's current report; an empty cell keeps the
current value, so a unit that leaves cells empty erases nothing. Choosing a not-done
state clears the completion date. Rows are found by their hidden key, so reordering
or deleting rows is harmless; added rows without a key are listed as warnings and
skipped.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..core.dates import DateError, format_short, from_iso, parse_date
from ..core.text import clean, fold
from ..store.db import Database
from . import exports
from . import progress as progress_store
from .periods import Period, PeriodError, parse_period
from .progress import STATE_NAMES, ProgressError, Report
from .queries import periodic_windows
from .sheet_layout import COLUMNS, EDITABLE_KEYS, FORMAT_TAG, FORMAT_VERSION, HEADER_TO_KEY, META_SHEET, RowKey
from .status import REPORT_CHOICES, REPORT_DONE, REPORT_IN_PROGRESS, REPORT_NOT_STARTED, parse_report_choice

Progress = Callable[[float, str], None]
Abort = Callable[[], bool]

_STATE_OF_CHOICE = {REPORT_NOT_STARTED: "not_started", REPORT_IN_PROGRESS: "in_progress", REPORT_DONE: "done"}
FIELD_NAMES = {
    "state": "Tình trạng",
    "result": "Kết quả",
    "percent": "Tỷ lệ (%)",
    "completed_on": "Ngày hoàn thành",
    "evidence": "Văn bản triển khai",
    "notes": "Ghi chú",
}
_CELL_FIELD = {
    "state": "state",
    "result": "result",
    "percent": "percent",
    "completed": "completed_on",
    "evidence": "evidence",
    "notes": "notes",
}
_HEADER_KEYS = {c.key: c.header for c in COLUMNS}


class ImportRefused(ValueError):
    """An import that cannot be applied; the message is for the user."""


ImportError_ = ImportRefused  # short alias used by the command line and tests


class Cancelled(ImportRefused):
    pass


@dataclass
class Issue:
    file: str
    sheet: str
    row: int | None
    column: str | None  # Excel column letter
    message: str
    severity: str = "error"  # error | warning

    @property
    def location(self) -> str:
        parts = [f"Tệp «{self.file}»"]
        if self.sheet:
            parts.append(f"trang «{self.sheet}»")
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột {self.column}")
        return ", ".join(parts)

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "severity": self.severity,
            "message": self.message,
        }


def _show(name: str, value: object) -> str:
    if value is None or value == "":
        return "—"
    if name == "state":
        return STATE_NAMES.get(str(value), str(value)) or "—"
    if isinstance(value, dt.date):
        return format_short(value)
    return str(value)


@dataclass
class RowChange:
    file: str
    sheet: str
    row: int
    task_id: int
    title: str
    unit: str
    period: Period
    old: Report
    new: Report
    current_id: int | None  # the progress row the change was computed against
    source: str

    def fields(self) -> list[tuple[str, str, str]]:
        """(field label, old, new) for every field that changes."""
        out = []
        for name, label in FIELD_NAMES.items():
            a, b = getattr(self.old, name), getattr(self.new, name)
            if a != b:
                out.append((label, _show(name, a), _show(name, b)))
        return out

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "task_id": self.task_id,
            "title": self.title,
            "unit": self.unit,
            "period": self.period.code,
            "changes": [{"field": f, "old": a, "new": b} for f, a, b in self.fields()],
        }


@dataclass
class FileResult:
    path: Path
    export_id: int | None = None
    plan_id: int | None = None
    unit_id: int | None = None
    period: Period | None = None
    rows_read: int = 0
    saved_at: str | None = None  # when the unit saved the workbook (docProps/core.xml), UTC, seconds
    issues: list[Issue] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    def to_json(self) -> dict:
        return {
            "file": str(self.path),
            "export_id": self.export_id,
            "plan_id": self.plan_id,
            "unit_id": self.unit_id,
            "period": self.period.code if self.period else None,
            "rows_read": self.rows_read,
            "changes": [c.to_json() for c in self.changes],
            "errors": [i.to_json() for i in self.issues if i.severity == "error"],
            "warnings": [i.to_json() for i in self.issues if i.severity == "warning"],
        }


@dataclass
class ImportPreview:
    files: list[FileResult]

    @property
    def changes(self) -> list[RowChange]:
        return [c for f in self.files for c in f.changes]

    @property
    def errors(self) -> list[Issue]:
        return [i for f in self.files for i in f.errors]

    @property
    def warnings(self) -> list[Issue]:
        return [i for f in self.files for i in f.issues if i.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self) -> dict:
        return {
            "ok": self.ok,
            "change_count": len(self.changes),
            "error_count": len(self.errors),
            "files": [f.to_json() for f in self.files],
        }


def _nfc(name: str) -> str:
    """A file or sheet name as messages show it (a Mac writes file names decomposed)."""
    return unicodedata.normalize("NFC", name)


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col + 1)


# -- reading cells -----------------------------------------------------------------
_XML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


EXCEL_CELL_LIMIT = 32_767  # characters in one cell
_EXCEL_ERRORS = frozenset({"#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"})


def _text(value: object) -> str:
    """Cell text, NFC, without control characters. Excel stores a pasted control
    character as ``_x000B_``, which openpyxl hands back verbatim: decode, then strip."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        value = format_short(value if isinstance(value, dt.date) else value.date())
    text = str(value)
    if "_x" in text:
        text = _XML_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)
    return clean(text).strip()


def _percent(value: object, percent_format: bool = False) -> int | None:
    """Raises ValueError with a Vietnamese message. *percent_format*: the cell shows its number
    as a percentage (Excel turns «100%» typed into the column into 1 shown as «0%»)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("Tỷ lệ hoàn thành phải là một số từ 0 đến 100.")
    if isinstance(value, str):
        raw = value.strip().rstrip("%").strip().replace(",", ".")
        try:
            number = float(raw)
        except ValueError:
            raise ValueError(
                f"Tỷ lệ hoàn thành «{value.strip()}» không phải là số; hãy nhập một số từ 0 đến 100."
            ) from None
    elif isinstance(value, (int, float)):
        number = float(value)
        if percent_format or 0 < number < 1:  # a cell Excel turned into a percentage (50% → 0.5)
            number *= 100
    else:
        raise ValueError("Tỷ lệ hoàn thành phải là một số từ 0 đến 100.")
    if not 0 <= number <= 100:
        raise ValueError(f"Tỷ lệ hoàn thành {number:g}% nằm ngoài khoảng cho phép; hãy nhập một số từ 0 đến 100.")
    # Whole percents are stored; half goes up as a unit expects ("50,5" → 51), not to the even
    # neighbour Python's round() picks (50,5 → 50, said by the outside walk).
    return int(number + 0.5)


_DAY_MONTH = re.compile(r"^(?:ngày\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})[.;,]?$", re.IGNORECASE)


def _with_year(value: object, period: Period | None) -> object:
    """«20/4» (the year left out, as clerks do) → «20/4/<the report period's year>»; else *value* itself."""
    if not isinstance(value, str) or period is None:
        return value
    m = _DAY_MONTH.match(clean(value).strip())
    if m is None:
        return value
    return f"{m[1]}/{m[2]}/{period.end.year}"


# «ngày » before a d/m/y date, a time or punctuation after it.
_DATE_DECOR = re.compile(
    r"^(?:ngày|ngay)\s+(?=\d)|\s+\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:sa|ch|am|pm)?$|[\s.;,]+$", re.IGNORECASE
)


def _date(value: object, today: dt.date) -> dt.date | None:
    """Raises ValueError with a Vietnamese message."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 20000 <= value <= 80000:
            raise ValueError(
                f"«{value:g}» không phải là ngày; hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 31/12/2026."
            )
        from openpyxl.utils.datetime import from_excel

        day = from_excel(value).date()
    else:
        text = clean(str(value)).strip()
        try:
            day = parse_date(text)
        except DateError as exc:
            # As clerks type it: «ngày 15/4/2026», «15/4/2026.», «15/04/2026 8:30» (the walk).
            bare = _DATE_DECOR.sub("", text)
            if bare == text:
                raise ValueError(str(exc)) from None
            try:
                day = parse_date(bare)
            except DateError:
                raise ValueError(str(exc)) from None
    if day > today:
        raise ValueError(
            f"Ngày hoàn thành {format_short(day)} chưa đến (hôm nay là {format_short(today)}); hãy kiểm tra lại ngày."
        )
    if day.year < 2000:
        raise ValueError(f"Ngày hoàn thành {format_short(day)} không hợp lý; hãy kiểm tra lại năm.")
    return day


# -- one workbook ----------------------------------------------------------------------
@dataclass
class _Context:
    db: Database
    today: dt.date
    token: str
    tasks: dict[int, tuple]  # id → (plan_id, lead_unit_id, title, kind, deadline text)
    units: dict[int, str]
    plans: dict[int, str]


def _read_meta(wb) -> dict[str, str] | None:
    if META_SHEET not in wb.sheetnames:
        return None
    meta: dict[str, str] = {}
    for row in wb[META_SHEET].iter_rows(min_col=3, max_col=4, values_only=True):
        if row and row[0] is not None:
            meta[str(row[0])] = "" if row[1] is None else str(row[1])
    return meta


def _at(row: tuple, col: int):
    return row[col] if col < len(row) else None


def _find_header(rows: list[tuple]) -> tuple[int, dict[str, int]] | None:
    """The header row of a task sheet: STT and the key, or STT, Nhiệm vụ and a column the unit
    fills (a sheet whose key column was deleted is still ours, and must not be skipped silently)."""
    for i, row in enumerate(rows[:30]):
        cols = {HEADER_TO_KEY[_text(v)]: c for c, v in enumerate(row) if _text(v) in HEADER_TO_KEY}
        if "stt" in cols and ("key" in cols or ("title" in cols and ("state" in cols or "result" in cols))):
            return i, cols
    return None


_MERGE_RE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]{1,3}[0-9]{1,7}:[A-Z]{1,3}[0-9]{1,7})\"")


def _merged_ranges(wb, ws) -> set[tuple[int, int, int, int]]:
    """(min col, min row, max col, max row) of the merged cells of a read-only sheet (1-based).
    openpyxl's read-only mode does not read them: the sheet's XML is scanned in chunks."""
    from openpyxl.utils import range_boundaries

    archive, member = getattr(wb, "_archive", None), getattr(ws, "_worksheet_path", None)
    if archive is None or not member:
        return set()
    found: set[tuple[int, int, int, int]] = set()
    tail = b""
    try:
        with archive.open(member) as fh:
            while chunk := fh.read(1 << 20):
                buf = tail + chunk
                for m in _MERGE_RE.finditer(buf):
                    c1, r1, c2, r2 = range_boundaries(m[1].decode("ascii"))
                    found.add((c1 or 1, r1 or 1, c2 or 1, r2 or 1))
                tail = buf[-120:]
    except (KeyError, OSError, zipfile.BadZipFile, ValueError):
        return set()
    return found


def _read_file(ctx: _Context, path: Path, progress: Progress | None, abort: Abort | None) -> FileResult:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    res = FileResult(path=path)
    name = _nfc(path.name)

    def fail(
        message: str, sheet: str = "", row: int | None = None, column: str | None = None, severity: str = "error"
    ) -> None:
        res.issues.append(Issue(name, sheet, row, column, message, severity))

    from ..safety.hostile import HostileFileError, check_office_file

    try:  # issue 6: zip bombs, XML entities, external links, huge/mislabelled files refused first
        check_office_file(path, "xlsx")
    except HostileFileError as exc:
        fail(f"Không mở được tệp: {exc}")
        return res
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        fail("Không tìm thấy tệp; hãy kiểm tra đường dẫn.")
        return res
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        fail(
            f"Không mở được tệp: không phải tệp Excel .xlsx hoặc tệp bị hỏng ({type(exc).__name__}). "
            "Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi nhập lại."
        )
        return res
    try:
        meta = _read_meta(wb)
        if meta is None or meta.get("format") != FORMAT_TAG:
            fail(
                "Tệp này không phải bảng theo dõi tiến độ do KeHoach xuất (thiếu trang thông tin ẩn). "
                "Hãy nhập đúng tệp đã gửi cho đơn vị."
            )
            return res
        if int(meta.get("version") or 0) > FORMAT_VERSION:
            fail("Tệp được xuất bởi phiên bản KeHoach mới hơn; hãy cập nhật chương trình.")
            return res
        if meta.get("db") != ctx.token:
            fail(
                "Tệp này được xuất từ một tệp dữ liệu KeHoach khác (máy khác hoặc bản sao khác), "
                "không phải tệp dữ liệu đang mở. Hãy mở đúng tệp dữ liệu rồi nhập lại."
            )
            return res
        try:
            res.export_id = int(meta["export_id"])
            res.plan_id = int(meta["plan_id"])
            res.unit_id = int(meta["unit_id"]) or None
            res.period = parse_period(meta["period"])
        except (KeyError, ValueError, PeriodError):
            fail("Thông tin ẩn của tệp đã bị sửa hoặc hỏng; hãy xuất lại bảng theo dõi cho đơn vị.")
            return res
        record = exports.get(ctx.db, res.export_id)
        if (
            record is None
            or record.plan_id != res.plan_id
            or (record.unit_id or None) != res.unit_id
            or record.period != res.period
        ):
            fail(
                f"Lần xuất số {res.export_id} không có trong sổ xuất của tệp dữ liệu này "
                "(hoặc thông tin ẩn đã bị sửa); hãy xuất lại bảng theo dõi."
            )
            return res
        newest = exports.latest(ctx.db, res.plan_id, res.unit_id, res.period)
        if newest is not None and newest.id != record.id:
            fail(
                f"Tệp thuộc lần xuất số {record.id} ngày {format_short(from_iso(record.created_at[:10]))}, "
                f"đã được thay bằng lần xuất mới hơn số {newest.id} ngày "
                f"{format_short(from_iso(newest.created_at[:10]))}. Hãy nhập tệp của lần xuất mới nhất "
                "(hoặc chép số liệu sang tệp đó)."
            )
            return res
        res.saved_at = _saved_at(wb)
        later = _imported_later(ctx.db, res.export_id, res.saved_at)
        if later is not None and res.saved_at is not None:
            fail(
                f"Tệp này được lưu lúc {_local(res.saved_at)}, cũ hơn bản của cùng lần xuất đã nhập trước đây "
                f"(tệp «{later[0]}», lưu lúc {_local(later[1])}): nhập tệp này sẽ thay số liệu mới bằng số liệu cũ. "
                "Nếu đúng là bản cần nhập, hãy mở tệp bằng Excel, lưu lại rồi nhập lại."
            )
            return res
        for ws in wb.worksheets:
            if ws.title == META_SHEET:
                continue
            _read_sheet(ctx, res, ws, fail, progress, abort)
    finally:
        wb.close()
    return res


def _saved_at(wb) -> str | None:
    modified = getattr(getattr(wb, "properties", None), "modified", None)
    if not isinstance(modified, dt.datetime):
        return None
    if modified.tzinfo is not None:
        modified = modified.astimezone(dt.UTC).replace(tzinfo=None)
    return modified.isoformat(timespec="seconds")


def _imported_later(db: Database, export_id: int | None, saved_at: str | None) -> tuple[str, str] | None:
    """(file name, saved at) of a copy of the same export imported before and saved later than
    *saved_at*: its progress rows name it in their source, «excel:<export>:<file>@<saved at>»."""
    if export_id is None or saved_at is None:
        return None
    latest: tuple[str, str] | None = None
    for (source,) in db.all("SELECT DISTINCT source FROM progress WHERE source LIKE ?", (f"excel:{export_id}:%@%",)):
        name, _, stamp = str(source).split(":", 2)[2].rpartition("@")
        if stamp > saved_at and (latest is None or stamp > latest[1]):
            latest = (name, stamp)
    return latest


def _local(stamp: str) -> str:
    """A UTC stamp as the secretary's clock shows it: «09:30 06/5/2026»."""
    try:
        when = dt.datetime.fromisoformat(stamp).replace(tzinfo=dt.UTC).astimezone()
    except ValueError:
        return stamp
    return f"{when:%H:%M} {when.day:02d}/{when.month:02d}/{when.year}"


def _read_sheet(ctx: _Context, res: FileResult, ws, fail, progress: Progress | None, abort: Abort | None) -> None:
    it = ws.iter_rows(values_only=True)
    head: list[tuple] = []
    found = None
    for row in it:  # look for the header in the first rows only
        head.append(row)
        found = _find_header(head[-1:])
        if found is not None or len(head) >= 30:
            break
    if found is None:
        return  # the summary sheet, or a sheet the unit added
    header, cols = len(head) - 1, found[1]
    rows = head + list(it)
    sheet = _nfc(ws.title)
    missing = [k for k in ("key", *EDITABLE_KEYS) if k not in cols]
    if missing:
        fail(
            "Thiếu cột "
            + ", ".join(f"«{_HEADER_KEYS[k]}»" for k in missing)
            + "; không xóa hoặc đổi tên cột tiêu đề. Hãy dùng lại tệp gốc.",
            sheet,
            header + 1,
        )
        return
    key_col = cols["key"]
    assert res.plan_id is not None and res.period is not None
    typed = _LegacyCells.of(rows[header + 1 :], [cols[k] for k in ("state", "result", "evidence", "notes")])
    merged = False
    editable = {cols[k] + 1: k for k in EDITABLE_KEYS}
    for c1, r1, c2, r2 in sorted(_merged_ranges(ws.parent, ws), key=lambda b: (b[1], b[0])):
        inside = [c for c in range(c1, c2 + 1) if c in editable]
        if r2 > r1 and r2 > header + 1 and inside:
            # Excel keeps a merged cell's content in its first row only: the other tasks would get nothing.
            fail(
                f"Ô «{_HEADER_KEYS[editable[inside[0]]]}» được gộp qua các dòng {r1} đến {r2}: nội dung chỉ thuộc về "
                f"dòng {r1}, các dòng sau không nhận được gì. Hãy bỏ gộp ô (chọn ô đã gộp, bấm lại nút «Merge & Center») và ghi "
                "riêng cho từng dòng rồi nhập lại.",
                sheet,
                r1,
                _letter(inside[0] - 1),
            )
            merged = True
    if merged:
        return
    pct_col = cols["percent"]
    ones = {
        i + 1
        for i in range(header + 1, len(rows))
        if (v := _at(rows[i], pct_col)) is not None and not isinstance(v, bool) and v == 1
    }
    percent_rows = _percent_formatted(ws, pct_col, ones) if ones else set()
    seen: dict[int, int] = {}
    parsed: list[tuple[int, RowKey, dict]] = []
    shown: dict[int, str] = {}  # Excel row → the task title the row shows
    n = len(rows)
    for i in range(header + 1, n):
        if abort is not None and i % 1000 == 0 and abort():
            raise Cancelled("Đã hủy nhập tệp; chưa ghi gì vào dữ liệu.")
        if progress is not None and i % 2000 == 0:
            progress(i / n, f"{_nfc(res.path.name)}: đang đọc dòng {i}/{n}…")
        row = rows[i]
        excel_row = i + 1

        key = RowKey.decode(_at(row, cols["key"]))
        if key is None:
            if any(_text(_at(row, cols[k])) for k in EDITABLE_KEYS) or _text(_at(row, cols["title"])):
                fail(
                    "Dòng thêm mới không có mã nhiệm vụ nên không được nhập. Nếu đây là nhiệm vụ mới, "
                    "hãy bổ sung vào Kế hoạch rồi xuất lại bảng.",
                    sheet,
                    excel_row,
                    None,
                    "warning",
                )
            continue
        res.rows_read += 1
        col = _letter(key_col)
        if key.plan_id != res.plan_id:
            fail(
                f"Dòng này thuộc kế hoạch khác ({ctx.plans.get(key.plan_id, f'mã {key.plan_id}')}), "
                f"không thuộc {ctx.plans.get(res.plan_id, 'kế hoạch của tệp')}; hãy xóa dòng này khỏi tệp.",
                sheet,
                excel_row,
                col,
            )
            continue
        if (key.unit_id or None) != res.unit_id:
            other = ctx.units.get(key.unit_id, "bảng tổng hợp") if key.unit_id else "bảng tổng hợp"
            fail(
                f"Dòng này được chép từ tệp của {other}, không phải của tệp này; "
                "hãy xóa dòng và để đơn vị đó báo cáo trong tệp của mình.",
                sheet,
                excel_row,
                col,
            )
            continue
        if key.export_id != res.export_id:
            fail(
                f"Dòng này được chép từ tệp của lần xuất khác (số {key.export_id}); "
                "hãy nhập số liệu vào dòng tương ứng của tệp này.",
                sheet,
                excel_row,
                col,
            )
            continue
        task = ctx.tasks.get(key.task_id)
        if task is None:
            fail("Nhiệm vụ của dòng này đã bị xóa khỏi kế hoạch; dòng được bỏ qua.", sheet, excel_row, None, "warning")
            continue
        if task[0] != res.plan_id:
            fail(
                f"Nhiệm vụ của dòng này thuộc kế hoạch khác ({ctx.plans.get(task[0], '')}); hãy xóa dòng này khỏi tệp.",
                sheet,
                excel_row,
                col,
            )
            continue
        if res.unit_id is not None and task[1] != res.unit_id:
            fail(
                f"Nhiệm vụ này nay do {ctx.units.get(task[1], 'đơn vị khác')} chủ trì, không thuộc tệp của "
                f"{ctx.units.get(res.unit_id, 'đơn vị này')}; hãy xuất lại bảng cho các đơn vị.",
                sheet,
                excel_row,
                col,
            )
            continue
        if key.task_id in seen:
            fail(f"Dòng trùng mã nhiệm vụ với dòng {seen[key.task_id]}; hãy giữ lại một dòng.", sheet, excel_row, col)
            continue
        seen[key.task_id] = excel_row
        values: dict = {}
        ok = True
        raw_state = typed.read(_text(_at(row, cols["state"])))
        if raw_state:
            choice = parse_report_choice(raw_state)
            if choice is None:
                fail(
                    f"Tình trạng «{raw_state}» không có trong danh sách; hãy chọn một trong: "
                    f"{', '.join(REPORT_CHOICES)}.",
                    sheet,
                    excel_row,
                    _letter(cols["state"]),
                )
                ok = False
            else:
                values["state"] = _STATE_OF_CHOICE[choice]
        try:
            pct = _percent(_at(row, cols["percent"]), excel_row in percent_rows)
            if pct is not None:
                values["percent"] = pct
        except ValueError as exc:
            fail(str(exc), sheet, excel_row, _letter(cols["percent"]))
            ok = False
        try:
            raw_day = _at(row, cols["completed"])
            dated = _with_year(raw_day, res.period)
            day = _date(dated, ctx.today)
            if day is not None:
                values["completed_on"] = day
                if dated is not raw_day:
                    fail(
                        f"Ngày «{_text(raw_day)}» không ghi năm: đã hiểu là {format_short(day)} (năm của kỳ báo cáo). "
                        "Nếu không đúng, hãy ghi đủ ngày/tháng/năm rồi nhập lại.",
                        sheet,
                        excel_row,
                        _letter(cols["completed"]),
                        "warning",
                    )
        except ValueError as exc:
            fail(str(exc), sheet, excel_row, _letter(cols["completed"]))
            ok = False
        for k in ("result", "evidence", "notes"):
            raw = _at(row, cols[k])
            if isinstance(raw, str) and len(raw) > EXCEL_CELL_LIMIT:
                # Excel never holds more; a file edited by another program may (issue 13).
                fail(
                    f"Ô này dài {len(raw):,} ký tự".replace(",", ".")
                    + ", vượt giới hạn 32.767 ký tự một ô của Excel (tệp có thể đã bị sửa bằng chương "
                    "trình khác), nên dòng này không được nhập. Hãy rút gọn nội dung ô rồi nhập lại.",
                    sheet,
                    excel_row,
                    _letter(cols[k]),
                )
                ok = False
                continue
            text = typed.read(_text(raw))
            if text in _EXCEL_ERRORS:
                # «+ Đã tổ chức …» typed into Excel is read as a formula and shows «#NAME?».
                fail(
                    f"Ô này hiện lỗi công thức «{text}» của Excel, không phải nội dung: Excel hiểu chữ gõ bắt "
                    "đầu bằng «+», «-» hoặc «=» là công thức. Hãy gõ lại nội dung, thêm dấu nháy ' ở đầu "
                    "(ví dụ: '+ Đã tổ chức …), rồi nhập lại.",
                    sheet,
                    excel_row,
                    _letter(cols[k]),
                )
                ok = False
                continue
            if text:
                values[k] = text
        if ok:
            parsed.append((excel_row, key, values))
            if "title" in cols:
                shown[excel_row] = _text(_at(row, cols["title"]))
    if typed.converted:
        fail(
            f"Có {typed.converted} ô gõ bằng bảng mã {typed.name} (phông «.VnTime»/«VNI-Times» cũ); đã chuyển "
            "sang Unicode. Hãy xem lại nội dung ở phần Thay đổi trước khi ghi; lần sau đặt Unikey ở bảng mã "
            "Unicode.",
            sheet,
            None,
            None,
            "warning",
        )
    parsed = _same_rows(ctx, res, sheet, parsed, shown, fail, _letter(cols.get("title", 1)))
    _merge(ctx, res, sheet, parsed, cols, fail)


class _LegacyCells:
    """The cells a unit typed in an old Vietnamese encoding (TCVN3 «.VnTime», VNI): judged on all of
    the sheet's typed text at once, as a document is (one cell is too short to tell), then each
    cell that reads better converted is converted (pitfall 4: never store «§· tæ chøc»)."""

    def __init__(self, kind: str):
        self.kind = kind
        self.name = {"tcvn3": "TCVN3", "vni": "VNI"}.get(kind, kind)
        self.converted = 0

    @classmethod
    def of(cls, rows: list[tuple], columns: list[int]) -> _LegacyCells:
        from ..importer.legacy import best_reading

        texts = [v for row in rows for c in columns if isinstance(v := _at(row, c), str) and not v.isascii()]
        return cls(best_reading("\n".join(texts))[1] if texts else "unicode")

    def read(self, text: str) -> str:
        if self.kind == "unicode" or not text or text.isascii():
            return text
        from ..importer.legacy import UNICODE_VIETNAMESE_RE, plausibility, tcvn3_to_unicode, vni_to_unicode

        if UNICODE_VIETNAMESE_RE.search(text):
            return text  # a cell typed in Unicode (the pre-filled ones are): ơ, ư, đ, ạ … exist only there
        converted = (tcvn3_to_unicode if self.kind == "tcvn3" else vni_to_unicode)(text)
        if converted == text or plausibility(converted) < plausibility(text):
            return text
        self.converted += 1
        return clean(converted).strip()


def _same_rows(
    ctx: _Context,
    res: FileResult,
    sheet: str,
    parsed: list[tuple[int, RowKey, dict]],
    shown: dict[int, str],
    fail,
    column: str,
) -> list[tuple[int, RowKey, dict]]:
    """Rows whose visible task is another task of the plan than their hidden key says: the visible
    columns were sorted without the key (Excel's «Continue with the current selection»), so every
    figure would land on the wrong task. A title merely edited in the plan since is not this."""
    titles: dict[str, set[int]] = {}
    for tid, task in ctx.tasks.items():
        if task[0] == res.plan_id:
            titles.setdefault(_title_key(task[2]), set()).add(tid)
    kept = []
    for excel_row, key, values in parsed:
        seen_title = _title_key(shown.get(excel_row, ""))
        owners = titles.get(seen_title, set())
        if seen_title and owners and key.task_id not in owners:
            other = ctx.tasks[next(iter(owners))][2]
            fail(
                f"Dòng này ghi nhiệm vụ «{_short(other)}» nhưng mã ở cột «Mã (không sửa)» là của nhiệm vụ "
                f"«{_short(ctx.tasks[key.task_id][2])}»: các cột đã bị sắp xếp lệch nhau (sắp xếp mà không chọn cả "
                "dòng). Không nhập dòng nào của tệp; hãy dùng lại tệp gốc, hoặc hoàn tác việc sắp xếp rồi nhập lại.",
                sheet,
                excel_row,
                column,
            )
            continue
        kept.append((excel_row, key, values))
    return kept


def _short(title: str, limit: int = 60) -> str:
    """A task title in a message: cut at a word, with «…» when cut (not «phong các»)."""
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _title_key(text: str) -> str:
    return " ".join(fold(clean(text)).split())


def _percent_formatted(ws, col: int, rows: set[int]) -> set[int]:
    """Which of *rows* show their percent cell (0-based column *col*) with a «%» number format."""
    out: set[int] = set()
    for (cell,) in ws.iter_rows(min_row=min(rows), max_row=max(rows), min_col=col + 1, max_col=col + 1):
        row = getattr(cell, "row", None)
        if row in rows and "%" in str(getattr(cell, "number_format", "") or ""):
            out.add(row)
    return out


def _merge(
    ctx: _Context, res: FileResult, sheet: str, parsed: list[tuple[int, RowKey, dict]], cols: dict[str, int], fail
) -> None:
    """Turn parsed rows into changes against the current reports."""
    assert res.period is not None
    task_ids = [k.task_id for _, k, _ in parsed]
    windows = periodic_windows(res.period, ((t, ctx.tasks[t][3], ctx.tasks[t][4]) for t in task_ids))
    current = progress_store.effective(ctx.db, res.period, task_ids, windows)
    baseline_ids = [k.baseline_id for _, k, _ in parsed if k.baseline_id]
    baselines: dict[int, Report] = {}
    for i in range(0, len(baseline_ids), 900):
        chunk = baseline_ids[i : i + 900]
        for r in ctx.db.all(f"SELECT * FROM progress WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            baselines[r["id"]] = progress_store._row(r).report
    source = f"excel:{res.export_id}:{_nfc(res.path.name)}" + (f"@{res.saved_at}" if res.saved_at else "")
    for excel_row, key, values in parsed:
        base = baselines.get(key.baseline_id, Report())
        changed = {f: v for f, v in values.items() if getattr(base, f) != v}
        cur_row = current.get(key.task_id)
        cur = cur_row.report if cur_row else Report()
        if not changed:
            continue
        new = replace(cur, **changed)
        if "state" in changed and changed["state"] != "done":
            if "completed_on" in values:
                fail(
                    f"Đã chọn «{STATE_NAMES[changed['state']]}» nhưng vẫn có ngày hoàn thành; hãy xóa ngày "
                    "hoàn thành hoặc chọn «Đã hoàn thành».",
                    sheet,
                    excel_row,
                    _letter(cols["completed"]),
                )
                continue
            new = replace(new, completed_on=None)
        elif "completed_on" in changed and "state" not in changed:
            new = replace(new, state="done")
        if new.state == "done" and new.completed_on is None:
            fail(
                "Đã chọn «Đã hoàn thành» nhưng chưa có ngày hoàn thành; hãy nhập ngày hoàn thành (ngày/tháng/năm).",
                sheet,
                excel_row,
                _letter(cols["completed"]),
            )
            continue
        try:
            new = new.normalised()
        except ProgressError as exc:
            fail(str(exc), sheet, excel_row, None)
            continue
        if new == cur:
            continue
        task = ctx.tasks[key.task_id]
        res.changes.append(
            RowChange(
                _nfc(res.path.name),
                sheet,
                excel_row,
                key.task_id,
                task[2],
                ctx.units.get(task[1], ""),
                res.period,
                cur,
                new,
                cur_row.id if cur_row else None,
                source,
            )
        )


def preview(
    db: Database,
    paths: Iterable[Path | str],
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
    abort: Abort | None = None,
) -> ImportPreview:
    """Read every workbook and list the changes and the problems; writes nothing."""
    path_list = [Path(p) for p in paths]
    ctx = _Context(
        db=db,
        today=today or dt.date.today(),
        token=exports.db_token(db),
        tasks={
            r[0]: (r[1], r[2], r[3], r[4], r[5])
            for r in db.all("SELECT id, plan_id, lead_unit_id, title, deadline_kind, deadline_text FROM tasks")
        },
        units={r[0]: r[1] for r in db.all("SELECT id, name FROM units")},
        plans={
            r[0]: (f"Kế hoạch số {r[1]}" if r[1] else f"kế hoạch mã {r[0]}")
            for r in db.all("SELECT id, number FROM plans")
        },
    )
    files: list[FileResult] = []
    for k, path in enumerate(path_list):
        if abort is not None and abort():
            raise Cancelled("Đã hủy nhập tệp; chưa ghi gì vào dữ liệu.")
        if progress is not None:
            progress(k / max(len(path_list), 1), f"Đang đọc {_nfc(path.name)}…")
        files.append(_read_file(ctx, path, None if len(path_list) > 1 else progress, abort))
    _cross_check(files)
    if progress is not None:
        progress(1.0, "Đã đọc xong.")
    return ImportPreview(files)


def _cross_check(files: list[FileResult]) -> None:
    """The same task and period changed by two files: identical is fine, different is an error."""
    first: dict[tuple, RowChange] = {}
    for f in files:
        kept = []
        for ch in f.changes:
            k = (ch.task_id, ch.period.key())
            prev = first.get(k)
            if prev is None:
                first[k] = ch
                kept.append(ch)
            elif prev.new != ch.new:
                f.issues.append(
                    Issue(
                        ch.file,
                        ch.sheet,
                        ch.row,
                        None,
                        (
                            f"Nhiệm vụ «{_short(ch.title)}» cũng có ở trang «{prev.sheet}» (dòng {prev.row}) của "
                            "cùng tệp với số liệu khác (trang được chép thêm?); hãy giữ số liệu ở một trang, "
                            "xóa trang kia rồi nhập lại."
                            if prev.file == ch.file
                            else f"Nhiệm vụ «{_short(ch.title)}» cũng có trong tệp «{prev.file}» (dòng {prev.row}) "
                            "với số liệu khác; hãy giữ số liệu ở một tệp rồi nhập lại."
                        ),
                    )
                )
        f.changes = kept


def apply(db: Database, pv: ImportPreview) -> list[int]:
    """Write every change in one transaction; returns the new progress row ids."""
    if not pv.ok:
        raise ImportError_(
            f"Còn {len(pv.errors)} lỗi trong các tệp; chưa ghi gì vào dữ liệu. Hãy sửa các ô được chỉ ra rồi nhập lại."
        )
    changes = pv.changes
    if not changes:
        return []
    ids: list[int] = []
    with db.transaction():
        by_period: dict[Period, list[RowChange]] = {}
        for ch in changes:
            by_period.setdefault(ch.period, []).append(ch)
        for period, items in by_period.items():
            tids = [c.task_id for c in items]
            tid_set = set(tids)
            windows = periodic_windows(
                period,
                (
                    tuple(r)
                    for r in db.all(
                        "SELECT id, deadline_kind, deadline_text FROM tasks WHERE deadline_kind = 'periodic'"
                    )
                    if r[0] in tid_set
                ),
            )
            now = progress_store.effective(db, period, tids, windows)
            for ch in items:
                cur = now.get(ch.task_id)
                if (cur.id if cur else None) != ch.current_id:
                    raise ImportError_(
                        "Số liệu của nhiệm vụ «" + _short(ch.title) + "» đã thay đổi sau khi xem trước; "
                        "hãy xem trước lại rồi mới ghi."
                    )
                ids.append(progress_store.record(db, ch.task_id, ch.period, ch.new, source=ch.source))
    return ids
