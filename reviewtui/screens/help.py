"""Every key of the screen underneath, with what it does, plus how notes are typed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

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

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _ in self.rows), default=4) + 2
        lines = [f"  {key:<{width}}{what}" for key, what in self.rows]
        with Vertical(classes="dialog", id="help-dialog"):
            yield Static(Content.styled("Keys on this screen", "bold"))
            with VerticalScroll(id="help-scroll"):
                yield Static(Content("\n".join(lines) + "\n\n" + TYPING_HELP))
            yield Static(Content("Escape closes this help."), id="hint")

    def action_dismiss_help(self) -> None:
        self.dismiss(None)


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
