"""The meeting clock: section and meeting time left, and pacing, in words as well as colour."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from reviewtui.domain.text import one_line
from reviewtui.domain.timing import ClockReading, format_seconds


def _left(seconds: int) -> str:
    if seconds >= 0:
        return f"{format_seconds(seconds)} left"
    return f"{format_seconds(-seconds)} over"


class TimerBar(Vertical):
    """Two lines: where we are in the agenda, then the clocks.

    Each line is its own widget and is redrawn only when its text changes, so a meeting left
    alone sends one short line a second to the terminal, and nothing else.
    """

    DEFAULT_CSS = """
    TimerBar {
        height: 2;
        padding: 0 1;
        background: $boost;
    }
    TimerBar > Static { height: 1; background: transparent; }
    TimerBar.-over { background: $error 30%; }
    TimerBar.-ahead { background: $success 20%; }
    TimerBar.-paused { background: $warning 30%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._head: tuple[object, ...] | None = None
        self._clock: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="timer-head")
        yield Static("", id="timer-clock")

    def show(
        self,
        reading: ClockReading,
        title: str,
        position: int,
        total: int,
        meeting_title: str = "",
    ) -> None:
        head = (title, position, total, meeting_title)
        if head != self._head:
            self._head = head
            self.query_one("#timer-head", Static).update(
                Content.assemble(
                    (f"{position}/{total} ", "bold"),
                    (one_line(title, 40), "bold"),
                    ("  ·  " if meeting_title else "", ""),
                    (one_line(meeting_title, 30), "dim"),
                ),
                layout=False,
            )
        if (reading,) == self._clock:
            return
        self._clock = (reading,)
        self.query_one("#timer-clock", Static).update(
            Content.assemble(
                "Section ",
                (_left(reading.section_remaining), "bold"),
                "  Meeting ",
                (_left(reading.meeting_remaining), "bold"),
                "  ",
                (f"[{plan_words(reading)}]", "bold reverse" if reading.running else "bold"),
            ),
            layout=False,
        )
        # The colour follows the section on screen: red once it runs over (or the meeting
        # is behind its plan), green only while it is within its time and the meeting ahead.
        section_over = reading.section_remaining < 0
        behind = reading.pacing.state == "over"
        self.set_class(not reading.running, "-paused")
        self.set_class(reading.running and (section_over or behind), "-over")
        self.set_class(
            reading.running and not section_over and reading.pacing.state == "ahead", "-ahead"
        )


def plan_words(reading: ClockReading) -> str:
    """How the meeting stands against its plan, in words that cannot be read as its time
    left running out: `AHEAD 1:41`, `ON PLAN`, `BEHIND 1:04` (behind its plan, with time
    left), or `PAUSED`; `MOVE ON` once the section is over its time (the words follow the
    section, as the colour does). Short enough for 60 columns."""
    if not reading.running:
        return "PAUSED"
    if reading.section_remaining < 0:
        return "MOVE ON"  # the section is over its time, whatever the meeting's pacing
    pacing = reading.pacing
    if pacing.state == "ahead":
        return f"AHEAD {format_seconds(pacing.seconds)}"
    if pacing.state == "over":
        return f"BEHIND {format_seconds(pacing.seconds)}"
    return "ON PLAN"
