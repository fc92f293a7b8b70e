"""Last meeting's actions: one key each to mark done, carry (maybe re-dated) or drop.

Typing goes to the note input, as on any section: what is said during the triage is saved
like any note. The triage keys are ones that typing cannot produce (Up/Down, Ctrl letters
the input does not use), so a sentence never marks an action done.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from reviewtui.domain.models import Action
from reviewtui.domain.text import one_line
from reviewtui.screens.dialogs import AskText
from reviewtui.screens.note_screen import NoteScreen
from reviewtui.services.changes import Change
from reviewtui.services.meeting import MeetingError, MeetingSession
from reviewtui.widgets.fitted_table import Column, FittedTable
from reviewtui.widgets.key_hints import binding_keys, footer_key, submit_keys


class CarryoverScreen(NoteScreen):
    """Triage of every action still open from earlier meetings of the series, oldest first."""

    BINDINGS = [
        Binding("up", "move(-1)", "Up", id="carry_up", show=False, tooltip="previous action"),
        Binding("down", "move(1)", "Down", id="carry_down", show=False, tooltip="next action"),
        Binding(
            "f2",
            "cycle_kind",
            "Kind",
            id="cycle_kind",
            show=False,  # room for Quit
            tooltip="change the kind of note being typed",
        ),
        Binding("ctrl+o", "done", "Done", id="carry_done", tooltip="mark the action done"),
        Binding(
            "ctrl+r",
            "carry",
            "Carry",
            id="carry_carry",
            tooltip="carry the action into this meeting (optionally re-dated)",
        ),
        Binding("ctrl+g", "drop", "Drop", id="carry_drop", tooltip="drop the action (asks why)"),
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
                Column("Owner", "owner", 14, wide=24),
                Column("Due", "due", 10),
                Column("State", "state", 8),
            ],
            id="carry-table",
        )
        yield Static("", id="carry-help")
        yield self.note_composer(accounts=True)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        # The highlight moves with Up/Down from the input: typing never leaves it.
        self.query_one(FittedTable).can_focus = False
        super().on_mount()
        self.reload()
        self.show_key_hints()

    def after_undo(self) -> None:
        self.reload()

    def show_key_hints(self) -> None:
        """What the triage keys do, in the keys the bindings (and a user's keymap) give."""
        found: dict[str, tuple[str, str]] = {}
        for active in self.active_bindings.values():
            binding = active.binding
            if binding.id and binding.id not in found:
                found[binding.id] = (self.app.get_key_display(binding), binding.description)
        # Up/Down are also the note input's (its scrolling), which hides them from the active
        # bindings: named from the screen's own.
        up, down = footer_key(self, "carry_up"), footer_key(self, "carry_down")
        wanted = ("carry_done", "carry_carry", "carry_drop", "undo", "next_section")
        parts = [
            f"{up}/{down} pick the action",
            *(" ".join(found[i]) for i in wanted if i in found),
        ]
        self.query_one("#carry-help", Static).update(Content(" · ".join(parts)))

    def action_toggle_prompts(self) -> None:
        help_line = self.query_one("#carry-help")
        help_line.display = not help_line.display

    def action_move(self, delta: int) -> None:
        table = self.query_one(FittedTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + delta)))

    def reload(self) -> None:
        today = self.session.ws.clock.today()
        self._open = [a for a in self.session.triage.carryover() if a.id not in self._queued]
        rows = []
        for action in self._open:
            days_late = action.days_late(today)
            late = f"{days_late}d late" if days_late else ""
            cells = [
                Text(one_line(action.title, 300)),
                Text(one_line(action.owner or "-", 60)),
                Text(action.due.isoformat() if action.due else "-"),
                Text(late, "bold red") if late else Text(""),
            ]
            rows.append((str(action.id), cells))
        for action, outcome in self._outcomes:
            cells = [
                Text(one_line(action.title, 300), "dim"),
                Text(one_line(action.owner or "-", 60), "dim"),
                Text(action.due.isoformat() if action.due else "-", "dim"),
                Text(outcome, "bold"),
            ]
            rows.append((f"done-{action.id}", cells))
        self.query_one(FittedTable).set_rows(rows)
        carried = len(self.session.triage.triaged())
        counts = Content.assemble(
            (f"{len(self._open)} to triage", "bold"),
            f" · {self._count('done')} done · {carried} carried · {self._count('dropped')} dropped",
        )
        if not self._open:
            on = binding_keys(self, "next_section")
            counts = Content.assemble(counts, (f"  All triaged: {on} to move on.", "bold"))
        self.query_one("#carry-counts", Static).update(counts)

    def _selected(self) -> Action | None:
        table = self.query_one(FittedTable)
        row = table.cursor_row
        if row >= len(self._open):
            if row < len(self._open) + len(self._outcomes):
                outcome = self._outcomes[row - len(self._open)][1]
                self.show_status(f"Already triaged in this meeting: {outcome}.")
            return None
        return self._open[row]

    def _count(self, outcome: str) -> int:
        return sum(1 for _, said in self._outcomes if said == outcome)

    def triage(self, action: Action, change: Change, outcome: str) -> None:
        """Show the outcome at once; the change is written in the background, then undoable."""
        self._queued.add(action.id)
        self._outcomes.append((action, outcome))
        title = one_line(action.title, 40)

        def written(result: object) -> None:
            self._queued.discard(action.id)
            if isinstance(result, BaseException):
                self._outcomes.remove((action, outcome))
                self.show_refusal(result)
            else:
                carried_id = (
                    result.id
                    if isinstance(result, Action) and change.op == "action.carry"
                    else None
                )
                self.push_undo(
                    f"'{title}' is open again.", lambda: self._undo_triage(action, carried_id)
                )
                if self.showing:
                    undo = binding_keys(self, "undo")
                    self.show_status(f"✓ '{title}' {outcome}. {undo} undoes.")
            if self.showing:
                self.reload()

        self.write(change, written)
        self.reload()

    def _undo_triage(self, action: Action, carried_id: int | None) -> Change:
        self._outcomes = [(a, o) for a, o in self._outcomes if a.id != action.id]
        return self.session.triage.undo(action, carried_id)

    def action_done(self) -> None:
        action = self._selected()
        if action is None:
            return
        self.triage(action, self.session.triage.done(action), "done")

    def action_carry(self) -> None:
        action = self._selected()
        if action is None:
            return

        def carry(answer: str | None) -> None:
            if answer is None:
                return
            try:
                change = self.session.triage.carry(action, answer)
            except MeetingError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            due = change.args["due"] or (action.due.isoformat() if action.due else "no date")
            self.triage(action, change, f"→ {due}")

        self.app.push_screen(
            AskText(
                f"Carry '{one_line(action.title, 50)}' into this meeting. New due date?",
                placeholder=f"{submit_keys()} keeps the date; or fri, +3d, next friday, Dec 15",
                allow_empty=True,
                check=self._due_problem,
            ),
            carry,
        )

    def _due_problem(self, text: str) -> str | None:
        """What is wrong with a new due date typed in the carry dialog (kept there to fix)."""
        try:
            self.session.triage.check_due(text)
        except MeetingError as error:
            return str(error)
        return None

    def action_drop(self) -> None:
        action = self._selected()
        if action is not None:
            self.ask_drop(action, self.dropping)

    def dropping(self, action: Action, change: Change) -> None:
        self.triage(action, change, "dropped")

    def leave(self) -> bool:
        super().leave()
        left = len(self._open)
        self.write(self.session.triage.left_untriaged(left))
        if left:
            self.notify(f"{left} action(s) left untriaged; they stay open.", timeout=3)
        return True
