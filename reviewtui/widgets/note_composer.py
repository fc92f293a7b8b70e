"""Where a note is typed: the line that says how it will be saved (or why it cannot be, or
what just happened to the last one), the note input, and the text kept as the draft.

The composer knows nothing of meetings. It asks `preview` how the text will be saved, and
tells its screen of Enter in a `Submitted` message (with the text and the kind). The screen
answers with `show_status`, `put_back` and the edit calls, and reads the draft when it keeps
it: `draft`, the kind picked for it (`draft_kind`), and `draft_version`, which moves on
whenever either may have changed (a number, not a message on every key typed).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from reviewtui.domain.due_dates import DUE_DATE_EXAMPLES
from reviewtui.domain.entries import NoteKind, NotePreview, typed_kind
from reviewtui.domain.models import Note
from reviewtui.domain.text import clean_input, one_line
from reviewtui.widgets.key_hints import binding_keys
from reviewtui.widgets.note_input import NoteInput

Previewer = Callable[[str, NoteKind], NotePreview]


def preview_text(preview: NotePreview) -> str:
    """The preview in one line of words: what will be saved, or the error."""
    if preview.error is not None:
        return f"! {one_line(preview.error)}"
    parts = [preview.kind.label]
    if preview.kind is NoteKind.ACTION and preview.typed:
        if preview.owner and preview.new_owner:
            parts.append(f"owner {one_line(preview.owner, 30)} (new person)")
        elif preview.owner:
            parts.append(f"owner {one_line(preview.owner)}")
        else:
            parts.append("no owner yet (@name)")
        if preview.due:
            parts.append(f"due {preview.due}")
        elif not preview.warnings:
            parts.append(f"no due date yet ({DUE_DATE_EXAMPLES})")
    if preview.category:
        parts.append(preview.category)
    parts += [f"! '{one_line(word, 20)}' is no date: {meant}?" for word, meant in preview.warnings]
    if preview.account:
        parts.append(f"on {one_line(preview.account, 30)}")
    return " · ".join(parts)


class NoteComposer(Vertical):
    """The preview (or status) line above the note input; the input's text is the draft,
    except while a saved note is being edited: then the draft is the text set aside."""

    DEFAULT_CSS = """
    NoteComposer {
        height: auto;
    }
    """

    class Submitted(Message):
        """Enter: `text` to be saved as a `kind` (or as the new text of `editing`). The input
        is already empty; the screen puts the text back (`put_back`) if it cannot be saved."""

        def __init__(
            self, composer: NoteComposer, text: str, kind: NoteKind, editing: Note | None
        ) -> None:
            super().__init__()
            self.composer = composer
            self.text = text
            self.kind = kind
            self.editing = editing

        @property
        def control(self) -> NoteComposer:
            return self.composer

    def __init__(
        self,
        people: list[str],
        *,
        preview: Previewer,
        accounts: Callable[[], list[str]] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._people = people
        self._accounts = accounts
        self._preview = preview
        self._editing: Note | None = None
        self._kind_before_edit = NoteKind.NOTE
        self._set_aside = ""  # what was being typed when an edit began
        # Entered, and on its way to the screen in a `Submitted` message: still part of the
        # draft until the screen has it, so a hang-up in between keeps it.
        self._in_flight: list[str] = []
        self._saving = 0
        # A status ("! Not saved: ...") stays up while the input only changes by its own
        # restoring of the text; the next key the user types replaces it.
        self._status_for: str | None = None
        self._draft_version = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="preview")
        yield NoteInput(
            self._people, on_enter=self._entered, id="note-input", accounts=self._accounts
        )

    def on_mount(self) -> None:
        self.input.border_title = self.kind.label
        self.refresh_preview()

    # -- what is typed ----------------------------------------------------------------

    @property
    def input(self) -> NoteInput:
        return self.query_one(NoteInput)

    @property
    def kind(self) -> NoteKind:
        return NoteKind(self.input.kind)

    @property
    def editing(self) -> Note | None:
        """The saved note whose text is in the input, or None: a new note is being typed."""
        return self._editing

    @property
    def draft(self) -> str:
        """The text typed and not saved: anything entered that the screen has not taken yet,
        then the input's (or, during an edit, the text set aside)."""
        typed = self._set_aside if self._editing is not None else self.input.value
        return " ".join(t for t in (*self._in_flight, typed) if t.strip())

    @property
    def draft_kind(self) -> NoteKind:
        """The kind picked for the draft (F2): the input's, or during an edit, the one it had
        before the edit began."""
        return self._kind_before_edit if self._editing is not None else self.kind

    @property
    def draft_version(self) -> int:
        """Moves on whenever the draft may have changed: a draft kept at one version needs
        keeping again only once this differs."""
        return self._draft_version

    def _draft_changed(self) -> None:
        self._draft_version += 1

    def took(self, text: str) -> None:
        """The screen has the text of a `Submitted` message: from now on it saves it."""
        if text in self._in_flight:
            self._in_flight.remove(text)
            self._draft_changed()

    def show_draft(self, text: str, kind: NoteKind = NoteKind.NOTE) -> None:
        """Open with a draft kept from before (read back from the file: cleaned like anything
        typed, whoever wrote it there), as the kind picked for it."""
        draft = clean_input(text).replace("\n", " ").replace("\t", " ")
        if draft:
            self.input.show_text(draft)
            self.input.set_kind(kind)
        self.refresh_preview()

    def focus_at_end(self) -> None:
        self.input.focus_at_end()

    def _entered(self, text: str) -> None:
        """Enter, in the input's own queue (the input is empty already). Posted from here, the
        message is ahead of any key typed behind the Enter on its way up to the screen."""
        self._in_flight.append(text)
        self.post_message(self.Submitted(self, text, self.kind, self._editing))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is not self.input:
            return
        event.stop()
        if self._editing is None:
            self._draft_changed()
        if event.value != event.input.value:
            return  # a step already overtaken (emptied on Enter, then the text put back)
        if self._status_for is not None:
            if event.value == self._status_for:
                return  # the text the status is about, put back: the status stays up
            self._status_for = None
        line = self.query_one("#preview")
        if event.value or not (line.has_class("-saved") or line.has_class("-error")):
            self.refresh_preview()

    def cycle_kind(self) -> bool:
        """The next kind for the note being typed; False (nothing changes) during an edit."""
        if self._editing is not None:
            return False
        self.input.cycle_kind()
        self._draft_changed()  # the kind is kept with the draft
        self.refresh_preview()
        return True

    # -- the preview and status line ----------------------------------------------------

    def refresh_preview(self) -> None:
        note_input = self.input
        preview = self._preview(note_input.value, self.kind)
        text = preview_text(preview)
        problem = preview.has_problem
        saves = binding_keys(self, "save_note")
        if not note_input.value.strip():
            text += f" · type and press {saves} to save"
        if self._editing is not None:
            cancels = binding_keys(self, "focus_input")
            wrong = self.edit_kind_problem(note_input.value)
            problem = problem if wrong is None else True
            text = f"Editing ({saves} saves, {cancels} cancels) · " + (
                text if wrong is None else f"! {wrong}"
            )
        if self._saving:
            text = f"Saving {self._saving}… · " + text
        line = self.query_one("#preview", Static)
        line.update(Content(text), layout=False)
        line.set_class(problem, "-error")
        line.remove_class("-saved")

    def show_status(self, text: str, error: bool = False) -> None:
        """A one-line confirmation or problem, shown where the preview is until the next key."""
        self._status_for = self.input.value if error else None
        line = self.query_one("#preview", Static)
        line.update(Content(text), layout=False)
        line.set_class(error, "-error")
        line.set_class(not error, "-saved")

    def put_back(self, text: str, problem: str) -> None:
        """Text that could not be saved goes back into the input, ahead of anything typed
        since, and the line says why."""
        self.input.restore(text)
        self.show_status(f"! {problem}", error=True)

    def saving(self, what: str) -> None:
        """A note is on its way to the file: counted until `saved`."""
        self._saving += 1
        self.show_status(f"Saving {what}…")

    def saved(self) -> int:
        """One note less on its way; how many are still."""
        self._saving -= 1
        return self._saving

    def set_subtitle(self, text: str) -> None:
        if self.input.border_subtitle != text:  # each change repaints the input
            self.input.border_subtitle = text

    # -- editing a saved note -------------------------------------------------------------

    def edit_kind_problem(self, raw: str) -> str | None:
        """An edit keeps the note's kind: a prefix that changes it is refused, said why."""
        editing = self._editing
        if editing is None or typed_kind(raw, editing.kind) == editing.kind:
            return None
        kind = NoteKind(editing.kind).label.lower()
        return f"a {kind} stays a {kind}: remove the prefix, or delete it and add a new one"

    def begin_edit(self, note: Note, text: str | None = None) -> None:
        """The input edits `note` (with `text`, when given); what was being typed is set aside
        until the edit ends."""
        note_input = self.input
        if self._editing is None:
            self._kind_before_edit = self.kind
            self._set_aside = note_input.value
            note_input.value = ""
            self._draft_changed()
        self._editing = note
        note_input.kind = NoteKind(note.kind)
        note_input.border_title = f"Editing {NoteKind(note.kind).label.lower()}"
        if text is not None:
            note_input.show_text(text)
            note_input.focus_at_end()
            self.refresh_preview()

    def end_edit(self, *, keep: str = "") -> None:
        """The edit is saved or cancelled: the input takes the kind chosen before it again,
        and the text set aside when it began comes back (with `keep` joined to it: an edit
        that could not be saved, kept as typed)."""
        if self._editing is None:
            return
        self._editing = None
        note_input = self.input
        note_input.set_kind(self._kind_before_edit)
        draft, self._set_aside = self._set_aside, ""
        if keep.strip():
            draft = " ".join(part for part in (draft.strip(), keep.strip()) if part)
        if draft:
            # Anything typed since (behind the Enter that saved the edit) follows, as a word.
            typed = note_input.value
            note_input.show_text(" ".join(part for part in (draft, typed) if part.strip()))
        self._draft_changed()

    def cancel_edit(self) -> None:
        """Escape during an edit: the edited text is dropped, the note stays as saved."""
        self.input.value = ""
        self.end_edit()
        self.refresh_preview()
