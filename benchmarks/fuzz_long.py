"""The long fuzz run on demand: the same properties as tests/test_safety_fuzz.py with
many more examples (and no fixed seed, so every run explores new inputs).

    python3 benchmarks/fuzz_long.py [--examples 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--examples", type=int, default=5000)
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "fuzz_long.json")
    args = ap.parse_args(argv)
    env = {**os.environ, "KEHOACH_FUZZ_EXAMPLES": str(args.examples), "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:warnings",
            "-p",
            "no:cacheprovider",
            "--hypothesis-show-statistics",
            str(ROOT / "tests" / "test_safety_fuzz.py"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = round(time.perf_counter() - start, 1)
    tail = proc.stdout.strip().splitlines()[-1:] or [""]
    print(proc.stdout[-6000:])
    print(f"{'examples/property':<20}{args.examples:>8}\n{'seconds':<20}{seconds:>8}\n{'result':<20}{tail[0]:>8}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {"examples": args.examples, "seconds": seconds, "returncode": proc.returncode, "summary": tail[0]},
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
