"""The data-and-health section: one account line by line, a book of 64 as a sortable table,
and 100,000 accounts opening a page at a time; pictures at 80x24 and 120x40."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from ui_helpers import LARGE, SMALL, make_app, say

from reviewtui.domain.clock import ManualClock
from reviewtui.importers.sample import load_sample
from reviewtui.screens.health import HealthScreen
from reviewtui.services.meeting import MeetingSession, start_meeting
from reviewtui.services.workspace import Workspace, open_workspace
from reviewtui.widgets.account_panel import AccountPanel
from reviewtui.widgets.book_table import BookTable
from reviewtui.widgets.metric_trends import MetricTrends

SIZES = [pytest.param(SMALL, id="80x24"), pytest.param(LARGE, id="120x40")]
LANTERN = "Lanternfish Outdoor Co."
BIG = 100_000


def _health_meeting(ws: Workspace, template: str, scope: str | None) -> MeetingSession:
    series = f"{template.title()} review" + (f": {scope.split(':', 1)[1]}" if scope else "")
    session = start_meeting(ws, template, series=series, scope=scope)
    session.apply(session.clock.goto(next(i for i in session.items if i.kind == "health").id))
    return session


async def _loaded(pilot: Pilot) -> HealthScreen:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, HealthScreen)
    return screen


def _big_book(path: Path) -> None:
    """100,000 accounts with three monthly snapshots each, written straight into the file."""
    conn = sqlite3.connect(path)
    now = "2026-11-26T12:00:00Z"
    with conn:
        conn.executemany(
            "INSERT INTO accounts (id, key, name, owner, arr_cents, health, status,"
            " status_changed_on, usage, nps, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    n,
                    f"account {n:06d}",
                    f"Account {n:06d}",
                    f"CSM {n % 40}",
                    (n * 7919 % 500_000) * 100,
                    h := (n * 37) % 101,
                    "red" if h < 40 else "yellow" if h < 70 else "green",
                    "2026-09-01" if h < 70 else None,
                    (n * 53) % 101,
                    (n * 11) % 201 - 100,
                    now,
                    now,
                )
                for n in range(1, BIG + 1)
            ),
        )
        conn.executemany(
            "INSERT INTO metric_snapshots (account_id, as_of, health, usage, status)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                (n, as_of, min(100, (n * 37) % 101 + step), (n * 53) % 101, None)
                for n in range(1, BIG + 1)
                for step, as_of in ((9, "2026-08-20"), (4, "2026-10-20"), (0, "2026-11-20"))
            ),
        )
    conn.close()


@pytest.fixture(scope="session")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 100,000-account file, built once for the session and copied for each test."""
    path = tmp_path_factory.mktemp("bigbook") / "reviews.db"
    open_workspace(path, clock=ManualClock("2026-11-26T14:00:00Z"), config=path.parent).close()
    _big_book(path)
    return path


@pytest.fixture
def here(tmp_path: Path) -> Iterator[Path]:
    """Relative paths, so what the screen shows is the same every run."""
    before = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(before)


def _workspace(big: Path | None = None) -> Workspace:
    if big is not None:
        shutil.copyfile(big, "reviews.db")
    ws = open_workspace("reviews.db", clock=ManualClock("2026-11-26T14:00:00Z"), config=Path("c"))
    if big is None:
        load_sample(ws)
    return ws


# -- behaviour ---------------------------------------------------------------------------------


async def test_one_account_shows_every_metric_with_its_trend(ws: Workspace) -> None:
    load_sample(ws)
    session = _health_meeting(ws, "growth", f"account:{LANTERN}")
    app = make_app(ws, session.id)
    async with app.run_test(size=LARGE) as pilot:
        screen = await _loaded(pilot)
        assert not screen.query_one(BookTable).display
        text = str(screen.query_one(MetricTrends).render())
        for words in ("81/100", "68%", "NPS", "$46k", "$13k/mo", "$648.16", "20/mo"):
            assert words in text, text
        assert "up 3 over 3 months" in text and "up 11.9x over 3 months" in text
        assert "vs benchmark $75.00 (group Outdoor launch)" in text
        assert "Pacing spend" in text
        assert any("cost per lead up" in f.message for f in screen._flags)
        # Notes attach to the one account without picking it.
        await say(pilot, "r: the lead form broke in the site release")
        row = ws.db.query_one("SELECT account_id FROM notes WHERE meeting_id = ?", (session.id,))
        assert row is not None and row["account_id"] == screen._flags[0].account_id


async def test_at_80x24_page_down_brings_the_benchmarks_into_view(ws: Workspace) -> None:
    load_sample(ws)
    session = _health_meeting(ws, "growth", f"account:{LANTERN}")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _loaded(pilot)
        scroll = screen.query_one("#trends-scroll")
        assert scroll.max_scroll_y > 0 and scroll.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert scroll.scroll_y > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert scroll.scroll_y == 0


async def test_one_account_follows_the_terminal_height(ws: Workspace) -> None:
    """Below 36 lines the prompts give way, three lines of flags show, and the account's
    lines take the notes list's room with a hint that they scroll; a resize changes it."""
    load_sample(ws)
    session = _health_meeting(ws, "growth", f"account:{LANTERN}")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _loaded(pilot)
        parts = [screen.query_one(p) for p in ("#prompts", "#flags-hint", "#notes")]
        flags, scroll = screen.query_one("#flags"), screen.query_one("#trends-scroll")

        def layout() -> tuple[list[bool], int, bool]:
            scrolls = scroll.max_scroll_y > 0
            return [p.display for p in parts], flags.outer_size.height, scrolls

        short = ([False, True, False], 3, True)
        assert screen.has_class("-one-account", "-short") and layout() == short
        await pilot.resize_terminal(*LARGE)
        await pilot.pause()
        assert screen.has_class("-tall")
        assert layout() == ([True, False, True], 2, False)  # every line shows
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        assert layout() == short


async def test_the_book_shows_the_account_panel_on_a_tall_terminal(ws: Workspace) -> None:
    """Below 36 lines the book's table leaves the account panel out; a resize to 36 or more
    shows it with the account the cursor is on, and back hides it again."""
    load_sample(ws)
    session = _health_meeting(ws, "strategy", None)
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _loaded(pilot)
        panel, table = screen.query_one(AccountPanel), screen.query_one(BookTable)
        await pilot.press("down", "down")
        await pilot.pause()
        current = table.current
        assert current is not None and screen.focus_account_id == current.account_id
        assert screen.has_class("-book", "-short")
        assert not panel.display and not screen.query_one("#prompts").display
        await pilot.resize_terminal(*LARGE)
        await pilot.pause()
        assert panel.display and screen.query_one("#prompts").display
        assert current.name in str(panel.render())
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        assert not panel.display
        await pilot.press("ctrl+o")  # no account: no panel at any height
        await pilot.resize_terminal(*LARGE)
        await pilot.pause()
        assert not panel.display


async def test_a_book_sorts_by_any_column_and_its_change(ws: Workspace) -> None:
    load_sample(ws)
    session = _health_meeting(ws, "strategy", None)
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _loaded(pilot)
        table = screen.query_one(BookTable)
        assert table.display and table.total == 62  # 64 less the two churned
        healths = [table.row(i).health for i in range(table.total)]  # type: ignore[union-attr]
        assert healths == sorted(healths)  # worst first
        await pilot.press("f5")  # health -> its change, biggest fall first
        await _loaded(pilot)
        assert table.sort == "health_change"
        changes = [table.row(i).health_change for i in range(table.total)]  # type: ignore[union-attr]
        known = [c for c in changes if c is not None]
        assert known == sorted(known) and changes[: len(known)] == known
        await pilot.press("ctrl+r")
        await _loaded(pilot)
        assert table.descending
        assert table.row(0).health_change == max(known)  # type: ignore[union-attr]
        await pilot.press("down", "down", "pagedown", "up")
        await pilot.pause()
        assert table.cursor > 2
        expected = table.current
        await say(pilot, "d: keep the training going for this one")
        row = ws.db.query_one("SELECT account_id FROM notes WHERE meeting_id = ?", (session.id,))
        assert expected is not None and row is not None
        assert row["account_id"] == expected.account_id


async def test_the_growth_review_of_a_book_covers_media_accounts(ws: Workspace) -> None:
    load_sample(ws)
    session = _health_meeting(ws, "growth", None)
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _loaded(pilot)
        table = screen.query_one(BookTable)
        media = ws.db.query_one("SELECT count(*) AS n FROM accounts WHERE is_media = 1")
        assert media is not None and table.total == media["n"] > 0
        names = {table.row(i).name for i in range(table.total)}  # type: ignore[union-attr]
        assert LANTERN in names
        assert all(f.account_name in names for f in screen._flags)


async def test_a_hundred_thousand_accounts_fetch_only_what_is_shown(
    here: Path, big_file: Path
) -> None:
    ws = _workspace(big_file)
    try:
        session = _health_meeting(ws, "strategy", None)
        app = make_app(ws, session.id)
        async with app.run_test(size=SMALL) as pilot:
            screen = await _loaded(pilot)
            table = screen.query_one(BookTable)
            assert table.total == BIG
            assert len(table._pages) == 1  # the first page of 100 rows, no more
            await pilot.press("pagedown", "pagedown")
            await pilot.pause()
            assert len(table._pages) <= 2
            first = table.row(0)
            assert first is not None and first.health == 0
    finally:
        ws.close()


# -- pictures ----------------------------------------------------------------------------------


def _picture(
    snap_compare: Callable[..., bool],
    size: tuple[int, int],
    template: str,
    scope: str | None,
    big: Path | None = None,
    keys: tuple[str, ...] = (),
) -> bool:
    ws = _workspace(big)
    try:
        session = _health_meeting(ws, template, scope)

        async def settle(pilot: Pilot) -> None:
            await _loaded(pilot)
            if keys:
                await pilot.press(*keys)
                await _loaded(pilot)

        run_before: Callable[[Pilot], Awaitable[None]] = settle
        return snap_compare(make_app(ws, session.id), terminal_size=size, run_before=run_before)
    finally:
        ws.close()


@pytest.mark.parametrize("size", SIZES)
def test_one_account_picture(
    snap_compare: Callable[..., bool], here: Path, size: tuple[int, int]
) -> None:
    assert _picture(snap_compare, size, "growth", f"account:{LANTERN}")


@pytest.mark.parametrize("size", SIZES)
def test_book_of_64_picture(
    snap_compare: Callable[..., bool], here: Path, size: tuple[int, int]
) -> None:
    assert _picture(snap_compare, size, "strategy", None, keys=("down", "down"))


@pytest.mark.parametrize("size", SIZES)
def test_hundred_thousand_picture(
    snap_compare: Callable[..., bool], here: Path, big_file: Path, size: tuple[int, int]
) -> None:
    assert _picture(snap_compare, size, "strategy", None, big=big_file)


async def test_a_re_sort_and_a_resume_stay_on_the_account_being_talked_about(
    ws: Workspace,
) -> None:
    load_sample(ws)
    session = _health_meeting(ws, "strategy", None)
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _loaded(pilot)
        table = screen.query_one(BookTable)
        await pilot.press("down", "down", "down", "down")
        await pilot.pause()
        talked_about = table.current
        assert talked_about is not None and table.cursor == 4
        await pilot.press(*"half a sentence")
        await pilot.press("f5")  # another order: the cursor follows the account
        await _loaded(pilot)
        assert table.sort == "health_change"
        current = table.current
        assert current is not None and current.account_id == talked_about.account_id
        assert screen.focus_account_id == talked_about.account_id
        screen.save_state()
        app.flush_writes()
    later = make_app(ws, session.id)
    async with later.run_test(size=SMALL) as pilot:
        screen = await _loaded(pilot)
        table = screen.query_one(BookTable)
        current = table.current
        assert current is not None and current.account_id == talked_about.account_id
        await pilot.press("enter")
        await pilot.pause()
        later.flush_writes()
    row = ws.db.query_one(
        "SELECT text, account_id FROM notes WHERE meeting_id = ? ORDER BY id DESC", (session.id,)
    )
    assert row == {"text": "half a sentence", "account_id": talked_about.account_id}
