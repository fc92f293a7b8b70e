"""An agenda section: its prompts, the notes taken so far, and the input that takes the next."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from reviewtui.domain.entries import KIND_LABELS, EntryError
from reviewtui.domain.models import Note
from reviewtui.domain.text import clean_input, one_line
from reviewtui.screens.meeting_base import MeetingScreen
from reviewtui.services.meeting import MeetingError, MeetingSession, Saved
from reviewtui.services.workspace import Workspace
from reviewtui.widgets.note_input import NoteInput
from reviewtui.widgets.note_list import NoteList


def prompts_content(prompts: tuple[str, ...]) -> Content:
    lines = [Content.assemble(("• ", "dim"), one_line(p)) for p in prompts]
    return Content("\n").join(lines)


class SectionScreen(MeetingScreen):
    """A discussion section. Typing goes straight into the note input."""

    BINDINGS = [
        Binding("f2", "cycle_kind", "Kind", id="cycle_kind"),
        Binding("f6", "toggle_prompts", "Prompts", id="toggle_prompts", show=False),
        Binding("escape", "focus_input", "Type", show=False),
    ]

    def __init__(self, session: MeetingSession) -> None:
        super().__init__(session)
        self._dirty = False
        self._saving = 0
        self._editing: Note | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_timer()
        with Vertical(id="section-body"):
            yield Static(prompts_content(self.item.prompts), id="prompts")
            yield NoteList(id="notes")
        yield Static("", id="preview")
        yield NoteInput(self.session.people(), on_enter=self.submit_note, id="note-input")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        note_input = self.query_one(NoteInput)
        note_input.border_title = KIND_LABELS[note_input.kind]
        self.reload_notes()
        # Read back from the file: cleaned like anything typed, whoever wrote it there.
        draft = clean_input(self.session.draft()).replace("\n", " ").replace("\t", " ")
        if draft:
            note_input.value = draft
            note_input.cursor_position = len(draft)
        self.update_preview()
        note_input.focus()

    # -- notes ---------------------------------------------------------------------

    def reload_notes(self) -> None:
        self.query_one(NoteList).set_notes(
            self.session.notes(self.item.id), self.session.actions_by_note()
        )

    def note_saved(self, saved: Saved) -> None:
        """A note typed here was written: it goes to the end of the list (newest last)."""
        self.query_one(NoteList).add_note(saved.note, saved.action)

    def update_preview(self) -> None:
        note_input = self.query_one(NoteInput)
        text = self.session.preview(note_input.value, note_input.kind, self.focus_account_id)
        if self._editing is not None:
            text = "Editing (Enter saves, Escape cancels) · " + text
        if self._saving:
            text = f"Saving {self._saving}… · " + text
        preview = self.query_one("#preview", Static)
        preview.update(Content(text), layout=False)
        preview.set_class(text.startswith("!") or "· !" in text, "-error")
        preview.remove_class("-saved")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "note-input":
            return
        self._dirty = True
        preview = self.query_one("#preview")
        if event.value or not (preview.has_class("-saved") or preview.has_class("-error")):
            self.update_preview()

    def submit_note(self, raw: str) -> None:
        """Save what was typed (Enter in the note input); say so, or what is wrong with it."""
        note_input = self.query_one(NoteInput)
        # Keys typed after Enter may already be in the input: save exactly what was submitted.
        if not raw.strip():
            return
        kind = note_input.kind
        try:
            if self._editing is not None:
                self.session.edit_note(self._editing, raw)
                self._editing = None
                note_input.border_title = KIND_LABELS[note_input.kind]
                self.reload_notes()
                self.show_status("✓ Updated.")
                return
            entry = self.session.understand(raw, kind)
        except (EntryError, MeetingError) as error:
            note_input.restore(raw)
            self.show_status(f"! {error}", error=True)
            return
        self._dirty = True
        item_id, account_id = self.draft_place()
        self._saving += 1
        self.show_status(f"Saving {KIND_LABELS[entry.kind].lower()}…")
        meeting_id = self.session.id
        writer_session = self.review_app.writer_session

        def save(ws: Workspace) -> Saved:
            return writer_session(ws, meeting_id).save_entry(entry, item_id, account_id)

        def saved(result: Saved | BaseException) -> None:
            self._saving -= 1
            if not self.is_mounted:
                return  # the meeting moved on; the note is saved all the same
            if isinstance(result, BaseException):
                note_input.restore(raw)
                self.show_status(f"! Not saved: {result}", error=True)
                return
            if not self._saving:
                self.show_status(f"✓ {KIND_LABELS[result.note.kind]} saved.")
            self.note_saved(result)

        self.review_app.write_soon(save, saved)

    def show_status(self, text: str, error: bool = False) -> None:
        """A one-line confirmation or problem, shown where the preview is until the next key."""
        preview = self.query_one("#preview", Static)
        preview.update(Content(text), layout=False)
        preview.set_class(error, "-error")
        preview.set_class(not error, "-saved")

    def on_note_list_edit_requested(self, event: NoteList.EditRequested) -> None:
        note = event.note
        self._editing = note
        note_input = self.query_one(NoteInput)
        note_input.value = self.session.editable_text(note)
        note_input.kind = note.kind
        note_input.border_title = f"Editing {KIND_LABELS[note.kind].lower()}"
        note_input.focus()
        note_input.cursor_position = len(note_input.value)
        self.update_preview()

    def on_note_list_delete_requested(self, event: NoteList.DeleteRequested) -> None:
        try:
            self.session.delete_note(event.note)
        except MeetingError as error:
            self.notify(str(error), severity="error")
            return
        self.reload_notes()
        self.notify("Note deleted (kept in the record as deleted).", timeout=2)

    def on_note_list_back_requested(self, event: NoteList.BackRequested) -> None:
        self.action_focus_input()

    # -- keys ----------------------------------------------------------------------

    def action_cycle_kind(self) -> None:
        note_input = self.query_one(NoteInput)
        if self._editing is not None:
            self.notify("Finish or cancel the edit first (Enter / Escape).")
            return
        note_input.cycle_kind()
        self.update_preview()

    def action_toggle_prompts(self) -> None:
        prompts = self.query_one("#prompts")
        prompts.display = not prompts.display

    def action_focus_input(self) -> None:
        note_input = self.query_one(NoteInput)
        if self._editing is not None and self.focused is note_input:
            self._editing = None
            note_input.value = ""
            note_input.border_title = KIND_LABELS[note_input.kind]
            self.update_preview()
        note_input.focus()

    # -- drafts --------------------------------------------------------------------

    def draft_for_tick(self) -> str | None:
        if not self._dirty or self._editing is not None:
            return None
        self._dirty = False
        return self.query_one(NoteInput).value

    def pending_draft_text(self) -> str | None:
        return None if self._editing is not None else self.query_one(NoteInput).value

    def pending_draft(self) -> str:
        return self.query_one(NoteInput).value.strip()

    def leave(self) -> bool:
        # In line, not in the background: the next section's screen opens with this draft.
        if self._editing is None:
            self.review_app.flush_writes()
            self.session.save_draft(self.query_one(NoteInput).value, *self.draft_place())
            self._dirty = False
        return True
