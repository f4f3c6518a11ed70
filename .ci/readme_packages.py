"""The Debian packages the README lists, for .ci/run (one source, so the two cannot drift).

Prints one line per ``sudo apt-get install`` line of the README's system-packages block:
the apt options first (``--no-install-recommends``), then the packages. Run from the
repository root: ``python3 .ci/readme_packages.py [README.md]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

START = "<!-- system-packages"
END = "<!-- /system-packages -->"
COMMAND = "sudo apt-get install"


def install_lines(readme: str) -> list[tuple[list[str], list[str]]]:
    """(options, packages) for each ``sudo apt-get install`` line between the markers."""
    try:
        block = readme[readme.index(START) : readme.index(END)]
    except ValueError:
        raise SystemExit("README.md: không thấy khối <!-- system-packages --> … <!-- /system-packages -->") from None
    out = []
    for line in block.splitlines():
        line = line.strip()
        if not line.startswith(COMMAND):
            continue
        words = line[len(COMMAND) :].split()
        out.append(([w for w in words if w.startswith("-")], [w for w in words if not w.startswith("-")]))
    if not out:
        raise SystemExit("README.md: khối system-packages không có dòng «sudo apt-get install …»")
    return out


def packages(readme: str) -> list[str]:
    return [pkg for _, pkgs in install_lines(readme) for pkg in pkgs]


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    for options, pkgs in install_lines(path.read_text(encoding="utf-8")):
        print(" ".join(options + pkgs))
