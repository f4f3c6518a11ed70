"""Where the user looks, at scale (issue 19): every tab first shown, dashboard data,
start-up reminders, idle memory 15 s after start, ``--smoke`` against a bare PySide6
window in alternating pairs, registry tree fill, the first keystrokes of type-ahead.

Each figure measures the goal itself: the tabs through ``kehoach --smoke --tab`` in a
new process (the program's own milliseconds to a filled tab), idle memory as the RSS of
the real GUI process 15 s after it started (not the peak at a ``--smoke`` exit), the
first keystrokes apart from the later ones (a median over the whole phrase hides them),
and ratios per pair of runs taken one after the other, so a busy machine slows both.

The tracking queries (counts, text filter, «Phối hợp» sort) are also measured at
``medium`` (10,000 tasks) so their growth to ``large`` (100,000) shows; the registry's
trees and type-ahead at ``large`` (10,000 documents) and ``docs`` (100,000).

Run alone: ``python3 -m benchmarks.bench_scale [small medium large docs]``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import data
from .bench_startup import BARE_WINDOW, _env, run_process
from .harness import Result, print_table, skipped, timed, write_json

ROOT = Path(__file__).resolve().parent.parent
TABS = ("van-ban", "ke-hoach", "theo-doi")
TAB_NAMES = {"van-ban": "Sổ văn bản", "ke-hoach": "Kế hoạch", "theo-doi": "Theo dõi"}
GOALS = {
    "theo-doi": 300.0,
    "dashboard": 200.0,
    "idle_mb": 150.0,
    "smoke_ratio": 2.0,
    "tree": {"large": 100.0, "docs": 300.0},
    "first_keys": 20.0,
}
FIRST_KEYS = ("t", "tu", "tuy")  # what a secretary has typed when the drop-down first opens
_TAB_MS = re.compile(r"(\d+(?:\.\d+)?)\s*ms")


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"tải {one:.1f}/{five:.1f}"


def _copy(scale: str, tmp: Path) -> Path:
    src, _facts = data.cached(scale)
    dest = tmp / f"{scale}.sqlite3"
    shutil.copyfile(src, dest)
    return dest


_PART_MS = re.compile(r"\(.*?:\s*(\d+(?:\.\d+)?)\s*ms\)")
LAST_PART: list[float] = []  # the in-tab part of the last --smoke (its own milliseconds)


def _smoke(db: Path, env: dict, tab: str | None = None) -> tuple[float | None, float, str]:
    cmd = [sys.executable, "-m", "kehoach_desktop", "--db", str(db), "--smoke"]
    if tab:
        cmd += ["--tab", tab]
    wall, _mb, code, out, err = run_process(cmd, env, timeout=300)
    m = _TAB_MS.search(out)
    if code != 0 or not m:
        return None, wall, (err.strip() or out.strip() or f"mã thoát {code}")[-300:]
    part = _PART_MS.search(out)
    LAST_PART[:] = [float(part.group(1))] if part else []
    return float(m.group(1)), wall, ""


def tabs(scale: str, repeat: int) -> list[Result]:
    """Each tab to filled, through ``--smoke --tab`` in a new process."""
    out: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        db = _copy(scale, tmp_path)
        env = _env(tmp_path)
        for tab in TABS:
            samples, parts, why = [], [], ""
            for i in range(repeat + 1):
                ms, _wall, why = _smoke(db, env, tab)
                if ms is None:
                    break
                if i:  # the first run warms the page cache of this copy
                    samples.append(ms)
                    parts += LAST_PART
            name = f"thẻ «{TAB_NAMES[tab]}» lần đầu hiện, từ lúc chạy đến khi đầy (--smoke --tab {tab})"
            if not samples:
                out.append(skipped("màn hình", name, why or "không đo được", scale))
                continue
            out.append(Result("màn hình", name, scale, samples=samples, note=_load()))
            if tab == "theo-doi" and parts:
                out.append(
                    Result(
                        "màn hình",
                        "thẻ «Theo dõi»: bảng đầy trên luồng giao diện (đọc id, trang đầu)",
                        scale,
                        samples=parts,
                        goal=GOALS["theo-doi"],
                    )
                )
    return out


def smoke_pairs(scale: str, repeat: int) -> list[Result]:
    """``--smoke`` and a bare PySide6 window, one after the other; the ratio of each pair."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        db = _copy(scale, tmp_path)
        env = _env(tmp_path)
        ratios, ours, bare = [], [], []
        _smoke(db, env)  # warm the page cache
        for _ in range(repeat):
            ms, _wall, why = _smoke(db, env)
            if ms is None:
                return [skipped("khởi động", "--smoke ÷ cửa sổ PySide6 trống", why, scale)]
            _w, _mb, code, text, err = run_process([sys.executable, "-c", BARE_WINDOW], env)
            m = _TAB_MS.search(text)
            if code != 0 or not m:
                return [skipped("khởi động", "--smoke ÷ cửa sổ PySide6 trống", err[-200:], scale)]
            ours.append(ms)
            bare.append(float(m.group(1)))
            ratios.append(ms / float(m.group(1)))
    return [
        Result("khởi động", "--smoke (trong chương trình), cặp xen kẽ", scale, samples=ours, note=_load()),
        Result("khởi động", "cửa sổ PySide6 trống, cặp xen kẽ", scale, samples=bare),
        Result(
            "khởi động",
            "--smoke ÷ cửa sổ trống (tỉ số từng cặp)",
            scale,
            unit="×",
            samples=ratios,
            goal=GOALS["smoke_ratio"],
        ),
    ]


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def idle_memory(scale: str, repeat: int, seconds: float = 15.0) -> list[Result]:
    """RSS of the real GUI process (reminders and start-up work on) *seconds* after start."""
    samples = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        db = _copy(scale, tmp_path)
        env = _env(tmp_path)
        env.pop("KEHOACH_NO_REMINDERS", None)
        for _ in range(repeat):
            proc = subprocess.Popen(
                [sys.executable, "-m", "kehoach_desktop", "--db", str(db)],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(seconds)
            mb = _rss_mb(proc.pid)
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if mb is not None:
                samples.append(mb)
    return [
        Result(
            "bộ nhớ",
            f"RSS của tiến trình giao diện {seconds:.0f} giây sau khi mở",
            scale,
            unit="MB",
            samples=samples,
            goal=GOALS["idle_mb"],
            note=_load(),
        )
    ]


def dashboard_and_reminders(scale: str, repeat: int) -> list[Result]:
    """The Qt-free data behind the tracking tab's dashboard and the start-up reminders."""
    import datetime as dt

    from kehoach_desktop.store import open_database
    from kehoach_desktop.tracking import queries, reminders
    from kehoach_desktop.tracking.periods import containing

    path, _facts = data.cached(scale)
    db = open_database(path, read_only=True, check=False)
    today = dt.date.today()
    period = containing(today, "quarter")
    out = []
    try:
        if hasattr(queries, "counts"):  # counted in SQL (issue 19)
            fn = lambda: queries.counts(db, period, queries.TaskFilter(), today)  # noqa: E731
        else:  # before: every row built, then summed in Python
            fn = lambda: queries.summarise(queries.load_rows(db, period, queries.TaskFilter(), today), period)  # noqa: E731
        out.append(
            Result(
                "theo dõi",
                "số liệu Tổng quan (đếm, nhóm quá hạn, cột theo đơn vị)",
                scale,
                samples=timed(fn, repeat=repeat),
                goal=GOALS["dashboard"],
                note=_load(),
            )
        )
        fn = getattr(reminders, "counts", None) or (lambda d, days, t: reminders.collect(d, days, t))
        out.append(
            Result(
                "theo dõi",
                "nhắc việc lúc khởi động (trên luồng phụ)",
                scale,
                samples=timed(lambda: fn(db, 7, today), repeat=repeat),
                note=_load(),
            )
        )
    finally:
        db.close()
    return out


def _cpu_ms(fn, repeat: int) -> list[float]:
    """CPU milliseconds of *repeat* calls (after one warm-up): what the query costs, which a
    busy machine (8 helpers on 2 cores) barely moves, beside the wall-clock samples."""
    import gc

    fn()
    out = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.process_time()
        fn()
        out.append((time.process_time() - t0) * 1000)
    return out


def tracking_queries(scale: str, repeat: int) -> list[Result]:
    """What the tracking tab asks SQL at scale (issue 19), Qt-free: the dashboard's counts in
    CPU time, the text filter over folded titles («quan triet» finds «Quán triệt»), the
    «Phối hợp» sort and, to compare, the table's default order (ids only)."""
    import datetime as dt

    from kehoach_desktop.store import open_database
    from kehoach_desktop.tracking import queries
    from kehoach_desktop.tracking.periods import containing

    path, _facts = data.cached(scale)
    db = open_database(path, read_only=True, check=False)
    today = dt.date.today()
    period = containing(today, "quarter")
    flt = queries.TaskFilter
    runs = {
        "số liệu Tổng quan (đếm, nhóm quá hạn, cột theo đơn vị), thời gian CPU": (
            lambda: queries.counts(db, period, flt(), today),
            GOALS["dashboard"],
        ),
        "bảng Theo dõi: id theo thứ tự mặc định": (lambda: queries.task_ids(db, period, None, today), None),
        "bảng Theo dõi: lọc chữ «quan triet» (tên đã bỏ dấu, trong SQL)": (
            lambda: queries.task_ids(db, period, flt(text="quan triet"), today),
            None,
        ),
        "bảng Theo dõi: sắp theo «Phối hợp»": (lambda: queries.task_ids(db, period, None, today, "coop"), None),
        "bảng Theo dõi: sắp theo «Nhiệm vụ» (để so)": (
            lambda: queries.task_ids(db, period, None, today, "title"),
            None,
        ),
    }
    out = []
    try:
        for name, (fn, goal) in runs.items():
            out.append(Result("theo dõi", name, scale, samples=_cpu_ms(fn, repeat), goal=goal, note="CPU"))
    finally:
        db.close()
    return out


def registry(scale: str, repeat: int) -> list[Result]:
    """Registry tree fill through the real panel and the first keystrokes of type-ahead."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kehoach_desktop.store import open_database, search
    from kehoach_desktop.ui.context import AppContext
    from kehoach_desktop.ui.registry.panel import RegistryPanel

    app = QApplication.instance() or QApplication(sys.argv[:1])
    out: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(_copy(scale, Path(tmp)))
        ctx = AppContext(db)
        panel = RegistryPanel(ctx)
        panel.resize(1200, 700)
        panel.show()
        app.processEvents()
        fills = []
        for _ in range(repeat + 1):
            panel.refresh()
            app.processEvents()
            fills.append(panel.last_fill_ms)
        out.append(
            Result(
                "sổ văn bản",
                "nạp cây văn bản (giao diện)",
                scale,
                samples=fills[1:],
                goal=GOALS["tree"].get(scale),
                note=_load(),
            )
        )
        panel.views.setCurrentWidget(panel.chain_view)  # the chain tree: its first page (issue 19)
        app.processEvents()
        fills = []
        for _ in range(repeat + 1):
            panel.refresh()
            app.processEvents()
            fills.append(panel.last_fill_ms)
        out.append(
            Result(
                "sổ văn bản",
                "nạp cây chuỗi thực hiện (giao diện)",
                scale,
                samples=fills[1:],
                goal=GOALS["tree"].get(scale),
                note=_load(),
            )
        )
        panel.close()
        panel.deleteLater()
        app.processEvents()
        for keys in FIRST_KEYS:
            out.append(
                Result(
                    "tìm kiếm",
                    f"gõ đến đâu tìm đến đó, phím đầu «{keys}» (≤20 kết quả)",
                    scale,
                    samples=timed(lambda k=keys: search.search_directives(db, k, 20), repeat=repeat),
                    goal=GOALS["first_keys"],
                )
            )
        db.close()
    return out


def run(scales: list[str], repeat: int = 5) -> list[Result]:
    results: list[Result] = []
    for scale in scales:
        if scale == "docs":
            results += registry(scale, repeat)
            continue
        if scale == "medium":  # 10,000 tasks: the tracking queries' growth beside large
            results += tracking_queries(scale, repeat)
            continue
        results += dashboard_and_reminders(scale, repeat)
        results += tracking_queries(scale, repeat)
        results += registry(scale, repeat)
        results += tabs(scale, max(3, repeat // 2 + 1))
        results += smoke_pairs(scale, repeat)
        results += idle_memory(scale, max(2, repeat // 2))
    return results


def main(argv: list[str] | None = None) -> list[Result]:
    scales = (argv if argv is not None else sys.argv[1:]) or ["small", "large", "docs"]
    results = run(scales)
    print_table(results)
    print("JSON:", write_json(results, "scale"))
    return results


if __name__ == "__main__":
    main()
