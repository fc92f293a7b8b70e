"""Follow-up figures from what meetings recorded: pure computations over plain records.

Every function takes its facts and an explicit `as_of` date; nothing here reads a clock or
a database. Definitions (the report shows them in these words):

- Follow-through: of the actions due in the window (due on or before `as_of`, and on or
  after `since` when given), not dropped and not handed on to a later meeting, the share
  done on or before their due date. The due date is the one first promised: carrying an
  action on with a later date, or moving its date afterwards, does not undo a miss.
- Open actions by age: open actions counted by days since the first version of the action
  was created (carrying an action on does not make it younger).
- Timebox adherence: per section title and per template, planned minutes (the timebox)
  against minutes spent, in closed meetings of the window; overrun = spent - planned.
- Attendance: meetings attended (present) per person, role and month. A template rule
  "role R at least N per month" is broken in a month where someone with role R attended
  fewer than N meetings of that template.
- Expected roles: a closed meeting whose template expects a role (`attendees`) that nobody
  present held (see domain.expected_roles).
- Insight coverage: share of accounts in scope (not churned as of `as_of`) with at least
  `INSIGHT_TARGET` insights recorded in the window.
- Review coverage: accounts in scope not reviewed in the last 30, 60 and 90 days.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pendulum

from reviewtui.domain.expected_roles import MissingRoles
from reviewtui.domain.models import ActionStatus

INSIGHT_TARGET = 2
REVIEW_WINDOWS = (30, 60, 90)
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0-7 days", 0, 7),
    ("8-14 days", 8, 14),
    ("15-30 days", 15, 30),
    ("31-60 days", 31, 60),
    ("61-90 days", 61, 90),
    ("over 90 days", 91, None),
)
NO_OWNER = "(no owner)"


# -- facts in --------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionFact:
    id: int
    title: str
    owner: str | None
    due: pendulum.Date | None
    status: str  # open, done, dropped, carried
    created_on: pendulum.Date
    first_created_on: pendulum.Date  # of the first action in its carry chain
    completed_on: pendulum.Date | None
    times_carried: int
    meeting_id: int
    account: str | None
    promised: pendulum.Date | None = None  # the date first promised (None: as `due`)

    @property
    def promised_due(self) -> pendulum.Date | None:
        return self.promised or self.due


@dataclass(frozen=True)
class AgendaFact:
    meeting_id: int
    template: str
    title: str
    planned_seconds: int
    actual_seconds: int


@dataclass(frozen=True)
class AttendanceFact:
    meeting_id: int
    template: str
    held_on: pendulum.Date
    person: str
    role: str | None
    present: bool
    person_since: pendulum.Date | None


@dataclass(frozen=True)
class Rule:
    template: str
    role: str
    at_least_per_month: int


@dataclass(frozen=True)
class AccountFact:
    id: int
    name: str
    owner: str | None
    churned_on: pendulum.Date | None
    last_reviewed_on: pendulum.Date | None
    insights: int


# -- figures out -----------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    who: str  # an owner, or "everyone"
    due: int
    on_time: int
    late: int  # done after the due date
    overdue: int  # still open past the due date

    @property
    def share(self) -> float | None:
        return self.on_time / self.due if self.due else None


@dataclass(frozen=True)
class FollowThrough:
    overall: Rate
    by_owner: list[Rate]


@dataclass(frozen=True)
class AgeBucket:
    label: str
    min_days: int
    max_days: int | None
    count: int


@dataclass(frozen=True)
class Timebox:
    label: str  # a section title or a template id
    count: int  # sections (or meetings) measured
    planned_minutes: float
    actual_minutes: float

    @property
    def average_overrun_minutes(self) -> float:
        return (self.actual_minutes - self.planned_minutes) / self.count if self.count else 0.0


@dataclass(frozen=True)
class TimeboxReport:
    by_section: list[Timebox]
    by_template: list[Timebox]
    meetings: int
    average_overrun_minutes: float  # per meeting


@dataclass(frozen=True)
class MonthlyAttendance:
    person: str
    role: str | None
    month: str  # YYYY-MM
    attended: int


@dataclass(frozen=True)
class Breach:
    person: str
    role: str
    template: str
    month: str
    attended: int
    required: int
    month_complete: bool  # False for the month `as_of` falls in


@dataclass(frozen=True)
class AttendanceReport:
    monthly: list[MonthlyAttendance]
    rules: list[Rule]
    breaches: list[Breach]
    # (template, roles expected) for the templates held in the window, and the meetings
    # where one of those roles was held by nobody present.
    expected: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    missing_roles: list[MissingRoles] = field(default_factory=list)


@dataclass(frozen=True)
class InsightCoverage:
    in_scope: int
    covered: int
    target_per_account: int
    short: list[tuple[str, int]]  # (account, insights) below the target

    @property
    def share(self) -> float | None:
        return self.covered / self.in_scope if self.in_scope else None


@dataclass(frozen=True)
class ReviewGap:
    days: int
    count: int  # accounts not reviewed in the last `days` days (never reviewed included)


@dataclass(frozen=True)
class ReviewCoverage:
    in_scope: int
    never_reviewed: int
    gaps: list[ReviewGap]
    # Accounts not reviewed in the shortest window, never-reviewed first, then longest ago:
    # (account, days since its last review, or None for never).
    not_reviewed: list[tuple[str, int | None]]


# -- computations ----------------------------------------------------------------------


def in_window(day: pendulum.Date, since: pendulum.Date | None, as_of: pendulum.Date) -> bool:
    return day <= as_of and (since is None or day >= since)


def _rate(who: str, facts: Sequence[ActionFact], as_of: pendulum.Date) -> Rate:
    def done_by(a: ActionFact) -> pendulum.Date | None:
        return a.completed_on if a.status == ActionStatus.DONE else None

    on_time = sum(
        1
        for a in facts
        if (done := done_by(a)) is not None and a.promised_due and done <= a.promised_due
    )
    late = sum(
        1
        for a in facts
        if (done := done_by(a)) is not None and a.promised_due and done > a.promised_due
    )
    overdue = sum(
        1
        for a in facts
        if a.status == ActionStatus.OPEN and a.promised_due is not None and a.promised_due < as_of
    )
    return Rate(who=who, due=len(facts), on_time=on_time, late=late, overdue=overdue)


def follow_through(
    actions: Iterable[ActionFact], since: pendulum.Date | None, as_of: pendulum.Date
) -> FollowThrough:
    counted = [
        a
        for a in actions
        if a.status in (ActionStatus.OPEN, ActionStatus.DONE)
        and a.promised_due is not None
        and in_window(a.promised_due, since, as_of)
    ]
    owners: dict[str, list[ActionFact]] = defaultdict(list)
    for a in counted:
        owners[a.owner or NO_OWNER].append(a)
    by_owner = [_rate(who, facts, as_of) for who, facts in owners.items()]
    by_owner.sort(key=lambda r: (r.share if r.share is not None else 2.0, r.who.casefold()))
    return FollowThrough(overall=_rate("everyone", counted, as_of), by_owner=by_owner)


def open_by_age(actions: Iterable[ActionFact], as_of: pendulum.Date) -> list[AgeBucket]:
    counts = [0] * len(AGE_BUCKETS)
    for a in actions:
        if a.status != ActionStatus.OPEN or a.first_created_on > as_of:
            continue
        age = (as_of - a.first_created_on).days
        for position, (_, low, high) in enumerate(AGE_BUCKETS):
            if age >= low and (high is None or age <= high):
                counts[position] += 1
                break
    return [
        AgeBucket(label, low, high, counts[position])
        for position, (label, low, high) in enumerate(AGE_BUCKETS)
    ]


def carried_often(actions: Iterable[ActionFact], at_least: int = 2) -> list[ActionFact]:
    """The current version of every action carried `at_least` times, most carried first."""
    found = [a for a in actions if a.status != ActionStatus.CARRIED and a.times_carried >= at_least]
    return sorted(found, key=lambda a: (-a.times_carried, a.due or pendulum.date(9999, 1, 1)))


def timebox(items: Iterable[AgendaFact]) -> TimeboxReport:
    sections: dict[str, list[AgendaFact]] = defaultdict(list)
    meetings: dict[int, list[AgendaFact]] = defaultdict(list)
    for item in items:
        sections[item.title].append(item)
        meetings[item.meeting_id].append(item)

    def summary(label: str, group: Sequence[AgendaFact], count: int) -> Timebox:
        return Timebox(
            label=label,
            count=count,
            planned_minutes=sum(i.planned_seconds for i in group) / 60,
            actual_minutes=sum(i.actual_seconds for i in group) / 60,
        )

    by_section = [summary(title, group, len(group)) for title, group in sections.items()]
    templates: dict[str, list[AgendaFact]] = defaultdict(list)
    template_meetings: dict[str, int] = defaultdict(int)
    for group in meetings.values():
        templates[group[0].template].extend(group)
        template_meetings[group[0].template] += 1
    by_template = [
        summary(template, group, template_meetings[template])
        for template, group in templates.items()
    ]
    by_section.sort(key=lambda t: -t.average_overrun_minutes)
    by_template.sort(key=lambda t: t.label)
    overrun = sum(t.actual_minutes - t.planned_minutes for t in by_template)
    return TimeboxReport(
        by_section=by_section,
        by_template=by_template,
        meetings=len(meetings),
        average_overrun_minutes=overrun / len(meetings) if meetings else 0.0,
    )


def month_of(day: pendulum.Date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months_between(start: pendulum.Date, end: pendulum.Date) -> list[str]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _fold(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def attendance(
    facts: Sequence[AttendanceFact],
    rules: Sequence[Rule],
    since: pendulum.Date | None,
    as_of: pendulum.Date,
    roster: Sequence[tuple[str, str | None, pendulum.Date | None]] = (),
) -> AttendanceReport:
    """`roster`: (person, role, known since) for everyone on file, so someone who holds a
    role but never came to a meeting is still held to the rule."""
    counted = [f for f in facts if in_window(f.held_on, since, as_of)]
    monthly: dict[tuple[str, str | None, str], int] = defaultdict(int)
    for f in counted:
        if f.present:
            monthly[(f.person, f.role, month_of(f.held_on))] += 1
    rows = [
        MonthlyAttendance(person, role, month, n) for (person, role, month), n in monthly.items()
    ]
    rows.sort(key=lambda r: (r.month, r.person.casefold(), r.role or ""))
    breaches: list[Breach] = []
    current = month_of(as_of)
    for rule in rules:
        held = [f for f in counted if f.template == rule.template]
        if not held:
            continue
        first = since or min(f.held_on for f in held)
        # Everyone who has held the role, with when we first knew of them.
        people: dict[str, pendulum.Date] = {}
        holders = [(f.person, f.role, f.person_since or f.held_on) for f in facts]
        holders += [(name, role, known or first) for name, role, known in roster]
        for person, role, known in holders:
            if _fold(role) == _fold(rule.role):
                people[person] = min(people.get(person, known), known)
        for person, known in sorted(people.items(), key=lambda p: p[0].casefold()):
            start = max(first, known)
            for month in months_between(start, as_of):
                attended = sum(
                    1
                    for f in held
                    if f.present and f.person == person and month_of(f.held_on) == month
                )
                if attended < rule.at_least_per_month:
                    breaches.append(
                        Breach(
                            person=person,
                            role=rule.role,
                            template=rule.template,
                            month=month,
                            attended=attended,
                            required=rule.at_least_per_month,
                            month_complete=month != current,
                        )
                    )
    return AttendanceReport(monthly=rows, rules=list(rules), breaches=breaches)


def _in_scope(account: AccountFact, as_of: pendulum.Date) -> bool:
    return account.churned_on is None or account.churned_on > as_of


def insight_coverage(
    accounts: Iterable[AccountFact], as_of: pendulum.Date, target: int = INSIGHT_TARGET
) -> InsightCoverage:
    scope = [a for a in accounts if _in_scope(a, as_of)]
    short = sorted(
        ((a.name, a.insights) for a in scope if a.insights < target),
        key=lambda s: (s[1], s[0].casefold()),
    )
    return InsightCoverage(
        in_scope=len(scope),
        covered=len(scope) - len(short),
        target_per_account=target,
        short=short,
    )


def review_coverage(
    accounts: Iterable[AccountFact],
    as_of: pendulum.Date,
    windows: Sequence[int] = REVIEW_WINDOWS,
) -> ReviewCoverage:
    scope = [a for a in accounts if _in_scope(a, as_of)]
    ages: list[tuple[str, int | None]] = [
        (a.name, (as_of - a.last_reviewed_on).days if a.last_reviewed_on else None) for a in scope
    ]
    gaps = [
        ReviewGap(days, sum(1 for _, age in ages if age is None or age > days)) for days in windows
    ]
    shortest = min(windows) if windows else 0
    not_reviewed = sorted(
        (entry for entry in ages if entry[1] is None or entry[1] > shortest),
        key=lambda e: (e[1] is not None, -(e[1] or 0), e[0].casefold()),
    )
    return ReviewCoverage(
        in_scope=len(scope),
        never_reviewed=sum(1 for _, age in ages if age is None),
        gaps=gaps,
        not_reviewed=not_reviewed,
    )


def days_overdue(status: str, due: pendulum.Date | None, as_of: pendulum.Date) -> int:
    """Whole days an open action is past its due date (0 when not overdue)."""
    if status != ActionStatus.OPEN or due is None or due >= as_of:
        return 0
    return (as_of - due).days
