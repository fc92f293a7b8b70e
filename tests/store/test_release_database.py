"""A database written by the release before the store moved to sqlite-utils opens with nothing
lost, and a new database gets the same schema.

`release_db/release_v4.db` was written by that release (schema version 4) through its
services: see release_db/make_release_db.py for what is in it.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pendulum
import pytest
import sqlite_utils
from store_reads import schema_version

from reviewtui.store import actions as action_store
from reviewtui.store import meetings as meeting_store
from reviewtui.store import notes as note_store
from reviewtui.store import open_database
from reviewtui.store.schema import MIGRATIONS
from reviewtui.store.search import SearchError, search

RELEASE = Path(__file__).parent / "release_db" / "release_v4.db"
RESPELLED_BY_PEOPLE = {("actions", "owner"), ("notes", "author")}
LATER = pendulum.datetime(2026, 12, 3, 9, 0, 0, tz="UTC")


@pytest.fixture
def release(tmp_path: Path) -> Path:
    copy = tmp_path / "reviews.db"
    shutil.copyfile(RELEASE, copy)
    copy.chmod(0o600)
    return copy


def every_row(path: Path) -> dict[str, list[tuple]]:
    """Every row of every ordinary table (the search indexes' own tables included)."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        # In the order they are stored (the search index's own tables have no rowid).
        return {t: conn.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}
    finally:
        conn.close()


def _words(sql: str | None) -> str:
    """SQL compared as words: quoting of names, spacing and line breaks left out."""
    text = re.sub(r'["`\[\]]', "", sql or "")
    text = re.sub(r"\s*([(),;])\s*", r"\1", text)
    return re.sub(r"\s+", " ", text).strip().rstrip(";")


def schema_of(path: Path) -> dict[str, object]:
    """Tables (columns with types, NOT NULL, defaults, keys; foreign keys with their actions;
    CHECK constraints; indexes with their columns, uniqueness and origin), triggers and the
    full-text search tables, as SQLite itself reports them."""
    conn = sqlite3.connect(path)
    utils = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
    try:
        schema: dict[str, object] = {}
        master = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchall()
        for kind, name, table, sql in master:
            if kind == "table" and sql.startswith("CREATE VIRTUAL"):
                schema[f"virtual {name}"] = _words(sql)
            elif kind == "table":
                indexes = []
                for _, index, unique, origin, partial in conn.execute(
                    f'PRAGMA index_list("{name}")'
                ):
                    columns = [
                        r[2] for r in conn.execute(f'PRAGMA index_info("{index}")').fetchall()
                    ]
                    indexes.append((index, unique, origin, partial, columns))
                schema[f"table {name}"] = {
                    "columns": conn.execute(f'PRAGMA table_xinfo("{name}")').fetchall(),
                    "foreign keys": sorted(
                        r[2:] for r in conn.execute(f'PRAGMA foreign_key_list("{name}")')
                    ),
                    "checks": sorted(
                        (c.column, _words(c.check))
                        for c in utils[name].checks  # type: ignore[union-attr]
                    ),
                    "indexes": sorted(indexes),
                }
            elif kind == "index":
                schema[f"index {name}"] = (table, _words(sql))
            elif kind == "trigger":
                schema[f"trigger {name}"] = (table, _words(sql))
        return schema
    finally:
        conn.close()


def test_the_release_file_is_what_it_says() -> None:
    rows = every_row(RELEASE)
    assert [r[0] for r in rows["schema_migrations"]] == [1, 2, 3, 4]
    assert len(rows["accounts"]) == 66 and len(rows["metric_snapshots"]) == 742
    assert len(rows["notes"]) == 69 and len(rows["actions"]) == 28
    assert {r[5] for r in rows["meetings"]} == {"live", "closed"}
    assert rows["drafts"] and rows["account_reviews"] and rows["clock_spans"]


def test_a_release_file_opens_with_every_row_kept(release: Path) -> None:
    before = every_row(release)
    db = open_database(release)
    try:
        assert schema_version(db) == MIGRATIONS[-1][0]
    finally:
        db.close()
    after = every_row(release)
    assert set(after) >= set(before)
    conn = sqlite3.connect(RELEASE)
    columns = {t: [c[1] for c in conn.execute(f'PRAGMA table_info("{t}")')] for t in before}
    conn.close()
    for table, rows in before.items():
        if "_fts_" in table:
            continue  # the index's own pages change with any update; searched in the next test
        if table in ("schema_migrations", "people"):
            assert after[table][: len(rows)] == rows, table  # later ones are added after
            continue
        # Owners and authors are spelled as the person they now refer to (version 5): that
        # migration's own test checks them name by name.
        keep = [i for i, c in enumerate(columns[table]) if (table, c) not in RESPELLED_BY_PEOPLE]
        assert [[row[i] for i in keep] for row in after[table]] == [
            [row[i] for i in keep] for row in rows
        ], table


def test_a_release_file_reads_and_writes_through_the_new_store(release: Path) -> None:
    db = open_database(release)
    try:
        closed = db.query_one("SELECT id, minutes_text FROM meetings WHERE status = 'closed'"
                              " AND minutes_text IS NOT NULL")  # fmt: skip
        assert closed is not None and "# Book-of-business review" in closed["minutes_text"]
        notes = note_store.notes_for_meeting(db, closed["id"], include_deleted=True)
        texts = [n.text for n in notes]
        assert "plain note about pacing, edited after the call" in texts
        assert any(n.deleted for n in notes)
        assert any("[@click=app.quit]" in t for t in texts)
        assert any("🚀 全角" in t for t in texts)
        actions = action_store.actions_for_meeting(db, closed["id"])
        assert {a.status for a in actions} == {"open"}
        assert any(a.carried_from for a in actions)
        live = meeting_store.list_meetings(db, status="live")
        assert len(live) == 1
        draft = meeting_store.get_draft(db, live[0].id)
        assert draft is not None and draft.text == "half a thought about the ren"
        # A note written now lands in the same tables and the search index follows it.
        item = meeting_store.agenda(db, live[0].id)[0]
        new_id = note_store.add_note(
            db,
            meeting_id=live[0].id,
            agenda_item_id=item.id,
            account_id=None,
            kind="note",
            text="quarterly budget zebra",
            at=LATER,
        )
        assert new_id == max(n["id"] for n in db.query("SELECT id FROM notes"))
        found = db.column("SELECT rowid FROM notes_fts WHERE notes_fts MATCH 'zebra'")
        assert found == [new_id]
        for table in ("notes_fts", "actions_fts"):  # the index agrees with its table
            db.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
    finally:
        db.close()


def test_a_new_database_has_the_schema_of_a_migrated_release_file(
    release: Path, tmp_path: Path
) -> None:
    open_database(release).close()
    fresh = tmp_path / "fresh.db"
    open_database(fresh).close()
    old, new = schema_of(release), schema_of(fresh)
    assert sorted(old) == sorted(new)
    for key in old:
        assert old[key] == new[key], key
    # The comparison sees what matters: a CHECK, a default, an index and a trigger each.
    assert ("status", "status IN('live','closed')") in new["table meetings"]["checks"]  # type: ignore[index]
    assert "trigger notes_au" in new and "virtual actions_fts" in new
    assert "index idx_accounts_status_arr" in new


def test_search_finds_what_the_release_wrote(release: Path) -> None:
    db = open_database(release)
    try:
        found = search(db, "CFO cost-focused")
        deleted = search(db, "champion may leave")
    finally:
        db.close()
    assert not isinstance(found, SearchError) and not isinstance(deleted, SearchError)
    assert [hit.kind for hit in found] == ["insight"]
    assert "\x01CFO\x02" in found[0].snippet  # the match marked
    assert deleted == []  # deleted in that meeting: not found
