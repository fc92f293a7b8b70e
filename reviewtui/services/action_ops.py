"""The operations that change an action: update, carry, and their undo.

A due date given when the action is made, or changed while the meeting that made it is still
running, is the date promised. Any later change of date (a carry with a new date, an edit
from a later meeting or the action list) is a re-date: kept with when, in which meeting and
by whom, and the promise stays as it was, so a miss stays a miss.
"""

from __future__ import annotations

import getpass
from dataclasses import replace

import pendulum

from reviewtui.domain.models import Action, ActionStatus, MeetingStatus
from reviewtui.services.changes import operation
from reviewtui.services.workspace import Workspace
from reviewtui.store import actions as action_store
from reviewtui.store import live as live_store
from reviewtui.store import record as record_store
from reviewtui.store.convert import parse_day, parse_instant


def who() -> str | None:
    """The person at this terminal, as the re-date history names them."""
    try:
        return getpass.getuser() or None
    except (KeyError, OSError):
        return None


def moment_arg(text: str) -> pendulum.DateTime:
    """A change's `at` argument read back (the writer only gets what `at_arg` wrote)."""
    moment = parse_instant(text)
    assert moment is not None
    return moment


def existing_action(ws: Workspace, action_id: int) -> Action:
    """The action a change names; ConflictError when it is gone."""
    found = action_store.get_action(ws.db, action_id)
    if found is None:
        raise action_store.ConflictError(f"action {action_id} no longer exists")
    return found


def promise_forming(ws: Workspace, action: Action) -> bool:
    """True while the date is still being agreed: the action's own meeting is running and
    the action was made there (not carried in)."""
    if action.carried_from is not None:
        return False
    status, _ = live_store.status_and_lease(ws.db, action.meeting_id)
    return status == MeetingStatus.LIVE


def change_due(
    ws: Workspace,
    action: Action,
    new_due: pendulum.Date | None,
    at: pendulum.DateTime,
    meeting_id: int | None,
    by: str | None,
) -> None:
    """Record a change of due date on an action about to be updated to `new_due`."""
    if new_due is None or new_due == action.due:
        return
    if promise_forming(ws, action):
        action_store.set_promised_due(ws.db, action.id, new_due)
        return
    record_store.add_redate(ws.db, action.id, action.due, new_due, at, meeting_id, by)


@operation("action.update")
def update_action(
    ws: Workspace,
    *,
    action_id: int,
    version: int,
    at: str,
    title: str | None = None,
    owner: str | None = None,
    due: str | None = None,
    status: str | None = None,
    reason: str | None = None,
    meeting_id: int | None = None,
    by: str | None = None,
) -> Action:
    """Change an action read at `version` (ConflictError if it changed since). `meeting_id`:
    the meeting it is changed in (a triage there is recorded as that meeting's)."""
    now = moment_arg(at)
    before = existing_action(ws, action_id)
    if before.version != version:
        raise action_store.ConflictError(
            f"action {action_id} was changed elsewhere; reload and try again"
        )
    change_due(ws, before, parse_day(due), now, meeting_id, by)
    action_store.update_action(
        ws.db,
        action_id,
        expected_version=version,
        at=now,
        title=title,
        owner=owner,
        due=parse_day(due),
        status=status,
        drop_reason=reason,
    )
    triaged = status in (ActionStatus.DONE, ActionStatus.DROPPED) and meeting_id not in (
        None,
        before.meeting_id,
    )
    if triaged:
        record_store.set_triaged_in(ws.db, action_id, meeting_id)
    return existing_action(ws, action_id)


@operation("action.carry")
def carry(
    ws: Workspace,
    *,
    action_id: int,
    version: int,
    meeting_id: int,
    at: str,
    due: str | None,
    by: str | None = None,
) -> Action:
    """Carry an open action into this meeting, optionally with a new date (a re-date)."""
    now = moment_arg(at)
    action = existing_action(ws, action_id)
    if action.version != version:
        raise action_store.ConflictError(
            f"action {action_id} was changed elsewhere; reload and try again"
        )
    new_due = parse_day(due)
    new_id = action_store.carry_action(ws.db, action, meeting_id, now, due=new_due)
    if new_due is not None and new_due != action.due:
        record_store.add_redate(ws.db, new_id, action.due, new_due, now, meeting_id, by)
    return existing_action(ws, new_id)


def action_from(ws: Workspace, before: dict[str, object]) -> Action:
    """The stored action with the fields of `before` put back on it."""
    action_id = before["id"]
    assert isinstance(action_id, int)
    current = existing_action(ws, action_id)
    completed = before.get("completed_at")
    version = before["version"]
    assert isinstance(version, int)
    return replace(
        current,
        title=str(before["title"]),
        owner=before["owner"] if isinstance(before["owner"], str) else None,
        due=parse_day(before["due"] if isinstance(before["due"], str) else None),
        status=ActionStatus(str(before["status"])),
        drop_reason=before["drop_reason"] if isinstance(before["drop_reason"], str) else None,
        completed_at=parse_instant(completed) if isinstance(completed, str) else None,
        version=version,
    )


@operation("action.restore")
def restore_action(ws: Workspace, *, before: dict[str, object], at: str) -> None:
    """Undo one change to an action: back as it was (ConflictError if changed again since).
    A re-date that change made is taken back with it."""
    current = existing_action(ws, int(str(before["id"])))
    action = action_from(ws, before)
    action_store.restore_action(
        ws.db, action, expected_version=action.version + 1, at=moment_arg(at)
    )
    if current.due != action.due:
        record_store.drop_last_redate(ws.db, action.id, action.due, current.due)
    if action.status == ActionStatus.OPEN:
        record_store.set_triaged_in(ws.db, action.id, None)


@operation("action.uncarry")
def uncarry(ws: Workspace, *, before: dict[str, object], carried_id: int, at: str) -> None:
    """Undo a carry: the continuation removed (if untouched), the original open again."""
    record_store.drop_redates_of(ws.db, carried_id)
    action_store.uncarry_action(ws.db, action_from(ws, before), carried_id, moment_arg(at))
