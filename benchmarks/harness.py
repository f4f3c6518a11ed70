"""Measuring the same way everywhere: repeated runs, median and spread, goals beside them.

Every benchmark area returns :class:`Result` rows; :func:`print_table` shows them and
:func:`write_json` keeps them in ``benchmarks/results/`` (git-ignored).
"""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass
class Result:
    area: str  # "khởi động", "tìm kiếm", …
    name: str  # what was measured
    scale: str = ""  # small / large / huge / "" when it does not depend on the data
    unit: str = "ms"
    samples: list[float] = field(default_factory=list)
    goal: float | None = None  # the target, in *unit*
    goal_op: str = "<="  # "<=" (at most) or ">=" (at least, e.g. a speed ratio)
    note: str = ""
    skipped: str = ""  # why it was not measured (empty when measured)

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    @property
    def low(self) -> float | None:
        return min(self.samples) if self.samples else None

    @property
    def high(self) -> float | None:
        return max(self.samples) if self.samples else None

    @property
    def met(self) -> bool | None:
        if self.goal is None or self.median is None:
            return None
        return self.median <= self.goal if self.goal_op == "<=" else self.median >= self.goal

    def to_json(self) -> dict:
        data = asdict(self)
        data.update(median=self.median, min=self.low, max=self.high, met=self.met)
        return data


def timed(
    fn: Callable[[], object], repeat: int = 5, warmup: int = 1, setup: Callable[[], object] | None = None
) -> list[float]:
    """Milliseconds of *repeat* calls of *fn* (after *warmup* unmeasured calls)."""
    out: list[float] = []
    for i in range(warmup + repeat):
        if setup:
            setup()
        gc.collect()
        t0 = time.perf_counter()
        fn()
        elapsed = (time.perf_counter() - t0) * 1000
        if i >= warmup:
            out.append(elapsed)
    return out


def skipped(
    area: str, name: str, why: str, scale: str = "", goal: float | None = None, unit: str = "ms", goal_op: str = "<="
) -> Result:
    return Result(area, name, scale, unit=unit, goal=goal, goal_op=goal_op, skipped=why)


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit in ("ms",):
        return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"
    if unit == "×":
        return f"{value:,.1f}"
    return f"{value:,.2f}" if value < 10 else f"{value:,.1f}"


def table_lines(results: list[Result]) -> list[str]:
    head = ("Khu vực", "Phép đo", "Quy mô", "Trung vị", "Min–max", "n", "Đơn vị", "Mục tiêu", "Đạt")
    rows = []
    for r in results:
        if r.skipped:
            rows.append(
                (
                    r.area,
                    r.name,
                    r.scale,
                    "—",
                    "—",
                    "0",
                    r.unit,
                    f"{r.goal_op} {_fmt(r.goal, r.unit)}" if r.goal is not None else "",
                    "bỏ qua: " + r.skipped,
                )
            )
            continue
        spread = f"{_fmt(r.low, r.unit)}–{_fmt(r.high, r.unit)}" if len(r.samples) > 1 else ""
        goal = f"{r.goal_op} {_fmt(r.goal, r.unit)}" if r.goal is not None else ""
        met = {True: "đạt", False: "KHÔNG ĐẠT", None: ""}[r.met]
        if r.note:
            met = (met + " · " if met else "") + r.note
        rows.append((r.area, r.name, r.scale, _fmt(r.median, r.unit), spread, str(len(r.samples)), r.unit, goal, met))
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    widths[-1] = min(widths[-1], 70)

    def line(cells) -> str:
        return " | ".join(
            str(c).ljust(w) if i < len(cells) - 1 else str(c) for i, (c, w) in enumerate(zip(cells, widths))
        )

    out = [line(head), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    return out


def print_table(results: list[Result], file=sys.stdout) -> None:
    for text in table_lines(results):
        print(text, file=file)


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }


def write_json(results: list[Result], name: str, extra: dict | None = None) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = RESULTS_DIR / f"{name}-{stamp}.json"
    payload = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": machine(),
        **(extra or {}),
        "results": [r.to_json() for r in results],
    }
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    (RESULTS_DIR / f"{name}-latest.json").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def report(results: list[Result], name: str) -> list[Result]:
    """A benchmark run on its own: the table on stdout and the JSON written (its path printed)."""
    print_table(results)
    print(f"Kết quả: {write_json(results, name)}")
    return results
