"""What searching from a live meeting looks like at 80x24 and 120x40: the hits about the
meeting's accounts (hostile text shown as typed), and the minutes opened at a hit.

Update deliberately with `pytest tests/ui/test_search_snapshots.py --snapshot-update` and look
at the pictures before committing them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from meeting_notes import add_note
from textual.pilot import Pilot
from textual.widgets import Input
from ui_helpers import LARGE, SMALL

from reviewtui.app import ReviewApp
from reviewtui.domain.clock import ManualClock
from reviewtui.screens.search import SearchScreen
from reviewtui.services.meeting import start_meeting
from reviewtui.services.workspace import Workspace, open_workspace
from reviewtui.store import accounts as account_store
from reviewtui.store import notes as note_store

SIZES = [pytest.param(SMALL, id="80x24"), pytest.param(LARGE, id="120x40")]
HOSTILE = "budget [bold]not bold[/] [@click=app.quit]x[/] \x1b]0;PWNED\x07 顧客 👩‍💼"


@pytest.fixture
def snap_ws(tmp_path: Path) -> Iterator[Workspace]:
    here = Path.cwd()
    os.chdir(tmp_path)
    ws = open_workspace(
        "reviews.db", clock=ManualClock("2026-11-26T14:00:00Z"), config=tmp_path / "config"
    )
    try:
        yield ws
    finally:
        ws.close()
        os.chdir(here)


def _live_meeting(ws: Workspace) -> int:
    clock = ws.clock
    assert isinstance(clock, ManualClock)
    now = clock.now()
    acme = account_store.upsert_account(ws.db, {"name": "Acme", "owner": "Ana Lima"}, now)
    globex = account_store.upsert_account(ws.db, {"name": "Globex", "owner": "Bo Chen"}, now)
    earlier = start_meeting(ws, "scrum", series="Ana's book", scope="csm:Ana Lima")
    for index in range(25):
        add_note(earlier, f"progress note {index} on the quarterly goals")
    for account, text in ((acme, "Acme froze the budget until Q2"), (globex, "Globex budget cut")):
        note_store.add_note(
            ws.db,
            meeting_id=earlier.id,
            agenda_item_id=earlier.current.id,
            account_id=account,
            kind="risk",
            text=text,
            at=now,
        )
    add_note(earlier, HOSTILE)
    add_note(earlier, "a: send Acme the budget options @Ana fri")
    earlier.apply(earlier.closing.close("snapshot"))
    clock.advance(minutes=60 * 24 * 14)
    return start_meeting(ws, "scrum", series="Ana's book", scope="csm:Ana Lima").id


async def _search_budget(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.press("ctrl+f")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    screen.query_one("#search-input", Input).value = "budget"
    screen.run_search()
    await pilot.pause()
    await pilot.pause()


async def _open_acme(pilot: Pilot) -> None:
    await _search_budget(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    index = next(i for i, h in enumerate(screen.hits) if "froze" in h.snippet)
    screen.open_hit(index)
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_search_from_a_meeting(
    snap_compare: Callable[..., bool], snap_ws: Workspace, size: tuple
) -> None:
    meeting_id = _live_meeting(snap_ws)
    app = ReviewApp(snap_ws, meeting_id=meeting_id)
    assert snap_compare(app, terminal_size=size, run_before=_search_budget)


@pytest.mark.parametrize("size", SIZES)
def test_minutes_opened_at_a_hit(
    snap_compare: Callable[..., bool], snap_ws: Workspace, size: tuple
) -> None:
    meeting_id = _live_meeting(snap_ws)
    app = ReviewApp(snap_ws, meeting_id=meeting_id)
    assert snap_compare(app, terminal_size=size, run_before=_open_acme)
