"""Keys typed ahead of a screen change reach the screen that is there once the change is done.

Textual hands each key to the widget that has focus at the moment the app reads it. A key that
opens, closes or replaces a screen (F8, F1, Escape, Enter on a form, y/n on a question) takes
effect a little later, in the widgets' own queues. Keys typed right behind it, by a fast typist,
over SSH where they arrive together, or while the app is busy, would go to the old screen: a
note typed right after Escape closes the help went to the closing help and was lost; a note
typed right after F8 was filed under the section being left.

So after any key that is not plain editing in an input, the app holds the next keys until
every queue of every open screen has run dry, the same screen and focus three rounds in a row
(at most `SETTLE_LIMIT` seconds), then hands them on in the order they were typed. Keys that
arrive while the app starts are held the same way until the first screen has its focus.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.widgets import Input

from reviewtui.widgets.note_input import NoteInput

if TYPE_CHECKING:
    from textual.dom import DOMNode

SETTLE_LIMIT = 1.0
STABLE_ROUNDS = 3

# Keys that edit the text of the focused input and never move to another screen.
EDITING_KEYS = frozenset(
    {
        "backspace",
        "delete",
        "left",
        "right",
        "home",
        "end",
        "ctrl+left",
        "ctrl+right",
        "shift+left",
        "shift+right",
        "shift+home",
        "shift+end",
        "ctrl+a",
        "ctrl+e",
        "ctrl+k",
        "ctrl+u",
        "ctrl+w",
        "ctrl+d",
        "ctrl+backspace",
        "ctrl+delete",
        "space",
    }
)


class TypeAhead(App[Any]):
    """An App base that keeps typed-ahead keys in order across screen changes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Keys that arrive while the app starts wait for the first screen (see `hold_keys`).
        self._held: list[events.Event] | None = []
        self._settling: asyncio.Task[None] | None = None
        self._waiting_for = 0  # changes of screen that wait on something else (a write)

    # -- which keys wait ---------------------------------------------------------------

    def key_stays_in_input(self, event: events.Key) -> bool:
        """True for keys that only edit the focused input (and save or complete in the note
        input)."""
        try:
            focused = self.focused
        except Exception:  # no screen yet
            return False
        if not isinstance(focused, Input):
            return False
        if event.is_printable or event.key in EDITING_KEYS:
            return True
        # The note input takes Enter in its own queue and empties itself at once: keys typed
        # behind an Enter go to the next note, in order, without waiting.
        # Tab there only completes the word being typed. Both as the user's keymap has them.
        return isinstance(focused, NoteInput) and focused.takes_key(event.key)

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key | events.Paste) or event.is_forwarded:
            await super().on_event(event)
            return
        if self.is_headless:  # tests drive the app key by key, waiting in between
            await super().on_event(event)
            return
        if self._held is not None:
            self._held.append(event)
            return
        await self._pass_on(event)

    async def _pass_on(self, event: events.Event) -> None:
        await super().on_event(event)
        if isinstance(event, events.Key) and not self.key_stays_in_input(event):
            self.hold_keys()

    # -- holding and handing on ----------------------------------------------------------

    def hold_keys(self) -> None:
        """Hold the keys that come next until every screen has caught up."""
        if self.is_headless:
            self._held = None
            return
        if self._held is None:
            self._held = []
        if self._settling is None or self._settling.done():
            self._settling = asyncio.get_running_loop().create_task(self._settle())

    def hold_keys_until(self) -> None:
        """Hold typed keys until `release_keys`: the next screen waits on a write."""
        self._waiting_for += 1
        self.hold_keys()

    def release_keys(self) -> None:
        self._waiting_for = max(self._waiting_for - 1, 0)
        self.hold_keys()

    async def _settle(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SETTLE_LIMIT
        stable = 0
        last: tuple[int, ...] | None = None
        try:
            while stable < STABLE_ROUNDS and loop.time() < deadline:
                await self._drain(deadline - loop.time())
                now = self._where()
                stable = stable + 1 if now == last else 0
                last = now
        except Exception:  # a timeout, or screens torn down as the app exits: stop waiting
            pass
        finally:
            self.call_later(self._hand_on)

    def _where(self) -> tuple[int, ...]:
        try:
            return (id(self.screen), id(self.focused), len(self.screen_stack))
        except Exception:
            return (0, 0, 0)

    async def _drain(self, timeout: float) -> None:
        """Wait until every message already queued for the app and its screens is handled."""
        nodes: list[DOMNode] = [self]
        for screen in self.screen_stack:
            nodes.extend(screen.walk_children(with_self=True))
        pending = 0
        done = asyncio.Event()

        def one_done() -> None:
            nonlocal pending
            pending -= 1
            if pending == 0:
                done.set()

        for node in nodes:
            if node.call_later(one_done):
                pending += 1
        if pending:
            await asyncio.wait_for(done.wait(), timeout=max(timeout, 0.001))

    async def _hand_on(self) -> None:
        if self._waiting_for:
            return  # `release_keys` settles again and hands them on
        held, self._held = self._held or [], None
        for index, event in enumerate(held):
            if self._held is not None:  # a key handed on changes the screen again: wait again
                self._held[:0] = held[index:]
                return
            await self._pass_on(event)
