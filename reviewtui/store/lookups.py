"""Short read-only look-ups for shell completion: meeting ids, series and people's names.

The file is opened read-only and never created, migrated or switched to another journal mode,
so pressing Tab can never change a database (nor make one where none is)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

# A completion must answer at once: a database held by a writer is simply not asked.
_WAIT_SECONDS = 0.2
_LIMIT = 500


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    if not path.is_file():
        raise FileNotFoundError(path)
    full = path.resolve()
    uri = f"file:{quote(str(full))}?mode=ro"
    if not Path(f"{full}-wal").exists():
        # Nothing waits in a write-ahead log, so the file alone is the whole database; read
        # as immutable, SQLite makes no -wal and -shm files beside it (a read-only connection
        # otherwise would, and could not remove them).
        uri += "&immutable=1"
    conn = sqlite3.connect(uri, uri=True, timeout=_WAIT_SECONDS)
    try:
        yield conn
    finally:
        conn.close()


def meeting_choices(path: Path, live_only: bool = False) -> list[tuple[int, str, str, str]]:
    """(id, status, started_at, title) of the newest meetings, newest first."""
    where = "WHERE status = 'live'" if live_only else ""
    with _read_only(path) as conn:
        rows = conn.execute(
            f"SELECT id, status, started_at, title FROM meetings {where}"
            " ORDER BY started_at DESC, id DESC LIMIT ?",
            (_LIMIT,),
        ).fetchall()
    return [(int(r[0]), str(r[1]), str(r[2] or ""), str(r[3] or "")) for r in rows]


def series_names(path: Path) -> list[tuple[str, str]]:
    """(name, template) of every meeting series, by name."""
    with _read_only(path) as conn:
        rows = conn.execute(
            "SELECT name, template FROM series ORDER BY name LIMIT ?", (_LIMIT,)
        ).fetchall()
    return [(str(r[0]), str(r[1] or "")) for r in rows]


def scope_names(path: Path, kind: str) -> list[str]:
    """The names a scope of this kind can take: account names, CSMs (account owners) or
    teams."""
    queries = {
        "account": "SELECT DISTINCT name FROM accounts ORDER BY name LIMIT ?",
        "csm": "SELECT DISTINCT owner FROM accounts WHERE owner IS NOT NULL ORDER BY owner LIMIT ?",
        "team": "SELECT DISTINCT team FROM people WHERE team IS NOT NULL ORDER BY team LIMIT ?",
    }
    with _read_only(path) as conn:
        rows = conn.execute(queries[kind], (_LIMIT,)).fetchall()
    return [str(r[0]) for r in rows if r[0]]


def people_names(path: Path) -> list[str]:
    """Everyone known by name: people, and the owners of accounts."""
    with _read_only(path) as conn:
        rows = conn.execute(
            "SELECT name FROM people UNION SELECT owner FROM accounts WHERE owner IS NOT NULL"
            " ORDER BY 1 LIMIT ?",
            (_LIMIT,),
        ).fetchall()
    return [str(r[0]) for r in rows if r[0]]
