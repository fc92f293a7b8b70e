"""What keeps a live meeting to one window, and changes replayed after a fault applied once."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

import pendulum

from reviewtui.store.convert import instant, parse_instant
from reviewtui.store.db import Database

LEASE_SECONDS = 10  # a window that has not renewed its lease for this long has gone


@dataclass(frozen=True)
class Lease:
    owner: str
    until: pendulum.DateTime


def status_and_lease(db: Database, meeting_id: int) -> tuple[str | None, Lease | None]:
    """A meeting's status (None: no such meeting) and its lease, in one read: checked before
    every change to a live meeting."""
    row = db.query_one(
        "SELECT status, lease_owner, lease_until FROM meetings WHERE id = ?", (meeting_id,)
    )
    if row is None:
        return None, None
    if not row["lease_owner"]:
        return row["status"], None
    try:
        until = parse_instant(row["lease_until"])
    except ValueError:  # not a time (another program wrote it): no lease anyone can hold
        return row["status"], None
    found = Lease(str(row["lease_owner"]), until) if until is not None else None
    return row["status"], found


def held_elsewhere(db: Database, meeting_id: int, owner: str, now: pendulum.DateTime) -> bool:
    """True when another live window holds this meeting's lease."""
    return holds_elsewhere(status_and_lease(db, meeting_id)[1], owner, now)


def holds_elsewhere(found: Lease | None, owner: str, now: pendulum.DateTime) -> bool:
    """True when `found` is another live window's lease.

    A lease is let go when its window quits, runs out when the window stops renewing it,
    and is void at once when its window was a process on this machine that is gone
    (killed, crashed): resuming after a crash never asks about a window that is not there.
    """
    if found is None or found.owner == owner or found.until <= now:
        return False
    return not _gone(found.owner)


def owner_id(token: str) -> str:
    """A lease owner: this machine, this process, and a token for the window."""
    return f"{socket.gethostname()}:{os.getpid()}:{token}"


def _gone(owner: str) -> bool:
    """True when `owner` names a process on this machine that no longer runs."""
    host, _, rest = owner.partition(":")
    pid_text, _, _ = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def claim(db: Database, meeting_id: int, owner: str, now: pendulum.DateTime) -> None:
    """Take (or renew) the lease, whoever held it."""
    until = now.add(seconds=LEASE_SECONDS)
    db.execute(
        "UPDATE meetings SET lease_owner = ?, lease_until = ? WHERE id = ?",
        (owner, instant(until), meeting_id),
    )


def release(db: Database, meeting_id: int, owner: str) -> None:
    db.execute(
        "UPDATE meetings SET lease_owner = NULL, lease_until = NULL"
        " WHERE id = ? AND lease_owner = ?",
        (meeting_id, owner),
    )


def was_applied(db: Database, change_id: str) -> bool:
    return db.query_one("SELECT 1 AS x FROM applied_changes WHERE id = ?", (change_id,)) is not None


def record_applied(db: Database, change_id: str, op: str, at: pendulum.DateTime) -> None:
    db.execute(
        "INSERT OR IGNORE INTO applied_changes (id, op, applied_at) VALUES (?, ?, ?)",
        (change_id, op, instant(at)),
    )


def set_minutes_text(db: Database, meeting_id: int, text: str) -> None:
    db.execute("UPDATE meetings SET minutes_text = ? WHERE id = ?", (text, meeting_id))


def minutes_text(db: Database, meeting_id: int) -> str | None:
    row = db.query_one("SELECT minutes_text FROM meetings WHERE id = ?", (meeting_id,))
    return row["minutes_text"] if row else None


def minutes_pending(db: Database) -> list[int]:
    """Closed meetings whose minutes are frozen in the database but not yet in a file."""
    return db.column(
        "SELECT id FROM meetings WHERE status = 'closed' AND minutes_text IS NOT NULL"
        " AND minutes_path IS NULL ORDER BY id"
    )
