"""A meeting's actions: last meeting's triaged at the start (`Triage`), this meeting's at
wrap-up and the close with its minutes (`Closing`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reviewtui.domain.closing import (
    ClosingCheck,
    check_closing,
    missing_to_close,
    owner_counts,
    role_split,
)
from reviewtui.domain.entries import Entry, EntryError, NoteKind
from reviewtui.domain.models import Action, ActionStatus, Attendee
from reviewtui.domain.names import fold
from reviewtui.domain.text import one_line
from reviewtui.services.action_ops import who
from reviewtui.services.changes import Change
from reviewtui.services.operations import action_args, at_arg, day_arg
from reviewtui.services.session_notes import Notebook, Unsaved, note_change
from reviewtui.services.session_state import MeetingError, MeetingState
from reviewtui.store import actions as action_store
from reviewtui.store import meetings as meeting_store


def _update(state: MeetingState, action: Action, **fields: Any) -> Change:
    return state.change(
        "action.update",
        action_id=action.id,
        version=action.version,
        at=at_arg(state.ws.clock.now()),
        meeting_id=state.id,
        by=who(),
        **fields,
    )


class Triage:
    """Last meeting's actions, still open: each done, carried or dropped here, or undone."""

    def __init__(self, state: MeetingState) -> None:
        self._state = state

    def carryover(self) -> list[Action]:
        """Actions still open from earlier meetings of the series, oldest first."""
        state = self._state
        if state.meeting.series_id is None:
            return []
        return action_store.open_actions_from_series(state.ws.db, state.meeting.series_id, state.id)

    def triaged(self) -> list[Action]:
        """The continuations of the actions carried into this meeting."""
        return action_store.carried_into(self._state.ws.db, self._state.id)

    def check_due(self, text: str) -> None:
        """MeetingError saying what is wrong with a due date as typed (empty is fine)."""
        self._state.parse_due(text)

    def done(self, action: Action) -> Change:
        return _update(self._state, action, status=ActionStatus.DONE)

    def carry(self, action: Action, due_text: str = "") -> Change:
        """Carry the action into this meeting (its result: the continuation), re-dated when
        a due date is given."""
        state = self._state
        return state.change(
            "action.carry",
            action_id=action.id,
            version=action.version,
            meeting_id=state.id,
            at=at_arg(state.ws.clock.now()),
            due=day_arg(state.parse_due(due_text)),
            by=who(),
        )

    def drop(self, action: Action, reason: str) -> Change:
        reason = one_line(reason)
        if not reason:
            raise MeetingError("say briefly why the action is dropped")
        return _update(self._state, action, status=ActionStatus.DROPPED, reason=reason)

    def undo(self, before: Action, carried_id: int | None = None) -> Change:
        """Undo a done, a drop or a carry made here: the action is open again as it was; a
        carry's continuation in this meeting is removed."""
        state = self._state
        at = at_arg(state.ws.clock.now())
        if carried_id is not None:
            return state.change(
                "action.uncarry", before=action_args(before), carried_id=carried_id, at=at
            )
        return state.change("action.restore", before=action_args(before), at=at)

    def left_untriaged(self, left: int) -> Change:
        """Record how many actions were left untriaged when the meeting moved on."""
        return self._state.change("meeting.untriaged", meeting_id=self._state.id, count=left)


# What of the note Enter would add the close takes for the text typed and not saved; where it
# was typed is the draft's own place.
_DRAFT_NOTE = ("kind", "text", "owner", "due", "category", "account_id")


@dataclass(frozen=True)
class WrapUp:
    """This meeting's actions (open or done), whether it may close, and its open actions
    per role (empty when the template names no roles)."""

    actions: list[Action]
    check: ClosingCheck
    owner_split: list[tuple[str, int]]


def _roles(attending: list[Attendee]) -> dict[str, str]:
    """Each attendee's folded name -> role ("other" when none is given)."""
    return {fold(a.person): (a.role or "other") for a in attending}


class Closing:
    """This meeting's actions at wrap-up, the closing rule, the close and the minutes."""

    def __init__(self, state: MeetingState, notebook: Notebook) -> None:
        self._state = state
        self._notebook = notebook

    def actions(self) -> list[Action]:
        """This meeting's actions, open or done (not those carried on or dropped)."""
        return [
            a
            for a in action_store.actions_for_meeting(self._state.ws.db, self._state.id)
            if a.status in (ActionStatus.OPEN, ActionStatus.DONE)
        ]

    def add_action(self, title: str, owner: str = "", due_text: str = "") -> Change:
        """An action from the wrap-up form: each field checked on its own. The draft stays.
        Its result is the `Saved` note."""
        state = self._state
        state.require_live()
        title = one_line(title)
        if not title:
            raise EntryError("the action needs a title")
        due = state.parse_due(due_text)
        entry = Entry(kind=NoteKind.ACTION, text=title, owner=state.owner(owner), due=due)
        change = note_change(state, entry, state.current.id, state.meeting.focus_account_id)
        change.args["keep_draft"] = True
        return change

    def update(
        self,
        action: Action,
        *,
        title: str | None = None,
        owner: str | None = None,
        due_text: str | None = None,
    ) -> Change:
        """Change an action's title, owner or due date (each only when given)."""
        state = self._state
        return _update(
            state,
            action,
            title=one_line(title) if title else None,
            owner=state.owner(owner),
            due=day_arg(state.parse_due(due_text or "")),
        )

    def review(self) -> WrapUp:
        """What the wrap-up shows, from one read of the actions and one of the attendance."""
        actions = self.actions()
        attending = meeting_store.attendance(self._state.ws.db, self._state.id)
        return WrapUp(
            actions, self._check(actions, attending), self._owner_split(actions, attending)
        )

    def check(self) -> ClosingCheck:
        """Whether the meeting may close: its actions against the template's rule."""
        attending = meeting_store.attendance(self._state.ws.db, self._state.id)
        return self._check(self.actions(), attending)

    def _check(self, actions: list[Action], attending: list[Attendee]) -> ClosingCheck:
        state = self._state
        template = state.ws.templates.get(state.meeting.template)
        wanted = template.action_owner_roles if template and template.action_per_role else []
        # Each role the template wants an action for, among the roles of those present.
        present = {fold(a.role) for a in attending if a.present and a.role}
        required = [role for role in wanted if fold(role) in present]
        return check_closing(
            actions,
            state.meeting.min_actions,
            state.meeting.max_actions,
            required,
            _roles(attending),
        )

    def _owner_split(
        self, actions: list[Action], attending: list[Attendee]
    ) -> list[tuple[str, int]]:
        """Open actions per role the template names (e.g. csm, leader), then `others` when
        any; empty when the template names no roles."""
        template = self._state.ws.templates.get(self._state.meeting.template)
        roles = template.action_owner_roles if template else []
        return role_split(owner_counts(actions, _roles(attending)), roles)

    def close(self, override_reason: str | None = None) -> list[Change]:
        """Close, freezing the minutes, then write their file (the last change's result).
        Refuses outside the rule without a reason. Text typed and not saved is saved first,
        as `unsaved` says."""
        state = self._state
        state.require_live()
        check = self.check()
        reason = one_line(override_reason or "") or None
        if not check.ok and reason is None:
            raise MeetingError("cannot close: " + "; ".join(check.problems()))
        draft = self._draft_note(check)
        now = state.ws.clock.now()
        state.end(now)
        return [
            state.change(
                "meeting.close",
                meeting_id=state.id,
                at=at_arg(now),
                reason=reason if not check.ok else None,
                draft=draft,
            ),
            state.change("minutes.write", meeting_id=state.id),
        ]

    def unsaved(self, check: ClosingCheck | None = None) -> Unsaved | None:
        """The text typed and not saved, as the close saves it first: as Enter would have
        saved it, except an action the closing rule would not take (one without an owner or a
        date, one more than allowed), which is saved as a note of every word typed. `check`:
        this meeting's `check()`, when already made."""
        unsaved = self._notebook.unsaved()
        if unsaved is None or unsaved.entry.kind is not NoteKind.ACTION:
            return unsaved
        entry = unsaved.entry
        missing = missing_to_close(entry.owner, entry.due)
        if missing:
            return Unsaved.as_typed(unsaved.typed, f"as an action it needs {' and '.join(missing)}")
        check = check or self.check()
        if check.count >= check.maximum:
            return Unsaved.as_typed(
                unsaved.typed,
                f"as an action it would be one more than the {check.maximum} allowed",
            )
        return unsaved

    def _draft_note(self, check: ClosingCheck) -> dict[str, Any] | None:
        """The text typed and not saved (`typed`), and what of the note Enter would add for
        its entry the close saves (the `meeting.close` operation's `draft`)."""
        unsaved = self.unsaved(check)
        if unsaved is None:
            return None
        note = self._notebook.add(unsaved.entry, None, None).args
        return {"typed": unsaved.typed, **{key: note[key] for key in _DRAFT_NOTE}}

    def minutes(self) -> str:
        """As frozen at close, or as they stand so far while the meeting runs."""
        # Imported here: a meeting resumed into a section shows no minutes.
        from reviewtui.services.minutes import minutes_of

        state = self._state
        return minutes_of(state.ws, state.id) if not state.live else self.minutes_so_far()

    def minutes_so_far(self) -> str:
        from reviewtui.services.minutes import render_meeting_minutes

        return render_meeting_minutes(self._state.ws, self._state.id)
