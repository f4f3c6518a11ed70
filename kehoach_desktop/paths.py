"""Where the database lives: the user's data folder, a given file, or beside the program."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DB_FILENAME = "kehoach.sqlite3"
DEMO_FILENAME = "du-lieu-mau.sqlite3"  # «Dùng thử với dữ liệu mẫu»: a file of its own beside the real one
PORTABLE_MARKER = "portable.txt"  # a file beside the program that switches portable mode on


def program_dir() -> Path:
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def is_portable(flag: bool = False) -> bool:
    return flag or (program_dir() / PORTABLE_MARKER).exists() or bool(os.environ.get("KEHOACH_PORTABLE"))


def user_data_dir() -> Path:
    """Qt-free twin of ``QStandardPaths.AppDataLocation`` for organisation/app ``KeHoach``.

    The GUI asks Qt itself; the command line uses this so it needs no Qt import.
    """
    override = os.environ.get("KEHOACH_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "KeHoach" / "KeHoach Desktop"


def default_db_path(portable: bool = False) -> Path:
    if is_portable(portable):
        return program_dir() / "data" / DB_FILENAME
    return user_data_dir() / DB_FILENAME


def demo_db_path(real: Path) -> Path:
    """The demo file that goes with the database *real* (never the same file)."""
    return real.parent / DEMO_FILENAME
