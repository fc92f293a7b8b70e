"""The data-health scan in SQL held against the pure-Python checks on random small books: the
same flags, in the same order, the same counts; a limit keeps the head of that list; and the
service explains each flag with the domain's own words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pendulum
import pytest
from health_oracle import health_flags, sort_key
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewtui.domain.clock import ManualClock
from reviewtui.domain.health import HIGH
from reviewtui.services.health import health_scan
from reviewtui.services.segments import resolve_scope
from reviewtui.services.workspace import Workspace, open_workspace
from reviewtui.store.accounts import add_snapshots, upsert_account
from reviewtui.store.health_scan import scan_health
from reviewtui.store.history import histories

AS_OF = pendulum.date(2026, 11, 26)

Flag = tuple[int, str, str, int, float, dt.date]


def week(offset: int) -> pendulum.Date:
    return AS_OF.add(weeks=offset)


def _maybe(values: list[Any]) -> st.SearchStrategy[Any]:
    return st.sampled_from([None, *values])


# Values meant to hit every edge: empty, zero, negative, equal, text, huge, the 3x and 6x
# boundaries of the default factor, and health around the thresholds used below.
AMOUNTS = [0, 0, 1, 2, 3, 3, 6, 9, 10, 10, 12.5, 30, 31, 60, 90, -4, "n/a", 2**62]
HEALTH = [0, 10, 12.5, 35, 35, 39.9, 40, 41, 80, 120, -5, "n/a"]
USAGE = [0, 0, 5, 10, 15, 15, 20, 25, 40, 80, -3, -6, "n/a"]

snapshot = st.fixed_dictionaries(
    {
        "health": _maybe(HEALTH),
        "usage": _maybe(USAGE),
        "spend_cents": _maybe(AMOUNTS),
        "cost_per_lead_cents": _maybe(AMOUNTS),
        "leads": _maybe(AMOUNTS),
    }
)


def _sliding(snaps: list[tuple[int, dict[str, Any]]], slide: bool) -> list[tuple[int, Any]]:
    """With `slide`, the usage numbers put in falling order (so long runs of drops happen)."""
    if not slide:
        return snaps
    dated = sorted(snaps, key=lambda s: s[0])
    numeric = [i for i, (_, s) in enumerate(dated) if isinstance(s["usage"], int | float)]
    falling = sorted((dated[i][1]["usage"] for i in numeric), reverse=True)
    for i, usage in zip(numeric, falling, strict=True):
        dated[i] = (dated[i][0], {**dated[i][1], "usage": usage})
    return dated


# Up to 16 weekly snapshots, some after the day of the scan.
history = st.builds(
    _sliding,
    st.lists(st.tuples(st.integers(-17, 2), snapshot), max_size=16, unique_by=lambda s: s[0]),
    st.booleans(),
)
account = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["Acme", "acme", "ACME", "Beta", "beta", "Zed"]),
        "owner": _maybe(["Ana", "ana", "Bo"]),
        "lifecycle": _maybe(["active", "churned", "Churned"]),
        "churned_on": _maybe([week(-2), week(1)]),
    }
)
books = st.lists(st.tuples(account, history), max_size=10)


@pytest.fixture(scope="module")
def memory_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = open_workspace(
        ":memory:",
        clock=ManualClock("2026-11-26T10:00:00Z"),
        config=tmp_path_factory.mktemp("config"),
    )
    try:
        yield ws
    finally:
        ws.close()


def _fill(
    ws: Workspace, book: list[tuple[dict[str, Any], list[tuple[int, dict[str, Any]]]]]
) -> None:
    with ws.db.write():
        ws.db.conn.execute("DELETE FROM accounts")
        for n, (fields, snaps) in enumerate(book):
            account_id = upsert_account(ws.db, {**fields, "key": f"k{n}"}, ws.clock.now())
            add_snapshots(ws.db, {account_id: [{"as_of": week(o), **s} for o, s in snaps]})


def _python_flags(
    ws: Workspace,
    scope: str | None,
    as_of: dt.date,
    window: int,
    include_churned: bool,
    factor: float,
    threshold: float,
    run: int,
) -> list[tuple[int, Any]]:
    """The old way: every history as objects, the domain checks, one stable sort."""
    found = []
    for ref, snaps in histories(
        ws.db, resolve_scope(ws, scope), as_of, window, include_churned=include_churned
    ):
        for flag in health_flags(snaps, factor=factor, threshold=threshold, run=run):
            found.append((ref.id, flag))
    return sorted(found, key=lambda f: sort_key(f[1]))


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    book=books,
    as_of_offset=st.sampled_from([0, -3, 1]),
    scope=st.sampled_from([None, "csm:ana"]),
    include_churned=st.booleans(),
    window=st.sampled_from([1, 2, 3, 5, 12]),
    factor=st.sampled_from([1.5, 3.0, 4.0]),
    threshold=st.sampled_from([40.0, 12.5, 35.0]),
    run=st.sampled_from([1, 2, 3]),
    limit=st.integers(0, 6),
)
def test_sql_scan_agrees_with_the_python_checks(
    memory_ws: Workspace,
    book: list[tuple[dict[str, Any], list[tuple[int, dict[str, Any]]]]],
    as_of_offset: int,
    scope: str | None,
    include_churned: bool,
    window: int,
    factor: float,
    threshold: float,
    run: int,
    limit: int,
) -> None:
    ws = memory_ws
    _fill(ws, book)
    as_of = week(as_of_offset)
    expected = _python_flags(ws, scope, as_of, window, include_churned, factor, threshold, run)
    shape: list[Flag] = [(i, f.kind, f.metric, f.severity, f.score, f.as_of) for i, f in expected]

    def scan(limit: int | None) -> Any:
        return scan_health(
            ws.db,
            resolve_scope(ws, scope),
            as_of,
            factor=factor,
            threshold=threshold,
            run=run,
            window=window,
            include_churned=include_churned,
            limit=limit,
        )

    everything = scan(None)
    got = [(r.account_id, r.kind, r.metric, r.severity, r.score, r.as_of) for r in everything.rows]
    assert got == shape
    assert everything.total == len(expected)
    assert everything.accounts == len({i for i, _ in expected})

    head = scan(limit)
    assert [(r.account_id, r.kind, r.metric, r.severity, r.score, r.as_of) for r in head.rows] == (
        shape[:limit]
    )
    assert (head.total, head.accounts) == (everything.total, everything.accounts)

    explained = health_scan(
        ws,
        scope,
        as_of=as_of,
        factor=factor,
        threshold=threshold,
        run=run,
        window=window,
        include_churned=include_churned,
        limit=None,
    )
    assert [(f.account_id, f.flag) for f in explained.flags] == expected


def test_a_big_list_is_cut_to_the_most_severe_but_all_are_counted(memory_ws: Workspace) -> None:
    ws = memory_ws
    book = [
        ({"name": f"Jumpy {n}"}, [(-2, {"leads": 10}), (-1, {"leads": 40}), (0, {"leads": 1})])
        for n in range(30)
    ]
    book.append(({"name": "Sick"}, [(0, {"health": 5})]))
    _fill(ws, book)
    scan = health_scan(ws, as_of=AS_OF, limit=3)
    assert (scan.total, scan.accounts, scan.truncated) == (61, 31, True)
    # Equal jumps on equal days: by name, ignoring case ("Jumpy 1" before "Jumpy 10").
    assert [(f.account_name, f.flag.kind, f.flag.severity) for f in scan.flags] == [
        ("Sick", "low-health", HIGH),
        ("Jumpy 0", "jump", HIGH),
        ("Jumpy 1", "jump", HIGH),
    ]
    assert scan.flags[0].message == "health 5 is below 40 (26 Nov)"
    assert scan.flags[1].message == "leads down 40.0x between 19 Nov and 26 Nov (40 to 1)"
