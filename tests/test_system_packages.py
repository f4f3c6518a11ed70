"""The README's Linux system packages: complete for Qt's xcb window, and exactly what .ci/run
installs (issue 20: without libxcb-cursor0 the program aborted at start on a desktop)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _reader():
    spec = importlib.util.spec_from_file_location("readme_packages", ROOT / ".ci" / "readme_packages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_lists_the_xcb_libraries_qt_needs_for_a_desktop_window():
    listed = set(_reader().packages(README))
    for pkg in ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0", "libxcb-xkb1"):
        assert pkg in listed, pkg


def _debian_package(soname: str) -> str:
    """Debian's library package name: libxcb-icccm.so.4 → libxcb-icccm4, libxkbcommon-x11.so.0 →
    libxkbcommon-x11-0 (a dash when the name ends in a digit), lower case."""
    name, version = re.fullmatch(r"(.+)\.so\.(\d+)", soname).groups()
    return (name + ("-" if name[-1].isdigit() else "") + version).lower()


def test_every_x_library_of_qts_xcb_plugin_is_in_the_readme():
    if not sys.platform.startswith("linux") or shutil.which("ldd") is None:
        pytest.skip("chỉ kiểm được trên Linux có ldd (plugin xcb của Qt là của Linux)")
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True).stdout
    sonames = {
        line.split()[0] for line in out.splitlines() if line.strip().startswith(("libxcb", "libxkb", "libX11-xcb"))
    }
    assert "libxcb-cursor.so.0" in sonames  # Qt 6.5+: the reason for this test
    listed = set(_reader().packages(README))
    missing = sorted(_debian_package(s) for s in sonames if _debian_package(s) not in listed)
    assert not missing, f"README thiếu: {missing}"


def test_ci_installs_exactly_the_readmes_packages():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash .ci/system_packages.sh" in script
    listed = _reader().packages(README)
    # no install of its own that could drift from the README
    assert "apt-get install" not in script and "dpkg -s" not in script and "libegl1" not in script
    dry = subprocess.run(
        ["bash", str(ROOT / ".ci" / "system_packages.sh")],
        capture_output=True,
        text=True,
        check=True,
        env={"DRY_RUN": "1", "PATH": "/usr/bin:/bin", "PYTHON": sys.executable},
    ).stdout.split()
    installed = [w for w in dry if w not in ("apt-get", "install", "-y", "-qq") and not w.startswith("-")]
    assert installed == listed
    assert "--no-install-recommends" in dry  # the options of a README line go with it
