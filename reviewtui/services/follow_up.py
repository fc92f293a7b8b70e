"""Between meetings: marking actions done and moving their dates, from any screen or command."""

from __future__ import annotations

from reviewtui.domain.due_dates import DueDateError, parse_due
from reviewtui.domain.models import Action
from reviewtui.services.workspace import Workspace
from reviewtui.store import actions as action_store
from reviewtui.store.actions import ConflictError

__all__ = [
    "ConflictError",
    "FollowUpError",
    "mark_done",
    "people_with_actions",
    "redate",
    "undo_change",
]


class FollowUpError(ValueError):
    """A follow-up change that cannot be made; the message is for the user."""


def mark_done(ws: Workspace, action: Action) -> Action:
    """Done now. ConflictError if someone changed the action since it was read."""
    if action.status != "open":
        raise FollowUpError(f"'{action.title[:40]}' is {action.status}, not open")
    action_store.update_action(
        ws.db, action.id, expected_version=action.version, at=ws.clock.now(), status="done"
    )
    return _reload(ws, action)


def redate(ws: Workspace, action: Action, due_text: str) -> Action:
    """A new due date, said as in a meeting (fri, +3d, eom, 2026-12-04)."""
    if action.status != "open":
        raise FollowUpError(f"'{action.title[:40]}' is {action.status}; only open actions move")
    try:
        due = parse_due(due_text, ws.clock.today())
    except DueDateError as error:
        raise FollowUpError(str(error)) from None
    action_store.update_action(
        ws.db, action.id, expected_version=action.version, at=ws.clock.now(), due=due
    )
    return _reload(ws, action)


def undo_change(ws: Workspace, before: Action) -> Action:
    """Put an action back as it was before one change made here (done, new date)."""
    action_store.restore_action(
        ws.db, before, expected_version=before.version + 1, at=ws.clock.now()
    )
    return _reload(ws, before)


def people_with_actions(ws: Workspace) -> list[str]:
    owners = {a.owner for a in action_store.list_actions(ws.db) if a.owner}
    return sorted(owners, key=str.casefold)


def _reload(ws: Workspace, action: Action) -> Action:
    found = action_store.get_action(ws.db, action.id)
    assert found is not None
    return found
