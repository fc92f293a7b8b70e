"""Opening the terminal UI: plain `reviewtui`, and `reviewtui demo` on the sample book."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from reviewtui.commands.common import fail, workspace
from reviewtui.domain.text import one_line
from reviewtui.services.database_location import DatabaseLocation
from reviewtui.store.db import MEETING_TABLES, damaged_message


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    demo = sub.add_parser(
        "demo",
        help="open the app on the bundled sample book of business",
        description=(
            "Load the sample book of business into a fresh database (a temporary one unless"
            " --db is given) and open the app on it."
        ),
    )
    # Its own --db: the demo's default is a temporary database, not the user's.
    demo.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="load the sample into this file and keep it (default: a temporary database,"
        " deleted when the app quits)",
    )
    for action in common._actions:
        if "--theme" in action.option_strings:
            demo._add_action(action)
    demo.add_argument("--no-app", action="store_true", help="load the data and exit")
    demo.set_defaults(func=run_demo, opens_app=True)
    ui = sub.add_parser(
        "ui",
        parents=[common],
        help="open the app (the same as no command)",
        description="Open the app on the database: start, resume or look back at meetings.",
    )
    ui.set_defaults(func=run_app, opens_app=True)


def resume_command(args: argparse.Namespace) -> str:
    """The command that continues a meeting left open here: with `--db` when it was given."""
    if args.db is None:
        return "reviewtui resume"
    return f"reviewtui --db {args.db.command_arg} resume"


def run_app(
    args: argparse.Namespace, meeting_id: int | None = None, temporary: bool = False
) -> int:
    ws = workspace(args, create=True, check=MEETING_TABLES, replay=False)
    queues = None
    if meeting_id is not None:
        # Started before the app is imported: resumed on a queues section, the first frame
        # shows the queues.
        from reviewtui.services.queue_prefetch import QueuePrefetch

        queues = QueuePrefetch(ws, meeting_id)
    from reviewtui.app import ReviewApp

    app = ReviewApp(
        ws,
        meeting_id=meeting_id,
        theme=getattr(args, "theme", None),
        resume_command=resume_command(args),
        temporary=temporary,
        queues=queues,
    )
    try:
        app.run()
    finally:
        ws.close()
    if app.unsaved_at_exit:
        # The last resort: neither the database nor the recovery file could take these.
        print(
            "reviewtui: these could not be saved (the disk is full?); copy them now:",
            file=sys.stderr,
        )
        for change in app.unsaved_at_exit:
            print(f"  {one_line(change.words)}", file=sys.stderr)
    if app.database_error is not None:
        fail(damaged_message(str(ws.location), app.database_error))
    if app.unsaved_at_exit:
        return 1
    return app.return_code or 0


def run_demo(args: argparse.Namespace) -> int:
    from reviewtui.importers.sample import load_sample

    folder: Path | None = None
    if args.db is None:
        folder = Path(tempfile.mkdtemp(prefix="reviewtui-demo-"))
        args.db = DatabaseLocation(folder / "demo.db")
    elif args.db.file is not None and os.path.lexists(args.db.file):
        fail(f"{args.db}: already exists; the demo loads into a new file (choose another --db)")
    # The temporary folder is kept only with --no-app: its path is printed for use.
    temporary = folder is not None and not args.no_app
    try:
        ws = workspace(args, create=True)
        try:
            summary = load_sample(ws)
        finally:
            ws.close()
        print(f"Sample book loaded into {one_line(str(args.db))}: {summary}")
        if args.no_app:
            return 0
        return run_app(args, temporary=temporary)
    finally:
        if temporary and folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
