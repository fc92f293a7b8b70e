"""Follow-through on actions: how many due were done on time, by owner; open actions by age;
actions carried on again and again; days overdue."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pendulum

from reviewtui.domain.models import ActionStatus
from reviewtui.domain.reporting.window import in_window

AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0-7 days", 0, 7),
    ("8-14 days", 8, 14),
    ("15-30 days", 15, 30),
    ("31-60 days", 31, 60),
    ("61-90 days", 61, 90),
    ("over 90 days", 91, None),
)
NO_OWNER = "(no owner)"


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
