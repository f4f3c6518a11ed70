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
