"""Searching what was said (notes and action titles) across every meeting."""

from __future__ import annotations

import pendulum

from reviewtui.services.workspace import Workspace
from reviewtui.store import search as search_store
from reviewtui.store.convert import instant, parse_instant
from reviewtui.store.search import SearchError, SearchHit

__all__ = ["SearchError", "SearchHit", "meeting_day", "search"]


def search(
    ws: Workspace,
    query: str,
    *,
    account: str | None = None,
    owner: str | None = None,
    kind: str | None = None,
    since: pendulum.Date | None = None,
    limit: int = 50,
) -> list[SearchHit] | SearchError:
    """Hits newest first, or a SearchError (one line) for a query with nothing to search.

    `since` is a local date: meetings started on it (in the workspace's time zone) or later."""
    since_at = None
    if since is not None:
        start = pendulum.datetime(since.year, since.month, since.day, tz=ws.tz)
        since_at = instant(start)
    return search_store.search(
        ws.db, query, account=account, owner=owner, kind=kind, since=since_at, limit=limit
    )


def meeting_day(ws: Workspace, hit: SearchHit) -> pendulum.Date:
    """The local date the hit's meeting started on."""
    started = parse_instant(hit.meeting_started_at)
    assert started is not None
    return started.in_timezone(ws.tz).date()
