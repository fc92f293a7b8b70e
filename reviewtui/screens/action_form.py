"""A small form for one action: what, who, by when."""

from __future__ import annotations

from dataclasses import dataclass

import pendulum
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from reviewtui.domain.due_dates import DUE_DATE_EXAMPLES, DueDateError, parse_due
from reviewtui.screens.form_fields import OrderedForm
from reviewtui.widgets.note_input import OwnerSuggester
from reviewtui.widgets.steady_input import SteadyInput


@dataclass(frozen=True)
class ActionDraft:
    title: str
    owner: str
    due: str


class ActionForm(OrderedForm[ActionDraft | None]):
    """Title, owner and due date. Enter moves on / saves from the last field; Escape cancels."""

    FIELD_ORDER = ("title", "owner", "due")

    def __init__(
        self,
        heading: str,
        people: list[str],
        today: pendulum.Date,
        draft: ActionDraft | None = None,
    ) -> None:
        super().__init__()
        self.heading = heading
        self.people = people
        self.today = today
        self.draft = draft or ActionDraft("", "", "")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self.heading), classes="dialog-question")
            yield SteadyInput(self.draft.title, placeholder="What will be done", id="title")
            yield SteadyInput(
                self.draft.owner,
                placeholder="Owner, e.g. @maria",
                id="owner",
                suggester=OwnerSuggester(self.people),
            )
            yield SteadyInput(self.draft.due, placeholder=f"Due: {DUE_DATE_EXAMPLES}", id="due")
            yield Static(Content(self.keys_hint("save")), id="hint")

    def submit(self) -> None:
        title = self.query_one("#title", Input).value.strip()
        if not title:
            self.query_one("#hint", Static).update(Content("The action needs a title."))
            self.query_one("#title", Input).focus()
            return
        due = self.query_one("#due", Input).value.strip()
        if due:
            try:
                parse_due(due, self.today)
            except DueDateError as error:
                # Stay open: what was typed in the other fields is not lost to a bad date.
                self.query_one("#hint", Static).update(Content(f"Due date: {error}."))
                self.query_one("#due", Input).focus()
                return
        self.dismiss(
            ActionDraft(
                title,
                self.query_one("#owner", Input).value.strip().lstrip("@"),
                self.query_one("#due", Input).value.strip(),
            )
        )
