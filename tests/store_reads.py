"""Reads the tests use to check what the store wrote; the app itself never needs them."""

from __future__ import annotations

from dataclasses import dataclass

import pendulum

from reviewtui.domain.models import Account
from reviewtui.store import Database
from reviewtui.store.accounts import accounts_by_ids
from reviewtui.store.convert import parse_day, parse_instant


def list_accounts(db: Database) -> list[Account]:
    """Every account, by name."""
    ids = [row["id"] for row in db.query("SELECT id FROM accounts ORDER BY name")]
    found = accounts_by_ids(db, ids)
    return [found[i] for i in ids]


def count_accounts(db: Database) -> int:
    row = db.query_one("SELECT count(*) AS n FROM accounts")
    return int(row["n"]) if row else 0


def find_account_by_external_id(db: Database, external_id: str) -> Account | None:
    """The first account carrying this id from another system (a CRM), if any."""
    row = db.query_one(
        "SELECT id FROM accounts WHERE external_id = ? ORDER BY id LIMIT 1", (external_id,)
    )
    return accounts_by_ids(db, [row["id"]])[row["id"]] if row else None


def schema_version(db: Database) -> int:
    """The newest migration recorded in the database (0 for none)."""
    row = db.query_one("SELECT max(version) AS v FROM schema_migrations")
    return int(row["v"]) if row and row["v"] is not None else 0


@dataclass(frozen=True)
class Redate:
    action_id: int
    old_due: pendulum.Date | None
    new_due: pendulum.Date | None
    changed_at: pendulum.DateTime
    meeting_id: int | None
    changed_by: str | None


def abandoned(db: Database, meeting_id: int) -> tuple[pendulum.DateTime, str] | None:
    row = db.query_one(
        "SELECT abandoned_at, abandon_reason FROM meetings WHERE id = ?", (meeting_id,)
    )
    if row is None or row["abandoned_at"] is None:
        return None
    at = parse_instant(row["abandoned_at"])
    assert at is not None
    return at, str(row["abandon_reason"] or "")


def redates(db: Database, action_ids: list[int]) -> list[Redate]:
    """Every re-date of these actions, oldest first."""
    if not action_ids:
        return []
    marks = ", ".join("?" for _ in action_ids)
    rows = db.query(
        f"SELECT * FROM action_redates WHERE action_id IN ({marks}) ORDER BY changed_at, id",
        tuple(action_ids),
    )
    found = []
    for r in rows:
        at = parse_instant(r["changed_at"])
        assert at is not None
        found.append(
            Redate(
                r["action_id"],
                parse_day(r["old_due"]),
                parse_day(r["new_due"]),
                at,
                r["meeting_id"],
                r["changed_by"],
            )
        )
    return found


def chain_ids(db: Database, action_id: int) -> list[int]:
    """The action and every action it continues (carried from), newest first."""
    rows = db.column(
        "WITH RECURSIVE up(id) AS (SELECT ? UNION ALL"
        " SELECT a.carried_from FROM actions a JOIN up ON a.id = up.id"
        " WHERE a.carried_from IS NOT NULL) SELECT id FROM up",
        (action_id,),
    )
    return [int(r) for r in rows]
