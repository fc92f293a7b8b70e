"""Cadence: next due date, due and overdue, and adherence per period, by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewtui.domain.cadence import adherence, next_due, state

D = dt.date


@pytest.mark.parametrize(
    ("cadence", "due"),
    [
        ("weekly", D(2026, 11, 8)),
        ("bi-weekly", D(2026, 11, 15)),
        ("monthly", D(2026, 12, 1)),
        ("quarterly", D(2027, 2, 1)),
    ],
)
def test_next_due(cadence: str, due: dt.date) -> None:
    assert next_due(D(2026, 11, 1), cadence) == due  # type: ignore[arg-type]


def test_month_end_and_states_at_their_boundaries() -> None:
    assert next_due(D(2026, 1, 31), "monthly") == D(2026, 2, 28)
    last = D(2026, 11, 1)  # monthly: due 1 Dec, a 30-day wait, "due" from 7 days before
    assert state(last, "monthly", D(2026, 11, 23)) == "on track"
    assert state(last, "monthly", D(2026, 11, 24)) == "due"
    assert state(last, "monthly", D(2026, 12, 1)) == "due"
    assert state(last, "monthly", D(2026, 12, 2)) == "overdue"
    assert state(None, "weekly", D(2026, 12, 2)) == "never met"


def test_adherence_counts_periods_with_a_meeting() -> None:
    days = [D(2026, 8, 5), D(2026, 8, 20), D(2026, 10, 3)]
    # Aug, Sep, Oct, Nov counted (Nov has ended by 2 Dec); Dec is running and not yet missed.
    kept = adherence(days, "monthly", D(2026, 12, 2))
    assert (kept.periods, kept.met) == (4, 2)
    assert kept.words() == "met in 2 of 4 periods (50%)"
    # A meeting this month counts this month too.
    kept = adherence([*days, D(2026, 12, 1)], "monthly", D(2026, 12, 2))
    assert (kept.periods, kept.met) == (5, 3)
    weekly = adherence([D(2026, 11, 2), D(2026, 11, 16)], "weekly", D(2026, 11, 22))
    assert (weekly.periods, weekly.met) == (3, 2)  # weeks of 2, 9 and 16 Nov
    assert adherence([], "monthly", D(2026, 12, 2)).words() == "no meetings yet"
    future = adherence([D(2027, 1, 1)], "monthly", D(2026, 12, 2))
    assert (future.periods, future.met) == (0, 0)
