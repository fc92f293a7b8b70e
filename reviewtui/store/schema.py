"""The schema as an ordered list of migrations. A database made by any version opens in later ones.

Each migration is (version, name, step), applied once, in version order, each in its own
write transaction together with its row in `schema_migrations`; a database whose recorded
version is newer than this code knows is refused, untouched. A step is a function given the
database through sqlite-utils (`db.table(table).create(...)`, `create_index`, `add_column`,
`transform()` where SQLite cannot ALTER, `enable_fts`), or SQL text (statements split on
";"). Steps run with foreign keys off, so `transform()` can rebuild a table other tables
point at; the keys are checked before the migration commits.

Opening a database already at the latest version reads `schema_migrations` only: sqlite-utils
is imported when a migration runs, not before the app's first frame.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

import pendulum

from reviewtui.store.schema_health import v9_benchmarks_and_plans, v10_series_cadence
from reviewtui.store.schema_people import labels_and_keys, people_by_key
from reviewtui.store.trends import v12_snapshot_trends

if TYPE_CHECKING:
    import sqlite_utils


class SchemaError(RuntimeError):
    pass


Step = str | Callable[["sqlite_utils.Database"], None]


def _step(name: str) -> Callable[[sqlite_utils.Database], None]:
    """The function `name` of schema_steps, imported when the migration runs."""

    def run(db: sqlite_utils.Database) -> None:
        from reviewtui.store import schema_steps

        getattr(schema_steps, name)(db)

    run.__name__ = name
    return run


# Imported exports name a second assignee and an executive sponsor, and carry trends: the
# change in usage and in the health score since the last period, kept with the snapshot
# (never as the level itself).
_V11 = """
ALTER TABLE accounts ADD COLUMN co_owner TEXT;
ALTER TABLE accounts ADD COLUMN sponsor TEXT;
ALTER TABLE metric_snapshots ADD COLUMN usage_change REAL;
ALTER TABLE metric_snapshots ADD COLUMN health_change REAL;
"""


def on_connection(step: Callable[[sqlite3.Connection], None]) -> Step:
    """A step written against the plain sqlite3 connection (PRAGMAs, generated columns)."""

    def run(db: sqlite_utils.Database) -> None:
        step(db.conn)

    run.__name__ = step.__name__
    return run


# The record kept true: a meeting started by mistake is abandoned (kept, with its reason,
# out of the reports); the closed meeting's JSON is frozen next to its minutes; each action of
# an earlier meeting records the meeting that triaged it (done or dropped there).
_V7 = """
ALTER TABLE meetings ADD COLUMN abandoned_at TEXT;
ALTER TABLE meetings ADD COLUMN abandon_reason TEXT;
ALTER TABLE meetings ADD COLUMN minutes_json TEXT;
ALTER TABLE actions ADD COLUMN triaged_in INTEGER REFERENCES meetings (id);
CREATE INDEX idx_actions_triaged_in ON actions (triaged_in)
"""

# A miss stays a miss: every action keeps the date first promised (a carried one inherits it
# from the action it continues), and every re-date is kept with when, where and by whom.
_V8 = """
ALTER TABLE actions ADD COLUMN promised_due TEXT;
UPDATE actions SET promised_due = due WHERE carried_from IS NULL;
CREATE TABLE action_redates (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    old_due TEXT,
    new_due TEXT,
    changed_at TEXT NOT NULL,
    meeting_id INTEGER REFERENCES meetings (id),
    changed_by TEXT
);
CREATE INDEX idx_action_redates_action ON action_redates (action_id)
"""


def _v8(conn: sqlite3.Connection) -> None:
    for statement in _statements(_V8):
        conn.execute(statement)
    # A carried action promised what the first of its chain promised: fill down the chains.
    while True:
        cursor = conn.execute(
            "UPDATE actions SET promised_due = (SELECT coalesce(p.promised_due, p.due)"
            " FROM actions p WHERE p.id = actions.carried_from)"
            " WHERE carried_from IS NOT NULL AND promised_due IS NULL AND EXISTS"
            " (SELECT 1 FROM actions p WHERE p.id = actions.carried_from"
            " AND coalesce(p.promised_due, p.due) IS NOT NULL)"
        )
        if cursor.rowcount == 0:
            break


MIGRATIONS: list[tuple[int, str, Step]] = [
    (1, "initial schema", _step("initial_schema")),
    (2, "covering indexes for segment queues", _step("queue_indexes")),
    (
        3,
        "one live window per meeting, frozen minutes, replayed changes",
        _step("leases_minutes_replays"),
    ),
    (4, "full-text search of notes and actions", _step("full_text_search")),
    (5, "actions' owners and notes' authors refer to people", on_connection(people_by_key)),
    (6, "note titles and the current agenda item's foreign key", on_connection(labels_and_keys)),
    (7, "abandoned meetings, frozen meeting JSON, where actions were triaged", _V7),
    (8, "promised due dates and the history of re-dates", on_connection(_v8)),
    (9, "benchmarks, account groups and monthly plans", on_connection(v9_benchmarks_and_plans)),
    (10, "series cadence, linked series and remembered queues", on_connection(v10_series_cadence)),
    (11, "second assignee, executive sponsor, usage and health trends", _V11),
    (
        12,
        "each account's latest snapshots and status changes, for the queues",
        on_connection(v12_snapshot_trends),
    ),
    (13, "queue indexes in queue order, and by name", _step("ordered_queue_indexes")),
    (14, "the kind picked for a draft", _step("draft_kinds")),
]


def apply_migration(db: sqlite_utils.Database, version: int, name: str, step: Step) -> None:
    """Run one migration and record it, inside the caller's write transaction."""
    db.table("schema_migrations").create(
        {"version": int, "name": str, "applied_at": str},
        pk="version",
        not_null={"name", "applied_at"},
        if_not_exists=True,
    )
    if callable(step):
        step(db)
    else:
        for statement in _statements(step):
            db.execute(statement)
    db.table("schema_migrations").insert(
        {"version": version, "name": name, "applied_at": pendulum.now("UTC").to_iso8601_string()}
    )


def foreign_key_problems(conn: sqlite3.Connection) -> str | None:
    """What `PRAGMA foreign_key_check` finds wrong, in a few words; None when nothing."""
    rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    if not rows:
        return None
    table, rowid, parent, _ = rows[0]
    return f"{len(rows)} rows point at rows that are not there (first: {table} {rowid} -> {parent})"


def check_version(conn: sqlite3.Connection) -> int:
    """The recorded schema version (0 for a new file); SchemaError if newer than this code knows.

    Only reads, so it can run before anything (even the journal mode) is written to the file.
    """
    has_table = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()[0]
    if not has_table:
        return 0
    current = int(
        conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]
    )
    known = MIGRATIONS[-1][0]
    if current > known:
        raise SchemaError(
            f"made by a newer reviewtui (schema version {current}, this one knows {known});"
            " upgrade reviewtui to open it"
        )
    return current


def _statements(sql: str) -> list[str]:
    return [part.strip() for part in sql.split(";") if part.strip()]
