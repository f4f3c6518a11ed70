"""A command loads what it runs, not every other command (each paid 130 ms of imports of the
derivation's and the importer's regexes and dataclasses before it began)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kehoach_desktop.cli import COMMANDS, MODULE_OF, build_parser

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import json, sys
from kehoach_desktop.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.startswith("kehoach_desktop"))))
"""


def _loaded(*argv: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, encoding="utf-8", env=env, timeout=120
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_a_command_imports_its_own_module_and_not_the_others():
    loaded = _loaded("export", "--help")
    assert "kehoach_desktop.cli.export" in loaded
    assert not {"kehoach_desktop.cli.derive", "kehoach_desktop.core.derive", "kehoach_desktop.cli.import_doc"} & loaded
    assert "kehoach_desktop.cli.import_doc" in _loaded("import", "--help")  # the one named otherwise


def test_the_program_s_help_still_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        build_parser(only=None).parse_args(["--help"])
    shown = capsys.readouterr().out
    for name in COMMANDS:
        command = next((c for c, m in MODULE_OF.items() if m == name), name)
        assert command in shown, command


@pytest.mark.parametrize(
    "argv, command",
    [(["--db", "x.sqlite3", "export", "pdf"], "export"), (["--tab", "theo-doi"], None), (["--help", "plans"], None)],
)
def test_the_command_is_found_after_the_program_s_options(argv, command):
    from kehoach_desktop.cli import _command_named

    assert _command_named(argv) == command
