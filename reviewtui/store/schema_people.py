"""Schema versions 5 and 6: people referred to by key, and a file Datasette shows with labels.

Version 5: `actions.owner_id` and `notes.author_id` refer to `people (id)`. The names stay in
`actions.owner` and `notes.author`, where every query reads them, but they are no longer a
second truth: the person is the one source of a name, and `owner` / `author` always hold the
name of the person referred to. The store writes both from one resolver
(`store.people.person_ref`, which also matches names without regard to accents); triggers keep
them so for any other writer too (a name written alone gets its person, matched ignoring
case, or a new one; a person id written alone brings its name; a person renamed is renamed
wherever they are named). Every name already written keeps a person: an existing one when the
name matches without regard to case, accents and spacing ("jose ortiz" is José Ortiz), else a
new one; the name then reads as that person's.

Version 6: notes get a `title` (their kind and first words, computed by SQLite, never
stored), which Datasette uses as a note's label wherever a note is referred to
(`actions.note_id`); `meetings.current_item_id` is declared a foreign key of `agenda_items`.

Each step is a function of the connection, run inside the caller's write transaction.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter

import pendulum

from reviewtui.domain.text import person_key

_V5_COLUMNS = (
    "ALTER TABLE actions ADD COLUMN owner_id INTEGER REFERENCES people (id)",
    "ALTER TABLE notes ADD COLUMN author_id INTEGER REFERENCES people (id)",
    "CREATE INDEX idx_actions_owner_id ON actions (owner_id)",
    "CREATE INDEX idx_notes_author_id ON notes (author_id)",
    # A person renamed (in Datasette, with sqlite-utils) is renamed wherever they are named.
    "CREATE TRIGGER people_renamed AFTER UPDATE OF name ON people BEGIN\n"
    "  UPDATE actions SET owner = new.name WHERE owner_id = new.id AND owner IS NOT new.name;\n"
    "  UPDATE notes SET author = new.name WHERE author_id = new.id AND author IS NOT new.name;\n"
    "END",
)


def _name_triggers(table: str, column: str) -> list[str]:
    """Triggers keeping `table.column` the name of the person `table.column_id` refers to,
    whoever writes the row. The store writes both, so for its writes they do nothing. (Named
    `person_...`: `<table>_...` is where sqlite-utils names its search triggers.)"""
    ref = f"{column}_id"
    differs = f"new.{column} IS NOT (SELECT name FROM people WHERE id = new.{ref})"
    # A name written alone: its person (an exact match first, else one ignoring case), made
    # when there is none; the person's id then brings the name as the person spells it.
    by_name = (
        "  INSERT INTO people (name, created_at)"
        f" SELECT new.{column}, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
        f" WHERE trim(coalesce(new.{column}, '')) <> ''"
        f" AND NOT EXISTS (SELECT 1 FROM people WHERE name = new.{column} COLLATE NOCASE);\n"
        f"  UPDATE {table} SET {ref} = (SELECT id FROM people"
        f" WHERE name = new.{column} COLLATE NOCASE"
        f" ORDER BY name = new.{column} DESC, id LIMIT 1) WHERE id = new.id;\n"
    )
    return [
        f"CREATE TRIGGER person_{table}_{column}_ai AFTER INSERT ON {table} WHEN {differs} BEGIN\n"
        f"{by_name}END",
        f"CREATE TRIGGER person_{table}_{column}_au AFTER UPDATE OF {column} ON {table}"
        f" WHEN {differs} BEGIN\n{by_name}END",
        f"CREATE TRIGGER person_{table}_{ref}_au AFTER UPDATE OF {ref} ON {table} WHEN {differs}"
        f" BEGIN\n  UPDATE {table} SET {column} = (SELECT name FROM people"
        f" WHERE id = new.{ref}) WHERE id = new.id;\nEND",
    ]


def people_by_key(conn: sqlite3.Connection) -> None:
    """Version 5: add the references, and give every name already written its person."""
    for statement in _V5_COLUMNS:
        conn.execute(statement)
    people: dict[str, tuple[int, str]] = {}
    for person_id, name in conn.execute("SELECT id, name FROM people ORDER BY id"):
        people.setdefault(person_key(name), (person_id, name))
    # Every spelling written, how often: a name nobody has yet becomes a person under the
    # spelling used most (the first written, on a tie).
    spellings: dict[str, Counter[str]] = {}
    first_seen: dict[str, str] = {}
    for table, column in (("actions", "owner"), ("notes", "author")):
        rows = conn.execute(
            f"SELECT {column}, count(*), min(created_at) FROM {table}"
            f" WHERE {column} IS NOT NULL GROUP BY {column}"
        )
        for name, count, first in rows:
            key = person_key(name)
            if not key:
                continue
            spellings.setdefault(key, Counter())[name] += count
            first_seen[name] = min(first_seen.get(name, first), first)
    now = pendulum.now("UTC").to_iso8601_string()
    for key, counts in spellings.items():
        if key in people:
            continue
        chosen = min(counts, key=lambda n: (-counts[n], first_seen[n]))
        cursor = conn.execute("INSERT INTO people (name, created_at) VALUES (?, ?)", (chosen, now))
        people[key] = (int(cursor.lastrowid or 0), chosen)
    for table, column in (("actions", "owner"), ("notes", "author")):
        names = [r[0] for r in conn.execute(f"SELECT DISTINCT {column} FROM {table}")]
        for written in names:
            if written is None or not person_key(written):
                continue
            person_id, name = people[person_key(written)]
            conn.execute(
                f"UPDATE {table} SET {column}_id = ?, {column} = ? WHERE {column} = ?",
                (person_id, name, written),
            )
        # From here on, whoever writes a name or a person id, the two stay one.
        for statement in _name_triggers(table, column):
            conn.execute(statement)


NOTE_TITLE = (
    "upper(substr(kind, 1, 1)) || substr(kind, 2) || ': ' ||"
    " CASE WHEN length(text) > 60 THEN rtrim(substr(text, 1, 59)) || '…' ELSE text END"
)
_CURRENT_ITEM = re.compile(r"""(["`\[]?current_item_id["`\]]?\s+INTEGER)(\s*[,)])""", re.I)


def labels_and_keys(conn: sqlite3.Connection) -> None:
    """Version 6: a label for notes, and the foreign key of `meetings.current_item_id`."""
    conn.execute(f"ALTER TABLE notes ADD COLUMN title TEXT GENERATED ALWAYS AS ({NOTE_TITLE})")
    # A current item that is not an item of the meeting's agenda points nowhere: forgotten.
    conn.execute(
        "UPDATE meetings SET current_item_id = NULL WHERE current_item_id IS NOT NULL"
        " AND current_item_id NOT IN (SELECT id FROM agenda_items)"
    )
    (sql,) = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'meetings'"
    ).fetchone()
    if "agenda_items" in sql:
        return  # declared already (a table made by a later way of creating it)
    new_sql, found = _CURRENT_ITEM.subn(r"\1 REFERENCES agenda_items (id)\2", sql, count=1)
    if found != 1:
        raise sqlite3.DatabaseError("meetings.current_item_id: column not found to declare")
    # SQLite cannot add a constraint to a column in place, and rebuilding `meetings` inside a
    # transaction with foreign keys on would cascade its deletion into every note and action.
    # A foreign key changes nothing stored, so the table's definition is edited, the way
    # SQLite documents for such changes: the schema version is raised so that every
    # connection reads the new definition.
    (version,) = conn.execute("PRAGMA schema_version").fetchone()
    conn.execute("PRAGMA writable_schema = ON")
    try:
        conn.execute(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'meetings'",
            (new_sql,),
        )
        conn.execute(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")
    if conn.execute("PRAGMA quick_check(meetings)").fetchone() != ("ok",):
        raise sqlite3.DatabaseError("meetings: damaged after declaring current_item_id")
