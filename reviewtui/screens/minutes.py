"""The minutes of a closed meeting, as written to disk, shown as formatted Markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from reviewtui.domain.text import clean_input, one_line
from reviewtui.widgets.key_footer import key_footer

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# The Markdown widget and its parser are imported when minutes are shown: they are the
# largest imports of the app, and the start screen does not need them.


def minutes_parser() -> MarkdownIt:
    """CommonMark with tables, without raw HTML or turning bare addresses into links."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def hit_parts(lines: list[str], hit_line: int | None) -> list[tuple[str, str]]:
    """The minutes as Markdown parts: all of it, or what comes before the block (paragraph,
    list or table) holding a search hit's line, that block (marked), and what follows. Split
    only at blank lines, so a table or list is never cut in two."""
    if hit_line is None or not 0 <= hit_line < len(lines):
        return [("\n".join(lines), "minutes-text")]
    first = hit_line
    while first > 0 and lines[first - 1].strip():
        first -= 1
    last = hit_line
    while last + 1 < len(lines) and lines[last + 1].strip():
        last += 1
    parts = [
        ("\n".join(lines[:first]), "minutes-text"),
        ("\n".join(lines[first : last + 1]), "minutes-hit"),
        ("\n".join(lines[last + 1 :]), "minutes-after"),
    ]
    return [
        (text, widget_id) for text, widget_id in parts if text.strip() or widget_id == "minutes-hit"
    ]


class MinutesScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="minutes_back", tooltip="back"),
        Binding("home", "scroll_home", "Top", id="minutes_top", show=False, tooltip="to the top"),
        Binding("end", "scroll_end", "End", id="minutes_end", show=False, tooltip="to the end"),
    ]

    def __init__(
        self, text: str, path: str | None, *, read_only: bool = False, hit_line: int | None = None
    ) -> None:
        super().__init__()
        self.text = text
        self.path = path
        self.read_only = read_only  # a live meeting another window holds: its notes so far
        # The line a search hit is on: the minutes open there, that line marked.
        self.hit_line = hit_line

    def compose(self) -> ComposeResult:
        from textual.widgets import Markdown

        where = f"Written to {one_line(self.path)}" if self.path else "Not written to a file yet"
        if self.read_only:
            where = "Read-only: this meeting is live in another window; its notes so far"
        yield Static(Content(where), id="minutes-path")
        # Frozen minutes are read back from the database: shown as text, whoever wrote them.
        text = clean_input(self.text)
        lines = text.split("\n")
        with VerticalScroll(id="minutes-scroll"):
            # Frozen minutes are read back from the database, whoever wrote them: terminal
            # controls are removed, and Markdown is never Rich markup. No raw HTML, no links
            # followed (the minutes escape both; this is the second line of defence).
            for part, widget_id in hit_parts(lines, self.hit_line):
                yield Markdown(part, id=widget_id, parser_factory=minutes_parser, open_links=False)
        yield key_footer()

    def on_mount(self) -> None:
        self.query_one("#minutes-scroll").focus()
        if self.query("#minutes-hit"):
            self.call_after_refresh(self._show_hit)

    def _show_hit(self) -> None:
        """The hit's line a few lines from the top, so what led up to it shows too."""
        from textual.widgets import Markdown

        hit = self.query_one("#minutes-hit", Markdown)
        scroll = self.query_one("#minutes-scroll", VerticalScroll)
        scroll.scroll_to(y=max(0, hit.virtual_region.y - 3), animate=False)

    def show_path(self, path: str) -> None:
        self.path = path
        self.query_one("#minutes-path", Static).update(Content(f"Written to {path}"))

    def action_scroll_home(self) -> None:
        self.query_one("#minutes-scroll", VerticalScroll).scroll_home()

    def action_scroll_end(self) -> None:
        self.query_one("#minutes-scroll", VerticalScroll).scroll_end()
