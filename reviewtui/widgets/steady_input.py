"""An Input that keeps quiet: no blinking cursor, and a key typed repaints the input alone."""

from __future__ import annotations

from typing import Any

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


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
