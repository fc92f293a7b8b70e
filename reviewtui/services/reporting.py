"""The follow-up report and the action list: what meetings promised, and what came of it.

Both return plain dataclasses (no text formatting) so the command line and a screen can
show them their own way. Dates are the user's local dates (the workspace time zone).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

import pendulum

from reviewtui.domain import expected_roles as roles
from reviewtui.domain.models import Action, ActionStatus, days_past_due
from reviewtui.domain.names import fold
from reviewtui.domain.reporting.attendance import (
    AttendanceFact,
    AttendanceReport,
    Rule,
    attendance,
)
from reviewtui.domain.reporting.coverage import (
    AccountFact,
    InsightCoverage,
    ReviewCoverage,
    insight_coverage,
    review_coverage,
)
from reviewtui.domain.reporting.follow_through import (
    ActionFact,
    AgeBucket,
    FollowThrough,
    Rate,
    carried_often,
    follow_through,
    open_by_age,
)
from reviewtui.domain.reporting.timeboxes import AgendaFact, Timebox, TimeboxReport, timebox
from reviewtui.domain.reporting.window import in_window
from reviewtui.domain.scope import Scope
from reviewtui.services.series_cadence import SeriesStatus, series_statuses
from reviewtui.services.workspace import Workspace
from reviewtui.store import actions as action_store
from reviewtui.store import meetings as meeting_store
from reviewtui.store import reports as report_store
from reviewtui.store.convert import instant, parse_day, parse_instant
from reviewtui.store.segments import resolve_scope


@dataclass(frozen=True)
class Report:
    as_of: pendulum.Date
    since: pendulum.Date | None
    follow_through: FollowThrough
    open_by_age: list[AgeBucket]
    carried: list[ActionFact]
    timebox: TimeboxReport
    attendance: AttendanceReport
    insights: InsightCoverage
    reviews: ReviewCoverage
    cadence: list[SeriesStatus] = field(default_factory=list)


@dataclass(frozen=True)
class ActionLine:
    """One action as the action list shows it."""

    action: Action
    meeting_title: str | None
    days_overdue: int


def _local_day(ws: Workspace, value: str | None) -> pendulum.Date | None:
    moment = parse_instant(value)
    return moment.in_timezone(ws.tz).date() if moment is not None else None


def _required_day(ws: Workspace, value: str) -> pendulum.Date:
    found = _local_day(ws, value)
    assert found is not None
    return found


def build_report(
    ws: Workspace,
    since: pendulum.Date | None = None,
    as_of: pendulum.Date | None = None,
    scope: Scope | None = None,
) -> Report:
    """The whole follow-up report for the window `since`..`as_of` (default: today). Insight
    and review coverage are measured over the accounts in `scope` (default: every account)."""
    today = as_of or ws.clock.today()
    if since is not None and since > today:
        raise ValueError(f"--since {since.isoformat()} is after the as-of date {today.isoformat()}")
    actions = [
        ActionFact(
            id=r["id"],
            title=r["title"],
            owner=r["owner"],
            due=parse_day(r["due"]),
            status=r["status"],
            created_on=_required_day(ws, r["created_at"]),
            first_created_on=_required_day(ws, r["first_created_at"]),
            completed_on=_local_day(ws, r["completed_at"]),
            times_carried=r["times_carried"],
            meeting_id=r["meeting_id"],
            account=r["account"],
            promised=parse_day(r["promised_due"]),
        )
        for r in report_store.action_rows(ws.db)
    ]
    actions = [a for a in actions if a.created_on <= today]
    agenda = [
        AgendaFact(
            meeting_id=r["meeting_id"],
            template=r["template"],
            title=r["title"],
            planned_seconds=r["planned_seconds"],
            actual_seconds=r["actual_seconds"],
        )
        for r in report_store.agenda_rows(ws.db)
        if in_window(_required_day(ws, r["started_at"]), since, today)
    ]
    attended = [
        AttendanceFact(
            meeting_id=r["meeting_id"],
            template=r["template"],
            held_on=_required_day(ws, r["started_at"]),
            person=r["person"],
            role=r["role"],
            present=bool(r["present"]),
            person_since=_local_day(ws, r["person_since"]),
        )
        for r in report_store.attendance_rows(ws.db)
    ]
    roster = [
        (r["name"], r["role"], _local_day(ws, r["created_at"]))
        for r in report_store.people_rows(ws.db)
    ]
    rules = [
        Rule(template.id, rule.role, rule.at_least_per_month)
        for template in sorted(ws.templates.values(), key=lambda t: t.id)
        for rule in template.attendance_rules
    ]
    held = [
        roles.HeldMeeting(
            r["meeting_id"], r["template"], r["title"], _required_day(ws, r["started_at"])
        )
        for r in report_store.held_meeting_rows(ws.db)
    ]
    present: dict[int, list[str | None]] = defaultdict(list)
    for f in attended:
        if f.present:
            present[f.meeting_id].append(f.role)
    expected = {t.id: list(t.attendees) for t in ws.templates.values() if t.attendees}
    attended_report = replace(
        attendance(attended, rules, since, today, roster),
        expected=roles.expected_in(held, expected, since, today),
        missing_roles=roles.missing_roles(held, present, expected, since, today),
    )
    insights: dict[int, int] = defaultdict(int)
    for r in report_store.insight_rows(ws.db):
        if in_window(_required_day(ws, r["created_at"]), since, today):
            insights[r["account_id"]] += 1
    end = pendulum.datetime(today.year, today.month, today.day, tz=ws.tz).add(days=1)
    accounts = [
        AccountFact(
            id=r["id"],
            name=r["name"],
            owner=r["owner"],
            churned_on=parse_day(r["churned_on"]),
            last_reviewed_on=_local_day(ws, r["last_reviewed_at"]),
            insights=insights.get(r["id"], 0),
        )
        for r in report_store.account_rows(ws.db, instant(end), resolve_scope(ws.db, scope))
    ]
    return Report(
        as_of=today,
        since=since,
        follow_through=follow_through(actions, since, today),
        open_by_age=open_by_age(actions, today),
        carried=carried_often(actions),
        timebox=timebox(agenda),
        attendance=attended_report,
        insights=insight_coverage(accounts, today),
        reviews=review_coverage(accounts, today),
        cadence=series_statuses(ws, today),
    )


def owner_matches(typed: str, owner: str) -> bool:
    """`priya` matches Priya Raman: by the start of the name or of one of its words, without
    case or accents."""
    wanted = fold(typed)
    name = fold(owner)
    return name.startswith(wanted) or any(word.startswith(wanted) for word in name.split())


def list_action_lines(
    ws: Workspace,
    *,
    owner: str | None = None,
    status: str | None = None,
    overdue: bool = False,
    as_of: pendulum.Date | None = None,
) -> list[ActionLine]:
    """Actions across all meetings (the current version of carried ones), due date first.
    `overdue`: open and past due as of `as_of` (default: today)."""
    today = as_of or ws.clock.today()
    if overdue:
        if status not in (None, ActionStatus.OPEN):
            raise ValueError("overdue actions are open ones; leave out --status or use open")
        found = action_store.list_actions(ws.db, status=ActionStatus.OPEN, due_before=today)
    else:
        found = action_store.list_actions(ws.db, status=status)
    if owner:
        found = [a for a in found if a.owner and owner_matches(owner, a.owner)]
    titles: dict[int, str | None] = {}
    for meeting_id in {a.meeting_id for a in found}:
        meeting = meeting_store.get_meeting(ws.db, meeting_id)
        titles[meeting_id] = meeting.title if meeting else None
    return [
        ActionLine(a, titles.get(a.meeting_id), days_past_due(a.status, a.due, today))
        for a in found
    ]


def _day(value: pendulum.Date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _rate(rate: Rate) -> dict[str, Any]:
    return {
        "who": rate.who,
        "due": rate.due,
        "on_time": rate.on_time,
        "late": rate.late,
        "overdue": rate.overdue,
        "share": rate.share,
    }


def _timebox(t: Timebox) -> dict[str, Any]:
    return {
        "label": t.label,
        "count": t.count,
        "planned_minutes": round(t.planned_minutes, 2),
        "actual_minutes": round(t.actual_minutes, 2),
        "average_overrun_minutes": round(t.average_overrun_minutes, 2),
    }


def report_as_dict(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data (dates as ISO text, shares as 0-1 or null)."""
    ft, tb, att = report.follow_through, report.timebox, report.attendance
    return {
        "as_of": report.as_of.isoformat(),
        "since": _day(report.since),
        "follow_through": {
            "overall": _rate(ft.overall),
            "by_owner": [_rate(r) for r in ft.by_owner],
        },
        "open_by_age": [
            {"label": b.label, "min_days": b.min_days, "max_days": b.max_days, "count": b.count}
            for b in report.open_by_age
        ],
        "carried_twice_or_more": [
            {
                "id": a.id,
                "title": a.title,
                "owner": a.owner,
                "due": _day(a.due),
                "status": a.status,
                "times_carried": a.times_carried,
                "meeting_id": a.meeting_id,
                "account": a.account,
            }
            for a in report.carried
        ],
        "timebox": {
            "meetings": tb.meetings,
            "average_overrun_minutes": round(tb.average_overrun_minutes, 2),
            "by_section": [_timebox(t) for t in tb.by_section],
            "by_template": [_timebox(t) for t in tb.by_template],
        },
        "attendance": {
            "monthly": [
                {"person": m.person, "role": m.role, "month": m.month, "attended": m.attended}
                for m in att.monthly
            ],
            "rules": [
                {"template": r.template, "role": r.role, "at_least_per_month": r.at_least_per_month}
                for r in att.rules
            ],
            "breaches": [
                {
                    "person": b.person,
                    "role": b.role,
                    "template": b.template,
                    "month": b.month,
                    "attended": b.attended,
                    "required": b.required,
                    "month_complete": b.month_complete,
                }
                for b in att.breaches
            ],
            "expected_roles": [
                {"template": template, "roles": list(expected)}
                for template, expected in att.expected
            ],
            "missing_roles": [
                {
                    "meeting_id": m.meeting_id,
                    "title": m.title,
                    "template": m.template,
                    "held_on": m.held_on.isoformat(),
                    "roles": list(m.roles),
                }
                for m in att.missing_roles
            ],
        },
        "insight_coverage": {
            "in_scope": report.insights.in_scope,
            "covered": report.insights.covered,
            "share": report.insights.share,
            "target_per_account": report.insights.target_per_account,
            "short": [{"account": n, "insights": c} for n, c in report.insights.short],
        },
        "review_coverage": {
            "in_scope": report.reviews.in_scope,
            "never_reviewed": report.reviews.never_reviewed,
            "not_reviewed_within": {str(g.days): g.count for g in report.reviews.gaps},
            "not_reviewed": [
                {"account": n, "days_since_review": d} for n, d in report.reviews.not_reviewed
            ],
        },
        "cadence": [s.as_dict() for s in report.cadence],
    }
