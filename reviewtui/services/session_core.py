"""What every part of a meeting session shares: the meeting as read, its agenda, and
how a change to it is made and applied."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pendulum

from reviewtui.domain.due_dates import DueDateError, parse_due
from reviewtui.domain.entries import resolve_owner
from reviewtui.domain.models import Action, AgendaItem
from reviewtui.domain.text import one_line
from reviewtui.domain.timing import Span
from reviewtui.services.changes import Change, apply_change
from reviewtui.services.workspace import Workspace
from reviewtui.store import actions as action_store
from reviewtui.store import meetings as meeting_store
from reviewtui.store import people as people_store
from reviewtui.store import record as record_store
from reviewtui.store.accounts import owners as account_owners


class MeetingError(ValueError):
    """A request the meeting cannot honour; the message is for the user."""


class SessionCore:
    """A meeting as read from the record; changes to it are `Change`s (see `change`)."""

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
        self._account_names: dict[int, str] = {}
        self._scope_accounts: tuple[str | None, dict[str, int]] | None = None
        # The later section the last +1 minute was taken from (None: the meeting grew).
        self.borrowed_from: AgendaItem | None = None
        # Text left in the input when the facilitator moved to another section: the next
        # screen opens with it, whether or not its draft write has landed yet.
        self.carried_draft: str | None = None

    def change(self, op: str, **args: Any) -> Change:
        """A change to this meeting, checked against its state and lease when applied."""
        return Change(op, args, meeting_id=self.id, lease=self.lease)

    def apply(self, change: Change) -> Any:
        """Apply a change at once (commands, tests); raises what the change raises."""
        return apply_change(self.ws, change)

    def reload(self) -> None:
        """Read the meeting again (after another window or a command changed it)."""
        meeting = meeting_store.get_meeting(self.ws.db, self.id)
        assert meeting is not None
        self.meeting = meeting
        self.items = meeting_store.agenda(self.ws.db, self.id)
        self.spans = meeting_store.spans(self.ws.db, self.id)

    @property
    def live(self) -> bool:
        return self.meeting.status == "live"

    @property
    def current(self) -> AgendaItem:
        for item in self.items:
            if item.id == self.meeting.current_item_id:
                return item
        return self.items[0]

    @property
    def index(self) -> int:
        return self.items.index(self.current)

    def item(self, item_id: int) -> AgendaItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise MeetingError(f"no agenda item {item_id} in this meeting")

    def _require_live(self) -> None:
        if not self.live:
            raise MeetingError("this meeting is closed")

    def people(self) -> list[str]:
        if self._people is None:
            names = {p.name for p in people_store.list_people(self.ws.db)}
            names.update(account_owners(self.ws.db))
            names.update(record_store.action_owners(self.ws.db))
            self._people = sorted(names, key=str.casefold)
        return self._people

    def _parse_due(self, text: str) -> pendulum.Date:
        try:
            return parse_due(text, self.ws.clock.today(), self.ws.settings.day_first)
        except DueDateError as error:
            raise MeetingError(f"due date: {error}") from None

    def check_due(self, text: str) -> None:
        """MeetingError saying what is wrong with a due date as typed (empty is fine)."""
        if text.strip():
            self._parse_due(text)

    def _owner(self, text: str | None) -> str | None:
        name = one_line(text or "").lstrip("@").strip()
        return resolve_owner(name, self.people()) if name else None

    def carryover(self) -> list[Action]:
        """Actions still open from earlier meetings of the series, oldest first."""
        if self.meeting.series_id is None:
            return []
        return action_store.open_actions_from_series(self.ws.db, self.meeting.series_id, self.id)

    def focus_change(self, account_id: int | None) -> Change:
        """Attach what is said from now on to this account (None: to no account)."""
        self.meeting = replace(self.meeting, focus_account_id=account_id)
        return self.change("meeting.focus", meeting_id=self.id, account_id=account_id)

    def _stop_span(self, at: pendulum.DateTime) -> None:
        self.spans = [
            replace(s, ended_at=max(at, s.started_at)) if s.ended_at is None else s
            for s in self.spans
        ]
