"""`reviewtui datasette-metadata [-o FILE]`: the tables described for Datasette."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from reviewtui.commands.common import database, fail


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "datasette-metadata",
        parents=[common],
        help="print or write Datasette metadata for the database",
        description=(
            "Print Datasette metadata (JSON) for the database: what each table and column"
            " holds, labels, facets, the full-text search of notes and actions, and two canned"
            " queries. Datasette names a database after its file, so the metadata is made for"
            " the file --db (or the default) names. Use it with"
            " `datasette reviews.db -m metadata.json`."
        ),
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the metadata into FILE (replaced whole) instead of printing it",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from reviewtui.domain.text import one_line
    from reviewtui.services.datasette import metadata_text
    from reviewtui.services.private_files import write_private

    file = database(args).file
    if file is None:
        fail("a database in memory is gone when this command ends: give --db a file")
    text = metadata_text(file)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    target = Path(args.output).expanduser()
    if target.is_dir():
        fail(f"{target}: is a directory; give the path of a file to write")
    try:
        write_private(target, text)  # whole or not at all: a reader never sees half of it
    except OSError as error:
        fail(f"{target}: cannot write: {error.strerror or error}")
    print(f"Datasette metadata written to {one_line(str(target))}", file=sys.stderr)
    return 0
