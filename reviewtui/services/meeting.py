"""A live meeting: its clock, its agenda, what is said in it, and how it closes.

`MeetingSession` is what a screen (or a command) holds while a meeting runs. It reads the
record, keeps the clock and the agenda in memory, and describes every change as a `Change`
(the `*_change` methods): the app queues those on its writer, which never raises into the
screen. The plain methods (`add`, `goto`, `close`, ...) apply the same change at once and
return its result; they are for commands and tests, where waiting is fine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pendulum

from reviewtui.domain.closing import ClosingCheck, check_closing, owner_counts
from reviewtui.domain.due_dates import DueDateError, describe_due, parse_due
from reviewtui.domain.entries import (
    INSIGHT_CATEGORIES,
    KIND_LABELS,
    Entry,
    EntryError,
    parse_entry,
    resolve_owner,
)
from reviewtui.domain.models import Action, AgendaItem, Meeting, Note
from reviewtui.domain.text import one_line
from reviewtui.domain.timing import Budget, ClockReading, Span, elapsed_by_item, read_clock
from reviewtui.services.changes import Change, apply_change
from reviewtui.services.minutes import minutes_of, render_meeting_minutes
from reviewtui.services.operations import Saved, action_args, at_arg, day_arg
from reviewtui.services.workspace import Workspace
from reviewtui.store import actions as action_store
from reviewtui.store import live as live_store
from reviewtui.store import meetings as meeting_store
from reviewtui.store import notes as note_store
from reviewtui.store import people as people_store
from reviewtui.store.accounts import get_account
from reviewtui.store.accounts import owners as account_owners
from reviewtui.store.actions import ConflictError

__all__ = ["ConflictError", "MeetingError", "MeetingSession", "Saved", "start_meeting"]


class MeetingError(ValueError):
    """A request the meeting cannot honour; the message is for the user."""


def parse_attendee(spec: str) -> tuple[str, str | None]:
    """`Name` or `Name:role`."""
    name, _, role = spec.partition(":")
    return one_line(name), (one_line(role) or None)


def start_change(
    ws: Workspace,
    template_id: str,
    *,
    series: str | None = None,
    scope: str | None = None,
    attendees: Sequence[str] = (),
    absent: Sequence[str] = (),
    title: str | None = None,
) -> Change:
    """The change that creates a meeting (its result is the new meeting's id)."""
    template = ws.template(template_id)
    now = ws.clock.now()
    when = now.in_timezone(ws.tz).format("D MMM YYYY")
    what = one_line(series or scope or "whole book")
    people: list[list[object]] = []
    for spec, present in [(a, True) for a in attendees] + [(a, False) for a in absent]:
        name, role = parse_attendee(spec)
        if name:
            people.append([name, role, present])
    return Change(
        "meeting.start",
        {
            "template": template.id,
            "title": one_line(title) if title else f"{template.name} · {what} · {when}",
            "series": one_line(series) if series else None,
            "scope": scope,
            "attendees": people,
            "at": at_arg(now),
        },
    )


def start_meeting(ws: Workspace, template_id: str, **options: Any) -> MeetingSession:
    """Create a meeting and start its clock, written at once (commands and tests)."""
    meeting_id = apply_change(ws, start_change(ws, template_id, **options))
    session = MeetingSession(ws, meeting_id)
    session.apply(session.start_clock_change())
    return session


def series_names(ws: Workspace) -> list[str]:
    return [s.name for s in meeting_store.list_series(ws.db)]


def people_names(ws: Workspace) -> list[str]:
    return [p.name for p in people_store.list_people(ws.db)]


def live_meetings(ws: Workspace) -> list[Meeting]:
    return meeting_store.list_meetings(ws.db, status="live")


def past_meetings(ws: Workspace, limit: int = 50) -> list[Meeting]:
    return meeting_store.list_meetings(ws.db, status="closed", limit=limit)


class MeetingSession:
    """One meeting being run: read from the record, changed through `Change`s."""

    def __init__(self, ws: Workspace, meeting_id: int, lease: str | None = None) -> None:
        self.ws = ws
        self.id = meeting_id
        # The window this session belongs to; its changes are refused once another took over.
        self.lease = lease
        meeting = meeting_store.get_meeting(ws.db, meeting_id)
        if meeting is None:
            raise MeetingError(f"there is no meeting {meeting_id}")
        self.meeting = meeting
        self.items: list[AgendaItem] = meeting_store.agenda(ws.db, meeting_id)
        # The clock lives here, not in the database: it is written there through changes,
        # and reading it never waits on the disk.
        self.spans: list[Span] = meeting_store.spans(ws.db, meeting_id)
        self._people: list[str] | None = None
        self._account_names: dict[int, str] = {}
        # Text left in the input when the facilitator moved to another section: the next
        # screen opens with it, whether or not its draft write has landed yet.
        self.carried_draft: str | None = None

    def change(self, op: str, **args: Any) -> Change:
        """A change to this meeting, checked against its state and lease when applied."""
        return Change(op, args, meeting_id=self.id, lease=self.lease)

    def apply(self, change: Change) -> Any:
        """Apply a change at once (commands, tests); raises what the change raises."""
        return apply_change(self.ws, change)

    def reload(self) -> None:
        """Read the meeting again (after another window or a command changed it)."""
        meeting = meeting_store.get_meeting(self.ws.db, self.id)
        assert meeting is not None
        self.meeting = meeting
        self.items = meeting_store.agenda(self.ws.db, self.id)
        self.spans = meeting_store.spans(self.ws.db, self.id)

    # -- the agenda and the clock ------------------------------------------------------

    @property
    def live(self) -> bool:
        return self.meeting.status == "live"

    @property
    def current(self) -> AgendaItem:
        for item in self.items:
            if item.id == self.meeting.current_item_id:
                return item
        return self.items[0]

    @property
    def index(self) -> int:
        return self.items.index(self.current)

    def item(self, item_id: int) -> AgendaItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise MeetingError(f"no agenda item {item_id} in this meeting")

    @property
    def running(self) -> bool:
        return any(s.ended_at is None for s in self.spans)

    def reading(self) -> ClockReading:
        budgets = [Budget(i.id, i.position, i.planned_seconds, i.extra_seconds) for i in self.items]
        return read_clock(budgets, self.spans, self.current.id, self.ws.clock.now())

    def spent(self) -> dict[int, int]:
        return elapsed_by_item(self.spans, self.ws.clock.now())

    def _stop_span(self, at: pendulum.DateTime) -> None:
        self.spans = [
            replace(s, ended_at=max(at, s.started_at)) if s.ended_at is None else s
            for s in self.spans
        ]

    def _run_span(self, item_id: int, at: pendulum.DateTime) -> Change:
        self._stop_span(at)
        self.spans.append(Span(item_id, at))
        self._set_current(item_id)
        return self.change("clock.run", meeting_id=self.id, item_id=item_id, at=at_arg(at))

    def _set_current(self, item_id: int, **more: Any) -> None:
        self.meeting = replace(self.meeting, current_item_id=item_id, **more)

    def start_clock_change(self) -> Change:
        first = self.items[0]
        if first.kind == "carryover" and not self.carryover():
            # Nothing to triage: open on the first real section, ready to type.
            first = self.items[1] if len(self.items) > 1 else first
        return self._run_span(first.id, self.ws.clock.now())

    def start_clock(self) -> None:
        self.apply(self.start_clock_change())

    def recover_change(self) -> Change | None:
        """After a crash or a dropped link: the clock stopped where the app was last alive."""
        open_spans = [s for s in self.spans if s.ended_at is None]
        if not open_spans:
            return None
        beat = meeting_store.last_heartbeat(self.ws.db, self.id) or open_spans[0].started_at
        now = self.ws.clock.now()
        item_id = open_spans[0].agenda_item_id
        self._stop_span(beat)
        self.spans.append(Span(item_id, now))
        self._set_current(item_id)
        return self.change(
            "clock.recover",
            meeting_id=self.id,
            item_id=item_id,
            last_alive=at_arg(beat),
            at=at_arg(now),
        )

    def recover(self) -> None:
        change = self.recover_change()
        if change is not None:
            self.apply(change)

    def goto_change(self, item_id: int) -> list[Change]:
        """Move to another section (time runs there if it was running)."""
        self._require_live()
        target = self.item(item_id)
        changes = []
        if self.meeting.focus_account_id is not None:
            # An account chosen in a queue belongs to that section, not to the next one.
            changes.append(self.focus_change(None))
        if self.running:
            changes.append(self._run_span(target.id, self.ws.clock.now()))
        else:
            self._set_current(target.id)
            changes.append(self.change("agenda.current", meeting_id=self.id, item_id=target.id))
        return changes

    def goto(self, item_id: int) -> AgendaItem:
        for change in self.goto_change(item_id):
            self.apply(change)
        return self.current

    def next(self) -> AgendaItem | None:
        if self.index + 1 >= len(self.items):
            return None
        return self.goto(self.items[self.index + 1].id)

    def previous(self) -> AgendaItem | None:
        if self.index == 0:
            return None
        return self.goto(self.items[self.index - 1].id)

    def pause_change(self) -> Change:
        now = self.ws.clock.now()
        self._stop_span(now)
        return self.change("clock.stop", meeting_id=self.id, at=at_arg(now))

    def pause(self) -> None:
        self.apply(self.pause_change())

    def resume_change(self) -> Change | None:
        self._require_live()
        if self.running:
            return None
        return self._run_span(self.current.id, self.ws.clock.now())

    def resume_clock(self) -> None:
        change = self.resume_change()
        if change is not None:
            self.apply(change)

    def toggle_change(self) -> Change:
        """Pause or resume; `running` says which it did."""
        if self.running:
            return self.pause_change()
        change = self.resume_change()
        assert change is not None
        return change

    def toggle_pause(self) -> bool:
        """Pause or resume; returns True when the clock now runs."""
        self.apply(self.toggle_change())
        return self.running

    def add_time_change(self, seconds: int = 60) -> Change:
        self._require_live()
        item = self.current
        extra = max(item.extra_seconds + seconds, 0)
        self.items = [replace(i, extra_seconds=extra) if i.id == item.id else i for i in self.items]
        return self.change("agenda.extra", item_id=item.id, seconds=seconds)

    def add_time(self, seconds: int = 60) -> None:
        self.apply(self.add_time_change(seconds))

    def choose_queues_change(self, segment_ids: Sequence[str]) -> Change:
        """The queues the current queues section shows in this meeting."""
        self._require_live()
        item = self.current
        chosen = tuple(segment_ids)
        self.items = [replace(i, segments=chosen) if i.id == item.id else i for i in self.items]
        return self.change("agenda.queues", item_id=item.id, segments=list(chosen))

    def choose_queues(self, segment_ids: Sequence[str]) -> None:
        self.apply(self.choose_queues_change(segment_ids))

    def account_timebox(self) -> int | None:
        """Seconds per account in the current queue section, when its template sets one."""
        template = self.ws.templates.get(self.meeting.template)
        if template is None:
            return None
        for section in template.sections:
            if section.title == self.current.title and section.account_minutes:
                return round(section.account_minutes * 60)
        return None

    def beat_change(
        self, draft: str | None = None, place: tuple[int, int | None] | None = None
    ) -> Change:
        """The heartbeat (and the window's lease), with the draft when it changed."""
        item_id, account_id = place if place is not None else (None, None)
        return self.change(
            "meeting.beat",
            meeting_id=self.id,
            at=at_arg(self.ws.clock.now()),
            owner=self.lease,
            draft=draft,
            item_id=item_id,
            account_id=account_id,
        )

    def heartbeat(self) -> None:
        if self.live:
            self.apply(self.beat_change())

    def held_elsewhere(self) -> bool:
        """True when another window holds this live meeting."""
        return self.lease is not None and live_store.held_elsewhere(
            self.ws.db, self.id, self.lease, self.ws.clock.now()
        )

    def _require_live(self) -> None:
        if not self.live:
            raise MeetingError("this meeting is closed")

    # -- what is said ------------------------------------------------------------------

    def people(self) -> list[str]:
        if self._people is None:
            names = {p.name for p in people_store.list_people(self.ws.db)}
            names.update(account_owners(self.ws.db))
            self._people = sorted(names, key=str.casefold)
        return self._people

    def understand(self, raw: str, default_kind: str = "note") -> Entry:
        return parse_entry(raw, self.ws.clock.today(), default_kind, self.people())

    def preview(self, raw: str, default_kind: str = "note", account_id: int | None = None) -> str:
        """How the typed text will be saved, in words; or what is wrong with it."""
        if not raw.strip():
            return f"{KIND_LABELS[default_kind]} · type and press Enter to save"
        try:
            entry = self.understand(raw, default_kind)
        except EntryError as error:
            return f"! {error}"
        parts = [KIND_LABELS[entry.kind]]
        if entry.kind == "action":
            parts.append(f"owner {entry.owner}" if entry.owner else "no owner yet (@name)")
            if entry.due:
                parts.append("due " + describe_due(entry.due, self.ws.clock.today()))
            else:
                parts.append("no due date yet (fri, +3d, eom...)")
        if entry.category:
            parts.append(entry.category)
        if account_id:
            name = self._account_names.get(account_id)
            if name is None:  # looked up once, not on every key typed
                account = get_account(self.ws.db, account_id)
                name = self._account_names[account_id] = account.name if account else ""
            if name:
                parts.append(f"on {one_line(name, 30)}")
        return " · ".join(parts)

    def entry_change(
        self, entry: Entry, item_id: int | None, account_id: int | None, author: str | None = None
    ) -> Change:
        """Store an entry already understood (by `understand`) where it was typed."""
        self._require_live()
        return self.change(
            "note.add",
            meeting_id=self.id,
            item_id=item_id,
            account_id=account_id,
            kind=entry.kind,
            text=entry.text,
            at=at_arg(self.ws.clock.now()),
            owner=entry.owner,
            due=day_arg(entry.due),
            category=entry.category,
            author=author,
        )

    def add(self, raw: str, default_kind: str = "note", author: str | None = None) -> Saved:
        """Save one typed entry where the meeting is now. Raises EntryError (nothing saved)
        when it cannot be understood."""
        entry = self.understand(raw, default_kind)
        return self.save_entry(entry, self.current.id, self.meeting.focus_account_id, author)

    def save_entry(
        self, entry: Entry, item_id: int, account_id: int | None, author: str | None = None
    ) -> Saved:
        result: Saved = self.apply(self.entry_change(entry, item_id, account_id, author))
        return result

    def action_change(self, title: str, owner: str = "", due_text: str = "") -> Change:
        """An action from the wrap-up form: each field checked on its own. The draft stays."""
        self._require_live()
        title = one_line(title)
        if not title:
            raise EntryError("the action needs a title")
        due = self._parse_due(due_text) if due_text.strip() else None
        change = self.entry_change(
            Entry(kind="action", text=title, owner=self._owner(owner), due=due),
            self.current.id,
            self.meeting.focus_account_id,
        )
        change.args["keep_draft"] = True
        return change

    def add_action(self, title: str, owner: str = "", due_text: str = "") -> Saved:
        result: Saved = self.apply(self.action_change(title, owner, due_text))
        return result

    def _parse_due(self, text: str) -> pendulum.Date:
        try:
            return parse_due(text, self.ws.clock.today())
        except DueDateError as error:
            raise MeetingError(f"due date: {error}") from None

    def _owner(self, text: str | None) -> str | None:
        name = one_line(text or "").lstrip("@").strip()
        return resolve_owner(name, self.people()) if name else None

    def notes(self, item_id: int | None = None) -> list[Note]:
        return note_store.notes_for_meeting(self.ws.db, self.id, item_id)

    def edit_change(self, note: Note, raw: str) -> Change:
        self._require_live()
        entry = self.understand(raw, note.kind)
        if entry.kind != note.kind:
            raise EntryError(
                f"a {note.kind} stays a {note.kind}; delete it and type a new {entry.kind} instead"
            )
        return self.change(
            "note.edit",
            note_id=note.id,
            text=entry.text,
            at=at_arg(self.ws.clock.now()),
            category=entry.category,
            owner=entry.owner,
            due=day_arg(entry.due),
        )

    def edit_note(self, note: Note, raw: str) -> Note:
        result: Note = self.apply(self.edit_change(note, raw))
        return result

    def delete_change(self, note: Note) -> Change:
        self._require_live()
        return self.change("note.delete", note_id=note.id, at=at_arg(self.ws.clock.now()))

    def delete_note(self, note: Note) -> None:
        self.apply(self.delete_change(note))

    def actions_by_note(self) -> dict[int, Action]:
        """This meeting's actions keyed by the note they were typed as."""
        return {
            a.note_id: a
            for a in action_store.actions_for_meeting(self.ws.db, self.id)
            if a.note_id is not None
        }

    def editable_text(self, note: Note) -> str:
        """The note as it would be typed again, so an edit can change owner and date too."""
        if note.kind == "insight" and note.category:
            tag = next((k for k, v in INSIGHT_CATEGORIES.items() if v == note.category), "")
            return f"{note.text} #{tag}" if tag else note.text
        if note.kind != "action":
            return note.text
        action = action_store.action_for_note(self.ws.db, note.id)
        parts = [note.text]
        if action and action.owner:
            parts.append("@" + action.owner.replace(" ", ""))
        if action and action.due:
            parts.append(action.due.isoformat())
        return " ".join(parts)

    def focus_change(self, account_id: int | None) -> Change:
        """Attach what is said from now on to this account (None: to no account)."""
        self.meeting = replace(self.meeting, focus_account_id=account_id)
        return self.change("meeting.focus", meeting_id=self.id, account_id=account_id)

    def focus_account(self, account_id: int | None) -> None:
        self.apply(self.focus_change(account_id))

    def reviewed_change(self, account_id: int) -> Change:
        """Mark an account reviewed in this meeting, with its values now."""
        self._require_live()
        return self.change(
            "account.reviewed",
            meeting_id=self.id,
            account_id=account_id,
            at=at_arg(self.ws.clock.now()),
        )

    # -- drafts ------------------------------------------------------------------------

    def draft_change(
        self, text: str, item_id: int | None = None, account_id: int | None = None
    ) -> Change:
        if item_id is None:
            item_id, account_id = self.current.id, self.meeting.focus_account_id
        return self.change(
            "draft.save",
            meeting_id=self.id,
            text=text,
            item_id=item_id,
            account_id=account_id,
            at=at_arg(self.ws.clock.now()),
        )

    def save_draft(
        self, text: str, item_id: int | None = None, account_id: int | None = None
    ) -> None:
        if self.live:
            self.apply(self.draft_change(text, item_id, account_id))

    def draft(self) -> str:
        found = meeting_store.get_draft(self.ws.db, self.id)
        return found.text if found else ""

    def take_draft(self) -> str:
        """The text the next screen opens with: carried from the last one, else the draft."""
        carried, self.carried_draft = self.carried_draft, None
        return carried if carried is not None else self.draft()

    # -- last meeting's actions --------------------------------------------------------

    def carryover(self) -> list[Action]:
        """Actions still open from earlier meetings of the series, oldest first."""
        if self.meeting.series_id is None:
            return []
        return action_store.open_actions_from_series(self.ws.db, self.meeting.series_id, self.id)

    def triaged(self) -> list[Action]:
        return action_store.carried_into(self.ws.db, self.id)

    def _update(self, action: Action, **fields: Any) -> Change:
        return self.change(
            "action.update",
            action_id=action.id,
            version=action.version,
            at=at_arg(self.ws.clock.now()),
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

    def undo_note_change(self, before: Note, action_before: Action | None) -> Change:
        """Put a note edited or deleted here back as it was, with its action (Ctrl+Z)."""
        self._require_live()
        return self.change(
            "note.restore",
            note_id=before.id,
            text=before.text,
            category=before.category,
            action=action_args(action_before) if action_before is not None else None,
            at=at_arg(self.ws.clock.now()),
        )

    def action_for_note(self, note_id: int) -> Action | None:
        return action_store.action_for_note(self.ws.db, note_id)

    def leave_carryover(self) -> int:
        left = len(self.carryover())
        self.apply(self.untriaged_change(left))
        return left

    # -- wrap-up and close -------------------------------------------------------------

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
        return check_closing(self.actions(), self.meeting.min_actions, self.meeting.max_actions)

    def owner_roles(self) -> dict[str, int]:
        """Open actions per attendee role (e.g. csm / leader), for the wrap-up summary."""
        roles = {
            a.person.casefold(): (a.role or "other")
            for a in meeting_store.attendance(self.ws.db, self.id)
        }
        return owner_counts(self.actions(), roles)

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
        return minutes_of(self.ws, self.id) if not self.live else self.minutes_so_far()

    def minutes_so_far(self) -> str:
        return render_meeting_minutes(self.ws, self.id)
