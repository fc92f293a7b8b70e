"""A live meeting: its clock, its agenda, what is said in it, and how it closes.

`MeetingSession` is what a screen (or a command) holds while a meeting runs. It reads the
record into one shared state and is made of small parts, each for one concern: `clock`,
`notebook`, `triage`, `closing` and `record`. A part's verbs (`session.clock.goto(...)`,
`session.triage.carry(...)`) change the state in memory and return the `Change`s that write
it: the app queues those on its writer, which never raises into the screen; commands and
tests apply them at once with `session.apply(...)`, which returns the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reviewtui.domain.attendees import attendee_rows, attendees_of
from reviewtui.domain.models import AgendaItem, Meeting
from reviewtui.domain.text import one_line
from reviewtui.services.changes import Change, apply_change
from reviewtui.services.meeting_lists import live_meetings, past_meetings
from reviewtui.services.operations import Saved, at_arg
from reviewtui.services.scopes import scope_text
from reviewtui.services.session_actions import Closing, Triage
from reviewtui.services.session_clock import MeetingClock
from reviewtui.services.session_notes import Notebook
from reviewtui.services.session_record import MeetingRecord
from reviewtui.services.session_state import MeetingError, MeetingState, people_on_file
from reviewtui.services.workspace import Workspace
from reviewtui.store import meetings as meeting_store
from reviewtui.store import record as record_store
from reviewtui.store.actions import ConflictError

__all__ = [
    "ConflictError",
    "LiveSeriesError",
    "MeetingError",
    "MeetingSession",
    "Saved",
    "live_meetings",
    "past_meetings",
    "people_on_file",
    "start_meeting",
]


def start_change(
    ws: Workspace,
    template_id: str,
    *,
    series: str | None = None,
    scope: str | None = None,
    attendees: Sequence[str] = (),
    absent: Sequence[str] = (),
    title: str | None = None,
) -> Change:
    """The change that creates a meeting (its result is the new meeting's id).

    A series continued without a scope keeps the scope it had; a scope given is checked
    against the data (ScopeError names the closest matches) and kept as the data spells it.
    A series with a meeting still live gets no second one (LiveSeriesError). `attendees`
    and `absent` are `Name` or `Name:role`; an attendee typed `-Name` is absent too. A
    name that fits one known person only (`Priya`) is recorded as that person."""
    template = ws.template(template_id)
    if series and one_line(series):
        running = record_store.live_in_series(ws.db, one_line(series))
        if running is not None:
            raise LiveSeriesError(running, one_line(series))
        if not (scope or "").strip():
            scope = record_store.series_scope(ws.db, one_line(series))
    scope = scope_text(ws, scope)
    now = ws.clock.now()
    when = now.in_timezone(ws.tz).format("D MMM YYYY")
    what = one_line(series or scope or "whole book")
    return Change(
        "meeting.start",
        {
            "template": template.id,
            "title": one_line(title) if title else f"{template.name} · {what} · {when}",
            "series": one_line(series) if series else None,
            "scope": scope,
            "attendees": attendee_rows(attendees_of(attendees, absent)),
            "at": at_arg(now),
        },
    )


class LiveSeriesError(MeetingError):
    """The series already has a live meeting: it is resumed, not started again."""

    def __init__(self, meeting_id: int, series: str) -> None:
        super().__init__(
            f"meeting {meeting_id} of series {series!r} is still live;"
            f" resume it (reviewtui resume {meeting_id}) or close it first"
        )
        self.meeting_id = meeting_id


def start_meeting(ws: Workspace, template_id: str, **options: Any) -> MeetingSession:
    """Create a meeting and start its clock, written at once (commands and tests)."""
    meeting_id = apply_change(ws, start_change(ws, template_id, **options))
    session = MeetingSession(ws, meeting_id)
    session.apply(session.clock.start())
    return session


def series_names(ws: Workspace) -> list[str]:
    return [s.name for s in meeting_store.list_series(ws.db)]


class MeetingSession:
    """One meeting being run: read from the record into one state its parts share, changed
    through the `Change`s they return."""

    def __init__(self, ws: Workspace, meeting_id: int, lease: str | None = None) -> None:
        self._state = state = MeetingState(ws, meeting_id, lease)
        self.notebook = Notebook(state)
        self.triage = Triage(state)
        self.clock = MeetingClock(state, lambda: bool(self.triage.carryover()))
        self.closing = Closing(state, self.notebook)
        self.record = MeetingRecord(state)

    @property
    def ws(self) -> Workspace:
        return self._state.ws

    @property
    def id(self) -> int:
        return self._state.id

    @property
    def lease(self) -> str | None:
        """The window this session belongs to (None: a command's, which takes no lease)."""
        return self._state.lease

    @property
    def meeting(self) -> Meeting:
        """The meeting as read, kept up to date in memory by the parts' changes."""
        return self._state.meeting

    @property
    def items(self) -> list[AgendaItem]:
        """The agenda, in order."""
        return self._state.items

    @property
    def current(self) -> AgendaItem:
        """The section the meeting is in."""
        return self._state.current

    @property
    def index(self) -> int:
        return self._state.index

    @property
    def live(self) -> bool:
        return self._state.live

    def item(self, item_id: int) -> AgendaItem:
        return self._state.item(item_id)

    def people(self) -> list[str]:
        """Everyone an action can be given to."""
        return self._state.people()

    def change(self, op: str, **args: Any) -> Change:
        """A change to this meeting, checked against its state and lease when applied."""
        return self._state.change(op, **args)

    def apply(self, changes: Change | Sequence[Change] | None) -> Any:
        """Apply a part's change (or changes, in order) at once, for commands and tests;
        returns the (last) result and raises what a change raises."""
        if changes is None:
            return None
        result = None
        for change in [changes] if isinstance(changes, Change) else changes:
            result = apply_change(self._state.ws, change)
        return result

    def reload(self) -> None:
        """Read the meeting again (after another window or a command changed it)."""
        self._state.reload()


def abandon_meeting(ws: Workspace, meeting_id: int, reason: str) -> None:
    """Abandon a meeting from outside the app (the command line): the same change the app's
    palette writes. MeetingError, for the user, when the meeting is not there, not live,
    or open in a window of the app (which abandons it itself, keeping what is typed there)."""
    from reviewtui.services.changes import LeaseLostError, MeetingClosedError, lease_owner
    from reviewtui.store import live as live_store

    try:
        session = MeetingSession(ws, meeting_id, lease=lease_owner())
    except MeetingError:
        raise MeetingError(f"there is no meeting {meeting_id}") from None
    if session.meeting.abandoned_at is not None:
        raise MeetingError(f"meeting {meeting_id} was abandoned already")
    if not session.live:
        raise MeetingError(f"meeting {meeting_id} is closed; only a live meeting can be abandoned")
    in_window = MeetingError(
        f"meeting {meeting_id} is open in a reviewtui window; abandon it there"
        " (Ctrl+P, Abandon this meeting) or quit that window first"
    )
    assert session.lease is not None
    if live_store.held_elsewhere(ws.db, meeting_id, session.lease, ws.clock.now()):
        raise in_window
    try:
        session.apply(session.record.abandon(reason))
    except LeaseLostError:
        raise in_window from None
    except MeetingClosedError:
        raise MeetingError(f"meeting {meeting_id} was closed meanwhile") from None
