"""``--db`` may follow every subcommand and verb (issue 20): ``kehoach plans templates --db X``."""

import argparse

from kehoach_desktop.cli import build_parser, main


def _walk(parser, path=()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _walk(child, (*path, name))


def _has_verbs(parser) -> bool:
    return any(isinstance(a, argparse._SubParsersAction) for a in parser._actions)


def _leaves():
    """Every command a user runs: subcommands without verbs, and every verb."""
    return [(path, p) for path, p in _walk(build_parser()) if path and not _has_verbs(p)]


def test_the_walk_reaches_every_command_and_verb():
    paths = {path for path, _ in _leaves()}
    assert len(paths) > 20
    assert ("plans", "templates") in paths and ("export", "pdf") in paths and ("backup", "create") in paths
    assert ("demo",) in paths and ("directives", "search") in paths


def test_every_subcommand_and_verb_accepts_db_after_it():
    missing = []
    for path, parser in _leaves():
        action = parser._option_string_actions.get("--db")
        if action is None:
            missing.append(" ".join(path))
            continue
        # SUPPRESS: an absent --db after the verb keeps the one given before the subcommand
        assert action.dest == "db" and action.default == argparse.SUPPRESS and action.nargs is None, path
    assert not missing, f"--db không đứng sau được: {missing}"


def test_db_after_the_verb_reaches_the_command(tmp_path, capsys):
    db = tmp_path / "t.sqlite3"
    assert main(["demo", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["plans", "templates", "--db", str(db)]) == 0
    assert main(["plans", "list", "--db", str(db), "--json"]) == 0
    out = capsys.readouterr().out
    assert "Thực hiện công tác lý luận chính trị" in out


def test_db_before_and_after_mean_the_same_file(tmp_path):
    parser = build_parser()
    a = parser.parse_args(["--db", str(tmp_path / "a"), "plans", "templates"])
    b = parser.parse_args(["plans", "templates", "--db", str(tmp_path / "a")])
    assert isinstance(a, argparse.Namespace) and a.db == b.db


def test_a_wrong_verb_is_explained_in_vietnamese(capsys):
    """The walk: «Lỗi: argument VIỆC: lựa chọn không hợp lệ: 'status' (choose from …)»."""
    import pytest

    with pytest.raises(SystemExit) as exc:
        main(["progress", "status"])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "choose from" not in err and "argument" not in err
    assert "chọn một trong" in err and "'list'" in err
