"""Opening the database file: pragmas, migrations, and write transactions."""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from reviewtui.store.db_file import (
    StoreError,
    check_database_file,
    check_is_sqlite,
    damaged_message,
)
from reviewtui.store.schema import (
    MIGRATIONS,
    SchemaError,
    apply_migration,
    check_version,
    foreign_key_problems,
)

BUSY_TIMEOUT_MS = 5000
# Rows to a statement in bulk upserts (sqlite-utils caps it by its limit on bound values).
BATCH_ROWS = 500
# The tables a live meeting reads and writes (checked for damage before the app opens).
MEETING_TABLES = (
    "series",
    "meetings",
    "agenda_items",
    "attendance",
    "clock_spans",
    "notes",
    "actions",
    "drafts",
    "people",
)
# The tables an import writes: large (the whole book and its history), checked before one.
ACCOUNT_TABLES = ("people", "accounts", "metric_snapshots")


class Database:
    """One SQLite file. Reads go straight through; writes go through `write()`."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn = conn
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0

    @functools.cached_property
    def utils(self) -> sqlite_utils.Database:
        """The same connection through sqlite-utils: its Table API for inserts and upserts,
        migrations and introspection. Writes through it go inside `write()`.

        Imported on first use: the app's start-up does not pay for it. The connection's
        settings stay as `open_database` made them (no plugins, no recursive triggers)."""
        import sqlite_utils

        utils = sqlite_utils.Database(self.conn, recursive_triggers=False, execute_plugins=False)
        # Upserts are INSERT ... ON CONFLICT DO UPDATE (SQLite 3.24+, which the store's own SQL
        # needs too). Said here rather than probed: the probe creates a table, and when that
        # fails (a full disk, a held lock) sqlite-utils falls back to INSERT OR IGNORE plus
        # UPDATE, which drops a row that breaks a constraint without a word.
        utils._supports_on_conflict = True
        return utils

    def preload_utils(self) -> threading.Thread:
        """Import sqlite-utils on a thread of its own, so the first write through it (a note,
        an action) does not wait for the import. For after the app's first frame."""
        thread = threading.Thread(target=lambda: self.utils, name="reviewtui-preload", daemon=True)
        thread.start()
        return thread

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: BEGIN IMMEDIATE ... COMMIT, nested calls join the outer one."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            self.conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self.conn
            except BaseException:
                # SQLite may have rolled back already (a full disk does): keep the real error.
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")
            finally:
                self._depth = 0

    @contextlib.contextmanager
    def read_snapshot(self) -> Iterator[sqlite3.Connection]:
        """A run of reads that all see the file in one state, other threads kept out meanwhile.

        Scratch tables made inside (in the temp schema) are thrown away at the end; nothing
        else may be written. Nests, inside another snapshot or a write transaction."""
        with self._lock:
            self.conn.execute("SAVEPOINT read_snapshot")
            try:
                yield self.conn
            finally:
                self.conn.execute("ROLLBACK TO read_snapshot")
                self.conn.execute("RELEASE read_snapshot")

    def query(self, sql: str, params: tuple[object, ...] | dict[str, object] = ()) -> list[dict]:
        with self._lock:
            cursor = self.conn.execute(sql, params)
            columns = [c[0] for c in cursor.description or ()]
            return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

    def column(self, sql: str, params: tuple[object, ...] | dict[str, object] = ()) -> list:
        """The first column of every row: cheaper than `query` for long lists of ids."""
        with self._lock:
            return [row[0] for row in self.conn.execute(sql, params)]

    def tuples(self, sql: str, params: tuple[object, ...] | dict[str, object] = ()) -> list[tuple]:
        """Every row as a plain tuple: cheaper than `query` for many rows."""
        with self._lock:
            return self.conn.execute(sql, params).fetchall()

    def query_one(
        self, sql: str, params: tuple[object, ...] | dict[str, object] = ()
    ) -> dict | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def execute(self, sql: str, params: tuple[object, ...] | dict[str, object] = ()) -> int:
        """Run one statement inside a write transaction; returns lastrowid."""
        with self.write() as conn:
            cursor = conn.execute(sql, params)
            return int(cursor.lastrowid or 0)

    def insert(self, table: str, row: Mapping[str, object]) -> int:
        """Insert one row through sqlite-utils' Table API in a write transaction; its id."""
        with self.write():
            target = self.utils.table(table)
            target.insert(dict(row))
            return int(target.last_rowid or 0)

    def insert_all(
        self,
        table: str,
        columns: Sequence[str],
        rows: Iterable[Sequence[object]],
        batch_size: int = BATCH_ROWS,
    ) -> None:
        """Insert many rows, each the values of `columns` in order, `batch_size` rows to a
        statement, in one write transaction."""
        with self.write():
            self.utils.table(table).insert_all(
                itertools.chain([list(columns)], rows), batch_size=batch_size
            )

    def upsert(self, table: str, row: Mapping[str, object], pk: str | tuple[str, ...]) -> None:
        """Insert one row, or update every column given of the row that has its `pk` (a
        primary key or unique columns)."""
        with self.write():
            self.utils.table(table).upsert(dict(row), pk=pk)

    def upsert_all(
        self,
        table: str,
        columns: Sequence[str],
        rows: Iterable[Sequence[object]],
        pk: str | tuple[str, ...],
        batch_size: int = BATCH_ROWS,
    ) -> None:
        """`upsert` for many rows, each the values of `columns` in order, written
        `batch_size` rows to a statement (fewer when the columns are many: SQLite's limit on
        bound values), all in one write transaction."""
        with self.write():
            self.utils.table(table).upsert_all(
                itertools.chain([list(columns)], rows), pk=pk, batch_size=batch_size
            )

    def set_busy_timeout(self, milliseconds: int) -> None:
        """How long a statement waits for another program's write lock before it gives up."""
        with self._lock:
            self.conn.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def checkpoint(self, wait_ms: int = 200) -> bool:
        """Move everything in the write-ahead log into the database file and empty the log
        (`wal_checkpoint(TRUNCATE)`), so the .db file alone holds every change. Another
        program reading or writing at that moment makes it a no-op (False), after waiting
        `wait_ms` at most; it is tried again at the next chance."""
        if self.path is None:
            return False
        with self._lock:
            if self.conn.in_transaction:
                return False
            try:
                (before,) = self.conn.execute("PRAGMA busy_timeout").fetchone()
                self.conn.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
                try:
                    row = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                finally:
                    self.conn.execute(f"PRAGMA busy_timeout = {int(before)}")
            except sqlite3.Error:  # busy or locked elsewhere; damage is reported by the reads
                return False
            return bool(row) and row[0] == 0

    def backup_into(self, target: Path) -> None:
        """A consistent copy of the whole database (the write-ahead log included) in the new
        file `target`, made readable by its owner only, through SQLite's online backup: other
        connections may go on writing meanwhile. An existing `target` is refused (StoreError)
        and left alone; a copy that fails part-way is removed."""
        try:
            fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            raise StoreError(f"{target}: already exists; back up into a new file") from None
        except OSError as error:
            raise StoreError(f"{target}: cannot create: {error.strerror or error}") from None
        os.close(fd)
        try:
            os.chmod(target, 0o600)
            copy = sqlite3.connect(str(target), isolation_level=None)
            try:
                with self._lock:
                    self.conn.backup(copy)  # in one step: one consistent state of the source
                copy.execute("PRAGMA journal_mode = DELETE")  # the copy is one file on its own
            finally:
                copy.close()
        except BaseException:
            for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            raise

    def check_tables(self, tables: tuple[str, ...]) -> None:
        """StoreError if SQLite finds damage in these tables or their indexes.

        Each table is checked on its own (`PRAGMA quick_check(TABLE)`), so opening the app
        checks the meetings' tables, small next to the accounts and their metric history."""
        with self._lock:
            for table in tables:
                try:
                    rows = self.conn.execute(f"PRAGMA quick_check({table})").fetchall()
                except sqlite3.DatabaseError as error:
                    raise StoreError(damaged_message(self.path, error)) from None
                if rows != [("ok",)]:
                    problem = sqlite3.DatabaseError(
                        f"database disk image is malformed: {str(rows[0][0])[:80]}"
                    )
                    raise StoreError(damaged_message(self.path, problem))


_JSON: bool | None = None  # SQLite's JSON functions there? (see `has_json`)


def has_json(conn: sqlite3.Connection) -> bool:
    """Whether SQLite has its JSON functions: the same library all along, so asked once."""
    global _JSON
    if _JSON is None:
        try:
            conn.execute("SELECT json_extract('[1]', '$[0]')").fetchone()
            _JSON = True
        except sqlite3.OperationalError:
            _JSON = False
    return _JSON


def _connect(target: str) -> sqlite3.Connection:
    conn = sqlite3.connect(
        target, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_database(file: Path | None, *, create: bool = True) -> Database:
    """Open (and create or migrate) the database in `file`; None is a database in memory
    (`--db :memory:` arrives here as None).

    A file that cannot be a database (missing directory, directory, FIFO, device, dangling
    link, not SQLite, made by a newer reviewtui) is refused before anything is opened for
    writing, so nothing (not even a -wal or -shm file) is created next to it. The write lock
    is taken only when the schema needs a migration."""
    if file is None:
        conn = _connect(":memory:")
        database = Database(conn, None)
    else:
        exists = check_database_file(file, create=create)
        if exists:
            if not os.access(file, os.W_OK):
                raise StoreError(f"{file}: the database is read-only")
            check_is_sqlite(file)
        else:
            # Created readable by the owner only: meeting notes are private.
            try:
                fd = os.open(file, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
            except OSError as error:
                raise StoreError(f"{file}: cannot create: {error.strerror or error}") from None
            os.close(fd)
        try:
            conn = _connect(str(file))
            # Refuse a newer schema before anything is written, even the journal mode.
            try:
                current = check_version(conn)
            except SchemaError as error:
                conn.close()
                raise StoreError(f"{file}: {error}") from None
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.DatabaseError as error:
            raise StoreError(damaged_message(file, error)) from None
        database = Database(conn, file)
        if current == MIGRATIONS[-1][0]:
            return database  # nothing to migrate: no write lock taken
    try:
        # A database already at this version is opened without taking the write lock: another
        # program holding it (or a full disk) must not stop the app from opening.
        migrate(database)
    except SchemaError as error:
        database.close()
        raise StoreError(f"{file or 'the database'}: {error}") from None
    except sqlite3.DatabaseError as error:
        database.close()
        raise StoreError(damaged_message(file, error)) from None
    return database


def open_another_connection(file: Path) -> Database:
    """One more connection to a database file this process has already opened (and migrated):
    the writer's, a long read's. Nothing is created or migrated and no write lock is taken, so
    a busy database never holds it up; a schema that is not the current one is a StoreError."""
    try:
        conn = _connect(str(file))
        try:
            current = check_version(conn)
            conn.execute("PRAGMA synchronous = FULL")
        except BaseException:
            conn.close()
            raise
    except SchemaError as error:
        raise StoreError(f"{file}: {error}") from None
    except sqlite3.DatabaseError as error:
        raise StoreError(damaged_message(file, error)) from None
    if current != MIGRATIONS[-1][0]:
        conn.close()
        raise StoreError(f"{file}: the schema changed while reviewtui had it open; start again")
    return Database(conn, file)


def migrate(database: Database) -> list[int]:
    """Apply the pending migrations, each in its own write transaction with its record, with
    foreign keys off meanwhile (so a step may rebuild a table others point at) and checked
    before it commits. Versions another program applied meanwhile are skipped. Returns the
    versions applied here."""
    conn = database.conn
    applied: list[int] = []
    for version, name, step in MIGRATIONS:
        if version <= check_version(conn):
            continue
        conn.execute("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction: set before
        try:
            with database.write():
                if version <= check_version(conn):  # applied by another program meanwhile
                    continue
                apply_migration(database.utils, version, name, step)
                problem = foreign_key_problems(conn)
                if problem:
                    raise SchemaError(f"migration {version} ({name}) would leave {problem}")
        finally:
            conn.execute("PRAGMA foreign_keys = ON")
        applied.append(version)
    return applied
