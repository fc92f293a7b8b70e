"""People who attend meetings and own actions."""

from __future__ import annotations

import pendulum

from reviewtui.domain.models import Person
from reviewtui.domain.names import fold
from reviewtui.store.convert import instant
from reviewtui.store.db import Database


def _person(row: dict) -> Person:
    return Person(id=row["id"], name=row["name"], role=row["role"], team=row["team"])


def list_people(db: Database) -> list[Person]:
    return [_person(r) for r in db.query("SELECT * FROM people ORDER BY name COLLATE NOCASE")]


def get_or_create_person(
    db: Database, name: str, now: pendulum.DateTime, role: str | None = None
) -> Person:
    """The person of that name (case, accents and spacing aside), made if new."""
    with db.write() as conn:
        for _id, known in conn.execute("SELECT id, name FROM people").fetchall():
            if fold(known) == fold(name):
                name = known
                break
        else:
            conn.execute(
                "INSERT INTO people (name, role, created_at) VALUES (?, ?, ?)",
                (name, role, instant(now)),
            )
    found = db.query_one("SELECT * FROM people WHERE name = ?", (name,))
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
    db.execute(
        "INSERT INTO people (name, role, team, email, created_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (name) DO UPDATE SET role = excluded.role, team = excluded.team,"
        " email = excluded.email",
        (name, role, team, email, instant(now)),
    )
