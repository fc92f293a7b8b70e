"""An agenda section: its prompts, the notes taken so far, and the input that takes the next."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from reviewtui.domain.text import one_line
from reviewtui.screens.note_screen import NoteScreen
from reviewtui.widgets.note_list import NoteList


def prompts_content(prompts: tuple[str, ...]) -> Content:
    lines = [Content.assemble(("• ", "dim"), one_line(p)) for p in prompts]
    return Content("\n").join(lines)


class SectionScreen(NoteScreen):
    """A discussion section. Typing goes straight into the note input."""

    def compose(self) -> ComposeResult:
        yield from self.compose_timer()
        with Vertical(id="section-body"):
            yield Static(prompts_content(self.item.prompts), id="prompts")
            yield NoteList(id="notes")
        yield self.note_composer(accounts=True)
        yield from self.compose_footer()
