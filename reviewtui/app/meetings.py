"""Moving between meetings: asking for a new one and starting it, opening one (or taking it over
from another window), showing the screen of its current agenda item, and leaving it for its
minutes. The app owns one `MeetingMoves` and passes the screens' requests on to it.

A meeting's modules are imported when a meeting opens, never here at import time: the start
screen is drawn without them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from textual.screen import Screen

from reviewtui.domain.text import one_line
from reviewtui.screens.dialogs import Confirm
from reviewtui.screens.minutes import MinutesScreen
from reviewtui.screens.start import StartScreen
from reviewtui.services.changes import Change

if TYPE_CHECKING:
    from reviewtui.app.review_app import ReviewApp
    from reviewtui.screens.meeting_base import MeetingScreen
    from reviewtui.screens.new_meeting import MeetingSetup
    from reviewtui.services.meeting import MeetingSession
    from reviewtui.services.search import SearchHit

START_WAIT = 2.0  # seconds a new meeting's creation is waited for before it is left queued
SETTLE_AT_THE_LATEST = 5.0  # seconds: a first screen still loading is taken as settled


def as_meeting_screen(screen: object) -> MeetingScreen | None:
    """`screen` when it is a meeting's screen (or one built on it), else None. Its module is
    imported only once a meeting opens; until then no screen can be one."""
    module = sys.modules.get("reviewtui.screens.meeting_base")
    if module is not None and isinstance(screen, module.MeetingScreen):
        return screen
    return None


def item_screen(session: MeetingSession) -> Screen[None]:
    """The screen for the meeting's current agenda item. Only the screen needed is imported:
    resuming into a section stays quick."""
    kind = session.current.kind
    if kind == "carryover":
        from reviewtui.screens.carryover import CarryoverScreen

        return CarryoverScreen(session)
    if kind == "wrapup":
        from reviewtui.screens.wrapup import WrapupScreen

        return WrapupScreen(session)
    if kind == "queues":
        from reviewtui.screens.queues import QueuesScreen

        return QueuesScreen(session)
    if kind == "health":
        from reviewtui.screens.health import HealthScreen

        return HealthScreen(session)
    if kind == "goals":
        from reviewtui.screens.goals import GoalsScreen

        return GoalsScreen(session)
    from reviewtui.screens.section import SectionScreen

    return SectionScreen(session)


class MeetingMoves:
    """The app's moves into, through and out of meetings."""

    def __init__(self, app: ReviewApp) -> None:
        self.app = app
        self._start_settled = False  # the first screen shows what it loads (`screen_loaded`)

    def ask_new_meeting(self, template_id: str) -> None:
        """The new-meeting dialog for a template; its answer starts the meeting."""
        from reviewtui.screens.meeting_setup import setup_checks
        from reviewtui.screens.new_meeting import NewMeetingScreen
        from reviewtui.services.meeting import people_on_file, series_names

        app = self.app
        try:
            template = app.ws.template(template_id)
        except ValueError as error:  # the file went since the start screen listed it
            app.notify(str(error), severity="error")
            return
        dialog = NewMeetingScreen(
            template.name,
            series_names(app.ws),
            people_on_file(app.ws),
            **setup_checks(app.ws, template),
        )
        app.push_screen(dialog, lambda setup: self._begin(template_id, setup))

    def _begin(self, template_id: str, setup: MeetingSetup | None) -> None:
        from reviewtui.screens.meeting_setup import offer_resume
        from reviewtui.services.meeting import LiveSeriesError, MeetingError, start_change

        if setup is None:
            return
        app = self.app
        try:
            change = start_change(
                app.ws,
                template_id,
                series=setup.series or None,
                scope=setup.scope or None,
                attendees=setup.attendees,
            )
        except LiveSeriesError as running:
            offer_resume(app, running)
            return
        except (ValueError, MeetingError) as error:
            app.notify(str(error), severity="error")
            return
        # Keys typed from here on are for the meeting's first screen: they wait for it.
        app.hold_keys_until()
        app.write_soon(change, self._started, wait=START_WAIT)

    def _started(self, result: object) -> None:
        from reviewtui.services.meeting import MeetingSession

        app = self.app
        app.release_keys()
        if not isinstance(result, int):
            app.notify(f"The meeting could not be started: {result}", severity="error")
            return
        session = MeetingSession(app.ws, result, lease=app.lease_id)
        app.write(session.clock.start())
        app.session = session
        self.show_current(session, push=True)

    def open_meeting(self, meeting_id: int) -> bool:
        """Open a meeting; one live in another window asks first whether to take it over.
        False when it cannot be opened (said in a toast)."""
        from reviewtui.services.meeting import MeetingError, MeetingSession

        app = self.app
        try:
            session = MeetingSession(app.ws, meeting_id, lease=app.lease_id)
        except MeetingError as error:
            app.notify(str(error), severity="error")
            return False
        if session.live and session.clock.held_elsewhere():

            def answer(take_over: bool | None) -> None:
                if take_over:
                    claim = {
                        "meeting_id": meeting_id,
                        "owner": app.lease_id,
                        "at": session.ws.clock.now().to_iso8601_string(),
                    }
                    app.write(Change("meeting.claim", claim))
                    self._run(session)
                else:
                    app.push_screen(
                        MinutesScreen(session.closing.minutes_so_far(), None, read_only=True)
                    )

            app.push_screen(
                Confirm(
                    "This meeting is open in another window.",
                    "y takes it over here (the other window can then only read it);"
                    " n shows its notes so far, read-only.",
                ),
                answer,
            )
            return True
        self._run(session)
        return True

    def _run(self, session: MeetingSession) -> None:
        app = self.app
        if session.live:
            # Still waiting in the recovery file (the database busy or full at start): the
            # screen opens with that draft and its kind, not the older one in the database,
            # which the next draft saved would otherwise replace.
            draft = app.unwritten_draft(session.id)
            if draft is not None:
                session.notebook.carry(*draft)
            app.write(session.clock.recover())
            app.write(session.clock.beat())
        app.session = session
        self.show_current(session, push=True)

    def show_current(self, session: MeetingSession, push: bool = False) -> None:
        """Show the screen for the meeting's current agenda item."""
        app = self.app
        screen = item_screen(session)
        if push or as_meeting_screen(app.screen) is None:
            app.push_screen(screen)
        else:
            app.switch_screen(screen)

    def show_minutes(self, text: str, path: Path | None = None) -> None:
        """The meeting closed: leave it for the start screen, with its minutes on top."""
        app = self.app
        app.session = None
        if app.meeting_screen() is not None:
            while as_meeting_screen(app.screen) is None:
                app.pop_screen()
            if any(isinstance(s, StartScreen) for s in app.screen_stack):
                app.pop_screen()
            else:
                app.switch_screen(StartScreen(app.ws))
        app.push_screen(MinutesScreen(text, str(path) if path else None))

    def minutes_written(self, result: object) -> None:
        """The minutes file of a closed meeting was written, or could not be."""
        app = self.app
        if isinstance(result, BaseException):
            app.notify(
                f"The minutes file was not written ({one_line(str(result))}). They are kept in"
                " the database; the next start tries again, and `reviewtui export` writes them.",
                severity="error",
                timeout=10,
            )
            return
        path = str(result)
        if isinstance(app.screen, MinutesScreen) and app.screen.path is None:
            app.screen.show_path(path)  # said at the top of the minutes
        else:
            app.notify(f"Minutes written to {one_line(path)}", timeout=4)

    def first_frame_drawn(self) -> None:
        """Start-up work waits until the first screen has settled: a screen that loads what it
        shows after its first frame (`loaded` false until then) says when (`screen_loaded`);
        the work would compete with that loading for the interpreter."""
        if getattr(self.app.screen, "loaded", True):
            self.screen_loaded()
        else:  # at the latest after a while, should the screen be left before it is done
            self.app.set_timer(SETTLE_AT_THE_LATEST, self.screen_loaded)

    def screen_loaded(self) -> None:
        """Once: write the minutes not written at close, import sqlite-utils for writes."""
        if self._start_settled:
            return
        self._start_settled = True
        self.retry_pending_minutes()
        self.app.ws.db.preload_utils()

    def retry_pending_minutes(self) -> None:
        """Minutes frozen at close whose file could not be written then: write them now."""
        from reviewtui.services.minutes import minutes_without_file

        app = self.app
        for meeting_id in minutes_without_file(app.ws):
            app.write(Change("minutes.write", {"meeting_id": meeting_id}), self.minutes_written)

    def show_past_minutes(self, meeting_id: int, hit: SearchHit | None = None) -> None:
        """A meeting's minutes (as they stand, for a live one); at a search hit's line."""
        from reviewtui.services.meeting import MeetingSession

        ws = self.app.ws
        session = MeetingSession(ws, meeting_id)
        text = session.closing.minutes()
        line = None
        if hit is not None:
            from reviewtui.services.search import hit_line

            line = hit_line(ws, hit, text)
        self.app.push_screen(MinutesScreen(text, session.meeting.minutes_path, hit_line=line))
