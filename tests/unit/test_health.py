"""Data-health flags: jumps between snapshots, low health, falling usage; and the service that
collects them for a book, most severe first."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pendulum
import pytest
from health_oracle import health_flags, jumps, low_health, usage_decline
from hostile import HOSTILE_TEXTS

from reviewtui.domain.health import HIGH, MEDIUM
from reviewtui.services.health import health_scan
from reviewtui.services.workspace import Workspace
from reviewtui.store.accounts import Snapshot, add_snapshots, upsert_account


def snap(when: str | dt.date, **metrics: Any) -> Snapshot:
    values: dict[str, Any] = dict.fromkeys(
        (
            "health",
            "usage",
            "nps",
            "arr_cents",
            "status",
            "spend_cents",
            "cost_per_lead_cents",
            "leads",
        )
    )
    values.update(metrics)
    day = dt.date.fromisoformat(when) if isinstance(when, str) else when
    return Snapshot(as_of=pendulum.date(day.year, day.month, day.day), **values)


# -- jumps -------------------------------------------------------------------------------


def test_cost_per_lead_jump_reads_as_a_sentence() -> None:
    history = [
        snap("2026-11-02", cost_per_lead_cents=410),
        snap("2026-11-06", cost_per_lead_cents=4182),
    ]
    [flag] = jumps(history)
    assert flag.message == "cost per lead up 10.2x between 2 Nov and 6 Nov ($4.10 to $41.82)"
    assert (flag.kind, flag.metric, flag.severity) == ("jump", "cost_per_lead_cents", HIGH)
    assert flag.as_of == pendulum.date(2026, 11, 6)


def test_a_jump_must_be_more_than_the_factor() -> None:
    exactly = [snap("2026-10-01", spend_cents=1000), snap("2026-11-01", spend_cents=3000)]
    assert jumps(exactly) == []
    just_over = [snap("2026-10-01", spend_cents=1000), snap("2026-11-01", spend_cents=3001)]
    [flag] = jumps(just_over)
    assert flag.message.startswith("spend up 3.0x") and flag.severity == MEDIUM
    assert jumps(exactly, factor=2.5)[0].message.startswith("spend up 3.0x")
    with pytest.raises(ValueError, match="more than 1"):
        jumps(exactly, factor=1)


def test_falls_count_too_and_zero_is_called_out() -> None:
    history = [
        snap("2026-09-01", leads=400, usage=0),
        snap("2026-10-01", leads=100, usage=12),
        snap("2026-11-01", leads=0, usage=12),
    ]
    messages = sorted(f.message for f in jumps(history))
    assert messages == [
        "leads down 4.0x between 1 Sep and 1 Oct (400 to 100)",
        "leads down to zero between 1 Oct and 1 Nov (100 to 0)",
        "usage up from zero between 1 Sep and 1 Oct (0 to 12)",
    ]
    assert all(f.severity == HIGH for f in jumps(history) if "zero" in f.message)
    assert math.isinf(next(f.score for f in jumps(history) if "zero" in f.message))


def test_empty_values_are_skipped_and_order_of_input_does_not_matter() -> None:
    history = [
        snap("2026-11-06", health=90),
        snap("2025-12-28", health=20),
        snap("2026-01-04"),  # no health: the pair 28 Dec -> 6 Nov is not consecutive
    ]
    assert jumps(history) == []
    crossing = [snap("2026-01-04", health=90), snap("2025-12-28", health=20)]
    [flag] = jumps(crossing)
    assert flag.message == "health up 4.5x between 28 Dec 2025 and 4 Jan 2026 (20 to 90)"


# -- low health --------------------------------------------------------------------------


def test_low_health_boundary_and_threshold() -> None:
    assert low_health([snap("2026-11-01", health=40)]) == []
    [flag] = low_health([snap("2026-11-01", health=39.9)])
    assert flag.message == "health 39.9 is below 40 (1 Nov)"
    assert low_health([snap("2026-11-01", health=45)], threshold=50)[0].severity == HIGH


def test_low_health_says_when_it_fell_below() -> None:
    history = [
        snap("2026-09-01", health=52),
        snap("2026-10-01", health=35),
        snap("2026-11-01", health=30),
        snap("2026-11-05"),  # no score: the latest known one counts
    ]
    [flag] = low_health(history)
    assert flag.message == "health fell below 40 between 1 Sep and 1 Oct (52 to 35); now 30"
    always = [snap("2026-10-01", health=20), snap("2026-11-01", health=10)]
    assert low_health(always)[0].message == (
        "health 10 is below 40; it has been below since at least 1 Oct"
    )
    assert low_health([]) == [] and low_health([snap("2026-11-01")]) == []


# -- falling usage -----------------------------------------------------------------------


def test_usage_falling_three_snapshots_running() -> None:
    three = [snap(f"2026-{m:02d}-01", usage=u) for m, u in ((8, 80), (9, 70), (10, 60), (11, 50))]
    [flag] = usage_decline(three)
    assert flag.message == "usage dropped 3 snapshots in a row between 1 Aug and 1 Nov (80% to 50%)"
    assert flag.severity == MEDIUM
    assert usage_decline(three[1:]) == []  # only two drops
    assert usage_decline(three[1:], run=2) != []


def test_usage_run_is_broken_by_a_flat_or_rising_step_or_a_gap() -> None:
    flat = [
        snap(f"2026-{m:02d}-01", usage=u)
        for m, u in ((7, 90), (8, 80), (9, 80), (10, 60), (11, 50))
    ]
    assert usage_decline(flat) == []
    gap = [
        snap(f"2026-{m:02d}-01", usage=u)
        for m, u in ((7, 90), (8, 80), (9, None), (10, 60), (11, 50))
    ]
    assert usage_decline(gap) == []
    earlier = [
        snap(f"2026-{m:02d}-01", usage=u)
        for m, u in ((7, 90), (8, 80), (9, 70), (10, 60), (11, 65))
    ]
    assert usage_decline(earlier) == []  # it fell, then recovered: not falling now


def test_a_long_steep_slide_is_counted_and_severe() -> None:
    slide = [
        snap(f"2026-{m:02d}-01", usage=u)
        for m, u in ((6, 100), (7, 90), (8, 70), (9, 50), (10, 40), (11, 30))
    ]
    [flag] = usage_decline(slide)
    assert "dropped 5 snapshots in a row" in flag.message and flag.severity == HIGH


def test_all_flags_for_one_account_most_severe_first() -> None:
    history = [
        snap("2026-08-01", health=70, usage=80),
        snap("2026-09-01", health=60, usage=70),
        snap("2026-10-01", health=50, usage=60, spend_cents=100),
        snap("2026-11-01", health=35, usage=55, spend_cents=400),
    ]
    kinds = [(f.kind, f.severity) for f in health_flags(history)]
    assert kinds == [("low-health", HIGH), ("usage-decline", MEDIUM), ("jump", MEDIUM)]


# -- the service over a book -------------------------------------------------------------


def _account(ws: Workspace, name: str, rows: list[dict[str, Any]], **fields: Any) -> int:
    account_id = upsert_account(ws.db, {"name": name, **fields}, ws.clock.now())
    add_snapshots(ws.db, {account_id: rows})
    return account_id


def test_flags_for_a_book_sorted_by_severity_with_as_of_and_scope(ws: Workspace) -> None:
    today = ws.clock.today()
    _account(
        ws,
        "Steady",
        [{"as_of": today.subtract(months=m), "health": 70, "usage": 60} for m in range(4)],
        owner="Ana",
    )
    _account(
        ws,
        "Sinking",
        [
            {"as_of": today.subtract(months=3 - m), "usage": 50 - 10 * m, "health": 45}
            for m in range(4)
        ],
        owner="Ana",
    )
    _account(
        ws,
        "Broke tomorrow",
        [
            {"as_of": today.subtract(days=1), "health": 80},
            {"as_of": today.add(days=1), "health": 10},
        ],
        owner="Bo",
    )
    _account(ws, "Left us", [{"as_of": today, "health": 5}], lifecycle="churned", owner="Ana")
    _account(ws, "Low", [{"as_of": today, "health": 12}], owner="Bo")

    scan = health_scan(ws)
    assert [(f.account_name, f.flag.kind) for f in scan.flags] == [
        ("Low", "low-health"),
        ("Sinking", "usage-decline"),
    ]
    assert (scan.total, scan.accounts, scan.truncated) == (2, 2, False)
    assert [f.account_name for f in health_scan(ws, "csm:ana").flags] == ["Sinking"]
    later = health_scan(ws, as_of=today.add(days=1)).flags
    assert ("Broke tomorrow", "low-health") in [(f.account_name, f.flag.kind) for f in later]
    assert "Left us" in [f.account_name for f in health_scan(ws, include_churned=True).flags]
    short = health_scan(ws, limit=1)
    assert [f.account_name for f in short.flags] == ["Low"]
    assert (short.total, short.accounts, short.truncated) == (2, 2, True)


def test_hostile_account_names_come_back_as_plain_data(ws: Workspace) -> None:
    today = ws.clock.today()
    names = [t for t in HOSTILE_TEXTS if t.strip()][:8]
    for n, name in enumerate(names):
        _account(ws, f"{name} #{n}", [{"as_of": today, "health": 10 + n}])
    flags = health_scan(ws).flags
    assert [f.account_name for f in flags] == [f"{name} #{n}" for n, name in enumerate(names)]


def test_the_scan_refuses_a_factor_or_run_the_checks_refuse(ws: Workspace) -> None:
    with pytest.raises(ValueError, match="more than 1"):
        health_scan(ws, factor=1)
    with pytest.raises(ValueError, match="at least 1"):
        health_scan(ws, run=0)
