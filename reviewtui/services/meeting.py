"""A live meeting: its clock, its agenda, what is said in it, and how it closes."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

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
from reviewtui.domain.text import clean_input, one_line
from reviewtui.domain.timing import Budget, ClockReading, elapsed_by_item, read_clock
from reviewtui.exporters.markdown import MinutesData, render_minutes
from reviewtui.services.workspace import Workspace
from reviewtui.store import actions as action_store
from reviewtui.store import meetings as meeting_store
from reviewtui.store import notes as note_store
from reviewtui.store import people as people_store
from reviewtui.store.accounts import get_account
from reviewtui.store.accounts import owners as account_owners
from reviewtui.store.actions import ConflictError

__all__ = ["ConflictError", "MeetingError", "MeetingSession", "Saved", "start_meeting"]


class MeetingError(ValueError):
    """A request the meeting cannot honour; the message is for the user."""


@dataclass(frozen=True)
class Saved:
    """What Enter produced: the stored note, and the action when it was one."""

    note: Note
    action: Action | None = None


def parse_attendee(spec: str) -> tuple[str, str | None]:
    """`Name` or `Name:role`."""
    name, _, role = spec.partition(":")
    return one_line(name), (one_line(role) or None)


def start_meeting(
    ws: Workspace,
    template_id: str,
    *,
    series: str | None = None,
    scope: str | None = None,
    attendees: Sequence[str] = (),
    absent: Sequence[str] = (),
    title: str | None = None,
) -> MeetingSession:
    template = ws.template(template_id)
    now = ws.clock.now()
    series_row = None
    if series:
        series_row = meeting_store.get_or_create_series(
            ws.db, one_line(series), template.id, now, scope
        )
    when = now.in_timezone(ws.tz).format("D MMM YYYY")
    what = one_line(series or scope or "whole book")
    items = [
        meeting_store.PlannedItem(
            title=s.title,
            kind=s.kind,
            planned_seconds=s.planned_seconds,
            prompts=tuple(s.prompts),
            segments=tuple(s.segments),
        )
        for s in template.sections
    ]
    meeting_id = meeting_store.create_meeting(
        ws.db,
        series_id=series_row.id if series_row else None,
        template=template.id,
        title=one_line(title) if title else f"{template.name} · {what} · {when}",
        scope=scope,
        started_at=now,
        items=items,
        min_actions=template.min_actions,
        max_actions=template.max_actions,
    )
    for spec, present in [(a, True) for a in attendees] + [(a, False) for a in absent]:
        name, role = parse_attendee(spec)
        if not name:
            continue
        person = people_store.get_or_create_person(ws.db, name, now, role)
        meeting_store.set_attendance(ws.db, meeting_id, person.id, present, role or person.role)
    session = MeetingSession(ws, meeting_id)
    session.start_clock()
    return session


def series_names(ws: Workspace) -> list[str]:
    return [s.name for s in meeting_store.list_series(ws.db)]


def people_names(ws: Workspace) -> list[str]:
    return [p.name for p in people_store.list_people(ws.db)]


def record_heartbeat(
    ws: Workspace,
    meeting_id: int,
    draft: str | None = None,
    item_id: int | None = None,
    account_id: int | None = None,
) -> None:
    """The once-a-second write of a live meeting: the heartbeat, and the draft if it changed."""
    now = ws.clock.now()
    if draft is None:
        meeting_store.heartbeat(ws.db, meeting_id, now)
    else:
        meeting_store.save_draft(ws.db, meeting_id, clean_input(draft), item_id, account_id, now)


def remember_focus(ws: Workspace, meeting_id: int, account_id: int | None) -> None:
    """The account in focus, kept so a resumed meeting attaches notes where they were going."""
    meeting_store.set_focus_account(ws.db, meeting_id, account_id)


def live_meetings(ws: Workspace) -> list[Meeting]:
    return meeting_store.list_meetings(ws.db, status="live")


def past_meetings(ws: Workspace, limit: int = 50) -> list[Meeting]:
    return meeting_store.list_meetings(ws.db, status="closed", limit=limit)


class MeetingSession:
    """One meeting being run. Every change is written before it is reported back."""

    def __init__(self, ws: Workspace, meeting_id: int) -> None:
        self.ws = ws
        self.id = meeting_id
        meeting = meeting_store.get_meeting(ws.db, meeting_id)
        if meeting is None:
            raise MeetingError(f"there is no meeting {meeting_id}")
        self.meeting = meeting
        self.items: list[AgendaItem] = meeting_store.agenda(ws.db, meeting_id)
        self._people: list[str] | None = None
        self._account_names: dict[int, str] = {}

    # -- the agenda and the clock ------------------------------------------------------

    def _reload(self) -> None:
        meeting = meeting_store.get_meeting(self.ws.db, self.id)
        assert meeting is not None
        self.meeting = meeting
        self.items = meeting_store.agenda(self.ws.db, self.id)

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

    def start_clock(self) -> None:
        first = self.items[0]
        if first.kind == "carryover" and not self.carryover():
            # Nothing to triage: open on the first real section, ready to type.
            first = self.items[1] if len(self.items) > 1 else first
        meeting_store.open_span(self.ws.db, self.id, first.id, self.ws.clock.now())
        self._reload()

    def recover(self) -> None:
        """After a crash or a dropped link: stop the clock where the app last was alive."""
        open_spans = [s for s in meeting_store.spans(self.ws.db, self.id) if s.ended_at is None]
        if not open_spans:
            return
        beat = meeting_store.last_heartbeat(self.ws.db, self.id) or open_spans[0].started_at
        meeting_store.close_open_span(self.ws.db, self.id, beat)
        meeting_store.open_span(
            self.ws.db, self.id, open_spans[0].agenda_item_id, self.ws.clock.now()
        )
        self._reload()

    def reading(self) -> ClockReading:
        budgets = [Budget(i.id, i.position, i.planned_seconds, i.extra_seconds) for i in self.items]
        spans = meeting_store.spans(self.ws.db, self.id)
        return read_clock(budgets, spans, self.current.id, self.ws.clock.now())

    def spent(self) -> dict[int, int]:
        return elapsed_by_item(meeting_store.spans(self.ws.db, self.id), self.ws.clock.now())

    @property
    def running(self) -> bool:
        return any(s.ended_at is None for s in meeting_store.spans(self.ws.db, self.id))

    def goto(self, item_id: int) -> AgendaItem:
        self._require_live()
        target = self.item(item_id)
        now = self.ws.clock.now()
        if self.meeting.focus_account_id is not None:
            # An account chosen in a queue belongs to that section, not to the next one.
            meeting_store.set_focus_account(self.ws.db, self.id, None)
        if self.running:
            meeting_store.open_span(self.ws.db, self.id, target.id, now)
        else:
            meeting_store.set_current_item(self.ws.db, self.id, target.id)
        self._reload()
        return self.current

    def next(self) -> AgendaItem | None:
        if self.index + 1 >= len(self.items):
            return None
        return self.goto(self.items[self.index + 1].id)

    def previous(self) -> AgendaItem | None:
        if self.index == 0:
            return None
        return self.goto(self.items[self.index - 1].id)

    def pause(self) -> None:
        meeting_store.close_open_span(self.ws.db, self.id, self.ws.clock.now())
        self._reload()

    def resume_clock(self) -> None:
        self._require_live()
        if not self.running:
            meeting_store.open_span(self.ws.db, self.id, self.current.id, self.ws.clock.now())
            self._reload()

    def toggle_pause(self) -> bool:
        """Pause or resume; returns True when the clock now runs."""
        if self.running:
            self.pause()
            return False
        self.resume_clock()
        return True

    def add_time(self, seconds: int = 60) -> None:
        self._require_live()
        meeting_store.add_extra_seconds(self.ws.db, self.current.id, seconds)
        self._reload()

    def choose_queues(self, segment_ids: Sequence[str]) -> None:
        """The queues the current queues section shows in this meeting."""
        self._require_live()
        meeting_store.set_item_segments(self.ws.db, self.current.id, segment_ids)
        self._reload()

    def account_timebox(self) -> int | None:
        """Seconds per account in the current queue section, when its template sets one."""
        template = self.ws.templates.get(self.meeting.template)
        if template is None:
            return None
        for section in template.sections:
            if section.title == self.current.title and section.account_minutes:
                return round(section.account_minutes * 60)
        return None

    def heartbeat(self) -> None:
        if self.live:
            meeting_store.heartbeat(self.ws.db, self.id, self.ws.clock.now())

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

    def add(self, raw: str, default_kind: str = "note", author: str | None = None) -> Saved:
        """Save one typed entry where the meeting is now. Raises EntryError (nothing saved)
        when it cannot be understood."""
        self._require_live()
        entry = self.understand(raw, default_kind)
        return self._store(entry, author, self.current.id, self.meeting.focus_account_id)

    def save_entry(self, entry: Entry, item_id: int, account_id: int | None) -> Saved:
        """Store an entry already understood (by `understand`) where it was typed."""
        self._require_live()
        return self._store(entry, None, item_id, account_id)

    def add_action(self, title: str, owner: str = "", due_text: str = "") -> Saved:
        """An action from the wrap-up form: each field checked on its own."""
        self._require_live()
        title = one_line(title)
        if not title:
            raise EntryError("the action needs a title")
        due = self._parse_due(due_text) if due_text.strip() else None
        owner_name = self._owner(owner)
        entry = Entry(kind="action", text=title, owner=owner_name, due=due)
        return self._store(entry, None, self.current.id, self.meeting.focus_account_id)

    def _store(
        self, entry: Entry, author: str | None, item_id: int, account_id: int | None
    ) -> Saved:
        now = self.ws.clock.now()
        with self.ws.db.write():
            note_id = note_store.add_note(
                self.ws.db,
                meeting_id=self.id,
                agenda_item_id=item_id,
                account_id=account_id,
                kind=entry.kind,
                text=entry.text,
                at=now,
                author=author,
                category=entry.category,
            )
            action_id = None
            if entry.kind == "action":
                action_id = action_store.add_action(
                    self.ws.db,
                    meeting_id=self.id,
                    title=entry.text,
                    owner=entry.owner,
                    due=entry.due,
                    at=now,
                    account_id=account_id,
                    note_id=note_id,
                )
            meeting_store.save_draft(self.ws.db, self.id, "", None, None, now)
        note = note_store.get_note(self.ws.db, note_id)
        assert note is not None
        action = action_store.get_action(self.ws.db, action_id) if action_id else None
        return Saved(note, action)

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

    def edit_note(self, note: Note, raw: str) -> Note:
        self._require_live()
        entry = self.understand(raw, note.kind)
        if entry.kind != note.kind:
            raise EntryError(f"a {note.kind} stays a {note.kind}; delete it and add a new one")
        now = self.ws.clock.now()
        with self.ws.db.write():
            note_store.update_note(self.ws.db, note.id, entry.text, now, entry.category)
            if note.kind == "action":
                linked = self._action_for_note(note.id)
                if linked:
                    action_store.update_action(
                        self.ws.db,
                        linked.id,
                        expected_version=linked.version,
                        at=now,
                        title=entry.text,
                        owner=entry.owner,
                        due=entry.due,
                    )
        updated = note_store.get_note(self.ws.db, note.id)
        assert updated is not None
        return updated

    def delete_note(self, note: Note) -> None:
        self._require_live()
        now = self.ws.clock.now()
        with self.ws.db.write():
            note_store.delete_note(self.ws.db, note.id, now)
            if note.kind == "action":
                linked = self._action_for_note(note.id)
                if linked:
                    action_store.update_action(
                        self.ws.db,
                        linked.id,
                        expected_version=linked.version,
                        at=now,
                        status="dropped",
                        drop_reason="note deleted",
                    )

    def undo_note_change(self, before: Note, action_before: Action | None) -> None:
        """Put a note edited or deleted here back as it was, with its action (Ctrl+Z)."""
        self._require_live()
        now = self.ws.clock.now()
        with self.ws.db.write():
            note_store.restore_note(self.ws.db, before.id, before.text, before.category, now)
            if action_before is not None:
                action_store.restore_action(
                    self.ws.db,
                    action_before,
                    expected_version=action_before.version + 1,
                    at=now,
                )

    def action_for_note(self, note_id: int) -> Action | None:
        return self._action_for_note(note_id)

    def _action_for_note(self, note_id: int) -> Action | None:
        return action_store.action_for_note(self.ws.db, note_id)

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
        action = self._action_for_note(note.id)
        parts = [note.text]
        if action and action.owner:
            parts.append("@" + action.owner.replace(" ", ""))
        if action and action.due:
            parts.append(action.due.isoformat())
        return " ".join(parts)

    def focus_account(self, account_id: int | None) -> None:
        """Attach what is said from now on to this account (None: to no account)."""
        remember_focus(self.ws, self.id, account_id)
        self._reload()

    # -- drafts ------------------------------------------------------------------------

    def save_draft(
        self, text: str, item_id: int | None = None, account_id: int | None = None
    ) -> None:
        if not self.live:
            return
        if item_id is None:
            item_id, account_id = self.current.id, self.meeting.focus_account_id
        meeting_store.save_draft(
            self.ws.db, self.id, clean_input(text), item_id, account_id, self.ws.clock.now()
        )

    def draft(self) -> str:
        found = meeting_store.get_draft(self.ws.db, self.id)
        return found.text if found else ""

    # -- last meeting's actions --------------------------------------------------------

    def carryover(self) -> list[Action]:
        """Actions still open from earlier meetings of the series, oldest first."""
        if self.meeting.series_id is None:
            return []
        return action_store.open_actions_from_series(self.ws.db, self.meeting.series_id, self.id)

    def triaged(self) -> list[Action]:
        return action_store.carried_into(self.ws.db, self.id)

    def mark_done(self, action: Action) -> None:
        action_store.update_action(
            self.ws.db,
            action.id,
            expected_version=action.version,
            at=self.ws.clock.now(),
            status="done",
        )

    def carry(self, action: Action, due_text: str = "") -> Action:
        due = self._parse_due(due_text) if due_text.strip() else None
        new_id = action_store.carry_action(
            self.ws.db, action, self.id, self.ws.clock.now(), due=due
        )
        carried = action_store.get_action(self.ws.db, new_id)
        assert carried is not None
        return carried

    def drop(self, action: Action, reason: str) -> None:
        reason = one_line(reason)
        if not reason:
            raise MeetingError("say briefly why the action is dropped")
        action_store.update_action(
            self.ws.db,
            action.id,
            expected_version=action.version,
            at=self.ws.clock.now(),
            status="dropped",
            drop_reason=reason,
        )

    def undo_triage(self, before: Action, carried_id: int | None = None) -> None:
        """Undo a done, a drop or a carry made here: the action is open again as it was; a
        carry's continuation in this meeting is removed."""
        now = self.ws.clock.now()
        if carried_id is not None:
            action_store.uncarry_action(self.ws.db, before, carried_id, now)
        else:
            action_store.restore_action(
                self.ws.db, before, expected_version=before.version + 1, at=now
            )

    def leave_carryover(self) -> int:
        """Record how many actions were left untriaged when the meeting moved on."""
        left = len(self.carryover())
        meeting_store.record_untriaged(self.ws.db, self.id, left)
        return left

    # -- wrap-up and close -------------------------------------------------------------

    def actions(self) -> list[Action]:
        return [
            a
            for a in action_store.actions_for_meeting(self.ws.db, self.id)
            if a.status in ("open", "done")
        ]

    def update_action(
        self,
        action: Action,
        *,
        title: str | None = None,
        owner: str | None = None,
        due_text: str | None = None,
    ) -> Action:
        due = self._parse_due(due_text) if due_text and due_text.strip() else None
        owner_name = self._owner(owner)
        action_store.update_action(
            self.ws.db,
            action.id,
            expected_version=action.version,
            at=self.ws.clock.now(),
            title=one_line(title) if title else None,
            owner=owner_name,
            due=due,
        )
        updated = action_store.get_action(self.ws.db, action.id)
        assert updated is not None
        return updated

    def closing_check(self) -> ClosingCheck:
        return check_closing(self.actions(), self.meeting.min_actions, self.meeting.max_actions)

    def owner_roles(self) -> dict[str, int]:
        """Open actions per attendee role (e.g. csm / leader), for the wrap-up summary."""
        roles = {
            a.person.casefold(): (a.role or "other")
            for a in meeting_store.attendance(self.ws.db, self.id)
        }
        return owner_counts(self.actions(), roles)

    def close(self, override_reason: str | None = None) -> Path:
        """Lock the meeting and write its minutes. Refuses outside the rule without a reason."""
        self._require_live()
        check = self.closing_check()
        reason = one_line(override_reason or "") or None
        if not check.ok and reason is None:
            raise MeetingError("cannot close: " + "; ".join(check.problems()))
        now = self.ws.clock.now()
        meeting_store.close_meeting(
            self.ws.db, self.id, now, reason if not check.ok else None, None
        )
        self._reload()
        path = self.write_minutes()
        meeting_store.set_minutes_path(self.ws.db, self.id, str(path))
        self._reload()
        return path

    def minutes(self) -> str:
        template = self.ws.templates.get(self.meeting.template)
        data = MinutesData(
            meeting=self.meeting,
            template_name=template.name if template else self.meeting.template,
            attendees=meeting_store.attendance(self.ws.db, self.id),
            agenda=self.items,
            notes=self.notes(),
            actions=action_store.actions_for_meeting(self.ws.db, self.id),
            carried=self.triaged(),
            tz=self.ws.tz,
        )
        return render_minutes(data)

    def write_minutes(self) -> Path:
        directory = self.ws.minutes_dir
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        slug = re.sub(r"[^a-z0-9]+", "-", self.meeting.title.lower()).strip("-")[:50] or "meeting"
        path = directory / f"{self.id:04d}-{slug}.md"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(self.minutes())
        return path
