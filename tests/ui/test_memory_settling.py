"""After a change of screens the app freezes what is alive, so that Python's full collections
stop walking the whole app between keystrokes, and a closed screen is still collected."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest
from ui_helpers import SMALL, make_app, say

from reviewtui.screens.section import SectionScreen
from reviewtui.services.meeting import start_meeting
from reviewtui.services.workspace import Workspace


@pytest.fixture(autouse=True)
def _unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()  # leave the collector as other tests expect it


async def test_a_change_of_screens_is_settled_once(ws: Workspace) -> None:
    session = start_meeting(ws, "strategy")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        gc.unfreeze()
        app._settled_stack = ()
        app.settle_memory()
        frozen = gc.get_freeze_count()
        assert frozen > 10_000  # the app, its screen and Textual are out of the collector's way
        await say(pilot, "a note on pacing")
        app.settle_memory()  # same screens: nothing to do
        assert gc.get_freeze_count() <= frozen  # (frozen objects still go when unreferenced)

        await pilot.press("f8")
        await pilot.pause()
        app.settle_memory()
        assert isinstance(app.screen, SectionScreen)
        assert app._settled_stack == tuple(id(screen) for screen in app.screen_stack)


class _Cycle:
    def __init__(self) -> None:
        self.me = self


async def test_garbage_frozen_by_a_settling_is_collected_by_a_later_full_one(
    ws: Workspace,
) -> None:
    session = start_meeting(ws, "strategy")
    app = make_app(ws, session.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        cycle = _Cycle()
        gone = weakref.ref(cycle)
        app._settled_stack = ()  # as after a change of screens
        app.settle_memory()  # the cycle, alive now, is frozen with the rest
        del cycle
        gc.collect()
        assert gone() is not None  # frozen garbage is out of reach of collections...
        app._settled_stack = ()
        app._frozen_after_full = 0  # ...until what is frozen has grown enough
        app.settle_memory()
        assert gone() is None
        assert app._frozen_after_full == gc.get_freeze_count() > 10_000
