"""`reviewtui paths`: where the settings, templates, database, minutes and recovery file live."""

from __future__ import annotations

import argparse
import json
from typing import Any


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "paths",
        parents=[common],
        help="show where settings, templates, the database and minutes live",
        description=(
            "Show where reviewtui keeps things: the config file and directory, your templates"
            " and segments, the data directory, the database in use (after --db and"
            " $REVIEWTUI_DB), the minutes, the recovery file and the cache. Nothing is opened"
            " or made."
        ),
    )
    parser.add_argument("--json", action="store_true", help="one JSON object instead of lines")
    parser.set_defaults(func=run)


def places(args: argparse.Namespace) -> dict[str, str]:
    from reviewtui.commands.common import database
    from reviewtui.services.places import cache_dir, config_dir, config_file, data_dir
    from reviewtui.services.segments import user_segments_dir

    db = database(args)
    folder = config_dir()
    return {
        "config_file": str(config_file()),
        "config_dir": str(folder),
        "templates_dir": str(folder / "templates"),
        "segments_dir": str(user_segments_dir(folder)),
        "data_dir": str(data_dir()),
        "database": str(db),
        "minutes_dir": str(db.minutes_dir),
        "recovery_file": str(db.recovery_file or ""),
        "cache_dir": str(cache_dir()),
    }


def run(args: argparse.Namespace) -> int:
    from reviewtui.domain.text import one_line

    found = places(args)
    if args.json:
        print(json.dumps(found, indent=2))
        return 0
    width = max(len(key) for key in found)
    for key, value in found.items():
        print(f"{key.replace('_', ' '):<{width}}  {one_line(value)}")
    return 0
