"""Choosing which segment queues a queues section shows in this meeting."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList, Static

from reviewtui.domain.text import one_line
from reviewtui.services.segments import SegmentQueue
from reviewtui.widgets.key_hints import binding_keys, widget_keys

MAX_QUEUES = 4


class ChooseQueuesScreen(ModalScreen[list[str] | None]):
    """Space picks or unpicks a queue; Enter applies; Escape leaves the queues as they were."""

    BINDINGS = [
        Binding(
            "enter",
            "apply",
            "Apply",
            id="queues_apply",
            priority=True,
            tooltip="show the picked queues",
        ),
        Binding(
            "escape", "cancel", "Cancel", id="queues_cancel", tooltip="keep the queues as they were"
        ),
    ]

    def __init__(self, queues: Sequence[SegmentQueue], chosen: Sequence[str]) -> None:
        super().__init__()
        self.queues = list(queues)
        self.chosen = list(chosen)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="choose-queues"):
            yield Label(
                Content(f"Queues for this section (1 to {MAX_QUEUES})"), classes="dialog-question"
            )
            yield SelectionList[str](
                *[
                    (
                        Content(f"{one_line(q.name, 40):<40} {q.count:>7}"),
                        q.id,
                        q.id in self.chosen,
                    )
                    for q in self.queues
                ],
                id="queue-choice",
            )
            picks = widget_keys(SelectionList, "select")
            apply, cancel = binding_keys(self, "queues_apply"), binding_keys(self, "queues_cancel")
            yield Static(
                Content(f"{picks}: pick / unpick · {apply}: apply · {cancel}: cancel"), id="hint"
            )

    def action_apply(self) -> None:
        picked = self.query_one(SelectionList).selected
        # Keep the order the queues were defined in.
        ordered = [q.id for q in self.queues if q.id in picked]
        if not 1 <= len(ordered) <= MAX_QUEUES:
            self.query_one("#hint", Static).update(
                Content(f"Pick between 1 and {MAX_QUEUES} queues ({len(ordered)} picked).")
            )
            return
        self.dismiss(ordered)

    def action_cancel(self) -> None:
        self.dismiss(None)
