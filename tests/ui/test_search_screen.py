"""Search what was said, in the app: from the start screen (s) or the palette, type, pick a
hit, read that meeting's minutes. Hostile note text shows literally, never as markup."""

from __future__ import annotations

import pytest
from meeting_notes import add_note
from ui_helpers import LARGE, SMALL, make_app

from reviewtui.domain.clock import ManualClock
from reviewtui.screens.minutes import MinutesScreen
from reviewtui.screens.search import DEBOUNCE_SECONDS, MATCH_STYLE, SearchScreen
from reviewtui.services.meeting import start_meeting
from reviewtui.services.workspace import Workspace


def _book(ws: Workspace, clock: ManualClock) -> tuple[int, int]:
    old = start_meeting(ws, "scrum", series="Old review")
    add_note(old, "r: budget frozen until [bold]Q2[/bold]")
    old.close("search test")
    clock.advance(minutes=60 * 24 * 7)
    new = start_meeting(ws, "scrum", series="New review")
    add_note(new, "d: budget approved")
    new.close("search test")
    return old.meeting.id, new.meeting.id


@pytest.mark.parametrize("size", [SMALL, LARGE])
async def test_search_as_you_type_and_open_the_minutes(
    ws: Workspace, clock: ManualClock, size: tuple[int, int]
) -> None:
    old_id, new_id = _book(ws, clock)
    app = make_app(ws)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press(*"budget")
        await pilot.pause(DEBOUNCE_SECONDS + 0.2)
        await pilot.pause()
        assert [h.meeting_id for h in screen.hits] == [new_id, old_id]
        hits_list = screen.query_one("#search-hits")
        label = hits_list.get_option_at_index(1).prompt
        assert "[bold]Q2[/bold]" in label.plain  # literally
        assert any(span.style == MATCH_STYLE for span in label.spans)
        assert "2 hits" in str(screen.query_one("#search-status").render())
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MinutesScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_enter_in_the_input_opens_the_newest_and_hostile_queries_are_calm(
    ws: Workspace, clock: ManualClock
) -> None:
    _book(ws, clock)
    app = make_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.action_show_search()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        for query in ['"', "NEAR(", "*", "[nothing]", "顧客"]:
            screen.query_one("#search-input").value = query
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is screen
        screen.query_one("#search-input").value = "approved"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MinutesScreen)


async def test_the_palette_offers_search(ws: Workspace) -> None:
    app = make_app(ws)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Search what was said" in titles
