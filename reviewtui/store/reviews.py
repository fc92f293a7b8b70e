"""Which accounts were reviewed in which meeting, with the values they had then."""

from __future__ import annotations

from dataclasses import dataclass

import pendulum

from reviewtui.domain.models import Account
from reviewtui.store.convert import day, instant, parse_day, parse_instant
from reviewtui.store.db import Database


@dataclass(frozen=True)
class Review:
    meeting_id: int
    account_id: int
    reviewed_at: pendulum.DateTime
    health: float | None
    status: str | None
    arr_cents: int | None
    nps: int | None
    usage: float | None
    renewal_date: pendulum.Date | None


def _review(row: dict) -> Review:
    reviewed = parse_instant(row["reviewed_at"])
    assert reviewed is not None
    return Review(
        meeting_id=row["meeting_id"],
        account_id=row["account_id"],
        reviewed_at=reviewed,
        health=row["health"],
        status=row["status"],
        arr_cents=row["arr_cents"],
        nps=row["nps"],
        usage=row["usage"],
        renewal_date=parse_day(row["renewal_date"]),
    )


def record_review(db: Database, meeting_id: int, account: Account, at: pendulum.DateTime) -> bool:
    """Record the account as reviewed in this meeting with its current values; once only.

    Returns False when it had already been reviewed in this meeting.
    """
    with db.write() as conn:
        cursor = conn.execute(
            "INSERT INTO account_reviews (meeting_id, account_id, reviewed_at, health, status,"
            " arr_cents, nps, usage, renewal_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (meeting_id, account_id) DO NOTHING",
            (
                meeting_id,
                account.id,
                instant(at),
                account.health,
                account.status,
                account.arr_cents,
                account.nps,
                account.usage,
                day(account.renewal_date),
            ),
        )
        return cursor.rowcount > 0


def reviewed_in_meeting(db: Database, meeting_id: int) -> set[int]:
    rows = db.query("SELECT account_id FROM account_reviews WHERE meeting_id = ?", (meeting_id,))
    return {r["account_id"] for r in rows}


def last_review(db: Database, account_id: int, before_meeting_id: int) -> Review | None:
    """The latest review of the account in any other meeting."""
    row = db.query_one(
        "SELECT * FROM account_reviews WHERE account_id = ? AND meeting_id != ?"
        " ORDER BY reviewed_at DESC LIMIT 1",
        (account_id, before_meeting_id),
    )
    return _review(row) if row else None


def reviews_in_meeting(db: Database, meeting_id: int) -> list[tuple[str, Review]]:
    """The accounts reviewed in a meeting, by name, with the values they had then."""
    rows = db.query(
        "SELECT r.*, a.name AS account_name FROM account_reviews r"
        " JOIN accounts a ON a.id = r.account_id WHERE r.meeting_id = ?"
        " ORDER BY r.reviewed_at, r.id",
        (meeting_id,),
    )
    return [(r["account_name"], _review(r)) for r in rows]
