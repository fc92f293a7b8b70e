"""`reviewtui start`, `resume`, `abandon` and `meetings`: running and finding meetings."""

from __future__ import annotations

import argparse
from typing import Any

from reviewtui.commands.common import fail, meeting_id_type, workspace
from reviewtui.store.db import MEETING_TABLES


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    start = sub.add_parser(
        "start",
        parents=[common],
        help="start a meeting from a template and open it",
        description="Start a new meeting from a review template and open it in the app.",
    )
    start.add_argument("template", help="template id (see `reviewtui templates`)")
    start.add_argument("--series", help="the meeting series; its open actions open the meeting")
    start.add_argument(
        "--scope",
        help="csm:NAME, team:NAME or account:NAME, checked against the data (default: the"
        " series' scope when it has one, else the whole book)",
    )
    start.add_argument(
        "--attendee",
        action="append",
        default=[],
        metavar="NAME[:ROLE]",
        help="someone present (repeatable)",
    )
    start.add_argument(
        "--absent", action="append", default=[], metavar="NAME[:ROLE]", help="someone absent"
    )
    start.add_argument("--title", help="a title for the meeting")
    start.add_argument("--no-app", action="store_true", help="create the meeting and exit")
    start.set_defaults(func=run_start, opens_app=True)

    resume = sub.add_parser(
        "resume",
        parents=[common],
        help="continue an unfinished meeting",
        description="Continue the most recent unfinished meeting (or the one given).",
    )
    resume.add_argument(
        "meeting",
        nargs="?",
        type=meeting_id_type("reviewtui meetings --live"),
        help="meeting id (default: latest live)",
    )
    resume.set_defaults(func=run_resume, opens_app=True)

    abandon = sub.add_parser(
        "abandon",
        parents=[common],
        help="abandon a meeting started by mistake",
        description=(
            "Abandon an unfinished meeting started by mistake: it is kept in the database,"
            " marked abandoned with the reason, and left out of the reports and of the next"
            " meeting's carry-over. A meeting open in the app is abandoned there (Ctrl+P)."
        ),
    )
    abandon.add_argument(
        "meeting",
        type=meeting_id_type("reviewtui meetings --live"),
        help="meeting id of an unfinished meeting",
    )
    abandon.add_argument("--reason", metavar="TEXT", help="why it is abandoned (required)")
    abandon.set_defaults(func=run_abandon)

    listing = sub.add_parser(
        "meetings", parents=[common], help="list meetings", description="List meetings."
    )
    listing.add_argument("--live", action="store_true", help="only unfinished meetings")
    listing.set_defaults(func=run_list)


def _check_scope(scope: str | None) -> None:
    from reviewtui.domain.scope import parse_scope

    try:
        parse_scope(scope)
    except ValueError as error:
        fail(f"--{error}")


def run_start(args: argparse.Namespace) -> int:
    from reviewtui.services.meeting import start_meeting

    _check_scope(args.scope)
    ws = workspace(args, create=True, check=MEETING_TABLES)
    try:
        session = start_meeting(
            ws,
            args.template,
            series=args.series,
            scope=args.scope,
            attendees=args.attendee,
            absent=args.absent,
            title=args.title,
        )
    except ValueError as error:
        ws.close()
        fail(str(error))
    meeting_id = session.id
    ws.close()
    if args.no_app:
        print(meeting_id)
        return 0
    from reviewtui.commands.app import run_app

    return run_app(args, meeting_id=meeting_id)


def run_resume(args: argparse.Namespace) -> int:
    from reviewtui.services.meeting import live_meetings

    ws = workspace(args, check=MEETING_TABLES, replay=False)  # the app replays it
    live = live_meetings(ws)
    ws.close()
    if args.meeting is not None:
        if not any(m.id == args.meeting for m in live):
            fail(f"meeting {args.meeting} is not an unfinished meeting")
        meeting_id = args.meeting
    elif live:
        meeting_id = live[0].id
    else:
        fail("there is no unfinished meeting to resume")
    from reviewtui.commands.app import run_app

    return run_app(args, meeting_id=meeting_id)


def run_abandon(args: argparse.Namespace) -> int:
    from reviewtui.domain.text import one_line
    from reviewtui.services.meeting import MeetingError, abandon_meeting

    reason = one_line(args.reason or "")
    if not reason:
        fail("say briefly why the meeting is abandoned: --reason TEXT")
    ws = workspace(args, check=MEETING_TABLES)
    try:
        abandon_meeting(ws, args.meeting, reason)
    except MeetingError as error:
        fail(str(error))
    finally:
        ws.close()
    print(f"Meeting {args.meeting} abandoned: kept in the record, left out of the reports.")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from reviewtui.domain.models import MeetingStatus
    from reviewtui.domain.text import one_line
    from reviewtui.store.meetings import list_meetings

    ws = workspace(args)
    try:
        meetings = list_meetings(ws.db, status=MeetingStatus.LIVE if args.live else None)
        if not meetings:
            what = "unfinished meetings" if args.live else "meetings"
            print(f"No {what} yet; `reviewtui start TEMPLATE` or `reviewtui` starts one.")
        for m in meetings:
            when = m.started_at.in_timezone(ws.tz).format("YYYY-MM-DD HH:mm")
            status = "abandoned" if m.abandoned_at is not None else m.status
            print(f"{m.id:>5}  {status:<9}  {when}  {one_line(m.title, 60)}")
    finally:
        ws.close()
    return 0
