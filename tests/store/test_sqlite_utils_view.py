"""The database stays an ordinary SQLite file that sqlite-utils (and so Datasette) reads."""

from __future__ import annotations

import sqlite_utils

from reviewtui.services.workspace import Workspace

TABLES = {
    "accounts",
    "metric_snapshots",
    "people",
    "series",
    "meetings",
    "attendance",
    "agenda_items",
    "notes",
    "actions",
    "account_reviews",
    "drafts",
    "schema_migrations",
}


def test_sqlite_utils_sees_every_table_with_typed_columns(ws: Workspace) -> None:
    utils = sqlite_utils.Database(ws.db.conn)
    assert set(utils.table_names()) >= TABLES
    for name in TABLES:
        for column in utils[name].columns:  # type: ignore[union-attr]
            assert column.type, f"{name}.{column.name} has no declared type"
    assert {fk.other_table for fk in utils["notes"].foreign_keys} >= {  # type: ignore[union-attr]
        "meetings",
        "agenda_items",
        "accounts",
    }
