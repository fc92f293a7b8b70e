"""The minutes of a closed meeting, as written to disk, shown as formatted Markdown."""

from __future__ import annotations

from markdown_it import MarkdownIt
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Markdown, Static

from reviewtui.domain.text import clean_input, one_line
from reviewtui.widgets.key_footer import key_footer


def minutes_parser() -> MarkdownIt:
    """CommonMark with tables, without raw HTML or turning bare addresses into links."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


class MinutesScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="minutes_back"),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "End", show=False),
    ]

    def __init__(self, title: str, text: str, path: str | None, *, read_only: bool = False) -> None:
        super().__init__()
        self.minutes_title = title
        self.text = text
        self.path = path
        self.read_only = read_only  # a live meeting another window holds: its notes so far

    def compose(self) -> ComposeResult:
        where = f"Written to {one_line(self.path)}" if self.path else "Not written to a file yet"
        if self.read_only:
            where = "Read-only: this meeting is live in another window; its notes so far"
        yield Static(Content(where), id="minutes-path")
        with VerticalScroll(id="minutes-scroll"):
            # Frozen minutes are read back from the database, whoever wrote them: terminal
            # controls are removed, and Markdown is never Rich markup. No raw HTML, no links
            # followed (the minutes escape both; this is the second line of defence).
            yield Markdown(
                clean_input(self.text),
                id="minutes-text",
                parser_factory=minutes_parser,
                open_links=False,
            )
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
