"""The command palette's commands (Ctrl+P): in a live meeting, its sections and moves; always,
the screens over every meeting and the latest minutes. Also where the app's files are, for the
help screen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from reviewtui.app.meetings import as_meeting_screen
from reviewtui.domain.text import one_line

if TYPE_CHECKING:
    from textual.screen import Screen

    from reviewtui.app.review_app import ReviewApp
    from reviewtui.screens.meeting_base import MeetingScreen
    from reviewtui.services.workspace import Workspace


def markup_literal(text: str) -> str:
    """`text` for a place that parses markup (the command palette): every `[` escaped, so it
    shows as typed. (textual.markup.escape leaves `[/ ` and similar alone.)"""
    return text.replace("[", "\\[")


def system_commands(app: ReviewApp, screen: Screen) -> Iterator[SystemCommand]:
    """reviewtui's commands for the palette opened on `screen` (Textual's own come first)."""
    meeting_screen = as_meeting_screen(screen)
    if meeting_screen is not None and meeting_screen.session.live:
        yield from meeting_commands(meeting_screen)
    yield SystemCommand(
        "All actions",
        "Every action across meetings: owners, due dates, overdue",
        app.action_show_actions,
    )
    yield SystemCommand(
        "Follow-up report",
        "Follow-through, timeboxes, attendance, insight and review coverage",
        app.action_show_report,
    )
    yield SystemCommand(
        "Search what was said",
        "Notes, decisions, risks and actions of every meeting, newest first",
        app.action_show_search,
    )
    last = last_minutes_meeting(app.ws)
    if last is not None:
        yield SystemCommand(
            "Show last minutes",
            "The minutes of the latest closed meeting",
            lambda: app.show_past_minutes(last),
        )


def meeting_commands(meeting_screen: MeetingScreen) -> Iterator[SystemCommand]:
    """The commands of a live meeting: its sections, its clock, its setup."""
    for item in meeting_screen.session.items:
        # The palette parses titles as markup: a section title is escaped first.
        yield SystemCommand(
            f"Go to: {markup_literal(one_line(item.title, 40))}",
            f"Jump to section {item.position + 1} of the agenda",
            lambda item_id=item.id: meeting_screen.go_to(item_id),
        )
    yield SystemCommand(
        "Add a minute",
        "Give this section one more minute",
        meeting_screen.action_add_minute,
    )
    yield SystemCommand(
        "Pause or resume the clock",
        "Stop or restart the meeting clock",
        meeting_screen.action_toggle_pause,
    )
    yield SystemCommand(
        "Go to wrap-up", "Jump to the wrap-up and its actions", meeting_screen.action_wrapup
    )
    choose = getattr(meeting_screen, "action_choose_queues", None)
    if choose is not None:
        yield SystemCommand("Choose queues", "Pick the segment queues shown here", choose)
    yield SystemCommand(
        "Search what was said about these accounts",
        "Notes and actions on this meeting's accounts, every meeting; or all accounts",
        meeting_screen.action_search_meeting,
    )
    from reviewtui.screens.meeting_setup import setup_commands

    yield from setup_commands(meeting_screen)


def last_minutes_meeting(ws: Workspace) -> int | None:
    """The latest closed meeting, whose minutes the palette offers."""
    from reviewtui.services.meeting_lists import past_meetings

    past = past_meetings(ws, limit=1)
    return past[0].id if past else None


def places(ws: Workspace) -> list[tuple[str, str]]:
    """The settings file, the data directory and the database this app is using."""
    from reviewtui.services.places import config_file, data_dir

    return [
        ("Settings", str(ws.settings_path or config_file())),
        ("Data directory", str(data_dir())),
        ("Database", str(ws.location)),
    ]
