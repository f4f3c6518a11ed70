"""No cyclic garbage collection while a worker job runs (it could free GUI-thread Qt objects there)."""

import gc
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from kehoach_desktop.ui.context import AppContext

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _earlier_background_work_done(qtbot):
    """A warm-up or read started by an earlier test resumes collection when it ends: wait."""
    qtbot.waitUntil(gc.isenabled, timeout=30_000)


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


def test_plan_tree_keeps_no_qt_item_that_outlives_its_model(qapp):
    """A kept wrapper of invisibleRootItem() stayed 'valid' after the model was deleted; its
    address, reused by a new QAction, came back as a QStandardItem (a failure seen in the suite)."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    from kehoach_desktop.core.document import Node
    from kehoach_desktop.ui.plans.tree_model import PlanTreeModel

    def node(nid: int, text: str, children=()) -> Node:
        return Node(kind="section", text=text, id=nid, children=list(children))

    owner = QObject()
    model = PlanTreeModel(owner)
    model.set_nodes([node(1, "Mục đích", [node(2, "Yêu cầu")]), node(3, "Nội dung")])
    # A move through the root (node 2 up to the top level) uses the root's Qt item too.
    moved = model.apply_incremental([node(1, "Mục đích"), node(2, "Yêu cầu"), node(3, "Nội dung")])
    assert moved is not None and moved.isValid() and moved.row() == 1
    mirrors = [model.root, *model.by_id.values()]
    assert len(mirrors) == 4
    owner.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    assert not shiboken6.isValid(model)
    alive = [m.id for m in mirrors if m.qitem is not None and shiboken6.isValid(m.qitem)]
    assert alive == [], f"Qt items still wrapped after their model was deleted: {alive}"


def test_the_start_up_pause_and_a_job_share_one_count(qtbot, db):
    """A job that ends while the window is still being made does not turn collection back on
    under the start-up's pause (issue 19), and the start-up's end does not under a job."""
    from kehoach_desktop.ui.gc_pause import GcPause

    assert gc.isenabled()
    GcPause.hold()  # as run_gui does before PySide6 is imported
    try:
        job = AppContext(db).run_job(None, "Thử", lambda progress, cancelled: 7)
        qtbot.waitUntil(lambda: job.finished, timeout=5000)
        assert job.result == 7
        assert not gc.isenabled()
    finally:
        GcPause.release()
    assert gc.isenabled()


def test_the_window_start_pauses_collection_until_the_window_is_up(tmp_path):
    """run_gui (as the program starts): no collection while the window is made, collection on
    again WHEN_UP_MS after it (issue 19) — never left off for the session — with what start-up
    made frozen out of the collector's walks."""
    db_path = tmp_path / "demo.sqlite3"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        KEHOACH_NO_BACKUP="1",
        KEHOACH_NO_REMINDERS="1",
        KEHOACH_DATA_DIR=str(tmp_path / "appdata"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        PYTHONIOENCODING="utf-8",
    )
    made = subprocess.run(
        [sys.executable, "-m", "kehoach_desktop", "demo", "--db", str(db_path)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    script = textwrap.dedent(f"""
        import argparse, gc, sys
        sys.path.insert(0, {str(ROOT)!r})
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from kehoach_desktop.app import run_gui
        from kehoach_desktop.ui.main_window import WHEN_UP_MS
        app = QApplication(sys.argv[:1])
        def first_turn():
            print("AT_SHOW=" + str(gc.isenabled()), flush=True)
        def later():
            print("AFTER_UP=" + str(gc.isenabled()), flush=True)
            print("FROZEN=" + str(gc.get_freeze_count()), flush=True)
            for w in app.topLevelWidgets():
                w.close()
            app.quit()
        QTimer.singleShot(0, first_turn)
        QTimer.singleShot(WHEN_UP_MS + 400, later)
        sys.exit(run_gui(argparse.Namespace(db={str(db_path)!r}, smoke=False, portable=False)))
    """)
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert "AT_SHOW=False" in result.stdout, result.stdout + result.stderr
    assert "AFTER_UP=True" in result.stdout, result.stdout + result.stderr
    # What start-up made (PySide6's types and enums, the modules, the window: tens of thousands
    # of objects) is left out of the collector's walks: a full collection took 30-70 ms.
    frozen = int(result.stdout.split("FROZEN=")[1].split()[0])
    assert frozen > 10_000, result.stdout


def test_a_warm_up_thread_runs_without_collection_and_resumes_it_on_the_gui_thread(qtbot):
    """The checks' and the export's warm-ups allocate a lot on a thread of their own: no
    collection may start there (it could free GUI-thread Qt objects); back on afterwards."""
    from kehoach_desktop.ui.background import warm_up_thread

    assert gc.isenabled()
    release = threading.Event()
    seen = []

    def work():
        seen.append(gc.isenabled())
        release.wait(5)

    thread = warm_up_thread(work, "test-warm-up")
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [False]
    release.set()
    thread.join(5)
    assert not gc.isenabled()  # not from the worker: the GUI thread turns it back on
    qtbot.waitUntil(gc.isenabled, timeout=5000)


def test_a_failing_warm_up_still_resumes_collection(qtbot):
    from kehoach_desktop.ui.background import warm_up_thread

    def work():
        raise OSError("phông chữ hỏng")

    warm_up_thread(work, "test-warm-up-fails").join(5)
    qtbot.waitUntil(gc.isenabled, timeout=5000)


def test_a_background_read_whose_window_closed_resumes_collection_and_calls_nobody(qtbot, db):
    """The tracking counts read on a worker: the panel closed before they came back. Its
    answer is dropped, and collection does not stay off for the rest of the session."""
    from PySide6.QtCore import QObject, QThreadPool

    from kehoach_desktop.ui.background import read_in_background

    release = threading.Event()
    called = []
    panel = QObject()

    def read(conn):
        release.wait(5)
        return conn.scalar("SELECT COUNT(*) FROM directives")

    read_in_background(QThreadPool.globalInstance(), db.path, read, panel, called.append)
    assert not gc.isenabled()
    panel.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(panel), timeout=5000)
    release.set()
    qtbot.waitUntil(gc.isenabled, timeout=5000)
    qtbot.wait(50)
    assert called == []


def test_a_background_read_delivers_on_the_gui_thread(qtbot, db):
    from PySide6.QtCore import QObject, QThreadPool

    from kehoach_desktop.ui.background import read_in_background

    owner = QObject()
    got = []
    read_in_background(
        QThreadPool.globalInstance(),
        db.path,
        lambda conn: conn.scalar("SELECT COUNT(*) FROM directives"),
        owner,
        lambda result: got.append((result, threading.current_thread() is threading.main_thread())),
    )
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert got == [(0, True)] and gc.isenabled()
