"""The book table in SQL: changes computed by hand, the same as the domain's trend on random
histories, orders with empty values last, media accounts for the growth review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewtui.domain.clock import ManualClock
from reviewtui.domain.metric_lines import BY_NAME, status_since, trend
from reviewtui.services.health_data import account_health, book_order, book_page
from reviewtui.services.workspace import Workspace, open_workspace
from reviewtui.store.accounts import add_snapshots, upsert_account
from reviewtui.store.benchmarks import Benchmark, PlanRow, upsert_benchmarks, upsert_plans
from reviewtui.store.history import histories_for

TODAY = pendulum.date(2026, 12, 2)


@pytest.fixture
def book(tmp_path: Any) -> Iterator[Workspace]:
    ws = open_workspace(
        tmp_path / "b.db", clock=ManualClock("2026-12-02T12:00:00Z"), config=tmp_path / "c"
    )
    yield ws
    ws.close()


def _account(ws: Workspace, name: str, snaps: list[dict[str, Any]], **fields: Any) -> int:
    with ws.db.write():
        account_id = upsert_account(
            ws.db, {"name": name, "key": name.lower(), **fields}, ws.clock.now()
        )
        add_snapshots(ws.db, {account_id: snaps})
    return account_id


def test_changes_by_hand_and_the_order_of_the_book(book: Workspace) -> None:
    falling = _account(
        book,
        "Falling",
        [
            {"as_of": "2026-08-20", "health": 71, "usage": 50},
            {"as_of": "2026-09-20", "health": 75, "usage": "n/a"},
            {"as_of": "2026-11-20", "health": 62, "usage": 40, "spend_cents": 500_00},
        ],
        health=62,
        usage=40,
        status="red",
        status_changed_on="2026-10-14",
    )
    rising = _account(
        book,
        "rising",
        [{"as_of": "2026-10-01", "health": 40}, {"as_of": "2026-11-01", "health": 55}],
        health=55,
    )
    single = _account(book, "Single", [{"as_of": "2026-11-01", "health": 90}], health=90)
    empty = _account(book, "Empty", [])
    _account(book, "Gone", [], health=1, lifecycle="churned")
    rows = {r.account_id: r for r in book_page(book, [falling, rising, single, empty])}
    # 62 on 20 Nov against 71 on 20 Aug (the newest at least 90 days older).
    assert rows[falling].health_change == -9
    assert rows[falling].usage_change == -10  # text in a number column never counts
    assert rows[falling].spend_cents == 500_00
    assert rows[rising].health_change == 15  # shorter than 90 days: against the oldest
    assert rows[single].health_change is None and rows[empty].health_change is None
    assert book_order(book, None, "health") == [rising, falling, single, empty]
    assert book_order(book, None, "health", descending=True) == [single, falling, rising, empty]
    # Empty values last, then in the order they came in.
    assert book_order(book, None, "health_change") == [falling, rising, single, empty]
    assert book_order(book, None, "name") == [empty, falling, rising, single]
    assert book_order(book, None, "red_since")[0] == falling


def test_the_growth_review_covers_media_accounts(book: Workspace) -> None:
    media = _account(book, "Media", [], is_media=1)
    _account(book, "Other", [])
    assert book_order(book, None, "name", media_only=True) == [media]


day = st.integers(0, 400).map(lambda n: (TODAY - dt.timedelta(days=n)).isoformat())
value = st.one_of(st.none(), st.integers(-5, 100), st.just("n/a"))
status = st.sampled_from([None, "red", "yellow", "green"])


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    histories=st.lists(
        st.tuples(status, st.dictionaries(day, st.tuples(value, status), max_size=8)),
        min_size=1,
        max_size=5,
    )
)
def test_sql_changes_and_status_since_match_the_domain(
    tmp_path_factory: pytest.TempPathFactory,
    histories: list[tuple[str | None, dict[str, tuple[Any, str | None]]]],
) -> None:
    path = tmp_path_factory.mktemp("h")
    ws = open_workspace(path / "x.db", clock=ManualClock("2026-12-02T12:00:00Z"), config=path)
    try:
        ids = [
            _account(
                ws,
                f"A{n}",
                [{"as_of": d, "health": v, "status": s} for d, (v, s) in h.items()],
                status=now,
            )
            for n, (now, h) in enumerate(histories)
        ]
        rows = {r.account_id: r for r in book_page(ws, ids)}
        snaps = histories_for(ws.db, ids, TODAY, 1000)
        for account_id in ids:
            found = trend(BY_NAME["health"], snaps[account_id])
            expected = None if found is None or found.earlier is None else found.delta
            assert rows[account_id].health_change == expected
            row = rows[account_id]
            since = status_since(row.status, None, snaps[account_id], TODAY)
            assert row.status_changed_on == (since.since if since else None)
    finally:
        ws.close()


def test_one_account_lines_with_plan_and_most_specific_benchmark(book: Workspace) -> None:
    account_id = _account(
        book,
        "Lantern",
        [
            {
                "as_of": "2026-11-20",
                "spend_cents": 9_000_00,
                "cost_per_lead_cents": 40_00,
                "status": "yellow",
            },
            {
                "as_of": "2026-12-01",
                "spend_cents": 1_000_00,
                "cost_per_lead_cents": 41_82,
                "status": "yellow",
            },
        ],
        tier="enterprise",
        industry="Retail",
        status="yellow",
    )
    now = book.clock.now()
    upsert_benchmarks(
        book.db,
        [
            Benchmark("all", "", "cost_per_lead_cents", 50_00),
            Benchmark("tier", "Enterprise", "cost_per_lead_cents", 30_00),
            Benchmark("tier", "smb", "usage", 10),
        ],
        now,
    )
    upsert_plans(book.db, [PlanRow(account_id, "2026-12", "spend_cents", 15_500_00)], now)
    health = account_health(book, account_id)
    assert health is not None
    assert [b.words() for b in health.benchmarks] == [
        "cost per lead $41.82 vs benchmark $30.00 (tier Enterprise): $11.82 worse (39%)"
    ]
    # 1,000 of 15,500 ($16k, 6%) on 2 Dec (2 of 31 days: 6%): on pace.
    assert [p.words() for p in health.pacing] == [
        "spend on pace: 6% of the month's plan ($1.0k of $16k) at 6% of the month"
    ]
    assert (
        health.since is not None
        and health.since.words(TODAY) == "yellow at least since 20 Nov (12 days)"
    )
