"""Every action across meetings: filter by owner, status and lateness; mark done; move dates."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from reviewtui.domain.due_dates import DUE_DATE_EXAMPLES
from reviewtui.domain.models import LISTED_ACTION_STATUSES, Action, ActionStatus
from reviewtui.domain.text import counted, one_line
from reviewtui.screens.dialogs import AskText
from reviewtui.screens.host import host
from reviewtui.services.changes import Change
from reviewtui.services.follow_up import (
    FollowUpError,
    done_change,
    people_with_actions,
    redate_change,
    undo_change,
)
from reviewtui.services.reporting import ActionLine, list_action_lines
from reviewtui.widgets.fitted_table import Column, FittedTable
from reviewtui.widgets.key_footer import key_footer
from reviewtui.widgets.key_hints import binding_keys

if TYPE_CHECKING:
    from reviewtui.services.workspace import Workspace

STATUSES: tuple[ActionStatus | None, ...] = (*LISTED_ACTION_STATUSES, None)


class ActionsScreen(Screen[None]):
    """Who owes what: one list for all meetings, the current version of carried actions."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="actions_back", tooltip="back"),
        Binding("o", "next_owner", "Owner", id="actions_owner", tooltip="next owner"),
        Binding("s", "next_status", "Status", id="actions_status", tooltip="next status"),
        Binding("v", "toggle_overdue", "Overdue", id="actions_overdue", tooltip="overdue only"),
        Binding(
            "d",
            "done",
            "Done",
            id="actions_done",
            tooltip="mark done (the highlight stays on the action wherever the list re-sorts it)",
        ),
        Binding("r", "redate", "Re-date", id="actions_redate", tooltip="new due date"),
        Binding("ctrl+z", "undo", "Undo", id="undo", tooltip="undo the last done or new due date"),
    ]

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self.owner: str | None = None
        self.status: ActionStatus | None = ActionStatus.OPEN
        self.overdue = False
        self._lines: list[ActionLine] = []
        self._undo: list[Action] = []  # actions as they were before a done or a new date

    def compose(self) -> ComposeResult:
        yield Static("", id="actions-filter")
        yield FittedTable(
            [
                Column("Action", "title"),
                Column("Owner", "owner", 13),
                Column("Due", "due", 10),
                Column("State", "state", 5),
                Column("Cx", "carried", 2),
            ],
            id="all-actions",
        )
        yield key_footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(FittedTable).focus()

    def reload(self, follow: int | None = None) -> None:
        """Read the list again; the cursor stays on the same action (or `follow`) wherever the
        new order puts it, so the next key acts on the action that was highlighted."""
        if follow is None and (selected := self._selected()) is not None:
            follow = selected.id
        self._lines = list_action_lines(
            self.ws,
            owner=self.owner,
            status=None if self.overdue else self.status,
            overdue=self.overdue,
        )
        rows = []
        for line in self._lines:
            a = line.action
            if a.status != ActionStatus.OPEN:
                state = Text(a.status[:4], "dim")
            elif line.days_overdue > 0:
                state = Text(f"{line.days_overdue}d", "bold red")
            else:
                state = Text("")
            title = one_line(a.title, 300)
            if a.account_name:
                title += f" · {one_line(a.account_name, 40)}"
            rows.append(
                (
                    str(a.id),
                    [
                        Text(title),
                        Text(one_line(a.owner or "-", 13)),
                        Text(a.due.isoformat() if a.due else "-"),
                        state,
                        Text(str(a.times_carried) if a.times_carried else ""),
                    ],
                )
            )
        self.query_one(FittedTable).set_rows(rows, follow=None if follow is None else str(follow))
        status = "overdue" if self.overdue else (self.status or "any status")
        self.query_one("#actions-filter", Static).update(
            Content.assemble(
                (counted(len(self._lines), "action"), "bold"),
                f" · owner: {one_line(self.owner, 30) if self.owner else 'anyone'}",
                f" · {status}",
                ("   State: days late, done or drop · Cx: times carried", "dim"),
            )
        )

    def _selected(self) -> Action | None:
        table = self.query_one(FittedTable)
        if not self._lines or table.cursor_row >= len(self._lines):
            return None
        return self._lines[table.cursor_row].action

    def action_next_owner(self) -> None:
        owners: list[str | None] = [None, *people_with_actions(self.ws)]
        index = owners.index(self.owner) if self.owner in owners else 0
        self.owner = owners[(index + 1) % len(owners)]
        self.reload()

    def action_next_status(self) -> None:
        self.overdue = False
        self.status = STATUSES[(STATUSES.index(self.status) + 1) % len(STATUSES)]
        self.reload()

    def action_toggle_overdue(self) -> None:
        self.overdue = not self.overdue
        self.reload()

    def write(self, change: Change, done: Callable[[object], None]) -> None:
        """Through the app's one write path; `done` gets the result or the refusal."""
        host(self).write(change, done)

    def action_done(self) -> None:
        action = self._selected()
        if action is None:
            return
        try:
            change = done_change(self.ws, action)
        except FollowUpError as error:
            self.notify(str(error), severity="error", markup=False)
            return

        def written(result: object) -> None:
            if isinstance(result, BaseException):
                self.notify(f"Not saved: {result}", severity="error", markup=False)
            else:
                self._undo.append(action)
                undo = binding_keys(self, "undo")
                self.notify(f"Done: {one_line(action.title, 40)}. {undo} undoes.", timeout=3)
            self.reload()

        self.write(change, written)

    def action_redate(self) -> None:
        action = self._selected()
        if action is None:
            return

        def apply(answer: str | None) -> None:
            if not answer:
                return
            try:
                change = redate_change(self.ws, action, answer)
            except FollowUpError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.write(change, written)

        def written(result: object) -> None:
            if isinstance(result, BaseException):
                self.notify(f"Not saved: {result}", severity="error", markup=False)
            else:
                assert isinstance(result, Action)
                self._undo.append(action)
                due = result.due.isoformat() if result.due else "-"
                self.notify(f"Now due {due}. {binding_keys(self, 'undo')} undoes.", timeout=3)
            self.reload(follow=action.id)

        self.app.push_screen(
            AskText(
                f"New due date for '{one_line(action.title, 50)}'",
                placeholder=DUE_DATE_EXAMPLES,
            ),
            apply,
        )

    def action_undo(self) -> None:
        if not self._undo:
            self.notify("Nothing to undo.", timeout=2)
            return
        before = self._undo.pop()

        def written(result: object) -> None:
            if isinstance(result, BaseException):
                self.notify(f"Not undone: {result}", severity="error", markup=False)
                return
            self.notify(f"Undone: {one_line(before.title, 40)} is as it was.", timeout=2)
            self.reload(follow=before.id)

        self.write(undo_change(self.ws, before), written)
