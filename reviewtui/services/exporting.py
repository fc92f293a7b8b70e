"""Taking a meeting out: minutes as Markdown, the whole meeting as JSON, its actions as CSV."""

from __future__ import annotations

from reviewtui.exporters.csv_export import render_actions_csv
from reviewtui.exporters.json_export import render_json
from reviewtui.services.meeting import MeetingSession
from reviewtui.services.minutes import meeting_data, minutes_of
from reviewtui.services.private_files import write_private
from reviewtui.services.workspace import Workspace

__all__ = ["FORMATS", "export_meeting", "write_private"]

FORMATS = ("md", "json", "csv")


def export_meeting(ws: Workspace, meeting_id: int, fmt: str) -> str:
    """The meeting in `fmt` (md, json or csv). MeetingError if there is no such meeting."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    MeetingSession(ws, meeting_id)  # MeetingError when there is no such meeting
    if fmt == "md":
        return minutes_of(ws, meeting_id)
    data = meeting_data(ws, meeting_id)
    if fmt == "json":
        return render_json(data)
    return render_actions_csv(data.actions, data.meeting.title)
