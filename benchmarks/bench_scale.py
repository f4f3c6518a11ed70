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
# The bare window alone varies by a quarter from run to run on this machine (87-138 ms, quiet):
# a median of five ratios moved by 0.3 between two runs minutes apart. 15 pairs hold it still.
SMOKE_PAIRS = 15
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
            if tab == "ke-hoach" and parts:  # built on first show since issue 19: its own cost
                out.append(
                    Result(
                        "màn hình",
                        "thẻ «Kế hoạch» lần đầu hiện: dựng thẻ, danh sách, mở kế hoạch đầu (trong chương trình)",
                        scale,
                        samples=parts,
                        note=_load(),
                    )
                )
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


# The same first screen without the program (issue 19): menus with their actions, a toolbar,
# four tabs, a filled tree beside a text pane, a status bar — what any PySide6 program showing
# it pays (the Qt namespace's and the widgets' Python enums, the widgets, the first paint).
# Run in the same triples, it tells how much of the ratio is the program's own.
LIKE_SCREEN = (
    "import time; t=time.perf_counter()\n"
    "from PySide6.QtWidgets import (QApplication, QMainWindow, QTabWidget, QTreeView, QToolBar, QWidget,\n"
    "    QLineEdit, QVBoxLayout, QSplitter, QTextBrowser)\n"
    "from PySide6.QtGui import QAction, QKeySequence, QStandardItemModel, QStandardItem\n"
    "from PySide6.QtCore import QTimer, Qt\n"
    "app=QApplication([]); w=QMainWindow(); w.resize(1200,800)\n"
    "tabs=QTabWidget(); w.setCentralWidget(tabs); tb=QToolBar(); w.addToolBar(tb)\n"
    "for m in range(7):\n"
    "    menu=w.menuBar().addMenu(f'&Menu {m}')\n"
    "    for a in range(8):\n"
    "        act=QAction(f'Việc {m}.{a}', w); act.setShortcut(QKeySequence(f'Ctrl+Shift+{chr(65+a+m)}'))\n"
    "        menu.addAction(act)\n"
    "        if a == 0: tb.addAction(act)\n"
    "panel=QWidget(); lay=QVBoxLayout(panel); lay.addWidget(QLineEdit()); sp=QSplitter(Qt.Horizontal); lay.addWidget(sp)\n"
    "tree=QTreeView(); model=QStandardItemModel()\n"
    "for i in range(30):\n"
    "    it=QStandardItem(f'Mục {i}'); model.appendRow(it)\n"
    "    for j in range(5): it.appendRow(QStandardItem(f'mục con {j}'))\n"
    "tree.setModel(model); sp.addWidget(tree); sp.addWidget(QTextBrowser()); tabs.addTab(panel, 'Văn bản')\n"
    "for k in range(3): tabs.addTab(QWidget(), f'Thẻ {k}')\n"
    "w.statusBar().showMessage('sẵn sàng'); w.show()\n"
    "QTimer.singleShot(0, lambda: (print(f'{(time.perf_counter()-t)*1000:.0f} ms', flush=True), app.quit()))\n"
    "app.exec()\n"
)


# Counts the members of the Python enums PySide6 makes while a script runs (printed at exit).
# PySide6 6.x makes a class's enums, all of them, the first time Python touches the class: the
# Qt namespace alone is ~100 enums, 17-28 ms here; QStyle 6-8 ms. Unlike milliseconds the
# count does not move with the machine's load, so it tells which screen pays for which types.
ENUM_COUNT = (
    "import atexit, enum, sys\n"
    "_made = [0, 0]\n"
    "_create = enum.EnumType._create_\n"
    "def _counting(cls, class_name, names, **kw):\n"
    "    made = _create(cls, class_name, names, **kw)\n"
    "    _made[0] += 1; _made[1] += len(made.__members__)\n"
    "    return made\n"
    "enum.EnumType._create_ = _counting\n"
    "atexit.register(lambda: print(f'ENUMS {_made[0]} {_made[1]}', file=sys.stderr, flush=True))\n"
)
_ENUMS = re.compile(r"ENUMS (\d+) (\d+)")


def enum_members(scale: str) -> list[Result]:
    """Python enums PySide6 made before each first screen (bare, the same screen, ours)."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        db = _copy(scale, tmp_path)
        env = _env(tmp_path)
        ours = (
            f"import runpy, sys\nsys.argv = ['kehoach', '--db', {str(db)!r}, '--smoke']\n"
            "runpy.run_module('kehoach_desktop', run_name='__main__')\n"
        )
        out = []
        for name, script in (
            ("cửa sổ PySide6 trống", BARE_WINDOW),
            ("cùng màn hình đầu không có chương trình", LIKE_SCREEN),
            ("--smoke", ours),
        ):
            _w, _mb, _code, _text, err = run_process([sys.executable, "-c", ENUM_COUNT + script], env)
            m = _ENUMS.search(err)
            if not m:
                out.append(skipped("khởi động", f"enum Python PySide6 tạo ra: {name}", err.strip()[-200:], scale))
                continue
            out.append(
                Result(
                    "khởi động",
                    f"enum Python PySide6 tạo ra trước màn hình đầu: {name} (số thành viên)",
                    scale,
                    unit="thành viên",
                    samples=[float(m.group(2))],
                    note=f"{m.group(1)} enum; không phụ thuộc máy bận",
                )
            )
    return out


def _script_ms(script: str, env: dict) -> float | None:
    _w, _mb, code, text, _err = run_process([sys.executable, "-c", script], env)
    m = _TAB_MS.search(text)
    return float(m.group(1)) if code == 0 and m else None


def smoke_pairs(scale: str, repeat: int) -> list[Result]:
    """``--smoke``, a bare PySide6 window and the same first screen without the program, one
    after the other; the ratio of each pair to the bare window."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        db = _copy(scale, tmp_path)
        env = _env(tmp_path)
        ratios, ours, bare, like, like_ratios = [], [], [], [], []
        _smoke(db, env)  # warm the page cache
        for _ in range(repeat):
            ms, _wall, why = _smoke(db, env)
            if ms is None:
                return [skipped("khởi động", "--smoke ÷ cửa sổ PySide6 trống", why, scale)]
            floor = _script_ms(BARE_WINDOW, env)
            if floor is None:
                return [skipped("khởi động", "--smoke ÷ cửa sổ PySide6 trống", "cửa sổ trống không chạy", scale)]
            ours.append(ms)
            bare.append(floor)
            ratios.append(ms / floor)
            same = _script_ms(LIKE_SCREEN, env)
            if same is not None:
                like.append(same)
                like_ratios.append(same / floor)
    out = [
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
    if like_ratios:
        out.append(
            Result(
                "khởi động",
                "cùng màn hình đầu không có chương trình (menu, thẻ, cây, khung chữ) ÷ cửa sổ trống",
                scale,
                unit="×",
                samples=like_ratios,
                note="phần PySide6 nào cũng trả",
            )
        )
    return out


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
        results += smoke_pairs(scale, max(repeat, SMOKE_PAIRS))
        results += enum_members(scale)
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
