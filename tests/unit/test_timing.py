"""The meeting clock: pure readings from spans, and the live session driving it with a ManualClock.

No test sleeps: time moves only when the ManualClock is advanced.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest

from reviewtui.domain.clock import ManualClock
from reviewtui.domain.templates import SectionTemplate, Template
from reviewtui.domain.timing import Budget, Span, format_seconds, read_clock
from reviewtui.services.meeting import MeetingError, MeetingSession, start_meeting
from reviewtui.services.workspace import Workspace, open_workspace


def toggle(session: MeetingSession) -> bool:
    """Pause or resume at once; True when the clock now runs."""
    session.apply(session.clock.toggle())
    return session.clock.running


def resume(session: MeetingSession) -> None:
    change = session.clock.resume()
    if change is not None:
        session.apply(change)


def recover(session: MeetingSession) -> None:
    change = session.clock.recover()
    if change is not None:
        session.apply(change)


T0 = pendulum.datetime(2026, 11, 26, 14, 0, 0, tz="UTC")
A, B, C = 11, 12, 13  # agenda item ids for the pure tests
BUDGETS = [Budget(A, 0, 300), Budget(B, 1, 600), Budget(C, 2, 300)]


def at(seconds: int) -> pendulum.DateTime:
    return T0.add(seconds=seconds)


def span(item: int, start: int, end: int | None = None) -> Span:
    return Span(item, at(start), at(end) if end is not None else None)


# -- read_clock, pure -------------------------------------------------------------------


def test_fresh_section() -> None:
    reading = read_clock(BUDGETS, [span(A, 0)], A, at(60))
    assert reading.running
    assert (reading.section_elapsed, reading.section_remaining) == (60, 240)
    assert (reading.meeting_elapsed, reading.meeting_remaining) == (60, 1140)
    assert reading.pacing.describe() == "on time"


def test_ahead_when_moving_on_early() -> None:
    reading = read_clock(BUDGETS, [span(A, 0, 200), span(B, 200)], B, at(500))
    assert (reading.section_elapsed, reading.section_remaining) == (300, 300)
    assert reading.meeting_elapsed == 500
    # Planned by now: all of A (300) + 300 of B = 600; spent 500.
    assert (reading.pacing.state, reading.pacing.seconds) == ("ahead", 100)
    assert reading.pacing.describe() == "ahead by 1:40"


def test_overrun() -> None:
    reading = read_clock(BUDGETS, [span(A, 0)], A, at(420))
    assert reading.section_remaining == -120
    assert reading.pacing.describe() == "over by 2:00"
    later = read_clock(BUDGETS, [span(A, 0, 400), span(B, 400)], B, at(700))
    # A ran 100 s over; B is on plan, so the meeting is still 100 s behind.
    assert later.section_remaining == 300
    assert later.pacing.describe() == "over by 1:40"


def test_on_time_within_tolerance() -> None:
    for seconds in (330, 270):
        reading = read_clock(BUDGETS, [span(A, 0, seconds), span(B, seconds)], B, at(seconds))
        assert reading.pacing.state == "on time", seconds
    late = read_clock(BUDGETS, [span(A, 0, 331), span(B, 331)], B, at(331))
    assert late.pacing.describe() == "over by 0:31"


def test_revisiting_a_section_accumulates() -> None:
    spans = [span(A, 0, 100), span(B, 100, 250), span(A, 250)]
    reading = read_clock(BUDGETS, spans, A, at(330))
    assert reading.section_elapsed == 180
    assert reading.meeting_elapsed == 330


def test_paused_clock_does_not_move() -> None:
    spans = [span(A, 0, 100)]
    first = read_clock(BUDGETS, spans, A, at(100))
    much_later = read_clock(BUDGETS, spans, A, at(5000))
    assert not much_later.running
    assert first == much_later


def test_extra_time_extends_the_section() -> None:
    budgets = [Budget(A, 0, 300, extra_seconds=60), *BUDGETS[1:]]
    reading = read_clock(budgets, [span(A, 0)], A, at(330))
    assert reading.section_remaining == 30
    assert reading.meeting_remaining == 1260 - 330


def test_a_span_ending_before_it_starts_counts_nothing() -> None:
    assert Span(A, at(100), at(50)).seconds(at(200)) == 0


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (5, "0:05"), (75, "1:15"), (-75, "-1:15"), (3725, "62:05"), (-1, "-0:01")],
)
def test_format_seconds(seconds: int, text: str) -> None:
    assert format_seconds(seconds) == text


# -- MeetingSession with a ManualClock --------------------------------------------------

TIMED = Template(
    id="timing-test",
    name="Timing test",
    sections=[
        SectionTemplate(title="Intro", minutes=5, prompts=["a?", "b?", "c?"]),
        SectionTemplate(title="Deep dive", minutes=10, prompts=["a?", "b?", "c?"]),
        SectionTemplate(title="Wrap-up", kind="wrapup", minutes=5, prompts=["a?", "b?", "c?"]),
    ],
)


@pytest.fixture
def session(ws: Workspace) -> MeetingSession:
    ws.templates[TIMED.id] = TIMED
    return start_meeting(ws, TIMED.id, series="Timing")


def test_session_starts_on_the_first_section(session: MeetingSession, clock: ManualClock) -> None:
    assert session.current.title == "Intro" and session.clock.running
    clock.advance(60)
    reading = session.clock.reading()
    assert (reading.section_elapsed, reading.section_remaining) == (60, 240)
    assert reading.meeting_remaining == 20 * 60 - 60


def test_pause_and_resume(session: MeetingSession, clock: ManualClock) -> None:
    clock.advance(90)
    session.apply(session.clock.pause())
    assert not session.clock.running
    clock.advance(600)
    assert session.clock.reading().section_elapsed == 90
    assert toggle(session) is True
    clock.advance(10)
    assert session.clock.reading().section_elapsed == 100
    assert toggle(session) is False
    clock.advance(10)
    assert session.clock.reading().section_elapsed == 100


def test_moving_while_paused_keeps_the_clock_stopped(
    session: MeetingSession, clock: ManualClock
) -> None:
    clock.advance(30)
    session.apply(session.clock.pause())
    session.apply(session.clock.next())
    clock.advance(100)
    assert session.current.title == "Deep dive" and not session.clock.running
    assert session.clock.reading().section_elapsed == 0
    resume(session)
    clock.advance(5)
    assert session.clock.reading().section_elapsed == 5


def test_revisit_accumulates(session: MeetingSession, clock: ManualClock) -> None:
    intro = session.current
    clock.advance(100)
    session.apply(session.clock.next())
    deep = session.current
    assert deep.id != intro.id
    clock.advance(120)
    session.apply(session.clock.previous())
    assert session.current.id == intro.id
    clock.advance(50)
    assert session.clock.reading().section_elapsed == 150
    assert session.clock.spent() == {intro.id: 150, deep.id: 120}
    assert session.clock.reading().meeting_elapsed == 270


def test_overrun_and_add_a_minute(session: MeetingSession, clock: ManualClock) -> None:
    clock.advance(7 * 60)
    reading = session.clock.reading()
    assert reading.section_remaining == -120
    assert reading.pacing.describe() == "over by 2:00"
    session.apply(session.clock.add_time(60))
    reading = session.clock.reading()
    assert reading.section_remaining == -60
    assert reading.pacing.describe() == "over by 1:00"  # the granted minute is now in the plan
    assert session.current.extra_seconds == 60
    session.apply(session.clock.add_time())
    session.apply(session.clock.add_time())
    assert session.clock.reading().section_remaining == 60


def test_ahead(session: MeetingSession, clock: ManualClock) -> None:
    clock.advance(60)
    session.apply(session.clock.next())
    reading = session.clock.reading()
    assert reading.pacing.describe() == "ahead by 4:00"
    assert reading.section_remaining == 600


def test_moving_past_the_ends(session: MeetingSession, clock: ManualClock) -> None:
    assert session.clock.previous() == []
    session.apply(session.clock.next())
    session.apply(session.clock.next())
    assert session.current.title == "Wrap-up"
    assert session.clock.next() == []


def test_extra_time_and_position_persist(
    session: MeetingSession, ws: Workspace, clock: ManualClock
) -> None:
    session.apply(session.clock.next())
    session.apply(session.clock.add_time(120))
    clock.advance(30)
    again = MeetingSession(ws, session.id)
    assert again.current.title == "Deep dive"
    assert again.current.extra_seconds == 120
    assert again.clock.reading().section_remaining == 600 + 120 - 30


def test_a_closed_meeting_refuses_clock_changes(
    session: MeetingSession, clock: ManualClock
) -> None:
    clock.advance(60)
    session.apply(session.closing.close(override_reason="timing test only"))
    assert not session.clock.running
    frozen = session.clock.reading()
    clock.advance(600)
    assert session.clock.reading() == frozen
    with pytest.raises(MeetingError):
        session.apply(session.clock.add_time(60))
    with pytest.raises(MeetingError):
        resume(session)
    with pytest.raises(MeetingError):
        session.apply(session.clock.goto(session.items[1].id))


def _reopen(path: Path, moment: pendulum.DateTime) -> tuple[Workspace, ManualClock]:
    clock = ManualClock(moment)
    ws = open_workspace(path, clock=clock, config=path.parent / "config")
    ws.templates[TIMED.id] = TIMED
    return ws, clock


@pytest.fixture
def reopened() -> Iterator[list[Workspace]]:
    opened: list[Workspace] = []
    yield opened
    for ws in opened:
        ws.close()


def test_crash_restore_resumes_from_the_last_heartbeat(
    session: MeetingSession, ws: Workspace, clock: ManualClock, reopened: list[Workspace]
) -> None:
    clock.advance(100)
    session.apply(session.clock.next())  # Intro ran 100 s
    clock.advance(200)
    session.apply(session.clock.beat())  # Deep dive: 200 s, last sign of life
    clock.advance(500)  # the process dies here: no heartbeat, no clean shutdown
    assert ws.db.path is not None

    # A new process opens the same file eleven minutes after the crash.
    ws2, clock2 = _reopen(ws.db.path, clock.now().add(minutes=11))
    reopened.append(ws2)
    restored = MeetingSession(ws2, session.id)
    recover(restored)
    reading = restored.clock.reading()
    assert restored.current.title == "Deep dive"
    assert restored.clock.running
    assert abs(reading.section_elapsed - 200) <= 1
    assert abs(reading.meeting_elapsed - 300) <= 1
    clock2.advance(30)
    assert abs(restored.clock.reading().section_elapsed - 230) <= 1


def test_a_draft_counts_as_a_heartbeat_and_survives(
    session: MeetingSession, ws: Workspace, clock: ManualClock, reopened: list[Workspace]
) -> None:
    clock.advance(40)
    session.apply(session.notebook.save_draft("half typed [bold]note\x1b[31m"))
    clock.advance(900)
    assert ws.db.path is not None
    ws2, _ = _reopen(ws.db.path, clock.now())
    reopened.append(ws2)
    restored = MeetingSession(ws2, session.id)
    recover(restored)
    assert abs(restored.clock.reading().section_elapsed - 40) <= 1
    assert restored.notebook.draft() == "half typed [bold]note"


def test_resuming_after_leaving_with_f10_runs_the_clock_as_after_a_crash(
    session: MeetingSession, ws: Workspace, clock: ManualClock, reopened: list[Workspace]
) -> None:
    clock.advance(75)
    session.apply(session.clock.pause())
    clock.advance(3600)
    assert ws.db.path is not None
    ws2, clock2 = _reopen(ws.db.path, clock.now())
    reopened.append(ws2)
    restored = MeetingSession(ws2, session.id)
    recover(restored)
    # The hour away is not counted; the clock runs again from now, as after a crash.
    assert restored.clock.running
    assert restored.clock.reading().section_elapsed == 75
    clock2.advance(10)
    assert restored.clock.reading().section_elapsed == 85


def test_recovering_twice_does_not_double_count(
    session: MeetingSession, ws: Workspace, clock: ManualClock, reopened: list[Workspace]
) -> None:
    clock.advance(60)
    session.apply(session.clock.beat())
    clock.advance(300)
    assert ws.db.path is not None
    ws2, clock2 = _reopen(ws.db.path, clock.now())
    reopened.append(ws2)
    first = MeetingSession(ws2, session.id)
    recover(first)
    clock2.advance(20)
    first.apply(first.clock.beat())
    clock2.advance(500)  # dies again
    ws3, _ = _reopen(ws.db.path, clock2.now())
    reopened.append(ws3)
    second = MeetingSession(ws3, session.id)
    recover(second)
    assert abs(second.clock.reading().section_elapsed - 80) <= 1


def test_a_minute_more_is_borrowed_from_a_later_section(
    session: MeetingSession, ws: Workspace, clock: ManualClock
) -> None:
    clock.advance(7 * 60)  # Intro (5 min) is 2:00 over
    before = session.clock.reading()
    session.apply(session.clock.add_time(60))
    after = session.clock.reading()
    # The meeting keeps its length: the minute came from the last section with time to give.
    assert after.meeting_remaining == before.meeting_remaining
    assert after.section_remaining == before.section_remaining + 60
    assert session.clock.borrowed_from is not None and session.clock.borrowed_from.kind != "wrapup"
    again = MeetingSession(ws, session.id)
    lender = again.item(session.clock.borrowed_from.id)
    assert lender.extra_seconds == -60 and again.current.extra_seconds == 60
    total = sum(i.planned_seconds + i.extra_seconds for i in again.items)
    assert total == sum(i.planned_seconds for i in again.items)
