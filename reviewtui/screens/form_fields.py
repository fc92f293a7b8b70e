"""Dialogs of several inputs filled in order, where Enter moves on before the next key lands."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding
from textual.screen import ModalScreen, ScreenResultType
from textual.widgets import Input

from reviewtui.widgets.key_hints import binding_keys


class OrderedForm(ModalScreen[ScreenResultType]):
    """A modal whose inputs (ids in `FIELD_ORDER`) are filled one after the other.

    Keys go to the widget that has focus when the app reads them, and `Input.focus()` only
    takes effect after the keys already read. Typed quickly, or arriving in one packet over
    SSH, "Acme⏎⏎Ana⏎" would all land in the first field. Enter on any field but the last is
    therefore a priority binding: it runs while the app routes keys, so the next key already
    goes to the next field. Enter on the last field is left to the input: it submits the form.
    """

    FIELD_ORDER: ClassVar[tuple[str, ...]] = ()
    # Under 30 lines (an 80x24 terminal) the dialog gives up its blank padding rows so its
    # hint still shows under the fields (styles/app.tcss).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        Binding(
            "enter",
            "next_field",
            "Next field",
            id="form_next",
            show=False,
            priority=True,
            tooltip="next field; on the last one, done",
        ),
        Binding("escape", "cancel", "Cancel", id="form_cancel", tooltip="cancel"),
    ]

    def keys_hint(self, finish: str) -> str:
        """The hint under the fields: `finish` is what Enter on the last field does."""
        next_keys = binding_keys(self, "form_next")
        return f"{next_keys}: next field / {finish} · {binding_keys(self, 'form_cancel')}: cancel"

    def _next_field(self) -> Input | None:
        focused = self.focused
        order = self.FIELD_ORDER
        if focused is None or focused.id not in order[:-1]:
            return None
        return self.query_one(f"#{order[order.index(focused.id) + 1]}", Input)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_field":
            return self._next_field() is not None
        return super().check_action(action, parameters)

    def action_next_field(self) -> None:
        target = self._next_field()
        if target is not None:
            self.set_focus(target)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter on the last field (the others are handled by `next_field`) submits the form."""
        event.stop()
        target = self._next_field()
        if target is not None:
            self.set_focus(target)
            return
        self.submit()

    def submit(self) -> None:
        """Check the fields and dismiss with the result; subclasses fill this in."""
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)
