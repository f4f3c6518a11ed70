"""Crash safety: a writer killed hard (SIGKILL; TerminateProcess on Windows) at random
moments — during saves, a big import, a batch progress import, the real Excel progress
import, a migration, a backup, a restore, the command line itself — never corrupts the file and never loses an
acknowledged write. benchmarks/bench_crash.py runs hundreds."""

from __future__ import annotations

import zlib

import crash_harness
import pytest

KILLS = {"save": 3, "import": 2, "progress": 2, "excel": 2, "migrate": 3, "backup": 2, "restore": 2, "cli": 3}


@pytest.mark.parametrize("mode", list(KILLS))
def test_random_kills_never_corrupt_or_lose_acknowledged_writes(tmp_path, mode):
    outcomes = crash_harness.run(mode, KILLS[mode], tmp_path, seed=zlib.crc32(mode.encode()))
    problems = [p for o in outcomes for p in o.problems]
    assert problems == []
    # the kills really landed while work was going on (something was acknowledged)
    if mode != "migrate":
        assert all(o.acks for o in outcomes)
