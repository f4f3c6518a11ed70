"""Typing safety soak (issue 13): the seeded random walk of ``tests/gui_walk.py`` through
the real main window, for thousands of steps, on demand (not part of the test suite).

After every step a separate sqlite3 connection must read what the screen shows (see the
walk's docstring for what holds when); a clean quit must leave no crash stash and the
next start must offer no recovery. The walk is split into runs of ``--chunk`` steps on a
fresh file each, with seeds ``--seed``, ``--seed + 1``, …, so a failure names the seed
that replays it (``KEHOACH_WALK_SEED=<seed> python3 -m pytest tests/test_gui_model_walk.py``
with ``KEHOACH_WALK_STEPS``).

    python3 -m benchmarks.gui_soak --steps 5000 [--seed 1] [--chunk 1000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "benchmarks"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KEHOACH_NO_BACKUP", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from .harness import Result, report

AREA = "gõ không mất chữ"


def run(steps: int, seed: int, chunk: int) -> tuple[list[Result], list[str]]:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from kehoach_desktop.ui import pyside_guard

    pyside_guard.install()
    import gui_walk

    failures: list[str] = []
    done = checks = reopens = 0
    per_step_ms: list[float] = []
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="gui-soak-") as tmp:
        os.environ.setdefault("KEHOACH_DATA_DIR", str(Path(tmp) / "appdata"))
        run_seed = seed
        while done < steps:
            n = min(chunk, steps - done)
            folder = Path(tmp) / f"walk-{run_seed}"
            folder.mkdir()
            started = time.perf_counter()
            try:
                walk = gui_walk.run_walk(n, run_seed, folder)
            except gui_walk.WalkFailure as exc:
                failures.append(str(exc))
                print(f"seed {run_seed}: HỎNG\n{exc}", flush=True)
            else:
                checks += walk.checks
                reopens += walk.reopen_count
                for name, count in walk.counts.items():
                    counts[name] = counts.get(name, 0) + count
                per_step_ms.append((time.perf_counter() - started) * 1000 / n)
                print(f"seed {run_seed}: {n} bước đúng ({walk.elapsed:.0f} s, mở lại {walk.reopen_count} lần)")
            done += n
            run_seed += 1
            app.processEvents()
    note = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    results = [
        Result(AREA, "số bước đi ngẫu nhiên (cửa sổ thật)", unit="bước", samples=[float(done)], note=f"seed {seed}…"),
        Result(AREA, "lần so tệp với màn hình", unit="lần", samples=[float(checks)]),
        Result(
            AREA, "lần đóng rồi mở lại", unit="lần", samples=[float(reopens)], note="không lần nào đề nghị khôi phục"
        ),
        Result(
            AREA, "lần tệp khác màn hình (hỏng)", unit="lần", samples=[float(len(failures))], goal=0.0, goal_op="<="
        ),
        Result(AREA, "thời gian mỗi bước (kể cả các lần nghỉ)", unit="ms", samples=per_step_ms, note=note[:200]),
    ]
    return results, failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=int(os.environ.get("KEHOACH_WALK_SEED", "1")))
    ap.add_argument("--chunk", type=int, default=1000, help="steps per walk (one fresh file each)")
    args = ap.parse_args(argv)
    print(f"Bước đi ngẫu nhiên: {args.steps} bước, seed {args.seed}, {args.chunk} bước mỗi lượt", flush=True)
    results, failures = run(args.steps, args.seed, args.chunk)
    report(results, "gui_soak")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
