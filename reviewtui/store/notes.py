"""Notes, decisions, risks, insights and blockers as they are said."""

from __future__ import annotations

import pendulum

from reviewtui.domain.models import Note
from reviewtui.store.convert import instant, parse_instant
from reviewtui.store.db import Database
from reviewtui.store.people import person_ref

_SELECT = (
    "SELECT n.*, a.name AS account_name FROM notes n LEFT JOIN accounts a ON a.id = n.account_id"
)


def _note(row: dict) -> Note:
    created = parse_instant(row["created_at"])
    assert created is not None
    return Note(
        id=row["id"],
        meeting_id=row["meeting_id"],
        agenda_item_id=row["agenda_item_id"],
        account_id=row["account_id"],
        kind=row["kind"],
        text=row["text"],
        author=row["author"],
        category=row["category"],
        created_at=created,
        deleted=row["deleted_at"] is not None,
        account_name=row["account_name"],
    )


def add_note(
    db: Database,
    *,
    meeting_id: int,
    agenda_item_id: int | None,
    account_id: int | None,
    kind: str,
    text: str,
    at: pendulum.DateTime,
    author: str | None = None,
    category: str | None = None,
) -> int:
    with db.write() as conn:
        author_id, author = person_ref(conn, author, at)
        return db.insert(
            "notes",
            {
                "meeting_id": meeting_id,
                "agenda_item_id": agenda_item_id,
                "account_id": account_id,
                "kind": kind,
                "text": text,
                "author": author,
                "author_id": author_id,
                "category": category,
                "created_at": instant(at),
            },
        )


def get_note(db: Database, note_id: int) -> Note | None:
    row = db.query_one(f"{_SELECT} WHERE n.id = ?", (note_id,))
    return _note(row) if row else None


def notes_for_meeting(
    db: Database,
    meeting_id: int,
    agenda_item_id: int | None = None,
    include_deleted: bool = False,
) -> list[Note]:
    sql = f"{_SELECT} WHERE n.meeting_id = ?"
    params: list[object] = [meeting_id]
    if agenda_item_id is not None:
        sql += " AND n.agenda_item_id = ?"
        params.append(agenda_item_id)
    if not include_deleted:
        sql += " AND n.deleted_at IS NULL"
    sql += " ORDER BY n.created_at, n.id"
    return [_note(r) for r in db.query(sql, tuple(params))]


def notes_for_account(db: Database, account_id: int, limit: int = 5) -> list[Note]:
    rows = db.query(
        f"{_SELECT} WHERE n.account_id = ? AND n.deleted_at IS NULL"
        " ORDER BY n.created_at DESC, n.id DESC LIMIT ?",
        (account_id, limit),
    )
    return [_note(r) for r in rows]


def update_note(
    db: Database, note_id: int, text: str, at: pendulum.DateTime, category: str | None = None
) -> None:
    db.execute(
        "UPDATE notes SET text = ?, category = coalesce(?, category), updated_at = ?"
        " WHERE id = ? AND deleted_at IS NULL",
        (text, category, instant(at), note_id),
    )


def delete_note(db: Database, note_id: int, at: pendulum.DateTime) -> None:
    """Deleted notes are kept, marked deleted, so the record of what was said survives."""
    db.execute(
        "UPDATE notes SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
        (instant(at), note_id),
    )


def restore_note(
    db: Database, note_id: int, text: str, category: str | None, at: pendulum.DateTime
) -> None:
    """Put a note back as it was (an undo of an edit or a delete)."""
    db.execute(
        "UPDATE notes SET text = ?, category = ?, deleted_at = NULL, updated_at = ? WHERE id = ?",
        (text, category, instant(at), note_id),
    )
