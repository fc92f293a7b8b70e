"""F1: the keys of the screen underneath first, in the README's words, then the app-wide keys,
how notes are typed, and last the generic text-editing keys under their own heading."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from reviewtui.domain.due_dates import DUE_DATE_EXAMPLES
from reviewtui.domain.text import one_line
from reviewtui.widgets.key_hints import binding_keys, declared_bindings, keys_text

Row = tuple[str, str, str]  # keys as shown, what they do, binding id
KEYS_WIDTH = 14  # wider key names push their text along instead of every row's


def help_text(binding: Binding) -> str:
    """What a binding does, in the words of the README's key table."""
    return binding.tooltip or binding.description


def typing_help(keys_for_kind: str) -> str:
    return f"""\
  plain text            a note (or the kind chosen with {keys_for_kind})
  d: ...                a decision
  r: ...                a risk
  b: ...                a blocker
  i: ... #market        an insight: #market #company #unit #people
  a: ... @owner fri     an action with owner and due date
  Due dates: {DUE_DATE_EXAMPLES}"""


def _rows(classes: Iterable[type], keymap: dict[str, str], seen: set[str]) -> list[Row]:
    rows: list[Row] = []
    for cls in classes:
        for binding in declared_bindings(cls):
            if not binding.id or binding.id in seen or not help_text(binding):
                continue
            seen.add(binding.id)
            keys = keymap.get(binding.id, binding.key)
            rows.append((keys_text(keys), help_text(binding), binding.id))
    return rows


def _editing_rows(app: App[object], screen: Screen[object]) -> list[Row]:
    """Textual's own keys active here (text editing, focus moves), one row per thing done."""
    keys: dict[str, list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.id or binding.system or not binding.description:
            continue
        shown = keys_text(key)
        if shown not in keys.setdefault(binding.description, []):
            keys[binding.description].append(shown)
    return [(" or ".join(shown), what, "") for what, shown in keys.items()]


def help_sections(app: App[object], screen: Screen[object]) -> list[tuple[str, list[Row]]]:
    """The help's tables: this screen's keys, the app-wide ones, then text editing."""
    keymap: dict[str, str] = getattr(app, "keymap_in_use", {})
    seen: set[str] = set()
    own_classes: list[type] = list(type(screen).__mro__)
    for child in screen.walk_children():
        own_classes.extend(type(child).__mro__)
    own = _rows(own_classes, keymap, seen)
    everywhere = _rows(type(app).__mro__, keymap, seen)
    return [
        ("Keys on this screen", own),
        ("Everywhere", everywhere),
        ("Editing text (the usual keys of a text field)", _editing_rows(app, screen)),
    ]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding(
            "escape,f1,q", "dismiss_help", "Close help", id="help_close", tooltip="close the help"
        ),
    ]

    def __init__(
        self,
        sections: list[tuple[str, list[Row]]],
        typing: str | None,
        places: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__()
        self.sections = sections
        self.typing = typing
        self.places = places or []

    def compose(self) -> ComposeResult:
        parts: list[Content] = []
        for title, rows in self.sections:
            if not rows:
                continue
            width = min(max(len(keys) for keys, _, _ in rows), KEYS_WIDTH) + 2
            lines = "\n".join(f"  {keys:<{width}}{what}" for keys, what, _ in rows)
            parts.append(Content.assemble((title, "bold"), "\n", lines, "\n\n"))
            if title == "Everywhere" and self.typing:
                parts.append(Content.assemble(("Typing notes", "bold"), "\n", self.typing, "\n\n"))
        with Vertical(classes="dialog", id="help-dialog"):
            with VerticalScroll(id="help-scroll"):
                yield Static(Content.assemble(*parts), id="help-text")
                if self.places:
                    yield Static(where_things_live(self.places), id="help-places")
            hint = f"{binding_keys(self, 'help_close')} closes this help."
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
