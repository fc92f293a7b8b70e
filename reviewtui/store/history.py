"""Metric history for many accounts at once (for data-health checks over a book)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviewtui.store.accounts import Snapshot
from reviewtui.store.convert import parse_day
from reviewtui.store.db import Database
from reviewtui.store.segments import ScopeFilter, active_where, scope_where


@dataclass(frozen=True)
class AccountRef:
    id: int
    name: str
    owner: str | None


def histories(
    db: Database,
    scope: ScopeFilter | None,
    as_of: dt.date,
    limit: int = 12,
    *,
    include_churned: bool = False,
) -> list[tuple[AccountRef, list[Snapshot]]]:
    """Each account in scope (by name) with its latest `limit` snapshots on or before
    `as_of`, oldest first. Churned accounts are left out unless asked for."""
    where, params = scope_where(scope, "a")
    if not include_churned:
        active, more = active_where(as_of, "a")
        where, params = f"{where} AND {active}", [*params, *more]
    accounts = db.query(
        f"SELECT a.id, a.name, a.owner FROM accounts a WHERE {where}"
        " ORDER BY a.name COLLATE NOCASE, a.id",
        tuple(params),
    )
    rows = db.query(
        "SELECT * FROM (SELECT s.*, row_number() OVER"
        " (PARTITION BY s.account_id ORDER BY s.as_of DESC) AS rn"
        f" FROM metric_snapshots s JOIN accounts a ON a.id = s.account_id"
        f" WHERE {where} AND s.as_of <= ?) WHERE rn <= ? ORDER BY account_id, as_of",
        (*params, as_of.isoformat(), limit),
    )
    by_account: dict[int, list[Snapshot]] = {}
    for r in rows:
        day = parse_day(r["as_of"])
        assert day is not None
        by_account.setdefault(r["account_id"], []).append(
            Snapshot(
                as_of=day,
                health=r["health"],
                usage=r["usage"],
                nps=r["nps"],
                arr_cents=r["arr_cents"],
                status=r["status"],
                spend_cents=r["spend_cents"],
                cost_per_lead_cents=r["cost_per_lead_cents"],
                leads=r["leads"],
            )
        )
    return [
        (AccountRef(a["id"], a["name"], a["owner"]), by_account.get(a["id"], [])) for a in accounts
    ]
