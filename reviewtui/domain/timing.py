"""The meeting clock, derived from persisted spans rather than counted ticks.

A span is a stretch of running time spent in one agenda item: it starts when the item is
entered (or the clock resumed) and ends when the facilitator moves on, pauses, or the app
stops. Elapsed time is the sum of spans, so a blocked event loop or a crash cannot slow or
lose the clock: after a crash the open span is closed at its last heartbeat.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pendulum

ON_TIME_TOLERANCE = 30  # seconds either side of plan that still count as "on time"


@dataclass(frozen=True)
class Span:
    agenda_item_id: int
    started_at: pendulum.DateTime
    ended_at: pendulum.DateTime | None = None

    def seconds(self, now: pendulum.DateTime) -> int:
        end = self.ended_at if self.ended_at is not None else now
        return max(int((end - self.started_at).total_seconds()), 0)


@dataclass(frozen=True)
class Budget:
    """One agenda item's place and allowance in the plan."""

    agenda_item_id: int
    position: int
    planned_seconds: int
    extra_seconds: int = 0

    @property
    def allowed(self) -> int:
        return self.planned_seconds + self.extra_seconds


@dataclass(frozen=True)
class Pacing:
    state: str  # "ahead", "on time" or "over"
    seconds: int  # how far ahead or over (0 when on time)

    def describe(self) -> str:
        if self.state == "on time":
            return "on time"
        return f"{self.state} by {format_seconds(self.seconds)}"


@dataclass(frozen=True)
class ClockReading:
    running: bool
    section_elapsed: int
    section_remaining: int  # negative once the section runs over
    meeting_elapsed: int
    meeting_remaining: int
    pacing: Pacing


def format_seconds(seconds: int) -> str:
    """`m:ss`, with a leading minus for negative values; hours fold into minutes."""
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(seconds))
    return f"{sign}{seconds // 60}:{seconds % 60:02d}"


def elapsed_by_item(spans: Sequence[Span], now: pendulum.DateTime) -> dict[int, int]:
    totals: dict[int, int] = {}
    for span in spans:
        totals[span.agenda_item_id] = totals.get(span.agenda_item_id, 0) + span.seconds(now)
    return totals


def read_clock(
    budgets: Sequence[Budget],
    spans: Sequence[Span],
    current_item_id: int,
    now: pendulum.DateTime,
) -> ClockReading:
    """Everything the timer bar shows, from the plan, the spans and the current item."""
    by_item = elapsed_by_item(spans, now)
    meeting_elapsed = sum(by_item.values())
    meeting_allowed = sum(b.allowed for b in budgets)
    current = next((b for b in budgets if b.agenda_item_id == current_item_id), None)
    section_elapsed = by_item.get(current_item_id, 0)
    section_allowed = current.allowed if current else 0
    before = sum(b.allowed for b in budgets if current and b.position < current.position)
    planned_so_far = before + min(section_elapsed, section_allowed)
    delta = meeting_elapsed - planned_so_far
    if delta > ON_TIME_TOLERANCE:
        pacing = Pacing("over", delta)
    elif delta < -ON_TIME_TOLERANCE:
        pacing = Pacing("ahead", -delta)
    else:
        pacing = Pacing("on time", 0)
    running = any(span.ended_at is None for span in spans)
    return ClockReading(
        running=running,
        section_elapsed=section_elapsed,
        section_remaining=section_allowed - section_elapsed,
        meeting_elapsed=meeting_elapsed,
        meeting_remaining=meeting_allowed - meeting_elapsed,
        pacing=pacing,
    )
