"""Segment queues side by side: move through accounts, talk about each, mark it reviewed."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING

import pendulum
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from reviewtui.domain.segment_fields import section_queue_ids
from reviewtui.domain.text import one_line
from reviewtui.domain.timing import format_seconds
from reviewtui.domain.trends import money
from reviewtui.screens.note_screen import NoteScreen
from reviewtui.screens.section import prompts_content
from reviewtui.services.accounts import account_view, reviewed_accounts
from reviewtui.services.meeting import MeetingError, MeetingSession, Saved
from reviewtui.widgets.account_panel import AccountPanel
from reviewtui.widgets.key_hints import binding_keys
from reviewtui.widgets.queue_column import QueueColumn, QueueRow, queue_moves

if TYPE_CHECKING:  # the segments' rules load pydantic: not before the first frame
    from reviewtui.services.queue_prefetch import QueuePrefetch, QueueQuestion
    from reviewtui.services.segments import SegmentQueue

WIDE = 100  # at this many columns or more, the queues stand side by side (`-wide`)
TALL = 36  # at this many lines or more, the account panel and the prompts have more room


class QueuesScreen(NoteScreen):
    """Typing still goes to the note input; Up/Down move in the current queue.

    The queues of a meeting resumed on them come evaluated while the app started, and show in
    the first frame. Otherwise they are evaluated in a thread started as the screen mounts,
    and the columns are drawn meanwhile: until then they say they are loading, and the keys
    that move in a queue do nothing."""

    # The layout at each size is in meeting.tcss.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (TALL, "-tall")]

    BINDINGS = [
        Binding(
            "f5",
            "next_queue",
            "Queue",
            id="next_queue",
            tooltip="next queue (at 80 columns the queues are tabs)",
        ),
        Binding(
            "ctrl+r",
            "mark_reviewed",
            "Reviewed",
            id="mark_reviewed",
            tooltip="mark the account reviewed and move to the next one",
        ),
        Binding(
            "ctrl+g",
            "choose_queues",
            "Choose queues",
            id="choose_queues",
            show=False,
            tooltip="choose the queues shown in this meeting",
        ),
        *queue_moves("move"),
    ]

    def __init__(self, session: MeetingSession) -> None:
        super().__init__(session)
        self.queue_ids: list[str] = section_queue_ids(self.item.segments)
        self.queues: list[SegmentQueue] = []
        self.loaded = False  # the queues are evaluated, and the columns show them
        self.problem = ""
        self.active_queue = 0
        self._account_since: pendulum.DateTime | None = None
        self._account_id: int | None = None
        self._columns: list[QueueColumn] | None = None
        self._reviewed: set[int] = set()

    def compose(self) -> ComposeResult:
        yield from self.compose_timer()
        yield Static("", id="queue-tabs")
        with Vertical(id="queue-prompts"):
            yield Static("", id="queue-prompt")
            yield Static("", id="queue-prompts-more")  # shown on a tall screen (`-tall`)
        with Horizontal(id="queue-columns"):
            for index, queue_id in enumerate(self.queue_ids):
                # Named by the segment's id until it is evaluated.
                yield QueueColumn(queue_id, queue_id, "", None, self._rows, id=f"queue-{index}")
            if not self.queue_ids:
                yield Static(Content("No queues for this section."))
        yield AccountPanel(id="account-panel")
        yield self.note_composer()
        yield from self.compose_footer()

    def _rows(self, ids: Sequence[int]) -> list[QueueRow]:
        from reviewtui.services.segments import accounts_for_ids

        accounts = accounts_for_ids(self.session.ws, ids)
        rows = []
        for account_id in ids:
            account = accounts.get(account_id)
            if account is None:
                continue
            detail = money(account.arr_cents)
            if account.health is not None:
                detail = f"{account.health:>3.0f} {detail:>6}"
            rows.append(QueueRow(account.id, account.name, detail))
        return rows

    def on_mount(self) -> None:
        super().on_mount()
        self._reviewed = reviewed_accounts(self.session.ws, self.session.id)
        for column in self.queue_columns:
            column.set_reviewed(self._reviewed)
        self.layout_queues()
        self.query_one(AccountPanel).show(Content.styled("Loading the queues…", "dim"))
        # Imported here, not in the thread below: an import there waits for the interpreter,
        # which the first frame keeps busy (13 ms here became 100-150 ms there).
        from reviewtui.services import segments
        from reviewtui.services.queue_prefetch import QueueQuestion

        session = self.session
        question = QueueQuestion.of_section(
            session.id, self.item, session.meeting.scope, session.ws.clock.today()
        )
        early = self.review_app.take_prefetched_queues()
        if early is not None and early.ready:
            found = early.queues_for(question)
            if found is not None:  # evaluated while the app started: in the first frame
                self.show_queues(found)
                return
            early = None
        # A thread started now, while the first frame is built and drawn: SQLite lets go of
        # the interpreter while it reads. (A Textual worker's thread would start only once
        # the event loop is free again, after that frame: 70-190 ms later over a big book.)
        app = self.app
        threading.Thread(
            target=self.load_queues, args=(app, segments, question, early), daemon=True
        ).start()

    # -- loading -------------------------------------------------------------------

    def load_queues(
        self,
        app: App[object],
        segments: ModuleType,
        question: QueueQuestion,
        early: QueuePrefetch | None,
    ) -> None:
        """In a thread of its own: the queues evaluated while the app started, when they
        answer this screen's question; else the queues' segments evaluated on a connection of
        its own, so a queue screen over a big book is drawn, and takes keys, while they are.
        Whatever goes wrong is said in one line where the queues would be."""
        queues = early.queues_for(question, wait=True) if early is not None else None
        problem = ""
        if queues is None:
            queues = []
            try:
                with self.session.ws.own_connection() as ws:
                    queues = segments.evaluate_segments(
                        ws, list(question.queue_ids), as_of=question.as_of, scope=question.scope
                    )
            except segments.SegmentError as error:
                problem = str(error)
            except Exception as error:  # a thread's error would reach nobody
                problem = f"The queues could not be read: {error}"
        with contextlib.suppress(RuntimeError):  # the app closed meanwhile
            app.call_from_thread(self.show_queues, queues, problem)

    def show_queues(self, queues: list[SegmentQueue], problem: str = "") -> None:
        """Fill the columns with the evaluated queues (or say why there are none)."""
        if self.loaded or not self.is_attached:
            return
        self.queues, self.problem, self.loaded = queues, problem, True
        columns = self.queue_columns
        if len(queues) != len(columns):
            for column in columns:
                column.remove()
            self._columns = []
            # Cleaned here, where it is shown: a segment file's words may be in it.
            message = Content(one_line(problem) or "No queues for this section.")
            self.query_one("#queue-columns").mount(Static(message))
        for column, queue in zip(self._columns or [], queues, strict=False):
            column.show_accounts(queue.name, queue.order_label, queue.account_ids)
        # Back where the facilitator was (a resumed meeting, a section revisited): on the
        # account notes were being typed about, in the first queue that holds it.
        focus = self.focus_account_id
        for index, column in enumerate(self._columns or []):
            if focus is not None and column.select_account(focus):
                self.active_queue = index
                break
        self.activate(self.active_queue)
        self._show_account_clock()  # the time on the account, without waiting for a tick
        # The app's background work may start once this is drawn.
        self.call_after_refresh(self.review_app.screen_loaded)

    # -- layout --------------------------------------------------------------------

    @property
    def queue_columns(self) -> list[QueueColumn]:
        if self._columns is None:  # fixed once composed: choosing queues builds a new screen
            self._columns = list(self.query(QueueColumn))
        return self._columns

    def layout_queues(self) -> None:
        """Mark the active queue (at `-narrow` widths, the only one shown) and its tab."""
        for index, column in enumerate(self.queue_columns):
            column.set_class(index == self.active_queue, "-active")
            column.refresh()
        tabs = self.query_one("#queue-tabs", Static)
        tabs.set_class(len(self.queue_columns) > 1, "-many")  # tabs at `-narrow` widths
        parts: list[str | tuple[str, str]] = []
        for index, column in enumerate(self.queue_columns):
            count = f"{column.reviewed_count()}/{column.total}" if column.loaded else "…"
            label = f" {one_line(column.queue_name, 18)} {count} "
            parts.append((label, "reverse bold" if index == self.active_queue else "dim"))
        parts.append((f"  {binding_keys(self, 'next_queue')} next queue", "dim"))
        tabs.update(Content.assemble(*parts))
        if self.queues:
            prompts = self.queues[self.active_queue % len(self.queues)].prompts
            self.query_one("#queue-prompt", Static).update(prompts_content(prompts[:1]))
            self.query_one("#queue-prompts-more", Static).update(prompts_content(prompts[1:4]))

    def activate(self, index: int) -> None:
        columns = self.queue_columns
        if not self.loaded:
            return
        if not columns:
            self.query_one(AccountPanel).show_view(None)
            return
        self.active_queue = index % len(columns)
        self.layout_queues()
        self.show_account(columns[self.active_queue].current)

    # -- accounts ------------------------------------------------------------------

    def show_account(self, row: QueueRow | None) -> None:
        account_id = row.account_id if row else None
        if account_id != self._account_id:
            self._account_id = account_id
            self._account_since = self.session.ws.clock.now()
            self.set_focus_account(account_id)
        panel = self.query_one(AccountPanel)
        panel.show_view(
            account_view(self.session.ws, account_id, self.session.id) if account_id else None
        )
        if self.composer.input.value:
            self.composer.refresh_preview()  # it names the account the note will attach to

    def on_queue_column_highlighted(self, event: QueueColumn.Highlighted) -> None:
        columns = self.queue_columns
        active = event.column in columns and columns.index(event.column) == self.active_queue
        # `action_move` has already shown the account the cursor moved to.
        if active and event.account_id != self._account_id:
            self.show_account(event.column.current)

    def action_next_queue(self) -> None:
        self.activate(self.active_queue + 1)

    def action_move(self, delta: int) -> None:
        if self.loaded and self.queue_columns:
            column = self.queue_columns[self.active_queue]
            column.action_cursor(delta)
            # The panel follows in the same frame as the cursor, not one message later.
            self.show_account(column.current)

    def action_page(self, direction: int) -> None:
        if self.loaded and self.queue_columns:
            self.queue_columns[self.active_queue].action_page(direction)

    def action_mark_reviewed(self) -> None:
        if self._account_id is None or not self.loaded or not self.queue_columns:
            return
        name = self.queue_columns[self.active_queue].current
        account_id = self._account_id
        label = one_line(name.name, 30) if name else "Account"
        self._reviewed.add(account_id)
        for column in self.queue_columns:
            column.set_reviewed(self._reviewed)
        self.queue_columns[self.active_queue].next_unreviewed()
        self.layout_queues()

        def written(result: object) -> None:
            if not self.showing:
                if isinstance(result, BaseException):
                    self.show_refusal(result)
                return
            if isinstance(result, BaseException):
                self._reviewed.discard(account_id)
                self.show_status(f"! Not saved: {result}", error=True)
            elif result is False:
                self.show_status(f"{label} was already reviewed.")
            else:
                self.show_status(f"✓ {label} reviewed.")
            self._reviewed |= reviewed_accounts(self.session.ws, self.session.id)
            for column in self.queue_columns:
                column.set_reviewed(self._reviewed)

        try:
            self.write(self.session.notebook.mark_reviewed(account_id), written)
        except MeetingError as error:
            self.show_status(f"! {error}", error=True)

    def action_choose_queues(self) -> None:
        from reviewtui.screens.choose_queues import ChooseQueuesScreen
        from reviewtui.services.segments import SegmentError, evaluate_segments

        try:
            every = evaluate_segments(self.session.ws, scope=self.session.meeting.scope)
        except SegmentError as error:
            self.show_status(f"! {error}", error=True)
            return

        def apply(chosen: list[str] | None) -> None:
            if chosen is None or chosen == self.queue_ids:
                return
            try:
                change = self.session.record.choose_queues(chosen)
            except MeetingError as error:
                self.show_status(f"! {error}", error=True)
                return
            changes = [change]
            series_id = self.session.meeting.series_id
            if series_id is not None:  # the series' next meetings open with these queues
                changes.append(
                    self.session.change("series.queues", series_id=series_id, segments=chosen)
                )
            # The new screen replaces this one: what is being typed goes with it, as on F8.
            self.leave()
            self.write(changes)
            self.review_app.show_current(self.session)

        self.app.push_screen(ChooseQueuesScreen(every, self.queue_ids), apply)

    def action_toggle_prompts(self) -> None:
        """F6 here hides the account panel and the queue's questions, for longer queues."""
        for widget in (self.query_one(AccountPanel), self.query_one("#queue-prompts")):
            widget.display = not widget.display

    # -- notes ---------------------------------------------------------------------
    # Notes typed here belong to the focused account and show in its panel.

    def show_saved(self, saved: Saved) -> None:
        self.show_notes()

    def show_notes(self) -> None:
        if self._account_id is not None:
            self.query_one(AccountPanel).show_view(
                account_view(self.session.ws, self._account_id, self.session.id)
            )

    def refresh_clock(self) -> None:
        super().refresh_clock()
        self._show_account_clock()

    def _show_account_clock(self) -> None:
        timebox = self.session.clock.account_timebox()
        if not timebox or self._account_since is None or self._account_id is None:
            return
        spent = int((self.session.ws.clock.now() - self._account_since).total_seconds())
        over = " OVER" if spent > timebox else ""
        self.composer.set_subtitle(
            f"on this account {format_seconds(spent)} of {format_seconds(timebox)}{over}"
        )
