"""Feature modules installed into the main window, in tab order.

Each module exposes ``install(window)``: it adds its tab(s), menu actions and
shortcuts. A module that is not there (yet) is skipped.
"""

FEATURES = [
    "kehoach_desktop.ui.registry",
    "kehoach_desktop.ui.plans",
    "kehoach_desktop.ui.derive",
    "kehoach_desktop.ui.preview",
    "kehoach_desktop.ui.tracking",
    "kehoach_desktop.ui.exchange",
    "kehoach_desktop.ui.safety",
    "kehoach_desktop.ui.importer",
]
