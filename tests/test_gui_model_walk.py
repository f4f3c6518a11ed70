"""Issue 13: a seeded random walk of ≥ 200 steps through the real main window (see
tests/gui_walk.py for what is checked after every step). The seed is printed;
``KEHOACH_WALK_SEED=<n>`` replays a walk, ``KEHOACH_WALK_STEPS`` makes it longer.
The soak with thousands of steps is ``python3 -m benchmarks.gui_soak``."""

from __future__ import annotations

import os

import gui_walk

STEPS = int(os.environ.get("KEHOACH_WALK_STEPS", "220"))


def test_random_walk_keeps_the_file_equal_to_the_screen(qtbot, tmp_path):
    seed = gui_walk.seed_from_env(default=20261302)
    print(f"\nseed của bước đi ngẫu nhiên: {seed} (chạy lại: KEHOACH_WALK_SEED={seed})")
    walk = gui_walk.run_walk(STEPS, seed, tmp_path)
    print(f"{STEPS} bước, {walk.checks} lần so tệp với màn hình, mở lại {walk.reopen_count} lần, {walk.elapsed:.1f} s")
    print("các việc:", dict(sorted(walk.counts.items())))
    assert walk.checks >= STEPS
    # The walk did what a person does: every kind of step happened (else it proved less).
    assert set(walk.counts) == {name for name, _ in gui_walk.Walk.ACTIONS}
    assert walk.offers == [] and walk.errors == []


def test_another_seed_each_run_when_asked(qtbot, tmp_path, monkeypatch):
    """A short walk on a fresh seed (printed), so CI explores new walks over time."""
    monkeypatch.delenv("KEHOACH_WALK_SEED", raising=False)
    seed = gui_walk.seed_from_env()
    print(f"\nseed: {seed} (chạy lại: KEHOACH_WALK_SEED={seed})")
    walk = gui_walk.run_walk(60, seed, tmp_path)
    assert walk.checks >= 60 and walk.offers == []
