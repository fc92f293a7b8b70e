"""What every screen of a live meeting shares: the clock bar, agenda moves, pause, +1 minute."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

from reviewtui.domain.entries import NoteKind
from reviewtui.domain.models import Action
from reviewtui.domain.text import one_line
from reviewtui.screens.dialogs import AskText
from reviewtui.screens.host import ReviewHost, host
from reviewtui.services.changes import Change
from reviewtui.services.meeting import MeetingError, MeetingSession
from reviewtui.terminal_input import shutting_down
from reviewtui.widgets.key_footer import key_footer
from reviewtui.widgets.note_composer import NoteComposer
from reviewtui.widgets.note_input import NoteInput
from reviewtui.widgets.timer_bar import TimerBar

Done = Callable[[Any], None]


class MeetingScreen(Screen[None]):
    """Base of the carry-over, section and wrap-up screens: one screen per agenda item."""

    BINDINGS = [
        Binding(
            "f7", "previous_section", "Prev", id="previous_section", tooltip="previous section"
        ),
        Binding("f8,ctrl+n", "next_section", "Next", id="next_section", tooltip="next section"),
        Binding(
            "f9,ctrl+t",
            "toggle_pause",
            "Pause",
            id="toggle_pause",
            tooltip="pause / resume the clock",
        ),
        # The same keys and id (a keymap moves both), named for what they do while the clock
        # is paused; `check_action` lets only one of the two apply.
        Binding(
            "f9,ctrl+t",
            "resume_clock",
            "Resume",
            id="toggle_pause",
            tooltip="pause / resume the clock",
        ),
        Binding(
            "f4",
            "add_minute",
            "+1 min",
            id="add_minute",
            show=False,
            tooltip="one more minute for this section",
        ),
        Binding("f3", "wrapup", "Wrap-up", id="wrapup", show=False, tooltip="go to the wrap-up"),
        Binding(
            "ctrl+f",
            "search_meeting",
            "Search",
            id="search_meeting",
            show=False,
            tooltip="search what was said about this meeting's accounts, in every meeting",
        ),
    ]

    def __init__(self, session: MeetingSession) -> None:
        super().__init__()
        self.session = session
        self.item = session.current
        self._focus_account_id = session.meeting.focus_account_id
        # Set when another window took the meeting over or closed it: nothing more is written.
        self.read_only = False
        self.read_only_reason = ""
        self._draft_kept = 0  # the composer's `draft_version` when the draft was last written

    @property
    def showing(self) -> bool:
        """Still on the app's stack: a write's callback may arrive after the screen left."""
        app = self.app
        if shutting_down(app) or shutting_down(self):
            return False  # shutting down: what would be shown is put back elsewhere
        return self.is_mounted and any(s is self for s in app.screen_stack)

    @property
    def review_app(self) -> ReviewHost:
        return host(self)

    def compose_timer(self) -> ComposeResult:
        yield TimerBar(id="timer")

    def compose_footer(self) -> ComposeResult:
        yield key_footer()

    def on_key(self, event: events.Key) -> None:
        """Typing goes to the note input wherever the focus is: a printable key that no binding
        takes, pressed while no input has focus (the notes list, a queue, a table), is added at
        the end of the note input, and the typing goes on there. Not a command: a redirect."""
        if not event.is_printable or not event.character or isinstance(self.focused, Input):
            return
        if event.key in self.active_bindings:
            return  # a command of this screen (bindings are checked after the key bubbles)
        note_input = self.query(NoteInput).first() if self.query(NoteInput) else None
        if note_input is None or note_input.disabled:
            return
        event.stop()
        event.prevent_default()
        note_input.append(event.character)

    def on_mount(self) -> None:
        self.sub_title = one_line(self.item.title, 60)
        self.refresh_clock()
        self.set_interval(1.0, self.tick, name="clock")

    def tick(self) -> None:
        """Once a second: redraw the clock bar only; the heartbeat (and the draft, when it
        changed) is written in the background."""
        if self.session.live and not self.read_only:
            composer = self._composer()
            draft = None
            if composer is not None and composer.draft_version != self._draft_kept:
                draft = composer.draft
                self._draft_kept = composer.draft_version
            self.review_app.persist_tick(self.session, draft, self.draft_place(), self.draft_kind())
        self.refresh_clock()

    def _composer(self) -> NoteComposer | None:
        composers = self.query(NoteComposer)
        return composers.first() if composers else None

    def draft(self) -> str | None:
        """The text typed and not saved, kept as the meeting's draft; None on a screen where
        no note is typed (the draft kept stays as it is)."""
        composer = self._composer()
        return composer.draft if composer is not None else None

    def draft_kind(self) -> NoteKind:
        """The kind picked for the draft (F2); a note on a screen where no note is typed."""
        composer = self._composer()
        return composer.draft_kind if composer is not None else NoteKind.NOTE

    def draft_kept(self) -> None:
        """The draft as it stands now is on its way to the file: the tick writes it again
        once it has changed."""
        composer = self._composer()
        if composer is not None:
            self._draft_kept = composer.draft_version

    def draft_place(self) -> tuple[int, int | None]:
        """Where a draft typed now belongs: (agenda item, account in focus)."""
        return self.item.id, self.focus_account_id

    @property
    def focus_account_id(self) -> int | None:
        """The account notes typed now attach to (set by the queue and health screens)."""
        return self._focus_account_id

    def set_focus_account(self, account_id: int | None) -> None:
        """Attach what is typed from now on to this account; remembered in the background."""
        if account_id == self._focus_account_id:
            return
        self._focus_account_id = account_id
        self.write(self.session.notebook.focus(account_id))

    def write(self, change: Change | list[Change] | None, done: Done | None = None) -> None:
        """Queue a change to the meeting on the app's one write path (never raises).

        Errors that refuse it (a conflict, a closed meeting) are shown in one line, after
        `done` has had its say."""

        def finished(result: object) -> None:
            if done is not None:
                done(result)
            elif isinstance(result, BaseException):
                self.show_refusal(result)

        if isinstance(change, list):
            for one in change[:-1]:
                self.review_app.write(one, finished)
            change = change[-1] if change else None
        self.review_app.write(change, finished)

    def take_bounced(self, text: str, error: BaseException) -> bool:
        """Put back typed text that could not be saved after its screen had gone; False when
        this screen has no input to put it in."""
        return False

    def show_refusal(self, error: BaseException) -> None:
        self.app.notify(f"Not saved: {error}", severity="error", timeout=6, markup=False)

    def lost_meeting(self, reason: str) -> None:
        """Another window took the meeting over, or closed it: this one stops writing."""
        if self.read_only:
            return
        self.read_only = True
        self.read_only_reason = reason
        self.app.notify(
            f"{reason}. Anything you type here is kept on screen, not saved.",
            title="Read-only",
            severity="warning",
            timeout=10,
            markup=False,
        )

    def refresh_clock(self) -> None:
        bar = self.query_one(TimerBar)
        bar.show(
            self.session.clock.reading(),
            self.item.title,
            self.session.index + 1,
            len(self.session.items),
            self.session.meeting.series_name or "",
        )

    # -- moving through the agenda ----------------------------------------------------

    def leave(self) -> bool:
        """Called before moving away; return False to stay."""
        return True

    def go_to(self, item_id: int) -> None:
        if item_id == self.item.id or not self.leave():
            return
        try:
            self.write(self.session.clock.goto(item_id))
        except MeetingError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.review_app.show_current(self.session)

    def action_next_section(self) -> None:
        index = self.session.items.index(self.session.item(self.item.id))
        if index + 1 >= len(self.session.items):
            self.notify("This is the last section.")
            return
        self.go_to(self.session.items[index + 1].id)

    def action_previous_section(self) -> None:
        index = self.session.items.index(self.session.item(self.item.id))
        if index == 0:
            self.notify("This is the first section.")
            return
        self.go_to(self.session.items[index - 1].id)

    def action_wrapup(self) -> None:
        for item in self.session.items:
            if item.kind == "wrapup":
                self.go_to(item.id)
                return

    def action_search_meeting(self) -> None:
        self.save_state()  # the draft is kept while the facilitator looks something up
        self.review_app.search_meeting(self.session)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """F9 shows as Pause while the clock runs and as Resume while it is paused."""
        paused = self.session.live and not self.session.clock.running
        if action == "toggle_pause":
            return not paused
        if action == "resume_clock":
            return paused
        return super().check_action(action, parameters)

    def action_resume_clock(self) -> None:
        self.action_toggle_pause()

    def action_toggle_pause(self) -> None:
        try:
            self.write(self.session.clock.toggle())
        except MeetingError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify("Clock running." if self.session.clock.running else "Clock paused.", timeout=2)
        self.refresh_bindings()
        self.refresh_clock()

    def action_add_minute(self) -> None:
        try:
            self.write(self.session.clock.add_time(60))
        except MeetingError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.item = self.session.current
        lender = self.session.clock.borrowed_from
        if lender is not None:
            said = f"One more minute here, taken from '{one_line(lender.title, 30)}'."
        else:
            said = "One more minute here; no later section had one to give: the meeting is longer."
        self.notify(said, timeout=3, markup=False)
        self.refresh_clock()

    def ask_drop(self, action: Action, dropping: Callable[[Action, Change], None]) -> None:
        """Ask why the action is dropped, then hand the drop to `dropping` to write."""

        def drop(reason: str | None) -> None:
            if reason is None:
                return
            try:
                change = self.session.triage.drop(action, reason)
            except MeetingError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            dropping(action, change)

        self.app.push_screen(
            AskText(f"Why drop '{one_line(action.title, 50)}'?", placeholder="a short reason"),
            drop,
        )

    def save_state(self) -> None:
        """Queue whatever is in flight (the draft, the clock) before the app exits."""
        if self.session.live and not self.read_only:
            self.review_app.persist_tick(
                self.session, self.draft(), self.draft_place(), self.draft_kind()
            )
            self.draft_kept()
