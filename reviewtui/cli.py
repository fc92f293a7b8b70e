"""The `reviewtui` command: parses arguments and hands off to a command module. No logic here."""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from reviewtui import __version__
from reviewtui.services.database_location import DatabaseLocation

# Each module has `register(subparsers)`; they import heavy things only when they run.
COMMAND_MODULES = (
    "reviewtui.commands.app",
    "reviewtui.commands.meetings",
    "reviewtui.commands.templates",
    "reviewtui.commands.segments",
    "reviewtui.commands.data",
    "reviewtui.commands.follow_up",
    "reviewtui.commands.places",
    "reviewtui.commands.backup",
    "reviewtui.commands.search",
    "reviewtui.commands.series",
    "reviewtui.commands.completion",
    "reviewtui.commands.serve",
    "reviewtui.commands.datasette",
)
# The driver textual-serve starts each browser tab's app with.
WEB_DRIVER = "textual.drivers.web_driver"
# Set on the parsed arguments by the innermost parser that left some unread, so that
# "unrecognized arguments" names the command they were given to.
_LEFT_UNREAD_BY = "_reviewtui_left_unread_by"


class CommandLineParser(argparse.ArgumentParser):
    """argparse, with a usage error as one line on stderr and exit 1, like every other failure:
    the command, what is wrong (cleaned: it may quote anything typed), and where its help is.
    The commands' parsers are of this class too (`add_subparsers` makes its parser's class)."""

    def error(self, message: str) -> NoReturn:
        from reviewtui.domain.text import one_line

        self.exit(1, one_line(f"{self.prog}: {message} (see {self.prog} --help)") + "\n")

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> tuple[Any, list[str]]:
        parsed, unread = super().parse_known_args(args, namespace)
        if unread and not hasattr(parsed, _LEFT_UNREAD_BY):
            setattr(parsed, _LEFT_UNREAD_BY, self)
        return parsed, unread

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> Any:
        parsed, unread = self.parse_known_args(args, namespace)
        parser = vars(parsed).pop(_LEFT_UNREAD_BY, self)
        if unread:  # quoted unless one plain word: a space or control character shows as typed
            shown = (
                arg if arg.isprintable() and arg.split() == [arg] else repr(arg) for arg in unread
            )
            parser.error(f"unrecognized arguments: {' '.join(shown)}")
        return parsed


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the database file (default: $REVIEWTUI_DB, else reviews.db in the user data dir)",
    )
    common.add_argument(
        "--theme",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="the app's colour theme for this run (default: theme in config.toml)",
    )
    from reviewtui.services.places import config_file, data_dir

    parser = CommandLineParser(
        prog="reviewtui",
        description="Run live account-review meetings from the terminal, keyboard only.",
        epilog=_where_things_live(config_file(), data_dir()),
        parents=[common],
    )
    parser.add_argument("-V", "--version", action="version", version=f"reviewtui {__version__}")
    parser.set_defaults(func=None)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:
                continue
            raise
        module.register(sub, common)
    return parser


def _where_things_live(config: Path, data: Path) -> str:
    """The help's last paragraph: the config file, the data directory, the database in use."""
    from reviewtui.domain.text import one_line
    from reviewtui.services.places import DB_ENV, resolve_database

    database = one_line(str(resolve_database(None)))
    source = f" (from ${DB_ENV})" if os.environ.get(DB_ENV) else ""
    return (
        f"Settings: {one_line(str(config))}. Data directory: {one_line(str(data))}."
        f" Database: {database}{source}, unless --db names another."
        " `reviewtui paths` lists where everything lives."
    )


def no_terminal_message(parser: argparse.ArgumentParser) -> str:
    """One line: this command needs a terminal, and the commands that do not."""
    plain: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if not sub.get_default("opens_app"):
                    plain.append(name)
                elif any("--no-app" in a.option_strings for a in sub._actions):
                    plain.append(f"{name} --no-app")
    return (
        "this command opens the app and needs a terminal (stdin and stdout);"
        f" without one, use: {', '.join(plain)}"
    )


def starts_app(args: argparse.Namespace) -> bool:
    """Whether the parsed command opens the terminal UI (no command, ui, resume, and start or
    demo without --no-app)."""
    if args.func is None:
        return True
    return bool(getattr(args, "opens_app", False)) and not getattr(args, "no_app", False)


def has_terminal() -> bool:
    if os.environ.get("TEXTUAL_DRIVER", "").startswith(WEB_DRIVER):
        return True  # `reviewtui serve` runs the app for a browser, which is its terminal
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    if argv is None and "_ARGCOMPLETE" in os.environ:  # the shell asks what Tab offers
        from reviewtui.commands.completion import complete

        complete(parser)
    args = parser.parse_args(argv)
    if os.environ.get("TEXTUAL_DRIVER", "").startswith(WEB_DRIVER):
        # A browser tab's app: Ctrl+C where `reviewtui serve` runs is for the server, which
        # then tells each app to save its work and quit.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if starts_app(args) and not has_terminal():
        # Before anything is opened: no database, no recovery file, no temporary directory.
        print(f"reviewtui: {no_terminal_message(parser)}", file=sys.stderr)
        return 2
    # `--db` is read once, here: every command sees the same location (its ~ expanded).
    db = getattr(args, "db", None)
    try:
        args.db = DatabaseLocation.parse(db) if db is not None else None
    except ValueError as error:
        print(f"reviewtui: --db: {error} (give a file, or :memory:)", file=sys.stderr)
        return 1
    func = args.func
    if func is None:
        from reviewtui.commands.app import run_app

        func = run_app
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except (sqlite3.DatabaseError, OSError) as error:
        from reviewtui.commands.common import database, fail
        from reviewtui.store.db import damaged_message
        from reviewtui.store.faults import classify

        fault = classify(error)
        if fault is not None:  # busy elsewhere, or a full disk: nothing was changed
            fail(f"{database(args)}: {fault}; nothing was changed, try again")
        if isinstance(error, OSError):
            raise
        # A damaged file is found by the first query that reads the damaged page.
        fail(damaged_message(str(database(args)), error))


if __name__ == "__main__":
    sys.exit(main())
