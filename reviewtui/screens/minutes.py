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
        Binding("escape,q", "app.pop_screen", "Back", id="minutes_back"),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "End", show=False),
    ]

    def __init__(
        self,
        title: str,
        text: str,
        path: str | None,
        *,
        read_only: bool = False,
        hit_line: int | None = None,
    ) -> None:
        super().__init__()
        self.minutes_title = title
        self.text = text
        self.path = path
        self.read_only = read_only  # a live meeting another window holds: its notes so far
        # The line a search hit is on: the minutes open there, that line marked.
        self.hit_line = hit_line

    def compose(self) -> ComposeResult:
        where = f"Written to {one_line(self.path)}" if self.path else "Not written to a file yet"
        if self.read_only:
            where = "Read-only: this meeting is live in another window; its notes so far"
        yield Static(Content(where), id="minutes-path")
        # Frozen minutes are read back from the database: shown as text, whoever wrote them.
        text = clean_input(self.text)
        lines = text.split("\n")
        with VerticalScroll(id="minutes-scroll"):
            if self.hit_line is None or not 0 <= self.hit_line < len(lines):
                yield Static(Content(text), id="minutes-text")
            else:
                before, after = lines[: self.hit_line], lines[self.hit_line + 1 :]
                if before:
                    yield Static(Content("\n".join(before)), id="minutes-text")
                yield Static(Content(lines[self.hit_line]), id="minutes-hit")
                if after:
                    yield Static(Content("\n".join(after)), id="minutes-after")
        yield key_footer()

    def on_mount(self) -> None:
        self.query_one("#minutes-scroll").focus()
        if self.query("#minutes-hit"):
            self.call_after_refresh(self._show_hit)

    def _show_hit(self) -> None:
        """The hit's line a few lines from the top, so what led up to it shows too."""
        hit = self.query_one("#minutes-hit", Static)
        scroll = self.query_one("#minutes-scroll", VerticalScroll)
        scroll.scroll_to(y=max(0, hit.virtual_region.y - 3), animate=False)

    def show_path(self, path: str) -> None:
        self.path = path
        self.query_one("#minutes-path", Static).update(Content(f"Written to {path}"))

    def action_scroll_home(self) -> None:
        self.query_one("#minutes-scroll", VerticalScroll).scroll_home()

    def action_scroll_end(self) -> None:
        self.query_one("#minutes-scroll", VerticalScroll).scroll_end()
