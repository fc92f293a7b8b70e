"""What every screen of a live meeting shares: the clock bar, agenda moves, pause, +1 minute."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from reviewtui.domain.models import Action
from reviewtui.domain.text import one_line
from reviewtui.screens.dialogs import AskText
from reviewtui.services.meeting import ConflictError, MeetingError, MeetingSession, remember_focus
from reviewtui.widgets.timer_bar import TimerBar

if TYPE_CHECKING:
    from reviewtui.app import ReviewApp
from reviewtui.widgets.key_footer import key_footer


class MeetingScreen(Screen[None]):
    """Base of the carry-over, section and wrap-up screens: one screen per agenda item."""

    BINDINGS = [
        Binding("f7", "previous_section", "Prev", id="previous_section"),
        Binding("f8,ctrl+n", "next_section", "Next", id="next_section"),
        Binding("f9,ctrl+t", "toggle_pause", "Pause", id="toggle_pause"),
        Binding("f4", "add_minute", "+1 min", id="add_minute", show=False),
        Binding("f3", "wrapup", "Wrap-up", id="wrapup", show=False),
    ]

    def __init__(self, session: MeetingSession) -> None:
        super().__init__()
        self.session = session
        self.item = session.current
        self._focus_account_id = session.meeting.focus_account_id

    @property
    def review_app(self) -> ReviewApp:
        from reviewtui.app import ReviewApp

        assert isinstance(self.app, ReviewApp)
        return self.app

    def compose_timer(self) -> ComposeResult:
        yield TimerBar(id="timer")

    def compose_footer(self) -> ComposeResult:
        yield key_footer()

    def on_mount(self) -> None:
        self.sub_title = one_line(self.item.title, 60)
        self.refresh_clock()
        self.set_interval(1.0, self.tick, name="clock")

    def tick(self) -> None:
        """Once a second: redraw the clock bar only; the heartbeat (and draft) is written in
        the background."""
        if self.session.live:
            self.review_app.persist_tick(self.session, self.draft_for_tick(), self.draft_place())
        self.refresh_clock()

    def draft_for_tick(self) -> str | None:
        """Text to keep as the draft on this tick, or None when it has not changed."""
        return None

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
        self.session.meeting = replace(self.session.meeting, focus_account_id=account_id)
        meeting_id = self.session.id
        self.review_app.write(lambda ws: remember_focus(ws, meeting_id, account_id))

    def refresh_clock(self) -> None:
        bar = self.query_one(TimerBar)
        bar.show(
            self.session.reading(),
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
            self.session.goto(item_id)
        except MeetingError as error:
            self.notify(str(error), severity="error")
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

    def action_toggle_pause(self) -> None:
        running = self.session.toggle_pause()
        self.notify("Clock running." if running else "Clock paused.", timeout=2)
        self.refresh_clock()

    def action_add_minute(self) -> None:
        self.session.add_time(60)
        self.item = self.session.current
        self.notify("One more minute for this section.", timeout=2)
        self.refresh_clock()

    def ask_drop(self, action: Action, dropped: Callable[[], None]) -> None:
        """Ask why the action is dropped, drop it, then call `dropped` (also after an error)."""

        def drop(reason: str | None) -> None:
            if reason is None:
                return
            try:
                self.session.drop(action, reason)
            except (MeetingError, ConflictError) as error:
                self.notify(str(error), severity="error")
            else:
                self.on_dropped(action)
            dropped()

        self.app.push_screen(
            AskText(f"Why drop '{one_line(action.title, 50)}'?", placeholder="a short reason"),
            drop,
        )

    def on_dropped(self, action: Action) -> None:
        """Hook: an action was dropped from this screen."""

    def pending_draft(self) -> str:
        """Text typed but not saved, for the quit question and the exit path."""
        return ""

    def save_state(self) -> None:
        """Persist whatever is in flight (the draft, the clock) before the app exits."""
        if self.session.live:
            self.review_app.persist_tick(
                self.session, self.pending_draft_text(), self.draft_place(), force=True
            )

    def pending_draft_text(self) -> str | None:
        return None
