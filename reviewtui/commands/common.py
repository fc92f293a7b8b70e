"""What every command shares: opening the workspace with a one-line error on failure."""

from __future__ import annotations

import argparse
import datetime
import sys
from typing import NoReturn

import pendulum

from reviewtui.services.workspace import Workspace, open_workspace, resolve_db_path
from reviewtui.store import StoreError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def iso_date(text: str) -> pendulum.Date:
    """An argparse type for YYYY-MM-DD arguments such as --as-of and --since."""
    try:
        parsed = datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD") from None
    return pendulum.date(parsed.year, parsed.month, parsed.day)


def fail(message: str, code: int = EXIT_FAILED) -> NoReturn:
    print(f"reviewtui: {message}", file=sys.stderr)
    raise SystemExit(code)


def workspace(args: argparse.Namespace, create_parent: bool = False) -> Workspace:
    path = resolve_db_path(getattr(args, "db", None))
    try:
        ws = open_workspace(path, create_parent=create_parent)
    except StoreError as error:
        fail(str(error))
    for problem in ws.problems:
        print(f"reviewtui: warning: {problem}", file=sys.stderr)
    return ws
