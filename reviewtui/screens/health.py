"""Data and health: anomaly flags above the trends. One account in scope shows every metric
with its trend, pacing and benchmarks; a book shows a table of its accounts, sortable by any
metric or its change."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reviewtui.domain.scope import parse_scope
from reviewtui.domain.text import counted, one_line
from reviewtui.screens.note_screen import NoteScreen
from reviewtui.screens.section import prompts_content
from reviewtui.services.accounts import account_view
from reviewtui.services.health import AccountFlag, HealthScan, health_scan
from reviewtui.services.health_data import (
    AccountHealth,
    BookRow,
    account_health,
    book_order,
    book_page,
)
from reviewtui.services.meeting import MeetingSession
from reviewtui.services.segments import SegmentError
from reviewtui.widgets.account_panel import AccountPanel
from reviewtui.widgets.book_table import PAGE, SORTABLE, BookTable
from reviewtui.widgets.key_hints import binding_keys
from reviewtui.widgets.metric_trends import MetricTrends
from reviewtui.widgets.note_list import NoteList

SEVERITY_STYLES = {3: "bold red", 2: "bold yellow", 1: "dim"}
# The first direction of each sort: the accounts that need talking about first.
WORST_FIRST_DESCENDING = {"red_since": False, "arr_cents": True, "spend_cents": True}
SORT_NAMES = {
    "name": "name",
    "status": "status (red first)",
    "red_since": "longest in status",
    "health": "health",
    "health_change": "health change",
    "usage": "usage",
    "usage_change": "usage change",
    "nps": "NPS",
    "nps_change": "NPS change",
    "arr_cents": "ARR",
    "spend_cents": "spend",
    "cost_per_lead_cents": "cost per lead",
    "leads": "leads",
}
TALL = 36  # at this many lines or more, the prompts, the flags and the account panel have room


class HealthScreen(NoteScreen):
    """Typing goes to the note input; Up/Down pick the account notes attach to.

    What shows is chosen by the screen's classes, in meeting.tcss: `-book` (a table of the
    accounts) or `-one-account` (one account's lines), and `-short` or `-tall` (the
    terminal's height, set again on each resize)."""

    VERTICAL_BREAKPOINTS = [(0, "-short"), (TALL, "-tall")]

    BINDINGS = [
        Binding(
            "up",
            "move(-1)",
            "Up",
            id="health_up",
            show=False,
            tooltip="previous flagged account (or row of the book's table)",
        ),
        Binding(
            "down",
            "move(1)",
            "Down",
            id="health_down",
            show=False,
            tooltip="next flagged account (notes attach to it), or row of the book's table",
        ),
        Binding(
            "pageup",
            "page(-1)",
            "Page up",
            id="health_page_up",
            show=False,
            tooltip="a page up the book's table or the account's trends",
        ),
        Binding(
            "pagedown",
            "page(1)",
            "Page down",
            id="health_page_down",
            show=False,
            tooltip="a page down the book's table or the account's trends",
        ),
        Binding("f5", "next_sort", "Sort", id="health_sort", tooltip="sort by the next column"),
        Binding(
            "ctrl+r",
            "reverse_sort",
            "Reverse",
            id="health_reverse",
            show=False,
            tooltip="reverse the table's order",
        ),
        Binding(
            "ctrl+o",
            "clear_account",
            "No account",
            id="clear_account",
            tooltip="notes attach to no account",
        ),
    ]

    _flags: list[AccountFlag] = []

    def __init__(self, session: MeetingSession) -> None:
        super().__init__(session)
        self._book = False
        self._sort = "health"
        self._descending = False

    def compose(self) -> ComposeResult:
        yield from self.compose_timer()
        with Vertical(id="section-body"):
            yield Static(prompts_content(self.item.prompts), id="prompts")
            with Horizontal(id="flags-line"):
                yield Static(Content.styled("Checking the metrics…", "dim"), id="flags-title")
                # One account on a short screen: its lines scroll.
                yield Static(
                    Content.styled("  PgDn/PgUp scroll the lines below", "dim"), id="flags-hint"
                )
            yield OptionList(id="flags")
            with VerticalScroll(id="trends-scroll", can_focus=False):
                yield MetricTrends(id="trends")
            yield BookTable(self._rows, self._days_in_status, id="book")
            yield AccountPanel(id="account-panel")
            yield NoteList(id="notes")
        yield self.note_composer()
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self._mounted_at = time.perf_counter()  # the benchmark measures from here
        self._flags_loaded = False
        self._flags_started = False
        super().on_mount()
        self.query_one(BookTable).display = False
        self.query_one("#trends-scroll").display = False
        self.load_book()  # the scan starts once the first rows are up (see _show_book)

    # -- loading ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="book")
    def load_book(self) -> None:
        """The order of the book first (quick), so its first rows show before the scan ends."""
        scope = self.session.meeting.scope
        try:
            with self.session.ws.own_connection() as ws:
                ids = book_order(
                    ws, scope, self._sort, self._descending, media_only=self._media_only
                )
                one = _one_account(scope, ids)
                health = account_health(ws, one) if one is not None else None
                first = book_page(ws, ids[:PAGE]) if health is None else []
        except SegmentError as error:
            self.app.call_from_thread(self._show_problem, str(error))
            return
        if get_current_worker().is_cancelled:
            return  # a newer order was asked for (F5 pressed again): that one shows
        self.app.call_from_thread(self._show_book, ids, health, first)

    @work(thread=True, exclusive=True, group="flags")
    def load_flags(self) -> None:
        try:
            # On a connection of its own: the scan of a big book takes seconds, and the
            # account panel reads from the app's connection meanwhile.
            with self.session.ws.own_connection() as ws:
                scan = health_scan(
                    ws, self.session.meeting.scope, media_only=self._book_media_only()
                )
        except SegmentError as error:
            self.app.call_from_thread(self._show_problem, str(error))
            return
        self.app.call_from_thread(self._show_flags, scan)

    def _show_problem(self, message: str) -> None:
        self._flags_loaded = True
        self.query_one("#flags-title", Static).update(Content(message))

    def _show_book(
        self, ids: Sequence[int], health: AccountHealth | None, first: Sequence[BookRow] = ()
    ) -> None:
        if not self._flags_started:
            # Only now: the scan of a big book would slow the table's first rows down.
            self._flags_started = True
            self.call_after_refresh(self.load_flags)
        if health is not None:
            self.query_one("#trends-scroll").display = True
            self.add_class("-one-account")
            trends = self.query_one(MetricTrends)
            trends.show_health(health, self.session.ws.clock.today())
            self.set_focus_account(health.account_id)
            return
        self._book = True
        # The table takes the room of the notes list: what is typed is confirmed below it
        # and shows in the account's panel.
        self.add_class("-book")
        self.refresh_bindings()
        table = self.query_one(BookTable)
        table.display = True
        table.show_ids(ids, self._sort, self._descending, first, keep=self.focus_account_id)

    def _show_flags(self, scan: HealthScan) -> None:
        self._flags_loaded = True
        flags = self._flags = scan.flags
        title = self.query_one("#flags-title", Static)
        hint = ""
        if self._book:
            sort, up, down = (
                binding_keys(self, key) for key in ("health_sort", "health_up", "health_down")
            )
            hint = f"  {sort} sorts the table, {up}/{down} pick an account"
        if not flags:
            title.update(Content.assemble("No anomalies in the accounts in scope.", (hint, "dim")))
        else:
            found = f"{counted(scan.total, 'flag')} on {counted(scan.accounts, 'account')}"
            if scan.truncated:
                found += f" · the {len(flags):,} most severe listed"
            title.update(Content.assemble((found, "bold"), (hint, "dim")))
        options = self.query_one("#flags", OptionList)
        options.clear_options()
        options.add_options(
            [
                Option(
                    Content.assemble(
                        (f"{f.flag.severity_label.upper():<6} ", SEVERITY_STYLES[f.flag.severity]),
                        (one_line(f.account_name, 30), "bold"),
                        ": ",
                        one_line(f.message, 200),
                    ),
                    id=f"flag-{index}",
                )
                for index, f in enumerate(flags)
            ]
        )
        options.display = bool(flags)

    @property
    def _media_only(self) -> bool:
        """A growth review covers the accounts we run media for."""
        template = self.session.ws.templates.get(self.session.meeting.template)
        return bool(template and template.media_only)

    def _book_media_only(self) -> bool:
        try:
            parsed = parse_scope(self.session.meeting.scope)
        except ValueError:
            parsed = None
        return self._media_only and not (parsed is not None and parsed.kind == "account")

    def _rows(self, ids: Sequence[int]) -> list[BookRow]:
        return book_page(self.session.ws, ids)

    def _days_in_status(self, row: BookRow) -> int | None:
        if row.status not in ("red", "yellow") or row.status_changed_on is None:
            return None
        today = self.session.ws.clock.today()
        return (dt.date(today.year, today.month, today.day) - row.status_changed_on).days

    # -- moving ----------------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        if self._book:
            self.query_one(BookTable).action_cursor(delta)
            return
        options = self.query_one("#flags", OptionList)
        if not options.option_count:
            return
        current = options.highlighted
        if current is None:
            options.highlighted = 0
        else:
            options.highlighted = max(0, min(options.option_count - 1, current + delta))

    def action_page(self, direction: int) -> None:
        if self._book:
            self.query_one(BookTable).action_page(direction)
        else:  # one account: the lines a small terminal cannot hold
            scroll = self.query_one("#trends-scroll", VerticalScroll)
            if direction > 0:
                scroll.scroll_page_down(animate=False)
            else:
                scroll.scroll_page_up(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_sort", "reverse_sort"):
            return self._book  # only a book has a table to sort
        return super().check_action(action, parameters)

    def action_next_sort(self) -> None:
        if not self._book:
            self.show_status("One account in scope: nothing to sort.")
            return
        self._sort = SORTABLE[(SORTABLE.index(self._sort) + 1) % len(SORTABLE)]
        self._descending = WORST_FIRST_DESCENDING.get(self._sort, False)
        self._resort()

    def action_reverse_sort(self) -> None:
        if self._book:
            self._descending = not self._descending
            self._resort()

    def _resort(self) -> None:
        order = "highest first" if self._descending else "lowest first"
        self.show_status(f"Sorting by {SORT_NAMES[self._sort]}, {order}…")
        self.load_book()

    def on_book_table_highlighted(self, event: BookTable.Highlighted) -> None:
        if event.account_id is None:
            return
        self._focus(event.account_id)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id != "flags" or event.option_index >= len(self._flags):
            return
        if not self._book:
            self._focus(self._flags[event.option_index].account_id)

    def _focus(self, account_id: int) -> None:
        self.set_focus_account(account_id)
        panel = self.query_one(AccountPanel)
        # Shown below the book's table only on a tall screen: kept up to date all the same,
        # for a resize to show.
        panel.add_class("-shown")
        panel.show_view(account_view(self.session.ws, account_id, self.session.id))
        if self.composer.input.value:
            self.composer.refresh_preview()

    def action_clear_account(self) -> None:
        self.set_focus_account(None)
        self.query_one(AccountPanel).remove_class("-shown")
        self.query_one("#flags", OptionList).highlighted = None
        self.composer.refresh_preview()


def _one_account(scope: str | None, ids: Sequence[int]) -> int | None:
    """The account shown line by line: an account scope, or a book of exactly one."""
    try:
        parsed = parse_scope(scope)
    except ValueError:
        parsed = None
    if (parsed is not None and parsed.kind == "account") or len(ids) == 1:
        return ids[0] if ids else None
    return None
