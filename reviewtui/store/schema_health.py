"""Schema steps for benchmarks, plans and series cadence (each one self-contained).

Kept apart from `store.schema` so the migrations stay small: version 9 adds the benchmarks a
metric is compared with and the monthly plan per account; version 10 gives a series its
cadence, the series it follows (a scrum linked to its account planning) and the queues chosen
for it.
"""

from __future__ import annotations

import sqlite3

_V9 = (
    """CREATE TABLE benchmarks (
    id INTEGER PRIMARY KEY,
    scope_kind TEXT NOT NULL CHECK (scope_kind IN ('all', 'tier', 'industry', 'group')),
    scope_value TEXT NOT NULL DEFAULT '',
    metric TEXT NOT NULL,
    value REAL NOT NULL,
    source TEXT NOT NULL DEFAULT 'import',
    updated_at TEXT NOT NULL,
    UNIQUE (scope_kind, scope_value, metric)
)""",
    """CREATE TABLE account_groups (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    PRIMARY KEY (account_id, name)
)""",
    """CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    month TEXT NOT NULL,
    metric TEXT NOT NULL,
    value REAL NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (account_id, month, metric)
)""",
    "CREATE INDEX idx_plans_month ON plans (month, metric)",
)

_V10 = (
    "ALTER TABLE series ADD COLUMN cadence TEXT"
    " CHECK (cadence IS NULL OR cadence IN ('weekly', 'bi-weekly', 'monthly', 'quarterly'))",
    "ALTER TABLE series ADD COLUMN follows_series_id INTEGER REFERENCES series (id)",
    "ALTER TABLE series ADD COLUMN queues TEXT",
)


def v9_benchmarks_and_plans(conn: sqlite3.Connection) -> None:
    for statement in _V9:
        conn.execute(statement)


def v10_series_cadence(conn: sqlite3.Connection) -> None:
    for statement in _V10:
        conn.execute(statement)
