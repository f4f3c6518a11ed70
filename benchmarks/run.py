"""One command for every benchmark: ``python3 -m benchmarks`` (or ``python3 benchmarks/run.py``).

    python3 -m benchmarks --quick     small scale only, few repeats (1–2 minutes)
    python3 -m benchmarks             small + large (under 15 minutes on 2 cores)
    python3 -m benchmarks --huge      also the huge scale for storage and search (opt-in)
    python3 -m benchmarks --only search,export

Data is generated from the real sample plans (../shared/domain/samples) or, where
they are absent, from the project's own fixtures, and cached in
benchmarks/results/cache. Results: a table on stdout and JSON in benchmarks/results/
(``benchmarks-latest.json`` is the last run). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make "benchmarks" importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "benchmarks"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KEHOACH_NO_BACKUP", "1")

from benchmarks import data, fallbacks
from benchmarks.harness import Result, print_table, skipped, write_json

AREAS = (
    "data",
    "startup",
    "scale",
    "search",
    "plan",
    "checks",
    "export",
    "excel",
    "import",
    "safety",
    "derive",
    "exchange",
)


def _module(name: str):
    """A per-area script of another feature, when it is there."""
    try:
        return importlib.import_module(f"benchmarks.{name}")
    except ImportError:
        return None


def _n(value: int) -> str:
    """Thousands with a dot, as Vietnamese writes them: 100.000."""
    return f"{value:,}".replace(",", ".")


def _load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "?"
    return f"{one:.1f}/{five:.1f} (1/5 phút, {os.cpu_count()} lõi)"


def area_data(cfg) -> list[Result]:
    out = []
    for scale in cfg.scales + (["huge"] if cfg.huge else []):
        t0 = time.perf_counter()
        _path, facts = data.cached(scale)
        built = time.perf_counter() - t0
        note = (
            f"{_n(facts['documents'])} văn bản, {_n(facts['plans'])} kế hoạch, {_n(facts['tasks'])} nhiệm vụ, "
            f"{_n(facts['words'])} từ, {facts['file_mb']} MB; nguồn: {facts['corpus']}"
        )
        # Building is timed once when the cache is empty; later runs reuse the file.
        out.append(
            Result(
                "dữ liệu",
                "tạo dữ liệu thử" if built > 1 else "dữ liệu thử (đã có sẵn)",
                scale,
                unit="s",
                samples=[facts.get("build_seconds", built)],
                note=note,
            )
        )
    return out


def area_startup(cfg) -> list[Result]:
    from benchmarks import bench_startup

    return bench_startup.run(cfg.scales, repeat=cfg.repeat)


def area_search(cfg) -> list[Result]:
    from benchmarks import bench_storage

    out = bench_storage.run(cfg.scales, repeat=cfg.repeat, gui=True)
    if cfg.huge:
        out += bench_storage.run(["huge"], repeat=cfg.repeat, gui=False)
    return out


def area_plan(cfg) -> list[Result]:
    out: list[Result] = []
    mod = _module("bench_plan")
    if mod is not None and hasattr(mod, "run"):
        # The editor's own benchmark: a 60-page plan built through its commands, store and widget.
        out += mod.run("60 trang", repeat=max(5, cfg.repeat))
    for scale in cfg.scales:  # the same move on the generated plans, inside a database of each scale
        out += fallbacks.plan_editor(scale, cfg.repeat)
        if mod is None:
            out += fallbacks.plan_editor_gui(scale, max(2, cfg.repeat // 2))
    return out


def area_checks(cfg) -> list[Result]:
    """The pre-signing check of a 60-page plan and the whole-database sweep (issue 17)."""
    mod = _module("bench_checks")
    if mod is None:
        return [skipped("kiểm tra", "kiểm tra trước khi trình ký", "chưa có benchmarks/bench_checks.py")]
    return mod.run("60 trang", 60, repeat=max(5, cfg.repeat))


def area_export(cfg) -> list[Result]:
    out: list[Result] = []
    mod = _module("bench_export")
    if mod is not None and hasattr(mod, "run"):
        out += mod.run(repeat=cfg.repeat)  # 10- and 50-page plans from the export feature's fixture
        if not cfg.quick:  # + the 50-page plan from the samples: DOCX and LibreOffice too
            out += fallbacks.export([50], max(3, cfg.repeat // 2), install_soffice=True)
        return out
    pages = [10] if cfg.quick else [10, 50]
    return fallbacks.export(pages, cfg.repeat, install_soffice=not cfg.quick)


def area_excel(cfg) -> list[Result]:
    mod = _module("bench_excel")
    if mod is None or not hasattr(mod, "run"):
        return [skipped("Excel tiến độ", "xuất/nhập bảng tiến độ", "chưa có benchmarks/bench_excel.py")]
    out = mod.run(5000, repeat=cfg.repeat)
    if not cfg.quick:
        big = mod.run(100_000, repeat=1)
        for r in big:  # issue 8: 100,000 rows within 15 s each way
            if r.goal is None and r.unit == "ms":
                r.goal = 15_000.0
        out += big
    return out


def area_import(cfg) -> list[Result]:
    mod = _module("bench_import")
    if mod is not None and hasattr(mod, "run"):
        try:
            return mod.run(quick=cfg.quick)
        except TypeError:  # a run() without the quick switch
            return mod.run()
    return fallbacks.import_parse(cfg.repeat, 100 if cfg.quick else 1000)


def area_derive(cfg) -> list[Result]:
    from benchmarks import bench_derive  # cụ thể hóa of a 60-page upstream (issue 15)

    return bench_derive.run(quick=cfg.quick)


def area_safety(cfg) -> list[Result]:
    mod = _module("bench_safety")
    if mod is None or not hasattr(mod, "run"):
        return [skipped("an toàn dữ liệu", "sao lưu, mở an toàn", "chưa có benchmarks/bench_safety.py")]
    return mod.run(repeat=cfg.repeat)


def area_scale(cfg) -> list[Result]:
    from benchmarks import bench_scale

    # Issue 19: every tab, dashboard and reminder counts, idle memory, --smoke ÷ bare window in
    # pairs, registry tree and first keystrokes (and the registry at 100,000 documents unless quick);
    # the tracking queries at 10,000 tasks too ("medium"), so their growth shows beside large.
    scales = list(cfg.scales) + ([] if cfg.quick else ["medium", "docs"])
    return bench_scale.run(scales, repeat=cfg.repeat)


def area_exchange(cfg) -> list[Result]:
    from benchmarks import bench_exchange

    # Issue 18: a province's plan answered by its communes (quick: a tenth of them).
    return bench_exchange.run(offices=10 if cfg.quick else 100, tasks=200, repeat=cfg.repeat)


RUNNERS: dict[str, Callable] = {
    "data": area_data,
    "startup": area_startup,
    "scale": area_scale,
    "search": area_search,
    "plan": area_plan,
    "checks": area_checks,
    "export": area_export,
    "excel": area_excel,
    "import": area_import,
    "safety": area_safety,
    "exchange": area_exchange,
    "derive": area_derive,
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python3 -m benchmarks",
        description="Đo tốc độ và quy mô của KeHoach Desktop, so với mục tiêu của từng issue.",
    )
    p.add_argument("--quick", action="store_true", help="Chỉ quy mô nhỏ, ít lần lặp (1–2 phút).")
    p.add_argument("--huge", action="store_true", help="Thêm quy mô rất lớn (10× large) cho lưu trữ và tìm kiếm.")
    p.add_argument("--only", default="", help=f"Chỉ chạy các khu vực (phân cách bằng dấu phẩy): {', '.join(AREAS)}.")
    p.add_argument("--repeat", type=int, default=None, help="Số lần đo mỗi phép (mặc định 5; --quick: 3).")
    args = p.parse_args(argv)
    args.scales = ["small"] if args.quick else ["small", "large"]
    args.repeat = args.repeat or (3 if args.quick else 5)
    args.areas = [a.strip() for a in args.only.split(",") if a.strip()] or list(AREAS)
    unknown = set(args.areas) - set(AREAS)
    if unknown:
        p.error(f"khu vực không có: {', '.join(sorted(unknown))}")
    if "data" not in args.areas:
        args.areas.insert(0, "data")
    return args


def main(argv: list[str] | None = None) -> int:
    cfg = parse_args(argv)
    started = time.perf_counter()
    results: list[Result] = []
    timings: dict[str, float] = {}
    mode = "nhanh (--quick)" if cfg.quick else "đầy đủ" + (" + huge" if cfg.huge else "")
    load_before = _load()
    print(
        f"Đo hiệu năng KeHoach Desktop — chế độ {mode}; quy mô: {', '.join(cfg.scales)}; tải máy lúc đầu {load_before}",
        flush=True,
    )
    for area in cfg.areas:
        t0 = time.perf_counter()
        print(f"… {area}", flush=True)
        try:
            results += RUNNERS[area](cfg)
        except Exception as exc:  # noqa: BLE001 - one broken area must not hide the others' numbers
            traceback.print_exc()
            results.append(skipped(area, "cả khu vực", f"lỗi: {type(exc).__name__}: {exc}"[:200]))
        timings[area] = round(time.perf_counter() - t0, 1)
    total = time.perf_counter() - started
    print()
    print_table(results)
    missed = [r for r in results if r.met is False]
    print()
    print(f"Thời gian chạy: {total:.0f} s ({', '.join(f'{k} {v:.0f} s' for k, v in timings.items())})")
    load_after = _load()
    print(f"Tải máy: lúc đầu {load_before}, lúc cuối {load_after} — số đo chỉ so được khi máy rảnh.")
    if missed:
        print(f"Chưa đạt mục tiêu: {len(missed)} phép đo — " + "; ".join(f"{r.name} [{r.scale}]" for r in missed))
    path = write_json(
        results,
        "benchmarks",
        {
            "mode": mode,
            "scales": cfg.scales,
            "seconds": round(total, 1),
            "area_seconds": timings,
            "load_before": load_before,
            "load_after": load_after,
        },
    )
    print(f"JSON: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
