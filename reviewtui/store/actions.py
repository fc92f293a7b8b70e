"""Actions: who owes what by when, and how they were carried from meeting to meeting."""

from __future__ import annotations

import pendulum

from reviewtui.domain.models import Action, ActionStatus
from reviewtui.store.convert import day, instant, parse_day, parse_instant
from reviewtui.store.db import Database
from reviewtui.store.people import person_ref


class ConflictError(RuntimeError):
    """The action changed since it was read (another window or process edited it)."""


# How many times an action was carried: walk up its own `carried_from` chain (primary-key
# look-ups, per row selected), rather than building the chains of every action ever written.
_TIMES_CARRIED = (
    "(WITH RECURSIVE up(anc, depth) AS (SELECT x.carried_from, 0"
    " UNION ALL SELECT a.carried_from, up.depth + 1 FROM up JOIN actions a ON a.id = up.anc)"
    " SELECT max(depth) FROM up)"
)
_SELECT = (
    f"SELECT x.*, acc.name AS account_name, {_TIMES_CARRIED} AS times_carried"
    " FROM actions x LEFT JOIN accounts acc ON acc.id = x.account_id"
)


def _action(row: dict) -> Action:
    created = parse_instant(row["created_at"])
    assert created is not None
    return Action(
        id=row["id"],
        meeting_id=row["meeting_id"],
        account_id=row["account_id"],
        title=row["title"],
        owner=row["owner"],
        due=parse_day(row["due"]),
        status=ActionStatus(row["status"]),
        carried_from=row["carried_from"],
        created_at=created,
        completed_at=parse_instant(row["completed_at"]),
        drop_reason=row["drop_reason"],
        account_name=row["account_name"],
        version=row["version"],
        times_carried=row["times_carried"],
        note_id=row["note_id"],
        promised_due=parse_day(row["promised_due"]),
        triaged_in=row["triaged_in"],
    )


def add_action(
    db: Database,
    *,
    meeting_id: int,
    title: str,
    owner: str | None,
    due: pendulum.Date | None,
    at: pendulum.DateTime,
    account_id: int | None = None,
    note_id: int | None = None,
    carried_from: int | None = None,
    promised_due: pendulum.Date | None = None,
) -> int:
    """A new open action; the date it promises is `promised_due`, else its due date."""
    with db.write() as conn:
        owner_id, owner = person_ref(conn, owner, at)
        return db.insert(
            "actions",
            {
                "meeting_id": meeting_id,
                "account_id": account_id,
                "note_id": note_id,
                "title": title,
                "owner": owner,
                "owner_id": owner_id,
                "due": day(due),
                "promised_due": day(promised_due or due),
                "status": "open",
                "carried_from": carried_from,
                "created_at": instant(at),
                "updated_at": instant(at),
            },
        )


def get_action(db: Database, action_id: int) -> Action | None:
    row = db.query_one(f"{_SELECT} WHERE x.id = ?", (action_id,))
    return _action(row) if row else None


def action_for_note(db: Database, note_id: int) -> Action | None:
    row = db.query_one(f"{_SELECT} WHERE x.note_id = ?", (note_id,))
    return _action(row) if row else None


def actions_for_meeting(db: Database, meeting_id: int) -> list[Action]:
    rows = db.query(f"{_SELECT} WHERE x.meeting_id = ? ORDER BY x.id", (meeting_id,))
    return [_action(r) for r in rows]


def open_actions_from_series(db: Database, series_id: int, meeting_id: int) -> list[Action]:
    """Actions still open from earlier meetings of a series, oldest first."""
    rows = db.query(
        f"{_SELECT} JOIN meetings m ON m.id = x.meeting_id"
        " WHERE m.series_id = ? AND x.meeting_id != ? AND x.status = 'open'"
        " AND m.abandoned_at IS NULL"
        " AND m.started_at <= (SELECT started_at FROM meetings WHERE id = ?)"
        " ORDER BY x.created_at, x.id",
        (series_id, meeting_id, meeting_id),
    )
    return [_action(r) for r in rows]


def open_actions_for_account(db: Database, account_id: int) -> list[Action]:
    rows = db.query(
        f"{_SELECT} WHERE x.account_id = ? AND x.status = 'open' ORDER BY x.due IS NULL, x.due",
        (account_id,),
    )
    return [_action(r) for r in rows]


def carried_into(db: Database, meeting_id: int) -> list[Action]:
    """Actions of this meeting that were carried over from earlier ones."""
    rows = db.query(
        f"{_SELECT} WHERE x.meeting_id = ? AND x.carried_from IS NOT NULL ORDER BY x.id",
        (meeting_id,),
    )
    return [_action(r) for r in rows]


def list_actions(
    db: Database,
    owner: str | None = None,
    status: str | None = None,
    due_before: pendulum.Date | None = None,
) -> list[Action]:
    sql = f"{_SELECT} WHERE x.status != 'carried'"
    params: list[object] = []
    if owner:
        sql += " AND x.owner = ? COLLATE NOCASE"
        params.append(owner)
    if status:
        sql += " AND x.status = ?"
        params.append(status)
    if due_before is not None:
        sql += " AND x.due IS NOT NULL AND x.due < ?"
        params.append(day(due_before))
    sql += " ORDER BY x.due IS NULL, x.due, x.id"
    return [_action(r) for r in db.query(sql, tuple(params))]


def update_action(
    db: Database,
    action_id: int,
    *,
    expected_version: int,
    at: pendulum.DateTime,
    title: str | None = None,
    owner: str | None = None,
    due: pendulum.Date | None = None,
    status: str | None = None,
    drop_reason: str | None = None,
) -> None:
    """Change an action if nobody else has since `expected_version`; else ConflictError."""
    with db.write() as conn:
        row = conn.execute("SELECT version FROM actions WHERE id = ?", (action_id,)).fetchone()
        if row is None:
            raise ConflictError(f"action {action_id} no longer exists")
        if row[0] != expected_version:
            raise ConflictError(f"action {action_id} was changed elsewhere; reload and try again")
        completed = instant(at) if status == "done" else None
        owner_id, owner = person_ref(conn, owner, at)
        conn.execute(
            "UPDATE actions SET title = coalesce(?, title), owner = coalesce(?, owner),"
            " owner_id = coalesce(?, owner_id),"
            " due = coalesce(?, due), status = coalesce(?, status),"
            " drop_reason = coalesce(?, drop_reason),"
            " completed_at = CASE WHEN ? IS NOT NULL THEN ? WHEN ? IS NOT NULL THEN NULL"
            " ELSE completed_at END,"
            " updated_at = ?, version = version + 1 WHERE id = ?",
            (
                title,
                owner,
                owner_id,
                day(due),
                status,
                drop_reason,
                completed,
                completed,
                status,
                instant(at),
                action_id,
            ),
        )


def carry_action(
    db: Database,
    action: Action,
    into_meeting_id: int,
    at: pendulum.DateTime,
    due: pendulum.Date | None = None,
) -> int:
    """Mark `action` carried and open its continuation in `into_meeting_id`."""
    with db.write():
        update_action(db, action.id, expected_version=action.version, at=at, status="carried")
        return add_action(
            db,
            meeting_id=into_meeting_id,
            title=action.title,
            owner=action.owner,
            due=due or action.due,
            at=at,
            account_id=action.account_id,
            carried_from=action.id,
            promised_due=action.promised_due or action.due,
        )


def set_promised_due(db: Database, action_id: int, due: pendulum.Date | None) -> None:
    """The date promised, while it is still being agreed in the meeting that made it."""
    db.execute("UPDATE actions SET promised_due = ? WHERE id = ?", (day(due), action_id))


def restore_action(
    db: Database, before: Action, *, expected_version: int, at: pendulum.DateTime
) -> None:
    """Put an action back as it was in `before` (an undo); ConflictError if it changed since.

    The version goes back to `before.version` with the rest: the row is exactly what a reader
    of that version saw, and a reader of the undone change now gets a conflict. Undoing changes
    in the reverse order they were made then works step by step."""
    with db.write() as conn:
        row = conn.execute("SELECT version FROM actions WHERE id = ?", (before.id,)).fetchone()
        if row is None:
            raise ConflictError(f"action {before.id} no longer exists")
        if row[0] != expected_version:
            raise ConflictError(f"action {before.id} was changed elsewhere; nothing undone")
        owner_id, owner = person_ref(conn, before.owner, at)
        conn.execute(
            "UPDATE actions SET title = ?, owner = ?, owner_id = ?, due = ?, status = ?,"
            " drop_reason = ?, completed_at = ?, updated_at = ?, version = ? WHERE id = ?",
            (
                before.title,
                owner,
                owner_id,
                day(before.due),
                before.status,
                before.drop_reason,
                instant(before.completed_at) if before.completed_at else None,
                instant(at),
                before.version,
                before.id,
            ),
        )


def uncarry_action(db: Database, original: Action, carried_id: int, at: pendulum.DateTime) -> None:
    """Undo a carry: remove the continuation (still untouched) and reopen the original."""
    with db.write() as conn:
        row = conn.execute(
            "SELECT version, status FROM actions WHERE id = ?", (carried_id,)
        ).fetchone()
        if row is None or row[0] != 1 or row[1] != "open":
            raise ConflictError("the carried action was changed since; nothing undone")
        conn.execute("DELETE FROM actions WHERE id = ?", (carried_id,))
        restore_action(db, original, expected_version=original.version + 1, at=at)
