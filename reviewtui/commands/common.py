"""What every command shares: opening the workspace with a one-line error on failure."""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Callable
from typing import NoReturn

import pendulum

from reviewtui.domain.text import one_line
from reviewtui.services.database_location import DatabaseLocation
from reviewtui.services.workspace import (
    Workspace,
    default_db_path,
    open_workspace,
    resolve_database,
)
from reviewtui.store import StoreError

EXIT_OK = 0
EXIT_FAILED = 1  # anything that went wrong, a bad argument included


def iso_date(text: str) -> pendulum.Date:
    """An argparse type for YYYY-MM-DD arguments such as --as-of and --since."""
    try:
        parsed = datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD") from None
    return pendulum.date(parsed.year, parsed.month, parsed.day)


def fail(message: str, code: int = EXIT_FAILED) -> NoReturn:
    """One line on stderr (cleaned: a path or value quoted in it may hold anything), then exit."""
    print(f"reviewtui: {one_line(message)}", file=sys.stderr)
    raise SystemExit(code)


def database(args: argparse.Namespace) -> DatabaseLocation:
    """The database this command works on: `--db` (read once, in `cli.main`), else
    $REVIEWTUI_DB, else the default file in the user data directory."""
    return resolve_database(getattr(args, "db", None))


def workspace(
    args: argparse.Namespace,
    create: bool = False,
    check: tuple[str, ...] = (),
    replay: bool = True,
) -> Workspace:
    """The workspace for a command; `create` (commands that write: start, import, demo, the
    app) makes a missing database file, and the default data directory if need be; `check`
    names tables to look at for damage first (before the app starts, or a write). A file that
    cannot be used is one line on stderr and exit 1."""
    location = database(args)
    try:
        ws = open_workspace(
            location, create=create, create_parent=create and location.file == default_db_path()
        )
    except StoreError as error:
        fail(str(error))
    if check:
        try:
            ws.db.check_tables(check)
        except StoreError as error:
            ws.close()
            fail(str(error))
    for problem in ws.problems:
        print(f"reviewtui: warning: {one_line(problem)}", file=sys.stderr)
    if replay:  # the app replays on its writer instead, without waiting on a busy database
        _replay_recovery(ws)
    return ws


def _replay_recovery(ws: Workspace) -> None:
    """Changes an earlier run could not write are written before the command reads."""
    from reviewtui.services.recovery import replay

    recovery_file = ws.location.recovery_file
    if recovery_file is None or not recovery_file.exists():
        return
    applied, waiting = replay(ws)
    if applied:
        print(f"reviewtui: {applied} unsaved change(s) from last time written", file=sys.stderr)
    if waiting:
        print(f"reviewtui: warning: unsaved changes still wait: {waiting}", file=sys.stderr)


def meeting_id_type(listed_by: str) -> Callable[[str], int]:
    """An argparse type for a meeting id: a whole number in ASCII digits, as `listed_by` (the
    command that lists them) shows it; anything else is one line naming that command."""

    def parse(text: str) -> int:
        typed = text.strip()
        if not typed.isascii() or not typed.isdigit():
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a meeting id; `{listed_by}` lists them"
            )
        return int(typed)

    return parse
