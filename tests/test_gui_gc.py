"""No cyclic garbage collection while a worker job runs (it could free GUI-thread Qt objects there)."""

import gc
import threading

from kehoach_desktop.ui.context import AppContext


def test_collection_is_paused_while_a_job_runs_and_resumed_after(qtbot, db):
    assert gc.isenabled()
    ctx = AppContext(db)
    release = threading.Event()
    seen = []

    def work(progress, cancelled):
        seen.append(gc.isenabled())
        release.wait(5)
        return 42

    job = ctx.run_job(None, "Thử", work)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [False] and not gc.isenabled()
    release.set()
    qtbot.waitUntil(lambda: job.finished, timeout=5000)
    assert job.result == 42
    assert gc.isenabled()
