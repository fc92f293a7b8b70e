"""The first screen: unfinished meetings first, then new meetings by template, then past ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reviewtui.domain.text import one_line
from reviewtui.screens.host import host
from reviewtui.services.meeting_lists import live_meetings, past_meetings
from reviewtui.services.series_cadence import SeriesStatus, due_series
from reviewtui.widgets.key_footer import key_footer
from reviewtui.widgets.key_hints import widget_keys

if TYPE_CHECKING:
    from reviewtui.services.workspace import Workspace


class StartScreen(Screen[None]):
    """Pick up where a meeting stopped, start a new one, or read past minutes."""

    @property
    def _choose(self) -> str:
        """The keys that choose the highlighted meeting or template in a list."""
        return widget_keys(OptionList, "select")

    BINDINGS = [
        Binding(
            "n", "focus_list('templates')", "New", id="start_new", tooltip="jump to new meeting"
        ),
        Binding(
            "r",
            "focus_list('live')",
            "Resume",
            id="start_resume",
            tooltip="jump to unfinished meetings",
        ),
        Binding(
            "p", "focus_list('past')", "Past", id="start_past", tooltip="jump to past meetings"
        ),
        Binding(
            "a",
            "app.show_actions",
            "Actions",
            id="start_actions",
            tooltip="all actions across meetings",
        ),
        Binding(
            "f", "app.show_report", "Follow-up", id="start_report", tooltip="the follow-up report"
        ),
        Binding(
            "s", "app.show_search", "Search", id="start_search", tooltip="search what was said"
        ),
    ]

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("reviewtui · account reviews", "bold"), id="start-title")
        yield Static("", id="series-due")
        with Vertical(id="start-body"):
            yield Static(
                f"Unfinished meetings ({self._choose} resumes)",
                classes="list-title",
                id="live-title",
            )
            yield OptionList(id="live")
            yield Static(f"Start a new meeting ({self._choose})", classes="list-title")
            yield OptionList(id="templates")
            yield Static(f"Past meetings ({self._choose} shows the minutes)", classes="list-title")
            yield OptionList(id="past")
        yield key_footer()

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        # Back from a dialog or another screen: the cursor stays where it was, so an Escape
        # followed by Enter never lands on a live meeting it did not point at.
        focused = self.focused
        where = focused.id if isinstance(focused, OptionList) else None
        before = {o.id: o.highlighted for o in self.query(OptionList) if o.id is not None}
        self.reload()
        if where is None:
            return
        target = self.query_one(f"#{where}", OptionList)
        if not target.display:
            return
        index = before.get(where)
        if index is not None and index < target.option_count:
            target.highlighted = index
        target.focus()

    def reload(self) -> None:
        due = due_series(self.ws)
        self.query_one("#series-due", Static).update(due_content(due))
        self.query_one("#series-due").display = bool(due)
        tz = self.ws.tz
        live = self.query_one("#live", OptionList)
        live.clear_options()
        meetings = live_meetings(self.ws)
        for m in meetings:
            when = m.started_at.in_timezone(tz).format("ddd D MMM HH:mm")
            live.add_option(Option(Content(f"{when}  {one_line(m.title, 60)}"), id=f"m{m.id}"))
        live.display = bool(meetings)
        self.query_one("#live-title").display = bool(meetings)
        templates = self.query_one("#templates", OptionList)
        templates.clear_options()
        # In brief, from the checked cache: the models themselves are loaded once one is picked.
        for t in sorted(self.ws.config.outline().templates, key=lambda t: t.name):
            label = f"{one_line(t.name, 40):<40} {t.sections} sections, {t.minutes:.0f} min"
            templates.add_option(Option(Content(label), id=f"t:{t.id}"))
        past = self.query_one("#past", OptionList)
        past.clear_options()
        for m in past_meetings(self.ws, limit=30):
            when = m.started_at.in_timezone(tz).format("YYYY-MM-DD HH:mm")
            mark = " (abandoned)" if m.abandoned_at is not None else ""
            past.add_option(
                Option(Content(f"#{m.id:<4} {when}  {one_line(m.title, 54)}{mark}"), id=f"m{m.id}")
            )
        for options in (live, templates, past):
            # Enter must act at once: the first entry is the one it picks until arrows move.
            if options.option_count and options.highlighted is None:
                options.highlighted = 0
        for option_list in (live, templates, past):
            if option_list.option_count:
                option_list.highlighted = 0
        (live if meetings else templates).focus()

    def action_focus_list(self, which: str) -> None:
        target = self.query_one(f"#{which}", OptionList)
        if target.display:
            target.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        app = host(self)
        option_id = event.option.id or ""
        if event.option_list.id == "templates":
            app.ask_new_meeting(option_id.removeprefix("t:"))
        elif event.option_list.id == "live":
            app.open_meeting(int(option_id[1:]))
        elif event.option_list.id == "past":
            app.show_past_minutes(int(option_id[1:]))


def due_content(due: list[SeriesStatus], shown: int = 3) -> Content:
    """'Overdue: Strategy review (weekly, last 18 Nov, due 25 Nov)' lines, most urgent first."""
    lines = []
    for s in due[:shown]:
        last = s.last.format("D MMM") if s.last else "never"
        when = s.next_due.format("D MMM") if s.next_due else "-"
        word = "Overdue" if s.state == "overdue" else "Due"
        lines.append(
            Content.assemble(
                (f"{word}: ", "bold red" if s.state == "overdue" else "bold yellow"),
                (one_line(s.name, 50), "bold"),
                (f" ({s.cadence}, last {last}, due {when})", "dim"),
            )
        )
    if len(due) > shown:
        lines.append(Content.styled(f"... and {len(due) - shown} more: reviewtui series", "dim"))
    return Content("\n").join(lines)
