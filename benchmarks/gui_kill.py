"""SIGKILL of the real GUI process while a person types (issue 13), on demand.

Each trial starts the program on a fresh file (``tests/gui_typist.py``: the real start-up
and main window, typing through key events on a timer inside the process), kills it with
SIGKILL at a random moment, restarts it and accepts or declines the recovery offer; see
``tests/gui_kill_harness.py`` for what is checked. Seeds run from ``--seed``.

    python3 -m benchmarks.gui_kill [--trials 50] [--seed 1]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "benchmarks"

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import gui_kill_harness

from .harness import Result, report

AREA = "gõ không mất chữ"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    trials = []
    seconds = []
    with tempfile.TemporaryDirectory(prefix="gui-kill-") as tmp:
        for i in range(args.trials):
            seed = args.seed + i
            started = time.perf_counter()
            # Every other trial waits for a moment in a run of typing (there is then something
            # to recover); the others are killed at a random moment (in a pause, after a commit…).
            trial = gui_kill_harness.run_trial(Path(tmp) / f"trial-{seed}", seed, mid_typing=i % 2 == 0)
            seconds.append(time.perf_counter() - started)
            trials.append(trial)
            state = "HỎNG: " + "; ".join(trial.problems) if trial.problems else "đúng"
            print(
                f"seed {seed}: tắt sau {trial.kill_after:.1f} s, {trial.typed_events} lượt gõ, "
                f"{'có' if trial.offered else 'không'} đề nghị khôi phục, trả lời {trial.answer} — {state}",
                flush=True,
            )
    s = gui_kill_harness.summary(trials)
    results = [
        Result(AREA, "lần SIGKILL cửa sổ đang gõ", unit="lần", samples=[float(s["trials"])], note=f"seed {args.seed}…"),
        Result(
            AREA,
            "lần được đề nghị khôi phục",
            unit="lần",
            samples=[float(s["offered"])],
            note=f"nhận {s['accepted']}, bỏ qua {s['declined']}",
        ),
        Result(
            AREA,
            "lần mất chữ gõ quá 1 giây trước khi tắt / sai sau khi trả lời (hỏng)",
            unit="lần",
            samples=[float(s["bad"])],
            goal=0.0,
        ),
        Result(AREA, "thời gian mỗi lần thử (chạy, gõ, tắt, mở lại)", unit="s", samples=seconds),
    ]
    report(results, "gui_kill")
    return 1 if s["bad"] else 0


if __name__ == "__main__":
    sys.exit(main())
