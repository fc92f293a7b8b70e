"""Attendance: meetings attended per person, role and month, and the months a template's rule
("role R at least N per month") was broken."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import pendulum

from reviewtui.domain.expected_roles import MissingRoles
from reviewtui.domain.reporting.window import in_window, month_of, months_between


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
