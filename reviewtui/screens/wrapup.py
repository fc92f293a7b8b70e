"""Wrap-up: the meeting's actions, each with an owner and a due date, and closing the meeting."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Static

from reviewtui.domain.entries import EntryError, NoteKind
from reviewtui.domain.models import Action, ActionStatus
from reviewtui.domain.text import counted, one_line
from reviewtui.screens.action_form import ActionDraft, ActionForm
from reviewtui.screens.dialogs import AskText, Confirm
from reviewtui.screens.meeting_base import MeetingScreen
from reviewtui.services.meeting import MeetingError, MeetingSession
from reviewtui.services.session_notes import Unsaved
from reviewtui.widgets.fitted_table import Column, FittedTable
from reviewtui.widgets.key_hints import binding_keys, submit_keys, widget_keys


def saved_first(unsaved: Unsaved) -> str:
    """What closing does first with the text typed and not saved, said before it is done."""
    kind = NoteKind(unsaved.entry.kind).label.lower()
    said = f"The unsaved text '{one_line(unsaved.typed, 40)}' is saved as {article(kind)} first"
    if unsaved.problem is not None:
        said += f", word for word ({one_line(unsaved.problem)})"
    return said + "."


def article(word: str) -> str:
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


class WrapupScreen(MeetingScreen):
    """Closing needs the template's range of actions (3-5 by default), each owned and dated."""

    BINDINGS = [
        Binding("n", "new_action", "New action", id="wrap_new", tooltip="new action"),
        Binding("e", "edit_action", "Edit", id="wrap_edit", tooltip="edit the action"),
        Binding("x", "drop_action", "Drop", id="wrap_drop", tooltip="drop the action"),
        Binding(
            "c",
            "close_meeting",
            "Close meeting",
            id="wrap_close",
            tooltip="close the meeting and write the minutes",
        ),
        # The agenda keys stay, out of the footer: room for the wrap-up's own.
        *(
            replace(binding, show=False)
            for binding in MeetingScreen.BINDINGS
            if isinstance(binding, Binding) and binding.id in ("next_section", "add_minute")
        ),
    ]

    def __init__(self, session: MeetingSession) -> None:
        super().__init__(session)
        self._actions: list[Action] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_timer()
        yield Static("", id="closing-status")
        yield FittedTable(
            [
                Column("#", "n", 2),
                Column("Action", "title"),
                Column("Owner", "owner", 14, wide=24),
                Column("Due", "due", 10),
            ],
            id="actions-table",
        )
        yield Static("", id="owner-split")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        table = self.query_one(FittedTable)
        super().on_mount()
        self.reload()
        table.focus()

    def reload(self) -> None:
        wrap = self.session.closing.review()
        self._actions = [a for a in wrap.actions if a.status == ActionStatus.OPEN]
        rows = []
        for number, action in enumerate(self._actions, start=1):
            owner = (
                Text(one_line(action.owner, 60))
                if action.owner
                else Text("needs owner", "bold red")
            )
            due = Text(action.due.isoformat()) if action.due else Text("needs date", "bold red")
            title = Text(one_line(action.title, 300))
            rows.append((str(action.id), [Text(str(number)), title, owner, due]))
        self.query_one(FittedTable).set_rows(rows)
        check = wrap.check
        if check.ok:
            status = Content.assemble(
                (f"{counted(check.count, 'action')}, all owned and dated. ", "bold green"),
                "Ready to close: press c.",
            )
        else:
            status = Content.assemble(
                ("Not ready: ", "bold red"),
                "; ".join(check.problems()),
                f". Needs {check.minimum}-{check.maximum} actions with owner and date.",
            )
        self.query_one("#closing-status", Static).update(status)
        split = wrap.owner_split
        if split:
            text = "Actions by owner: " + " · ".join(f"{role}: {n}" for role, n in split)
        else:
            keys = {k: binding_keys(self, k) for k in ("wrap_new", "wrap_edit", "wrap_drop")}
            text = (
                f"{keys['wrap_new']} new action · {widget_keys(DataTable, 'select_cursor')} or"
                f" {keys['wrap_edit']} edit · {keys['wrap_drop']} drop ·"
                f" {binding_keys(self, 'wrap_close')} close the meeting"
            )
        self.query_one("#owner-split", Static).update(Content(text))

    def _selected(self) -> Action | None:
        table = self.query_one(FittedTable)
        if not self._actions or table.cursor_row >= len(self._actions):
            return None
        return self._actions[table.cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row edits it, like `e`."""
        event.stop()
        self.action_edit_action()

    def action_new_action(self) -> None:
        def save(draft: ActionDraft | None) -> None:
            if draft is None:
                return
            try:
                change = self.session.closing.add_action(draft.title, draft.owner, draft.due)
            except (EntryError, MeetingError) as error:
                self.notify(str(error), severity="error", timeout=4, markup=False)
                return
            self.write(change, self.written)

        self.app.push_screen(
            ActionForm("New action", self.session.people(), self.session.ws.clock.today()), save
        )

    def action_edit_action(self) -> None:
        action = self._selected()
        if action is None:
            return

        def save(draft: ActionDraft | None) -> None:
            if draft is None:
                return
            try:
                change = self.session.closing.update(
                    action, title=draft.title, owner=draft.owner, due_text=draft.due
                )
            except MeetingError as error:
                self.notify(str(error), severity="error", timeout=4, markup=False)
                return
            self.write(change, self.written)

        current = ActionDraft(
            action.title, action.owner or "", action.due.isoformat() if action.due else ""
        )
        self.app.push_screen(
            ActionForm(
                "Edit action", self.session.people(), self.session.ws.clock.today(), current
            ),
            save,
        )

    def action_drop_action(self) -> None:
        action = self._selected()
        if action is not None:
            self.ask_drop(action, lambda _action, change: self.write(change, self.written))

    def written(self, result: object) -> None:
        """A change made here was written (or refused): show the actions as they now are."""
        if isinstance(result, BaseException):
            self.show_refusal(result)
        if self.showing:
            self.reload()

    def action_close_meeting(self) -> None:
        check = self.session.closing.check()
        unsaved = self.session.closing.unsaved(check)
        kept = saved_first(unsaved) if unsaved is not None else ""
        if check.ok:
            self.app.push_screen(
                Confirm("Close the meeting and write the minutes?", kept),
                lambda yes: self._close(None) if yes else None,
            )
            return

        def with_reason(reason: str | None) -> None:
            if reason:
                self._close(reason)

        self.app.push_screen(
            AskText(
                "Not ready to close: " + "; ".join(check.problems()) + ". " + kept,
                placeholder="Close anyway: say why (recorded in the minutes)",
                hint=f"{submit_keys()} closes with this reason ·"
                f" {binding_keys(self, 'ask_cancel', on=AskText)} goes back to fix the actions",
            ),
            with_reason,
        )

    def _close(self, reason: str | None) -> None:
        if self.review_app.writer is not None and self.review_app.writer.pending:
            self.review_app.flush_writes(1.0)  # the check below reads what was queued
        try:
            close, write_file = self.session.closing.close(reason)
        except MeetingError as error:
            self.notify(str(error), severity="error", timeout=5, markup=False)
            return
        done = False

        def closed(result: object) -> None:
            nonlocal done
            done = True
            self.review_app.release_keys()
            if isinstance(result, BaseException):
                self.session.reload()
                self.show_refusal(result)
                return
            assert isinstance(result, str)
            self.review_app.show_minutes(self.session, result)
            self.review_app.write(write_file, self.review_app.minutes_written)

        self.review_app.hold_keys_until()  # keys typed now are for the minutes screen
        self.review_app.write_soon(close, closed, wait=0.5)
        if not done:
            self.notify("Closing the meeting as soon as the database can take it…", timeout=4)
