"""`reviewtui segments`: every segment queue with its accounts, as of a date."""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any

from reviewtui.commands.common import fail, workspace
from reviewtui.domain.text import counted

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "segments",
        parents=[common],
        help="list segment queues and their accounts",
        description=(
            "List every segment queue (built-in and your own) with the accounts in it,"
            " in queue order, as of a date."
        ),
    )
    parser.add_argument(
        "segment",
        nargs="*",
        metavar="SEGMENT",
        help="only these segments, by id (default: every segment)",
    )
    parser.add_argument(
        "--as-of", metavar="DATE", help="evaluate as of this date, YYYY-MM-DD (default: today)"
    )
    parser.add_argument(
        "--scope", metavar="SCOPE", help="csm:NAME, team:NAME or account:NAME (default: all)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument(
        "--show",
        type=int,
        default=5,
        metavar="N",
        help="account names to show per segment in text (default 5; -1 for all)",
    )
    parser.set_defaults(func=run)


def _parse_day(text: str) -> Any:
    import pendulum

    if _ISO_DAY.match(text.strip()):
        try:
            year, month, day = (int(part) for part in text.strip().split("-"))
            return pendulum.date(year, month, day)
        except ValueError:
            pass
    fail(f"--as-of {text!r} is not a date; use YYYY-MM-DD, e.g. 2026-11-26")


def run(args: argparse.Namespace) -> int:
    from reviewtui.domain.scope import parse_scope
    from reviewtui.domain.text import one_line
    from reviewtui.services import segments as service

    as_of = _parse_day(args.as_of) if args.as_of is not None else None
    try:
        scope = parse_scope(args.scope)
    except ValueError as error:
        fail(f"--scope: {error}")
    segments, problems = service.load_segments()
    for problem in problems:
        print(f"reviewtui: warning: {one_line(problem)}", file=sys.stderr)
    if args.segment:
        unknown = [s for s in args.segment if s not in segments]
        if unknown:
            known = ", ".join(sorted(segments))
            fail(f"no segment {unknown[0]!r} (known: {known})")
        segments = {key: value for key, value in segments.items() if key in args.segment}
    ws = workspace(args)
    try:
        day = as_of or ws.clock.today()
        try:
            queues = service.evaluate_segments(ws, as_of=day, scope=scope, segments=segments)
            in_scope = service.accounts_in_scope(ws, scope)
        except service.SegmentError as error:
            fail(str(error))
        limit = None if args.json or args.show < 0 else args.show
        wanted = {i for q in queues for i in q.account_ids[:limit]}
        names = service.account_names(ws, sorted(wanted))
    finally:
        ws.close()
    if scope is not None and scope.kind != "account" and in_scope == 0:
        print(f"reviewtui: warning: no accounts in scope {one_line(str(scope))}", file=sys.stderr)
    if args.json:
        data = [
            {
                "id": q.id,
                "name": q.name,
                "order": q.order_label,
                "count": q.count,
                "accounts": [names.get(i, "") for i in q.account_ids],
            }
            for q in queues
        ]
        json.dump(data, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    what = one_line(str(scope)) if scope else "whole book"
    print(f"Segments as of {day.format('D MMM YYYY')} · {what} · {counted(in_scope, 'account')}")
    for q in queues:
        print(
            f"\n{one_line(q.id, 16):<16} {one_line(q.name, 40):<40} {q.count:>6,}"
            f"  ({one_line(q.order_label, 60)})"
        )
        shown = q.account_ids if args.show < 0 else q.account_ids[: args.show]
        if shown:
            listed = ", ".join(one_line(names.get(i, "?"), 40) for i in shown)
            rest = q.count - len(shown)
            print(f"    {listed}" + (f", … and {rest:,} more" if rest else ""))
    return 0
