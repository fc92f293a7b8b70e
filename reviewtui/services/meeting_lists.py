"""Meetings as the start screen lists them: the unfinished ones and the closed ones, newest first.

Apart from `services.meeting` (a meeting being run), which the start screen does not need."""

from __future__ import annotations

from reviewtui.domain.models import Meeting, MeetingStatus
from reviewtui.services.workspace import Workspace
from reviewtui.store import meetings as meeting_store


def live_meetings(ws: Workspace) -> list[Meeting]:
    return meeting_store.list_meetings(ws.db, status=MeetingStatus.LIVE)


def past_meetings(ws: Workspace, limit: int = 50) -> list[Meeting]:
    return meeting_store.list_meetings(ws.db, status=MeetingStatus.CLOSED, limit=limit)
