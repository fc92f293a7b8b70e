"""The queues that cover the whole story, at their boundaries: long red, recovered from red,
NPS trending down, large renewals, never engaged, goals behind, every account; and the
queues chosen with Ctrl+G kept for the series."""

from __future__ import annotations

from typing import Any

import pendulum
import pytest
from segment_oracle import evaluate, evaluate_segment

from reviewtui.domain.segment_files import load_segments as load_segment_files
from reviewtui.services import segments as service
from reviewtui.services.meeting import start_meeting
from reviewtui.services.workspace import Workspace
from reviewtui.store.accounts import add_snapshots, upsert_account

AS_OF = pendulum.date(2026, 11, 26)
ACTIVE_GONE = {"lifecycle": "churned"}


def day(offset: int) -> str:
    return AS_OF.add(days=offset).isoformat()


class Book:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def add(self, name: str, *snaps: dict[str, Any], **fields: object) -> int:
        account_id = upsert_account(self.ws.db, {"name": name, **fields}, self.ws.clock.now())
        add_snapshots(self.ws.db, {account_id: list(snaps)})
        return account_id

    def names(self, segment_id: str) -> list[str]:
        queue = evaluate_segment(self.ws, segment_id, as_of=AS_OF)
        found = service.account_names(self.ws, queue.account_ids)
        names = [found[i] for i in queue.account_ids]
        # The pure-Python reading of the same rule agrees, order included.
        rows = self.ws.db.query("SELECT * FROM accounts")
        history: dict[int, list[dict[str, Any]]] = {}
        for snap in self.ws.db.query("SELECT * FROM metric_snapshots ORDER BY as_of"):
            history.setdefault(snap["account_id"], []).append(snap)
        segments, _ = load_segment_files()  # the validated models, as the files define them
        ids = evaluate(segments[segment_id], rows, history, AS_OF)
        assert ids == list(queue.account_ids)
        return names


@pytest.fixture
def book(ws: Workspace) -> Book:
    return Book(ws)


@pytest.mark.parametrize("days", [30, 60, 90])
def test_red_for_more_than_n_days(book: Book, days: int) -> None:
    book.add("Exactly N", status="red", status_changed_on=day(-days))
    book.add("N plus one", status="red", status_changed_on=day(-days - 1))
    book.add("A year", status="red", status_changed_on=day(-365))
    book.add("Yellow long", status="yellow", status_changed_on=day(-365))
    book.add("Unknown since", status="red")
    book.add("Gone", status="red", status_changed_on=day(-365), **ACTIVE_GONE)
    assert book.names(f"red-{days}") == ["A year", "N plus one"]


def test_recovered_from_red_within_60_days(book: Book) -> None:
    book.add(
        "To green",
        {"as_of": day(-70), "status": "red"},
        {"as_of": day(-60), "status": "green"},
        status="green",
        arr_cents=100,
    )
    book.add(
        "Too long ago",
        {"as_of": day(-90), "status": "red"},
        {"as_of": day(-61), "status": "yellow"},
        status="yellow",
    )
    book.add(
        "To yellow",
        {"as_of": day(-20), "status": "red"},
        {"as_of": day(0), "status": "yellow"},
        status="yellow",
        arr_cents=200,
    )
    book.add(
        "Relapsed",
        {"as_of": day(-20), "status": "red"},
        {"as_of": day(-10), "status": "yellow"},
        {"as_of": day(-1), "status": "red"},
        status="red",
    )
    book.add(
        "Yellow to green",
        {"as_of": day(-20), "status": "yellow"},
        {"as_of": day(-10), "status": "green"},
        status="green",
    )
    book.add(
        "After as_of",
        {"as_of": day(-20), "status": "red"},
        {"as_of": day(1), "status": "green"},
        status="green",
    )
    assert book.names("improved-from-red") == ["To yellow", "To green"]


def test_nps_trending_down_by_ten_or_more(book: Book) -> None:
    book.add("Down ten", {"as_of": day(-30), "nps": 40}, {"as_of": day(0), "nps": 30}, nps=30)
    book.add("Down nine", {"as_of": day(-30), "nps": 40}, {"as_of": day(0), "nps": 31}, nps=31)
    book.add("Up", {"as_of": day(-30), "nps": 0}, {"as_of": day(0), "nps": 50}, nps=50)
    book.add("One reading", {"as_of": day(0), "nps": -50}, nps=-50)
    assert book.names("nps-down") == ["Down ten"]


def test_renewals_in_90_days_over_100k(book: Book) -> None:
    big = 10_000_000
    book.add("Day 90 at 100k", renewal_date=day(90), arr_cents=big)
    book.add("Day 91", renewal_date=day(91), arr_cents=big * 3)
    book.add("Just under", renewal_date=day(10), arr_cents=big - 1)
    book.add("Today", renewal_date=day(0), arr_cents=big * 2)
    book.add("Passed", renewal_date=day(-1), arr_cents=big * 2)
    assert book.names("renewal-large") == ["Today", "Day 90 at 100k"]


def test_never_engaged_means_no_date_at_all(book: Book) -> None:
    book.add("Never", client_since=day(-400))
    book.add("Long silent", last_engaged=day(-400))
    book.add("Never, churned", **ACTIVE_GONE)
    assert book.names("never-engaged") == ["Never"]
    assert "Long silent" in book.names("silent-60") and "Never" not in book.names("silent-60")


def test_goals_behind_or_stalled(book: Book) -> None:
    book.add("Missing", goals="missing", arr_cents=5)
    book.add(
        "Stalled",
        {"as_of": day(-30), "usage": 50},
        {"as_of": day(0), "usage": 45},
        goals="on track",
        arr_cents=3,
    )
    book.add(
        "Slight dip",
        {"as_of": day(-30), "usage": 50},
        {"as_of": day(0), "usage": 46},
        goals="on track",
    )
    book.add("Achieved", goals="achieved")
    assert book.names("goals-behind") == ["Missing", "Stalled"]


def test_every_account_in_scope_by_name(book: Book) -> None:
    book.add("beta")
    book.add("Alpha")
    book.add("Gone", **ACTIVE_GONE)
    assert book.names("all-accounts") == ["Alpha", "beta"]


def test_the_queues_chosen_are_kept_for_the_series(ws: Workspace) -> None:
    first = start_meeting(ws, "book-of-business", series="Ana's book")
    queues = next(i for i in first.items if i.kind == "queues")
    assert list(queues.segments) == ["red", "renewal-120", "health-over-80", "goals-achieved"]
    first.apply(first.clock.goto(queues.id))
    first.apply(first.record.choose_queues(["never-engaged", "all-accounts"]))
    assert first.meeting.series_id is not None
    first.apply(
        first.change(
            "series.queues",
            series_id=first.meeting.series_id,
            segments=["never-engaged", "all-accounts"],
        )
    )
    ws.clock.advance(minutes=60)  # type: ignore[attr-defined]
    first.apply(first.closing.close(override_reason="test"))
    later = start_meeting(ws, "book-of-business", series="Ana's book")
    chosen = next(i for i in later.items if i.kind == "queues").segments
    assert list(chosen) == ["never-engaged", "all-accounts"]
    other = start_meeting(ws, "book-of-business", series="Bo's book")
    assert next(i for i in other.items if i.kind == "queues").segments[0] == "red"
