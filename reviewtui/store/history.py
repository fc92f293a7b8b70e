"""Metric history for many accounts at once (for data-health checks over a book)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reviewtui.store.account_filters import accounts_where
from reviewtui.store.accounts import Snapshot
from reviewtui.store.convert import parse_day
from reviewtui.store.db import Database
from reviewtui.store.segments import ScopeFilter

_CHUNK = 500  # account ids bound per query


@dataclass(frozen=True)
class AccountRef:
    id: int
    name: str
    owner: str | None


def _snapshot(row: dict) -> Snapshot:
    day = parse_day(row["as_of"])
    assert day is not None
    return Snapshot(
        as_of=day,
        health=row["health"],
        usage=row["usage"],
        nps=row["nps"],
        arr_cents=row["arr_cents"],
        status=row["status"],
        spend_cents=row["spend_cents"],
        cost_per_lead_cents=row["cost_per_lead_cents"],
        leads=row["leads"],
    )


def histories(
    db: Database,
    scope: ScopeFilter | None,
    as_of: dt.date,
    limit: int = 12,
    *,
    include_churned: bool = False,
) -> list[tuple[AccountRef, list[Snapshot]]]:
    """Each account in scope (by name) with its latest `limit` snapshots on or before
    `as_of`, oldest first. Churned accounts are left out unless asked for.

    Every row of the book becomes an object: fine for a CSM's accounts, slow for a whole
    large book (`store.health_scan` checks those in SQL)."""
    where, params = accounts_where(scope, as_of, include_churned=include_churned)
    accounts = db.query(
        f"SELECT a.id, a.name, a.owner FROM accounts a WHERE {where}"
        " ORDER BY a.name COLLATE NOCASE, a.id",
        tuple(params),
    )
    by_account = histories_for(db, [a["id"] for a in accounts], as_of, limit)
    return [(AccountRef(a["id"], a["name"], a["owner"]), by_account[a["id"]]) for a in accounts]


def histories_for(
    db: Database, account_ids: Sequence[int], as_of: dt.date, limit: int = 12
) -> dict[int, list[Snapshot]]:
    """The latest `limit` snapshots on or before `as_of` of just these accounts, oldest
    first, by account id (an account without any maps to an empty list)."""
    found: dict[int, list[Snapshot]] = {}
    unique = list(dict.fromkeys(account_ids))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        rows = db.query(
            "SELECT * FROM (SELECT s.*, row_number() OVER"
            " (PARTITION BY s.account_id ORDER BY s.as_of DESC) AS rn"
            f" FROM metric_snapshots s WHERE s.account_id IN ({marks}) AND s.as_of <= ?)"
            " WHERE rn <= ? ORDER BY account_id, as_of",
            (*chunk, as_of.isoformat(), limit),
        )
        for account_id in chunk:
            found[account_id] = []
        for r in rows:
            found[r["account_id"]].append(_snapshot(r))
    return found
