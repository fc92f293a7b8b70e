"""The meeting clock: section and meeting time left, and pacing, in words as well as colour."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from reviewtui.domain.text import one_line
from reviewtui.domain.timing import ClockReading, format_seconds


def _left(seconds: int) -> str:
    if seconds >= 0:
        return f"{format_seconds(seconds)} left"
    return f"{format_seconds(-seconds)} over"


class TimerBar(Static):
    """Two lines: where we are in the agenda, then the clocks. Repaints only itself."""

    DEFAULT_CSS = """
    TimerBar {
        height: 2;
        padding: 0 1;
        background: $boost;
    }
    TimerBar.-over { background: $error 30%; }
    TimerBar.-ahead { background: $success 20%; }
    TimerBar.-paused { background: $warning 30%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._last: tuple[object, ...] | None = None

    def show(
        self,
        reading: ClockReading,
        title: str,
        position: int,
        total: int,
        meeting_title: str = "",
    ) -> None:
        key = (reading, title, position, total, meeting_title)
        if key == self._last:
            return
        self._last = key
        state = "PAUSED" if not reading.running else reading.pacing.describe().upper()
        head = Content.assemble(
            (f"{position}/{total} ", "bold"),
            (one_line(title, 40), "bold"),
            ("  ·  " if meeting_title else "", ""),
            (one_line(meeting_title, 30), "dim"),
        )
        clocks = Content.assemble(
            "Section ",
            (_left(reading.section_remaining), "bold"),
            "  Meeting ",
            (_left(reading.meeting_remaining), "bold"),
            "  ",
            (f"[{state}]", "bold reverse" if state != "ON TIME" else "bold"),
        )
        self.update(Content("\n").join([head, clocks]), layout=False)
        self.set_class(not reading.running, "-paused")
        self.set_class(reading.running and reading.pacing.state == "over", "-over")
        self.set_class(reading.running and reading.pacing.state == "ahead", "-ahead")
