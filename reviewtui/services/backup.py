"""Backups: a consistent copy of the database into a new file."""

from __future__ import annotations

from pathlib import Path

from reviewtui.services.workspace import Workspace
from reviewtui.store import StoreError


def backup_database(ws: Workspace, target: Path) -> None:
    """Copy the workspace's database into the new file `target` (mode 0600) with SQLite's
    online backup; other connections may write meanwhile. StoreError for an existing target,
    one that cannot be made, or an in-memory database."""
    file = ws.location.file
    if file is None:
        raise StoreError("an in-memory database cannot be backed up")
    if target.resolve() == file.resolve():
        raise StoreError(f"{target}: that is the database itself; back up into a new file")
    ws.db.backup_into(target)
