"""Feature modules installed into the main window, in tab order.

Each module exposes ``install(window)``: it adds its tab(s), menu actions and
shortcuts. They are imported plainly: a broken feature fails loudly at start-up.
"""

from . import exchange, importer, plans, preview, registry, safety, tracking

FEATURES = [registry, plans, preview, tracking, exchange, safety, importer]
