"""Found walking the command line: «kehoach check» without --plan or --all answered
«Lỗi: one of the arguments --plan --all is required» — argparse's English came through
where the other usage errors were translated."""

from __future__ import annotations

import re

import pytest

from kehoach_desktop.cli import main

ENGLISH = re.compile(r"\b(?:argument|arguments|required|allowed|expected|invalid|ambiguous|could match|value)\b")


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["check"], ["--plan", "--all"]),  # a required group of alternatives
        (["check", "--plan", "1", "--all"], ["--all", "--plan"]),  # two alternatives at once
        (["progress", "record", "--percent", "nhiều"], ["nhiều"]),  # not a number
        (["progress", "list", "--pla", "1"], []),  # accepted abbreviation: no error expected
    ],
)
def test_usage_errors_are_in_vietnamese(argv, words, capsys, tmp_path):
    try:
        code = main(["--db", str(tmp_path / "x.sqlite3"), *argv])
    except SystemExit as exit_:
        code = exit_.code
    err = capsys.readouterr().err
    if code != 2:
        return  # ran (or refused the data, in Vietnamese elsewhere): not a usage error
    message = err.strip().splitlines()[-1]
    assert message.startswith("Lỗi: "), message
    assert not ENGLISH.search(message), message
    for w in words:
        assert w in message, message
