"""`reviewtui backup FILE`: a consistent copy of the database, safe while the app runs."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from reviewtui.commands.common import fail, workspace


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "backup",
        parents=[common],
        help="copy the database, safely, into a new file",
        description=(
            "Copy the whole database (with what is still in its write-ahead log) into FILE,"
            " a new file readable by you only. Safe while the app or another command is"
            " writing: the copy is one consistent state. An existing FILE is never overwritten."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the new file to write the copy into")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from reviewtui.domain.text import one_line
    from reviewtui.services.backup import backup_database
    from reviewtui.store import StoreError

    target = Path(args.file).expanduser()
    ws = workspace(args)
    try:
        backup_database(ws, target)
    except StoreError as error:
        fail(str(error))
    finally:
        ws.close()
    print(f"Backed up {one_line(str(ws.location))} into {one_line(str(target))}")
    return 0
