"""Write faults as types: a database busy elsewhere, a full disk, and everything else.

The write path retries the first two in order and shows them in one line; nothing else in
the program needs to read SQLite's error strings.
"""

from __future__ import annotations

import errno
import sqlite3

from reviewtui.store.db import StoreError


class WriteFault(StoreError):
    """A write that could not be done now; `kind` says why, the message says it in words."""

    kind = "failed"
    retry = False


class StoreBusy(WriteFault):
    """Another program holds the database's write lock."""

    kind = "busy"
    retry = True


class StoreFull(WriteFault):
    """The disk (or the database's size limit) is full."""

    kind = "full"
    retry = True


def classify(error: BaseException) -> WriteFault | None:
    """The typed fault behind a low-level error, or None when it is not a storage fault."""
    if isinstance(error, WriteFault):
        return error
    if isinstance(error, sqlite3.OperationalError | sqlite3.DatabaseError):
        text = str(error).lower()
        if "locked" in text or "busy" in text:
            return StoreBusy("the database is busy: another program is writing to it")
        if "full" in text:
            return StoreFull("the disk is full: free some space")
        if isinstance(error, sqlite3.OperationalError) and "disk i/o" in text:
            return StoreFull("the disk cannot be written: " + str(error))
        return None
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return StoreFull("the disk is full: free some space")
    return None
