"""Accounts written in bulk, for imports: batched look-ups, and inserts, upserts and
updates each one statement run for every row (`executemany`: the values are bound as they
are, with no per-value conversion on the way).

The callers open one `db.write()` transaction around all the writes of an import, so a
file lands completely or not at all; these functions join that transaction.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Sequence

import pendulum

from reviewtui.store.accounts import ACCOUNT_COLUMNS, SNAPSHOT_FIELDS
from reviewtui.store.convert import day, instant
from reviewtui.store.db import Database
from reviewtui.store.db import has_json as _has_json

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


def _upsert(table: str, columns: Sequence[str], conflict: Sequence[str], values: str) -> str:
    """INSERT of `columns` from `values` (a VALUES list or a SELECT) that updates every other
    column of the row already holding the same `conflict` columns."""
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in conflict)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) {values}"
        f" ON CONFLICT ({', '.join(conflict)}) DO UPDATE SET {updates}"
    )


def insert_accounts(
    db: Database,
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    now: pendulum.DateTime,
) -> None:
    """Insert accounts; each row is (key, *values for `columns`). A key another program
    added since it was looked up is updated instead (every column given, as an upsert on the
    unique key), so a concurrent insert cannot fail the import."""
    _check(columns, ACCOUNT_COLUMNS)
    stamp = _literal(instant(now))
    marks = ", ".join("?" for _ in range(len(columns) + 1))
    sql = _upsert(
        "accounts",
        ["key", *columns, "created_at", "updated_at"],
        ["key"],
        f"VALUES ({marks}, {stamp}, {stamp})",
    )
    with db.write() as conn:
        conn.executemany(sql, rows)


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


# Snapshot-only columns that hold REAL values: SQLite's JSON reader does not give back every
# double exactly as Python wrote it, so rows holding them are bound rather than sent as JSON.
_INEXACT_IN_JSON = frozenset({"usage_change", "health_change"})


def snapshot_accounts(
    db: Database,
    as_of: pendulum.Date,
    extra_columns: Sequence[str],
    rows: Sequence[Sequence[object]],
) -> None:
    """Record a metric snapshot dated `as_of` from each account's current values, plus
    snapshot-only values; each row is (key, *values for `extra_columns`). A snapshot of
    the same account and day is replaced (the values given; an upsert on account and day).
    A key without an account records nothing. Rows are written in their order.

    The account's values are copied inside SQLite, never through Python: one INSERT ...
    SELECT over all the rows as one JSON array, or (without SQLite's JSON functions, or with
    a REAL column among the extras) the same statement run for every row."""
    _check(extra_columns, [c for c in SNAPSHOT_FIELDS if c not in _METRICS_FROM_ACCOUNT])
    if not rows:
        return
    columns = ["account_id", "as_of", *_METRICS_FROM_ACCOUNT, *extra_columns]
    copied = f"a.id, {_literal(day(as_of))}, " + ", ".join(f"a.{c}" for c in _METRICS_FROM_ACCOUNT)
    conflict = ["account_id", "as_of"]
    with db.write() as conn:
        if _has_json(conn) and not _INEXACT_IN_JSON & set(extra_columns):
            extras = "".join(
                f", json_extract(j.value, '$[{n}]')" for n in range(1, len(extra_columns) + 1)
            )
            sql = _upsert(
                "metric_snapshots",
                columns,
                conflict,
                f"SELECT {copied}{extras} FROM json_each(?) AS j"
                " JOIN accounts AS a ON a.key = json_extract(j.value, '$[0]') ORDER BY j.key",
            )
            conn.execute(sql, (json.dumps([list(row) for row in rows], ensure_ascii=False),))
            return
        extras = "".join(f", ?{n}" for n in range(2, len(extra_columns) + 2))
        sql = _upsert(
            "metric_snapshots",
            columns,
            conflict,
            f"SELECT {copied}{extras} FROM accounts AS a WHERE a.key = ?1",
        )
        conn.executemany(sql, rows)
