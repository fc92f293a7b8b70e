"""Searching what was said (notes and action titles) across every meeting, or within the
accounts a live meeting covers; and finding a hit in its meeting's minutes."""

from __future__ import annotations

from dataclasses import dataclass

import pendulum

from reviewtui.domain.text import MATCH_END, MATCH_START, one_line
from reviewtui.exporters.markdown import inline
from reviewtui.services.workspace import Workspace
from reviewtui.store import actions as action_store
from reviewtui.store import meetings as meeting_store
from reviewtui.store import notes as note_store
from reviewtui.store import search as search_store
from reviewtui.store.convert import instant, parse_instant
from reviewtui.store.search import SearchError, SearchHit

__all__ = [
    "MeetingScope",
    "SearchError",
    "SearchHit",
    "hit_line",
    "meeting_day",
    "meeting_scope",
    "search",
]


@dataclass(frozen=True)
class MeetingScope:
    """What a meeting covers, to search in: its accounts, and its series' meetings for what
    was said on no account."""

    label: str  # "the 12 accounts of csm:Priya Raman", for a line on screen
    account_ids: tuple[int, ...]
    series_id: int | None


def meeting_scope(ws: Workspace, meeting_id: int) -> MeetingScope | None:
    """The accounts the meeting covers; None for a meeting of the whole book (or one whose
    scope no longer names anything: then everything is searched)."""
    from reviewtui.services.segments import SegmentError, resolve_scope

    meeting = meeting_store.get_meeting(ws.db, meeting_id)
    if meeting is None or not meeting.scope:
        return None
    try:
        scope = resolve_scope(ws, meeting.scope)
    except SegmentError:
        return None
    if scope is None:
        return None
    ids = tuple(search_store.scope_account_ids(ws.db, scope))
    count = "the one account" if len(ids) == 1 else f"the {len(ids)} accounts"
    if meeting.scope.lower().startswith("account:"):
        count = "the account"
    label = f"{count} of {one_line(meeting.scope, 40)}"
    if meeting.series_id is not None:
        label += ", and this series' meetings"
    return MeetingScope(label, ids, meeting.series_id)


def search(
    ws: Workspace,
    query: str,
    *,
    account: str | None = None,
    owner: str | None = None,
    kind: str | None = None,
    since: pendulum.Date | None = None,
    limit: int = 50,
    within: MeetingScope | None = None,
) -> list[SearchHit] | SearchError:
    """Hits newest first, or a SearchError (one line) for a query with nothing to search.

    `since` is a local date: meetings started on it (in the workspace's time zone) or later.
    `within`: only what a meeting covers."""
    since_at = None
    if since is not None:
        start = pendulum.datetime(since.year, since.month, since.day, tz=ws.tz)
        since_at = instant(start)
    return search_store.search(
        ws.db,
        query,
        account=account,
        owner=owner,
        kind=kind,
        since=since_at,
        limit=limit,
        within=None if within is None else within.account_ids,
        series_id=None if within is None else within.series_id,
    )


def meeting_day(ws: Workspace, hit: SearchHit) -> pendulum.Date:
    """The local date the hit's meeting started on."""
    started = parse_instant(hit.meeting_started_at)
    assert started is not None
    return started.in_timezone(ws.tz).date()


def hit_line(ws: Workspace, hit: SearchHit, minutes: str) -> int | None:
    """The line of `minutes` (the hit's meeting's) that holds the hit: its whole text as the
    minutes write it, else the first line holding every matched word; None when none does."""
    lines = minutes.split("\n")
    if hit.source == "note":
        note = note_store.get_note(ws.db, hit.id)
        text = note.text if note is not None else ""
    else:
        action = action_store.get_action(ws.db, hit.id)
        text = action.title if action is not None else ""
    written = inline(text)
    if written:
        for index, line in enumerate(lines):
            if written in line:
                return index
    words = [
        part.split(MATCH_END, 1)[0].casefold()
        for part in hit.snippet.split(MATCH_START)[1:]
        if MATCH_END in part
    ]
    if not words:
        return None
    for index, line in enumerate(lines):
        folded = line.casefold()
        if all(word in folded for word in words):
            return index
    return None
