"""Before a meeting starts: its series, scope and who is there."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.suggester import Suggester, SuggestFromList
from textual.widgets import Input, Label, Static

from reviewtui.domain.attendees import attendee_outline, attendee_specs, parse_attendees
from reviewtui.domain.names import fold
from reviewtui.domain.scope import parse_scope
from reviewtui.domain.text import one_line
from reviewtui.screens.form_fields import OrderedForm
from reviewtui.widgets.steady_input import SteadyInput

_SCOPE_PLACEHOLDER = "Scope: csm:NAME, team:NAME or account:NAME (empty: whole book)"


class AttendeeSuggester(Suggester):
    """Completes the name being typed after the last comma from the people on file."""

    def __init__(self, people: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.people = list(people)

    async def get_suggestion(self, value: str) -> str | None:
        last = value.rpartition(",")[2]
        typed = last.lstrip()
        bare = typed.lstrip("-")
        if not bare or ":" in bare:
            return None
        wanted = fold(bare)
        for name in self.people:
            if fold(name).startswith(wanted) and len(name) > len(bare):
                return value + name[len(bare) :]
        return None


@dataclass(frozen=True)
class MeetingSetup:
    series: str
    scope: str
    attendees: list[str]  # `Name:role`, or `-Name` for someone absent (domain/attendees.py)


class NewMeetingScreen(OrderedForm[MeetingSetup | None]):
    """Three fields; Enter moves on, and starts the meeting from the last one."""

    FIELD_ORDER = ("series", "scope", "attendees")

    def __init__(
        self,
        template_name: str,
        series: list[str],
        people: list[str],
        *,
        expected_roles: Sequence[str] = (),
        check_scope: Callable[[str], str | None] | None = None,
        series_scope: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.template_name = template_name
        self.series = series
        self.people = people
        self.expected_roles = list(expected_roles)
        # Checks a scope against the data: returns it as the data spells it, or raises
        # ValueError naming the closest matches.
        self.check_scope = check_scope
        self.series_scope = series_scope  # the scope a series continued without one keeps

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                Content(f"New meeting: {one_line(self.template_name, 60)}"),
                classes="dialog-question",
            )
            yield SteadyInput(
                placeholder="Series (its open actions open the meeting), e.g. Book review: Ana",
                id="series",
                suggester=SuggestFromList(self.series, case_sensitive=False),
            )
            yield SteadyInput(placeholder=_SCOPE_PLACEHOLDER, id="scope")
            yield SteadyInput(
                placeholder="Attendees: Name:role, Name:role; absent: -Name",
                id="attendees",
                suggester=AttendeeSuggester(self.people),
            )
            yield Static("", id="attendee-names")
            if self.expected_roles:
                roles = ", ".join(one_line(r, 30) for r in self.expected_roles)
                yield Static(Content(f"This review expects: {roles}"), id="expected")
            yield Static(Content(self.keys_hint("start")), id="hint")

    def on_input_changed(self, event: Input.Changed) -> None:
        """Say who the attendees typed are, and which scope a series continued without one
        keeps."""
        if event.input.id == "attendees":
            names = self.query_one("#attendee-names", Static)
            typed = parse_attendees(attendee_specs(event.value))
            outline = attendee_outline(typed, self.people) if typed else ""
            names.update(Content(f"Recorded as: {one_line(outline, 200)}" if outline else ""))
            names.display = bool(outline)
            return
        if event.input.id != "series" or self.series_scope is None:
            return
        inherited = self.series_scope(event.value.strip()) if event.value.strip() else None
        placeholder = (
            f"Scope: empty keeps the series' {one_line(inherited, 40)}"
            if inherited
            else _SCOPE_PLACEHOLDER
        )
        self.query_one("#scope", Input).placeholder = placeholder

    def submit(self) -> None:
        scope = self.query_one("#scope", Input).value.strip()
        try:
            parse_scope(scope)
            if scope and self.check_scope is not None:
                scope = self.check_scope(scope) or ""
        except ValueError as error:
            self.query_one("#hint", Static).update(Content(f"{error} (or leave it empty)."))
            self.query_one("#scope", Input).focus()
            return
        attendees = attendee_specs(self.query_one("#attendees", Input).value)
        series = self.query_one("#series", Input).value.strip()
        self.dismiss(MeetingSetup(series, scope, attendees))
