"""An Input whose cursor does not blink: an idle screen sends nothing over a slow link."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input


class SteadyInput(Input):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cursor_blink = False
