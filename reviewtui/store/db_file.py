"""The database file itself: what can be opened as one, and one line for what cannot."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path


class StoreError(RuntimeError):
    """The database cannot be used; the message says what and where, in one line."""


def damaged_message(path: Path | str | None, error: sqlite3.Error) -> str:
    """One line for a database SQLite cannot read or write: what happened and what to do."""
    text = str(error)
    name = str(path) if path is not None else "the database"
    if isinstance(error, sqlite3.OperationalError) and "locked" in text:
        return f"{name}: another program holds the database's write lock ({text}); try again"
    if "malformed" in text or "corrupt" in text or "not a database" in text:
        return (
            f"{name}: the database is damaged ({text}); restore it from a backup or run"
            f" `sqlite3 {name} .recover`"
        )
    return f"{name}: cannot use the database ({text})"


def check_database_file(file: Path, *, create: bool) -> bool:
    """Whether `file` exists as a regular file; StoreError (one line, what to do) for anything
    that cannot be a database. Looks with lstat/stat only: a FIFO is never opened."""
    try:
        link = os.lstat(file)
    except FileNotFoundError:
        parent = file.parent
        if not create:
            raise StoreError(
                f"{file}: no database yet; run `reviewtui` (or `reviewtui demo`, or"
                " `reviewtui import accounts FILE`) to create it, or point --db at one"
            ) from None
        if not parent.is_dir():
            if parent.exists():
                raise StoreError(f"{file}: {parent} is not a directory") from None
            raise StoreError(
                f"{file}: the directory {parent} does not exist; create it with"
                f" `mkdir -p {parent}` or choose another --db"
            ) from None
        return False
    except OSError as error:
        raise StoreError(f"{file}: cannot read: {error.strerror or error}") from None
    mode = link.st_mode
    if stat.S_ISLNK(mode):
        try:
            mode = os.stat(file).st_mode
        except FileNotFoundError:
            raise StoreError(
                f"{file}: a symbolic link to a missing file ({os.readlink(file)});"
                " fix or remove the link, or choose another --db"
            ) from None
        except OSError as error:
            raise StoreError(f"{file}: cannot read: {error.strerror or error}") from None
    if stat.S_ISDIR(mode):
        raise StoreError(f"{file}: is a directory; give the path of a database file")
    if not stat.S_ISREG(mode):
        raise StoreError(
            f"{file}: not a regular file (a pipe, socket or device); give the path of a"
            " database file"
        )
    return True


def check_is_sqlite(file: Path) -> None:
    """Refuse a file that is not a SQLite database, before anything is written to it.

    The header is read through SQLite, never with open(): closing any other descriptor of the
    file drops every POSIX lock this process holds on it, so with a connection already open
    here (the app and its writer thread), the next program to close the database would take
    it for the last user and delete the write-ahead log from under us: later commits would be
    invisible to other programs and lost if the app were killed.
    """
    try:
        # immutable: the header is read without locks, journal or write-ahead log, so the
        # probe creates no -wal or -shm file next to a file that is then refused.
        probe = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            probe.execute("PRAGMA schema_version").fetchone()
        finally:
            probe.close()
    except sqlite3.DatabaseError as error:
        if "not a database" in str(error):
            raise StoreError(
                f"{file}: not a SQLite database; give the path of a reviewtui database"
            ) from None
        # Read without locks, a file another program is writing (a checkpoint under way) can
        # look damaged when it is not: only a read under SQLite's locks may say so.
        try:
            again = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
            try:
                again.execute("PRAGMA schema_version").fetchone()
            finally:
                again.close()
        except sqlite3.DatabaseError as locked_error:
            raise StoreError(damaged_message(file, locked_error)) from None
