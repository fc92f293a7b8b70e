"""The schema as an ordered list of migrations. A database made by any version opens in later ones.

Each migration is (version, name, step): the step is SQL (statements split on ";") or, for
statements that hold ";" themselves (triggers), a function given the connection. Applied
versions are recorded in `schema_migrations`; a database whose recorded version is newer than
this code knows is refused, untouched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pendulum


class SchemaError(RuntimeError):
    pass


_V1 = """
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT,
    team TEXT,
    email TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    external_id TEXT,
    name TEXT NOT NULL,
    owner TEXT,
    arr_cents INTEGER,
    tcv_cents INTEGER,
    client_since TEXT,
    renewal_date TEXT,
    health REAL CHECK (health IS NULL OR (health >= 0 AND health <= 100)),
    status TEXT CHECK (status IS NULL OR status IN ('green', 'yellow', 'red')),
    status_changed_on TEXT,
    lifecycle TEXT,
    last_touch TEXT,
    last_engaged TEXT,
    nps INTEGER CHECK (nps IS NULL OR (nps >= -100 AND nps <= 100)),
    tier TEXT,
    usage REAL,
    goals TEXT CHECK (goals IS NULL OR goals IN ('achieved', 'missing', 'on track')),
    expansion INTEGER NOT NULL DEFAULT 0,
    industry TEXT,
    is_media INTEGER NOT NULL DEFAULT 0,
    churned_on TEXT,
    renewed_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX idx_accounts_renewal ON accounts (renewal_date);
CREATE INDEX idx_accounts_health ON accounts (health);
CREATE INDEX idx_accounts_last_engaged ON accounts (last_engaged);
CREATE INDEX idx_accounts_owner ON accounts (owner);
CREATE INDEX idx_accounts_status ON accounts (status);
CREATE INDEX idx_accounts_arr ON accounts (arr_cents);

CREATE TABLE metric_snapshots (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    as_of TEXT NOT NULL,
    health REAL,
    usage REAL,
    nps INTEGER,
    arr_cents INTEGER,
    status TEXT,
    spend_cents INTEGER,
    cost_per_lead_cents INTEGER,
    leads INTEGER,
    UNIQUE (account_id, as_of)
);
CREATE INDEX idx_snapshots_as_of ON metric_snapshots (as_of);

CREATE TABLE series (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    template TEXT NOT NULL,
    scope TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    series_id INTEGER REFERENCES series (id),
    template TEXT NOT NULL,
    title TEXT NOT NULL,
    scope TEXT,
    status TEXT NOT NULL CHECK (status IN ('live', 'closed')),
    started_at TEXT NOT NULL,
    ended_at TEXT,
    current_item_id INTEGER,
    focus_account_id INTEGER REFERENCES accounts (id),
    min_actions INTEGER NOT NULL DEFAULT 3,
    max_actions INTEGER NOT NULL DEFAULT 5,
    override_reason TEXT,
    untriaged_carryover INTEGER,
    minutes_path TEXT,
    heartbeat_at TEXT
);
CREATE INDEX idx_meetings_series ON meetings (series_id, started_at);
CREATE INDEX idx_meetings_status ON meetings (status);

CREATE TABLE attendance (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people (id),
    present INTEGER NOT NULL DEFAULT 1,
    role TEXT,
    UNIQUE (meeting_id, person_id)
);

CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    planned_seconds INTEGER NOT NULL,
    extra_seconds INTEGER NOT NULL DEFAULT 0,
    actual_seconds INTEGER NOT NULL DEFAULT 0,
    prompts TEXT NOT NULL DEFAULT '[]',
    segments TEXT NOT NULL DEFAULT '[]',
    started_at TEXT,
    ended_at TEXT,
    UNIQUE (meeting_id, position)
);

CREATE TABLE clock_spans (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    started_at TEXT NOT NULL,
    ended_at TEXT
);
CREATE INDEX idx_clock_spans_meeting ON clock_spans (meeting_id);

CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agenda_item_id INTEGER REFERENCES agenda_items (id),
    account_id INTEGER REFERENCES accounts (id),
    kind TEXT NOT NULL CHECK (kind IN ('note', 'decision', 'risk', 'insight', 'blocker', 'action')),
    text TEXT NOT NULL,
    author TEXT,
    category TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT,
    deleted_at TEXT
);
CREATE INDEX idx_notes_meeting ON notes (meeting_id, agenda_item_id);
CREATE INDEX idx_notes_account ON notes (account_id);

CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    account_id INTEGER REFERENCES accounts (id),
    note_id INTEGER REFERENCES notes (id),
    title TEXT NOT NULL,
    owner TEXT,
    due TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped', 'carried')),
    carried_from INTEGER REFERENCES actions (id),
    drop_reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT,
    completed_at TEXT,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX idx_actions_meeting ON actions (meeting_id);
CREATE INDEX idx_actions_owner ON actions (owner, status);
CREATE INDEX idx_actions_status_due ON actions (status, due);

CREATE TABLE account_reviews (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    reviewed_at TEXT NOT NULL,
    health REAL,
    status TEXT,
    arr_cents INTEGER,
    nps INTEGER,
    usage REAL,
    renewal_date TEXT,
    UNIQUE (meeting_id, account_id)
);
CREATE INDEX idx_account_reviews_account ON account_reviews (account_id, reviewed_at);

CREATE TABLE drafts (
    meeting_id INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    agenda_item_id INTEGER REFERENCES agenda_items (id),
    account_id INTEGER REFERENCES accounts (id),
    text TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""

# Segment queues. Each built-in queue filters on one column, leaves out churned accounts and
# sorts by one column; these covering indexes let SQLite answer it from one index, mostly in
# queue order, without touching the table. They replace the single-column indexes of
# version 1 that they start with (same leading column, so every old use still has an index).
# The snapshot indexes serve "turned red within N days": the window's snapshots by date and
# status, and each one's predecessor by account.
_V2 = """
DROP INDEX IF EXISTS idx_accounts_last_engaged;
DROP INDEX IF EXISTS idx_accounts_health;
DROP INDEX IF EXISTS idx_accounts_renewal;
DROP INDEX IF EXISTS idx_accounts_status;
CREATE INDEX idx_accounts_last_engaged_active ON accounts (last_engaged, lifecycle, churned_on);
CREATE INDEX idx_accounts_health_active ON accounts (health, lifecycle, churned_on);
CREATE INDEX idx_accounts_usage_active ON accounts (usage, lifecycle, churned_on);
CREATE INDEX idx_accounts_renewal_active ON accounts (renewal_date, lifecycle, churned_on);
CREATE INDEX idx_accounts_nps_active ON accounts (nps, lifecycle, churned_on);
CREATE INDEX idx_accounts_client_since_active ON accounts (client_since, lifecycle, churned_on);
CREATE INDEX idx_accounts_renewed_active ON accounts (renewed_on, lifecycle, churned_on);
CREATE INDEX idx_accounts_status_arr
    ON accounts (status, arr_cents, lifecycle, churned_on, status_changed_on);
CREATE INDEX idx_accounts_goals_arr ON accounts (goals, arr_cents, lifecycle, churned_on);
CREATE INDEX idx_accounts_expansion_arr ON accounts (expansion, arr_cents, lifecycle, churned_on);
DROP INDEX IF EXISTS idx_snapshots_as_of;
CREATE INDEX idx_snapshots_as_of_status ON metric_snapshots (as_of, status, account_id);
CREATE INDEX idx_snapshots_account_status ON metric_snapshots (account_id, as_of, status);
"""

_V3 = """
ALTER TABLE meetings ADD COLUMN lease_owner TEXT;
ALTER TABLE meetings ADD COLUMN lease_until TEXT;
ALTER TABLE meetings ADD COLUMN minutes_text TEXT;
CREATE TABLE applied_changes (
    id TEXT PRIMARY KEY,
    op TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""

# Full-text search of what was said: notes' text and actions' titles. The SQL is exactly what
# sqlite-utils' `table.enable_fts([column], fts_version="FTS5", create_triggers=True)` writes
# (external-content FTS5 table `<table>_fts` kept up to date by `<table>_ai/_ad/_au`
# triggers), so sqlite-utils and Datasette recognise the indexes; it is spelled out here so
# opening a file never imports sqlite-utils before the app's first frame.
FTS_COLUMNS = (("notes", "text"), ("actions", "title"))


def fts_statements(table: str, column: str) -> list[str]:
    """The statements that index `table.column` for full-text search, and fill the index."""
    fts = f"{table}_fts"
    return [
        f'CREATE VIRTUAL TABLE "{fts}" USING FTS5 (\n    "{column}",\n    content="{table}"\n)',
        f'INSERT INTO "{fts}" (rowid, "{column}")\n    SELECT rowid, "{column}" FROM "{table}";',
        f'CREATE TRIGGER "{table}_ai" AFTER INSERT ON "{table}" BEGIN\n'
        f'  INSERT INTO "{fts}" (rowid, "{column}") VALUES (new.rowid, new."{column}");\nEND',
        f'CREATE TRIGGER "{table}_ad" AFTER DELETE ON "{table}" BEGIN\n'
        f'  INSERT INTO "{fts}" ("{fts}", rowid, "{column}")'
        f" VALUES('delete', old.rowid, old.\"{column}\");\nEND",
        f'CREATE TRIGGER "{table}_au" AFTER UPDATE ON "{table}" BEGIN\n'
        f'  INSERT INTO "{fts}" ("{fts}", rowid, "{column}")'
        f" VALUES('delete', old.rowid, old.\"{column}\");\n"
        f'  INSERT INTO "{fts}" (rowid, "{column}") VALUES (new.rowid, new."{column}");\nEND',
    ]


def _v4(conn: sqlite3.Connection) -> None:
    for table, column in FTS_COLUMNS:
        for statement in fts_statements(table, column):
            conn.execute(statement)


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


Step = str | Callable[[sqlite3.Connection], None]

MIGRATIONS: list[tuple[int, str, Step]] = [
    (1, "initial schema", _V1),
    (2, "covering indexes for segment queues", _V2),
    (3, "one live window per meeting, frozen minutes, replayed changes", _V3),
    (4, "full-text search of notes and actions", _v4),
    (7, "abandoned meetings, frozen meeting JSON, where actions were triaged", _V7),
    (8, "promised due dates and the history of re-dates", _v8),
]


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply pending migrations inside the caller's transaction; returns versions applied."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    current = check_version(conn)
    applied = []
    for version, name, step in MIGRATIONS:
        if version <= current:
            continue
        if callable(step):
            step(conn)
        else:
            for statement in _statements(step):
                conn.execute(statement)
        conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (version, name, pendulum.now("UTC").to_iso8601_string()),
        )
        applied.append(version)
    return applied


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
