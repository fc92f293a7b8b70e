"""What the key screens look like at 80x24 and 120x40, hostile text included.

Update the pictures deliberately with `pytest tests/ui/test_snapshots.py --snapshot-update`
and look at the report before committing them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from meeting_notes import add_note
from textual.pilot import Pilot
from ui_helpers import LARGE, SMALL

from reviewtui.app import ReviewApp
from reviewtui.domain.clock import ManualClock
from reviewtui.services.meeting import MeetingSession, start_meeting
from reviewtui.services.workspace import Workspace, open_workspace

SIZES = [pytest.param(SMALL, id="80x24"), pytest.param(LARGE, id="120x40")]
HOSTILE_NOTE = "[bold]not bold[/] [@click=app.quit]x[/] \x1b]0;PWNED\x07 顧客 👩‍💼"


@pytest.fixture
def snap_ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    """A workspace opened by relative paths (database, settings, data directory), so paths
    shown on screen are the same every run."""
    here = Path.cwd()
    os.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", "data")
    clock = ManualClock("2026-11-26T14:00:00Z")
    ws = open_workspace("reviews.db", clock=clock, config=Path("config"))
    try:
        yield ws
    finally:
        ws.close()
        os.chdir(here)


def _clock(ws: Workspace) -> ManualClock:
    assert isinstance(ws.clock, ManualClock)
    return ws.clock


def _past_meeting(ws: Workspace) -> MeetingSession:
    first = start_meeting(ws, "strategy", series="Northwind strategy", attendees=["Ana:strategist"])
    add_note(first, "a: send the pacing report @Ana fri")
    add_note(first, "a: book the testing workshop @Bo +1w")
    add_note(first, f"a: {HOSTILE_NOTE} @Cy 2w")
    _clock(ws).advance(minutes=40)
    first.apply(first.closing.close())
    _clock(ws).advance(minutes=60 * 24 * 7)
    return first


def _live_section(ws: Workspace) -> MeetingSession:
    session = start_meeting(ws, "strategy", series="Northwind strategy")
    add_note(session, "Spend is pacing 8% under plan for the quarter")
    add_note(session, "d: move 10% of search budget into the new video test")
    add_note(session, "r: the client's CMO is leaving in January")
    add_note(session, "i: procurement now reviews every renewal #company")
    add_note(session, HOSTILE_NOTE)
    add_note(session, "a: share the revised media plan @Ana fri")
    _clock(ws).advance(minutes=12)
    session.apply(
        session.clock.beat()
    )  # the app was alive all along: the clock keeps these 12 minutes
    return session


async def _settle(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_start_screen(snap_compare: Callable[..., bool], snap_ws: Workspace, size: tuple) -> None:
    _past_meeting(snap_ws)
    start_meeting(snap_ws, "book-of-business", series="Book review: Ana")
    assert snap_compare(ReviewApp(snap_ws), terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES)
def test_carryover_screen(
    snap_compare: Callable[..., bool], snap_ws: Workspace, size: tuple
) -> None:
    _past_meeting(snap_ws)
    session = start_meeting(snap_ws, "strategy", series="Northwind strategy")
    assert snap_compare(ReviewApp(snap_ws, session.id), terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES)
def test_section_screen(snap_compare: Callable[..., bool], snap_ws: Workspace, size: tuple) -> None:
    session = _live_section(snap_ws)

    async def typing(pilot: Pilot) -> None:
        await pilot.press(*"a: call the CFO @Ana +3d")
        await _settle(pilot)

    assert snap_compare(ReviewApp(snap_ws, session.id), terminal_size=size, run_before=typing)


@pytest.mark.parametrize("size", SIZES)
def test_section_over_time(
    snap_compare: Callable[..., bool], snap_ws: Workspace, size: tuple
) -> None:
    session = _live_section(snap_ws)
    _clock(snap_ws).advance(minutes=3)  # 15 minutes into a 10-minute section
    session.apply(session.clock.beat())
    assert snap_compare(ReviewApp(snap_ws, session.id), terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES)
def test_wrapup_screen(snap_compare: Callable[..., bool], snap_ws: Workspace, size: tuple) -> None:
    session = _live_section(snap_ws)
    add_note(session, "a: confirm the renewal date with procurement")
    session.apply(session.clock.goto(next(i for i in session.items if i.kind == "wrapup").id))
    assert snap_compare(ReviewApp(snap_ws, session.id), terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES)
def test_minutes_screen(snap_compare: Callable[..., bool], snap_ws: Workspace, size: tuple) -> None:
    past = _past_meeting(snap_ws)

    async def open_minutes(pilot: Pilot) -> None:
        app = pilot.app
        assert isinstance(app, ReviewApp)
        app.show_past_minutes(past.id)
        await _settle(pilot)

    assert snap_compare(ReviewApp(snap_ws), terminal_size=size, run_before=open_minutes)


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare: Callable[..., bool], snap_ws: Workspace, size: tuple) -> None:
    session = _live_section(snap_ws)
    assert snap_compare(
        ReviewApp(snap_ws, session.id), terminal_size=size, press=["f1"], run_before=_settle
    )
