"""Excel progress sheets (issue 5): export of the consolidated workbook and of one
workbook per unit, import (preview + apply in one transaction) of a returned workbook.

Goals from the issue: 5,000 tasks exported in ≤ 1 s and imported in ≤ 1.5 s.
100,000 tasks are measured once, without a goal.

Run alone: ``python3 -m benchmarks.bench_excel [5000 100000]``.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
from pathlib import Path

from kehoach_desktop.store import open_database, plans, profile
from kehoach_desktop.tracking import excel_import
from kehoach_desktop.tracking.excel_export import export_consolidated, export_per_unit
from kehoach_desktop.tracking.periods import Period
from kehoach_desktop.tracking.sheet_layout import COLUMNS, RowKey

from .harness import Result, report

AREA = "Excel tiến độ"
PERIOD = Period("quarter", 2026, 2)
TODAY = dt.date(2026, 5, 20)
GOALS = {"export": 1000.0, "import": 1500.0}
UNITS = 40
KINDS = ["date", "range", "period", "periodic", "ongoing"]
COL = {c.key: i + 1 for i, c in enumerate(COLUMNS)}


_cpu: list[float] = []


def timed(fn, repeat: int = 5, warmup: int = 1, setup=None) -> list[float]:
    """Wall-clock milliseconds like harness.timed, also keeping this process's CPU time
    (less disturbed when other work shares the machine) for the note column."""
    import gc
    import time

    _cpu.clear()
    out: list[float] = []
    for i in range(warmup + repeat):
        if setup:
            setup()
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        wall, cpu = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
        if i >= warmup:
            out.append(wall)
            _cpu.append(cpu)
    return out


def _cpu_note(extra: str = "") -> str:
    import statistics

    note = f"CPU {statistics.median(_cpu):,.0f} ms" if _cpu else ""
    return f"{note} · {extra}" if extra else note


def build(path: Path, n_tasks: int, seed: int = 5) -> int:
    """A database with one issued plan of *n_tasks* tasks over 40 units, a third with a report."""
    rnd = random.Random(seed)
    db = open_database(path)
    units = [profile.add_unit(db, f"Chi bộ thôn số {i + 1}", f"CB{i + 1}") for i in range(UNITS)]
    plan_id = plans.create(
        db, {"number": "12-KH/ĐU", "title": "Thực hiện công tác lý luận chính trị năm 2026", "year": 2026}
    )
    now = "2026-01-10T08:00:00"
    rows = []
    for i in range(n_tasks):
        kind = KINDS[i % len(KINDS)]
        end = dt.date(2026, 1, 1) + dt.timedelta(days=rnd.randrange(0, 360))
        rows.append(
            (
                plan_id,
                f"Nhiệm vụ số {i + 1}: tổ chức học tập, quán triệt và triển khai thực hiện "
                f"nghị quyết tại cơ sở, báo cáo kết quả về Đảng ủy",
                units[i % UNITS],
                kind,
                None,
                end.isoformat() if kind in ("date", "range", "period") else None,
                "hằng quý" if kind == "periodic" else "",
                i,
                now,
                now,
            )
        )
    with db.transaction():
        db.conn.executemany(
            "INSERT INTO tasks(plan_id, title, lead_unit_id, deadline_kind, deadline_start, deadline_end, "
            "deadline_text, position, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        ids = [r[0] for r in db.all("SELECT id FROM tasks ORDER BY id")]
        db.conn.executemany(
            "INSERT INTO progress(task_id, period_kind, period_year, period_index, state, result, percent, "
            "recorded_at) VALUES (?, 'quarter', 2026, 1, 'in_progress', ?, ?, ?)",
            [(t, f"Đã triển khai bước {t % 7 + 1}", (t * 7) % 100, now) for t in ids[::3]],
        )
        db.execute("UPDATE plans SET status = 'issued' WHERE id = ?", (plan_id,))
    db.close()
    return plan_id


def _edit(path: Path, every: int) -> int:
    """Change every *every*-th row the way a unit would (openpyxl, not timed)."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb["Theo dõi"]
    changed = 0
    for r in range(1, ws.max_row + 1):
        key = RowKey.decode(ws.cell(r, COL["key"]).value)
        if key and key.task_id % every == 0:
            ws.cell(r, COL["result"]).value = f"Kết quả mới của nhiệm vụ {key.task_id}"
            ws.cell(r, COL["percent"]).value = 80
            changed += 1
    wb.save(path)
    return changed


def run(n_tasks: int, repeat: int) -> list[Result]:
    out: list[Result] = []
    scale = f"{n_tasks:,} nhiệm vụ".replace(",", ".")
    goal = (lambda k: GOALS[k]) if n_tasks == 5000 else (lambda k: None)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db_path = tmp / "bench.sqlite3"
        plan_id = build(db_path, n_tasks)
        db = open_database(db_path, check=False)
        xlsx = tmp / "all.xlsx"
        samples = timed(
            lambda: export_consolidated(db, plan_id, PERIOD, xlsx, today=TODAY),
            repeat=repeat,
            warmup=1 if repeat > 1 else 0,
        )
        out.append(
            Result(
                AREA,
                "xuất bảng tổng hợp (XlsxWriter, có trang Tổng hợp)",
                scale,
                samples=samples,
                goal=goal("export"),
                note=_cpu_note(f"{xlsx.stat().st_size // 1024} KB"),
            )
        )
        samples = timed(
            lambda: export_per_unit(db, plan_id, PERIOD, tmp / "units", today=TODAY), repeat=repeat, warmup=0
        )
        out.append(
            Result(
                AREA,
                f"xuất {UNITS} tệp, mỗi đơn vị một tệp",
                scale,
                samples=samples,
                goal=goal("export"),
                note=_cpu_note(),
            )
        )
        export_consolidated(db, plan_id, PERIOD, xlsx, today=TODAY)
        if n_tasks <= 20000:
            changed = _edit(xlsx, 5)
            copies = []

            def fresh() -> None:  # each run imports into the state before the import
                db.execute("DELETE FROM progress WHERE source LIKE 'excel:%'")
                copies.append(1)

            def do_import() -> None:
                pv = excel_import.preview(db, [xlsx], today=TODAY)
                assert pv.ok and len(pv.changes) == changed, (len(pv.changes), changed, pv.errors[:3])
                excel_import.apply(db, pv)

            samples = timed(do_import, repeat=repeat, warmup=0, setup=fresh)
            out.append(
                Result(
                    AREA,
                    "nhập lại bảng (xem trước + ghi một giao dịch)",
                    scale,
                    samples=samples,
                    goal=goal("import"),
                    note=_cpu_note(f"{changed} dòng thay đổi"),
                )
            )
            samples = timed(lambda: excel_import.preview(db, [xlsx], today=TODAY), repeat=repeat, warmup=0)
            out.append(
                Result(
                    AREA,
                    "nhập lại cùng tệp lần hai (không thay đổi)",
                    scale,
                    samples=samples,
                    goal=goal("import"),
                    note=_cpu_note(),
                )
            )
        else:
            samples = timed(lambda: excel_import.preview(db, [xlsx], today=TODAY), repeat=repeat, warmup=0)
            out.append(
                Result(
                    AREA,
                    "đọc và đối chiếu bảng (xem trước, không sửa dòng nào)",
                    scale,
                    samples=samples,
                    note=_cpu_note("tệp không sửa: sửa 100.000 dòng bằng openpyxl quá lâu"),
                )
            )
        db.close()
    return out


def main(argv: list[str] | None = None) -> list[Result]:
    argv = sys.argv[1:] if argv is None else argv
    sizes = [int(a) for a in argv] or [5000, 100000]
    results: list[Result] = []
    for n in sizes:
        results += run(n, repeat=5 if n <= 5000 else 1)
    return report(results, "excel")


if __name__ == "__main__":
    main()
