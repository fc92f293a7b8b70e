"""`reviewtui series`: every series with its cadence, last and next meeting, and adherence."""

from __future__ import annotations

import argparse
import json
from typing import Any

from reviewtui.commands.common import fail, workspace
from reviewtui.store.db import MEETING_TABLES

CADENCE_CHOICES = ("weekly", "bi-weekly", "monthly", "quarterly", "none")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    series = sub.add_parser(
        "series",
        parents=[common],
        help="list meeting series: cadence, last and next meeting, due or overdue",
        description="List every meeting series with its cadence (the template's unless set),"
        " its last meeting, when the next is due, whether it is due or overdue, and in how"
        " many of its periods it met.",
    )
    series.add_argument("--json", action="store_true", help="print the list as JSON")
    series.add_argument(
        "--set-cadence",
        nargs=2,
        metavar=("SERIES", "CADENCE"),
        help=f"set a series' cadence ({', '.join(CADENCE_CHOICES)}; none: the template's)",
    )
    series.add_argument(
        "--follow",
        nargs=2,
        metavar=("SERIES", "PLANNING"),
        help="link a series (a scrum) to the planning series whose goals and open actions its"
        " meetings show (none: unlink; it then follows the latest planning series of its scope)",
    )
    series.set_defaults(func=run_series)


def run_series(args: argparse.Namespace) -> int:
    from reviewtui.domain.text import json_text, one_line
    from reviewtui.services.series_cadence import (
        SeriesError,
        series_statuses,
        set_series_cadence,
        set_series_follows,
    )

    ws = workspace(args, create=False, check=MEETING_TABLES)
    try:
        if args.set_cadence:
            name, cadence = args.set_cadence
            if cadence not in CADENCE_CHOICES:
                fail(f"--set-cadence: use one of {', '.join(CADENCE_CHOICES)}")
            try:
                set_series_cadence(ws, name, None if cadence == "none" else cadence)
            except SeriesError as error:
                fail(str(error))
        if args.follow:
            name, planning = args.follow
            try:
                set_series_follows(ws, name, None if planning == "none" else planning)
            except SeriesError as error:
                fail(str(error))
        found = series_statuses(ws)
    finally:
        ws.close()
    if args.json:
        print(json_text(json.dumps([s.as_dict() for s in found], ensure_ascii=False, indent=2)))
        return 0
    if not found:
        print("No series yet: a meeting started with --series begins one.")
        return 0
    print(f"{'series':<36} {'cadence':<10} {'last':<10} {'next due':<10} {'state':<9} kept")
    for s in found:
        kept = s.adherence.words() if s.adherence else "-"
        print(
            f"{one_line(s.name, 36):<36} {s.cadence or '-':<10}"
            f" {s.last.isoformat() if s.last else '-':<10}"
            f" {s.next_due.isoformat() if s.next_due else '-':<10}"
            f" {(s.state or '-').upper() if s.state == 'overdue' else (s.state or '-'):<9} {kept}"
        )
    return 0
