"""Issue 13: the real GUI process killed with SIGKILL while a person types; on restart the
recovery offers what was typed up to one second before the kill, declining keeps the last
committed state, accepting writes it (see tests/gui_kill_harness.py for every check).
Three trials here, one of each answer at least; ≥ 50 in ``python3 -m benchmarks.gui_kill``."""

from __future__ import annotations

import gui_kill_harness


def test_sigkill_while_typing_then_restart_accept_or_decline(tmp_path):
    trials = [
        # Killed in the middle of a run of typing: there is a stash, which must be offered.
        gui_kill_harness.run_trial(tmp_path / "a", seed=11, answer="accept", kill_after=1.0, mid_typing=True),
        gui_kill_harness.run_trial(tmp_path / "b", seed=12, answer="decline", kill_after=1.0, mid_typing=True),
        # Killed at a random moment (maybe in a pause, maybe after moving on).
        gui_kill_harness.run_trial(tmp_path / "c", seed=13, answer="accept", kill_after=2.7),
    ]
    for trial in trials:
        assert trial.typed_events > 0, f"seed {trial.seed}: nothing was typed before the kill"
        assert trial.problems == [], f"seed {trial.seed}: {trial.problems}"
    assert trials[0].offered and trials[1].offered
    print(gui_kill_harness.summary(trials))
