"""Storage and search paths at each scale: search with and without diacritics,
registry tree data, plan open (store), and the same through the GUI widgets
(registry tree fill, search-as-you-type in the registry panel).

Run alone: ``python3 -m benchmarks.bench_storage [small large huge]``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from kehoach_desktop.store import directives, open_database, plans, search

from . import data
from .harness import Result, print_table, skipped, timed, write_json

# (with diacritics, the same typed without) — what a secretary types in the search box.
QUERIES = [
    ("lý luận chính trị", "ly luan chinh tri"),
    ("tuyên giáo", "tuyen giao"),
    ("đảng viên không được làm", "dang vien khong duoc lam"),
    ("Hồ Chí Minh", "ho chi minh"),
    ("nền tảng tư tưởng", "nen tang tu tuong"),
    ("đội ngũ cán bộ", "doi ngu can bo"),
]
NUMBER_QUERIES = ["73-HD", "01-KL/TW", "KH/TU"]
TYPE_AHEAD = "tuyên giáo tỉnh ủy"  # typed one key at a time
TYPE_AHEAD_LIMIT = 20  # rows a drop-down shows
RANKED_LIMIT = 200

GOALS = {"type_ahead": 20.0, "ranked": 100.0, "interaction": 100.0}


def _goal(scale: str, value: float) -> float | None:
    """The issue sets interaction goals at the large scale; huge is reported without one."""
    return value if scale in ("small", "large") else None


def search_results(scale: str, db_path: Path, repeat: int) -> list[Result]:
    db = open_database(db_path, read_only=True, check=False)
    out: list[Result] = []
    try:
        for accented in (True, False):
            queries = [q[0] if accented else q[1] for q in QUERIES]
            samples: list[float] = []
            hits = 0
            for q in queries:
                samples += timed(lambda q=q: search.search_directives(db, q, RANKED_LIMIT), repeat=repeat)
                hits += len(search.search_directives(db, q, RANKED_LIMIT))
            label = "có dấu" if accented else "không dấu"
            out.append(
                Result(
                    "tìm kiếm",
                    f"văn bản, xếp hạng ({label}, ≤{RANKED_LIMIT} kết quả)",
                    scale,
                    samples=samples,
                    goal=_goal(scale, GOALS["ranked"]),
                    note=f"{len(queries)} câu, TB {hits // len(queries)} kết quả",
                )
            )
        # Type-ahead: every prefix of the phrase from two letters on, as the user types it.
        for accented in (True, False):
            phrase = TYPE_AHEAD if accented else "tuyen giao tinh uy"
            prefixes = [phrase[:i] for i in range(2, len(phrase) + 1) if not phrase[:i].endswith(" ")]
            samples = []
            for p in prefixes:
                samples += timed(
                    lambda p=p: search.search_directives(db, p, TYPE_AHEAD_LIMIT), repeat=max(1, repeat // 2)
                )
            label = "có dấu" if accented else "không dấu"
            out.append(
                Result(
                    "tìm kiếm",
                    f"gõ đến đâu tìm đến đó ({label}, ≤{TYPE_AHEAD_LIMIT})",
                    scale,
                    samples=samples,
                    goal=_goal(scale, GOALS["type_ahead"]),
                    note=f"{len(prefixes)} lần gõ phím",
                )
            )
        samples = []
        for q in NUMBER_QUERIES:
            samples += timed(lambda q=q: search.search_directives(db, q, RANKED_LIMIT), repeat=repeat)
        out.append(
            Result(
                "tìm kiếm",
                "theo số ký hiệu (73-HD, 01-KL/TW, KH/TU)",
                scale,
                samples=samples,
                goal=_goal(scale, GOALS["ranked"]),
            )
        )
        samples = []
        for accented, plain in QUERIES[:3]:
            for q in (accented, plain):
                samples += timed(lambda q=q: search.search_plans(db, q, RANKED_LIMIT), repeat=max(1, repeat // 2))
        out.append(
            Result(
                "tìm kiếm",
                "toàn văn kế hoạch (có và không dấu)",
                scale,
                samples=samples,
                goal=_goal(scale, GOALS["ranked"]),
            )
        )
    finally:
        db.close()
    return out


def store_results(scale: str, db_path: Path, big_plan_id: int, repeat: int) -> list[Result]:
    db = open_database(db_path, read_only=True, check=False)
    try:
        out = [
            Result(
                "sổ văn bản",
                "đọc danh sách văn bản cho cây (store)",
                scale,
                samples=timed(lambda: directives.list_rows(db), repeat=repeat),
            ),
            Result(
                "kế hoạch",
                "mở kế hoạch 60 trang (store.load_document)",
                scale,
                samples=timed(lambda: plans.load_document(db, big_plan_id), repeat=repeat),
                goal=_goal(scale, GOALS["interaction"]),
            ),
        ]
        out.append(
            Result(
                "cơ sở dữ liệu",
                "mở tệp (open_database + quick_check)",
                scale,
                samples=timed(lambda: open_database(db_path, read_only=True).close(), repeat=repeat),
            )
        )
    finally:
        db.close()
    return out


def gui_results(scale: str, db_path: Path, repeat: int) -> list[Result]:
    """The registry panel itself: tree fill and filtering as the user sees them."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtWidgets import QApplication

        from kehoach_desktop.ui.context import AppContext
        from kehoach_desktop.ui.registry.panel import RegistryPanel
    except ImportError as exc:
        return [
            skipped(
                "sổ văn bản",
                "nạp cây văn bản (giao diện)",
                f"chưa có giao diện sổ văn bản ({exc})",
                scale,
                _goal(scale, GOALS["interaction"]),
            )
        ]
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "gui.sqlite3"
        work.write_bytes(db_path.read_bytes())
        db = open_database(work)
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
        out = [
            Result(
                "sổ văn bản",
                "nạp cây văn bản (cả hai cây, giao diện)",
                scale,
                samples=fills[1:],
                goal=_goal(scale, GOALS["interaction"]),
            )
        ]

        def type_filter(text: str) -> None:
            panel.search.setText(text)
            panel.timer.stop()  # the debounce timer would search again later
            panel.apply_filter()
            app.processEvents()

        samples = []
        for accented, plain in QUERIES[:3]:
            for q in (accented, plain):
                samples += timed(lambda q=q: type_filter(q), repeat=max(1, repeat // 2), setup=lambda: type_filter(""))
        out.append(
            Result(
                "sổ văn bản",
                "lọc cây theo ô tìm kiếm (giao diện)",
                scale,
                samples=samples,
                goal=_goal(scale, GOALS["interaction"]),
            )
        )
        panel.close()
        panel.deleteLater()
        app.processEvents()
        db.close()
    return out


def run(scales: list[str], repeat: int = 5, gui: bool = True) -> list[Result]:
    results: list[Result] = []
    for scale in scales:
        path, facts = data.cached(scale)
        results += search_results(scale, path, repeat)
        results += store_results(scale, path, facts["big_plan_id"], repeat)
        if gui and scale != "huge":
            results += gui_results(scale, path, max(3, repeat // 2))
    return results


def main(argv: list[str] | None = None) -> list[Result]:
    scales = (argv if argv is not None else sys.argv[1:]) or ["small", "large"]
    results = run(scales)
    print_table(results)
    print("JSON:", write_json(results, "storage"))
    return results


if __name__ == "__main__":
    main()
