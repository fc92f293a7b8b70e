"""The follow-up report: follow-through, timeboxes, attendance, insight and review coverage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from reviewtui.services.report_text import report_lines
from reviewtui.services.reporting import build_report
from reviewtui.widgets.key_footer import key_footer

if TYPE_CHECKING:
    from reviewtui.services.workspace import Workspace

WINDOWS = (None, 30, 90, 365)  # days back; None: everything


class ReportScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="report_back", tooltip="back"),
        Binding(
            "w",
            "next_window",
            "Window",
            id="report_window",
            tooltip="change the window (all, 30, 90, 365 days)",
        ),
        Binding("home", "scroll('home')", "Top", id="report_top", show=False, tooltip="to the top"),
        Binding("end", "scroll('end')", "End", id="report_end", show=False, tooltip="to the end"),
    ]

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self.window: int | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="report-window")
        with VerticalScroll(id="report-scroll"):
            yield Static(Content.styled("Working out the figures…", "dim"), id="report-text")
        yield key_footer()

    def on_mount(self) -> None:
        self.query_one("#report-scroll").focus()
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        today = self.ws.clock.today()
        since = today.subtract(days=self.window) if self.window else None
        lines = report_lines(build_report(self.ws, since=since), shown=50)
        self.app.call_from_thread(self._show, lines)

    def _show(self, lines: list[str]) -> None:
        label = f"the last {self.window} days" if self.window else "all meetings"
        self.query_one("#report-window", Static).update(
            Content.assemble(("Window: ", "bold"), label, ("   w changes it", "dim"))
        )
        self.query_one("#report-text", Static).update(Content("\n".join(lines).strip("\n")))

    def action_next_window(self) -> None:
        self.window = WINDOWS[(WINDOWS.index(self.window) + 1) % len(WINDOWS)]
        self.load()

    def action_scroll(self, where: str) -> None:
        scroll = self.query_one("#report-scroll", VerticalScroll)
        if where == "home":
            scroll.scroll_home()
        else:
            scroll.scroll_end()
