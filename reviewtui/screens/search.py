"""Search what was said: type words, see the newest notes and actions that hold them.

Opened from a live meeting, it searches what was said about that meeting's accounts (and in
its series' meetings), and a key widens it to every account and back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reviewtui.domain.text import one_line, snippet_parts
from reviewtui.screens.host import host
from reviewtui.services.search import MeetingScope, SearchError, SearchHit, meeting_day, search
from reviewtui.widgets.key_footer import key_footer
from reviewtui.widgets.key_hints import submit_keys
from reviewtui.widgets.steady_input import SteadyInput

if TYPE_CHECKING:
    from reviewtui.services.workspace import Workspace

# Typing pauses this long before the search runs: one search per word, not per key.
DEBOUNCE_SECONDS = 0.25
MATCH_STYLE = "bold reverse"


class SearchScreen(Screen[None]):
    """An input that searches as you type, and the hits, newest first; Enter opens a hit's
    meeting minutes."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="search_back", tooltip="back"),
        Binding(
            "down",
            "focus_hits",
            "Hits",
            id="search_hits",
            show=False,
            tooltip="into the hits, to open one's minutes",
        ),
        Binding(
            "ctrl+l",
            "focus_input",
            "Edit query",
            id="search_edit",
            tooltip="back to the words searched for",
        ),
        # One key, two meanings: only the one that applies is active (and shown).
        Binding(
            "f2",
            "widen",
            "All accounts",
            id="search_widen",
            tooltip="search every account, not only the meeting's",
        ),
        Binding(
            "f2",
            "narrow",
            "This meeting's",
            id="search_narrow",
            tooltip="search only the meeting's accounts again",
        ),
    ]

    def __init__(self, ws: Workspace, within: MeetingScope | None = None) -> None:
        super().__init__()
        self.ws = ws
        self.hits: list[SearchHit] = []
        self._timer: Timer | None = None
        self.searched = ""  # the query the hits are for
        # What a live meeting covers; searched while `narrow` (the default from a meeting).
        self.within = within
        self.narrow = within is not None

    def compose(self) -> ComposeResult:
        yield SteadyInput(placeholder="Search what was said (word, or pref*)", id="search-input")
        if self.within is not None:
            yield Static(self.scope_text(), id="search-scope", classes="-narrow")
        yield Static(self.prompt_text(), id="search-status")
        yield OptionList(id="search-hits")
        yield key_footer()

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "widen":
            return self.within is not None and self.narrow
        if action == "narrow":
            return self.within is not None and not self.narrow
        return True

    def scope_text(self) -> Content:
        if self.within is not None and self.narrow:
            return Content(f"In {one_line(self.within.label)}")
        return Content("In every account and meeting")

    def prompt_text(self) -> str:
        if self.narrow:
            return "Type a word to search what was said about this meeting's accounts."
        return "Type a word to search every meeting."

    def action_widen(self) -> None:
        self.set_narrow(False)

    def action_narrow(self) -> None:
        self.set_narrow(True)

    def set_narrow(self, narrow: bool) -> None:
        if self.within is None or narrow == self.narrow:
            return
        self.narrow = narrow
        scope = self.query_one("#search-scope", Static)
        scope.update(self.scope_text())
        scope.set_class(narrow, "-narrow")
        self.refresh_bindings()
        self.run_search()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self.run_search)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.searched != event.value:
            self.run_search()
        if self.hits:
            self.open_hit(0)

    def run_search(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        query = self.query_one("#search-input", Input).value
        self.searched = query
        hits_list = self.query_one("#search-hits", OptionList)
        status = self.query_one("#search-status", Static)
        hits_list.clear_options()
        self.hits = []
        if not query.strip():
            status.update(self.prompt_text())
            return
        result = search(self.ws, query, within=self.within if self.narrow else None)
        if isinstance(result, SearchError):
            status.update(Content(one_line(result.message)))
            return
        self.hits = result
        if not result:
            status.update(Content(f"Nothing matches {one_line(query, 40)!r}."))
            return
        more = " (the newest 50)" if len(result) == 50 else ""
        count = "1 hit" if len(result) == 1 else f"{len(result)} hits"
        status.update(
            Content(f"{count}{more}, newest first. {submit_keys()} on a hit opens its minutes.")
        )
        hits_list.add_options(
            Option(self.hit_label(hit), id=f"h{index}") for index, hit in enumerate(result)
        )
        hits_list.highlighted = 0

    def hit_label(self, hit: SearchHit) -> Content:
        where = [meeting_day(self.ws, hit).isoformat(), one_line(hit.meeting_title, 40)]
        if hit.section:
            where.append(one_line(hit.section, 24))
        if hit.account:
            where.append(one_line(hit.account, 24))
        heading = Content.styled(f"{' · '.join(where)}  [{hit.kind}]", "dim")
        snippet = Content.assemble(
            *((text, MATCH_STYLE) if match else text for text, match in snippet_parts(hit.snippet))
        )
        return Content.assemble(heading, "\n", snippet)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.open_hit(event.option_index)

    def open_hit(self, index: int) -> None:
        if 0 <= index < len(self.hits):
            app = host(self)
            app.show_past_minutes(self.hits[index].meeting_id, self.hits[index])

    def action_focus_hits(self) -> None:
        hits_list = self.query_one("#search-hits", OptionList)
        if self.hits and not hits_list.has_focus:
            hits_list.focus()

    def action_focus_input(self) -> None:
        self.query_one("#search-input", Input).focus()
