"""Damaged database files for tests: `from bad_files import damaged` (tests/ is on the path)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reviewtui.domain.clock import ManualClock


def damaged(path: Path) -> None:
    """A real database with a page of each meeting table overwritten: the schema (page 1 and
    sqlite_master) is intact, so it opens, but reading those tables fails."""
    from reviewtui.importers.sample import load_sample
    from reviewtui.services.workspace import open_workspace

    ws = open_workspace(path, clock=ManualClock("2026-11-26T14:00:00Z"), config=path.parent / "c")
    try:
        load_sample(ws)
    finally:
        ws.close()
    conn = sqlite3.connect(path)
    try:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = [
            row[0]
            for row in conn.execute(
                "SELECT min(pageno) FROM dbstat WHERE pagetype = 'leaf'"
                " AND name IN ('meetings', 'series', 'actions', 'notes', 'accounts')"
                " GROUP BY name"
            )
        ]
    finally:
        conn.close()
    assert pages and 1 not in pages
    (path.parent / "c").rmdir() if (path.parent / "c").exists() else None
    with path.open("r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * size)
            handle.write(b"\xde\xad\xbe\xef" * (size // 4))
    check = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        assert check.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 10
        with pytest.raises(sqlite3.DatabaseError, match="malformed"):
            check.execute("SELECT * FROM meetings").fetchall()
    finally:
        check.close()
