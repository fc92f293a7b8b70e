"""An Input that keeps quiet (no blinking cursor, a key typed repaints the input alone) and
applies every key in the order it was typed."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input

from reviewtui.terminal_input import keymapped_bindings


class SteadyInput(Input):
    """An idle screen sends nothing over a slow link (the cursor does not blink), and typing
    does not lay out the whole screen again.

    Textual's Input sets its virtual size (the text's width) on every key, and the widget's
    virtual size asks for a layout of the whole screen when it changes: on the queues screen
    that repaints every queue's scroll bar, 25-45 ms a key. The input's own size never depends
    on its text here (it is not auto-sized; the Input lays itself out when it is), and its
    horizontal scrolling reads the virtual size directly, so a repaint is all a key needs.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cursor_blink = False

    async def _on_key(self, event: events.Key) -> None:
        """The input's own keys (Backspace, arrows, Ctrl+U, Ctrl+W...) act here, in order.

        Textual runs a widget's key bindings only after the key has bubbled up to the app,
        while letters are inserted as soon as the input reads them: typed in one burst (over
        SSH, tmux, a fast typist), `abc` Backspace `d` gave `abc` and Ctrl+U then a new
        sentence erased the new sentence. Running the input's own bindings in its own queue
        keeps every key in the order it was typed. The user's keymap applies here as it does
        in Textual: a remapped binding runs on its new key, and not on its old one.
        """
        for binding in self.bindings_for(event.key):
            if binding.priority:
                continue  # the app saw it before the input did
            # As Textual does: an action that does not apply here (Up or Down cannot scroll
            # the input) is skipped, and the key goes on to the screen's bindings.
            if await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return
        await super()._on_key(event)

    def bindings_for(self, key: str) -> list[Binding]:
        """The input's own bindings of `key`, the user's keymap applied."""
        return keymapped_bindings(self, key)
