"""Accounts written in bulk, for imports: batched look-ups, sqlite-utils bulk upserts, and
updates by id (an UPDATE statement run for every row).

The callers open one `db.write()` transaction around all the writes of an import, so a
file lands completely or not at all; these functions join that transaction.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence

import pendulum

from reviewtui.store.accounts import ACCOUNT_COLUMNS, SNAPSHOT_FIELDS
from reviewtui.store.convert import day, instant
from reviewtui.store.db import Database

_LOOKUP_BATCH = 500
_BULK_CACHE_KIB = 32 * 1024  # page cache while loading: big B-trees stay in memory
_METRICS_FROM_ACCOUNT = ("health", "usage", "nps", "arr_cents", "status")


def _check(columns: Iterable[str], allowed: Sequence[str]) -> None:
    unknown = [c for c in columns if c not in allowed]
    if unknown:
        raise ValueError(f"not a column: {', '.join(unknown)}")


BULK_TABLES = ("accounts", "metric_snapshots")


@contextlib.contextmanager
def bulk_load(db: Database, rebuild_indexes: Sequence[str] = ()) -> Iterator[None]:
    """Inside an open write transaction: a larger page cache for the load, and for each
    table in `rebuild_indexes` its secondary indexes dropped now and rebuilt once at the
    end (much faster than maintaining them row by row for a large load). Unique indexes
    stay. On an error the caller's transaction rolls back, restoring the indexes as they
    were."""
    _check(rebuild_indexes, BULK_TABLES)
    conn = db.conn
    if not conn.in_transaction:
        raise RuntimeError("bulk_load needs an open write transaction")
    previous = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {-_BULK_CACHE_KIB}")
    try:
        indexes: list[tuple[str, str]] = []
        for table in rebuild_indexes:
            indexes += conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                " AND tbl_name = ? AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
                (table,),
            ).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        yield
        for _, sql in indexes:
            conn.execute(sql)
    finally:
        conn.execute(f"PRAGMA cache_size = {int(previous)}")


def row_estimate(db: Database, table: str) -> int:
    """Roughly how many rows `table` holds (its highest id), without counting them."""
    _check([table], BULK_TABLES)
    row = db.query_one(f"SELECT coalesce(max(id), 0) AS n FROM {table}")
    return int(row["n"]) if row else 0


def accounts_by_keys(db: Database, keys: Sequence[str]) -> dict[str, tuple[int, str | None]]:
    """key -> (id, external_id) for the accounts among `keys` that exist."""
    found: dict[str, tuple[int, str | None]] = {}
    unique = tuple(dict.fromkeys(keys))
    for start in range(0, len(unique), _LOOKUP_BATCH):
        batch = unique[start : start + _LOOKUP_BATCH]
        marks = ", ".join("?" * len(batch))
        rows = db.tuples(f"SELECT key, id, external_id FROM accounts WHERE key IN ({marks})", batch)
        for key, account_id, external_id in rows:
            found[key] = (account_id, external_id)
    return found


def has_external_ids(db: Database) -> bool:
    return (
        db.query_one("SELECT 1 AS x FROM accounts WHERE external_id IS NOT NULL LIMIT 1")
        is not None
    )


def external_id_index(db: Database) -> dict[str, tuple[int, str]]:
    """external_id -> (id, key) for every account that has an external id."""
    rows = db.query("SELECT external_id, id, key FROM accounts WHERE external_id IS NOT NULL")
    return {r["external_id"]: (r["id"], r["key"]) for r in rows}


def _literal(text: str | None) -> str:
    """One of our own values (an ISO date or instant) as an SQL literal. Written into the
    statement rather than bound to every row: a bulk write binds only what the rows hold."""
    return "NULL" if text is None else "'" + text.replace("'", "''") + "'"


def insert_accounts(
    db: Database,
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    now: pendulum.DateTime,
) -> None:
    """Insert accounts (sqlite-utils `upsert_all` on the unique key); each row is (key,
    *values for `columns`). A key another program added since it was looked up is updated
    instead, so a concurrent insert cannot fail the import."""
    _check(columns, ACCOUNT_COLUMNS)
    stamp = instant(now)
    db.upsert_all(
        "accounts",
        ["key", *columns, "created_at", "updated_at"],
        ((*row, stamp, stamp) for row in rows),
        pk="key",
    )


def update_accounts(
    db: Database,
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    now: pendulum.DateTime,
    status_changed_on: pendulum.Date | None = None,
    set_key: bool = True,
) -> None:
    """Update accounts by id; each row is (id, key, *values for `columns`), `columns` not
    empty. With `status_changed_on`, an account whose status changes records that date.
    Without `set_key` the key is left as it is (cheaper: its unique index is not touched)."""
    _check(columns, ACCOUNT_COLUMNS)
    if not columns:
        raise ValueError("no columns to update")
    # Numbered parameters: ?1 is the id, ?2 the key, ?3 on the values, so each row is bound
    # as it is (the highest number is the row's length even when the key is not set).
    sets = [
        *(["key = ?2"] if set_key else []),
        *(f"{c} = ?{n}" for n, c in enumerate(columns, 3)),
        f"updated_at = {_literal(instant(now))}",
    ]
    if status_changed_on is not None and "status" in columns:
        status = f"?{list(columns).index('status') + 3}"
        sets.append(
            f"status_changed_on = CASE WHEN status IS NOT {status}"
            f" THEN {_literal(day(status_changed_on))} ELSE status_changed_on END"
        )
    sql = f"UPDATE accounts SET {', '.join(sets)} WHERE id = ?1"
    with db.write() as conn:
        conn.executemany(sql, rows)


def snapshot_accounts(
    db: Database,
    as_of: pendulum.Date,
    extra_columns: Sequence[str],
    rows: Sequence[Sequence[object]],
) -> None:
    """Record a metric snapshot dated `as_of` from each account's current values, plus
    snapshot-only values; each row is (key, *values for `extra_columns`). A snapshot of
    the same account and day is replaced (sqlite-utils `upsert_all` on account and day).

    The accounts' current values are read in one statement for all the rows (their keys
    as one JSON array); without SQLite's JSON functions, in batches of keys."""
    _check(extra_columns, [c for c in SNAPSHOT_FIELDS if c not in _METRICS_FROM_ACCOUNT])
    if not rows:
        return
    when = day(as_of)
    with db.write():
        current = _current_metrics(db, [str(row[0]) for row in rows])
        db.upsert_all(
            "metric_snapshots",
            ["account_id", "as_of", *_METRICS_FROM_ACCOUNT, *extra_columns],
            (
                (values[0], when, *values[1:], *row[1:])
                for row in rows
                if (values := current.get(str(row[0]))) is not None
            ),
            pk=("account_id", "as_of"),
        )


def _current_metrics(db: Database, keys: Sequence[str]) -> dict[str, tuple]:
    """key -> (id, *the account's values of the metrics a snapshot copies)."""
    selects = ", ".join(f"a.{c}" for c in _METRICS_FROM_ACCOUNT)
    if _has_json(db.conn):
        rows = db.tuples(
            f"SELECT a.key, a.id, {selects} FROM json_each(?) AS j"
            " JOIN accounts AS a ON a.key = j.value",
            (json.dumps(list(keys), ensure_ascii=False),),
        )
    else:
        rows = []
        unique = tuple(dict.fromkeys(keys))
        for start in range(0, len(unique), _LOOKUP_BATCH):
            batch = unique[start : start + _LOOKUP_BATCH]
            marks = ", ".join("?" * len(batch))
            rows += db.tuples(
                f"SELECT a.key, a.id, {selects} FROM accounts AS a WHERE a.key IN ({marks})",
                batch,
            )
    return {row[0]: tuple(row[1:]) for row in rows}


_JSON: bool | None = None  # SQLite's JSON functions there? (see `_has_json`)


def _has_json(conn: sqlite3.Connection) -> bool:
    """Whether SQLite has its JSON functions: the same library all along, so asked once."""
    global _JSON
    if _JSON is None:
        try:
            conn.execute("SELECT json_extract('[1]', '$[0]')").fetchone()
            _JSON = True
        except sqlite3.OperationalError:
            _JSON = False
    return _JSON
