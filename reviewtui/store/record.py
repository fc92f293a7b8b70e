"""What keeps the record true: abandoned meetings, frozen meeting documents, where an action
was triaged, the date first promised and every re-date since."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pendulum

from reviewtui.store.convert import day, instant
from reviewtui.store.db import Database

if TYPE_CHECKING:
    from reviewtui.store.segments import ScopeFilter


def abandon_meeting(db: Database, meeting_id: int, at: pendulum.DateTime, reason: str) -> None:
    """Mark a live meeting abandoned: kept in the record, closed to writes, out of reports."""
    from reviewtui.store.meetings import close_open_span

    with db.write() as conn:
        close_open_span(db, meeting_id, at)
        conn.execute(
            "UPDATE meetings SET status = 'closed', ended_at = ?, abandoned_at = ?,"
            " abandon_reason = ? WHERE id = ? AND status = 'live'",
            (instant(at), instant(at), reason, meeting_id),
        )
        # Its draft stays with it: an abandoned meeting is kept as it was, words included.


def set_scope(db: Database, meeting_id: int, scope: str | None) -> None:
    db.execute("UPDATE meetings SET scope = ? WHERE id = ?", (scope, meeting_id))


def remove_attendance(db: Database, meeting_id: int, keep_person_ids: list[int]) -> None:
    """Forget attendance rows of people no longer listed for the meeting."""
    marks = ", ".join("?" for _ in keep_person_ids) or "NULL"
    db.execute(
        f"DELETE FROM attendance WHERE meeting_id = ? AND person_id NOT IN ({marks})",
        (meeting_id, *keep_person_ids),
    )


def set_minutes_json(db: Database, meeting_id: int, text: str) -> None:
    db.execute("UPDATE meetings SET minutes_json = ? WHERE id = ?", (text, meeting_id))


def minutes_json(db: Database, meeting_id: int) -> str | None:
    row = db.query_one("SELECT minutes_json FROM meetings WHERE id = ?", (meeting_id,))
    return row["minutes_json"] if row else None


def set_triaged_in(db: Database, action_id: int, meeting_id: int | None) -> None:
    db.execute("UPDATE actions SET triaged_in = ? WHERE id = ?", (meeting_id, action_id))


def triaged_in(db: Database, meeting_id: int) -> list[int]:
    """Actions of earlier meetings marked done or dropped in this one, in the order recorded."""
    return db.column(
        "SELECT id FROM actions WHERE triaged_in = ? AND status IN ('done', 'dropped') ORDER BY id",
        (meeting_id,),
    )


def add_redate(
    db: Database,
    action_id: int,
    old_due: pendulum.Date | None,
    new_due: pendulum.Date | None,
    at: pendulum.DateTime,
    meeting_id: int | None,
    changed_by: str | None,
) -> None:
    db.execute(
        "INSERT INTO action_redates (action_id, old_due, new_due, changed_at, meeting_id,"
        " changed_by) VALUES (?, ?, ?, ?, ?, ?)",
        (action_id, day(old_due), day(new_due), instant(at), meeting_id, changed_by),
    )


def drop_last_redate(
    db: Database, action_id: int, old_due: pendulum.Date | None, new_due: pendulum.Date | None
) -> None:
    """An undone change of date takes its re-date back with it."""
    db.execute(
        "DELETE FROM action_redates WHERE id = (SELECT max(id) FROM action_redates"
        " WHERE action_id = ? AND old_due IS ? AND new_due IS ?)",
        (action_id, day(old_due), day(new_due)),
    )


def drop_redates_of(db: Database, action_id: int) -> None:
    db.execute("DELETE FROM action_redates WHERE action_id = ?", (action_id,))


def series_scope(db: Database, series: str) -> str | None:
    """The scope a new meeting of the series inherits: its latest meeting's (abandoned ones
    aside), else the one the series was made with."""
    row = db.query_one(
        "SELECT m.scope FROM meetings m JOIN series s ON s.id = m.series_id"
        " WHERE s.name = ? AND m.abandoned_at IS NULL ORDER BY m.started_at DESC, m.id DESC"
        " LIMIT 1",
        (series,),
    )
    if row is not None:
        return row["scope"]
    found = db.query_one("SELECT scope FROM series WHERE name = ?", (series,))
    return found["scope"] if found else None


def live_in_series(db: Database, series: str) -> int | None:
    """The live meeting of the series, if one is running."""
    row = db.query_one(
        "SELECT m.id FROM meetings m JOIN series s ON s.id = m.series_id"
        " WHERE s.name = ? AND m.status = 'live' ORDER BY m.started_at DESC LIMIT 1",
        (series,),
    )
    return int(row["id"]) if row else None


def team_names(db: Database) -> list[str]:
    return db.column(
        "SELECT DISTINCT team FROM people WHERE team IS NOT NULL AND team != ''"
        " ORDER BY team COLLATE NOCASE"
    )


def account_names(db: Database) -> list[str]:
    return db.column("SELECT name FROM accounts ORDER BY name COLLATE NOCASE")


def accounts_in_scope(db: Database, scope: ScopeFilter | None) -> list[tuple[int, str]]:
    """(id, name) of every account a scope covers, by name."""
    # Imported here: the segments' module loads their pydantic models, which resuming a
    # meeting does not need before its first frame.
    from reviewtui.store.segments import scope_where

    where, params = scope_where(scope, "a")
    rows = db.query(
        f"SELECT a.id, a.name FROM accounts a WHERE {where} ORDER BY a.name COLLATE NOCASE",
        tuple(params),
    )
    return [(r["id"], r["name"]) for r in rows]


def settled_before(db: Database, meeting_id: int) -> list[int]:
    """Actions of the series' previous meeting (abandoned ones aside) already done or dropped
    when this meeting started, not in another meeting's triage: their outcome is known."""
    row = db.query_one(
        "SELECT p.id FROM meetings m JOIN meetings p ON p.series_id = m.series_id"
        " WHERE m.id = ? AND p.id != m.id AND p.abandoned_at IS NULL"
        " AND p.started_at <= m.started_at ORDER BY p.started_at DESC, p.id DESC LIMIT 1",
        (meeting_id,),
    )
    if row is None:
        return []
    return db.column(
        "SELECT x.id FROM actions x JOIN meetings m ON m.id = ?"
        " WHERE x.meeting_id = ? AND x.status IN ('done', 'dropped') AND x.triaged_in IS NULL"
        " AND x.carried_from IS NULL AND coalesce(x.completed_at, x.updated_at) <= m.started_at"
        " ORDER BY x.id",
        (meeting_id, row["id"]),
    )


def action_owners(db: Database) -> list[str]:
    """Everyone who owns an action, as written."""
    return db.column("SELECT DISTINCT owner FROM actions WHERE owner IS NOT NULL AND owner != ''")


def borrow_seconds(db: Database, to_item: int, from_item: int, seconds: int) -> None:
    """Move `seconds` of allowance from one agenda item to another (the meeting's length
    stays): the lender's extra time may go below zero, never below its whole timebox."""
    with db.write() as conn:
        row = conn.execute(
            "SELECT planned_seconds + extra_seconds FROM agenda_items WHERE id = ?", (from_item,)
        ).fetchone()
        lent = max(min(seconds, int(row[0]) if row else 0), 0)
        conn.execute(
            "UPDATE agenda_items SET extra_seconds = extra_seconds - ? WHERE id = ?",
            (lent, from_item),
        )
        conn.execute(
            "UPDATE agenda_items SET extra_seconds = extra_seconds + ? WHERE id = ?",
            (lent, to_item),
        )
