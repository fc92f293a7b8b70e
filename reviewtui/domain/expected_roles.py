"""Expected roles: the roles a template names in `attendees`, checked meeting by meeting.

A closed meeting (abandoned ones aside) in the report's window breaks the template's
expectation when one of those roles was held by nobody present: someone recorded absent
does not hold it, and roles match without case, accents or extra spaces (`CSM` is `csm`).
Pure computations over plain records; nothing here reads a clock or a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pendulum

from reviewtui.domain.names import fold


@dataclass(frozen=True)
class HeldMeeting:
    meeting_id: int
    template: str
    title: str
    held_on: pendulum.Date


@dataclass(frozen=True)
class MissingRoles:
    """A meeting where roles its template expects were held by nobody present."""

    meeting_id: int
    template: str
    title: str
    held_on: pendulum.Date
    roles: tuple[str, ...]  # in the template's order, as the template spells them


def missing_roles(
    meetings: Iterable[HeldMeeting],
    present_roles: Mapping[int, Iterable[str | None]],
    expected: Mapping[str, Sequence[str]],
    since: pendulum.Date | None,
    as_of: pendulum.Date,
) -> list[MissingRoles]:
    """Every meeting held in `since`..`as_of` whose template expects a role that nobody
    present held (`present_roles`: the roles of the people present, by meeting id), oldest
    meeting first."""
    found = []
    for meeting in meetings:
        if meeting.held_on > as_of or (since is not None and meeting.held_on < since):
            continue
        roles = expected.get(meeting.template, ())
        here = {fold(role) for role in present_roles.get(meeting.meeting_id, ()) if role}
        missing = tuple(role for role in roles if fold(role) and fold(role) not in here)
        if missing:
            found.append(
                MissingRoles(
                    meeting.meeting_id, meeting.template, meeting.title, meeting.held_on, missing
                )
            )
    found.sort(key=lambda m: (m.held_on, m.meeting_id))
    return found


def expected_in(
    meetings: Iterable[HeldMeeting],
    expected: Mapping[str, Sequence[str]],
    since: pendulum.Date | None,
    as_of: pendulum.Date,
) -> list[tuple[str, tuple[str, ...]]]:
    """(template, roles it expects) for each template that expects roles and has meetings
    held in the window, by template id."""
    held = {
        m.template for m in meetings if m.held_on <= as_of and (since is None or m.held_on >= since)
    }
    return [
        (template, tuple(expected[template])) for template in sorted(held) if expected.get(template)
    ]
