"""The operations a `Change` can name: every write the meeting screens and commands make.

Each takes the workspace it runs on and plain arguments (instants and dates as ISO text), so
that it can be queued, written to the recovery file and replayed. Each runs inside the write
transaction `apply_change` opened, so it is all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pendulum

from reviewtui.domain.entries import NoteKind, kind_or_note
from reviewtui.domain.models import Action, ActionStatus, Note
from reviewtui.domain.text import clean_input, one_line
from reviewtui.services.action_ops import moment_arg
from reviewtui.services.changes import operation
from reviewtui.services.workspace import Workspace
from reviewtui.store import actions as action_store
from reviewtui.store import live as live_store
from reviewtui.store import meetings as meeting_store
from reviewtui.store import notes as note_store
from reviewtui.store.convert import day, instant, parse_day

__all__ = ["Saved", "action_args", "at_arg", "day_arg"]


@dataclass(frozen=True)
class Saved:
    """What Enter produced: the stored note, and the action when it was one."""

    note: Note
    action: Action | None = None


def at_arg(moment: pendulum.DateTime) -> str:
    return instant(moment)


def day_arg(value: pendulum.Date | None) -> str | None:
    return day(value)


# -- starting and keeping a meeting ------------------------------------------------------


def series_queues(ws: Workspace, series_id: int) -> tuple[str, ...]:
    from reviewtui.store.series_plan import series_plan

    plan = series_plan(ws.db, series_id)
    return plan.queues if plan else ()


@operation("meeting.start")
def start(
    ws: Workspace,
    *,
    template: str,
    title: str,
    series: str | None,
    scope: str | None,
    attendees: list[list[object]],
    at: str,
) -> int:
    """A new meeting with its agenda and attendance; returns its id."""
    now = moment_arg(at)
    plan = ws.template(template)
    series_row = (
        meeting_store.get_or_create_series(ws.db, series, plan.id, now, scope) if series else None
    )
    remembered = series_queues(ws, series_row.id) if series_row else ()
    items = [
        meeting_store.PlannedItem(
            title=s.title,
            kind=s.kind,
            planned_seconds=s.planned_seconds,
            prompts=tuple(s.prompts),
            segments=remembered if remembered and s.kind == "queues" else tuple(s.segments),
        )
        for s in plan.sections
    ]
    meeting_id = meeting_store.create_meeting(
        ws.db,
        series_id=series_row.id if series_row else None,
        template=plan.id,
        title=title,
        scope=scope,
        started_at=now,
        items=items,
        min_actions=plan.min_actions,
        max_actions=plan.max_actions,
    )
    from reviewtui.services.record_ops import record_attendance

    record_attendance(ws, meeting_id, attendees, now)
    return meeting_id


@operation("meeting.beat")
def beat(
    ws: Workspace,
    *,
    meeting_id: int,
    at: str,
    owner: str | None = None,
    draft: str | None = None,
    item_id: int | None = None,
    account_id: int | None = None,
    draft_kind: str | None = None,
) -> None:
    """The once-a-second write of a live meeting: heartbeat, lease, and the draft if given
    (with the kind picked for it; none, as a recovery file of an older version has it: a
    note)."""
    now = moment_arg(at)
    if owner is not None:
        live_store.claim(ws.db, meeting_id, owner, now)
    if draft is None:
        meeting_store.heartbeat(ws.db, meeting_id, now)
    else:
        meeting_store.save_draft(
            ws.db,
            meeting_id,
            clean_input(draft),
            item_id,
            account_id,
            now,
            kind=kind_or_note(draft_kind).value,
        )


@operation("meeting.claim")
def claim(ws: Workspace, *, meeting_id: int, owner: str, at: str) -> None:
    live_store.claim(ws.db, meeting_id, owner, moment_arg(at))


@operation("meeting.release", after_close=True)
def release(ws: Workspace, *, meeting_id: int, owner: str) -> None:
    live_store.release(ws.db, meeting_id, owner)


@operation("meeting.focus")
def focus(ws: Workspace, *, meeting_id: int, account_id: int | None) -> None:
    meeting_store.set_focus_account(ws.db, meeting_id, account_id)


@operation("meeting.untriaged")
def untriaged(ws: Workspace, *, meeting_id: int, count: int) -> None:
    meeting_store.record_untriaged(ws.db, meeting_id, count)


# -- the clock and the agenda ----------------------------------------------------------------


@operation("clock.run")
def run(ws: Workspace, *, meeting_id: int, item_id: int, at: str) -> None:
    """Time runs in `item_id` from `at` (any running span ends there); it becomes current."""
    meeting_store.open_span(ws.db, meeting_id, item_id, moment_arg(at))


@operation("clock.stop", after_close=True)
def stop(ws: Workspace, *, meeting_id: int, at: str) -> None:
    meeting_store.close_open_span(ws.db, meeting_id, moment_arg(at))


@operation("clock.recover")
def recover(ws: Workspace, *, meeting_id: int, item_id: int, last_alive: str, at: str) -> None:
    """After a crash: time stopped when the app was last alive and runs again from `at`."""
    meeting_store.close_open_span(ws.db, meeting_id, moment_arg(last_alive))
    meeting_store.open_span(ws.db, meeting_id, item_id, moment_arg(at))


@operation("agenda.current")
def current(ws: Workspace, *, meeting_id: int, item_id: int) -> None:
    """Move to another section while the clock is paused."""
    meeting_store.set_current_item(ws.db, meeting_id, item_id)


@operation("agenda.extra")
def extra(ws: Workspace, *, item_id: int, seconds: int) -> None:
    meeting_store.add_extra_seconds(ws.db, item_id, seconds)


@operation("agenda.queues")
def queues(ws: Workspace, *, item_id: int, segments: list[str]) -> None:
    meeting_store.set_item_segments(ws.db, item_id, segments)


# -- what is said --------------------------------------------------------------------------


@operation("draft.save")
def save_draft(
    ws: Workspace,
    *,
    meeting_id: int,
    text: str,
    item_id: int | None,
    account_id: int | None,
    at: str,
    kind: str | None = None,
) -> None:
    """Keep the text typed and not saved where it was typed, with the kind picked for it
    (none, as a recovery file of an older version has it: a note)."""
    meeting_store.save_draft(
        ws.db,
        meeting_id,
        clean_input(text),
        item_id,
        account_id,
        moment_arg(at),
        kind=kind_or_note(kind).value,
    )


@operation("note.add")
def add_note(
    ws: Workspace,
    *,
    meeting_id: int,
    item_id: int | None,
    account_id: int | None,
    kind: str,
    text: str,
    at: str,
    owner: str | None = None,
    due: str | None = None,
    category: str | None = None,
    author: str | None = None,
    keep_draft: bool = False,
) -> Saved:
    """A note (an action too, when it is one) where it was typed; the draft is cleared.
    In a meeting about one account, what is said without an account is said about it."""
    from reviewtui.services.record_ops import scoped_account_id

    now = moment_arg(at)
    if account_id is None:
        account_id = scoped_account_id(ws, meeting_id)
    note_id = note_store.add_note(
        ws.db,
        meeting_id=meeting_id,
        agenda_item_id=item_id,
        account_id=account_id,
        kind=kind,
        text=text,
        at=now,
        author=author,
        category=category,
    )
    action_id = None
    if kind == NoteKind.ACTION:
        action_id = action_store.add_action(
            ws.db,
            meeting_id=meeting_id,
            title=text,
            owner=owner,
            due=parse_day(due),
            at=now,
            account_id=account_id,
            note_id=note_id,
        )
    if not keep_draft:
        meeting_store.save_draft(ws.db, meeting_id, "", None, None, now)
    note = note_store.get_note(ws.db, note_id)
    assert note is not None
    return Saved(note, action_store.get_action(ws.db, action_id) if action_id else None)


@operation("note.edit")
def edit_note(
    ws: Workspace,
    *,
    note_id: int,
    text: str,
    at: str,
    category: str | None = None,
    owner: str | None = None,
    due: str | None = None,
) -> Note:
    now = moment_arg(at)
    note_store.update_note(ws.db, note_id, text, now, category)
    linked = action_store.action_for_note(ws.db, note_id)
    if linked is not None:
        from reviewtui.services.action_ops import change_due

        change_due(ws, linked, parse_day(due), now, linked.meeting_id, None)
        action_store.update_action(
            ws.db,
            linked.id,
            expected_version=linked.version,
            at=now,
            title=text,
            owner=owner,
            due=parse_day(due),
        )
    updated = note_store.get_note(ws.db, note_id)
    assert updated is not None
    return updated


@operation("note.delete")
def delete_note(ws: Workspace, *, note_id: int, at: str) -> None:
    """Kept in the record, marked deleted; an action typed as this note is dropped."""
    now = moment_arg(at)
    note_store.delete_note(ws.db, note_id, now)
    linked = action_store.action_for_note(ws.db, note_id)
    if linked is not None and linked.status == ActionStatus.OPEN:
        action_store.update_action(
            ws.db,
            linked.id,
            expected_version=linked.version,
            at=now,
            status=ActionStatus.DROPPED,
            drop_reason="note deleted",
        )


# -- closing ------------------------------------------------------------------------------


@operation("meeting.close")
def close(
    ws: Workspace,
    *,
    meeting_id: int,
    at: str,
    reason: str | None,
    draft: dict[str, Any] | None = None,
) -> str:
    """Close the meeting and freeze its minutes in the database; returns the minutes.

    Text left in the draft is saved first, in the section it was typed in, so closing never
    drops it: as `draft` has it understood (the note Enter would have added for the text
    `draft["typed"]`: a decision, an action with its owner and date, tied to its &account)
    when that is the text in the draft, else as a note of every word. Writing the file is a
    change of its own (`minutes.write`).
    """
    from reviewtui.services.minutes import render_meeting_minutes

    now = moment_arg(at)
    stored = meeting_store.get_draft(ws.db, meeting_id)
    if stored is not None and stored.text.strip():
        note: dict[str, Any] = {"kind": NoteKind.NOTE, "text": one_line(stored.text)}
        if draft is not None and one_line(str(draft["typed"])) == note["text"]:
            note = {key: value for key, value in draft.items() if key != "typed"}
        if note.get("account_id") is None:
            note["account_id"] = stored.account_id
        add_note(ws, meeting_id=meeting_id, item_id=stored.agenda_item_id, at=at, **note)
    from reviewtui.services.record_ops import freeze_record, review_scoped_account

    review_scoped_account(ws, meeting_id, now)
    meeting_store.close_meeting(ws.db, meeting_id, now, reason, None)
    text = render_meeting_minutes(ws, meeting_id)
    live_store.set_minutes_text(ws.db, meeting_id, text)
    freeze_record(ws, meeting_id)
    return text


@operation("minutes.write", after_close=True)
def write_minutes(ws: Workspace, *, meeting_id: int) -> str:
    """Write the frozen minutes to their file (atomically) and record where; returns the path."""
    from reviewtui.services.minutes import write_minutes_file

    return str(write_minutes_file(ws, meeting_id))


# -- undo ---------------------------------------------------------------------------------


@operation("note.restore")
def restore_note(
    ws: Workspace,
    *,
    note_id: int,
    text: str,
    category: str | None,
    action: dict[str, object] | None,
    at: str,
) -> None:
    """Undo an edit or a delete: the note (and its action) back as they were."""
    now = moment_arg(at)
    note_store.restore_note(ws.db, note_id, text, category, now)
    if action is not None:
        from reviewtui.services.action_ops import restore_action

        restore_action(ws, before=action, at=at)


def action_args(action: Action) -> dict[str, object]:
    """An action as it was, in plain values, for an undo to put back."""
    return {
        "id": action.id,
        "title": action.title,
        "owner": action.owner,
        "due": day(action.due),
        "status": action.status,
        "drop_reason": action.drop_reason,
        "completed_at": instant(action.completed_at) if action.completed_at else None,
        "version": action.version,
    }


# The operations kept in modules of their own register themselves on import.
from reviewtui.services import action_ops as _action_ops  # noqa: E402
from reviewtui.services import record_ops as _record_ops  # noqa: E402

__all__ += ["_action_ops", "_record_ops"]
