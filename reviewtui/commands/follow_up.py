"""`reviewtui actions` and `reviewtui report`: who owes what, and how the reviews are going."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from reviewtui.commands.common import fail, iso_date, workspace
from reviewtui.domain.text import counted, json_text

if TYPE_CHECKING:
    from reviewtui.services.reporting import ActionLine, Report

SHOWN = 20


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    actions = sub.add_parser(
        "actions",
        parents=[common],
        help="list actions across all meetings",
        description="List actions from every meeting: owner, due date, status, how many days"
        " overdue and how many times carried to a later meeting. A carried action shows once,"
        " as its latest version.",
    )
    actions.add_argument(
        "--owner",
        metavar="NAME",
        help="only these owners' actions (the start of a name: priya finds Priya Raman)",
    )
    # LISTED_ACTION_STATUSES (domain/models.py), spelt out: the parser is built without pendulum.
    actions.add_argument("--status", choices=("open", "done", "dropped"), help="only this status")
    actions.add_argument(
        "--overdue", action="store_true", help="only open actions past their due date"
    )
    actions.add_argument(
        "--as-of", type=iso_date, metavar="DATE", help="count overdue days to DATE (default: today)"
    )
    shape = actions.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="print JSON")
    shape.add_argument("--csv", action="store_true", help="print CSV (safe for spreadsheets)")
    actions.set_defaults(func=run_actions)

    report = sub.add_parser(
        "report",
        parents=[common],
        help="follow-through, timeboxes, attendance and coverage",
        description="How the reviews are going: actions done by their due date (per owner),"
        " open actions by age, actions carried twice or more, planned against spent time per"
        " section and template, attendance against the templates' rules, insight coverage"
        " and accounts not reviewed lately.",
    )
    report.add_argument(
        "--since", type=iso_date, metavar="DATE", help="start of the window (default: everything)"
    )
    report.add_argument(
        "--as-of", type=iso_date, metavar="DATE", help="end of the window (default: today)"
    )
    report.add_argument(
        "--scope",
        metavar="SCOPE",
        help="measure insight and review coverage over csm:NAME, team:NAME or account:NAME"
        " (default: every account)",
    )
    report.add_argument("--json", action="store_true", help="print JSON")
    report.set_defaults(func=run_report)


def _action_json(line: ActionLine) -> dict[str, Any]:
    a = line.action
    return {
        "id": a.id,
        "title": a.title,
        "owner": a.owner,
        "due": a.due.isoformat() if a.due else None,
        "status": a.status,
        "days_overdue": line.days_overdue,
        "times_carried": a.times_carried,
        "meeting_id": a.meeting_id,
        "meeting": line.meeting_title,
        "account": a.account_name,
        "created_at": a.created_at.in_timezone("UTC").to_iso8601_string(),
        "completed_at": (
            a.completed_at.in_timezone("UTC").to_iso8601_string() if a.completed_at else None
        ),
    }


ACTION_CSV_HEADER = (
    "id",
    "title",
    "owner",
    "due",
    "status",
    "days_overdue",
    "times_carried",
    "meeting_id",
    "meeting",
    "account",
)


def run_actions(args: argparse.Namespace) -> int:
    from reviewtui.domain.models import ActionStatus
    from reviewtui.domain.text import one_line
    from reviewtui.exporters.csv_export import render_csv
    from reviewtui.services.reporting import list_action_lines

    if args.overdue and args.status not in (None, ActionStatus.OPEN):
        fail("--overdue lists open actions; it cannot be combined with --status " + args.status)
    ws = workspace(args)
    try:
        lines = list_action_lines(
            ws, owner=args.owner, status=args.status, overdue=args.overdue, as_of=args.as_of
        )
    finally:
        ws.close()
    if args.json:
        document = [_action_json(line) for line in lines]
        print(json_text(json.dumps(document, ensure_ascii=False, indent=2)))
        return 0
    if args.csv:
        rows = [
            (
                line.action.id,
                line.action.title,
                line.action.owner,
                line.action.due,
                line.action.status,
                line.days_overdue,
                line.action.times_carried,
                line.action.meeting_id,
                line.meeting_title,
                line.action.account_name,
            )
            for line in lines
        ]
        sys.stdout.write(render_csv(ACTION_CSV_HEADER, rows))
        return 0
    if not lines:
        print("No actions match.")
        return 0
    for line in lines:
        a = line.action
        due = a.due.isoformat() if a.due else "no date"
        late = f" {line.days_overdue}d late" if line.days_overdue else ""
        carried = f" carried {a.times_carried}x" if a.times_carried else ""
        owner = one_line(a.owner or "(no owner)", 16)
        print(f"{a.id:>5}  {due:<10}{late:<9} {owner:<16} {a.status:<7}{carried}".rstrip())
        where = [one_line(line.meeting_title or f"meeting {a.meeting_id}", 60)]
        if a.account_name:
            where.insert(0, one_line(a.account_name, 30))
        print(f"       {one_line(a.title, 72)}")
        print(f"       {' · '.join(where)}")
    open_count = sum(1 for line in lines if line.action.status == ActionStatus.OPEN)
    overdue = sum(1 for line in lines if line.days_overdue)
    print(f"{counted(len(lines), 'action')}, {open_count} open, {overdue} overdue")
    return 0


def run_report(args: argparse.Namespace) -> int:
    from reviewtui.services.reporting import build_report, report_as_dict
    from reviewtui.services.scopes import check_scope

    ws = workspace(args)
    try:
        scope = check_scope(ws, args.scope)
        report = build_report(ws, since=args.since, as_of=args.as_of, scope=scope)
    except ValueError as error:
        fail(str(error))
    finally:
        ws.close()
    if args.json:
        print(json_text(json.dumps(report_as_dict(report), ensure_ascii=False, indent=2)))
    else:
        _print_report(report)
    return 0


def _print_report(report: Report) -> None:
    from reviewtui.services.report_text import report_lines

    for line in report_lines(report, SHOWN):
        print(line)
