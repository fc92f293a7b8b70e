"""The Textual application: screens, global keys, theme, command palette."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import WorkerFailed

from reviewtui.assets import styles_dir
from reviewtui.domain.text import clean_input, one_line
from reviewtui.screens.dialogs import Confirm
from reviewtui.screens.help import HelpScreen, help_sections, typing_help
from reviewtui.screens.host import ReviewHost
from reviewtui.screens.minutes import MinutesScreen
from reviewtui.screens.start import StartScreen
from reviewtui.services.changes import Change, LeaseLostError, MeetingClosedError, lease_owner
from reviewtui.services.workspace import Workspace
from reviewtui.terminal_input import UnhandledErrors, shutting_down
from reviewtui.widgets.key_hints import binding_keys
from reviewtui.writing_app import WritingApp

if TYPE_CHECKING:
    # The meeting's modules are imported when a meeting opens: the start screen needs none.
    from reviewtui.screens.meeting_base import MeetingScreen
    from reviewtui.services.meeting import MeetingSession
    from reviewtui.services.search import SearchHit

START_WAIT = 2.0  # seconds a new meeting's creation is waited for before it is left queued
SETTLE_EVERY = 1.0  # seconds between checks for a change of screens (see `settle_memory`)


def markup_literal(text: str) -> str:
    """`text` for a place that parses markup (the command palette): every `[` escaped, so it
    shows as typed. (textual.markup.escape leaves `[/ ` and similar alone.)"""
    return text.replace("[", "\\[")


def as_meeting_screen(screen: object) -> MeetingScreen | None:
    """`screen` when it is a meeting's screen (or one built on it), else None. Its module is
    imported only once a meeting opens; until then no screen can be one."""
    module = sys.modules.get("reviewtui.screens.meeting_base")
    if module is not None and isinstance(screen, module.MeetingScreen):
        return screen
    return None


class ReviewApp(UnhandledErrors, WritingApp):
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
    ) -> None:
        super().__init__()
        self.ws = ws
        # What continues a meeting left open (it names --db when the database was given so);
        # a temporary database (the demo's) is deleted at exit, so nothing continues it.
        self.resume_command = resume_command
        self.temporary = temporary
        # `--theme` for this run; else the one in config.toml; else Textual's default.
        self.requested_theme = theme
        self._theme_in_use = ""
        self.theme_problem = ""
        self.start_meeting_id = meeting_id
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

    # -- start-up and shutdown ------------------------------------------------------

    def get_driver_class(self) -> type[Driver]:
        from reviewtui.terminal_input import driver_for

        return driver_for(super().get_driver_class())

    def on_mount(self) -> None:
        self._apply_keymap()
        self._apply_start_theme()
        self.start_writer()
        # After the first frame: the minutes' code is not needed to draw it.
        self.call_after_refresh(self.retry_pending_minutes)
        if self.start_meeting_id is None or not self.open_meeting(self.start_meeting_id):
            self.push_screen(StartScreen(self.ws))
        # When resuming, the start screen is built only once the meeting is left.
        self._install_signal_handlers()
        self.hold_keys()  # keys typed while starting go to the first screen once it is ready
        self.set_interval(SETTLE_EVERY, self.settle_memory)
        # Writes load sqlite-utils: loaded once the first frame is up, not before it.
        self.call_after_refresh(self.ws.db.preload_utils)

    def _apply_start_theme(self) -> None:
        """The theme asked for on the command line, or else in config.toml; a name that is not
        a theme is one line of warning, and the default theme stays."""
        name: str | None = self.requested_theme
        source = "--theme"
        if name is None:
            name, source = self.ws.config.outline().theme, str(self.ws.settings_path)
        if name and name in self.available_themes:
            self.theme = name
        elif name:
            self.theme_problem = (
                f"{one_line(source)}: no theme {one_line(name, 40)!r}; using {self.theme}"
                f" ({self._keys('palette')}, then theme, lists them)"
            )
            self.notify(self.theme_problem, severity="warning", timeout=8)
        self._theme_in_use = self.theme
        self.theme_changed_signal.subscribe(self, self._theme_chosen)

    def _apply_keymap(self) -> None:
        """The `[keys]` of config.toml: each good entry remaps its binding; a bad one (a key
        that is not a key, an unknown id) is one line of warning, and its keys stay. The ids
        are checked off the app's loop: that imports every screen, which the start skips."""
        # From the outline: the start screen is drawn without loading the settings' models.
        wanted = dict(self.ws.config.outline().keys)
        if not wanted:
            return
        from reviewtui.screens.keys import checked_keys

        keymap, problems = checked_keys(wanted)
        self.keymap_in_use = keymap
        self.set_keymap(keymap)
        self._keymap_problems(problems)
        self.run_worker(self._check_keymap_ids, thread=True, group="keymap")

    def _check_keymap_ids(self) -> None:
        from reviewtui.screens.keys import binding_classes, unknown_ids

        problems = unknown_ids(self.keymap_in_use, [type(self), *binding_classes()])
        if problems:
            self.call_from_thread(self._keymap_problems, problems)

    def _keymap_problems(self, problems: list[str]) -> None:
        source = one_line(str(self.ws.settings_path or "config.toml"))
        for problem in problems:
            self.notify(f"{source}: {one_line(problem)}", severity="warning", timeout=10)

    def _keys(self, binding_id: str) -> str:
        return binding_keys(self, binding_id)

    def action_explain_copy(self) -> None:
        """Ctrl+C reached the app: nothing was selected to copy, and it does not quit here."""
        self.notify(
            f"{self._keys('explain_copy')} copies selected text, and nothing is selected."
            f" {self._keys('quit')} quits.",
            timeout=4,
        )

    def action_explain_undo(self) -> None:
        """Ctrl+Z where nothing can be undone: say where it works."""
        self.notify(
            "Nothing to undo on this screen. Undo works on notes (in a section), on the last"
            " actions and on all actions.",
            timeout=4,
        )

    def _theme_chosen(self, theme: Theme) -> None:
        """A theme picked in the app (Ctrl+P, then theme) is saved to config.toml, so the next
        start uses it; every other setting in the file stays as it was."""
        if theme.name == self._theme_in_use:
            return  # the one applied at start, or chosen again
        self._theme_in_use = theme.name
        path = self.ws.settings_path
        from reviewtui.services.settings_file import save_theme

        try:
            save_theme(path, theme.name)
        except (OSError, ValueError) as error:
            self.notify(
                f"Theme not saved to {one_line(str(path))}: {one_line(str(error))}",
                severity="warning",
                timeout=8,
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
            draft = screen.pending_draft()
            if self.temporary:
                detail = "This demo's database is temporary: it is deleted when you quit."
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

    # -- meetings --------------------------------------------------------------------

    def ask_new_meeting(self, template_id: str) -> None:
        from reviewtui.screens.meeting_setup import offer_resume, setup_checks
        from reviewtui.screens.new_meeting import MeetingSetup, NewMeetingScreen
        from reviewtui.services.meeting import (
            LiveSeriesError,
            MeetingError,
            MeetingSession,
            people_names,
            series_names,
            start_change,
        )

        try:
            template = self.ws.template(template_id)
        except ValueError as error:  # the file went since the start screen listed it
            self.notify(str(error), severity="error", markup=False)
            return

        def begin(setup: MeetingSetup | None) -> None:
            if setup is None:
                return
            try:
                change = start_change(
                    self.ws,
                    template_id,
                    series=setup.series or None,
                    scope=setup.scope or None,
                    attendees=setup.attendees,
                )
            except LiveSeriesError as running:
                offer_resume(self, running)
                return
            except (ValueError, MeetingError) as error:
                self.notify(str(error), severity="error", markup=False)
                return
            # Keys typed from here on are for the meeting's first screen: they wait for it.
            self.hold_keys_until()
            self.write_soon(change, started, wait=START_WAIT)

        def started(result: object) -> None:
            self.release_keys()
            if not isinstance(result, int):
                self.notify(
                    f"The meeting could not be started: {result}", severity="error", markup=False
                )
                return
            session = MeetingSession(self.ws, result, lease=self.lease_id)
            self.write(session.clock.start())
            self.session = session
            self.show_current(session, push=True)

        self.push_screen(
            NewMeetingScreen(
                template.name,
                series_names(self.ws),
                people_names(self.ws),
                **setup_checks(self.ws, template),
            ),
            begin,
        )

    def open_meeting(self, meeting_id: int) -> bool:
        from reviewtui.services.meeting import MeetingError, MeetingSession

        try:
            session = MeetingSession(self.ws, meeting_id, lease=self.lease_id)
        except MeetingError as error:
            self.notify(str(error), severity="error", markup=False)
            return False
        if session.live and session.clock.held_elsewhere():

            def answer(take_over: bool | None) -> None:
                if take_over:
                    self.write(
                        Change(
                            "meeting.claim",
                            {
                                "meeting_id": meeting_id,
                                "owner": self.lease_id,
                                "at": session.ws.clock.now().to_iso8601_string(),
                            },
                        )
                    )
                    self._run_meeting(session)
                else:
                    self._show_read_only(session)

            self.push_screen(
                Confirm(
                    "This meeting is open in another window.",
                    "y takes it over here (the other window can then only read it);"
                    " n shows its notes so far, read-only.",
                ),
                answer,
            )
            return True
        self._run_meeting(session)
        return True

    def _run_meeting(self, session: MeetingSession) -> None:
        if session.live:
            # Still waiting in the recovery file (the database busy or full at start): the
            # screen opens with that draft, not the older one in the database, which the next
            # draft saved would otherwise replace.
            draft = self._unwritten_draft(session.id)
            if draft is not None:
                session.notebook.carried_draft = draft
            self.write(session.clock.recover())
            self.write(session.clock.beat())
        self.session = session
        self.show_current(session, push=True)

    def _show_read_only(self, session: MeetingSession) -> None:
        self.push_screen(MinutesScreen(session.closing.minutes_so_far(), None, read_only=True))

    def show_current(self, session: MeetingSession, push: bool = False) -> None:
        """Show the screen for the meeting's current agenda item."""
        # Only the screen needed is imported: resuming into a section stays quick.
        kind = session.current.kind
        screen: Screen[None]
        if kind == "carryover":
            from reviewtui.screens.carryover import CarryoverScreen

            screen = CarryoverScreen(session)
        elif kind == "wrapup":
            from reviewtui.screens.wrapup import WrapupScreen

            screen = WrapupScreen(session)
        elif kind == "queues":
            from reviewtui.screens.queues import QueuesScreen

            screen = QueuesScreen(session)
        elif kind == "health":
            from reviewtui.screens.health import HealthScreen

            screen = HealthScreen(session)
        elif kind == "goals":
            from reviewtui.screens.goals import GoalsScreen

            screen = GoalsScreen(session)
        else:
            from reviewtui.screens.section import SectionScreen

            screen = SectionScreen(session)
        if push or as_meeting_screen(self.screen) is None:
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def show_minutes(self, session: MeetingSession, text: str, path: Path | None = None) -> None:
        """The meeting closed: leave it for the start screen, with its minutes on top."""
        self.session = None
        if self.meeting_screen() is not None:
            while as_meeting_screen(self.screen) is None:
                self.pop_screen()
            if any(isinstance(s, StartScreen) for s in self.screen_stack):
                self.pop_screen()
            else:
                self.switch_screen(StartScreen(self.ws))
        self.push_screen(MinutesScreen(text, str(path) if path else None))

    def minutes_written(self, result: object) -> None:
        """The minutes file of a closed meeting was written, or could not be."""
        if isinstance(result, BaseException):
            self.notify(
                f"The minutes file was not written ({one_line(str(result))}). They are kept in"
                " the database; the next start tries again, and `reviewtui export` writes them.",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        path = str(result)
        if isinstance(self.screen, MinutesScreen) and self.screen.path is None:
            self.screen.show_path(path)  # said at the top of the minutes
        else:
            self.notify(f"Minutes written to {one_line(path)}", timeout=4, markup=False)

    def retry_pending_minutes(self) -> None:
        """Minutes frozen at close whose file could not be written then: write them now."""
        from reviewtui.services.minutes import minutes_without_file

        for meeting_id in minutes_without_file(self.ws):
            self.write(Change("minutes.write", {"meeting_id": meeting_id}), self.minutes_written)

    def show_past_minutes(self, meeting_id: int, hit: SearchHit | None = None) -> None:
        """A meeting's minutes (as they stand, for a live one); at a search hit's line."""
        from reviewtui.services.meeting import MeetingSession

        session = MeetingSession(self.ws, meeting_id)
        text = session.closing.minutes()
        line = None
        if hit is not None:
            from reviewtui.services.search import hit_line

            line = hit_line(self.ws, hit, text)
        self.push_screen(MinutesScreen(text, session.meeting.minutes_path, hit_line=line))

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
        self.push_screen(HelpScreen(help_sections(self, screen), typing, self.places()))

    def places(self) -> list[tuple[str, str]]:
        """The settings file, the data directory and the database this app is using."""
        from reviewtui.services.places import config_file, data_dir

        database = str(self.ws.db.path) if self.ws.db.path else "in memory (nothing is kept)"
        return [
            ("Settings", str(self.ws.settings_path or config_file())),
            ("Data directory", str(data_dir())),
            ("Database", database),
        ]

    def action_command_palette(self) -> None:
        """One palette at a time: F10 asks its question on top of an open palette, and Ctrl+P
        there pushed a second palette with the same id, which crashed the app."""
        if any(s.has_class("--textual-command-palette") for s in self.screen_stack):
            return
        super().action_command_palette()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        meeting_screen = as_meeting_screen(screen)
        if meeting_screen is not None and meeting_screen.session.live:
            session = meeting_screen.session
            for item in session.items:
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
        yield SystemCommand(
            "All actions",
            "Every action across meetings: owners, due dates, overdue",
            self.action_show_actions,
        )
        yield SystemCommand(
            "Follow-up report",
            "Follow-through, timeboxes, attendance, insight and review coverage",
            self.action_show_report,
        )
        yield SystemCommand(
            "Search what was said",
            "Notes, decisions, risks and actions of every meeting, newest first",
            self.action_show_search,
        )
        last = self._last_minutes_meeting()
        if last is not None:
            yield SystemCommand(
                "Show last minutes",
                "The minutes of the latest closed meeting",
                lambda: self.show_past_minutes(last),
            )

    def _last_minutes_meeting(self) -> int | None:
        from reviewtui.services.meeting_lists import past_meetings

        past = past_meetings(self.ws, limit=1)
        return past[0].id if past else None


if TYPE_CHECKING:

    def _is_a_host(app: ReviewApp) -> ReviewHost:
        """mypy proves here that the app provides all that the screens use of it."""
        return app
