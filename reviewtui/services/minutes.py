"""A meeting's minutes: gathered, rendered, frozen at close and written to their file."""

from __future__ import annotations

import re
from pathlib import Path

from reviewtui.domain.models import Action, Meeting
from reviewtui.domain.names import fold
from reviewtui.domain.text import clean_input
from reviewtui.exporters.markdown import MinutesData, ReviewedAccount, TriageLine, render_minutes
from reviewtui.services.private_files import write_private
from reviewtui.services.workspace import Workspace
from reviewtui.store import actions as action_store
from reviewtui.store import live as live_store
from reviewtui.store import meetings as meeting_store
from reviewtui.store import notes as note_store
from reviewtui.store import record as record_store
from reviewtui.store import reviews as review_store


def meeting_data(ws: Workspace, meeting_id: int) -> MinutesData:
    """Everything recorded in the meeting, as the exporters take it."""
    meeting = meeting_store.get_meeting(ws.db, meeting_id)
    if meeting is None:
        raise LookupError(f"there is no meeting {meeting_id}")
    template = ws.templates.get(meeting.template)
    attendees = meeting_store.attendance(ws.db, meeting_id)
    carried = action_store.carried_into(ws.db, meeting_id)
    return MinutesData(
        meeting=meeting,
        template_name=template.name if template else meeting.template,
        attendees=attendees,
        agenda=meeting_store.agenda(ws.db, meeting_id),
        notes=note_store.notes_for_meeting(ws.db, meeting_id),
        actions=action_store.actions_for_meeting(ws.db, meeting_id),
        carried=carried,
        tz=ws.tz,
        triage=triage(ws, meeting, carried),
        reviewed=[
            ReviewedAccount(name, r.health, r.status, r.arr_cents, r.nps, r.renewal_date)
            for name, r in review_store.reviews_in_meeting(ws.db, meeting_id)
        ],
        owner_roles=tuple(template.action_owner_roles) if template else (),
        expected_roles=tuple(template.attendees) if template else (),
        roles={fold(a.person): fold(a.role) for a in attendees if a.role},
    )


def triage(ws: Workspace, meeting: Meeting, carried: list[Action]) -> list[TriageLine]:
    """What became of each of last meeting's actions here: done, carried (old and new date),
    dropped (why), or left open."""
    lines = []
    for action_id in record_store.settled_before(ws.db, meeting.id):
        found = action_store.get_action(ws.db, action_id)
        if found is not None:
            outcome = f"{found.status} before the meeting"
            lines.append(
                TriageLine(
                    found.title,
                    found.owner,
                    found.account_name,
                    outcome,
                    found.due,
                    reason=found.drop_reason,
                )
            )
    for a in carried:
        before = action_store.get_action(ws.db, a.carried_from) if a.carried_from else None
        old = before.due if before is not None else None
        lines.append(TriageLine(a.title, a.owner, a.account_name, "carried", old, a.due))
    for action_id in record_store.triaged_in(ws.db, meeting.id):
        found = action_store.get_action(ws.db, action_id)
        if found is not None:
            lines.append(
                TriageLine(
                    found.title,
                    found.owner,
                    found.account_name,
                    found.status,
                    found.due,
                    reason=found.drop_reason,
                )
            )
    if meeting.series_id is not None:
        for found in action_store.open_actions_from_series(ws.db, meeting.series_id, meeting.id):
            lines.append(
                TriageLine(found.title, found.owner, found.account_name, "open", found.due)
            )
    return lines


def render_meeting_minutes(ws: Workspace, meeting_id: int) -> str:
    """The minutes as they stand now (for a live meeting: so far)."""
    return render_minutes(meeting_data(ws, meeting_id))


def minutes_of(ws: Workspace, meeting_id: int) -> str:
    """The minutes: as frozen at close for a closed meeting, as they stand for a live one."""
    frozen = live_store.minutes_text(ws.db, meeting_id)
    if frozen is None:
        return render_meeting_minutes(ws, meeting_id)
    # Read back from the file, which other programs write too: no terminal controls.
    return clean_input(frozen)


def minutes_without_file(ws: Workspace) -> list[int]:
    """Closed meetings whose minutes are frozen in the database but not yet in a file."""
    return live_store.minutes_pending(ws.db)


def minutes_file_name(meeting_id: int, title: str) -> str:
    """`0007-book-review-ana-2-dec-2026.md`: whole words, about 50 characters at most."""
    words = re.sub(r"[^a-z0-9]+", " ", fold(title)).split()
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > 50 and slug:
            break
        slug = longer[:50]
    return f"{meeting_id:04d}-{slug or 'meeting'}.md"


def write_minutes_file(ws: Workspace, meeting_id: int) -> Path:
    """Write the minutes frozen at close to `minutes/` (atomically, 0600) and record the path."""
    meeting = meeting_store.get_meeting(ws.db, meeting_id)
    if meeting is None:
        raise LookupError(f"there is no meeting {meeting_id}")
    directory = ws.minutes_dir
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / minutes_file_name(meeting_id, meeting.title)
    write_private(path, minutes_of(ws, meeting_id))
    meeting_store.set_minutes_path(ws.db, meeting_id, str(path))
    return path
