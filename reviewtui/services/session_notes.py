"""What is said in a meeting: entries typed and understood, edits, deletes, drafts, the
account they attach to."""

from __future__ import annotations

from dataclasses import dataclass

from reviewtui.domain.due_dates import describe_due
from reviewtui.domain.entries import (
    INSIGHT_CATEGORIES,
    Entry,
    EntryError,
    NoteKind,
    NotePreview,
    kind_or_note,
    parse_entry,
)
from reviewtui.domain.models import Action, Meeting, Note
from reviewtui.domain.names import same_name
from reviewtui.domain.scope import parse_scope
from reviewtui.domain.text import one_line
from reviewtui.services.changes import Change
from reviewtui.services.operations import action_args, at_arg, day_arg
from reviewtui.services.session_state import MeetingState
from reviewtui.services.workspace import Workspace
from reviewtui.store import actions as action_store
from reviewtui.store import meetings as meeting_store
from reviewtui.store import notes as note_store
from reviewtui.store import record as record_store
from reviewtui.store.accounts import get_account


def note_change(
    state: MeetingState,
    entry: Entry,
    item_id: int | None,
    account_id: int | None,
    author: str | None = None,
) -> Change:
    """The change that saves an entry in the meeting (its result: `Saved`)."""
    return state.change(
        "note.add",
        meeting_id=state.id,
        item_id=item_id,
        account_id=account_id,
        kind=entry.kind,
        text=entry.text,
        at=at_arg(state.ws.clock.now()),
        owner=entry.owner,
        due=day_arg(entry.due),
        category=entry.category,
        author=author,
    )


@dataclass(frozen=True)
class Unsaved:
    """Text typed and not saved, as closing the meeting saves it first: `entry` as Enter
    would have saved it, or, when it cannot be (`problem` says why), a note of every word."""

    typed: str
    entry: Entry
    problem: str | None = None

    @classmethod
    def as_typed(cls, typed: str, problem: str) -> Unsaved:
        """Saved as a note of every word typed (prefix and all), for `problem`."""
        return cls(typed, Entry(kind=NoteKind.NOTE, text=one_line(typed)), problem)


class Notebook:
    """Notes and actions typed as notes, their edits and deletes, drafts, and the account in
    focus. Each returns the change that writes it."""

    def __init__(self, state: MeetingState) -> None:
        self._state = state
        self.ws: Workspace = state.ws
        self._account_names: dict[int, str] = {}
        self._scope_accounts: tuple[str | None, dict[str, int]] | None = None
        # Text left in the input when the facilitator moved to another section, and the kind
        # picked for it: the next screen opens with them, whether or not their draft write has
        # landed yet.
        self.carried_draft: str | None = None
        self.carried_kind = NoteKind.NOTE

    @property
    def meeting(self) -> Meeting:
        return self._state.meeting

    def people(self) -> list[str]:
        return self._state.people()

    def understand(self, raw: str, default_kind: str = "note") -> Entry:
        return parse_entry(
            raw,
            self.ws.clock.today(),
            default_kind,
            self.people(),
            # The accounts in scope are looked up only for a note that names one: a book of
            # 100,000 accounts is not read for every note.
            accounts=self.scope_accounts() if "&" in raw else (),
            day_first=self.ws.settings.day_first,
        )

    def _scoped_to_one(self) -> bool:
        """A meeting about one account (`account:NAME`): what is said is said about it."""
        return (self.meeting.scope or "").startswith("account:") and len(self.scope_accounts()) == 1

    def scope_accounts(self) -> dict[str, int]:
        """The accounts `&name` can tie a note to: those in the meeting's scope, by name."""
        scope_text = self.meeting.scope
        if self._scope_accounts is None or self._scope_accounts[0] != scope_text:
            try:
                scope = parse_scope(scope_text)
            except ValueError:
                scope = None
            # Imported here: the segments' pydantic models are not needed before the first frame.
            from reviewtui.store.segments import resolve_scope

            found = record_store.accounts_in_scope(self.ws.db, resolve_scope(self.ws.db, scope))
            self._scope_accounts = (scope_text, {name: id_ for id_, name in found})
        return self._scope_accounts[1]

    def preview(
        self, raw: str, default_kind: str = NoteKind.NOTE, account_id: int | None = None
    ) -> NotePreview:
        """How the typed text will be saved, or what is wrong with it. With nothing typed
        yet: the kind it will be saved as."""
        if not raw.strip():
            return NotePreview(NoteKind(default_kind), typed=False)
        try:
            entry = self.understand(raw, default_kind)
        except EntryError as error:
            return NotePreview(NoteKind(default_kind), error=str(error))
        owner, new_owner = entry.owner, False
        if owner and not any(same_name(owner, p) for p in self.people()):
            new_owner = True
        due = describe_due(entry.due, self.ws.clock.today()) if entry.due else None
        if entry.account:
            account_id = self.scope_accounts().get(entry.account, account_id)
        if account_id is None and self._scoped_to_one():
            account_id = next(iter(self.scope_accounts().values()))
        name = None
        if account_id:
            name = self._account_names.get(account_id)
            if name is None:  # looked up once, not on every key typed
                account = get_account(self.ws.db, account_id)
                name = self._account_names[account_id] = account.name if account else ""
        return NotePreview(
            entry.kind,
            owner=owner,
            new_owner=new_owner,
            due=due,
            category=entry.category,
            account=name or None,
            warnings=entry.misspelt,
        )

    def add(
        self, entry: Entry, item_id: int | None, account_id: int | None, author: str | None = None
    ) -> Change:
        """Store an entry already understood (by `understand`) where it was typed; an entry
        naming an account (`&acme`) is tied to it, whatever account is in focus."""
        self._state.require_live()
        if entry.account:
            account_id = self.scope_accounts().get(entry.account, account_id)
        return note_change(self._state, entry, item_id, account_id, author)

    def notes(self, item_id: int | None = None) -> list[Note]:
        return note_store.notes_for_meeting(self.ws.db, self._state.id, item_id)

    def edit(self, note: Note, raw: str) -> Change:
        self._state.require_live()
        entry = self.understand(raw, note.kind)
        if entry.kind != note.kind:
            raise EntryError(
                f"a {note.kind} stays a {note.kind}; delete it and type a new {entry.kind} instead"
            )
        return self._state.change(
            "note.edit",
            note_id=note.id,
            text=entry.text,
            at=at_arg(self.ws.clock.now()),
            category=entry.category,
            owner=entry.owner,
            due=day_arg(entry.due),
        )

    def delete(self, note: Note) -> Change:
        self._state.require_live()
        return self._state.change("note.delete", note_id=note.id, at=at_arg(self.ws.clock.now()))

    def undo(self, before: Note, action_before: Action | None) -> Change:
        """Put a note edited or deleted here back as it was, with its action (Ctrl+Z)."""
        self._state.require_live()
        return self._state.change(
            "note.restore",
            note_id=before.id,
            text=before.text,
            category=before.category,
            action=action_args(action_before) if action_before is not None else None,
            at=at_arg(self.ws.clock.now()),
        )

    def actions_by_note(self) -> dict[int, Action]:
        """This meeting's actions keyed by the note they were typed as."""
        return {
            a.note_id: a
            for a in action_store.actions_for_meeting(self.ws.db, self._state.id)
            if a.note_id is not None
        }

    def action_for_note(self, note_id: int) -> Action | None:
        return action_store.action_for_note(self.ws.db, note_id)

    def editable_text(self, note: Note) -> str:
        """The note as it would be typed again, so an edit can change owner and date too."""
        if note.kind == "insight" and note.category:
            tag = next((k for k, v in INSIGHT_CATEGORIES.items() if v == note.category), "")
            return f"{note.text} #{tag}" if tag else note.text
        if note.kind != "action":
            return note.text
        action = self.action_for_note(note.id)
        parts = [note.text]
        if action and action.owner:
            parts.append("@" + action.owner.replace(" ", ""))
        if action and action.due:
            parts.append(action.due.isoformat())
        return " ".join(parts)

    def focus(self, account_id: int | None) -> Change:
        """Attach what is said from now on to this account (None: to no account)."""
        return self._state.focus(account_id)

    def mark_reviewed(self, account_id: int) -> Change:
        """Mark an account reviewed in this meeting, with its values now."""
        state = self._state
        state.require_live()
        return state.change(
            "account.reviewed",
            meeting_id=state.id,
            account_id=account_id,
            at=at_arg(self.ws.clock.now()),
        )

    def save_draft(
        self,
        text: str,
        item_id: int | None = None,
        account_id: int | None = None,
        kind: str = NoteKind.NOTE,
    ) -> Change:
        """Keep what is typed but not yet saved, and the kind picked for it, where it is typed
        (by default: here)."""
        state = self._state
        if item_id is None:
            item_id, account_id = state.current.id, state.meeting.focus_account_id
        return state.change(
            "draft.save",
            meeting_id=state.id,
            text=text,
            item_id=item_id,
            account_id=account_id,
            at=at_arg(self.ws.clock.now()),
            kind=str(kind),
        )

    def draft(self) -> str:
        return self._kept()[0]

    def _kept(self) -> tuple[str, NoteKind]:
        """The draft in the file and the kind picked for it (a note when none was)."""
        found = meeting_store.get_draft(self.ws.db, self._state.id)
        return (found.text, kind_or_note(found.kind)) if found else ("", NoteKind.NOTE)

    def carry(self, text: str, kind: str | None) -> None:
        """The text left in the input, and its kind, go with the facilitator to the next
        screen."""
        self.carried_draft = text
        self.carried_kind = kind_or_note(kind)

    def _typed(self) -> tuple[str, NoteKind]:
        """The text typed and not saved, and its kind: carried from the last screen (whose
        draft write may not have landed yet), else the draft."""
        if self.carried_draft is not None:
            return self.carried_draft, self.carried_kind
        return self._kept()

    def unsaved(self) -> Unsaved | None:
        """The text typed and not saved, understood as Enter would have understood it (the
        kind picked for it, unless a prefix says another); None when there is none."""
        text, kind = self._typed()
        typed = text.strip()
        if not typed:
            return None
        try:
            return Unsaved(typed, self.understand(typed, kind))
        except EntryError as error:
            return Unsaved.as_typed(typed, str(error))

    def take_draft(self) -> tuple[str, NoteKind]:
        """The text the next screen opens with, and its kind: carried from the last one, else
        the draft."""
        typed = self._typed()
        self.carried_draft, self.carried_kind = None, NoteKind.NOTE
        return typed
