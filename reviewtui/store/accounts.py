"""Accounts and their metric history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pendulum

from reviewtui.domain.models import Account
from reviewtui.domain.segment_fields import ACCOUNT_FIELDS
from reviewtui.store import trends
from reviewtui.store.convert import day, instant, parse_day
from reviewtui.store.db import Database

# The columns of `accounts` a write may set: its match key, every account field a rule may
# name, and the people on the account that rules do not name (their names are matched through
# the people table instead).
ACCOUNT_PEOPLE = ("co_owner", "sponsor")
ACCOUNT_COLUMNS = ("key", *ACCOUNT_FIELDS, *ACCOUNT_PEOPLE)
SNAPSHOT_FIELDS = (
    "health",
    "usage",
    "nps",
    "arr_cents",
    "status",
    "spend_cents",
    "cost_per_lead_cents",
    "leads",
    "usage_change",
    "health_change",
)


@dataclass(frozen=True)
class Snapshot:
    as_of: pendulum.Date
    health: float | None
    usage: float | None
    nps: int | None
    arr_cents: int | None
    status: str | None
    spend_cents: int | None
    cost_per_lead_cents: int | None
    leads: int | None
    usage_change: float | None = None  # since the last period, as the file stated it
    health_change: float | None = None


def account_key(name: str) -> str:
    """The normalised key an account is matched by: trimmed, whitespace folded, case-folded."""
    return " ".join(name.split()).casefold()


def _account(row: dict) -> Account:
    return Account(
        id=row["id"],
        key=row["key"],
        name=row["name"],
        owner=row["owner"],
        arr_cents=row["arr_cents"],
        tcv_cents=row["tcv_cents"],
        client_since=parse_day(row["client_since"]),
        renewal_date=parse_day(row["renewal_date"]),
        health=row["health"],
        status=row["status"],
        lifecycle=row["lifecycle"],
        last_touch=parse_day(row["last_touch"]),
        last_engaged=parse_day(row["last_engaged"]),
        nps=row["nps"],
        tier=row["tier"],
        usage=row["usage"],
        goals=row["goals"],
        expansion=bool(row["expansion"]),
        industry=row["industry"],
        status_changed_on=parse_day(row["status_changed_on"]),
        is_media=bool(row["is_media"]),
    )


def _value(value: object) -> object:
    if isinstance(value, pendulum.Date) and not isinstance(value, pendulum.DateTime):
        return day(value)
    if isinstance(value, bool):
        return int(value)
    return value


def upsert_account(db: Database, values: dict[str, object], now: pendulum.DateTime) -> int:
    """Insert or update by `key` (derived from the name when absent). Returns the account id."""
    data = {k: _value(v) for k, v in values.items() if k in ACCOUNT_COLUMNS}
    data.setdefault("key", account_key(str(data["name"])))
    columns = list(data)
    placeholders = ", ".join("?" for _ in columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "key")
    with db.write() as conn:
        conn.execute(
            f"INSERT INTO accounts ({', '.join(columns)}, created_at, updated_at)"
            f" VALUES ({placeholders}, ?, ?) ON CONFLICT (key) DO UPDATE SET {updates},"
            " updated_at = excluded.updated_at",
            (*data.values(), instant(now), instant(now)),
        )
        row = conn.execute("SELECT id FROM accounts WHERE key = ?", (data["key"],)).fetchone()
    return int(row[0])


def add_snapshots(db: Database, histories: Mapping[int, Iterable[dict[str, object]]]) -> None:
    """Record snapshots of accounts (account id -> its snapshots); one of the same day is
    updated with the values given (only those: snapshots giving the same values are upserted
    together). The summaries are brought up to date once, after the last: for the one account
    when only one is written, else for every account (a whole book's history, loaded at once)."""
    groups: dict[tuple[str, ...], list[tuple[object, ...]]] = {}
    for account_id, snapshots in histories.items():
        for snap in snapshots:
            data = {k: _value(v) for k, v in snap.items() if k in SNAPSHOT_FIELDS}
            groups.setdefault(tuple(data), []).append(
                (account_id, _value(snap["as_of"]), *data.values())
            )
    only = next(iter(histories)) if len(histories) == 1 else None
    with db.write(), trends.kept_fresh(db, account_id=only):
        for columns, rows in groups.items():
            db.upsert_all(
                "metric_snapshots",
                ["account_id", "as_of", *columns],
                rows,
                pk=("account_id", "as_of"),
            )


def get_account(db: Database, account_id: int) -> Account | None:
    row = db.query_one("SELECT * FROM accounts WHERE id = ?", (account_id,))
    return _account(row) if row else None


def find_account(db: Database, name: str) -> Account | None:
    row = db.query_one("SELECT * FROM accounts WHERE key = ?", (account_key(name),))
    return _account(row) if row else None


def accounts_by_ids(db: Database, ids: Sequence[int]) -> dict[int, Account]:
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = db.query(f"SELECT * FROM accounts WHERE id IN ({marks})", tuple(ids))
    return {r["id"]: _account(r) for r in rows}


def owners(db: Database) -> list[str]:
    rows = db.query("SELECT DISTINCT owner FROM accounts WHERE owner IS NOT NULL ORDER BY owner")
    return [r["owner"] for r in rows]


def snapshots(db: Database, account_id: int, limit: int = 12) -> list[Snapshot]:
    """The latest `limit` snapshots, oldest first."""
    rows = db.query(
        "SELECT * FROM (SELECT * FROM metric_snapshots WHERE account_id = ?"
        " ORDER BY as_of DESC LIMIT ?) ORDER BY as_of",
        (account_id, limit),
    )
    result = []
    for r in rows:
        as_of = parse_day(r["as_of"])
        assert as_of is not None
        result.append(
            Snapshot(
                as_of=as_of,
                health=r["health"],
                usage=r["usage"],
                nps=r["nps"],
                arr_cents=r["arr_cents"],
                status=r["status"],
                spend_cents=r["spend_cents"],
                cost_per_lead_cents=r["cost_per_lead_cents"],
                leads=r["leads"],
                usage_change=r["usage_change"],
                health_change=r["health_change"],
            )
        )
    return result
