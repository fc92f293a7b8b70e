"""Setting a running meeting right from the command palette: change who is there or which
accounts it covers, or abandon a meeting started by mistake."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand

from reviewtui.domain.text import one_line
from reviewtui.screens.dialogs import AskText, Confirm
from reviewtui.screens.host import host
from reviewtui.services.meeting import MeetingError
from reviewtui.services.scopes import ScopeError, scope_text
from reviewtui.widgets.key_hints import binding_keys, submit_keys

if TYPE_CHECKING:
    from reviewtui.domain.templates import Template
    from reviewtui.screens.meeting_base import MeetingScreen
    from reviewtui.services.changes import Change
    from reviewtui.services.meeting import LiveSeriesError
    from reviewtui.services.workspace import Workspace


def setup_checks(ws: Workspace, template: Template) -> dict[str, Any]:
    """What the new-meeting dialog checks and shows beyond its fields: the scope against
    the data, the scope a continued series keeps, the roles the review expects."""
    from reviewtui.services.scopes import series_scope

    return {
        "expected_roles": template.attendees,
        "check_scope": lambda text: scope_text(ws, text),
        "series_scope": lambda name: series_scope(ws, name),
    }


def offer_resume(app: App[Any], running: LiveSeriesError) -> None:
    """One live meeting per series: starting another offers the live one instead."""

    def answer(resume: bool | None) -> None:
        if resume:
            host(app).open_meeting(running.meeting_id)

    app.push_screen(
        Confirm(
            "This series already has a meeting running.",
            f"Meeting {running.meeting_id} of this series is still live:"
            f" {binding_keys(app, 'confirm_yes', on=Confirm)} resumes it;"
            f" {binding_keys(app, 'confirm_no', on=Confirm)} starts nothing.",
        ),
        answer,
    )


def ask_attendees(screen: MeetingScreen) -> None:
    session = screen.session

    def changed() -> None:
        screen.notify("Attendees changed.", timeout=3)

    ask_change(
        screen,
        AskText(
            "Who is at this meeting?",
            value=session.record.attendee_text(),
            placeholder="Name:role, Name:role; absent: -Name",
            hint="Name:role, comma-separated; -Name for someone absent"
            f" · {_cancel_keys(screen)}: cancel",
            check=problem_with(session.record.set_attendees),
        ),
        session.record.set_attendees,
        changed,
    )


def _cancel_keys(screen: MeetingScreen) -> str:
    return binding_keys(screen, "ask_cancel", on=AskText)


WHOLE_BOOK = ("all", "book", "whole book")


def ask_scope(screen: MeetingScreen) -> None:
    session = screen.session

    def scope_of(text: str) -> str:
        return "" if text.strip().casefold() in WHOLE_BOOK else text

    def changed() -> None:
        what = one_line(session.meeting.scope or "the whole book", 60)
        screen.notify(f"Scope: {what}.", timeout=3)
        screen.review_app.show_current(session)  # queues and panels follow the new scope

    ask_change(
        screen,
        AskText(
            "Which accounts does this meeting cover?",
            value=session.meeting.scope or "",
            placeholder="csm:NAME, team:NAME, account:NAME, or all",
            hint="csm:, team: or account: and a name; all: the whole book"
            f" · {_cancel_keys(screen)}: cancel",
            check=problem_with(lambda text: session.record.check_scope(scope_of(text))),
        ),
        lambda text: session.record.set_scope(scope_of(text)),
        changed,
    )


def ask_abandon(screen: MeetingScreen) -> None:
    session = screen.session

    def abandon(reason: str) -> Change:
        # What is typed in the note input stays with the meeting, as its draft, first (while
        # the session still takes writes).
        screen.save_state()
        return session.record.abandon(reason)

    ask_change(
        screen,
        AskText(
            f"Abandon '{one_line(session.meeting.title, 50)}'?",
            placeholder="why, e.g. started by mistake",
            hint=f"Kept, marked abandoned, out of the reports · {submit_keys()}: abandon"
            f" · {_cancel_keys(screen)}: keep it",
        ),
        abandon,
        lambda: leave_abandoned(screen),
    )


def problem_with(check: Callable[[str], object]) -> Callable[[str], str | None]:
    """A dialog's check from a function that raises on an answer it refuses: the problem, in
    words, or None."""

    def problem(text: str) -> str | None:
        try:
            check(text)
        except (ScopeError, MeetingError) as error:
            return str(error)
        return None

    return problem


def ask_change(
    screen: MeetingScreen,
    dialog: AskText,
    change: Callable[[str], Change],
    done: Callable[[], None],
) -> None:
    """Ask for the text of a change to the running meeting; an answer is made into its change
    and written (then `done`), or said to be refused. Cancelling changes nothing."""

    def answer(text: str | None) -> None:
        if text is None:
            return
        try:
            made = change(text)
        except (ScopeError, MeetingError) as error:
            screen.notify(str(error), severity="error", timeout=8)
            return
        screen.write(made)
        done()

    screen.app.push_screen(dialog, answer)


def leave_abandoned(screen: MeetingScreen) -> None:
    """Back to the start screen, which no longer offers the abandoned meeting."""
    from reviewtui.screens.start import StartScreen

    screen.review_app.session = None
    app = screen.app
    stack = app.screen_stack
    if any(isinstance(s, StartScreen) for s in stack):
        while not isinstance(app.screen, StartScreen):
            app.pop_screen()
    else:
        app.switch_screen(StartScreen(screen.review_app.ws))
    app.notify("Meeting abandoned: kept in the record, left out of the reports.", timeout=5)


def setup_commands(screen: MeetingScreen) -> Iterator[SystemCommand]:
    """The palette's commands for setting a running meeting right."""
    yield SystemCommand(
        "Change attendees", "Who is here, with their roles", lambda: ask_attendees(screen)
    )
    yield SystemCommand(
        "Change scope",
        "The accounts this meeting covers (csm:, team: or account:)",
        lambda: ask_scope(screen),
    )
    yield SystemCommand(
        "Abandon this meeting",
        "Started by mistake: kept, marked abandoned with a reason, out of the reports",
        lambda: ask_abandon(screen),
    )
