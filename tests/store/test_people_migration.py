"""A database written at schema version 4 opens with owners and authors referring to people,
notes labelled and the current agenda item declared a foreign key, with nothing lost."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pendulum
import pytest
from store_reads import schema_version

from reviewtui.store import actions as action_store
from reviewtui.store import notes as note_store
from reviewtui.store import open_database
from reviewtui.store import people as people_store
from reviewtui.store import search as search_store
from reviewtui.store.schema import MIGRATIONS

RELEASE_DB = Path(__file__).parent / "data" / "release_v4.db"
NOW = pendulum.datetime(2026, 11, 26, 14, 0, 0, tz="UTC")
# Columns the migration adds or rewrites: every other value stays as it was.
CHANGED = {"actions": {"owner", "owner_id"}, "notes": {"author", "author_id", "title"}}


def _rows(conn: sqlite3.Connection) -> dict[str, list[dict]]:
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'"
            " AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations' ORDER BY name"
        )
    ]
    found = {}
    for table in tables:
        try:
            cursor = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
        except sqlite3.OperationalError:  # WITHOUT ROWID (a later migration's derived table)
            cursor = conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")
        columns = [c[0] for c in cursor.description]
        keep = [c for c in columns if c not in CHANGED.get(table, set())]
        found[table] = [
            {c: v for c, v in zip(columns, row, strict=True) if c in keep} for row in cursor
        ]
    return found


@pytest.fixture
def release_copy(tmp_path: Path) -> Path:
    path = tmp_path / "reviews.db"
    shutil.copyfile(RELEASE_DB, path)
    return path


def test_the_fixture_is_a_version_4_database() -> None:
    conn = sqlite3.connect(f"file:{RELEASE_DB}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT max(version) FROM schema_migrations").fetchone() == (4,)
    finally:
        conn.close()


def test_every_row_is_kept_and_every_name_gets_a_person(release_copy: Path) -> None:
    before_conn = sqlite3.connect(release_copy)
    before = _rows(before_conn)
    owners_before = dict(before_conn.execute("SELECT id, owner FROM actions"))
    authors_before = dict(before_conn.execute("SELECT id, author FROM notes"))
    people_before = before_conn.execute("SELECT id, name FROM people ORDER BY id").fetchall()
    before_conn.close()

    db = open_database(release_copy)
    try:
        assert schema_version(db) == MIGRATIONS[-1][0]
        applied = [r["version"] for r in db.query("SELECT version FROM schema_migrations")]
        assert {5, 6} <= set(applied)
        after = _rows(db.conn)
        people_rows = {k: v for k, v in before.items() if k != "people"}
        # Later migrations may add columns; every value that was there is still there.
        kept = {
            table: [
                {c: row[c] for c in (before[table][0] if before[table] else {})} for row in rows
            ]
            for table, rows in after.items()
            if table in people_rows
        }
        assert kept == people_rows
        # The people there before are untouched; the new ones are the names nobody had.
        people = db.query("SELECT id, name FROM people ORDER BY id")
        assert [(p["id"], p["name"]) for p in people][: len(people_before)] == people_before
        assert [p["name"] for p in people[len(people_before) :]] == ["Sam Okafor", "Zoë Quinn"]
        by_id = {p["id"]: p["name"] for p in people}

        owners = {r["id"]: r for r in db.query("SELECT id, owner, owner_id FROM actions")}
        for action_id, written in owners_before.items():
            row = owners[action_id]
            if written is None:
                assert row["owner_id"] is None and row["owner"] is None
            else:  # the same person, named as the person is named
                assert row["owner"] == by_id[row["owner_id"]]
        assert {owners_before[i]: owners[i]["owner"] for i in owners} == {
            "Ana Lima": "Ana Lima",
            "jose ortiz": "José Ortiz",
            "Sam Okafor": "Sam Okafor",
            None: None,
        }
        authors = {r["id"]: r for r in db.query("SELECT id, author, author_id FROM notes")}
        assert {authors_before[i]: authors[i]["author"] for i in authors} == {
            None: None,
            "priya raman": "Priya Raman",
            "Zoë Quinn": "Zoë Quinn",
        }
        for row in authors.values():
            assert (row["author_id"] is None) == (row["author"] is None)

        assert db.query("PRAGMA foreign_key_check") == []
        assert db.query_one("PRAGMA integrity_check") == {"integrity_check": "ok"}
        # The index still finds what was said, and not what was deleted.
        hits = search_store.search(db, "budget")
        assert not isinstance(hits, search_store.SearchError) and len(hits) == 1
        assert search_store.search(db, "deleted") == []
    finally:
        db.close()
    again = open_database(release_copy)  # nothing left to do: opened without a migration
    try:
        assert [r["version"] for r in again.query("SELECT version FROM schema_migrations")][
            -1
        ] == MIGRATIONS[-1][0]
    finally:
        again.close()


def test_foreign_keys_and_labels_are_declared(release_copy: Path) -> None:
    db = open_database(release_copy)
    try:
        keys = {
            (table, fk["from"]): (fk["table"], fk["to"])
            for table in ("meetings", "actions", "notes")
            for fk in db.query(f"PRAGMA foreign_key_list({table})")
        }
        assert keys[("meetings", "current_item_id")] == ("agenda_items", "id")
        assert keys[("actions", "owner_id")] == ("people", "id")
        assert keys[("actions", "note_id")] == ("notes", "id")
        assert keys[("notes", "author_id")] == ("people", "id")
        titles = [r["title"] for r in db.query("SELECT title FROM notes ORDER BY id")]
        assert titles[0] == "Decision: budget approved for [bold]Q2[/bold]"
        assert titles[3] == "Action: send the renewal quote"
        # The key holds: a meeting cannot point at an agenda item that does not exist.
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("UPDATE meetings SET current_item_id = 9999 WHERE id = 1")
        # Every connection sees the new definition, not only the one that migrated.
        other = sqlite3.connect(release_copy)
        try:
            other.execute("PRAGMA foreign_keys = ON")
            with pytest.raises(sqlite3.IntegrityError):
                other.execute("UPDATE meetings SET current_item_id = 9999 WHERE id = 1")
        finally:
            other.close()
    finally:
        db.close()


def test_new_writes_name_people_once(release_copy: Path) -> None:
    db = open_database(release_copy)
    try:
        count = len(people_store.list_people(db))
        action_id = action_store.add_action(
            db, meeting_id=2, title="call the CFO", owner="JOSE  ORTIZ", due=None, at=NOW
        )
        action = action_store.get_action(db, action_id)
        assert action is not None and action.owner == "José Ortiz"
        action_store.update_action(
            db, action_id, expected_version=action.version, at=NOW, owner="new person"
        )
        note_id = note_store.add_note(
            db,
            meeting_id=2,
            agenda_item_id=None,
            account_id=None,
            kind="note",
            text="said by someone known",
            at=NOW,
            author="zoe quinn",
        )
        assert len(people_store.list_people(db)) == count + 1  # only "new person" is new
        row = db.query_one("SELECT author, author_id FROM notes WHERE id = ?", (note_id,))
        assert row is not None and row["author"] == "Zoë Quinn"
        # A person renamed elsewhere (Datasette, sqlite-utils) is renamed where they are named.
        db.execute("UPDATE people SET name = 'José M. Ortiz' WHERE name = 'José Ortiz'")
        owners = {r["owner"] for r in db.query("SELECT owner FROM actions WHERE owner_id = 2")}
        assert owners == {"José M. Ortiz"}
        mismatched = db.query(
            "SELECT x.id FROM actions x JOIN people p ON p.id = x.owner_id"
            " WHERE x.owner IS NOT p.name UNION ALL"
            " SELECT n.id FROM notes n JOIN people p ON p.id = n.author_id"
            " WHERE n.author IS NOT p.name"
        )
        assert mismatched == []
    finally:
        db.close()


def test_a_new_database_has_the_same_shape(tmp_path: Path) -> None:
    fresh = open_database(tmp_path / "new.db")
    migrated_path = tmp_path / "old.db"
    shutil.copyfile(RELEASE_DB, migrated_path)
    migrated = open_database(migrated_path)
    try:
        for table in ("meetings", "actions", "notes", "people"):
            assert fresh.query(f"PRAGMA table_xinfo({table})") == migrated.query(
                f"PRAGMA table_xinfo({table})"
            )
            assert fresh.query(f"PRAGMA foreign_key_list({table})") == migrated.query(
                f"PRAGMA foreign_key_list({table})"
            )
    finally:
        fresh.close()
        migrated.close()


def test_other_programs_writing_names_or_ids_keep_them_one(release_copy: Path) -> None:
    """sqlite-utils, Datasette or a script writing only a name, or only a person id: the
    database keeps name and person together (ASCII case ignored; accents are the app's)."""
    db = open_database(release_copy)
    db.close()
    conn = sqlite3.connect(release_copy, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    try:

        def row(action_id: int) -> tuple:
            return conn.execute(
                "SELECT x.owner, x.owner_id, p.name FROM actions x"
                " LEFT JOIN people p ON p.id = x.owner_id WHERE x.id = ?",
                (action_id,),
            ).fetchone()

        def person(name: str) -> int:
            return conn.execute("SELECT id FROM people WHERE name = ?", (name,)).fetchone()[0]

        added = conn.execute(
            "INSERT INTO actions (meeting_id, title, owner, created_at)"
            " VALUES (2, 'written by a script', 'ANA LIMA', '2026-11-26T14:00:00Z')"
        ).lastrowid
        assert row(added) == ("Ana Lima", person("Ana Lima"), "Ana Lima")
        conn.execute("UPDATE actions SET owner = 'Dee Newcomer' WHERE id = ?", (added,))
        assert row(added) == ("Dee Newcomer", person("Dee Newcomer"), "Dee Newcomer")
        conn.execute("UPDATE actions SET owner_id = ? WHERE id = ?", (person("Priya Raman"), added))
        assert row(added) == ("Priya Raman", person("Priya Raman"), "Priya Raman")
        conn.execute("UPDATE actions SET owner = NULL WHERE id = ?", (added,))
        assert row(added) == (None, None, None)
        note = conn.execute(
            "INSERT INTO notes (meeting_id, kind, text, author, created_at)"
            " VALUES (2, 'note', 'imported', 'zoë quinn', '2026-11-26T14:00:00Z')"
        ).lastrowid
        assert conn.execute(
            "SELECT n.author, p.name FROM notes n JOIN people p ON p.id = n.author_id"
            " WHERE n.id = ?",
            (note,),
        ).fetchone() == ("Zoë Quinn", "Zoë Quinn")
        # The title words are still found: the extra writes re-index, never lose, the text.
        hits = conn.execute(
            "SELECT rowid FROM actions_fts WHERE actions_fts MATCH 'script'"
        ).fetchall()
        assert hits == [(added,)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
