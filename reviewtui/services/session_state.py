"""What every part of a meeting session shares: the meeting as read, its agenda and clock
spans, the window's lease, and how a change to it is made."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pendulum

from reviewtui.domain.due_dates import DueDateError, parse_due
from reviewtui.domain.entries import resolve_owner
from reviewtui.domain.models import AgendaItem, MeetingStatus, current_item
from reviewtui.domain.text import one_line
from reviewtui.domain.timing import Span
from reviewtui.services.changes import Change
from reviewtui.services.workspace import Workspace
from reviewtui.store import meetings as meeting_store
from reviewtui.store import people as people_store
from reviewtui.store import record as record_store
from reviewtui.store.accounts import owners as account_owners


class MeetingError(ValueError):
    """A request the meeting cannot honour; the message is for the user."""


def people_on_file(ws: Workspace) -> list[str]:
    """The people on file and the owners of accounts, by name (sorted): who an attendee is."""
    names = {p.name for p in people_store.list_people(ws.db)}
    names.update(account_owners(ws.db))
    return sorted(names, key=str.casefold)


def known_people(ws: Workspace) -> list[str]:
    """Everyone an action can be given to: the people on file and earlier action owners."""
    names = set(people_on_file(ws))
    names.update(record_store.action_owners(ws.db))
    return sorted(names, key=str.casefold)


class MeetingState:
    """A meeting as read from the record, kept in memory while it runs; each part of the
    session changes it and describes the change as a `Change` (see `change`)."""

    def __init__(self, ws: Workspace, meeting_id: int, lease: str | None = None) -> None:
        self.ws = ws
        self.id = meeting_id
        # The window this session belongs to; its changes are refused once another took over.
        self.lease = lease
        meeting = meeting_store.get_meeting(ws.db, meeting_id)
        if meeting is None:
            raise MeetingError(f"there is no meeting {meeting_id}")
        self.meeting = meeting
        self.items: list[AgendaItem] = meeting_store.agenda(ws.db, meeting_id)
        # The clock lives here, not in the database: it is written there through changes,
        # and reading it never waits on the disk.
        self.spans: list[Span] = meeting_store.spans(ws.db, meeting_id)
        self._people: list[str] | None = None

    def change(self, op: str, **args: Any) -> Change:
        """A change to this meeting, checked against its state and lease when applied."""
        return Change(op, args, meeting_id=self.id, lease=self.lease)

    def reload(self) -> None:
        """Read the meeting again (after another window or a command changed it)."""
        meeting = meeting_store.get_meeting(self.ws.db, self.id)
        assert meeting is not None
        self.meeting = meeting
        self.items = meeting_store.agenda(self.ws.db, self.id)
        self.spans = meeting_store.spans(self.ws.db, self.id)

    @property
    def live(self) -> bool:
        return self.meeting.status == MeetingStatus.LIVE

    @property
    def current(self) -> AgendaItem:
        item = current_item(self.items, self.meeting.current_item_id)
        if item is None:
            raise IndexError("the meeting has no agenda")
        return item

    @property
    def index(self) -> int:
        return self.items.index(self.current)

    def item(self, item_id: int) -> AgendaItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise MeetingError(f"no agenda item {item_id} in this meeting")

    def require_live(self) -> None:
        if not self.live:
            raise MeetingError("this meeting is closed")

    def people(self) -> list[str]:
        """Everyone an action can be given to: people, account owners, earlier owners."""
        if self._people is None:
            self._people = known_people(self.ws)
        return self._people

    def forget_people(self) -> None:
        """Read `people` again next time (new attendees complete as @owners)."""
        self._people = None

    def parse_due(self, text: str) -> pendulum.Date | None:
        """A due date as typed (None when empty); MeetingError saying what is wrong."""
        if not text.strip():
            return None
        try:
            return parse_due(text, self.ws.clock.today(), self.ws.settings.day_first)
        except DueDateError as error:
            raise MeetingError(f"due date: {error}") from None

    def owner(self, text: str | None) -> str | None:
        """An owner as typed (`@ana`, `Ana`), resolved against the people known."""
        name = one_line(text or "").lstrip("@").strip()
        return resolve_owner(name, self.people()) if name else None

    def focus(self, account_id: int | None) -> Change:
        """Attach what is said from now on to this account (None: to no account)."""
        self.meeting = replace(self.meeting, focus_account_id=account_id)
        return self.change("meeting.focus", meeting_id=self.id, account_id=account_id)

    def stop_span(self, at: pendulum.DateTime) -> None:
        self.spans = [
            replace(s, ended_at=max(at, s.started_at)) if s.ended_at is None else s
            for s in self.spans
        ]

    def end(self, at: pendulum.DateTime, **more: Any) -> None:
        """The meeting stops here: its clock stops and it is closed (as abandoned, with
        `abandoned_at`)."""
        self.stop_span(at)
        self.meeting = replace(self.meeting, status=MeetingStatus.CLOSED, ended_at=at, **more)
