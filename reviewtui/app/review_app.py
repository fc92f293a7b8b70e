"""The Textual application: its screens, global keys, start-up and shutdown.

What it does is in parts the app composes: `meetings` (moving into, through and out of
meetings), `palette` (the command palette's commands), `keymap` (the user's `[keys]`) and
`theme` (the theme at start and when chosen); `WritingApp` is its side of the one write path.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import WorkerFailed

from reviewtui.app.keymap import apply_keymap
from reviewtui.app.meetings import MeetingMoves, as_meeting_screen
from reviewtui.app.palette import places, system_commands
from reviewtui.app.theme import ThemeChoice
from reviewtui.assets import styles_dir
from reviewtui.domain.text import clean_input, one_line
from reviewtui.screens.dialogs import Confirm
from reviewtui.screens.help import HelpScreen, help_sections, typing_help
from reviewtui.screens.host import ReviewHost
from reviewtui.screens.start import StartScreen
from reviewtui.services.changes import Change, LeaseLostError, MeetingClosedError, lease_owner
from reviewtui.services.workspace import Workspace
from reviewtui.terminal_input import OpaqueScreens, UnhandledErrors, shutting_down
from reviewtui.widgets.key_hints import binding_keys
from reviewtui.writing_app import WritingApp

if TYPE_CHECKING:
    # The meeting's modules are imported when a meeting opens: the start screen needs none.
    from reviewtui.screens.meeting_base import MeetingScreen
    from reviewtui.services.meeting import MeetingSession
    from reviewtui.services.queue_prefetch import QueuePrefetch
    from reviewtui.services.search import SearchHit

SETTLE_EVERY = 1.0  # seconds between checks for a change of screens (see `settle_memory`)


class ReviewApp(OpaqueScreens, UnhandledErrors, WritingApp):
    """reviewtui: a facilitator's console for live account reviews."""

    TITLE = "reviewtui"
    CSS_PATH = [styles_dir() / "app.tcss", styles_dir() / "meeting.tcss"]
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1", "help", "Help", id="help", tooltip="help: the keys of this screen"),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            id="palette",
            show=False,
            tooltip="command palette",
        ),
        Binding(
            "f10",
            "request_quit",
            "Quit",
            id="quit",
            priority=True,
            tooltip="quit; in a live meeting it asks first, keeps the draft and pauses the clock",
        ),
        Binding(
            "ctrl+q",
            "request_quit",
            "Quit",
            id="quit_ctrl_q",
            show=False,  # the footer shows F10
            priority=True,
            tooltip="quit (a second key for it)",
        ),
        # Reflexes from other programs: said what they do here instead of doing nothing.
        Binding(
            "ctrl+c",
            "explain_copy",
            "Copy",
            id="explain_copy",
            show=False,
            system=True,
            tooltip="copies selected text; otherwise says how to quit",
        ),
        Binding(
            "ctrl+z",
            "explain_undo",
            "Undo",
            id="explain_undo",
            show=False,
            system=True,
            tooltip="undo where something can be undone; elsewhere says where it works",
        ),
    ]

    def __init__(
        self,
        ws: Workspace,
        meeting_id: int | None = None,
        theme: str | None = None,
        resume_command: str = "reviewtui resume",
        temporary: bool = False,
        queues: QueuePrefetch | None = None,
    ) -> None:
        super().__init__()
        self.ws = ws
        # What continues a meeting left open (it names --db when the database was given so);
        # a temporary database (the demo's) is deleted at exit, so nothing continues it.
        self.resume_command = resume_command
        self.temporary = temporary
        # `--theme` for this run; else the one in config.toml; else Textual's default.
        self.theme_choice = ThemeChoice(self, theme)
        self.start_meeting_id = meeting_id
        # The queues of the meeting resumed, when it stands on a queues section (taken once).
        self._prefetched_queues = queues
        self.session: MeetingSession | None = None
        # This window's claim on the live meeting it runs (see `store.live`).
        self.lease_id = lease_owner()
        self._settled_stack: tuple[int, ...] = ()
        self._frozen_after_full = 0
        # A damaged file found while running: the app exits, and the command says so in one
        # line (see `commands.app.run_app`) instead of printing a traceback.
        self.database_error: sqlite3.DatabaseError | None = None
        # The user's `[keys]` entries that were applied (binding id -> keys).
        self.keymap_in_use: dict[str, str] = {}
        self.meetings = MeetingMoves(self)

    # -- start-up and shutdown ------------------------------------------------------

    def get_driver_class(self) -> type[Driver]:
        from reviewtui.terminal_input import driver_for

        return driver_for(super().get_driver_class())

    def on_mount(self) -> None:
        apply_keymap(self)
        self.theme_choice.apply_at_start()
        self.start_writer()
        if self.start_meeting_id is None or not self.open_meeting(self.start_meeting_id):
            self.push_screen(StartScreen(self.ws))
        # When resuming, the start screen is built only once the meeting is left.
        self._install_signal_handlers()
        self.hold_keys()  # keys typed while starting go to the first screen once it is ready
        self.set_interval(SETTLE_EVERY, self.settle_memory)
        self.call_after_refresh(self.meetings.first_frame_drawn)

    def screen_loaded(self) -> None:
        self.meetings.screen_loaded()

    def take_prefetched_queues(self) -> QueuePrefetch | None:
        found, self._prefetched_queues = self._prefetched_queues, None
        return found

    def action_explain_copy(self) -> None:
        """Ctrl+C reached the app: nothing was selected to copy, and it does not quit here."""
        self.notify(
            f"{binding_keys(self, 'explain_copy')} copies selected text, and nothing is selected."
            f" {binding_keys(self, 'quit')} quits.",
            timeout=4,
        )

    def action_explain_undo(self) -> None:
        """Ctrl+Z where nothing can be undone: say where it works."""
        self.notify(
            "Nothing to undo on this screen. Undo works on notes (in a section), on the last"
            " actions and on all actions.",
            timeout=4,
        )

    def unhandled_error(self, error: Exception) -> bool:
        """A damaged database file found while running: exit, and say so in one line."""
        cause: BaseException | None = error
        if isinstance(cause, WorkerFailed):
            cause = cause.error
        if isinstance(cause, sqlite3.DatabaseError) and not isinstance(
            cause, sqlite3.OperationalError
        ):
            self.database_error = cause
            self.exit(return_code=1)
            return True
        return False

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast that shows its text as typed: never markup, never a terminal control.

        Every notification goes through here (a screen's or widget's `notify` calls the app's),
        and messages carry data: titles, due dates, owners, error text quoting what was typed.
        `markup` is accepted for the signature's sake and ignored."""
        del markup
        super().notify(
            clean_input(str(message)),
            title=one_line(str(title)),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def settle_memory(self) -> None:
        """After a change of screens: collect what is new, then freeze what is left.

        Python's full collection walks every object alive; with Textual and the screens that is
        some 85,000 objects, 40-65 ms, a stall a typist feels in the middle of a word. Frozen
        objects are skipped, so the collections that fall between keystrokes stay at a few ms.
        Screens that were frozen and closed since are collected by a full collection once what
        is frozen has grown by half, so a long meeting does not keep them.
        """
        stack = tuple(id(screen) for screen in self.screen_stack)
        if stack == self._settled_stack:
            return
        self._settled_stack = stack
        full = gc.get_freeze_count() > self._frozen_after_full * 3 // 2
        if full:
            gc.unfreeze()
        gc.collect()
        gc.freeze()
        if full:
            self._frozen_after_full = gc.get_freeze_count()

    def on_unmount(self) -> None:
        session = self.session
        if session is not None and session.lease is not None:
            release = {"meeting_id": session.id, "owner": session.lease}
            self.write(Change("meeting.release", release))
        self.stop_writer()
        # Everything written is now in the .db file itself: a copy of that file alone (a
        # backup, a sync) holds it all. Skipped while another program is busy with the file.
        with contextlib.suppress(sqlite3.Error):
            self.ws.checkpoint()

    # -- the one write path ------------------------------------------------------------

    def bounce(self, text: str, error: BaseException) -> None:
        """Typed text refused after its screen had gone: into the input on screen now, or
        shown whole so that it can be copied, never dropped."""
        screen = self.meeting_screen()
        if screen is not None and screen.showing and screen.take_bounced(text, error):
            return
        if shutting_down(self):
            self.unsaved_at_exit.append(Change("note.add", {"text": text}))
            return
        self.notify(
            f"Not saved ({one_line(str(error))}): {one_line(text)}",
            severity="error",
            timeout=30,
            markup=False,
        )

    def _beat_done(self, result: object) -> None:
        if isinstance(result, LeaseLostError | MeetingClosedError):
            screen = self.meeting_screen()
            if screen is not None and screen.session.live:
                screen.lost_meeting(str(result))

    def _install_signal_handlers(self) -> None:
        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(sig, self._on_hangup)
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not the main thread (tests) or no signals on this platform

    def _on_hangup(self) -> None:
        """The link dropped or we were told to stop: keep the draft and the clock, then exit."""
        self.save_state()
        self.exit()

    def meeting_screen(self) -> MeetingScreen | None:
        """The meeting screen, whatever dialog or help is open on top of it."""
        for screen in reversed(self.screen_stack):
            meeting_screen = as_meeting_screen(screen)
            if meeting_screen is not None:
                return meeting_screen
        return None

    def save_state(self) -> None:
        """Queue the draft and the clock of the live meeting, whatever screen is on top."""
        screen = self.meeting_screen()
        if screen is not None:
            screen.save_state()

    def action_request_quit(self) -> None:
        screen = self.meeting_screen()
        if screen is not None and screen.session.live and not screen.read_only:
            draft = (screen.draft() or "").strip()
            if self.temporary:
                detail = "This demo's database is temporary: it is deleted when you quit."
            elif self.ws.location.in_memory:
                detail = "This database is in memory: nothing of it is kept when you quit."
            else:
                detail = f"The meeting stays open; `{one_line(self.resume_command)}` continues it."
            if draft:
                detail = f"Unsaved text is kept as a draft: {one_line(draft, 40)}\n" + detail

            def answer(yes: bool | None) -> None:
                if yes:
                    self.save_state()
                    self.write(screen.session.clock.pause())
                    self.exit()

            self.push_screen(Confirm("Leave the live meeting?", detail), answer)
            return
        self.exit()

    # -- meetings (what the screens ask of the app, see `ReviewHost`) ---------------------

    def ask_new_meeting(self, template_id: str) -> None:
        self.meetings.ask_new_meeting(template_id)

    def open_meeting(self, meeting_id: int) -> bool:
        return self.meetings.open_meeting(meeting_id)

    def show_current(self, session: MeetingSession, push: bool = False) -> None:
        self.meetings.show_current(session, push)

    def show_minutes(self, session: MeetingSession, text: str, path: Path | None = None) -> None:
        self.meetings.show_minutes(text, path)

    def minutes_written(self, result: object) -> None:
        self.meetings.minutes_written(result)

    def show_past_minutes(self, meeting_id: int, hit: SearchHit | None = None) -> None:
        self.meetings.show_past_minutes(meeting_id, hit)

    # -- screens over every meeting ------------------------------------------------------

    def action_show_actions(self) -> None:
        from reviewtui.screens.actions import ActionsScreen

        if not isinstance(self.screen, ActionsScreen):
            self.push_screen(ActionsScreen(self.ws))

    def action_show_report(self) -> None:
        from reviewtui.screens.report import ReportScreen

        if not isinstance(self.screen, ReportScreen):
            self.push_screen(ReportScreen(self.ws))

    def action_show_search(self) -> None:
        from reviewtui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen(self.ws))

    def search_meeting(self, session: MeetingSession) -> None:
        """Search what was said about the accounts this meeting covers (a key widens it)."""
        from reviewtui.screens.search import SearchScreen
        from reviewtui.services.search import meeting_scope

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen(self.ws, meeting_scope(self.ws, session.id)))

    # -- help and palette ------------------------------------------------------------

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        screen = self.screen
        typing = None
        meeting_screen = as_meeting_screen(screen)
        if meeting_screen is not None and meeting_screen.query("NoteInput"):
            typing = typing_help(binding_keys(meeting_screen, "cycle_kind"))
        self.push_screen(HelpScreen(help_sections(self, screen), typing, places(self.ws)))

    def action_command_palette(self) -> None:
        """One palette at a time: F10 asks its question on top of an open palette, and Ctrl+P
        there pushed a second palette with the same id, which crashed the app."""
        if any(s.has_class("--textual-command-palette") for s in self.screen_stack):
            return
        super().action_command_palette()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from system_commands(self, screen)


if TYPE_CHECKING:

    def _is_a_host(app: ReviewApp) -> ReviewHost:
        """mypy proves here that the app provides all that the screens use of it."""
        return app
