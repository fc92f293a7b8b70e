"""Search what was said, in the app: from the start screen (s), the palette, or a live
meeting (Ctrl+F, its accounts first), type, pick a hit, read that meeting's minutes at the
hit. Hostile note text shows literally, never as markup."""

from __future__ import annotations

import pytest
from meeting_notes import add_note
from textual.containers import VerticalScroll
from textual.widgets import Input, Markdown, OptionList, Static
from ui_helpers import LARGE, SMALL, make_app, type_text

from reviewtui.domain.clock import ManualClock
from reviewtui.domain.text import snippet_parts
from reviewtui.screens.meeting_base import MeetingScreen
from reviewtui.screens.minutes import MinutesScreen
from reviewtui.screens.search import DEBOUNCE_SECONDS, MATCH_STYLE, SearchScreen
from reviewtui.services.meeting import MeetingSession, start_meeting
from reviewtui.services.workspace import Workspace
from reviewtui.store import accounts as account_store
from reviewtui.store import notes as note_store
from reviewtui.widgets.note_input import NoteInput


def _book(ws: Workspace, clock: ManualClock) -> tuple[int, int]:
    old = start_meeting(ws, "scrum", series="Old review")
    add_note(old, "r: budget frozen until [bold]Q2[/bold]")
    old.apply(old.closing.close("search test"))
    clock.advance(minutes=60 * 24 * 7)
    new = start_meeting(ws, "scrum", series="New review")
    add_note(new, "d: budget approved")
    new.apply(new.closing.close("search test"))
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


# -- inside a live meeting: its accounts first, every account one key away ----------------


def _accounts_book(ws: Workspace, clock: ManualClock) -> dict[str, int]:
    """Two CSMs' accounts; an earlier meeting of Priya's series and one of another series,
    each with budget notes; then Priya's next meeting, live."""
    now = clock.now()
    ids = {
        "acme": account_store.upsert_account(ws.db, {"name": "Acme", "owner": "Priya Raman"}, now),
        "globex": account_store.upsert_account(ws.db, {"name": "Globex", "owner": "Sam Ito"}, now),
    }
    earlier = start_meeting(ws, "scrum", series="Priya's book", scope="csm:Priya Raman")
    for index in range(30):  # long minutes: the hit is far from the top
        add_note(earlier, f"filler line {index} about nothing in particular")
    for account, text in (("acme", "acme budget frozen"), ("globex", "globex budget cut")):
        note_store.add_note(
            ws.db,
            meeting_id=earlier.id,
            agenda_item_id=earlier.current.id,
            account_id=ids[account],
            kind="risk",
            text=text,
            at=clock.now(),
        )
    add_note(earlier, "budget talk for the whole book")  # on no account, in Priya's series
    earlier.apply(earlier.closing.close("search test"))
    other = start_meeting(ws, "scrum", series="Sam's book", scope="csm:Sam Ito")
    add_note(other, "budget talk in Sam's series")
    other.apply(other.closing.close("search test"))
    clock.advance(minutes=60 * 24 * 7)
    live = start_meeting(ws, "scrum", series="Priya's book", scope="csm:Priya Raman")
    ids["earlier"], ids["live"] = earlier.id, live.id
    return ids


def _hit_texts(screen: SearchScreen) -> list[str]:
    return sorted(
        "".join(text for text, _ in snippet_parts(hit.snippet)).strip("…") for hit in screen.hits
    )


async def _search(pilot, screen: SearchScreen, query: str) -> None:  # type: ignore[no-untyped-def]
    screen.query_one("#search-input", Input).value = query
    await pilot.pause(DEBOUNCE_SECONDS + 0.2)
    await pilot.pause()


@pytest.mark.parametrize("size", [SMALL, LARGE])
async def test_inside_a_meeting_search_starts_with_its_accounts(
    ws: Workspace, clock: ManualClock, size: tuple[int, int]
) -> None:
    ids = _accounts_book(ws, clock)
    app = make_app(ws, ids["live"])
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        assert "ctrl+f" in meeting.active_bindings  # and so in F1's list of keys
        await type_text(pilot, "half a thought")
        await pilot.press("ctrl+f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen) and screen.narrow
        scope_line = str(screen.query_one("#search-scope", Static).render())
        assert "the one account of csm:Priya Raman" in scope_line, scope_line
        await type_text(pilot, "budget")
        await pilot.pause(DEBOUNCE_SECONDS + 0.2)
        await pilot.pause()
        assert _hit_texts(screen) == ["acme budget frozen", "budget talk for the whole book"]
        # F2 widens to every account (the key shown in the footer says so), and back.
        assert screen.active_bindings["f2"].binding.id == "search_widen"
        await pilot.press("f2")
        await pilot.pause()
        assert not screen.narrow
        assert "every account" in str(screen.query_one("#search-scope", Static).render())
        assert _hit_texts(screen) == [
            "acme budget frozen",
            "budget talk for the whole book",
            "budget talk in Sam's series",
            "globex budget cut",
        ]
        assert screen.active_bindings["f2"].binding.id == "search_narrow"
        await pilot.press("f2")
        await pilot.pause()
        assert screen.narrow and len(screen.hits) == 2
        # Enter on a hit opens its meeting's minutes at the hit's line.
        index = [h.snippet.count("acme") for h in screen.hits].index(1)
        await pilot.press("down")  # into the hits
        for _ in range(index):
            await pilot.press("down")
        assert screen.query_one("#search-hits", OptionList).highlighted == index
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        minutes = app.screen
        assert isinstance(minutes, MinutesScreen)
        hit = minutes.query_one("#minutes-hit", Markdown)
        assert "acme budget frozen" in hit.source
        scroll = minutes.query_one("#minutes-scroll", VerticalScroll)
        top = hit.virtual_region.y - scroll.scroll_y
        assert scroll.scroll_y > 0 and 0 <= top < scroll.size.height
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is meeting
        assert meeting.query_one(NoteInput).value == "half a thought"  # not a word lost


async def test_search_in_a_meeting_finds_edits_not_deleted_notes_and_stays_calm(
    ws: Workspace, clock: ManualClock
) -> None:
    ids = _accounts_book(ws, clock)
    session = MeetingSession(ws, ids["live"])
    kept = add_note(session, "budget review moved to friday")
    session.apply(session.notebook.edit(kept.note, "budget review moved to monday"))
    gone = add_note(session, "budget leak, deleted")
    session.apply(session.notebook.delete(gone.note))
    app = make_app(ws, ids["live"])
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.screen.action_search_meeting()  # type: ignore[attr-defined]
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await _search(pilot, screen, "monday")
        assert _hit_texts(screen) == ["budget review moved to monday"]
        await _search(pilot, screen, "friday")
        assert screen.hits == []
        await _search(pilot, screen, "leak")
        assert screen.hits == []
        status = screen.query_one("#search-status", Static)
        for query in ['"', "NEAR(", "*", "[bold]x[/bold]", "\x1b[2J", "🦆 顧客", "a " * 3000]:
            await _search(pilot, screen, query)
            assert app.screen is screen
            assert "\n" not in str(status.render())


async def test_the_palette_searches_the_meeting_and_a_whole_book_meeting_has_no_scope(
    ws: Workspace, clock: ManualClock
) -> None:
    ids = _accounts_book(ws, clock)
    whole = start_meeting(ws, "scrum")
    app = make_app(ws, ids["live"])
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert "Search what was said about these accounts" in commands
        commands["Search what was said about these accounts"].callback()
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen) and app.screen.narrow
    app = make_app(ws, whole.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen) and not screen.narrow
        assert not screen.query("#search-scope")
        assert "f2" not in screen.active_bindings or not screen.check_action("widen", ())


async def test_the_link_dropping_while_searching_keeps_the_meetings_draft(
    ws: Workspace, clock: ManualClock
) -> None:
    ids = _accounts_book(ws, clock)
    session = MeetingSession(ws, ids["live"])
    app = make_app(ws, ids["live"])
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await type_text(pilot, "words typed before looking something up")
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "budget")
        app._on_hangup()
        await pilot.pause()
    assert session.notebook.draft() == "words typed before looking something up"
