"""The minutes of a closed meeting, as written to disk, shown as plain text."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from reviewtui.domain.text import clean_input, one_line
from reviewtui.widgets.key_footer import key_footer


class MinutesScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="minutes_back", tooltip="back"),
        Binding("home", "scroll_home", "Top", id="minutes_top", show=False, tooltip="to the top"),
        Binding("end", "scroll_end", "End", id="minutes_end", show=False, tooltip="to the end"),
    ]

    def __init__(self, text: str, path: str | None, *, read_only: bool = False) -> None:
        super().__init__()
        self.text = text
        self.path = path
        self.read_only = read_only  # a live meeting another window holds: its notes so far

    def compose(self) -> ComposeResult:
        where = f"Written to {one_line(self.path)}" if self.path else "Not written to a file yet"
        if self.read_only:
            where = "Read-only: this meeting is live in another window; its notes so far"
        yield Static(Content(where), id="minutes-path")
        with VerticalScroll(id="minutes-scroll"):
            # Frozen minutes are read back from the database: shown as text, whoever wrote them.
            yield Static(Content(clean_input(self.text)), id="minutes-text")
        yield key_footer()

    def on_mount(self) -> None:
        self.query_one("#minutes-scroll").focus()

    def show_path(self, path: str) -> None:
        self.path = path
        self.query_one("#minutes-path", Static).update(Content(f"Written to {path}"))

    def action_scroll_home(self) -> None:
        self.query_one("#minutes-scroll", VerticalScroll).scroll_home()

    def action_scroll_end(self) -> None:
        self.query_one("#minutes-scroll", VerticalScroll).scroll_end()
