"""Excel progress sheets out: one consolidated workbook, or one workbook per unit.

XlsxWriter writes (about 3× faster than openpyxl for styled rows, see
benchmarks/bench_excel.py); openpyxl reads them back in :mod:`.excel_import`.
Editable columns are unlocked and the rest protected; the drop-down list lives on a
hidden sheet (pitfall 14); dates are real dates shown dd/mm/yyyy (pitfall 11); the
summary sheet holds values computed here, not formulas (pitfall 12); every text
goes through :func:`clean` so pasted control characters never reach the file
(pitfall 13).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from ..core import oserrors
from ..core.dates import format_short
from ..core.text import clean
from ..safety import secrecy
from ..store import profile as profile_store
from ..store.db import Database
from . import exports
from .periods import Period
from .progress import STATE_NAMES
from .queries import NO_UNIT, Summary, TaskFilter, TaskRow, load_rows, summarise
from .sheet_layout import (
    CHOICES_NAME,
    COLUMN_INDEX,
    COLUMNS,
    FORMAT_TAG,
    FORMAT_VERSION,
    META_SHEET,
    SECRET_NOTE,
    RowKey,
    file_name,
    plan_label,
    sheet_name,
)
from .status import OVERDUE_BUCKETS, REPORT_CHOICES, STATUS_COLOURS, STATUS_MARKS, STATUS_NAMES, STATUSES

Progress = Callable[[float, str], None]
Abort = Callable[[], bool]
_MAX_CELL = 32000  # Excel's limit is 32,767 characters per cell


class ExportError(ValueError):
    """An export that cannot be made; the message is for the user."""


class SecretNotConfirmed(ExportError):
    """The plan is marked secret and the caller did not confirm the export."""


class Cancelled(ExportError):
    pass


@dataclass
class ExportResult:
    path: Path
    export_id: int
    unit_id: int | None
    unit_name: str
    task_count: int


def _txt(value: object) -> str:
    text = clean(str(value)) if value is not None else ""
    if len(text) <= _MAX_CELL:
        return text
    # Never cut without a word (issue 13): the cell says it was shortened and where the rest is.
    note = f" … [đã cắt bớt: bản đầy đủ dài {len(text):,} ký tự có trong KeHoach]".replace(",", ".")
    return text[: _MAX_CELL - len(note)] + note


def secret_mark(security: str) -> str:
    """``MẬT`` / ``TỐI MẬT`` / ``TUYỆT MẬT`` for a secret plan, ``""`` otherwise (the shared rule)."""
    return secrecy.mark_text(security)


def _plan(db: Database, plan_id: int):
    row = db.one("SELECT id, number, title, security, issuer_body FROM plans WHERE id = ?", (plan_id,))
    if row is None:
        raise ExportError(f"Không có kế hoạch mã {plan_id}. Hãy chọn lại kế hoạch.")
    return row


def _check_secret(plan, allow_secret: bool) -> str:
    mark = secret_mark(plan["security"])
    if secrecy.needs_confirmation(plan["security"]) and not allow_secret:
        raise SecretNotConfirmed(secrecy.reason_text(plan["security"]))
    return mark


def workbook_title(plan) -> str:
    if not plan["number"]:
        return "Bảng theo dõi tiến độ thực hiện Kế hoạch (chưa có số)"  # the trích yếu is the next line
    return f"Bảng theo dõi tiến độ thực hiện Kế hoạch số {plan['number']}"


class _Writer:
    """One workbook: formats, the hidden list sheet, the task sheet, the summary sheet."""

    def __init__(self, path: Path, n_rows: int):
        self.wb = xlsxwriter.Workbook(
            str(path),
            {
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                # Small and medium sheets are assembled in memory (no temporary file per part: ~40 %
                # faster); very large ones stream rows to disk to keep memory flat.
                "constant_memory": n_rows > 20000,
                "in_memory": n_rows <= 20000,
                "default_date_format": "dd/mm/yyyy",
            },
        )
        self.wb.set_properties({"title": "Bảng theo dõi tiến độ", "comments": FORMAT_TAG})
        base = {"font_name": "Times New Roman", "font_size": 12, "valign": "top", "border": 1}
        f = self.wb.add_format
        self.f_title = f({"font_name": "Times New Roman", "font_size": 14, "bold": True, "align": "center"})
        self.f_line = f({"font_name": "Times New Roman", "font_size": 12, "align": "center"})
        self.f_note = f({"font_name": "Times New Roman", "font_size": 11, "italic": True, "text_wrap": True})
        self.f_secret = f(
            {
                "font_name": "Times New Roman",
                "font_size": 14,
                "bold": True,
                "font_color": "#C00000",
                "border": 2,
                "border_color": "#C00000",
                "align": "center",
            }
        )
        self.f_head = f(
            {**base, "bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "bg_color": "#D9E1F2"}
        )
        self.f_head_edit = f(
            {**base, "bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "bg_color": "#FFF2CC"}
        )
        self.f_ro = f({**base, "text_wrap": True})
        self.f_ro_c = f({**base, "align": "center"})
        self.f_edit = f({**base, "text_wrap": True, "locked": False})
        self.f_edit_c = f({**base, "align": "center", "locked": False})
        self.f_edit_pct = f({**base, "align": "center", "locked": False, "num_format": "0"})
        self.f_edit_date = f({**base, "align": "center", "locked": False, "num_format": "dd/mm/yyyy"})
        # Column defaults for the editable columns: an empty cell is never written (a third of
        # the cells in a typical sheet), it takes the column's unlocked format instead; the grid
        # lines come from one conditional format over the table.
        col = {"font_name": "Times New Roman", "font_size": 12, "valign": "top", "locked": False}
        self.c_edit = f({**col, "text_wrap": True})
        self.c_edit_c = f({**col, "align": "center"})
        self.c_edit_pct = f({**col, "align": "center", "num_format": "0"})
        self.c_edit_date = f({**col, "align": "center", "num_format": "dd/mm/yyyy"})
        self.f_grid = f({"border": 1})
        self.f_key = f({"font_size": 8, "font_color": "#808080"})
        self.f_status = {s: f({**base, "text_wrap": True, "bg_color": STATUS_COLOURS[s]}) for s in STATUSES}
        self.f_num = f({**base, "align": "center"})
        self.f_num_bold = f({**base, "align": "center", "bold": True})
        self.f_bold = f({**base, "bold": True})
        self.f_pct = f({**base, "align": "center", "num_format": "0.0"})
        self.used_names: set[str] = {META_SHEET}

    def meta_sheet(self, meta: dict[str, object]) -> None:
        ws = self.wb.add_worksheet(META_SHEET)
        items = list(meta.items())
        # Row by row: in constant-memory mode XlsxWriter drops writes to earlier rows.
        for i in range(max(len(REPORT_CHOICES), len(items))):
            if i < len(REPORT_CHOICES):
                ws.write_string(i, 0, REPORT_CHOICES[i])
            if i < len(items):
                ws.write_string(i, 2, items[i][0])
                ws.write_string(i, 3, str(items[i][1]))
        self.wb.define_name(CHOICES_NAME, f"='{META_SHEET}'!$A$1:$A${len(REPORT_CHOICES)}")
        ws.very_hidden()
        ws.protect()

    def close(self) -> None:
        from xlsxwriter.exceptions import FileCreateError

        try:
            self.wb.close()
        except (FileCreateError, OSError) as exc:
            name = Path(self.wb.filename).name if isinstance(self.wb.filename, (str, Path)) else ""
            # xlsxwriter wraps the OSError of the file it could not create.
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else exc
            if isinstance(cause, OSError) and (cause.errno is not None or getattr(cause, "winerror", None)):
                raise ExportError("Không xuất được bảng Excel. " + oserrors.describe(cause, name)) from None
            raise ExportError(
                f"Không ghi được tệp «{name}»: tệp đang mở trong Excel hoặc thư mục không cho phép ghi. "
                "Hãy đóng tệp hoặc chọn thư mục khác rồi xuất lại."
            ) from None


def _header_block(w: _Writer, ws, mark: str, lines: list[str], note: str) -> int:
    """Title lines above the table; returns the header row index."""
    last = len(COLUMNS) - 2  # the key column stays outside the merged title
    r = 0
    if mark:
        ws.merge_range(r, 0, r, 2, mark, w.f_secret)
        ws.merge_range(r, 3, r, last, SECRET_NOTE.format(mark=mark), w.f_note)
        r += 1
    ws.merge_range(r, 0, r, last, lines[0], w.f_title)
    r += 1
    for line in lines[1:]:
        ws.merge_range(r, 0, r, last, line, w.f_line)
        r += 1
    ws.merge_range(r, 0, r, last, note, w.f_note)
    ws.set_row(r, 30)
    return r + 2


def _task_sheet(
    w: _Writer,
    name: str,
    plan,
    rows: list[TaskRow],
    period: Period,
    export_id: int,
    unit_id: int | None,
    unit_label: str,
    mark: str,
    today: dt.date,
    progress: Progress | None,
    abort: Abort | None,
):
    ws = w.wb.add_worksheet(sheet_name(name, w.used_names))
    title = workbook_title(plan)
    lines = [
        title.upper(),
        clean(plan["title"]),
        f"Đơn vị: {unit_label}",
        f"Kỳ báo cáo: {period.label} (từ {format_short(period.start)} đến {format_short(period.end)}) — "
        f"xuất ngày {format_short(today)}, lần xuất số {export_id}",
    ]
    note = (
        "Chỉ nhập vào các cột nền trắng: Tình trạng (chọn trong danh sách), Kết quả, Tỷ lệ (0–100), "
        "Ngày hoàn thành (ngày/tháng/năm), Văn bản triển khai, Ghi chú. Ô để trống giữ nguyên số liệu cũ. "
        "Có thể sắp xếp lại các dòng; không sửa, không xóa cột Mã."
    )
    header = _header_block(w, ws, mark, lines, note)
    column_default = {
        "state": w.c_edit_c,
        "result": w.c_edit,
        "percent": w.c_edit_pct,
        "completed": w.c_edit_date,
        "evidence": w.c_edit,
        "notes": w.c_edit,
    }
    for c, col in enumerate(COLUMNS):
        ws.set_column(c, c, col.width, column_default.get(col.key))
        ws.write_string(header, c, col.header, w.f_head_edit if col.editable else w.f_head)
    ws.set_column(COLUMN_INDEX["key"], COLUMN_INDEX["key"], 4, w.f_key, {"hidden": True})
    ws.set_row(header, 45)
    first = header + 1
    ci = COLUMN_INDEX
    n = len(rows)
    for i, row in enumerate(rows):
        if abort is not None and i % 500 == 0 and abort():
            raise Cancelled("Đã hủy xuất tệp.")
        if progress is not None and i % 1000 == 0:
            progress(i / max(n, 1), f"Đang ghi dòng {i + 1}/{n}…")
        r = first + i
        rep = row.report
        ws.write_number(r, ci["stt"], i + 1, w.f_ro_c)
        ws.write_string(r, ci["title"], _txt(row.title), w.f_ro)
        ws.write_string(r, ci["lead"], _txt(row.lead_unit or NO_UNIT), w.f_ro)
        coop = ", ".join(row.cooperating)
        if coop:
            ws.write_string(r, ci["coop"], _txt(coop), w.f_ro)
        ws.write_string(r, ci["deadline"], _txt(row.deadline_label), w.f_ro)
        verdict = f"{STATUS_MARKS[row.status]} {STATUS_NAMES[row.status]}"
        if row.overdue_days:
            verdict += f" ({row.overdue_days} ngày)"
        ws.write_string(r, ci["verdict"], verdict, w.f_status[row.status])
        if rep.state:
            ws.write_string(r, ci["state"], STATE_NAMES[rep.state], w.f_edit_c)
        if rep.result:
            ws.write_string(r, ci["result"], _txt(rep.result), w.f_edit)
        if rep.percent is not None:
            ws.write_number(r, ci["percent"], rep.percent, w.f_edit_pct)
        if rep.completed_on is not None:
            ws.write_datetime(r, ci["completed"], dt.datetime.combine(rep.completed_on, dt.time()), w.f_edit_date)
        if rep.evidence:
            ws.write_string(r, ci["evidence"], _txt(rep.evidence), w.f_edit)
        if rep.notes:
            ws.write_string(r, ci["notes"], _txt(rep.notes), w.f_edit)
        key = RowKey(row.task_id, row.plan_id, export_id, unit_id or 0, row.progress_id or 0)
        ws.write_string(r, ci["key"], key.encode(), w.f_key)
    last = first + max(n, 1) - 1
    # Room for a few rows the unit may add: the drop-down, the checks and the grid reach them too.
    extra_last = last + 20
    ws.conditional_format(
        header + 1, 0, extra_last, len(COLUMNS) - 2, {"type": "formula", "criteria": "TRUE", "format": w.f_grid}
    )
    ws.data_validation(
        first,
        ci["state"],
        extra_last,
        ci["state"],
        {
            "validate": "list",
            "source": f"={CHOICES_NAME}",
            "error_title": "Tình trạng",
            "error_message": "Hãy chọn một giá trị trong danh sách.",
        },
    )
    ws.data_validation(
        first,
        ci["percent"],
        extra_last,
        ci["percent"],
        {
            "validate": "integer",
            "criteria": "between",
            "minimum": 0,
            "maximum": 100,
            "error_title": "Tỷ lệ hoàn thành",
            "error_message": "Hãy nhập một số nguyên từ 0 đến 100.",
        },
    )
    ws.freeze_panes(first, 2)
    ws.autofilter(header, 0, last, len(COLUMNS) - 2)
    _print_setup(ws, header, mark)
    ws.protect(
        "",
        {
            "insert_rows": True,
            "delete_rows": True,
            "sort": True,
            "autofilter": True,
            "format_cells": False,
            "format_columns": True,
            "format_rows": True,
        },
    )
    return ws


def _print_setup(ws, header_row: int, mark: str) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.repeat_rows(header_row)
    ws.fit_to_pages(1, 0)  # fit to width, as many pages tall as needed
    if mark:
        ws.set_header(f'&C&"Times New Roman,Bold"&14{mark}')
    ws.set_footer("&CTrang &P/&N")


def _summary_sheet(w: _Writer, plan, rows: list[TaskRow], period: Period, mark: str, today: dt.date) -> Summary:
    """Counts by unit and status, and the overdue list by age — values computed here."""
    ws = w.wb.add_worksheet(sheet_name("Tổng hợp", w.used_names))
    summary = summarise(rows, period)
    r = 0
    if mark:
        ws.merge_range(r, 0, r, 2, mark, w.f_secret)
        ws.merge_range(r, 3, r, 8, SECRET_NOTE.format(mark=mark), w.f_note)
        r += 1
    ws.merge_range(r, 0, r, 8, f"TỔNG HỢP TIẾN ĐỘ — {workbook_title(plan).upper()}", w.f_title)
    ws.merge_range(
        r + 1,
        0,
        r + 1,
        8,
        f"Kỳ báo cáo: {period.label}; số liệu tính đến ngày {format_short(min(today, period.end))}",
        w.f_line,
    )
    r += 3
    heads = ["STT", "Đơn vị chủ trì", "Tổng số nhiệm vụ", *(STATUS_NAMES[s] for s in STATUSES), "Tỷ lệ hoàn thành (%)"]
    widths = [5, 32, 12, 14, 16, 14, 14, 16, 14]
    for c, (h, wd) in enumerate(zip(heads, widths)):
        ws.set_column(c, c, wd)
        ws.write_string(r, c, h, w.f_head)
    ws.set_row(r, 45)
    table_head = r
    for i, (unit, counts) in enumerate(summary.by_unit.items(), start=1):
        r += 1
        total = sum(counts.values())
        done = counts[STATUSES[2]] + counts[STATUSES[3]]
        ws.write_number(r, 0, i, w.f_num)
        ws.write_string(r, 1, _txt(unit), w.f_ro)
        ws.write_number(r, 2, total, w.f_num)
        for c, s in enumerate(STATUSES, start=3):
            ws.write_number(r, c, counts[s], w.f_num)
        ws.write_number(r, 8, round(100.0 * done / total, 1) if total else 0, w.f_pct)
    r += 1
    ws.write_blank(r, 0, None, w.f_bold)
    ws.write_string(r, 1, "Tổng cộng", w.f_bold)
    ws.write_number(r, 2, summary.total, w.f_num_bold)
    for c, s in enumerate(STATUSES, start=3):
        ws.write_number(r, c, summary.totals[s], w.f_num_bold)
    ws.write_number(r, 8, round(summary.done_percent(), 1), w.f_pct)
    _print_setup(ws, table_head, mark)
    ws.fit_to_pages(1, 0)
    ws.protect()
    ws.activate()
    return summary


def _overdue_sheet(w: _Writer, summary, mark: str) -> None:
    """The overdue tasks grouped by how long they are overdue (plain rows, no merged cells)."""
    ws = w.wb.add_worksheet(sheet_name("Quá hạn", w.used_names))
    r = 0
    if mark:
        ws.write_string(r, 0, mark, w.f_secret)
        ws.write_string(r, 1, SECRET_NOTE.format(mark=mark), w.f_note)
        r += 1
    ws.write_string(
        r, 1, f"NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH ({len(summary.overdue)}) — {summary.period.label}", w.f_title
    )
    r += 2
    for c, (head, width) in enumerate(
        (("STT", 5), ("Nhiệm vụ", 60), ("Đơn vị chủ trì", 26), ("Thời hạn", 16), ("Số ngày quá hạn", 12), ("Nhóm", 22))
    ):
        ws.set_column(c, c, width)
        ws.write_string(r, c, head, w.f_head)
    head_row = r
    groups = summary.overdue_groups()
    for bucket, label in OVERDUE_BUCKETS:
        r += 1
        ws.write_string(r, 1, f"{label}: {len(groups[bucket])} nhiệm vụ", w.f_bold)
        for i, row in enumerate(groups[bucket], start=1):
            r += 1
            ws.write_number(r, 0, i, w.f_num)
            ws.write_string(r, 1, _txt(row.title), w.f_ro)
            ws.write_string(r, 2, _txt(row.lead_unit or NO_UNIT), w.f_ro)
            ws.write_string(r, 3, _txt(row.deadline_label), w.f_ro)
            ws.write_number(r, 4, row.overdue_days, w.f_num)
            ws.write_string(r, 5, label, w.f_ro)
    _print_setup(ws, head_row, mark)
    ws.protect()


def _meta(db: Database, plan_id: int, export_id: int, unit_id: int | None, period: Period) -> dict[str, object]:
    return {
        "format": FORMAT_TAG,
        "version": FORMAT_VERSION,
        "export_id": export_id,
        "plan_id": plan_id,
        "unit_id": unit_id or 0,
        "period": period.code,
        "db": exports.db_token(db),
    }


def export_consolidated(
    db: Database,
    plan_id: int,
    period: Period,
    path: Path | str,
    *,
    today: dt.date | None = None,
    allow_secret: bool = False,
    progress: Progress | None = None,
    abort: Abort | None = None,
) -> ExportResult:
    """One workbook with every task of the plan, and the summary sheet."""
    today = today or dt.date.today()
    plan = _plan(db, plan_id)
    mark = _check_secret(plan, allow_secret)
    rows = load_rows(db, period, TaskFilter(plan_ids=[plan_id]), today)
    if not rows:
        raise ExportError("Kế hoạch này chưa có nhiệm vụ nào để theo dõi. Hãy giao nhiệm vụ trong Kế hoạch trước.")
    path = Path(path)
    export_id = exports.register(db, plan_id, None, period, len(rows))
    w = _Writer(path, len(rows))
    try:
        w.meta_sheet(_meta(db, plan_id, export_id, None, period))
        summary = _summary_sheet(w, plan, rows, period, mark, today)
        _overdue_sheet(w, summary, mark)
        _task_sheet(
            w, "Theo dõi", plan, rows, period, export_id, None, "Tất cả các đơn vị", mark, today, progress, abort
        )
        w.close()
    except BaseException:
        _discard(db, export_id, w, path)
        raise
    if progress is not None:
        progress(1.0, "Đã xuất xong.")
    return ExportResult(path, export_id, None, "", len(rows))


def _discard(db: Database, export_id: int, w: _Writer, path: Path) -> None:
    w.wb.fileclosed = True  # do not let XlsxWriter write a half file on garbage collection
    path.unlink(missing_ok=True)
    exports.forget(db, export_id)


def unit_file_name(plan, unit_name: str) -> str:
    return file_name(f"Tiến độ {plan_label(plan)} - {unit_name}".replace("/", "-")) + ".xlsx"


def export_per_unit(
    db: Database,
    plan_id: int,
    period: Period,
    directory: Path | str,
    *,
    today: dt.date | None = None,
    allow_secret: bool = False,
    unit_ids: list[int] | None = None,
    progress: Progress | None = None,
    abort: Abort | None = None,
) -> list[ExportResult]:
    """One workbook per lead unit with only that unit's tasks, all in one action."""
    today = today or dt.date.today()
    plan = _plan(db, plan_id)
    mark = _check_secret(plan, allow_secret)
    rows = load_rows(db, period, TaskFilter(plan_ids=[plan_id]), today)
    by_unit: dict[int, list[TaskRow]] = {}
    for row in rows:
        if row.lead_unit_id is not None and (unit_ids is None or row.lead_unit_id in unit_ids):
            by_unit.setdefault(row.lead_unit_id, []).append(row)
    if not by_unit:
        raise ExportError(
            "Chưa có nhiệm vụ nào được giao đơn vị chủ trì trong kế hoạch này; "
            "hãy giao đơn vị chủ trì trước khi xuất bảng cho từng đơn vị."
        )
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    names = {u["id"]: u["name"] for u in db.all("SELECT id, name FROM units")}
    order = {u["id"]: (u["position"], u["id"]) for u in profile_store.units(db)}
    results: list[ExportResult] = []
    used_files: set[str] = set()
    units = sorted(by_unit, key=lambda u: order.get(u, (10**6, u)))
    for k, unit_id in enumerate(units):
        if abort is not None and abort():
            raise Cancelled("Đã hủy xuất tệp.")
        unit_rows = by_unit[unit_id]
        unit_name = names.get(unit_id, f"Đơn vị {unit_id}")
        if progress is not None:
            progress(k / len(units), f"Đang xuất bảng cho {unit_name}…")
        path = directory / unit_file_name(plan, unit_name)
        n = 2
        while path.name.lower() in used_files:  # two units whose names sanitise alike
            path = directory / unit_file_name(plan, f"{unit_name} ({n})")
            n += 1
        used_files.add(path.name.lower())
        export_id = exports.register(db, plan_id, unit_id, period, len(unit_rows))
        w = _Writer(path, len(unit_rows))
        try:
            w.meta_sheet(_meta(db, plan_id, export_id, unit_id, period))
            ws = _task_sheet(
                w, unit_name, plan, unit_rows, period, export_id, unit_id, unit_name, mark, today, None, abort
            )
            ws.activate()  # the active sheet cannot be hidden: make it the task sheet
            w.close()
        except BaseException:
            _discard(db, export_id, w, path)
            raise
        results.append(ExportResult(path, export_id, unit_id, unit_name, len(unit_rows)))
    if progress is not None:
        progress(1.0, f"Đã xuất {len(results)} tệp.")
    return results
