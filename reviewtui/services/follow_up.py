"""Between meetings: marking actions done and moving their dates, from any screen or command."""

from __future__ import annotations

from reviewtui.domain.due_dates import DueDateError, parse_due
from reviewtui.domain.models import Action, ActionStatus
from reviewtui.services.action_ops import who
from reviewtui.services.changes import Change, apply_change
from reviewtui.services.operations import action_args, at_arg, day_arg
from reviewtui.services.workspace import Workspace
from reviewtui.store import actions as action_store
from reviewtui.store.actions import ConflictError

__all__ = [
    "ConflictError",
    "FollowUpError",
    "done_change",
    "mark_done",
    "people_with_actions",
    "redate",
    "redate_change",
    "undo_change",
]


class FollowUpError(ValueError):
    """A follow-up change that cannot be made; the message is for the user."""


def done_change(ws: Workspace, action: Action) -> Change:
    """Done now (ConflictError when written if someone changed the action since it was read)."""
    if action.status != ActionStatus.OPEN:
        raise FollowUpError(f"'{action.title[:40]}' is {action.status}, not open")
    return Change(
        "action.update",
        {
            "action_id": action.id,
            "version": action.version,
            "at": _now(ws),
            "status": ActionStatus.DONE,
        },
    )


def redate_change(ws: Workspace, action: Action, due_text: str) -> Change:
    """A new due date, said as in a meeting (fri, +3d, eom, 2026-12-04)."""
    if action.status != ActionStatus.OPEN:
        raise FollowUpError(f"'{action.title[:40]}' is {action.status}; only open actions move")
    try:
        due = parse_due(due_text, ws.clock.today())
    except DueDateError as error:
        raise FollowUpError(str(error)) from None
    args = {
        "action_id": action.id,
        "version": action.version,
        "at": _now(ws),
        "due": day_arg(due),
        "by": who(),
    }
    return Change("action.update", args)


def undo_change(ws: Workspace, before: Action) -> Change:
    """Put an action back as it was before one change made here (done, new date)."""
    return Change("action.restore", {"before": action_args(before), "at": _now(ws)})


def mark_done(ws: Workspace, action: Action) -> Action:
    """Done now, written at once (commands)."""
    result: Action = apply_change(ws, done_change(ws, action))
    return result


def redate(ws: Workspace, action: Action, due_text: str) -> Action:
    """A new due date, written at once (commands)."""
    result: Action = apply_change(ws, redate_change(ws, action, due_text))
    return result


def _now(ws: Workspace) -> str:
    return at_arg(ws.clock.now())


def people_with_actions(ws: Workspace) -> list[str]:
    owners = {a.owner for a in action_store.list_actions(ws.db) if a.owner}
    return sorted(owners, key=str.casefold)
