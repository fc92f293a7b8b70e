"""Data-health flags for the accounts in a meeting's scope, most severe first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviewtui.domain.health import (
    HealthFlag,
    health_flags,
    sort_key,
)
from reviewtui.domain.scope import Scope
from reviewtui.services.segments import resolve_scope
from reviewtui.services.workspace import Workspace
from reviewtui.store.history import histories


@dataclass(frozen=True)
class AccountFlag:
    account_id: int
    account_name: str
    owner: str | None
    flag: HealthFlag

    @property
    def message(self) -> str:
        return self.flag.message


def flags_for_scope(
    ws: Workspace,
    scope: Scope | str | None = None,
    *,
    as_of: dt.date | None = None,
    factor: float | None = None,
    threshold: float | None = None,
    run: int | None = None,
    window: int = 12,
    include_churned: bool = False,
) -> list[AccountFlag]:
    """Anomalies in the last `window` snapshots (on or before `as_of`, default today) of every
    account in scope, most severe first, then by account name."""
    day = as_of or ws.clock.today()
    configured = ws.settings.health
    factor = configured.jump_factor if factor is None else factor
    threshold = configured.low_health if threshold is None else threshold
    run = configured.falling_usage_run if run is None else run
    found = []
    for account, history in histories(
        ws.db, resolve_scope(ws, scope), day, window, include_churned=include_churned
    ):
        for flag in health_flags(history, factor=factor, threshold=threshold, run=run):
            found.append(AccountFlag(account.id, account.name, account.owner, flag))
    # Accounts come sorted by name and sorting is stable, so ties stay in name order.
    return sorted(found, key=lambda f: sort_key(f.flag))
