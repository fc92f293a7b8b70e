"""Small modal questions: one line of text, or yes/no."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from reviewtui.widgets.key_hints import binding_keys, submit_keys
from reviewtui.widgets.steady_input import SteadyInput


class AskText(ModalScreen[str | None]):
    """Ask for one line. Enter answers, Escape cancels (returns None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="ask_cancel", tooltip="cancel")]

    def __init__(
        self,
        question: str,
        *,
        value: str = "",
        placeholder: str = "",
        allow_empty: bool = False,
        hint: str = "",
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        """`check`: the problem with an answer (shown, the text kept to fix), or None."""
        super().__init__()
        self.check = check
        self.question = question
        self.value = value
        self.placeholder = placeholder
        self.allow_empty = allow_empty
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self.question), classes="dialog-question")
            yield SteadyInput(value=self.value, placeholder=self.placeholder, id="answer")
            default = f"{submit_keys()} to confirm · {binding_keys(self, 'ask_cancel')} to cancel"
            yield Static(Content(self.hint or default), id="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text and not self.allow_empty:
            cancels = binding_keys(self, "ask_cancel")
            self.query_one("#hint", Static).update(
                Content(f"An answer is needed ({cancels} cancels).")
            )
            return
        problem = self.check(text) if self.check is not None else None
        if problem:
            cancels = binding_keys(self, "ask_cancel")
            self.query_one("#hint", Static).update(Content(f"! {problem} ({cancels} cancels)"))
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    """A yes/no question: y for yes, n or Escape for no.

    Enter is deliberately not "yes": a queued Enter meant for the screen underneath must not
    quit the app or close a meeting.
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm_yes", tooltip="yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm_no", tooltip="no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self.question), classes="dialog-question")
            if self.detail:
                yield Static(Content(self.detail))
            yes, no = binding_keys(self, "confirm_yes"), binding_keys(self, "confirm_no")
            yield Static(Content(f"{yes}: yes    {no}: no"), id="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
