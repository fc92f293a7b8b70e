"""The notes taken in a section, newest last, each tagged with its kind."""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reviewtui.domain.entries import KIND_LABELS, NoteKind
from reviewtui.domain.models import Action, Note
from reviewtui.domain.text import one_line

KIND_STYLES: dict[str, str] = {
    NoteKind.NOTE: "",
    NoteKind.DECISION: "bold green",
    NoteKind.RISK: "bold red",
    NoteKind.INSIGHT: "bold magenta",
    NoteKind.BLOCKER: "bold yellow",
    NoteKind.ACTION: "bold cyan",
}


def note_content(note: Note, action: Action | None = None) -> Content:
    parts: list[str | tuple[str, str]] = [
        (f"{KIND_LABELS[note.kind]:<8} ", KIND_STYLES.get(note.kind, "")),
    ]
    if note.category:
        parts.append((f"[{note.category}] ", "italic"))
    parts.append(one_line(note.text))
    if action is not None:
        owner = action.owner or "no owner"
        due = action.due.isoformat() if action.due else "no date"
        parts.append((f"  → {one_line(owner, 30)}, {due}", "dim"))
    if note.account_name:
        parts.append((f"  ({one_line(note.account_name, 30)})", "dim italic"))
    return Content.assemble(*parts)


class NoteList(OptionList):
    """Notes of the current section. Enter edits, Delete deletes (kept as deleted; Ctrl+Z
    undoes). No letter is a command here: letters typed go on into the note input."""

    BINDINGS = [
        Binding("enter", "edit", "Edit", id="edit_note", tooltip="edit the highlighted note"),
        Binding(
            "delete",
            "delete",
            "Delete",
            id="delete_note",
            tooltip="delete the highlighted note (kept in the record, marked deleted)",
        ),
        Binding(
            "escape",
            "back",
            "Back to typing",
            id="back_to_typing",
            show=False,
            tooltip="back to typing",
        ),
    ]

    class EditRequested(Message):
        def __init__(self, note: Note) -> None:
            super().__init__()
            self.note = note

    class DeleteRequested(Message):
        def __init__(self, note: Note) -> None:
            super().__init__()
            self.note = note

    class BackRequested(Message):
        pass

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._notes: list[Note] = []

    def set_notes(self, notes: Sequence[Note], actions: dict[int, Action] | None = None) -> None:
        actions = actions or {}
        self._notes = list(notes)
        self.clear_options()
        self.add_options(
            [Option(note_content(n, actions.get(n.id)), id=f"note-{n.id}") for n in notes]
        )
        if notes:
            self.highlighted = len(notes) - 1
            self.scroll_end(animate=False)

    def add_note(self, note: Note, action: Action | None = None) -> None:
        """One new note at the end, highlighted, without building the list again."""
        self._notes.append(note)
        self.add_option(Option(note_content(note, action), id=f"note-{note.id}"))
        self.highlighted = len(self._notes) - 1
        self.scroll_end(animate=False)

    @property
    def selected_note(self) -> Note | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self._notes):
            return None
        return self._notes[index]

    def action_edit(self) -> None:
        if (note := self.selected_note) is not None:
            self.post_message(self.EditRequested(note))

    def action_delete(self) -> None:
        if (note := self.selected_note) is not None:
            self.post_message(self.DeleteRequested(note))

    def action_back(self) -> None:
        self.post_message(self.BackRequested())
