"""Values of the ``Qt`` namespace that the first screen needs, without naming ``Qt`` (issue 19).

PySide6 (6.12) makes the Python enums of a class all at once, the first time Python touches
it; for the ``Qt`` namespace that is ~94 enums and ~1,200 members, 12-28 ms on the way to
the first screen, more than anything else our window costs. So the code that runs before
the window is first painted does not name ``Qt``:

- item roles are the ints Qt passes to ``data()`` (below; Qt's values, fixed since Qt 4);
- an enum property is set by its key's name, as Qt Designer's .ui files do
  (``toolbar.setProperty("toolButtonStyle", "ToolButtonTextOnly")``);
- ``QAction.setShortcuts([...])``, not ``setShortcut(...)``, whose overloads (a
  ``Qt.Key``…) make PySide6 build the namespace to choose one;
- keyword arguments where a positional one would be tried as a ``Qt`` enum first
  (``QSplitter(parent=self)``);
- a tree's column titles come from a C++ model (:meth:`TreeModel.show_in`).

Code that runs later (a key pressed, a dialog opened) imports ``Qt`` where it needs it.
``tests/test_startup_lazy.py`` fails, with the line that did it, if the first screen makes
the namespace again.
"""

from __future__ import annotations


class ItemRole:
    """``Qt.ItemDataRole`` as the ints ``QAbstractItemModel.data()`` receives."""

    DISPLAY = 0
    DECORATION = 1
    EDIT = 2
    TOOLTIP = 3
    FONT = 6
    TEXT_ALIGNMENT = 7
    BACKGROUND = 8
    FOREGROUND = 9
    CHECK_STATE = 10
    USER = 0x100
