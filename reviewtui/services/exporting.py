"""Taking a meeting out: minutes as Markdown, the whole meeting as JSON, its actions as CSV."""

from __future__ import annotations

from reviewtui.domain.text import clean_input, json_text
from reviewtui.exporters.csv_export import render_actions_csv
from reviewtui.exporters.json_export import render_json
from reviewtui.services.meeting import MeetingSession
from reviewtui.services.minutes import meeting_data, minutes_of
from reviewtui.services.private_files import write_private
from reviewtui.services.workspace import Workspace
from reviewtui.store import record as record_store

__all__ = ["FORMATS", "export_meeting", "write_private"]

FORMATS = ("md", "json", "csv")


def export_meeting(ws: Workspace, meeting_id: int, fmt: str) -> str:
    """The meeting in `fmt` (md, json or csv). MeetingError if there is no such meeting."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    MeetingSession(ws, meeting_id)  # MeetingError when there is no such meeting
    if fmt == "md":
        return minutes_of(ws, meeting_id)
    if fmt == "json":
        frozen = record_store.minutes_json(ws.db, meeting_id)
        # Frozen at close, like the minutes; read back from the file: no terminal controls.
        return (
            json_text(clean_input(frozen))
            if frozen is not None
            else render_json(meeting_data(ws, meeting_id))
        )
    data = meeting_data(ws, meeting_id)
    return render_actions_csv(data.actions, data.meeting.title)
