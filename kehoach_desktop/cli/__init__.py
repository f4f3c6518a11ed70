"""Command line over the same core as the GUI: ``kehoach <lệnh> --db TỆP …``.

Each subcommand lives in its own module exposing ``register(subparsers, parent)``;
``COMMANDS`` lists them in the order ``--help`` shows them.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import re
import sys
from pathlib import Path

COMMANDS = [
    "directives",
    "demo",
    "plans",
    "check",
    "export",
    "progress",
    "bundle",
    "parse",
    "import_doc",
    "backup",
    "profiles",
    "office",
]


class VietnameseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        # argparse passes prefix="" when it builds a subcommand's prog: keep that empty.
        return super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse speaking Vietnamese: its own headings and errors on stderr, exit 2."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", VietnameseHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "Tham số"
        self._optionals.title = "Tùy chọn"
        self.add_argument("-h", "--help", action="help", help="In hướng dẫn này rồi thoát.")

    def error(self, message: str):  # pragma: no cover - exercised via subprocess tests
        message = (
            message.replace("the following arguments are required", "thiếu tham số bắt buộc")
            .replace("one of the arguments", "cần một trong các tham số")
            .replace(" is required", "")
            .replace("not allowed with argument", "không dùng cùng với")
            .replace("expected at most one argument", "cần nhiều nhất một giá trị")
            .replace("expected at least one argument", "cần ít nhất một giá trị")
            .replace("ambiguous option", "tùy chọn chưa rõ")
            .replace("could match", "có thể là")
            .replace("ignored explicit argument", "giá trị bị bỏ qua")
            .replace("invalid float value", "không phải số")
            .replace("unrecognized arguments", "tham số không hiểu")
            .replace("invalid choice", "lựa chọn không hợp lệ")
            .replace("expected one argument", "cần một giá trị")
            .replace("(choose from", "(chọn một trong")
            .replace("argument ", "tham số ")
            .replace("invalid int value", "không phải số nguyên")
        )
        message = re.sub(r"invalid \w+ value", "giá trị không hợp lệ", message)  # type=… of our own
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi: {message}\n")


def db_option(parser: argparse.ArgumentParser, required: bool = False) -> None:
    """``--db`` on a subcommand too, so it may come before or after the subcommand."""
    parser.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        required=False,
        help="Tệp cơ sở dữ liệu (.sqlite3)." + (" Bắt buộc." if required else ""),
    )


def command_group(sub, name: str, help: str, description: str):
    """A subcommand with verbs of its own (``kehoach backup create``…); returns the verbs."""
    parser = sub.add_parser(name, help=help, description=description)
    db_option(parser)
    return parser.add_subparsers(dest="verb", title="Việc", metavar="VIỆC", required=True, parser_class=type(parser))


def verb(verbs, name: str, **kwargs) -> argparse.ArgumentParser:
    """One verb of a command group, taking ``--db`` like every command."""
    parser = verbs.add_parser(name, **kwargs)
    db_option(parser)
    return parser


# The program's own options that take a value: ``--tab theo-doi`` names no subcommand.
VALUE_OPTIONS = ("--db", "--tab")


def _first_word(argv: list[str]) -> str | None:
    """The first word of *argv* that is no option or option value, or «-h»/«--help» when
    help is asked for before it; None when there is neither (the window is wanted)."""
    skip_next = False
    for token in argv:
        if skip_next:
            skip_next = False
            continue
        if token in VALUE_OPTIONS:
            skip_next = True
            continue
        if token in ("-h", "--help") or not token.startswith("-"):
            return token
    return None


def _wants_subcommand(argv: list[str]) -> bool:
    """True when *argv* names a subcommand (or asks for help, which lists them)."""
    return _first_word(argv) is not None


# A command's module when its name differs from the command's (``kehoach import`` is import_doc).
MODULE_OF = {"import": "import_doc"}


def _command_named(argv: list[str]) -> str | None:
    """The subcommand *argv* runs, or None when it asks for the program's help first or
    names no known command."""
    word = _first_word(argv)
    return word if word is not None and MODULE_OF.get(word, word) in COMMANDS else None


def build_parser(with_commands: bool = True, only: str | None = None) -> Parser:
    """The program's parser; with *only* (a command's name) just that command's subparser:
    importing every command's module (the derivation's and the importer's regexes and
    dataclasses among them) cost each command 130 ms before it began."""
    parser = Parser(
        prog="kehoach",
        description="KeHoach Desktop — lập và theo dõi kế hoạch của văn phòng cấp ủy.\n"
        "Không có lệnh: mở cửa sổ chương trình.",
    )
    parser.add_argument("--db", type=Path, help="Tệp cơ sở dữ liệu (mặc định: thư mục dữ liệu của người dùng).")
    parser.add_argument("--portable", action="store_true", help="Giữ dữ liệu bên cạnh chương trình.")
    parser.add_argument(
        "--smoke", action="store_true", help="Mở cửa sổ, chờ cây văn bản nạp xong, in số mili giây rồi thoát."
    )
    parser.add_argument(
        "--tab",
        choices=("van-ban", "ke-hoach", "theo-doi"),
        help="Với --smoke: mở thẻ này, chờ thẻ hiện đầy đủ (Theo dõi: bảng và số liệu Tổng quan) rồi in số mili giây.",
    )
    parser.add_argument("--version", action="store_true", help="In phiên bản rồi thoát.")
    if not with_commands:
        # Starting the GUI: importing every subcommand module would cost start-up time.
        return parser
    sub = parser.add_subparsers(dest="command", title="Lệnh", metavar="LỆNH", parser_class=Parser)
    for name in [MODULE_OF.get(only, only)] if only else COMMANDS:
        module_name = f"{__name__}.{name}"
        if importlib.util.find_spec(module_name) is None:
            continue
        importlib.import_module(module_name).register(sub)
    for _path, leaf in walk_parsers(parser):
        if "--db" not in leaf._option_string_actions:  # a verb added without verb(): --db still follows it
            db_option(leaf)
    return parser


def walk_parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(path of command names, parser) for *parser* and every subcommand and verb below it."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            seen: set[int] = set()
            for name, child in action.choices.items():
                if id(child) not in seen:  # aliases share a parser
                    seen.add(id(child))
                    yield from walk_parsers(child, (*path, name))


def main(argv: list[str] | None = None) -> int:
    from .common import CliError

    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(with_commands=_wants_subcommand(argv), only=_command_named(argv))
    args = parser.parse_args(argv)
    if args.version:
        from .. import __version__

        print(f"KeHoach Desktop {__version__}")
        return 0
    if not getattr(args, "command", None):
        from ..app import run_gui

        return run_gui(args)
    import sqlite3

    from ..core import oserrors
    from .common import release_locks

    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        return 0
    except OSError as exc:  # a full disk, a read-only folder, a pulled USB stick: never a traceback
        print(f"Lỗi: {oserrors.describe(exc)}", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:
        print(f"Lỗi: {oserrors.user_message(exc)}", file=sys.stderr)
        return 1
    finally:
        release_locks()
