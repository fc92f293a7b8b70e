"""Each account's metric history, summed up once for the segment queues.

Two tables are derived from `metric_snapshots` (schema version 12):

- `account_trends`: one row per account with snapshots: the date and values of its latest
  snapshot, and the values of the one before it (`prev_<metric>`, NULL without one);
- `status_changes`: one row per snapshot whose status differs from the status of the
  snapshot just before it (both set), with that earlier status in `previous`.

A queue that asks for the latest value, a change since the last snapshot, or a status turned
in a window reads these instead of looking up every account's snapshots. They are rebuilt
from the snapshots by `refresh`, which the writers of snapshots call. Triggers on
`metric_snapshots` mark them stale on any other change (another program's write, a deleted
account), and `usable` then says no: the queues read the snapshots themselves until the next
refresh, so a stale summary is slow, never wrong.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewtui.store.db import Database

# The metrics of migration 12, with their column types (a new metric needs a migration that
# adds its two columns; `tests/store/test_trends.py` checks every metric has them).
TREND_METRICS = {
    "health": "REAL",
    "usage": "REAL",
    "nps": "INTEGER",
    "arr_cents": "INTEGER",
    "spend_cents": "INTEGER",
    "cost_per_lead_cents": "INTEGER",
    "leads": "INTEGER",
    "status": "TEXT",
}

_WINDOW = "WINDOW w AS (PARTITION BY account_id ORDER BY as_of)"


def _tables() -> list[str]:
    columns = ", ".join(f"{m} {t}, prev_{m} {t}" for m, t in TREND_METRICS.items())
    state = "snapshot_summary_state"
    return [
        f"CREATE TABLE account_trends (account_id INTEGER PRIMARY KEY, as_of TEXT NOT NULL,"
        f" {columns})",
        "CREATE TABLE status_changes (account_id INTEGER NOT NULL, as_of TEXT NOT NULL,"
        " status TEXT NOT NULL, previous TEXT NOT NULL, PRIMARY KEY (account_id, as_of))"
        " WITHOUT ROWID",
        "CREATE INDEX idx_status_changes_status ON status_changes (status, as_of, previous)",
        f"CREATE TABLE {state} (id INTEGER PRIMARY KEY CHECK (id = 1), fresh INTEGER NOT NULL)",
        f"INSERT INTO {state} (id, fresh) VALUES (1, 0)",
        *(
            f"CREATE TRIGGER metric_snapshots_{event.lower()}_stale AFTER {event}"
            f" ON metric_snapshots WHEN (SELECT fresh FROM {state} WHERE id = 1)"
            f" BEGIN UPDATE {state} SET fresh = 0 WHERE id = 1; END"
            for event in ("INSERT", "UPDATE", "DELETE")
        ),
    ]


def v12_snapshot_trends(conn: sqlite3.Connection) -> None:
    """Version 12: the tables and triggers above, filled from the snapshots there."""
    for statement in _tables():
        conn.execute(statement)
    refresh(conn)


def _accounts(which: tuple[str, object] | None) -> tuple[str, tuple[object, ...]]:
    if which is None:
        return "", ()
    test, value = which
    return (
        f" WHERE account_id IN (SELECT account_id FROM metric_snapshots WHERE {test})",
        (value,),
    )


def _rebuild(conn: sqlite3.Connection, which: tuple[str, object] | None) -> None:
    where, params = _accounts(which)
    metrics = ", ".join(f"{m}, lag({m}) OVER w AS prev_{m}" for m in TREND_METRICS)
    names = ", ".join(f"{m}, prev_{m}" for m in TREND_METRICS)
    conn.execute(f"DELETE FROM account_trends{where}", params)
    conn.execute(
        f"INSERT INTO account_trends (account_id, as_of, {names})"
        f" SELECT account_id, as_of, {names} FROM (SELECT account_id, as_of, {metrics},"
        f" lead(as_of) OVER w AS later FROM metric_snapshots{where} {_WINDOW})"
        " WHERE later IS NULL",
        params,
    )
    conn.execute(f"DELETE FROM status_changes{where}", params)
    conn.execute(
        "INSERT INTO status_changes (account_id, as_of, status, previous)"
        " SELECT account_id, as_of, status, previous FROM (SELECT account_id, as_of, status,"
        f" lag(status) OVER w AS previous FROM metric_snapshots{where} {_WINDOW})"
        " WHERE status IS NOT NULL AND previous IS NOT NULL AND status <> previous",
        params,
    )
    conn.execute("UPDATE snapshot_summary_state SET fresh = 1 WHERE id = 1")


def refresh(conn: sqlite3.Connection) -> None:
    """Rebuild the summaries of every account, inside the caller's write transaction."""
    _rebuild(conn, None)


@contextlib.contextmanager
def kept_fresh(
    db: Database, *, day: dt.date | None = None, account_id: int | None = None
) -> Iterator[None]:
    """Around a write of snapshots, inside its transaction: afterwards the summaries are
    rebuilt for the accounts written (those with a snapshot on `day`, or `account_id`) when
    they were fresh before it, else for every account."""
    conn = db.conn
    if not conn.in_transaction:
        raise RuntimeError("kept_fresh needs an open write transaction")
    row = conn.execute("SELECT fresh FROM snapshot_summary_state WHERE id = 1").fetchone()
    yield
    which: tuple[str, object] | None = None
    if row is not None and row[0] == 1:
        if day is not None and _the_latest(conn, day.isoformat()):
            _advance(conn, day.isoformat())
            return
        if day is not None and _a_small_share(conn, day.isoformat()):
            which = ("as_of = ?", day.isoformat())
        elif account_id is not None:
            which = ("account_id = ?", account_id)
    _rebuild(conn, which)


def _the_latest(conn: sqlite3.Connection, day: str) -> bool:
    """Whether no snapshot is dated after `day`: each account's snapshot of that day, if
    it has one, is then its latest."""
    (latest,) = conn.execute("SELECT max(as_of) FROM metric_snapshots").fetchone()
    return latest is None or latest <= day


def _advance(conn: sqlite3.Connection, day: str) -> None:
    """Bring fresh summaries up to date with the snapshots of `day`, the latest date, from
    the summaries themselves: an account's row moves on to that day's values, keeping as
    the values before them its latest values until then (or, when its row already was of
    that day, the values before those). The day's status changes follow from the rows."""
    names = ", ".join(f"{m}, prev_{m}" for m in TREND_METRICS)
    values = ", ".join(
        f"s.{m}, CASE WHEN t.as_of = s.as_of THEN t.prev_{m} ELSE t.{m} END" for m in TREND_METRICS
    )
    updates = ", ".join(f"{c} = excluded.{c}" for c in ["as_of", *names.split(", ")])
    conn.execute(
        f"INSERT INTO account_trends (account_id, as_of, {names})"
        f" SELECT s.account_id, s.as_of, {values} FROM metric_snapshots s"
        " LEFT JOIN account_trends t ON t.account_id = s.account_id WHERE s.as_of = ?"
        f" ON CONFLICT (account_id) DO UPDATE SET {updates}",
        (day,),
    )
    conn.execute("DELETE FROM status_changes WHERE as_of = ?", (day,))
    conn.execute(
        "INSERT INTO status_changes (account_id, as_of, status, previous)"
        " SELECT account_id, as_of, status, prev_status FROM account_trends WHERE as_of = ?"
        " AND status IS NOT NULL AND prev_status IS NOT NULL AND status <> prev_status",
        (day,),
    )
    conn.execute("UPDATE snapshot_summary_state SET fresh = 1 WHERE id = 1")


def _a_small_share(conn: sqlite3.Connection, day: str) -> bool:
    """Whether the snapshots of `day` are under a quarter of them all: rebuilding just
    those accounts is then cheaper than rebuilding every one."""
    (written,) = conn.execute(
        "SELECT count(*) FROM metric_snapshots WHERE as_of = ?", (day,)
    ).fetchone()
    (every,) = conn.execute("SELECT coalesce(max(id), 0) FROM metric_snapshots").fetchone()
    return written * 4 < every


def usable(db: Database, as_of: dt.date) -> bool:
    """Whether the summaries answer for `as_of`: fresh, and no snapshot is dated after it
    (an account's latest snapshot is then its latest on or before `as_of`)."""
    row = db.tuples(
        "SELECT (SELECT fresh FROM snapshot_summary_state WHERE id = 1),"
        " (SELECT max(as_of) FROM metric_snapshots)"
    )[0]
    fresh, latest = row
    return fresh == 1 and (latest is None or latest <= as_of.isoformat())
