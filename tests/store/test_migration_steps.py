"""Migrations as sqlite-utils steps: each applied once, in order, recorded, in its own
transaction; `transform()` rebuilds a table other tables point at without losing their rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pendulum
import pytest
import sqlite_utils
from store_reads import schema_version

from reviewtui.domain.clock import ManualClock
from reviewtui.domain.entries import NoteKind
from reviewtui.services.meeting import MeetingSession, start_meeting
from reviewtui.services.workspace import open_workspace
from reviewtui.store import StoreError, open_database
from reviewtui.store import accounts as account_store
from reviewtui.store import db as db_module
from reviewtui.store import meetings as meeting_store
from reviewtui.store import schema as schema_module

NOW = pendulum.datetime(2026, 11, 26, 14, 0, 0, tz="UTC")
REAL = list(schema_module.MIGRATIONS)
NEXT = REAL[-1][0] + 1


def use(monkeypatch: pytest.MonkeyPatch, migrations: list) -> None:
    monkeypatch.setattr(schema_module, "MIGRATIONS", migrations)
    monkeypatch.setattr(db_module, "MIGRATIONS", migrations)


def versions(path: Path) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY 1")]
    finally:
        conn.close()


def test_versions_are_listed_once_and_in_order() -> None:
    numbers = [version for version, _, _ in REAL]
    assert numbers == sorted(set(numbers)) and numbers[0] == 1
    assert all(name.strip() for _, name, _ in REAL)


def test_each_migration_commits_on_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "reviews.db"
    open_database(path).close()

    def add_tags(db: sqlite_utils.Database) -> None:
        db.table("account_tags").create(
            {"id": int, "account_id": int, "tag": str},
            pk="id",
            not_null={"account_id", "tag"},
            foreign_keys=[("account_id", "accounts", "id")],
        )
        db.table("account_tags").create_index(["tag"], index_name="idx_account_tags_tag")

    def broken(db: sqlite_utils.Database) -> None:
        db.table("half_done").create({"id": int}, pk="id")
        db.execute("ALTER TABLE no_such_table ADD x TEXT")

    use(monkeypatch, [*REAL, (NEXT, "account tags", add_tags), (NEXT + 1, "broken", broken)])
    with pytest.raises(StoreError) as error:
        open_database(path)
    assert str(path) in str(error.value) and "\n" not in str(error.value)
    # The first one stays applied and recorded; the broken one left nothing behind.
    assert versions(path) == [*(v for v, _, _ in REAL), NEXT]
    utils = sqlite_utils.Database(path)
    assert utils.table("account_tags").exists() and not utils.table("half_done").exists()
    assert [i.name for i in utils.table("account_tags").indexes] == ["idx_account_tags_tag"]
    utils.close()

    use(monkeypatch, [*REAL, (NEXT, "account tags", add_tags)])
    db = open_database(path)  # opened again: nothing runs twice
    db.close()
    assert versions(path) == [*(v for v, _, _ in REAL), NEXT]


def test_transform_rebuilds_a_table_others_point_at_and_keeps_their_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """accounts is referenced with ON DELETE CASCADE (metric snapshots): rebuilding it must not
    fire the cascade, and the keys are checked before the migration commits."""
    path = tmp_path / "reviews.db"
    db = open_database(path)
    account_id = account_store.upsert_account(db, {"name": "Acme", "industry": "Retail"}, NOW)
    account_store.add_snapshots(db, {account_id: [{"as_of": NOW.date(), "health": 40.0}]})
    db.close()

    def drop_industry(db: sqlite_utils.Database) -> None:
        db.table("accounts").transform(drop={"industry"})

    use(monkeypatch, [*REAL, (NEXT, "accounts without industry", drop_industry)])
    db = open_database(path)
    try:
        assert db.query("SELECT account_id, health FROM metric_snapshots") == [
            {"account_id": account_id, "health": 40.0}
        ]
        columns = [c["name"] for c in db.query("PRAGMA table_info(accounts)")]
        assert "industry" not in columns
        assert db.query_one("PRAGMA foreign_keys") == {"foreign_keys": 1}
        assert db.query("PRAGMA foreign_key_check") == []
        # The rebuilt table keeps its constraints and its indexes.
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("UPDATE accounts SET health = 101 WHERE id = ?", (account_id,))
        indexes = {r["name"] for r in db.query("PRAGMA index_list(accounts)")}
        assert "idx_accounts_status_arr" in indexes
    finally:
        db.close()


def test_a_step_that_breaks_a_foreign_key_is_rolled_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "reviews.db"
    db = open_database(path)
    account_id = account_store.upsert_account(db, {"name": "Acme"}, NOW)
    account_store.add_snapshots(db, {account_id: [{"as_of": NOW.date(), "health": 40.0}]})
    db.close()

    def lose_accounts(db: sqlite_utils.Database) -> None:
        db.execute("DELETE FROM accounts")

    use(monkeypatch, [*REAL, (NEXT, "loses accounts", lose_accounts)])
    with pytest.raises(StoreError) as error:
        open_database(path)
    assert "point at rows that are not there" in str(error.value)
    assert versions(path) == [v for v, _, _ in REAL]
    use(monkeypatch, REAL)
    db = open_database(path)
    try:
        assert db.query("SELECT name FROM accounts") == [{"name": "Acme"}]
    finally:
        db.close()


def test_sqlite_utils_is_loaded_ahead_of_the_first_write(tmp_path: Path) -> None:
    open_database(tmp_path / "reviews.db").close()
    db = open_database(tmp_path / "reviews.db")
    try:
        assert "utils" not in vars(db)  # an up-to-date file opened: not made yet
        db.preload_utils().join(timeout=30)
        assert isinstance(vars(db)["utils"], sqlite_utils.Database)
        assert db.query_one("PRAGMA recursive_triggers") == {"recursive_triggers": 0}
    finally:
        db.close()


def test_a_step_may_work_on_the_plain_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "reviews.db"
    open_database(path).close()

    def generated_title(conn: sqlite3.Connection) -> None:
        assert isinstance(conn, sqlite3.Connection) and conn.in_transaction
        conn.execute(
            "ALTER TABLE notes ADD COLUMN short TEXT GENERATED ALWAYS AS (substr(text, 1, 8))"
        )

    use(monkeypatch, [*REAL, (NEXT, "short text", schema_module.on_connection(generated_title))])
    db = open_database(path)
    try:
        assert schema_version(db) == NEXT
        assert "short" in [c["name"] for c in db.query("PRAGMA table_xinfo(notes)")]
    finally:
        db.close()


def test_version_14_keeps_the_kind_picked_for_a_draft_and_old_drafts_read_as_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A draft kept by version 13 (text only) opens as a note; drafts now keep their kind."""
    path = tmp_path / "reviews.db"
    use(monkeypatch, [m for m in REAL if m[0] <= 13])
    ws = open_workspace(path, clock=ManualClock(NOW), config=tmp_path / "config")
    try:
        meeting_id = start_meeting(ws, "strategy").id
        with ws.db.write() as conn:  # as version 13 kept a draft
            conn.execute(
                "INSERT INTO drafts (meeting_id, text, updated_at) VALUES (?, ?, ?)",
                (meeting_id, "we go with plan B", "2026-11-26T14:00:00Z"),
            )
        assert "kind" not in [c["name"] for c in ws.db.query("PRAGMA table_info(drafts)")]
    finally:
        ws.close()

    use(monkeypatch, REAL)
    ws = open_workspace(path, clock=ManualClock(NOW), config=tmp_path / "config")
    try:
        assert 14 in versions(path)
        draft = meeting_store.get_draft(ws.db, meeting_id)
        assert draft is not None and (draft.text, draft.kind) == ("we go with plan B", None)
        notebook = MeetingSession(ws, meeting_id).notebook
        assert notebook.take_draft() == ("we go with plan B", NoteKind.NOTE)
        meeting_store.save_draft(ws.db, meeting_id, "we go", None, None, NOW, kind="decision")
        assert notebook.take_draft() == ("we go", NoteKind.DECISION)
    finally:
        ws.close()
