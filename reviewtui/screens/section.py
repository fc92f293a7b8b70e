"""An agenda section: its prompts, the notes taken so far, and the input that takes the next."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from reviewtui.domain.entries import KIND_LABELS, EntryError, typed_kind
from reviewtui.domain.models import Note
from reviewtui.domain.text import clean_input, one_line
from reviewtui.screens.meeting_base import MeetingScreen
from reviewtui.services.changes import Change, LeaseLostError, MeetingClosedError
from reviewtui.services.meeting import MeetingError, MeetingSession, Saved
from reviewtui.widgets.key_hints import binding_keys
from reviewtui.widgets.note_input import NoteInput
from reviewtui.widgets.note_list import NoteList


def prompts_content(prompts: tuple[str, ...]) -> Content:
    lines = [Content.assemble(("• ", "dim"), one_line(p)) for p in prompts]
    return Content("\n").join(lines)


class SectionScreen(MeetingScreen):
    """A discussion section. Typing goes straight into the note input."""

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
        self._dirty = False
        self._saving = 0
        self._editing: Note | None = None
        # A status ("! Not saved: ...") stays up while the input only changes by its own
        # restoring of the text; the next key the user types replaces it.
        self._status_for: str | None = None
        self._kind_before_edit = "note"
        self._draft_before_edit = ""  # what was being typed when an edit began
        # What Ctrl+Z undoes, latest last: (what it says once undone, the change that undoes).
        self._undo: list[tuple[str, Callable[[], Change]]] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_timer()
        with Vertical(id="section-body"):
            yield Static(prompts_content(self.item.prompts), id="prompts")
            yield NoteList(id="notes")
        yield Static("", id="preview")
        yield NoteInput(
            self.session.people(),
            on_enter=self.submit_note,
            id="note-input",
            accounts=lambda: list(self.session.notebook.scope_accounts()),
        )
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        note_input = self.query_one(NoteInput)
        note_input.border_title = KIND_LABELS[note_input.kind]
        self.reload_notes()
        # Read back from the file: cleaned like anything typed, whoever wrote it there.
        draft = (
            clean_input(self.session.notebook.take_draft()).replace("\n", " ").replace("\t", " ")
        )
        if draft:
            note_input.show_text(draft)
        self.update_preview()
        note_input.focus_at_end()

    # -- notes ---------------------------------------------------------------------

    def reload_notes(self) -> None:
        self.query_one(NoteList).set_notes(
            self.session.notebook.notes(self.item.id), self.session.notebook.actions_by_note()
        )

    def note_saved(self, saved: Saved) -> None:
        """A note typed here was written: it goes to the end of the list (newest last)."""
        self.query_one(NoteList).add_note(saved.note, saved.action)

    def update_preview(self) -> None:
        note_input = self.query_one(NoteInput)
        text = self.session.notebook.preview(
            note_input.value, note_input.kind, self.focus_account_id
        )
        saves = binding_keys(self, "save_note")
        if not note_input.value.strip():
            text += f" · type and press {saves} to save"
        if self._editing is not None:
            cancels = binding_keys(self, "focus_input")
            text = f"Editing ({saves} saves, {cancels} cancels) · " + (
                self._edit_kind_problem(note_input.value) or text
            )
        if self._saving:
            text = f"Saving {self._saving}… · " + text
        preview = self.query_one("#preview", Static)
        preview.update(Content(text), layout=False)
        preview.set_class(text.startswith("!") or "· !" in text, "-error")
        preview.remove_class("-saved")

    def _edit_kind_problem(self, raw: str) -> str | None:
        """An edit keeps the note's kind: a prefix that changes it is refused, said why."""
        editing = self._editing
        if editing is None or typed_kind(raw, editing.kind) == editing.kind:
            return None
        kind = KIND_LABELS[editing.kind].lower()
        return f"! a {kind} stays a {kind}: remove the prefix, or delete it and add a new one"

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "note-input":
            return
        self._dirty = True
        if event.value != event.input.value:
            return  # a step already overtaken (emptied on Enter, then the text put back)
        if self._status_for is not None:
            if event.value == self._status_for:
                return  # the text the status is about, put back: the status stays up
            self._status_for = None
        preview = self.query_one("#preview")
        if event.value or not (preview.has_class("-saved") or preview.has_class("-error")):
            self.update_preview()

    def submit_note(self, raw: str) -> None:
        """Save what was typed (Enter in the note input); say so, or what is wrong with it."""
        note_input = self.query_one(NoteInput)
        # Keys typed after Enter may already be in the input: save exactly what was submitted.
        if not raw.strip():
            return
        if self.read_only:
            note_input.restore(raw)
            self.show_status(f"! Not saved: {self.read_only_reason}", error=True)
            return
        try:
            if self._editing is not None:
                if (problem := self._edit_kind_problem(raw)) is not None:
                    raise EntryError(problem.removeprefix("! "))
                change = self.session.notebook.edit(self._editing, raw)
            else:
                entry = self.session.notebook.understand(raw, note_input.kind)
                change = self.session.notebook.add(entry, *self.draft_place())
        except (EntryError, MeetingError) as error:
            note_input.restore(raw)
            self.show_status(f"! {error}", error=True)
            return
        editing = self._editing
        action_before = None
        if editing is not None:
            action_before = self.session.notebook.action_for_note(editing.id)
            self._end_edit()
        self._dirty = True
        self._saving += 1
        what = "edit" if editing is not None else change.args["kind"]
        self.show_status(f"Saving {KIND_LABELS.get(what, what).lower()}…")

        def saved(result: object) -> None:
            self._saving -= 1
            if not self.showing:
                # The facilitator moved on: a refused note follows them to the screen they
                # are on now, never dropped.
                if isinstance(result, BaseException):
                    self.review_app.bounce(raw, result)
                return
            if isinstance(result, BaseException):
                if editing is not None and self._editing is None:
                    self._begin_edit(editing)  # back to the edit, with its text
                note_input.restore(raw)
                self._dirty = True
                self.show_status(f"! Not saved: {result}", error=True)
                if isinstance(result, LeaseLostError | MeetingClosedError):
                    self.lost_meeting(str(result))
                return
            if editing is not None:
                before = editing
                self.push_undo(
                    "Edit undone.", lambda: self.session.notebook.undo(before, action_before)
                )
                self.reload_notes()
                self.show_status(f"✓ Updated. {binding_keys(self, 'undo')} undoes.")
                return
            assert isinstance(result, Saved)
            if not self._saving:
                self.show_status(f"✓ {KIND_LABELS[result.note.kind]} saved.")
            self.note_saved(result)

        self.review_app.write_soon(change, saved)

    def take_bounced(self, text: str, error: BaseException) -> bool:
        note_input = self.query_one(NoteInput)
        note_input.restore(text)
        self._dirty = True
        self.show_status(f"! Not saved: {error}", error=True)
        return True

    def show_status(self, text: str, error: bool = False) -> None:
        """A one-line confirmation or problem, shown where the preview is until the next key."""
        self._status_for = self.query_one(NoteInput).value if error else None
        preview = self.query_one("#preview", Static)
        preview.update(Content(text), layout=False)
        preview.set_class(error, "-error")
        preview.set_class(not error, "-saved")

    def _end_edit(self) -> None:
        """The edit is saved or cancelled: the input takes the kind chosen before it again, and
        the text that was being typed when the edit began comes back."""
        self._editing = None
        note_input = self.query_one(NoteInput)
        note_input.kind = self._kind_before_edit
        note_input.border_title = KIND_LABELS[note_input.kind]
        draft, self._draft_before_edit = self._draft_before_edit, ""
        if draft:
            note_input.show_text(draft + note_input.value)

    def on_note_list_edit_requested(self, event: NoteList.EditRequested) -> None:
        self._begin_edit(event.note)
        note_input = self.query_one(NoteInput)
        note_input.show_text(self.session.notebook.editable_text(event.note))
        note_input.focus_at_end()
        self.update_preview()

    def _begin_edit(self, note: Note) -> None:
        """The input edits `note`; what was being typed is kept aside until the edit ends."""
        note_input = self.query_one(NoteInput)
        if self._editing is None:
            self._kind_before_edit = note_input.kind
            self._draft_before_edit = note_input.value
            note_input.value = ""
        self._editing = note
        note_input.kind = note.kind
        note_input.border_title = f"Editing {KIND_LABELS[note.kind].lower()}"

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
                self.reload_notes()
                self.show_status(
                    "Note deleted (kept in the record as deleted)."
                    f" {binding_keys(self, 'undo')} undoes."
                )

        self.write(change, deleted)

    # -- undo ----------------------------------------------------------------------

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
        """Hook: show again what an undo changed."""
        self.reload_notes()

    def on_note_list_back_requested(self, event: NoteList.BackRequested) -> None:
        self.action_focus_input()

    # -- keys ----------------------------------------------------------------------

    def action_cycle_kind(self) -> None:
        note_input = self.query_one(NoteInput)
        if self._editing is not None:
            keys = f"{binding_keys(self, 'save_note')} / {binding_keys(self, 'focus_input')}"
            self.notify(f"Finish or cancel the edit first ({keys}).")
            return
        note_input.cycle_kind()
        self.update_preview()

    def action_toggle_prompts(self) -> None:
        prompts = self.query_one("#prompts")
        prompts.display = not prompts.display

    def action_focus_notes(self) -> None:
        notes = self.query(NoteList)
        if notes:
            notes.first().focus()

    def action_focus_input(self) -> None:
        note_input = self.query_one(NoteInput)
        if self._editing is not None and self.focused is note_input:
            note_input.value = ""
            self._end_edit()
            self.update_preview()
        note_input.focus_at_end()

    # -- drafts --------------------------------------------------------------------

    def draft_for_tick(self) -> str | None:
        if not self._dirty or self._editing is not None:
            return None
        self._dirty = False
        return self.query_one(NoteInput).value

    def pending_draft_text(self) -> str | None:
        if self._editing is not None:
            return self._draft_before_edit  # not the note being edited: it is saved already
        return self.query_one(NoteInput).value

    def pending_draft(self) -> str:
        return (self.pending_draft_text() or "").strip()

    def finish_edit(self) -> None:
        """Leaving the screen (or the app) in the middle of an edit keeps what was typed: the
        edit is saved as it stands; if it cannot be (a prefix that changes the kind), its text
        joins the draft instead. Either way, the draft is again what was typed before it."""
        editing = self._editing
        if editing is None or self.read_only:
            return
        note_input = self.query_one(NoteInput)
        raw = note_input.value
        change = None
        if raw.strip() and raw.strip() != self.session.notebook.editable_text(editing).strip():
            try:
                if self._edit_kind_problem(raw) is None:
                    change = self.session.notebook.edit(editing, raw)
            except (EntryError, MeetingError):
                change = None
            if change is None:  # kept as typed, in the draft, for the facilitator to redo
                self._draft_before_edit = " ".join(
                    part for part in (self._draft_before_edit.strip(), raw.strip()) if part
                )
        note_input.value = ""
        self._end_edit()
        if change is not None:
            self.write(change, lambda result: self._edit_written(result, raw))

    def _edit_written(self, result: object, raw: str) -> None:
        if isinstance(result, BaseException):
            self.review_app.bounce(raw, result)

    def save_state(self) -> None:
        self.finish_edit()
        super().save_state()

    def leave(self) -> bool:
        # Queued ahead of the move; the next screen opens with this text (`carried_draft`).
        self.finish_edit()
        if not self.read_only:
            text = self.pending_draft_text() or ""
            self.write(self.session.notebook.save_draft(text, *self.draft_place()))
            self.session.notebook.carried_draft = text
            self._dirty = False
        return True
