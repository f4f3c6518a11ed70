"""Python's cyclic GC runs on the GUI thread only, so a worker never frees Qt objects."""

import gc

from kehoach_desktop.ui.context import AppContext, GarbageCollector


def test_automatic_collection_is_off_and_the_gui_thread_collects(qtbot, db):
    AppContext(db)
    assert not gc.isenabled()
    collector = GarbageCollector._installed
    assert collector is not None and collector.timer.isActive()

    class Cycle:
        pass

    young = collector.thresholds[0]
    for _ in range(young + 50):
        a, b = Cycle(), Cycle()
        a.other, b.other = b, a
    assert gc.get_count()[0] > young
    collector.check()
    assert gc.get_count()[0] < young
