"""Qt's own strings in Vietnamese (issue 7: the whole interface in Vietnamese).

Our strings are Vietnamese, but Qt draws some of its own: the context menu of every text
field (Undo, Cut, Copy, Paste…), the standard buttons of message boxes and button boxes
(&Yes, &No, Cancel…), "Show Details...", the spin-box and scroll-bar menus, the default
undo/redo texts, the progress dialog's Cancel, and the Qt-drawn file, print, page-setup and
print-preview dialogs. PySide6 ships no Vietnamese translation of Qt, so
``resources/translations/qtbase_vi.ts`` is our own, and ``qtbase_vi.qm`` is it compiled by
PySide6's lrelease (tests/test_ui_translations.py checks that the two agree).

:func:`install` is called once by ``app.run_gui`` right after the QApplication exists:
loading one small .qm costs well under a millisecond.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from ..resources import resource_path

QM_NAME = "qtbase_vi.qm"

_installed: QTranslator | None = None


def qm_path() -> Path:
    return resource_path("translations", QM_NAME)


def vietnamese() -> QLocale:
    return QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)


def install(app: QCoreApplication) -> QTranslator | None:
    """Vietnamese locale by default and Qt's strings in Vietnamese; returns the translator.

    Without the .qm (a damaged installation) Qt simply stays in English: never an error.
    Calling it again returns the translator already installed.
    """
    global _installed
    QLocale.setDefault(vietnamese())  # calendar popups, month and day names
    if _installed is not None:
        return _installed
    translator = QTranslator(app)  # owned by the application: lives as long as it does
    if not translator.load(str(qm_path())):
        return None
    app.installTranslator(translator)
    _installed = translator
    return translator


def remove(app: QCoreApplication) -> None:
    """Take the translator out again (tests that must leave the session application as it was)."""
    global _installed
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
