"""Environment switches of the safety code (the tests and benchmarks set them).

Apart from :mod:`.backup` so that opening the window can ask whether automatic backups
are on without importing the backup code, which runs only after the window is up.
"""

from __future__ import annotations

import os

NO_BACKUP_ENV = "KEHOACH_NO_BACKUP"


def automatic_backups_disabled() -> bool:
    return os.environ.get(NO_BACKUP_ENV, "") not in ("", "0")
