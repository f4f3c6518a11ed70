"""Cyclic garbage collection paused while it would do harm or only waste time.

Two reasons, one count, so neither turns collection back on under the other:

- a worker job runs: a collection starts on whichever thread happens to allocate; inside an
  export or import worker it may free Qt objects of the GUI thread, which crashes Qt (seen
  in an export);
- the window is being made (issue 19): start-up allocates tens of thousands of objects that
  live as long as the program (PySide6's types and enums, our modules, the widgets), and the
  collector walked them again and again for nothing — about 15 ms of a 200 ms start.

Qt-free (only ``gc`` and ``threading``), so it can be taken before PySide6 is imported.
"""

from __future__ import annotations

import gc
import threading


class GcPause:
    _lock = threading.Lock()
    _holders = 0
    _paused_by_us = False

    @classmethod
    def hold(cls) -> None:
        with cls._lock:
            if cls._holders == 0 and gc.isenabled():
                gc.disable()
                cls._paused_by_us = True
            cls._holders += 1

    @classmethod
    def release(cls) -> None:
        """The last release turns collection back on (if this pause turned it off)."""
        with cls._lock:
            cls._holders = max(0, cls._holders - 1)
            if cls._holders == 0 and cls._paused_by_us:
                cls._paused_by_us = False
                gc.enable()

    @classmethod
    def holders(cls) -> int:
        return cls._holders
