"""Last meeting's actions: one key each to mark done, carry (maybe re-dated) or drop."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from reviewtui.domain.models import Action
from reviewtui.domain.text import one_line
from reviewtui.screens.dialogs import AskText
from reviewtui.screens.meeting_base import MeetingScreen
from reviewtui.services.changes import Change
from reviewtui.services.meeting import MeetingError, MeetingSession
from reviewtui.widgets.fitted_table import Column, FittedTable


class CarryoverScreen(MeetingScreen):
    """Triage of every action still open from earlier meetings of the series, oldest first."""

    BINDINGS = [
        Binding("d", "done", "Done", id="carry_done"),
        Binding("c", "carry", "Carry", id="carry_carry"),
        Binding("x", "drop", "Drop", id="carry_drop"),
    ]

    def __init__(self, session: MeetingSession) -> None:
        super().__init__(session)
        self._open: list[Action] = []
        self._outcomes: list[tuple[Action, str]] = []  # triaged here, shown below the rest
        self._queued: set[int] = set()  # triaged here, the change not written yet

    def compose(self) -> ComposeResult:
        yield from self.compose_timer()
        yield Static("", id="carry-counts")
        yield FittedTable(
            [
                Column("Action", "title"),
                Column("Owner", "owner", 14),
                Column("Due", "due", 10),
                Column("State", "state", 8),
            ],
            id="carry-table",
        )
        yield Static(
            Content(
                "d done · c carry (new date optional) · x drop (with a reason)"
                " · F8 moves on (what is left stays open)"
            ),
            id="carry-help",
        )
        yield from self.compose_footer()

    def on_mount(self) -> None:
        table = self.query_one(FittedTable)
        super().on_mount()
        self.reload()
        table.focus()

    def reload(self) -> None:
        today = self.session.ws.clock.today()
        self._open = [a for a in self.session.carryover() if a.id not in self._queued]
        rows = []
        for action in self._open:
            late = ""
            if action.is_overdue(today) and action.due is not None:
                late = f"{(today - action.due).in_days()}d late"
            cells = [
                Text(one_line(action.title, 300)),
                Text(one_line(action.owner or "-", 14)),
                Text(action.due.isoformat() if action.due else "-"),
                Text(late, "bold red") if late else Text(""),
            ]
            rows.append((str(action.id), cells))
        for action, outcome in self._outcomes:
            cells = [
                Text(one_line(action.title, 300), "dim"),
                Text(one_line(action.owner or "-", 14), "dim"),
                Text(action.due.isoformat() if action.due else "-", "dim"),
                Text(outcome, "bold"),
            ]
            rows.append((f"done-{action.id}", cells))
        self.query_one(FittedTable).set_rows(rows)
        carried = len(self.session.triaged())
        counts = Content.assemble(
            (f"{len(self._open)} to triage", "bold"),
            f" · {self._count('done')} done · {carried} carried · {self._count('dropped')} dropped",
        )
        if not self._open:
            counts = Content.assemble(counts, ("  All triaged: F8 to move on.", "bold"))
        self.query_one("#carry-counts", Static).update(counts)

    def _selected(self) -> Action | None:
        table = self.query_one(FittedTable)
        row = table.cursor_row
        if row >= len(self._open):
            if row < len(self._open) + len(self._outcomes):
                outcome = self._outcomes[row - len(self._open)][1]
                self.notify(f"Already triaged in this meeting: {outcome}.", timeout=2)
            return None
        return self._open[row]

    def _count(self, outcome: str) -> int:
        return sum(1 for _, said in self._outcomes if said == outcome)

    def triage(self, action: Action, change: Change, outcome: str) -> None:
        """Show the outcome at once; the change is written in the background."""
        self._queued.add(action.id)
        self._outcomes.append((action, outcome))

        def written(result: object) -> None:
            self._queued.discard(action.id)
            if isinstance(result, BaseException):
                self._outcomes.remove((action, outcome))
                self.show_refusal(result)
            if self.showing:
                self.reload()

        self.write(change, written)
        self.reload()

    def action_done(self) -> None:
        action = self._selected()
        if action is None:
            return
        self.triage(action, self.session.done_change(action), "done")

    def action_carry(self) -> None:
        action = self._selected()
        if action is None:
            return

        def carry(answer: str | None) -> None:
            if answer is None:
                return
            try:
                change = self.session.carry_change(action, answer)
            except MeetingError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            due = change.args["due"] or (action.due.isoformat() if action.due else "no date")
            self.triage(action, change, f"→ {due}")

        self.app.push_screen(
            AskText(
                f"Carry '{one_line(action.title, 50)}' into this meeting. New due date?",
                placeholder="Enter keeps the date; or fri, +3d, 2w, eom, 2026-12-04",
                allow_empty=True,
            ),
            carry,
        )

    def action_drop(self) -> None:
        action = self._selected()
        if action is not None:
            self.ask_drop(action, self.dropping)

    def dropping(self, action: Action, change: Change) -> None:
        self.triage(action, change, "dropped")

    def leave(self) -> bool:
        left = len(self._open)
        self.write(self.session.untriaged_change(left))
        if left:
            self.notify(f"{left} action(s) left untriaged; they stay open.", timeout=3)
        return True
