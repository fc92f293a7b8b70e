"""Driving the app like a facilitator: type text, press keys, wait for the screen to settle."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from reviewtui.app import ReviewApp
from reviewtui.screens.dialogs import Confirm
from reviewtui.services.workspace import Workspace

SMALL = (80, 24)
LARGE = (120, 40)


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*text)
    await pilot.pause()


async def say(pilot: Pilot, text: str) -> None:
    """Put a line into the focused input, as if typed, and press Enter.

    The text is inserted in one go (Pilot spends ~90 ms a key); Enter goes through the real
    key path. `type_text` types key by key where the typing itself is under test.
    """
    focused = pilot.app.focused
    assert isinstance(focused, Input), f"no input has focus (focused: {focused!r})"
    focused.insert_text_at_cursor(text)
    await pilot.pause()
    await pilot.press("enter")
    await settle_writes(pilot)


async def settle_writes(pilot: Pilot) -> None:
    """Wait until the background writer has committed, and its callbacks have run."""
    await pilot.pause()
    app = pilot.app
    if isinstance(app, ReviewApp):
        app.flush_writes()
    await pilot.pause()
    await pilot.pause()


def make_app(ws: Workspace, meeting_id: int | None = None) -> ReviewApp:
    return ReviewApp(ws, meeting_id=meeting_id)


async def queues_loaded(pilot: Pilot) -> None:
    """Wait until the queues screen has evaluated its queues and shows them (they are
    evaluated in a thread once the screen is up)."""
    from reviewtui.screens.queues import QueuesScreen

    for _ in range(100):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, QueuesScreen) and screen.loaded:
            await pilot.pause()
            return
        await pilot.app.workers.wait_for_complete()
    raise AssertionError("the queues were not shown")


async def hang_up_after(ws: Workspace, meeting_id: int, keys: Sequence[str]) -> None:
    """The meeting opened, `keys` pressed (a word typed is its letters), then the line drops."""
    app = make_app(ws, meeting_id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        app._on_hangup()
        await pilot.pause()


@asynccontextmanager
async def resumed(ws: Workspace, meeting_id: int) -> AsyncIterator[Pilot[Any]]:
    """`reviewtui resume` on the meeting, taking it over (y) from the window that hung up when
    that one's lease has not yet run out."""
    app = make_app(ws, meeting_id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        if isinstance(app.screen, Confirm):
            await pilot.press("y")
            await pilot.pause()
        yield pilot
