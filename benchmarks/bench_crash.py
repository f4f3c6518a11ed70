"""Crash-safety run on demand: ≥ 200 SIGKILLs of a writer across all modes (saves, a big
import, batch progress import, migration, backup, restore), then integrity_check and
every acknowledged write checked after each kill.

    python3 benchmarks/bench_crash.py [--kills 240] [--seed 1] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import crash_harness


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--kills", type=int, default=240, help="total kills, spread over the modes")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path, default=Path("benchmarks/results/crash.json"))
    args = ap.parse_args(argv)
    per_mode = max(1, args.kills // len(crash_harness.MODES))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mode in crash_harness.MODES:
            start = time.perf_counter()
            outcomes = crash_harness.run(mode, per_mode, Path(tmp) / mode, seed=args.seed)
            rows.append(
                {
                    "mode": mode,
                    "kills": len(outcomes),
                    "acknowledged": sum(len(o.acks) for o in outcomes),
                    "kills_with_problems": sum(1 for o in outcomes if o.problems),
                    # migrate: kills that landed before the migration was acknowledged (mid-open)
                    "kills_before_first_ack": sum(1 for o in outcomes if not o.acks),
                    "problems": sorted({p for o in outcomes for p in o.problems})[:10],
                    "seconds": round(time.perf_counter() - start, 1),
                }
            )
    print(f"{'mode':<10}{'kills':>7}{'acked':>9}{'early':>7}{'bad':>6}{'s':>8}")
    for r in rows:
        print(
            f"{r['mode']:<10}{r['kills']:>7}{r['acknowledged']:>9}{r['kills_before_first_ack']:>7}"
            f"{r['kills_with_problems']:>6}{r['seconds']:>8}"
        )
        for p in r["problems"]:
            print("    !", p)
    total = sum(r["kills"] for r in rows)
    bad = sum(r["kills_with_problems"] for r in rows)
    print(f"{'total':<10}{total:>7}{sum(r['acknowledged'] for r in rows):>9}{bad:>6}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps({"kills": total, "bad": bad, "modes": rows}, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
