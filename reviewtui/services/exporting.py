"""Taking a meeting out: minutes as Markdown, the whole meeting as JSON, its actions as CSV."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from reviewtui.exporters.csv_export import render_actions_csv
from reviewtui.exporters.json_export import render_json
from reviewtui.exporters.markdown import MinutesData
from reviewtui.services.meeting import MeetingSession
from reviewtui.services.workspace import Workspace
from reviewtui.store import actions as action_store
from reviewtui.store import meetings as meeting_store
from reviewtui.store import notes as note_store

FORMATS = ("md", "json", "csv")


def meeting_data(ws: Workspace, session: MeetingSession) -> MinutesData:
    """Everything recorded in the meeting, as the exporters take it."""
    template = ws.templates.get(session.meeting.template)
    return MinutesData(
        meeting=session.meeting,
        template_name=template.name if template else session.meeting.template,
        attendees=meeting_store.attendance(ws.db, session.id),
        agenda=session.items,
        notes=note_store.notes_for_meeting(ws.db, session.id),
        actions=action_store.actions_for_meeting(ws.db, session.id),
        carried=action_store.carried_into(ws.db, session.id),
        tz=ws.tz,
    )


def export_meeting(ws: Workspace, meeting_id: int, fmt: str) -> str:
    """The meeting in `fmt` (md, json or csv). MeetingError if there is no such meeting."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    session = MeetingSession(ws, meeting_id)
    if fmt == "md":
        return session.minutes()
    data = meeting_data(ws, session)
    if fmt == "json":
        return render_json(data)
    return render_actions_csv(data.actions, session.meeting.title)


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` readable by the owner only (0600), replacing it whole: a
    reader never sees half a file, and a failure leaves any old file as it was."""
    directory = path.parent if str(path.parent) else Path(".")
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
