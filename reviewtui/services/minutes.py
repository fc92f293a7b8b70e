"""A meeting's minutes: gathered, rendered, frozen at close and written to their file."""

from __future__ import annotations

import re
from pathlib import Path

from reviewtui.domain.text import clean_input
from reviewtui.exporters.markdown import MinutesData, render_minutes
from reviewtui.services.private_files import write_private
from reviewtui.services.workspace import Workspace
from reviewtui.store import actions as action_store
from reviewtui.store import live as live_store
from reviewtui.store import meetings as meeting_store
from reviewtui.store import notes as note_store


def meeting_data(ws: Workspace, meeting_id: int) -> MinutesData:
    """Everything recorded in the meeting, as the exporters take it."""
    meeting = meeting_store.get_meeting(ws.db, meeting_id)
    if meeting is None:
        raise LookupError(f"there is no meeting {meeting_id}")
    template = ws.templates.get(meeting.template)
    return MinutesData(
        meeting=meeting,
        template_name=template.name if template else meeting.template,
        attendees=meeting_store.attendance(ws.db, meeting_id),
        agenda=meeting_store.agenda(ws.db, meeting_id),
        notes=note_store.notes_for_meeting(ws.db, meeting_id),
        actions=action_store.actions_for_meeting(ws.db, meeting_id),
        carried=action_store.carried_into(ws.db, meeting_id),
        tz=ws.tz,
    )


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
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:50] or "meeting"
    return f"{meeting_id:04d}-{slug}.md"


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
