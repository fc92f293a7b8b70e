"""A meeting's actions: last meeting's triaged at the start, this meeting's at wrap-up, and
closing with its minutes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from reviewtui.domain.closing import ClosingCheck, check_closing, owner_counts
from reviewtui.domain.models import Action
from reviewtui.domain.names import fold
from reviewtui.domain.text import one_line
from reviewtui.services.action_ops import who
from reviewtui.services.changes import Change
from reviewtui.services.operations import action_args, at_arg, day_arg
from reviewtui.services.session_core import MeetingError, SessionCore
from reviewtui.store import actions as action_store
from reviewtui.store import meetings as meeting_store


class ActionsPart(SessionCore):
    """Triage of last meeting's actions, the wrap-up, and closing."""

    def triaged(self) -> list[Action]:
        return action_store.carried_into(self.ws.db, self.id)

    def _update(self, action: Action, **fields: Any) -> Change:
        return self.change(
            "action.update",
            action_id=action.id,
            version=action.version,
            at=at_arg(self.ws.clock.now()),
            meeting_id=self.id,
            by=who(),
            **fields,
        )

    def done_change(self, action: Action) -> Change:
        return self._update(action, status="done")

    def mark_done(self, action: Action) -> None:
        self.apply(self.done_change(action))

    def carry_change(self, action: Action, due_text: str = "") -> Change:
        due = self._parse_due(due_text) if due_text.strip() else None
        return self.change(
            "action.carry",
            action_id=action.id,
            version=action.version,
            meeting_id=self.id,
            at=at_arg(self.ws.clock.now()),
            due=day_arg(due),
            by=who(),
        )

    def carry(self, action: Action, due_text: str = "") -> Action:
        result: Action = self.apply(self.carry_change(action, due_text))
        return result

    def drop_change(self, action: Action, reason: str) -> Change:
        reason = one_line(reason)
        if not reason:
            raise MeetingError("say briefly why the action is dropped")
        return self._update(action, status="dropped", reason=reason)

    def drop(self, action: Action, reason: str) -> None:
        self.apply(self.drop_change(action, reason))

    def untriaged_change(self, left: int) -> Change:
        """Record how many actions were left untriaged when the meeting moved on."""
        return self.change("meeting.untriaged", meeting_id=self.id, count=left)

    def undo_triage_change(self, before: Action, carried_id: int | None = None) -> Change:
        """Undo a done, a drop or a carry made here: the action is open again as it was; a
        carry's continuation in this meeting is removed."""
        at = at_arg(self.ws.clock.now())
        if carried_id is not None:
            return self.change(
                "action.uncarry", before=action_args(before), carried_id=carried_id, at=at
            )
        return self.change("action.restore", before=action_args(before), at=at)

    def actions(self) -> list[Action]:
        return [
            a
            for a in action_store.actions_for_meeting(self.ws.db, self.id)
            if a.status in ("open", "done")
        ]

    def update_change(
        self,
        action: Action,
        *,
        title: str | None = None,
        owner: str | None = None,
        due_text: str | None = None,
    ) -> Change:
        due = self._parse_due(due_text) if due_text and due_text.strip() else None
        return self._update(
            action,
            title=one_line(title) if title else None,
            owner=self._owner(owner),
            due=day_arg(due),
        )

    def update_action(
        self,
        action: Action,
        *,
        title: str | None = None,
        owner: str | None = None,
        due_text: str | None = None,
    ) -> Action:
        change = self.update_change(action, title=title, owner=owner, due_text=due_text)
        result: Action = self.apply(change)
        return result

    def closing_check(self) -> ClosingCheck:
        template = self.ws.templates.get(self.meeting.template)
        wanted = template.action_owner_roles if template and template.action_per_role else []
        # Each role the template wants an action for, among the roles of those present.
        attending = meeting_store.attendance(self.ws.db, self.id)
        present = {fold(a.role) for a in attending if a.present and a.role}
        required = [role for role in wanted if fold(role) in present]
        return check_closing(
            self.actions(),
            self.meeting.min_actions,
            self.meeting.max_actions,
            required,
            self._roles(),
        )

    def _roles(self) -> dict[str, str]:
        return {
            fold(a.person): (a.role or "other")
            for a in meeting_store.attendance(self.ws.db, self.id)
        }

    def owner_roles(self) -> dict[str, int]:
        """Open actions per attendee role (e.g. csm / leader), for the wrap-up summary."""
        return owner_counts(self.actions(), self._roles())

    def close_changes(self, override_reason: str | None = None) -> list[Change]:
        """Close, freezing the minutes, then write their file. Refuses outside the rule
        without a reason. The draft, if any, is saved as a note first."""
        self._require_live()
        check = self.closing_check()
        reason = one_line(override_reason or "") or None
        if not check.ok and reason is None:
            raise MeetingError("cannot close: " + "; ".join(check.problems()))
        now = self.ws.clock.now()
        self._stop_span(now)
        self.meeting = replace(self.meeting, status="closed", ended_at=now)
        return [
            self.change(
                "meeting.close",
                meeting_id=self.id,
                at=at_arg(now),
                reason=reason if not check.ok else None,
            ),
            self.change("minutes.write", meeting_id=self.id),
        ]

    def close(self, override_reason: str | None = None) -> Path:
        """Close and write the minutes at once; returns the minutes file."""
        results = [self.apply(change) for change in self.close_changes(override_reason)]
        self.reload()
        return Path(results[-1])

    def minutes(self) -> str:
        """As frozen at close, or as they stand so far while the meeting runs."""
        # Imported here: a meeting resumed into a section shows no minutes.
        from reviewtui.services.minutes import minutes_of

        return minutes_of(self.ws, self.id) if not self.live else self.minutes_so_far()

    def minutes_so_far(self) -> str:
        from reviewtui.services.minutes import render_meeting_minutes

        return render_meeting_minutes(self.ws, self.id)
