"""Setting a running meeting right: who is there, which accounts it covers, and abandoning
one started by mistake."""

from __future__ import annotations

from dataclasses import replace

from reviewtui.domain.names import fold
from reviewtui.domain.text import one_line
from reviewtui.services.changes import Change
from reviewtui.services.operations import at_arg
from reviewtui.services.scopes import scope_text
from reviewtui.services.session_core import MeetingError, SessionCore
from reviewtui.store import meetings as meeting_store


def parse_attendee_list(text: str) -> list[list[object]]:
    """`Ana:csm, Lee:leader, -Eve` -> [[name, role, present], ...]; the same name (case and
    accents aside) once, the last mention winning."""
    people: dict[str, list[object]] = {}
    for part in text.split(","):
        spec = part.strip()
        present = not spec.startswith("-")
        name, _, role = spec.lstrip("-").partition(":")
        name = one_line(name)
        if name:
            people[fold(name)] = [name, one_line(role) or None, present]
    return list(people.values())


def attendee_text(attendees: list[tuple[str, str | None, bool]]) -> str:
    """The attendance as it would be typed: `Ana:csm, Lee:leader, -Eve`."""
    parts = []
    for name, role, present in attendees:
        spec = f"{name}:{role}" if role else name
        parts.append(spec if present else f"-{spec}")
    return ", ".join(parts)


class RecordPart(SessionCore):
    """Attendees and scope changed during the meeting; abandoning it."""

    def attendee_text(self) -> str:
        rows = meeting_store.attendance(self.ws.db, self.id)
        return attendee_text([(a.person, a.role, a.present) for a in rows])

    def attendees_change(self, text: str) -> Change:
        self._require_live()
        people = parse_attendee_list(text)
        if not any(present for _, _, present in people):
            raise MeetingError("name at least one person who is here (Name:role, ...)")
        self._people = None  # new names complete as @owners from now on
        return self.change(
            "meeting.attendees",
            meeting_id=self.id,
            attendees=people,
            at=at_arg(self.ws.clock.now()),
        )

    def check_scope_text(self, text: str) -> None:
        """ScopeError (closest matches named) when `text` is no scope the data knows."""
        scope_text(self.ws, text)

    def scope_change(self, text: str) -> Change:
        """The scope from now on; empty is the whole book. ScopeError when it names nobody."""
        self._require_live()
        scope = scope_text(self.ws, text)
        self.meeting = replace(self.meeting, scope=scope)
        return self.change("meeting.scope", meeting_id=self.id, scope=scope)

    def abandon_change(self, reason: str) -> Change:
        """Abandon a meeting started by mistake: kept, marked abandoned with the reason, and
        left out of the reports and the next meeting's carry-over."""
        self._require_live()
        reason = one_line(reason)
        if not reason:
            raise MeetingError("say briefly why the meeting is abandoned")
        now = self.ws.clock.now()
        self._stop_span(now)
        self.meeting = replace(self.meeting, status="closed", ended_at=now, abandoned_at=now)
        return self.change("meeting.abandon", meeting_id=self.id, reason=reason, at=at_arg(now))
