"""The recovery file: changes that could not be written before the app had to stop.

Like an editor's swap file, it sits next to the database (`reviews.db.recovery`), is appended
to and flushed to the disk change by change, and is replayed into the database at the next
start, in order, by the writer. Each replayed change records its id in the same transaction,
so a change is applied exactly once even if the replay itself is interrupted.
"""

from __future__ import annotations

import os
from pathlib import Path

from reviewtui.services.changes import Change, apply_change
from reviewtui.services.workspace import Workspace
from reviewtui.store.faults import classify


class Journal:
    """An append-only file of changes, one JSON line each, each flushed to the disk."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.written = False  # appended to since it was last cleared

    def append(self, change: Change) -> None:
        line = (change.to_json() + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
        self.written = True

    def read(self) -> tuple[list[Change], int]:
        """The changes in the file, and how many lines could not be read (a torn last line)."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return [], 0
        changes, broken = [], 0
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                changes.append(Change.from_json(line))
            except ValueError:
                broken += 1
        return changes, broken

    def to_replay(self) -> tuple[list[Change], int]:
        """The changes to replay: written for a window that is gone, so they neither check
        a lease nor take one. Also how many lines could not be read."""
        changes, broken = self.read()
        for change in changes:
            change.lease = None
            if change.op == "meeting.beat":
                change.args["owner"] = None
        return changes, broken

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
        self.written = False


def replay(ws: Workspace) -> tuple[int, str]:
    """Apply what an earlier run left in the recovery file, in order, once each, and remove
    the file; for commands that read the record without starting the app.

    Returns how many changes were applied and, when the database could not take them now
    (busy, full), why: the file then stays, for the next try. Changes refused for another
    reason (a conflict) are skipped, as the app skips them.
    """
    recovery_file = ws.location.recovery_file
    if recovery_file is None:
        return 0, ""
    journal = Journal(recovery_file)
    changes, _broken = journal.to_replay()
    applied = 0
    for change in changes:
        try:
            apply_change(ws, change, journaled=True)
        except Exception as error:
            fault = classify(error)
            if fault is not None:
                return applied, str(fault)
        else:
            applied += 1
    if changes or _broken:
        journal.clear()
    return applied, ""
