"""Trends, status history, pacing and benchmarks in words, computed by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from reviewtui.domain.metric_lines import (
    BY_NAME,
    Benchmarked,
    metric_lines,
    metric_name,
    pacing,
    status_since,
    trend,
    trend_words,
)

D = dt.date


@dataclass(frozen=True)
class Snap:
    as_of: dt.date
    health: float | None = None
    usage: float | None = None
    nps: int | None = None
    arr_cents: int | None = None
    status: str | None = None
    spend_cents: int | None = None
    cost_per_lead_cents: int | None = None
    leads: int | None = None


HEALTH = BY_NAME["health"]


def test_health_down_nine_over_three_months() -> None:
    history = [
        Snap(D(2026, 8, 20), health=71),
        Snap(D(2026, 9, 20), health=75),
        Snap(D(2026, 10, 20), health=66),
        Snap(D(2026, 11, 20), health=62),
    ]
    found = trend(HEALTH, history)
    # Latest 62 on 20 Nov; the newest value at least 90 days older is 71 on 20 Aug (92 days).
    assert found is not None and (found.latest, found.earlier, found.span_days) == (62, 71, 92)
    assert trend_words(HEALTH, found) == "health 62, down 9 over 3 months"


def test_the_ninety_day_boundary_and_a_short_history() -> None:
    exactly = [Snap(D(2026, 8, 22), health=50), Snap(D(2026, 11, 20), health=60)]  # 90 days
    assert trend(HEALTH, exactly).earlier == 50  # type: ignore[union-attr]
    short = [Snap(D(2026, 10, 1), health=50), Snap(D(2026, 10, 20), health=60)]
    found = trend(HEALTH, short)
    assert found is not None and (found.earlier, found.span_days) == (50, 19)
    assert trend_words(HEALTH, found) == "health 60, up 10 over 19 days"


def test_flat_missing_and_single_values() -> None:
    flat = [Snap(D(2026, 8, 1), health=60), Snap(D(2026, 11, 1), health=61)]
    assert trend_words(HEALTH, trend(HEALTH, flat)) == "health 61, flat over 3 months"
    gaps = [Snap(D(2026, 8, 1), health=None), Snap(D(2026, 11, 1), health=44)]
    assert trend_words(HEALTH, trend(HEALTH, gaps)) == "health 44 (one reading)"
    assert trend(HEALTH, [Snap(D(2026, 8, 1))]) is None
    assert trend_words(HEALTH, None) == "health: no data"


def test_every_metric_the_store_keeps_gets_a_line_in_order() -> None:
    history = [
        Snap(D(2026, 8, 1), 70, 50, 10, 100_000_00, "green", 10_000_00, 50_00, 200),
        Snap(D(2026, 11, 1), 60, 55, 12, 100_000_00, "yellow", 12_000_00, 150_00, 80),
    ]
    lines = metric_lines(history)
    assert [line.spec.attr for line in lines] == [
        "health",
        "usage",
        "nps",
        "arr_cents",
        "spend_cents",
        "cost_per_lead_cents",
        "leads",
    ]
    marks = {line.spec.label: line.mark for line in lines}
    # Health down is bad; cost per lead up is bad; spend moving is neither; ARR flat.
    assert marks == {
        "health": "-",
        "usage": "+",
        "NPS": "=",
        "ARR": "=",
        "spend": "~",
        "cost per lead": "-",
        "leads": "-",
    }
    words = {line.spec.label: line.words for line in lines}
    assert words["cost per lead"] == "cost per lead $150.00, up 3.0x over 3 months"
    assert words["spend"] == "spend $12k, up 20% over 3 months"
    assert lines[0].value == "60/100" and lines[4].value == "$12k/mo"


def test_red_since_from_the_recorded_change_or_the_snapshots() -> None:
    today = D(2026, 12, 2)
    since = status_since("red", D(2026, 10, 14), [], today)
    assert since is not None and since.words(today) == "red since 14 Oct (49 days)"
    history = [
        Snap(D(2026, 9, 1), status="red"),
        Snap(D(2026, 10, 1), status="yellow"),
        Snap(D(2026, 11, 1), status="red"),
        Snap(D(2026, 11, 20), status="red"),
    ]
    since = status_since("red", None, history, today)
    assert since is not None and since.words(today) == "red since 1 Nov (31 days)"
    always = status_since("yellow", None, [Snap(D(2025, 12, 1), status="yellow")], today)
    assert (
        always is not None and always.words(today) == "yellow at least since 1 Dec 2025 (366 days)"
    )
    assert status_since("green", D(2026, 1, 1), history, today) is None
    assert status_since("red", None, [Snap(D(2026, 11, 1), status="green")], today) is None


def test_spend_on_pace_at_half_the_month() -> None:
    spend = BY_NAME["spend_cents"]
    history = [
        Snap(D(2026, 10, 30), spend_cents=90_000_00),  # last month: not counted
        Snap(D(2026, 11, 8), spend_cents=20_000_00),  # the month so far, on 8 Nov
        Snap(D(2026, 11, 15), spend_cents=48_000_00),  # ... and on 15 Nov
    ]
    paced = pacing(spend, 100_000_00, history, D(2026, 11, 15))
    assert (paced.share_of_plan, paced.share_of_month) == (0.48, 0.5)
    assert paced.state == "on pace"
    assert paced.words() == (
        "spend on pace: 48% of the month's plan ($48k of $100k) at 50% of the month"
    )
    assert pacing(spend, 100_000_00, history, D(2026, 11, 30)).state == "behind plan"
    early = pacing(spend, 100_000_00, history, D(2026, 11, 7))
    assert early.actual == 0 and not early.reported
    assert (
        early.words() == "spend: no figure for this month yet (plan $100k, 23% of the month gone)"
    )
    assert pacing(spend, 30_000_00, history, D(2026, 11, 15)).state == "ahead of plan"


def test_benchmarks_in_words_with_marks_that_need_no_colour() -> None:
    cpl = Benchmarked(BY_NAME["cost_per_lead_cents"], 41_82, 30_00, "tier enterprise")
    assert cpl.mark == "✗"
    assert cpl.words() == (
        "cost per lead $41.82 vs benchmark $30.00 (tier enterprise): $11.82 worse (39%)"
    )
    usage = Benchmarked(BY_NAME["usage"], 72, 60, "all accounts")
    assert usage.mark == "✓" and usage.words().endswith("12 better (20%)")
    level = Benchmarked(BY_NAME["health"], 70.5, 70, "all accounts")
    assert level.mark == "=" and level.words().endswith(": = level")


@pytest.mark.parametrize(
    ("text", "attr"),
    [
        ("Cost per lead", "cost_per_lead_cents"),
        ("cpl", "cost_per_lead_cents"),
        ("ARR", "arr_cents"),
    ],
)
def test_metric_names_people_write(text: str, attr: str) -> None:
    assert metric_name(text) == attr
    assert metric_name("[bold]x") is None
