"""Setting a running meeting right: who is there, which accounts and queues it covers, and
abandoning one started by mistake."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from reviewtui.domain.attendees import (
    attendee_list,
    attendee_rows,
    attendee_text,
)
from reviewtui.domain.text import one_line
from reviewtui.services.changes import Change
from reviewtui.services.operations import at_arg
from reviewtui.services.scopes import scope_text
from reviewtui.services.session_state import MeetingError, MeetingState
from reviewtui.store import meetings as meeting_store


class MeetingRecord:
    """Attendees, scope and queues changed during the meeting; abandoning it. Each returns
    the change that writes it."""

    def __init__(self, state: MeetingState) -> None:
        self._state = state

    def attendee_text(self) -> str:
        """Who is here, as it would be typed: `Ana:csm, Lee:leader, -Eve`."""
        return attendee_text(meeting_store.attendance(self._state.ws.db, self._state.id))

    def set_attendees(self, text: str) -> Change:
        """Who is here from now on, typed as `attendee_text` shows it."""
        state = self._state
        state.require_live()
        people = attendee_list(text)
        if not any(a.present for a in people):
            raise MeetingError("name at least one person who is here (Name:role, ...)")
        state.forget_people()  # new names complete as @owners from now on
        return state.change(
            "meeting.attendees",
            meeting_id=state.id,
            attendees=attendee_rows(people),
            at=at_arg(state.ws.clock.now()),
        )

    def check_scope(self, text: str) -> None:
        """ScopeError (closest matches named) when `text` is no scope the data knows."""
        scope_text(self._state.ws, text)

    def set_scope(self, text: str) -> Change:
        """The scope from now on; empty is the whole book. ScopeError when it names nobody."""
        state = self._state
        state.require_live()
        scope = scope_text(state.ws, text)
        state.meeting = replace(state.meeting, scope=scope)
        return state.change("meeting.scope", meeting_id=state.id, scope=scope)

    def choose_queues(self, segment_ids: Sequence[str]) -> Change:
        """The queues the current queues section shows in this meeting."""
        state = self._state
        state.require_live()
        item = state.current
        chosen = tuple(segment_ids)
        state.items = [replace(i, segments=chosen) if i.id == item.id else i for i in state.items]
        return state.change("agenda.queues", item_id=item.id, segments=list(chosen))

    def abandon(self, reason: str) -> Change:
        """Abandon a meeting started by mistake: kept, marked abandoned with the reason, and
        left out of the reports and the next meeting's carry-over."""
        state = self._state
        state.require_live()
        reason = one_line(reason)
        if not reason:
            raise MeetingError("say briefly why the meeting is abandoned")
        now = state.ws.clock.now()
        state.end(now, abandoned_at=now)
        return state.change("meeting.abandon", meeting_id=state.id, reason=reason, at=at_arg(now))
