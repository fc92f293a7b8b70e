"""The one input notes are typed into; the kind is chosen by a prefix or by F2."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.binding import Binding
from textual.suggester import Suggester

from reviewtui.domain.entries import NOTE_KINDS, NoteKind, typed_kind
from reviewtui.domain.names import fold
from reviewtui.widgets.steady_input import SteadyInput

# Due dates said in words, completed from their first three letters in an action.
DUE_WORDS = (
    "today",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "nextweek",
)


class OwnerSuggester(Suggester):
    """Completes the `@name` being typed at the end of the input from known people, the
    `&account` from the accounts in scope, and in an action a due date said in words
    (`tom` -> `tomorrow`, `fri` -> `friday`)."""

    def __init__(
        self,
        people: list[str],
        is_action: Callable[[str], bool] | None = None,
        accounts: Callable[[], list[str]] | None = None,
    ) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.people = people
        self.is_action = is_action or (lambda value: False)
        self._accounts = accounts  # read when first needed: a whole book can be long
        self._account_handles: list[tuple[str, str]] | None = None

    def account_handles(self) -> list[tuple[str, str]]:
        """(folded handle, handle) of every account in scope: `acme-corp`, `Acme-Corp`."""
        if self._account_handles is None:
            names = self._accounts() if self._accounts is not None else []
            handles = ["-".join(name.split()) for name in names]
            self._account_handles = [(fold(h), h) for h in handles if h]
        return self._account_handles

    async def get_suggestion(self, value: str) -> str | None:
        return self.complete(value)

    def complete(self, value: str) -> str | None:
        """The value with its last word completed, or None when there is nothing to add."""
        head, _, last = value.rpartition(" ")
        prefix = f"{head} " if head else ""
        if last.startswith("&") and len(last) >= 2 and self._accounts is not None:
            wanted = fold(last[1:])
            for folded, handle in self.account_handles():
                if folded.startswith(wanted) and folded != wanted:
                    return f"{prefix}&{handle}"
            return None
        if last.startswith("@") and len(last) >= 2:
            wanted = last[1:].lower()
            for name in self.people:
                handle = name.split()[0]
                if fold(handle).startswith(fold(wanted)) and fold(handle) != fold(wanted):
                    return f"{prefix}@{handle}"
            return None
        if head and len(last) >= 3 and self.is_action(value):
            for word in DUE_WORDS:
                if word.startswith(last.lower()) and word != last.lower():
                    return f"{prefix}{word}"
        return None


class NoteInput(SteadyInput):
    """An Input that knows which kind of note it is taking.

    Enter (the key of `save_note`, as the user's keymap has it) is handled in the input's own
    event queue rather than after the key has bubbled up to the app, and the input is emptied
    at once: keys typed right after Enter (a fast typist, or keys that arrive together in one
    packet over SSH) are then never folded into the note being saved. The screen puts the
    text back if it cannot be saved.
    """

    def restore(self, text: str) -> None:
        """Put back text that could not be saved, ahead of anything typed since (kept apart
        from it by a space, so the two are never glued into one word)."""
        since = self.value
        joined = f"{text} {since.lstrip()}" if since.strip() else text
        self.value = joined
        self.cursor_position = len(joined)

    def show_text(self, text: str) -> None:
        """Replace the text (a restored draft, a note to edit), the cursor at its end."""
        self.value = text
        self.cursor_position = len(text)

    def focus_at_end(self) -> None:
        """Focus for typing on: never with the text selected (a key would replace it all), and
        the cursor at the end of what is there."""
        self.focus()
        self.cursor_position = len(self.value)

    def append(self, text: str) -> None:
        """Text typed while something else had focus: added at the end, typing continues here."""
        self.cursor_position = len(self.value)
        self.insert_text_at_cursor(text)
        self.focus()

    BINDINGS = [
        Binding("enter", "submit", "Save", id="save_note", tooltip="save the typed note"),
        # Tab completes, never leaves the input: typing on after a Tab that moved the focus
        # went to the notes list, where letters were commands.
        Binding(
            "tab",
            "complete",
            "Complete",
            id="complete",
            show=False,
            tooltip="complete the @name, &account or due date shown in grey (stays in the input)",
        ),
    ]

    def __init__(
        self,
        people: list[str],
        *,
        on_enter: Callable[[str], None],
        id: str | None = None,
        accounts: Callable[[], list[str]] | None = None,
    ) -> None:
        super().__init__(
            placeholder="Type a note; a: action @owner fri · d: decision · r: risk · i: #market",
            suggester=OwnerSuggester(people, self._is_action, accounts),
            id=id,
            # A restored draft or a note being edited comes back to be continued: selected, the
            # first key typed would replace all of it.
            select_on_focus=False,
        )
        self.kind = NoteKind.NOTE
        # Called with the text on Enter, in this input's own queue: a `Submitted` message would
        # take two more trips through the queues (the input's, then the screen's) first.
        self._send_typed = on_enter

    def _is_action(self, value: str) -> bool:
        return typed_kind(value, self.kind) is NoteKind.ACTION

    def action_complete(self) -> None:
        """Accept the suggestion shown at the end of the text; otherwise do nothing."""
        # Worked out now, not taken from the grey suggestion: that one is computed in the
        # background and may not be there yet when Tab follows the last letter at once.
        if not self.cursor_at_end or not isinstance(self.suggester, OwnerSuggester):
            return
        completed = self.suggester.complete(self.value)
        if completed and len(completed) > len(self.value):
            self.value = completed
            self.cursor_position = len(self.value)

    def set_kind(self, kind: NoteKind) -> None:
        """The kind a note typed here is saved as (unless its prefix says another), shown on
        the border."""
        self.kind = kind
        self.border_title = kind.label

    def cycle_kind(self) -> NoteKind:
        index = NOTE_KINDS.index(self.kind)
        self.set_kind(NOTE_KINDS[(index + 1) % len(NOTE_KINDS)])
        return self.kind

    def on_paste(self, event: events.Paste) -> None:
        """Paste every line: a plain Input keeps only the first and drops the rest unseen.

        The lines are joined with spaces into the one note being typed, for the facilitator to
        check before Enter.
        """
        text = " ".join(line.strip() for line in event.text.splitlines() if line.strip())
        if text:
            if self.selection.is_empty:
                self.insert_text_at_cursor(text)
            else:
                self.replace(text, *self.selection)
        event.stop()
        event.prevent_default()  # not Input._on_paste as well

    def bindings_for(self, key: str) -> list[Binding]:
        """As SteadyInput's; Ctrl+J is Enter typed while the app was starting (the terminal,
        not yet in raw mode, turned its CR into LF before the app could read it), so unless a
        binding of the keymap has it, it does what Enter does here: saves while Enter saves,
        nothing once the keymap has moved the save to another key."""
        found = super().bindings_for(key)
        if not found and key == "ctrl+j":
            return super().bindings_for("enter")
        return found

    def takes_key(self, key: str) -> bool:
        """Whether `key` runs one of the input's own bindings (save, complete, the editing
        keys), in the input's own queue: it never moves to another screen."""
        return bool(self.bindings_for(key))

    async def action_submit(self) -> None:
        """Hand the text to the screen's save and start the next note empty."""
        text = self.value
        if text.strip():
            self.value = ""
            self._send_typed(text)
