"""The statuses and kinds the code compares against are the ones the schema allows, no more, no
less."""

from __future__ import annotations

import re
import sqlite3

import pytest

from reviewtui.domain.entries import NoteKind
from reviewtui.domain.models import LISTED_ACTION_STATUSES, ActionStatus, MeetingStatus
from reviewtui.services.workspace import Workspace


def _allowed(ws: Workspace, table: str, column: str = "status") -> set[str]:
    """The values the table's CHECK constraint allows in `column`, read from its schema."""
    row = ws.db.query_one(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    )
    assert row is not None
    sql = row["sql"]
    found = re.search(rf"\b{column}\s+IN\s*\(([^)]*)\)", sql, re.IGNORECASE)
    assert found is not None, sql
    return set(re.findall(r"'([^']*)'", found.group(1)))


def test_action_statuses_are_the_schemas(ws: Workspace) -> None:
    assert _allowed(ws, "actions") == {s.value for s in ActionStatus}
    assert ActionStatus.CARRIED in set(ActionStatus) - set(LISTED_ACTION_STATUSES)


def test_meeting_statuses_are_the_schemas(ws: Workspace) -> None:
    assert _allowed(ws, "meetings") == {s.value for s in MeetingStatus}


def test_note_kinds_are_the_schemas(ws: Workspace) -> None:
    """Notes, and the kind picked for a draft (NULL there: a draft kept before it had one)."""
    assert _allowed(ws, "notes", "kind") == {k.value for k in NoteKind}
    assert _allowed(ws, "drafts", "kind") == {k.value for k in NoteKind}


def test_the_schema_refuses_any_other_status(ws: Workspace) -> None:
    """The constraint read above is the one in force."""
    insert = (
        "INSERT INTO meetings (template, title, status, started_at, min_actions, max_actions)"
        " VALUES ('t', 't', ?, '2026-11-26T14:00:00Z', 0, 0)"
    )
    with ws.db.write() as conn:
        for status in MeetingStatus:
            conn.execute(insert, [status.value])
    with pytest.raises(sqlite3.IntegrityError), ws.db.write() as conn:
        conn.execute(insert, ["abandoned"])


def test_the_schema_refuses_any_other_draft_kind(ws: Workspace) -> None:
    with ws.db.write() as conn:
        conn.execute(
            "INSERT INTO meetings (template, title, status, started_at, min_actions, max_actions)"
            " VALUES ('t', 't', 'live', '2026-11-26T14:00:00Z', 0, 0)"
        )
        meeting_id = conn.execute("SELECT max(id) FROM meetings").fetchone()[0]
    save = (
        "INSERT OR REPLACE INTO drafts (meeting_id, text, updated_at, kind)"
        " VALUES (?, 'half', '2026-11-26T14:00:00Z', ?)"
    )
    with ws.db.write() as conn:
        for kind in [None, *(k.value for k in NoteKind)]:
            conn.execute(save, [meeting_id, kind])
    with pytest.raises(sqlite3.IntegrityError), ws.db.write() as conn:
        conn.execute(save, [meeting_id, "memo"])
