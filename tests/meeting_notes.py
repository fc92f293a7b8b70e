"""Notes written straight into a meeting, for tests that need a record to look at.

The app types a note into the note input and its writer saves it; this does the same change
at once, where the meeting is now (its current section, its focused account)."""

from __future__ import annotations

from reviewtui.services.meeting import MeetingSession, Saved


def add_note(session: MeetingSession, raw: str, default_kind: str = "note") -> Saved:
    """Save `raw` as typed (`a: ... @owner fri`, `d: ...`); EntryError when it cannot be read."""
    entry = session.notebook.understand(raw, default_kind)
    change = session.notebook.add(entry, session.current.id, session.meeting.focus_account_id)
    saved: Saved = session.apply(change)
    return saved
