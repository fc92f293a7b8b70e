"""Operations that keep a meeting's record true to what happened: the account an
account-scoped meeting is about, who attended and what scope it covered (changed during the
meeting), a meeting abandoned instead of closed, and the record frozen at close."""

from __future__ import annotations

import pendulum

from reviewtui.domain.attendees import recorded_name
from reviewtui.domain.scope import parse_scope
from reviewtui.domain.text import one_line
from reviewtui.services.action_ops import moment_arg
from reviewtui.services.changes import operation
from reviewtui.services.session_state import people_on_file
from reviewtui.services.workspace import Workspace
from reviewtui.store import meetings as meeting_store
from reviewtui.store import people as people_store
from reviewtui.store import record as record_store
from reviewtui.store import reviews as review_store
from reviewtui.store.accounts import find_account, get_account


def scoped_account_id(ws: Workspace, meeting_id: int) -> int | None:
    """The account a meeting scoped to one account (`account:NAME`) is about, else None."""
    meeting = meeting_store.get_meeting(ws.db, meeting_id)
    if meeting is None:
        return None
    try:
        scope = parse_scope(meeting.scope)
    except ValueError:
        return None
    if scope is None or scope.kind != "account":
        return None
    account = find_account(ws.db, scope.name)
    return account.id if account is not None else None


def review_scoped_account(ws: Workspace, meeting_id: int, at: pendulum.DateTime) -> None:
    """A meeting about one account reviews it: its values now are recorded (once)."""
    account_id = scoped_account_id(ws, meeting_id)
    if account_id is None:
        return
    account = get_account(ws.db, account_id)
    if account is not None:
        review_store.record_review(ws.db, meeting_id, account, at)


def freeze_record(ws: Workspace, meeting_id: int) -> None:
    """Keep the meeting's JSON document as it stands at close, next to its minutes."""
    from reviewtui.exporters.json_export import render_json
    from reviewtui.services.minutes import meeting_data

    record_store.set_minutes_json(ws.db, meeting_id, render_json(meeting_data(ws, meeting_id)))


@operation("meeting.abandon")
def abandon(ws: Workspace, *, meeting_id: int, reason: str, at: str) -> None:
    """A meeting started by mistake: kept, marked abandoned with the reason, out of reports."""
    reason = one_line(reason)
    if not reason:
        raise ValueError("say briefly why the meeting is abandoned")
    record_store.abandon_meeting(ws.db, meeting_id, moment_arg(at), reason)


def record_attendance(
    ws: Workspace, meeting_id: int, attendees: list[list[object]], now: pendulum.DateTime
) -> list[int]:
    """Each [name, role, present] recorded at the meeting, people made as needed (a role
    not given is the person's own); the people's ids."""
    known = people_on_file(ws)
    kept: list[int] = []
    for name, role, present in attendees:
        assert isinstance(name, str)
        role_text = role if isinstance(role, str) else None
        person = people_store.get_or_create_person(
            ws.db, recorded_name(name, known), now, role_text
        )
        meeting_store.set_attendance(
            ws.db, meeting_id, person.id, bool(present), role_text or person.role
        )
        kept.append(person.id)
    return kept


@operation("meeting.attendees")
def attendees(ws: Workspace, *, meeting_id: int, attendees: list[list[object]], at: str) -> None:
    """Who is recorded at the meeting, replaced by this list of [name, role, present]."""
    kept = record_attendance(ws, meeting_id, attendees, moment_arg(at))
    record_store.remove_attendance(ws.db, meeting_id, kept)


@operation("meeting.scope")
def scope(ws: Workspace, *, meeting_id: int, scope: str | None) -> None:
    """The accounts the meeting covers from now on (checked by the caller)."""
    parse_scope(scope)
    record_store.set_scope(ws.db, meeting_id, scope)


@operation("agenda.borrow")
def borrow(ws: Workspace, *, item_id: int, from_item_id: int, seconds: int) -> None:
    """More time for one section, taken from a later one: the meeting keeps its length."""
    record_store.borrow_seconds(ws.db, item_id, from_item_id, seconds)


@operation("account.reviewed")
def reviewed(ws: Workspace, *, meeting_id: int, account_id: int, at: str) -> bool:
    """The account reviewed in this meeting with its values now; False if it already was."""
    account = get_account(ws.db, account_id)
    if account is None:
        return False
    return review_store.record_review(ws.db, meeting_id, account, moment_arg(at))
