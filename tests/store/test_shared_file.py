"""Two connections in one process and readers in others: every commit stays visible and durable.

The app opens the database twice (the screens and the background writer). Opening it must not
drop the locks the first connection holds: otherwise the next program that reads the file and
closes it believes it is the last user, checkpoints and deletes the write-ahead log, and every
later commit of the app goes to a deleted file, invisible to others and lost on a crash.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reviewtui.store import StoreError, open_database

READ = (
    "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
    " print(c.execute(sys.argv[2]).fetchone()[0]); c.close()"
)


def read_elsewhere(db: Path, sql: str) -> str:
    """One query from another process, which then closes its connection."""
    return subprocess.run(
        [sys.executable, "-c", READ, str(db), sql], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_commits_stay_visible_after_a_second_connection_and_an_outside_reader(
    tmp_path: Path,
) -> None:
    db = tmp_path / "shared.db"
    first = open_database(db)
    second = open_database(db)  # as the app's background writer does
    try:
        first.execute("CREATE TABLE probe (n INTEGER)")
        first.execute("INSERT INTO probe VALUES (1)")
        assert read_elsewhere(db, "SELECT count(*) FROM probe") == "1"
        assert (tmp_path / "shared.db-wal").exists(), "an outside reader removed the live log"
        second.execute("INSERT INTO probe VALUES (2)")
        first.execute("INSERT INTO probe VALUES (3)")
        assert read_elsewhere(db, "SELECT count(*) FROM probe") == "3"
    finally:
        second.close()
        first.close()


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_bytes(b"[bold]not a database[/bold] \x1b]0;PWNED\x07 " * 10)
    before = junk.read_bytes()
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_database(junk)
    assert junk.read_bytes() == before
    assert not (tmp_path / "notes.txt-wal").exists()


def test_another_connection_opens_while_the_write_lock_is_held(tmp_path: Path) -> None:
    """The writer's and a long read's connection: no migration, no write lock, no wait."""
    import sqlite3
    import time

    from reviewtui.store.db import open_another_connection

    db = tmp_path / "shared.db"
    open_database(db).close()
    holder = sqlite3.connect(str(db), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program writing
    try:
        started = time.monotonic()
        other = open_another_connection(db)
        assert time.monotonic() - started < 1.0
        assert other.path == db
        assert other.query_one("SELECT count(*) AS n FROM meetings")["n"] == 0
        other.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_another_connection_never_migrates(tmp_path: Path) -> None:
    import sqlite3

    from reviewtui.store.db import open_another_connection

    db = tmp_path / "shared.db"
    open_database(db).close()
    conn = sqlite3.connect(str(db), isolation_level=None)
    last = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
    conn.execute("DELETE FROM schema_migrations WHERE version = ?", (last,))
    conn.close()
    with pytest.raises(StoreError, match="schema changed"):
        open_another_connection(db)
    conn = sqlite3.connect(str(db))
    assert conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == last - 1
    conn.close()
