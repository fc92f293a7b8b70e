"""Which accounts a scan of the book looks at, as SQL: the scope, churned or not, media."""

from __future__ import annotations

import datetime as dt

from reviewtui.store.segments import ScopeFilter, active_where, scope_where


def accounts_where(
    scope: ScopeFilter | None,
    as_of: dt.date,
    *,
    include_churned: bool = False,
    media_only: bool = False,
    alias: str = "a",
) -> tuple[str, list[object]]:
    """The accounts a scan of the book looks at: in scope, not churned on `as_of` (unless
    asked for), and only those we run media for with `media_only`."""
    where, params = scope_where(scope, alias)
    if media_only:
        where = f"{where} AND {alias}.is_media = 1"
    if not include_churned:
        active, more = active_where(as_of, alias)
        where, params = f"{where} AND {active}", [*params, *more]
    return where, params
