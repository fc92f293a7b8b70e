"""A book's metrics in one table: each account's current numbers and how they moved.

The order of the whole book is one query (ids only, so 100,000 accounts sort in SQL and a
screen fetches just the rows it shows); the rows of a page are a second query over those ids.

A metric's change is its latest value (on or before `as_of`) minus the newest value at least
`days` older than that one, or the oldest value when the history is shorter, the same reading
as `domain.metric_lines.trend`; with a single value there is no change. Text in a number
column never counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reviewtui.store.account_filters import accounts_where
from reviewtui.store.convert import parse_day
from reviewtui.store.db import Database
from reviewtui.store.segments import ScopeFilter

_CHUNK = 500
TREND_DAYS = 90

# Columns of the table: (key, SQL for its sort value, nulls). Current numbers come from the
# account; spend, cost per lead and leads only exist in snapshots.
CHANGE_METRICS = ("health", "usage", "nps")
SNAPSHOT_ONLY = ("spend_cents", "cost_per_lead_cents", "leads")
_STATUS_RANK = "CASE a.status WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 WHEN 'green' THEN 2 END"


def _number(column: str) -> str:
    return f"typeof(s.{column}) IN ('integer', 'real')"


def _latest(column: str, what: str = "") -> str:
    return (
        f"(SELECT s.{what or column} FROM metric_snapshots s WHERE s.account_id = a.id"
        f" AND s.as_of <= :as_of AND {_number(column)} ORDER BY s.as_of DESC LIMIT 1)"
    )


def _change(column: str) -> str:
    latest_day = _latest(column, "as_of")
    earlier = (
        "coalesce("
        f"(SELECT s.{column} FROM metric_snapshots s WHERE s.account_id = a.id"
        f" AND s.as_of <= date({latest_day}, :back) AND {_number(column)}"
        " ORDER BY s.as_of DESC LIMIT 1),"
        f"(SELECT s.{column} FROM metric_snapshots s WHERE s.account_id = a.id"
        f" AND s.as_of < {latest_day} AND {_number(column)} ORDER BY s.as_of LIMIT 1))"
    )
    return f"({_latest(column)} - {earlier})"


# Since when the account has had its status (red or yellow): the recorded change date, else
# the first snapshot of the latest unbroken run of snapshots with that status (the reading of
# `domain.metric_lines.status_since`).
_SINCE = (
    "CASE WHEN a.status IN ('red', 'yellow') THEN coalesce("
    "CASE WHEN a.status_changed_on <= :as_of THEN a.status_changed_on END,"
    " (SELECT min(s.as_of) FROM metric_snapshots s WHERE s.account_id = a.id"
    " AND s.as_of <= :as_of AND s.as_of > coalesce((SELECT max(t.as_of) FROM metric_snapshots t"
    " WHERE t.account_id = a.id AND t.as_of <= :as_of AND t.status IS NOT a.status), '')))"
    " END"
)

SORT_KEYS: dict[str, str] = {
    "name": "a.key",  # the name, case and spacing folded (indexed)
    "status": _STATUS_RANK,
    "red_since": _SINCE,
    "health": "a.health",
    "health_change": _change("health"),
    "usage": "a.usage",
    "usage_change": _change("usage"),
    "nps": "a.nps",
    "nps_change": _change("nps"),
    "arr_cents": "a.arr_cents",
    "spend_cents": _latest("spend_cents"),
    "cost_per_lead_cents": _latest("cost_per_lead_cents"),
    "leads": _latest("leads"),
}


@dataclass(frozen=True)
class BookRow:
    account_id: int
    name: str
    owner: str | None
    status: str | None
    status_changed_on: dt.date | None  # since when it has its status (red or yellow only)
    health: float | None
    health_change: float | None
    usage: float | None
    usage_change: float | None
    nps: int | None
    nps_change: float | None
    arr_cents: int | None
    spend_cents: float | None
    cost_per_lead_cents: float | None
    leads: float | None


def _params(as_of: dt.date, days: int) -> dict[str, object]:
    return {"as_of": as_of.isoformat(), "back": f"-{int(days)} days"}


def book_order(
    db: Database,
    scope: ScopeFilter | None,
    as_of: dt.date,
    sort: str = "health",
    descending: bool = False,
    *,
    days: int = TREND_DAYS,
    include_churned: bool = False,
    media_only: bool = False,
) -> list[int]:
    """Every account id in scope (only those we run media for with `media_only`), by `sort`
    (empty values last either way), then in the order they came in (by id, as the queues
    do: an index answers the default order of 100,000 accounts without reading the table)."""
    key = SORT_KEYS[sort]
    where, params = accounts_where(
        scope, as_of, include_churned=include_churned, media_only=media_only
    )
    # Named parameters only: the scope's positional ones are renamed.
    named = {f"p{i}": v for i, v in enumerate(params)}
    for i in range(len(params)):
        where = where.replace("?", f":p{i}", 1)
    direction = "DESC" if descending else "ASC"
    # One row holding every id: fetched row by row, 100,000 ids would hand the interpreter
    # lock back and forth with the app's thread 100,000 times while it paints.
    sql = (
        f"SELECT group_concat(id) FROM (SELECT a.id AS id FROM accounts a WHERE {where}"
        f" ORDER BY {key} {direction} NULLS LAST, a.id)"
    )
    found = db.column(sql, {**named, **_params(as_of, days)})
    text = found[0] if found else None
    return [int(part) for part in text.split(",")] if text else []


_ROW_SQL = (
    f"SELECT a.id, a.name, a.owner, a.status, {_SINCE} AS status_changed_on, a.health,"
    " a.usage, a.nps,"
    " a.arr_cents, "
    + ", ".join(f"{SORT_KEYS[f'{m}_change']} AS {m}_change" for m in CHANGE_METRICS)
    + ", "
    + ", ".join(f"{SORT_KEYS[m]} AS {m}" for m in SNAPSHOT_ONLY)
    + " FROM accounts a WHERE a.id IN ({marks})"
)


def book_rows(
    db: Database, ids: Sequence[int], as_of: dt.date, *, days: int = TREND_DAYS
) -> list[BookRow]:
    """The rows of these accounts, in the order of `ids` (unknown ids left out)."""
    found: dict[int, BookRow] = {}
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start : start + _CHUNK]
        marks = ", ".join(f":id{i}" for i in range(len(chunk)))
        bound = {**{f"id{i}": v for i, v in enumerate(chunk)}, **_params(as_of, days)}
        for r in db.query(_ROW_SQL.format(marks=marks), bound):
            found[r["id"]] = BookRow(
                account_id=r["id"],
                name=r["name"],
                owner=r["owner"],
                status=r["status"],
                status_changed_on=parse_day(r["status_changed_on"]),
                health=r["health"],
                health_change=r["health_change"],
                usage=r["usage"],
                usage_change=r["usage_change"],
                nps=r["nps"],
                nps_change=r["nps_change"],
                arr_cents=r["arr_cents"],
                spend_cents=r["spend_cents"],
                cost_per_lead_cents=r["cost_per_lead_cents"],
                leads=r["leads"],
            )
    return [found[i] for i in ids if i in found]
