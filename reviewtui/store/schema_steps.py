"""The first schema versions, as sqlite-utils builds them: each function is one migration.

Tables are declared as data (typed columns, primary key, NOT NULL, defaults, foreign keys
with their ON DELETE actions, CHECK and UNIQUE constraints) and created by sqlite-utils;
indexes with `create_index`, columns with `add_column`, full-text search with `enable_fts`.
The result is the same schema the SQL of earlier releases made, so a file made by either
opens the same way (tests/store/test_release_database.py compares them).

Only reached when a database needs a migration: sqlite-utils is imported by the caller then.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import sqlite_utils
from sqlite_utils.db import Check, ForeignKey, Unique, UniqueColumn

TEXT, INTEGER, REAL = str, int, float


def create_table(
    db: sqlite_utils.Database,
    name: str,
    columns: Mapping[str, type],
    *,
    pk: str = "id",
    not_null: Iterable[str] = (),
    defaults: Mapping[str, object] | None = None,
    references: Mapping[str, str | tuple[str, str]] | None = None,
    checks: Mapping[str, str] | None = None,
    unique: Sequence[Sequence[str]] = (),
) -> None:
    """Create table `name`. `references` maps a column to the table whose `id` it holds, or
    to (table, ON DELETE action); `checks` maps a column to its CHECK expression; `unique`
    lists the column groups that must be unique (one column: a column constraint)."""
    foreign_keys = []
    for column, target in (references or {}).items():
        table, on_delete = (target, "NO ACTION") if isinstance(target, str) else target
        foreign_keys.append(ForeignKey(name, column, table, "id", on_delete=on_delete))
    options: dict = {
        "pk": pk,
        "not_null": set(not_null),
        "defaults": dict(defaults or {}),
        "foreign_keys": foreign_keys,
    }
    if not checks and not unique:
        db.table(name).create(dict(columns), **options)
        return
    # Table constraints go through the same builder, with the constraint arguments its own
    # `transform()` uses to keep them.
    constraints = [
        Unique(tuple(UniqueColumn(c) for c in group), column=group[0] if len(group) == 1 else "")
        for group in unique
    ]
    sql = db.create_table_sql(
        name,
        dict(columns),
        **options,
        _checks=[Check(expression, column=column) for column, expression in (checks or {}).items()],
        _uniques=constraints,
    )
    db.execute(sql.strip())


def _one_of(column: str, *values: str) -> str:
    listed = ", ".join(f"'{v}'" for v in values)
    return f"{column} IS NULL OR {column} IN ({listed})"


def _between(column: str, low: int, high: int) -> str:
    return f"{column} IS NULL OR ({column} >= {low} AND {column} <= {high})"


CASCADE = "CASCADE"
_ACCOUNT_INDEXES = {
    "renewal": "renewal_date",
    "health": "health",
    "last_engaged": "last_engaged",
    "owner": "owner",
    "status": "status",
    "arr": "arr_cents",
}


def initial_schema(db: sqlite_utils.Database) -> None:
    """Version 1: people, accounts and their metric history, series, meetings and all that
    is said and decided in them."""
    create_table(
        db,
        "people",
        {"id": INTEGER, "name": TEXT, "role": TEXT, "team": TEXT, "email": TEXT,
         "created_at": TEXT},
        not_null=("name", "created_at"),
        unique=[("name",)],
    )  # fmt: skip
    create_table(
        db,
        "accounts",
        {
            "id": INTEGER, "key": TEXT, "external_id": TEXT, "name": TEXT, "owner": TEXT,
            "arr_cents": INTEGER, "tcv_cents": INTEGER, "client_since": TEXT,
            "renewal_date": TEXT, "health": REAL, "status": TEXT, "status_changed_on": TEXT,
            "lifecycle": TEXT, "last_touch": TEXT, "last_engaged": TEXT, "nps": INTEGER,
            "tier": TEXT, "usage": REAL, "goals": TEXT, "expansion": INTEGER, "industry": TEXT,
            "is_media": INTEGER, "churned_on": TEXT, "renewed_on": TEXT, "created_at": TEXT,
            "updated_at": TEXT,
        },
        not_null=("key", "name", "expansion", "is_media", "created_at", "updated_at"),
        defaults={"expansion": 0, "is_media": 0},
        checks={
            "health": _between("health", 0, 100),
            "status": _one_of("status", "green", "yellow", "red"),
            "nps": _between("nps", -100, 100),
            "goals": _one_of("goals", "achieved", "missing", "on track"),
        },
        unique=[("key",)],
    )  # fmt: skip
    for name, column in _ACCOUNT_INDEXES.items():
        db.table("accounts").create_index([column], index_name=f"idx_accounts_{name}")
    create_table(
        db,
        "metric_snapshots",
        {
            "id": INTEGER, "account_id": INTEGER, "as_of": TEXT, "health": REAL,
            "usage": REAL, "nps": INTEGER, "arr_cents": INTEGER, "status": TEXT,
            "spend_cents": INTEGER, "cost_per_lead_cents": INTEGER, "leads": INTEGER,
        },
        not_null=("account_id", "as_of"),
        references={"account_id": ("accounts", CASCADE)},
        unique=[("account_id", "as_of")],
    )  # fmt: skip
    db.table("metric_snapshots").create_index(["as_of"], index_name="idx_snapshots_as_of")
    create_table(
        db,
        "series",
        {"id": INTEGER, "name": TEXT, "template": TEXT, "scope": TEXT, "created_at": TEXT},
        not_null=("name", "template", "created_at"),
        unique=[("name",)],
    )
    _meetings(db)
    create_table(
        db,
        "attendance",
        {"id": INTEGER, "meeting_id": INTEGER, "person_id": INTEGER, "present": INTEGER,
         "role": TEXT},
        not_null=("meeting_id", "person_id", "present"),
        defaults={"present": 1},
        references={"meeting_id": ("meetings", CASCADE), "person_id": "people"},
        unique=[("meeting_id", "person_id")],
    )  # fmt: skip
    create_table(
        db,
        "agenda_items",
        {
            "id": INTEGER, "meeting_id": INTEGER, "position": INTEGER, "title": TEXT,
            "kind": TEXT, "planned_seconds": INTEGER, "extra_seconds": INTEGER,
            "actual_seconds": INTEGER, "prompts": TEXT, "segments": TEXT, "started_at": TEXT,
            "ended_at": TEXT,
        },
        not_null=("meeting_id", "position", "title", "kind", "planned_seconds",
                  "extra_seconds", "actual_seconds", "prompts", "segments"),
        defaults={"extra_seconds": 0, "actual_seconds": 0, "prompts": "[]", "segments": "[]"},
        references={"meeting_id": ("meetings", CASCADE)},
        unique=[("meeting_id", "position")],
    )  # fmt: skip
    create_table(
        db,
        "clock_spans",
        {"id": INTEGER, "meeting_id": INTEGER, "agenda_item_id": INTEGER,
         "started_at": TEXT, "ended_at": TEXT},
        not_null=("meeting_id", "agenda_item_id", "started_at"),
        references={"meeting_id": ("meetings", CASCADE),
                    "agenda_item_id": ("agenda_items", CASCADE)},
    )  # fmt: skip
    db.table("clock_spans").create_index(["meeting_id"], index_name="idx_clock_spans_meeting")
    _notes_and_actions(db)
    create_table(
        db,
        "account_reviews",
        {
            "id": INTEGER, "meeting_id": INTEGER, "account_id": INTEGER, "reviewed_at": TEXT,
            "health": REAL, "status": TEXT, "arr_cents": INTEGER, "nps": INTEGER,
            "usage": REAL, "renewal_date": TEXT,
        },
        not_null=("meeting_id", "account_id", "reviewed_at"),
        references={"meeting_id": ("meetings", CASCADE), "account_id": "accounts"},
        unique=[("meeting_id", "account_id")],
    )  # fmt: skip
    db.table("account_reviews").create_index(
        ["account_id", "reviewed_at"], index_name="idx_account_reviews_account"
    )
    create_table(
        db,
        "drafts",
        {"meeting_id": INTEGER, "agenda_item_id": INTEGER, "account_id": INTEGER,
         "text": TEXT, "updated_at": TEXT},
        pk="meeting_id",
        not_null=("text", "updated_at"),
        references={"meeting_id": ("meetings", CASCADE), "agenda_item_id": "agenda_items",
                    "account_id": "accounts"},
    )  # fmt: skip


def _meetings(db: sqlite_utils.Database) -> None:
    create_table(
        db,
        "meetings",
        {
            "id": INTEGER, "series_id": INTEGER, "template": TEXT, "title": TEXT,
            "scope": TEXT, "status": TEXT, "started_at": TEXT, "ended_at": TEXT,
            "current_item_id": INTEGER, "focus_account_id": INTEGER, "min_actions": INTEGER,
            "max_actions": INTEGER, "override_reason": TEXT, "untriaged_carryover": INTEGER,
            "minutes_path": TEXT, "heartbeat_at": TEXT,
        },
        not_null=("template", "title", "status", "started_at", "min_actions", "max_actions"),
        defaults={"min_actions": 3, "max_actions": 5},
        references={"series_id": "series", "focus_account_id": "accounts"},
        checks={"status": "status IN ('live', 'closed')"},
    )  # fmt: skip
    db.table("meetings").create_index(["series_id", "started_at"], index_name="idx_meetings_series")
    db.table("meetings").create_index(["status"], index_name="idx_meetings_status")


def _notes_and_actions(db: sqlite_utils.Database) -> None:
    create_table(
        db,
        "notes",
        {
            "id": INTEGER, "meeting_id": INTEGER, "agenda_item_id": INTEGER,
            "account_id": INTEGER, "kind": TEXT, "text": TEXT, "author": TEXT,
            "category": TEXT, "created_at": TEXT, "updated_at": TEXT, "deleted_at": TEXT,
        },
        not_null=("meeting_id", "kind", "text", "created_at"),
        references={"meeting_id": ("meetings", CASCADE), "agenda_item_id": "agenda_items",
                    "account_id": "accounts"},
        checks={"kind": "kind IN ('note', 'decision', 'risk', 'insight', 'blocker', 'action')"},
    )  # fmt: skip
    db.table("notes").create_index(["meeting_id", "agenda_item_id"], index_name="idx_notes_meeting")
    db.table("notes").create_index(["account_id"], index_name="idx_notes_account")
    create_table(
        db,
        "actions",
        {
            "id": INTEGER, "meeting_id": INTEGER, "account_id": INTEGER, "note_id": INTEGER,
            "title": TEXT, "owner": TEXT, "due": TEXT, "status": TEXT, "carried_from": INTEGER,
            "drop_reason": TEXT, "created_at": TEXT, "updated_at": TEXT,
            "completed_at": TEXT, "version": INTEGER,
        },
        not_null=("meeting_id", "title", "status", "created_at", "version"),
        defaults={"status": "open", "version": 1},
        references={"meeting_id": ("meetings", CASCADE), "account_id": "accounts",
                    "note_id": "notes", "carried_from": "actions"},
        checks={"status": "status IN ('open', 'done', 'dropped', 'carried')"},
    )  # fmt: skip
    actions = db.table("actions")
    actions.create_index(["meeting_id"], index_name="idx_actions_meeting")
    actions.create_index(["owner", "status"], index_name="idx_actions_owner")
    actions.create_index(["status", "due"], index_name="idx_actions_status_due")


# Segment queues. Each built-in queue filters on one column, leaves out churned accounts and
# sorts by one column; these covering indexes let SQLite answer it from one index, mostly in
# queue order, without touching the table. They replace the single-column indexes of
# version 1 that they start with (same leading column, so every old use still has an index).
# The snapshot indexes serve "turned red within N days": the window's snapshots by date and
# status, and each one's predecessor by account.
_ACTIVE = ("lifecycle", "churned_on")
_QUEUE_INDEXES = {
    "idx_accounts_last_engaged_active": ("last_engaged", *_ACTIVE),
    "idx_accounts_health_active": ("health", *_ACTIVE),
    "idx_accounts_usage_active": ("usage", *_ACTIVE),
    "idx_accounts_renewal_active": ("renewal_date", *_ACTIVE),
    "idx_accounts_nps_active": ("nps", *_ACTIVE),
    "idx_accounts_client_since_active": ("client_since", *_ACTIVE),
    "idx_accounts_renewed_active": ("renewed_on", *_ACTIVE),
    "idx_accounts_status_arr": ("status", "arr_cents", *_ACTIVE, "status_changed_on"),
    "idx_accounts_goals_arr": ("goals", "arr_cents", *_ACTIVE),
    "idx_accounts_expansion_arr": ("expansion", "arr_cents", *_ACTIVE),
}


def queue_indexes(db: sqlite_utils.Database) -> None:
    """Version 2: covering indexes for segment queues."""
    for old in ("last_engaged", "health", "renewal", "status"):
        db.execute(f"DROP INDEX IF EXISTS idx_accounts_{old}")
    for name, columns in _QUEUE_INDEXES.items():
        db.table("accounts").create_index(list(columns), index_name=name)
    snapshots = db.table("metric_snapshots")
    db.execute("DROP INDEX IF EXISTS idx_snapshots_as_of")
    snapshots.create_index(
        ["as_of", "status", "account_id"], index_name="idx_snapshots_as_of_status"
    )
    snapshots.create_index(
        ["account_id", "as_of", "status"], index_name="idx_snapshots_account_status"
    )


def leases_minutes_replays(db: sqlite_utils.Database) -> None:
    """Version 3: one live window per meeting, frozen minutes, changes replayed once."""
    meetings = db.table("meetings")
    for column in ("lease_owner", "lease_until", "minutes_text"):
        meetings.add_column(column, TEXT)
    create_table(
        db,
        "applied_changes",
        {"id": TEXT, "op": TEXT, "applied_at": TEXT},
        not_null=("op", "applied_at"),
    )


# Full-text search of what was said: notes' text and actions' titles (external-content FTS5
# tables `<table>_fts`, kept up to date by the `<table>_ai/_ad/_au` triggers).
FTS_COLUMNS = (("notes", "text"), ("actions", "title"))


def full_text_search(db: sqlite_utils.Database) -> None:
    """Version 4: full-text search of notes and actions."""
    for table, column in FTS_COLUMNS:
        db.table(table).enable_fts([column], fts_version="FTS5", create_triggers=True)


# Version 13: every queue index holds the account id right after the column(s) a queue
# filters on, so walking it gives the queue's order (column, then id) without a sort, and
# SQLite builds it from the table (which an import does, see `store.account_bulk`) several
# times faster than with a second sort key there. ARR, which the status, goals and
# expansion queues sort by and large renewals filter on, is held at the end. The name index
# orders the book by name as queues compare names (ignoring case).
_ORDERED_QUEUE_INDEXES = {
    "idx_accounts_last_engaged_active": ("last_engaged",),
    "idx_accounts_health_active": ("health",),
    "idx_accounts_usage_active": ("usage",),
    "idx_accounts_renewal_active": ("renewal_date",),
    "idx_accounts_nps_active": ("nps",),
    "idx_accounts_client_since_active": ("client_since",),
    "idx_accounts_renewed_active": ("renewed_on",),
    "idx_accounts_name_active": ("name COLLATE NOCASE",),
    "idx_accounts_status_arr": ("status", "status_changed_on"),
    "idx_accounts_goals_arr": ("goals",),
    "idx_accounts_expansion_arr": ("expansion",),
}
_WITH_ARR = {"renewal_date", "status", "goals", "expansion"}


def ordered_queue_indexes(db: sqlite_utils.Database) -> None:
    """Version 13: queue indexes in queue order (see above)."""
    for name, leading in _ORDERED_QUEUE_INDEXES.items():
        columns = [*leading, "id", *_ACTIVE, *(["arr_cents"] if leading[0] in _WITH_ARR else [])]
        db.execute(f"DROP INDEX IF EXISTS {name}")
        db.execute(f"CREATE INDEX {name} ON accounts ({', '.join(columns)})")


# Version 14: the kind picked for the note being typed (F2) is kept with its draft, so a
# hang-up, a move to another section or the close saves the words as the kind chosen. NULL
# (a draft kept before) is a note. The kinds are those of notes at this version.
_DRAFT_KINDS = ("note", "decision", "risk", "insight", "blocker", "action")


def draft_kinds(db: sqlite_utils.Database) -> None:
    """Version 14: the kind picked for a draft (see above)."""
    # A column with a CHECK: sqlite-utils' `add_column` declares none.
    db.execute(f"ALTER TABLE drafts ADD COLUMN kind TEXT CHECK ({_one_of('kind', *_DRAFT_KINDS)})")
