"""Opening a database file: migrate forward, never recreate; refuse the unusable untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pendulum
import pytest

from reviewtui.store import StoreError, open_database
from reviewtui.store import accounts as account_store
from reviewtui.store import db as db_module
from reviewtui.store import schema as schema_module
from reviewtui.store.schema import check_version

NOW = pendulum.datetime(2026, 11, 26, 14, 0, 0, tz="UTC")
REAL_MIGRATIONS = list(schema_module.MIGRATIONS)
EXTRA_MIGRATION = (
    REAL_MIGRATIONS[-1][0] + 1,
    "test: account tags",
    """
    CREATE TABLE account_tags (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts (id),
        tag TEXT NOT NULL
    );
    ALTER TABLE accounts ADD COLUMN region TEXT;
    """,
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def use_migrations(monkeypatch: pytest.MonkeyPatch, migrations: list) -> None:
    monkeypatch.setattr(schema_module, "MIGRATIONS", migrations)
    monkeypatch.setattr(db_module, "MIGRATIONS", migrations)


def migration_rows(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT version, name, applied_at FROM schema_migrations ORDER BY version"
        ).fetchall()


def assert_one_line(error: pytest.ExceptionInfo[StoreError], *parts: str) -> None:
    message = str(error.value)
    assert "\n" not in message, message
    for part in parts:
        assert part in message, f"{part!r} not in {message!r}"


def make_newer_database(path: Path, journal_mode: str) -> None:
    """A file as a later reviewtui (or any SQLite tool) would leave it."""
    database = open_database(path)
    account_store.upsert_account(database, {"name": "Acme"}, NOW)
    database.close()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (999, "from the future", "2030-01-01T00:00:00Z"),
        )
    conn.close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal_mode}")
    conn.close()


def test_opening_again_migrates_nothing_and_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "reviews.db"
    first = open_database(path)
    account_id = account_store.upsert_account(first, {"name": "Acme", "health": 39.9}, NOW)
    first.close()
    rows = migration_rows(path)
    assert [r[0] for r in rows] == [v for v, _, _ in REAL_MIGRATIONS]

    second = open_database(path)
    try:
        assert check_version(second.conn) == REAL_MIGRATIONS[-1][0]
        account = account_store.get_account(second, account_id)
        assert account is not None and account.health == 39.9
    finally:
        second.close()
    assert migration_rows(path) == rows  # same versions, same applied_at: nothing re-ran


def test_an_older_database_is_upgraded_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "reviews.db"
    use_migrations(monkeypatch, REAL_MIGRATIONS)
    old = open_database(path)
    account_id = account_store.upsert_account(old, {"name": "Acme", "nps": -20}, NOW)
    old.close()
    before = migration_rows(path)

    use_migrations(monkeypatch, [*REAL_MIGRATIONS, EXTRA_MIGRATION])
    new = open_database(path)
    try:
        assert check_version(new.conn) == EXTRA_MIGRATION[0]
        account = account_store.get_account(new, account_id)
        assert account is not None and account.nps == -20
        assert new.query_one("SELECT region FROM accounts WHERE id = ?", (account_id,)) == {
            "region": None
        }
        assert new.query("SELECT * FROM account_tags") == []
    finally:
        new.close()
    after = migration_rows(path)
    assert after[: len(before)] == before
    assert [r[0] for r in after] == [*(r[0] for r in before), EXTRA_MIGRATION[0]]


def test_a_database_made_with_only_the_first_migration_gets_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "reviews.db"
    full = [*REAL_MIGRATIONS, EXTRA_MIGRATION]
    use_migrations(monkeypatch, full[:1])
    open_database(path).close()
    assert [r[0] for r in migration_rows(path)] == [1]
    use_migrations(monkeypatch, full)
    open_database(path).close()
    assert [r[0] for r in migration_rows(path)] == [v for v, _, _ in full]


def test_a_failing_migration_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "reviews.db"
    open_database(path).close()
    before = migration_rows(path)
    broken = (
        EXTRA_MIGRATION[0],
        "test: broken",
        "CREATE TABLE half_done (id INTEGER PRIMARY KEY); ALTER TABLE no_such_table ADD x TEXT;",
    )
    use_migrations(monkeypatch, [*REAL_MIGRATIONS, broken])
    with pytest.raises(StoreError) as error:
        open_database(path)
    assert_one_line(error, str(path))
    assert migration_rows(path) == before
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables


@pytest.mark.parametrize("journal_mode", ["wal", "delete"])
def test_a_newer_database_is_refused_untouched(tmp_path: Path, journal_mode: str) -> None:
    path = tmp_path / "reviews.db"
    make_newer_database(path, journal_mode)
    before = digest(path)
    with pytest.raises(StoreError) as error:
        open_database(path)
    assert_one_line(error, str(path), "newer", "999")
    assert digest(path) == before
    with sqlite3.connect(path) as conn:  # still the other version's file, data intact
        assert conn.execute("SELECT max(version) FROM schema_migrations").fetchone() == (999,)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == journal_mode
    conn.close()


@pytest.mark.parametrize(
    "content",
    [
        b"name,owner\nAcme,Maria\n" * 50,
        b"\x00" * 4096,
        b"SQLite format 3\x00" + b"\xff" * 4080,  # the right header, then garbage
    ],
    ids=["csv", "zeros", "corrupt"],
)
def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "reviews.db"
    path.write_bytes(content)
    with pytest.raises(StoreError) as error:
        open_database(path)
    assert_one_line(error, str(path))
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reviews.db"]


def test_a_missing_directory_is_reported_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "deeper" / "reviews.db"
    with pytest.raises(StoreError) as error:
        open_database(path)
    assert_one_line(error, str(path.parent), "does not exist")
    assert not (tmp_path / "nowhere").exists()


def test_opening_without_create_refuses_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "reviews.db"
    with pytest.raises(StoreError) as error:
        open_database(path, create=False)
    assert_one_line(error, str(path))
    assert not path.exists()


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root: root can write a 0400 file, so read-only cannot be simulated",
)
def test_a_read_only_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "reviews.db"
    open_database(path).close()
    path.chmod(0o400)
    before = digest(path)
    try:
        with pytest.raises(StoreError) as error:
            open_database(path)
        assert_one_line(error, str(path), "read-only")
        assert digest(path) == before
    finally:
        path.chmod(0o600)
