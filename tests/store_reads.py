"""Reads the tests use to check what the store wrote; the app itself never needs them."""

from __future__ import annotations

from reviewtui.domain.models import Account
from reviewtui.store import Database
from reviewtui.store.accounts import accounts_by_ids


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
