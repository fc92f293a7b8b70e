"""Every key of the screen underneath, with what it does, plus how notes are typed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reviewtui.domain.text import one_line

TYPING_HELP = """\
Typing notes
  plain text            a note (or the kind chosen with F2)
  d: ...                a decision
  r: ...                a risk
  b: ...                a blocker
  i: ... #market        an insight: #market #company #unit #people
  a: ... @owner fri     an action with owner and due date
Due dates: today, tomorrow, fri, +3d, 2w, 1m, eow, eom, eoq, 2026-12-04"""


def describe_key(key: str) -> str:
    return ", ".join(
        part.replace("ctrl+", "Ctrl+").upper()
        if len(part) <= 3
        else part.replace("ctrl+", "Ctrl+").capitalize()
        for part in key.split(",")
    )


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss_help", "Close help")]

    def __init__(
        self, rows: list[tuple[str, str]], places: list[tuple[str, str]] | None = None
    ) -> None:
        super().__init__()
        self.rows = rows
        self.places = places or []

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _ in self.rows), default=4) + 2
        lines = [f"  {key:<{width}}{what}" for key, what in self.rows]
        with Vertical(classes="dialog", id="help-dialog"):
            yield Static(Content.styled("Keys on this screen", "bold"))
            with VerticalScroll(id="help-scroll"):
                yield Static(Content("\n".join(lines) + "\n\n" + TYPING_HELP))
                if self.places:
                    yield Static(where_things_live(self.places), id="help-places")
            hint = "Escape closes this help."
            if self.places:
                hint += " The files in use are listed at the end."
            yield Static(Content(hint), id="hint")

    def on_mount(self) -> None:
        # Up, Down, Page Up/Down, Home and End scroll the help (to the files in use at its end).
        self.query_one("#help-scroll", VerticalScroll).focus()

    def action_dismiss_help(self) -> None:
        self.dismiss(None)


def where_things_live(places: list[tuple[str, str]]) -> Content:
    """The files this app is using, by name then path (paths cleaned: they may hold anything)."""
    width = max(len(name) for name, _ in places) + 2
    lines = [f"  {name:<{width}}{one_line(path)}" for name, path in places]
    return Content("\nWhere things live (reviewtui paths lists them all)\n" + "\n".join(lines))


def binding_rows(bindings: list[tuple[str, Binding]]) -> list[tuple[str, str]]:
    """(key, description) for every binding that has a description, first key spelling only."""
    seen: dict[str, list[str]] = {}
    for key, binding in bindings:
        description = binding.tooltip or binding.description
        if not description:
            continue
        seen.setdefault(description, [])
        if key not in seen[description]:
            seen[description].append(key)
    return [(" / ".join(describe_key(k) for k in keys), what) for what, keys in seen.items()]
