"""People who attend meetings, own actions and write notes.

A person is named once, in `people`; actions and notes refer to them by key (`owner_id`,
`author_id`) and carry their name alongside for reading. `person_ref` is the one place that
turns a name as typed into that pair: every write of an owner or an author goes through it.
"""

from __future__ import annotations

import sqlite3

import pendulum

from reviewtui.domain.models import Person
from reviewtui.domain.text import person_key
from reviewtui.store.convert import instant
from reviewtui.store.db import Database


def person_ref(
    conn: sqlite3.Connection, name: str | None, now: pendulum.DateTime, role: str | None = None
) -> tuple[int | None, str | None]:
    """(person id, the person's name) for `name` as typed, inside the caller's write
    transaction: the person of that exact name, else the one whose name matches without
    regard to case, accents and spacing, else a new person. (None, None) for no name."""
    if name is None or not person_key(name):
        return None, None
    row = conn.execute("SELECT id, name FROM people WHERE name = ?", (name,)).fetchone()
    if row is not None:
        return int(row[0]), str(row[1])
    key = person_key(name)
    for person_id, known in conn.execute("SELECT id, name FROM people ORDER BY id"):
        if person_key(known) == key:
            return int(person_id), str(known)
    cursor = conn.execute(
        "INSERT INTO people (name, role, created_at) VALUES (?, ?, ?)", (name, role, instant(now))
    )
    return int(cursor.lastrowid or 0), name


def _person(row: dict) -> Person:
    return Person(id=row["id"], name=row["name"], role=row["role"], team=row["team"])


def list_people(db: Database) -> list[Person]:
    return [_person(r) for r in db.query("SELECT * FROM people ORDER BY name COLLATE NOCASE")]


def get_or_create_person(
    db: Database, name: str, now: pendulum.DateTime, role: str | None = None
) -> Person:
    """The person of that name (case, accents and spacing aside), made if new."""
    with db.write() as conn:
        person_id, _ = person_ref(conn, name, now, role)
    found = db.query_one("SELECT * FROM people WHERE id = ?", (person_id,))
    assert found is not None
    return _person(found)


def upsert_person(
    db: Database,
    name: str,
    now: pendulum.DateTime,
    role: str | None = None,
    team: str | None = None,
    email: str | None = None,
) -> None:
    """Add or update a person by name; `now` is when they are on file from (loading them
    again keeps the earlier of the two)."""
    db.execute(
        "INSERT INTO people (name, role, team, email, created_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (name) DO UPDATE SET role = excluded.role, team = excluded.team,"
        " email = excluded.email, created_at = min(created_at, excluded.created_at)",
        (name, role, team, email, instant(now)),
    )
