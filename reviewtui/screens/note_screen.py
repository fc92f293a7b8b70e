"""What every meeting screen with a note composer shares: saving what is typed, editing and
deleting the notes listed, undo, and the draft kept when the screen is left."""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding

from reviewtui.domain.entries import EntryError, NoteKind, NotePreview
from reviewtui.screens.meeting_base import MeetingScreen
from reviewtui.services.changes import Change, LeaseLostError, MeetingClosedError
from reviewtui.services.meeting import MeetingError, MeetingSession, Saved
from reviewtui.widgets.key_hints import binding_keys
from reviewtui.widgets.note_composer import NoteComposer
from reviewtui.widgets.note_list import NoteList


class NoteScreen(MeetingScreen):
    """A meeting screen where notes are typed: its compose yields `note_composer()`."""

    BINDINGS = [
        Binding(
            "f2",
            "cycle_kind",
            "Kind",
            id="cycle_kind",
            tooltip="change the kind of note being typed",
        ),
        Binding(
            "f6",
            "toggle_prompts",
            "Prompts",
            id="toggle_prompts",
            show=False,
            tooltip="hide / show the prompt questions",
        ),
        Binding(
            "escape", "focus_input", "Type", id="focus_input", show=False, tooltip="back to typing"
        ),
        Binding(
            "shift+tab",
            "focus_notes",
            "Notes",
            id="focus_notes",
            show=False,
            tooltip="to the notes list, to edit or delete a note",
        ),
        Binding(
            "ctrl+z",
            "undo",
            "Undo",
            id="undo",
            show=False,
            tooltip="undo the last edit or delete of a note (its action too)",
        ),
    ]

    def __init__(self, session: MeetingSession) -> None:
        super().__init__(session)
        # What Ctrl+Z undoes, latest last: (what it says once undone, the change that undoes).
        self._undo: list[tuple[str, Callable[[], Change]]] = []

    def note_composer(self, *, accounts: bool = False) -> NoteComposer:
        """The composer to yield in `compose`; `accounts`: `&account` is completed."""
        return NoteComposer(
            self.session.people(),
            preview=self.preview,
            accounts=(lambda: list(self.session.notebook.scope_accounts())) if accounts else None,
            id="composer",
        )

    @property
    def composer(self) -> NoteComposer:
        return self.query_one(NoteComposer)

    def on_mount(self) -> None:
        super().on_mount()
        self.show_notes()
        composer = self.composer
        composer.show_draft(*self.session.notebook.take_draft())
        composer.focus_at_end()

    def preview(self, raw: str, kind: NoteKind) -> NotePreview:
        return self.session.notebook.preview(raw, kind, self.focus_account_id)

    # -- where notes show ----------------------------------------------------------------

    def show_notes(self) -> None:
        """Show the notes as the record has them now (after an edit, a delete, an undo)."""
        for notes in self.query(NoteList):
            notes.set_notes(
                self.session.notebook.notes(self.item.id), self.session.notebook.actions_by_note()
            )

    def show_saved(self, saved: Saved) -> None:
        """A note typed here was written: it goes to the end of the list (newest last)."""
        for notes in self.query(NoteList):
            notes.add_note(saved.note, saved.action)

    def show_status(self, text: str, error: bool = False) -> None:
        self.composer.show_status(text, error)

    # -- saving --------------------------------------------------------------------------

    def on_note_composer_submitted(self, event: NoteComposer.Submitted) -> None:
        """Save what was typed; say so, or what is wrong with it (the text goes back)."""
        event.stop()
        composer, raw, editing = event.composer, event.text, event.editing
        composer.took(raw)
        if not raw.strip():
            return
        if self.read_only:
            composer.put_back(raw, f"Not saved: {self.read_only_reason}")
            return
        try:
            if editing is not None:
                if (problem := composer.edit_kind_problem(raw)) is not None:
                    raise EntryError(problem)
                change = self.session.notebook.edit(editing, raw)
            else:
                entry = self.session.notebook.understand(raw, event.kind)
                change = self.session.notebook.add(entry, *self.draft_place())
        except (EntryError, MeetingError) as error:
            composer.put_back(raw, str(error))
            return
        action_before = None
        if editing is not None:
            action_before = self.session.notebook.action_for_note(editing.id)
            composer.end_edit()
        what = "edit" if editing is not None else NoteKind(change.args["kind"]).label.lower()
        composer.saving(what)

        def saved(result: object) -> None:
            still_saving = composer.saved()
            if not self.showing:
                # The facilitator moved on: a refused note follows them to the screen they
                # are on now, never dropped.
                if isinstance(result, BaseException):
                    self.review_app.bounce(raw, result)
                return
            if isinstance(result, BaseException):
                if editing is not None and composer.editing is None:
                    composer.begin_edit(editing)  # back to the edit, with its text
                composer.put_back(raw, f"Not saved: {result}")
                if isinstance(result, LeaseLostError | MeetingClosedError):
                    self.lost_meeting(str(result))
                return
            if editing is not None:
                before = editing
                self.push_undo(
                    "Edit undone.", lambda: self.session.notebook.undo(before, action_before)
                )
                self.show_notes()
                self.show_status(f"✓ Updated. {binding_keys(self, 'undo')} undoes.")
                return
            assert isinstance(result, Saved)
            if not still_saving:
                self.show_status(f"✓ {NoteKind(result.note.kind).label} saved.")
            self.show_saved(result)

        self.review_app.write_soon(change, saved)

    def take_bounced(self, text: str, error: BaseException) -> bool:
        self.composer.put_back(text, f"Not saved: {error}")
        return True

    # -- the notes listed ----------------------------------------------------------------

    def on_note_list_edit_requested(self, event: NoteList.EditRequested) -> None:
        self.composer.begin_edit(event.note, self.session.notebook.editable_text(event.note))

    def on_note_list_delete_requested(self, event: NoteList.DeleteRequested) -> None:
        note = event.note
        action_before = self.session.notebook.action_for_note(note.id)
        try:
            change = self.session.notebook.delete(note)
        except MeetingError as error:
            self.notify(str(error), severity="error", markup=False)
            return

        def deleted(result: object) -> None:
            if isinstance(result, BaseException):
                self.show_refusal(result)
                return
            self.push_undo("Note back.", lambda: self.session.notebook.undo(note, action_before))
            if self.showing:
                self.show_notes()
                self.show_status(
                    "Note deleted (kept in the record as deleted)."
                    f" {binding_keys(self, 'undo')} undoes."
                )

        self.write(change, deleted)

    def on_note_list_back_requested(self, event: NoteList.BackRequested) -> None:
        self.action_focus_input()

    # -- undo ----------------------------------------------------------------------------

    def push_undo(self, done: str, undo: Callable[[], Change]) -> None:
        """Remember how to undo a change just written: `undo` makes the change that does."""
        self._undo.append((done, undo))
        del self._undo[:-20]

    def action_undo(self) -> None:
        if not self._undo:
            self.show_status("Nothing to undo.")
            return
        done, undo = self._undo.pop()
        try:
            change = undo()
        except MeetingError as error:
            self.show_status(f"! Not undone: {error}", error=True)
            return

        def undone(result: object) -> None:
            if not self.showing:
                if isinstance(result, BaseException):
                    self.show_refusal(result)
                return
            if isinstance(result, BaseException):
                self.show_status(f"! Not undone: {result}", error=True)
                return
            self.after_undo()
            self.show_status(f"↶ {done}")

        self.write(change, undone)

    def after_undo(self) -> None:
        """Show again what an undo changed."""
        self.show_notes()

    # -- keys ----------------------------------------------------------------------------

    def action_cycle_kind(self) -> None:
        if not self.composer.cycle_kind():
            keys = f"{binding_keys(self, 'save_note')} / {binding_keys(self, 'focus_input')}"
            self.notify(f"Finish or cancel the edit first ({keys}).")

    def action_toggle_prompts(self) -> None:
        for prompts in self.query("#prompts"):
            prompts.display = not prompts.display

    def action_focus_notes(self) -> None:
        notes = self.query(NoteList)
        if notes:
            notes.first().focus()

    def action_focus_input(self) -> None:
        composer = self.composer
        if composer.editing is not None and self.focused is composer.input:
            composer.cancel_edit()
        composer.focus_at_end()

    # -- leaving -------------------------------------------------------------------------

    def finish_edit(self) -> None:
        """Leaving the screen (or the app) in the middle of an edit keeps what was typed: the
        edit is saved as it stands; if it cannot be (a prefix that changes the kind), its text
        joins the draft instead. Either way, the draft is again what was typed before it."""
        composer = self.composer
        editing = composer.editing
        if editing is None or self.read_only:
            return
        raw = composer.input.value
        change = None
        keep = ""  # an edit that cannot be saved: kept as typed, for the facilitator to redo
        if raw.strip() and raw.strip() != self.session.notebook.editable_text(editing).strip():
            try:
                if composer.edit_kind_problem(raw) is None:
                    change = self.session.notebook.edit(editing, raw)
            except (EntryError, MeetingError):
                change = None
            if change is None:
                keep = raw
        composer.input.value = ""
        composer.end_edit(keep=keep)
        if change is not None:
            self.write(change, lambda result: self._edit_written(result, raw))

    def _edit_written(self, result: object, raw: str) -> None:
        if isinstance(result, BaseException):
            self.review_app.bounce(raw, result)

    def save_state(self) -> None:
        self.finish_edit()
        super().save_state()

    def leave(self) -> bool:
        # Queued ahead of the move; the next screen opens with this text and its kind
        # (`carried_draft`, `carried_kind`).
        self.finish_edit()
        if not self.read_only:
            text, kind = self.draft() or "", self.draft_kind()
            notebook = self.session.notebook
            self.write(notebook.save_draft(text, *self.draft_place(), kind=kind))
            notebook.carry(text, kind)
            self.draft_kept()
        return True
