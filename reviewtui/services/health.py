"""Data-health flags for the accounts in a meeting's scope, most severe first.

The book is checked in SQL (`store.health_scan`), the one place flags are found: it counts
every flag and returns only the most severe. Each listed flag is then put in words by
`domain.health.describe` from the same snapshots the scan read (in the same read snapshot).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reviewtui.domain.health import HealthFlag, check_factor, check_run, describe
from reviewtui.domain.scope import Scope
from reviewtui.services.segments import resolve_scope
from reviewtui.services.workspace import Workspace
from reviewtui.store.accounts import Snapshot
from reviewtui.store.health_scan import FlagRow, scan_health
from reviewtui.store.history import histories_for

LISTED = 200  # flags listed by default; the rest are only counted


@dataclass(frozen=True)
class AccountFlag:
    account_id: int
    account_name: str
    owner: str | None
    flag: HealthFlag

    @property
    def message(self) -> str:
        return self.flag.message


@dataclass(frozen=True)
class HealthScan:
    """How many flags there are, on how many accounts, and the most severe of them."""

    total: int
    accounts: int
    flags: list[AccountFlag]

    @property
    def truncated(self) -> bool:
        """Whether some flags were counted but not listed."""
        return self.total > len(self.flags)


def health_scan(
    ws: Workspace,
    scope: Scope | str | None = None,
    *,
    as_of: dt.date | None = None,
    factor: float | None = None,
    threshold: float | None = None,
    run: int | None = None,
    window: int = 12,
    include_churned: bool = False,
    limit: int | None = LISTED,
    media_only: bool = False,
) -> HealthScan:
    """Anomalies in the last `window` snapshots (on or before `as_of`, default today) of every
    account in scope: all counted, the `limit` most severe listed (all with None), most severe
    first, then by account name."""
    day = as_of or ws.clock.today()
    configured = ws.settings.health
    factor = configured.jump_factor if factor is None else factor
    threshold = configured.low_health if threshold is None else threshold
    run = configured.falling_usage_run if run is None else run
    check_factor(factor)
    check_run(run)
    scope_filter = resolve_scope(ws, scope)
    with ws.db.read_snapshot():  # the histories below match what was scanned
        found = scan_health(
            ws.db,
            scope_filter,
            day,
            factor=factor,
            threshold=threshold,
            run=run,
            window=window,
            include_churned=include_churned,
            limit=limit,
            media_only=media_only,
        )
        history = histories_for(ws.db, [r.account_id for r in found.rows], day, window)
    flags = _explained(found.rows, history, threshold=threshold)
    return HealthScan(found.total, found.accounts, flags)


def _explained(
    rows: Sequence[FlagRow], history: dict[int, list[Snapshot]], *, threshold: float
) -> list[AccountFlag]:
    """Each row the scan found, with its sentence."""
    return [
        AccountFlag(
            row.account_id,
            row.account_name,
            row.owner,
            HealthFlag(
                row.kind,
                row.metric,
                row.severity,
                row.score,
                describe(row.kind, row.metric, row.as_of, history[row.account_id], threshold),
                row.as_of,
            ),
        )
        for row in rows
    ]
