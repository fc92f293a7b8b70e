"""Segments: every built-in queue on hand-built books with its boundaries, the SQL held against
the pure-Python evaluator on random books, scopes, history rules, and user segment files
(bad ones, hostile ones, overrides)."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from segment_oracle import evaluate, evaluate_segment, matches
from store_reads import count_accounts

from reviewtui.domain.clock import ManualClock
from reviewtui.domain.segment_files import load_segments as load_segment_files
from reviewtui.domain.segment_files import parse_segments
from reviewtui.domain.segments import FieldCondition, Group, Segment
from reviewtui.services import segments as service
from reviewtui.services.workspace import Workspace, open_workspace
from reviewtui.store import trends
from reviewtui.store.accounts import add_snapshots, upsert_account
from reviewtui.store.people import upsert_person
from reviewtui.store.segments import RuleCompileError, ScopeFilter, compile_segment

AS_OF = pendulum.date(2026, 11, 26)
BUILTIN_IDS = [
    "new-90", "trials", "silent-30", "silent-45", "silent-60", "low-usage", "high-usage",
    "goals-achieved", "goals-missing", "red", "turned-red", "health-under-40", "health-over-80",
    "strategic", "detractors", "promoters", "expansion", "renewal-120", "churned", "renewed",
    "red-30", "red-60", "red-90", "improved-from-red", "nps-down", "renewal-large",
    "never-engaged", "goals-behind", "all-accounts",
]  # fmt: skip
BUILTINS, _BUILTIN_PROBLEMS = load_segment_files()


def day(offset: int) -> pendulum.Date:
    return AS_OF.add(days=offset)


class Book:
    """A workspace with helpers to add accounts and ask which are in a segment."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def add(self, name: str, **fields: object) -> int:
        return upsert_account(self.ws.db, {"name": name, **fields}, self.ws.clock.now())

    def snaps(self, account_id: int, *rows: dict[str, Any]) -> None:
        add_snapshots(self.ws.db, {account_id: rows})

    def ids(self, segment_id: str, as_of: dt.date = AS_OF, **kw: Any) -> list[int]:
        return list(evaluate_segment(self.ws, segment_id, as_of=as_of, **kw).account_ids)

    def names(self, segment_id: str, as_of: dt.date = AS_OF, **kw: Any) -> list[str]:
        ids = self.ids(segment_id, as_of, **kw)
        found = service.account_names(self.ws, ids)
        return [found[i] for i in ids]


@pytest.fixture
def book(ws: Workspace) -> Book:
    return Book(ws)


def user_segment(toml: str, origin: str = "test.toml") -> Segment:
    import tomllib

    found, problems = parse_segments(tomllib.loads(toml), origin, "test")
    assert problems == [] and len(found) == 1, problems
    return found[0]


# -- the built-ins load ------------------------------------------------------------------


def test_builtins_load_cleanly_with_ids_orders_and_prompts() -> None:
    assert _BUILTIN_PROBLEMS == []
    assert list(BUILTINS) == BUILTIN_IDS
    for segment in BUILTINS.values():
        assert 3 <= len(segment.prompts) <= 7
        assert segment.order and segment.order_label and segment.name


# -- each built-in at its boundaries -----------------------------------------------------


def test_renewal_120_includes_today_and_day_120_but_not_121_or_past(book: Book) -> None:
    book.add("Day 121", renewal_date=day(121))
    book.add("Day 120", renewal_date=day(120))
    book.add("Today", renewal_date=day(0))
    book.add("Yesterday", renewal_date=day(-1))
    book.add("No date")
    book.add("Churned", renewal_date=day(10), lifecycle="churned")
    book.add("Churns later", renewal_date=day(5), churned_on=day(3))
    book.add("Churned before", renewal_date=day(5), churned_on=day(-3))
    assert book.names("renewal-120") == ["Today", "Churns later", "Day 120"]


def test_health_under_40_takes_39_9_not_40_lowest_first(book: Book) -> None:
    book.add("Forty", health=40)
    book.add("Almost", health=39.9)
    book.add("Zero", health=0)
    book.add("Unknown")
    book.add("Gone", health=5, lifecycle="Churned")
    assert book.names("health-under-40") == ["Zero", "Almost"]


def test_health_over_80_is_strict_healthiest_first(book: Book) -> None:
    book.add("Eighty", health=80)
    book.add("Just over", health=80.1)
    book.add("Full", health=100)
    assert book.names("health-over-80") == ["Full", "Just over"]


@pytest.mark.parametrize("days", [30, 45, 60])
def test_silent_n_means_more_than_n_days_longest_first(book: Book, days: int) -> None:
    book.add("Exactly N", last_engaged=day(-days))
    book.add("N plus one", last_engaged=day(-days - 1))
    book.add("Long ago", last_engaged=day(-400))
    book.add("Never recorded")
    book.add("Churned", last_engaged=day(-400), lifecycle="churned")
    assert book.names(f"silent-{days}") == ["Long ago", "N plus one"]


def test_new_90_covers_the_last_90_days_only(book: Book) -> None:
    book.add("Day 90", client_since=day(-90))
    book.add("Day 91", client_since=day(-91))
    book.add("Today", client_since=day(0))
    book.add("Starts tomorrow", client_since=day(1))
    assert book.names("new-90") == ["Day 90", "Today"]


def test_trials_match_trial_poc_opt_out_ignoring_case(book: Book) -> None:
    book.add("A", lifecycle="trial", client_since=day(-50))
    book.add("B", lifecycle="POC", client_since=day(-80))
    book.add("C", lifecycle="opt-out")
    book.add("D", lifecycle="active")
    book.add("E")
    assert book.names("trials") == ["B", "A", "C"]  # longest running first, no date last


def test_usage_segments_are_strict(book: Book) -> None:
    book.add("29.9", usage=29.9)
    book.add("30", usage=30)
    book.add("80", usage=80)
    book.add("80.5", usage=80.5)
    assert book.names("low-usage") == ["29.9"]
    assert book.names("high-usage") == ["80.5"]


def test_goals_segments(book: Book) -> None:
    book.add("Won", goals="achieved", arr_cents=10)
    book.add("Won big", goals="achieved", arr_cents=1000)
    book.add("Lost", goals="missing")
    book.add("Going", goals="on track")
    book.add("Unknown")
    assert book.names("goals-achieved") == ["Won big", "Won"]
    assert book.names("goals-missing") == ["Lost"]


def test_red_is_ordered_by_arr_descending_empty_last_then_by_id(book: Book) -> None:
    book.add("Small", status="red", arr_cents=100)
    book.add("No ARR", status="red")
    book.add("Big", status="red", arr_cents=9000)
    book.add("Tie first", status="red", arr_cents=500)
    book.add("Tie second", status="red", arr_cents=500)
    book.add("Yellow", status="yellow", arr_cents=99999)
    book.add("Churned red", status="red", arr_cents=99999, lifecycle="churned")
    assert book.names("red") == ["Big", "Tie first", "Tie second", "Small", "No ARR"]


def test_turned_red_by_status_change_date(book: Book) -> None:
    book.add("Day 30", status="red", status_changed_on=day(-30))
    book.add("Day 31", status="red", status_changed_on=day(-31))
    book.add("Changed to yellow", status="yellow", status_changed_on=day(-2))
    book.add("Changes tomorrow", status="red", status_changed_on=day(1))
    assert book.names("turned-red") == ["Day 30"]


def test_turned_red_by_snapshot_history(book: Book) -> None:
    flipped = book.add("Flipped", arr_cents=5)
    book.snaps(
        flipped, {"as_of": day(-40), "status": "green"}, {"as_of": day(-10), "status": "red"}
    )
    stayed = book.add("Always red", arr_cents=4)
    book.snaps(stayed, {"as_of": day(-40), "status": "red"}, {"as_of": day(-10), "status": "red"})
    unknown = book.add("Unknown before", arr_cents=3)
    book.snaps(unknown, {"as_of": day(-40)}, {"as_of": day(-10), "status": "red"})
    early = book.add("Flipped too early", arr_cents=2)
    book.snaps(early, {"as_of": day(-60), "status": "yellow"}, {"as_of": day(-31), "status": "red"})
    future = book.add("Flips after as_of", arr_cents=1)
    book.snaps(future, {"as_of": day(-5), "status": "green"}, {"as_of": day(1), "status": "red"})
    book.add("No snapshots", status="red")
    assert book.names("turned-red") == ["Flipped"]
    # As of the day after, the late flip counts too (and the early one is still out).
    assert book.names("turned-red", as_of=day(1)) == ["Flipped", "Flips after as_of"]


def test_strategic_is_tier_or_top_ten_active_by_arr(book: Book) -> None:
    for n in range(12):
        book.add(f"Rank {n + 1:02d}", arr_cents=(100 - n) * 1000)
    book.add("Churned whale", arr_cents=10**9, lifecycle="churned")
    book.add("Small but strategic", tier="Strategic", arr_cents=1)
    book.add("No ARR but strategic", tier="strategic")
    expected = [f"Rank {n:02d}" for n in range(1, 11)]
    assert book.names("strategic") == [*expected, "Small but strategic", "No ARR but strategic"]


def test_strategic_top_ten_ranks_within_the_csm_book(book: Book) -> None:
    for n in range(12):
        book.add(f"Big {n}", arr_cents=10**8 + n, owner="Other")
    book.add("Mine small", arr_cents=10, owner="Dana")
    assert book.names("strategic", scope="csm:dana") == ["Mine small"]
    # One account scope ranks against the whole book: a small account is not top ten.
    assert book.names("strategic", scope="account:Mine small") == []


def test_nps_segments(book: Book) -> None:
    for score in (-100, -1, 0, 49, 50, 100):
        book.add(f"NPS {score}", nps=score)
    book.add("No NPS")
    assert book.names("detractors") == ["NPS -100", "NPS -1"]
    assert book.names("promoters") == ["NPS 100", "NPS 50"]


def test_expansion(book: Book) -> None:
    book.add("Yes", expansion=True, arr_cents=1)
    book.add("No", expansion=False, arr_cents=2)
    book.add("Yes and big", expansion=True, arr_cents=3)
    assert book.names("expansion") == ["Yes and big", "Yes"]


def test_churned_by_lifecycle_or_date_most_recent_first(book: Book) -> None:
    book.add("Lifecycle only", lifecycle="churned")
    book.add("Last week", churned_on=day(-7))
    book.add("Today", churned_on=day(0), lifecycle="active")
    book.add("Next month", churned_on=day(30))
    assert book.names("churned") == ["Today", "Last week", "Lifecycle only"]
    assert "Next month" in book.names("churned", as_of=day(30))


def test_renewed_within_180_days_not_churned(book: Book) -> None:
    book.add("Day 180", renewed_on=day(-180))
    book.add("Day 181", renewed_on=day(-181))
    book.add("Recently", renewed_on=day(-3))
    book.add("Renewed then left", renewed_on=day(-3), lifecycle="churned")
    book.add("Renews later", renewed_on=day(2))
    assert book.names("renewed") == ["Recently", "Day 180"]


def test_an_account_with_only_a_name_is_only_never_engaged_and_in_every_account(
    book: Book,
) -> None:
    book.add("Blank")
    found = {q.id for q in service.evaluate_segments(book.ws, as_of=AS_OF) if q.count}
    assert found == {"never-engaged", "all-accounts"}


def test_as_of_defaults_to_the_workspace_clock(book: Book) -> None:
    book.add("Renews in 100 days", renewal_date=day(100))
    assert evaluate_segment(book.ws, "renewal-120").as_of == AS_OF
    assert evaluate_segment(book.ws, "renewal-120").count == 1
    book.ws.clock.set(pendulum.datetime(2027, 3, 10, 12, tz="UTC"))  # type: ignore[attr-defined]
    assert evaluate_segment(book.ws, "renewal-120").count == 0


# -- scope, pages ------------------------------------------------------------------------


def test_scopes_csm_team_and_account(book: Book) -> None:
    book.add("Ana one", owner="Ana Silva", status="red", arr_cents=2)
    book.add("Ana two", owner="ana silva", status="red", arr_cents=1)
    book.add("Bo one", owner="Bo", status="red", arr_cents=3)
    upsert_person(book.ws.db, "Ana Silva", book.ws.clock.now(), team="East")
    assert book.names("red", scope="csm:ANA SILVA") == ["Ana one", "Ana two"]
    assert book.names("red", scope="team:east") == ["Ana one", "Ana two"]
    assert book.names("red", scope="account:bo   ONE") == ["Bo one"]
    assert book.names("red", scope="csm:Nobody") == []
    assert service.accounts_in_scope(book.ws, "csm:ana silva") == 2
    with pytest.raises(service.SegmentError, match="no account named"):
        book.names("red", scope="account:missing")
    with pytest.raises(service.SegmentError, match="csm:NAME"):
        book.names("red", scope="owner:Ana")


# -- rules over metric history (user segments) -------------------------------------------

DROPPED = """
id = "dropping"
name = "Health dropped 15+"
order = [{ field = "health", direction = "asc" }]
order_label = "lowest health first"
prompts = ["What happened?", "Who calls them?", "By when?"]
rule = { all = [{ metric = "health", change = "dropped", by = 15 }] }
"""


def test_health_dropped_by_15_since_previous_snapshot(book: Book) -> None:
    segment = user_segment(DROPPED)
    cases: dict[str, list[tuple[int, float | None]]] = {
        "Dropped 15": [(-40, 60), (-10, 45)],
        "Dropped 14.9": [(-40, 60), (-10, 45.1)],
        "Dropped then future": [(-40, 60), (-10, 40), (3, 90)],  # the future one is ignored
        "Dropped long ago": [(-90, 90), (-60, 50), (-10, 50)],
        "One snapshot": [(-10, 10)],
        "Empty latest": [(-40, 60), (-10, None)],
    }
    ids = {}
    for name, history in cases.items():
        ids[name] = book.add(name)
        book.snaps(ids[name], *({"as_of": day(d), "health": h} for d, h in history))
    found = evaluate_segment(book.ws, "dropping", as_of=AS_OF, segments={"dropping": segment})
    assert set(found.account_ids) == {ids["Dropped 15"], ids["Dropped then future"]}
    later = evaluate_segment(book.ws, "dropping", as_of=day(3), segments={"dropping": segment})
    assert set(later.account_ids) == {ids["Dropped 15"]}


def test_latest_snapshot_comparison_uses_only_snapshots_up_to_as_of(book: Book) -> None:
    segment = user_segment(swap(DROPPED, 'change = "dropped", by = 15', 'op = "<", value = 30'))
    low_now = book.add("Low now")
    book.snaps(
        low_now, {"as_of": day(-30), "usage": 90, "health": 50}, {"as_of": day(0), "health": 20}
    )
    low_later = book.add("Low later")
    book.snaps(low_later, {"as_of": day(-30), "health": 50}, {"as_of": day(5), "health": 10})
    book.add("No history", health=5)
    seg = {"dropping": segment}
    now = evaluate_segment(book.ws, "dropping", as_of=AS_OF, segments=seg)
    assert now.account_ids == (low_now,)
    # Neither has an account-level health to order by, so the queue falls back to id order.
    later = evaluate_segment(book.ws, "dropping", as_of=day(5), segments=seg)
    assert later.account_ids == (low_now, low_later)


# -- the SQL against the pure evaluator, on random books ---------------------------------

EXTRA_RULES = """
[[segments]]
id = "x-history"
name = "History mix"
order = [{ field = "usage", direction = "asc" }, { field = "nps", direction = "desc" }]
order_label = "mixed"
prompts = ["a", "b", "c"]
[segments.rule]
any = [
    { metric = "health", change = "dropped", by = 15 },
    { metric = "usage", change = "rose", by = 10 },
    { metric = "status", op = "in", value = ["red", "yellow"] },
    { metric = "nps", op = "is empty" },
]

[[segments]]
id = "x-fields"
name = "Field mix"
order = [{ field = "owner", direction = "desc" }, { field = "renewal_date", direction = "asc" }]
order_label = "mixed"
prompts = ["a", "b", "c"]
[segments.rule]
all = [
    { any = [
        { field = "tier", op = "not in", value = ["smb", "enterprise"] },
        { field = "owner", op = "=", value = "ANA" },
        { field = "tier", op = "is empty" },
    ] },
    { none = [
        { field = "health", op = ">=", value = 80 },
        { all = [
            { field = "renewal_date", op = "older than", days = 30 },
            { field = "expansion", op = "=", value = false },
        ] },
    ] },
    { field = "client_since", op = "<=", value = "today" },
]

[[segments]]
id = "x-top"
name = "Top three healthy"
order = [{ field = "health", direction = "desc" }]
order_label = "healthiest"
prompts = ["a", "b", "c"]
[segments.rule]
any = [
    { top = 3, by = "health", among = { all = [{ field = "status", op = "!=", value = "red" }] } },
    { all = [
        { field = "lifecycle", op = "is set" },
        { field = "arr_cents", op = "in", value = [0, 5000] },
    ] },
    { field = "renewal_date", op = ">", value = 2026-12-01 },
]

[[segments]]
id = "x-beside"
name = "History beside a field"
order = [{ field = "arr_cents", direction = "desc" }]
order_label = "largest"
prompts = ["a", "b", "c"]
[segments.rule]
all = [
    { field = "goals", op = "in", value = ["on track", "missing"] },
    { any = [
        { metric = "nps", op = "is empty" },
        { metric = "health", change = "dropped", by = 10 },
        { none = [{ metric = "status", op = "=", value = "green" }] },
    ] },
]
"""
CROSS_CHECKED = {
    **BUILTINS,
    **{s.id: s for s in parse_segments(__import__("tomllib").loads(EXTRA_RULES), "extra", "x")[0]},
}
OFFSETS = [
    -400,
    -181,
    -180,
    -121,
    -91,
    -90,
    -61,
    -60,
    -46,
    -45,
    -31,
    -30,
    -29,
    -1,
    0,
    1,
    119,
    120,
    121,
]
SNAP_OFFSETS = [-70, -40, -31, -30, -29, -10, -1, 0, 1, 5]


def _maybe(values: list[Any]) -> st.SearchStrategy[Any]:
    return st.sampled_from([None, *values])


dates = _maybe([day(o) for o in OFFSETS])
accounts = st.fixed_dictionaries(
    {
        "owner": _maybe(["Ana", "ana", "Bo"]),
        "arr_cents": _maybe([0, 100, 5000, 5000, 10**6, 10**7]),
        "client_since": dates,
        "renewal_date": dates,
        "health": _maybe([0, 15, 39.9, 40, 40.1, 79.9, 80, 80.1, 100]),
        "status": _maybe(["green", "yellow", "red"]),
        "status_changed_on": dates,
        "lifecycle": _maybe(["active", "churned", "Churned", "trial", "POC", "opt-out", "renewed"]),
        "last_engaged": dates,
        "nps": _maybe([-100, -1, 0, 1, 49, 50, 100]),
        "tier": _maybe(["strategic", "Strategic", "smb", "enterprise", ""]),
        "usage": _maybe([0, 29.9, 30, 30.1, 80, 80.5]),
        "goals": _maybe(["achieved", "missing", "on track"]),
        "expansion": st.booleans(),
        "churned_on": dates,
        "renewed_on": dates,
    }
)
snapshot = st.fixed_dictionaries(
    {
        "health": _maybe([10, 30, 45, 45.1, 60]),
        "usage": _maybe([5, 15, 25]),
        "nps": _maybe([-5, 40]),
        "status": _maybe(["green", "yellow", "red", "Red"]),
    }
)
histories = st.lists(
    st.tuples(st.sampled_from(SNAP_OFFSETS), snapshot), max_size=4, unique_by=lambda s: s[0]
)
books = st.lists(st.tuples(accounts, histories), max_size=14)


def write_book(
    ws: Workspace, book_rows: list[tuple[dict[str, Any], list[tuple[int, dict[str, Any]]]]]
) -> tuple[list[dict[str, Any]], dict[int, list[dict[str, Any]]]]:
    """Write a drawn book; its account rows (with ids) and each account's snapshots."""
    rows, snaps = [], {}
    with ws.db.write():  # one transaction: the writes are not what is under test
        for n, (fields, history) in enumerate(book_rows):
            row = {"name": f"Account {n} 顧客", **fields}
            row["id"] = upsert_account(ws.db, row, ws.clock.now())
            rows.append(row)
            snaps[row["id"]] = [{"as_of": day(o), **s} for o, s in history]
            add_snapshots(ws.db, {row["id"]: snaps[row["id"]]})
    return rows, snaps


# From 5 days on no drawn snapshot is later than as_of: the queues read the summaries of the
# history (store.trends), and the same rule read from the snapshots is checked too.
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    book_rows=books,
    as_of_offset=st.sampled_from([0, -30, 1, 5, 6, 31, 61, 91]),
    scope=st.sampled_from([None, "csm:ana", "csm:BO"]),
)
def test_sql_agrees_with_the_pure_evaluator(
    book_rows: list[tuple[dict[str, Any], list[tuple[int, dict[str, Any]]]]],
    as_of_offset: int,
    scope: str | None,
) -> None:
    as_of = day(as_of_offset)
    with tempfile.TemporaryDirectory() as tmp:
        ws = open_workspace(Path(tmp) / "t.db", clock=ManualClock("2026-11-26T10:00:00Z"))
        try:
            rows, snaps = write_book(ws, book_rows)
            assert trends.usable(ws.db, as_of) == (not snaps_after(snaps, as_of))
            name = scope.partition(":")[2].casefold() if scope else None
            in_scope = [r for r in rows if name is None or (r["owner"] or "").casefold() == name]
            where = service.resolve_scope(ws, scope)
            # All at once, as a queues screen asks: two connections share the segments.
            together = service.evaluate_segments(
                ws, as_of=as_of, scope=scope, segments=CROSS_CHECKED
            )
            assert [q.id for q in together] == list(CROSS_CHECKED)
            for segment, queue in zip(CROSS_CHECKED.values(), together, strict=True):
                got = evaluate_segment(
                    ws, segment.id, as_of=as_of, scope=scope, segments=CROSS_CHECKED
                ).account_ids
                expected = evaluate(segment, in_scope, snaps, as_of)
                assert list(got) == expected, segment.id
                assert list(queue.account_ids) == expected, (segment.id, "together")
                sql, params = compile_segment(segment, as_of, where, summaries=False)
                assert ws.db.column(sql, tuple(params)) == expected, (segment.id, "snapshots")
        finally:
            ws.close()


def snaps_after(snaps: dict[int, list[dict[str, Any]]], as_of: dt.date) -> bool:
    """Whether any drawn snapshot is dated after `as_of` (the summaries wait until then)."""
    return any(s["as_of"] > as_of for history in snaps.values() for s in history)


def test_matches_on_a_single_row() -> None:
    red = BUILTINS["red"].rule
    assert matches(red, {"id": 1, "status": "red"}, [], AS_OF)
    assert not matches(red, {"id": 1, "status": "red", "lifecycle": "CHURNED"}, [], AS_OF)
    assert not matches(red, {"id": 1, "status": None}, [], AS_OF)


# -- user segment files ------------------------------------------------------------------

GOOD = """
[[segments]]
id = "big-red"
name = "Big red accounts"
order = [{ field = "arr_cents", direction = "desc" }]
order_label = "largest ARR first"
prompts = ["Why red?", "Who helps?", "What next?"]
rule = { all = [{ field = "status", op = "=", value = "red" },
    { field = "arr_cents", op = ">=", value = 1000 }] }
"""


def swap(text: str, old: str, new: str) -> str:
    """`text` with `old` replaced, failing loudly if `old` is not there (so a test cannot
    quietly check an unchanged template)."""
    assert old in text, f"{old!r} is not in the template"
    return text.replace(old, new)


def _write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("rule", "field", "words"),
    [
        (
            '{ field = "health; DROP TABLE accounts", op = "<", value = 1 }',
            "rule.all[0].field",
            "unknown field",
        ),
        (
            '{ metric = "health) OR 1=1 --", op = "<", value = 1 }',
            "rule.all[0].metric",
            "unknown metric",
        ),
        (
            '{ field = "health", op = "< 1 OR 1=1 --", value = 1 }',
            "rule.all[0].op",
            "unknown operator",
        ),
        (
            '{ field = "status", op = "=", value = "red\' OR \'1\'=\'1" }',
            "rule.all[0].value",
            "is not one of",
        ),
        ('{ field = "health", op = "<", value = "40" }', "rule.all[0].value", "must be a number"),
        ('{ field = "health", op = "<", value = nan }', "rule.all[0].value", "finite"),
        ('{ field = "health", op = "within", days = 3 }', "rule.all[0].op", "does not apply"),
        ('{ field = "renewal_date", op = "within" }', "rule.all[0].days", "needs a number of days"),
        (
            '{ field = "renewal_date", op = "<", value = "next tuesday" }',
            "rule.all[0].value",
            "date like",
        ),
        ('{ top = 10, by = "name" }', "rule.all[0].by", "not a number"),
        ("{ frobnicate = 1 }", "rule.all[0]", "a condition is a table"),
        ("{ any = [] }", "rule.all[0].any", "at least 1"),
    ],
)
def test_bad_user_rules_are_named_by_file_segment_and_field(
    tmp_path: Path, rule: str, field: str, words: str
) -> None:
    bad = swap(
        swap(GOOD, 'id = "big-red"', 'id = "broken"'),
        "rule = { all = [{",
        f"rule = {{ all = [{rule}, {{",
    )
    path = _write(tmp_path / "segments", "mine.toml", GOOD + bad)
    segments, problems = load_segment_files([tmp_path / "segments"])
    assert "big-red" in segments and "broken" not in segments and "red" in segments
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}: segment 'broken': field {field!r}")
    assert words in problems[0]


def test_other_problems_name_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "segments"
    bad_toml = _write(folder, "a.toml", "id = [unclosed")
    few = _write(folder, "b.toml", swap(GOOD, '"Why red?", ', ""))
    extra = _write(
        folder,
        "c.toml",
        swap(GOOD, 'order_label = "largest ARR first"', 'order_label = "x"\ncolour = "red"'),
    )
    bad_order = _write(
        folder,
        "d.toml",
        swap(GOOD, 'field = "arr_cents", direction', 'field = "arr_cents; --", direction'),
    )
    _write(folder, "e.toml", swap(GOOD, "big-red", "fine"))
    segments, problems = load_segment_files([folder])
    assert "fine" in segments
    text = "\n".join(problems)
    assert f"{bad_toml}: not valid TOML" in text
    assert f"{few}: segment 'big-red': field 'prompts'" in text
    assert f"{extra}: segment 'big-red': field 'colour'" in text
    assert f"{bad_order}: segment 'big-red': field 'order[0].field'" in text
    assert len(problems) == 4


def test_a_single_segment_file_takes_its_id_from_the_file_name(tmp_path: Path) -> None:
    body = swap(swap(GOOD, "[[segments]]\n", ""), 'id = "big-red"\n', "")
    _write(tmp_path / "segments", "whales.toml", body)
    segments, problems = load_segment_files([tmp_path / "segments"])
    assert problems == [] and segments["whales"].name == "Big red accounts"


def test_user_segment_overrides_a_builtin_and_loads_through_the_service(
    book: Book, tmp_path: Path
) -> None:
    _write(tmp_path / "config" / "segments", "red.toml", swap(GOOD, "big-red", "red"))
    book.add("Small red", status="red", arr_cents=10)
    book.add("Large red", status="red", arr_cents=5000)
    segments, problems = service.load_segments(tmp_path / "config")
    assert problems == [] and segments["red"].name == "Big red accounts"
    found = evaluate_segment(book.ws, "red", as_of=AS_OF, config=tmp_path / "config")
    assert found.name == "Big red accounts"
    assert service.account_names(book.ws, found.account_ids) == {found.account_ids[0]: "Large red"}


def test_hostile_values_are_bound_as_data_never_spliced(book: Book) -> None:
    hostile = "x' OR '1'='1"
    segment = user_segment(
        swap(
            GOOD,
            '{ field = "status", op = "=", value = "red" },',
            f'{{ field = "tier", op = "in",'
            f' value = ["{hostile}", "[bold]\\u001b]0;PWNED\\u0007"] }}, ',
        )
    )
    sql, params = compile_segment(
        segment, AS_OF, ScopeFilter(owners=("Robert'); DROP TABLE accounts;--",))
    )
    assert hostile not in sql and "DROP" not in sql and "PWNED" not in sql
    assert hostile in params and "[bold]\x1b]0;PWNED\x07" in params
    literal = book.add("Literal", tier=hostile, arr_cents=5000)
    book.add("Other", tier="smb", arr_cents=5000)
    found = evaluate_segment(book.ws, "big-red", as_of=AS_OF, segments={"big-red": segment})
    assert found.account_ids == (literal,)
    assert count_accounts(book.ws.db) == 2  # the table is still there, untouched


def test_compiler_refuses_names_outside_the_whitelist_even_from_code() -> None:
    sneaky = FieldCondition.model_construct(field="health) OR (1=1", op="<", value=1, days=None)
    segment = BUILTINS["red"].model_copy(update={"rule": Group.model_construct(all_=[sneaky])})
    with pytest.raises(RuleCompileError, match="not a known column"):
        compile_segment(segment, AS_OF)
    bad_op = FieldCondition.model_construct(field="health", op="; DROP", value=1, days=None)
    segment = BUILTINS["red"].model_copy(update={"rule": Group.model_construct(all_=[bad_op])})
    with pytest.raises(RuleCompileError, match="not a known operator"):
        compile_segment(segment, AS_OF)


def test_rules_are_bounded_in_size(tmp_path: Path) -> None:
    deep = '{ field = "health", op = "<", value = 1 }'
    for _ in range(10):
        deep = f"{{ all = [{deep}] }}"
    text = swap(GOOD, "rule = { all = [", f"rule = {{ all = [{deep}, ")
    _write(tmp_path / "s", "deep.toml", text)
    segments, problems = load_segment_files([tmp_path / "s"])
    assert "big-red" not in segments and "nests" in problems[0]


# -- the sample book ---------------------------------------------------------------------


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[Workspace]:
    try:
        from reviewtui.importers.sample import load_sample
    except ImportError:
        pytest.skip("the sample data importer (reviewtui.importers.sample) is not there yet")
    from reviewtui.assets import sample_data_dir

    if not (sample_data_dir() / "accounts.csv").is_file():
        pytest.skip("sample_data/accounts.csv is not there yet")
    ws = open_workspace(tmp_path / "sample.db", clock=ManualClock("2026-11-26T12:00:00Z"))
    load_sample(ws)
    try:
        yield ws
    finally:
        ws.close()


def test_every_builtin_segment_has_members_in_the_sample_book(sample: Workspace) -> None:
    queues = service.evaluate_segments(sample, as_of=AS_OF)
    assert [q.id for q in queues] == BUILTIN_IDS
    empty = [q.id for q in queues if q.count == 0]
    assert empty == []
    total = service.accounts_in_scope(sample, None)
    assert all(q.count < total for q in queues)
