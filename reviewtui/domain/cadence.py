"""How often a series meets: when the next meeting is due, and how well the cadence was kept.

Periods: a weekly series should meet every ISO week, a bi-weekly one in every 14-day span
counted from its first meeting, a monthly one every calendar month and a quarterly one every
calendar quarter. The next meeting is due one period after the last (a week, 14 days, a
month, three months), due "soon" in the last quarter of that wait, overdue after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pendulum

Cadence = Literal["weekly", "bi-weekly", "monthly", "quarterly"]
CADENCES: tuple[Cadence, ...] = ("weekly", "bi-weekly", "monthly", "quarterly")
State = Literal["overdue", "due", "on track", "never met"]


def _date(day: dt.date) -> pendulum.Date:
    return pendulum.date(day.year, day.month, day.day)


def next_due(last: dt.date, cadence: Cadence) -> pendulum.Date:
    start = _date(last)
    if cadence == "weekly":
        return start.add(days=7)
    if cadence == "bi-weekly":
        return start.add(days=14)
    return start.add(months=1 if cadence == "monthly" else 3)


def state(last: dt.date | None, cadence: Cadence, today: dt.date) -> State:
    if last is None:
        return "never met"
    due = next_due(last, cadence)
    if today > due:
        return "overdue"
    wait = (due - _date(last)).in_days()
    return "due" if (due - _date(today)).in_days() <= wait // 4 else "on track"


def period(day: dt.date, cadence: Cadence, first: dt.date) -> tuple[int, int]:
    """The period `day` falls in, as a comparable key."""
    if cadence == "weekly":
        year, week, _ = day.isocalendar()
        return (year, week)
    if cadence == "bi-weekly":
        return (0, (day - first).days // 14)
    if cadence == "monthly":
        return (day.year, day.month)
    return (day.year, (day.month - 1) // 3)


@dataclass(frozen=True)
class Adherence:
    periods: int  # periods from the first meeting's to today's, both counted
    met: int  # of those, the periods with at least one meeting

    @property
    def share(self) -> float | None:
        return self.met / self.periods if self.periods else None

    def words(self) -> str:
        if not self.periods:
            return "no meetings yet"
        return f"met in {self.met} of {self.periods} periods ({self.met / self.periods:.0%})"


def adherence(days: Sequence[dt.date], cadence: Cadence, today: dt.date) -> Adherence:
    """In how many periods since the first meeting (to today's, counted) the series met.

    The current period counts only once it has a meeting or has ended: a month that is
    still running is not yet missed."""
    held = sorted(d for d in days if d <= today)
    if not held:
        return Adherence(0, 0)
    first = held[0]
    met = {period(d, cadence, first) for d in held}
    periods = set()
    day = first
    while day <= today:
        periods.add(period(day, cadence, first))
        day += dt.timedelta(days=1)
    current = period(today, cadence, first)
    if current not in met:
        periods.discard(current)
    return Adherence(len(periods), len(met & periods))
