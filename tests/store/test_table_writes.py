"""Writes through sqlite-utils' Table API keep the store's promises: a full disk or a broken
constraint is an error, never a row silently left out, and bulk upserts land every row."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest

from reviewtui.store import Database, account_bulk, open_database
from reviewtui.store import meetings as meeting_store
from reviewtui.store import notes as note_store
from reviewtui.store.faults import StoreFull, classify

NOW = pendulum.datetime(2026, 11, 26, 14, 0, 0, tz="UTC")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "reviews.db")
    try:
        yield database
    finally:
        database.close()


def meeting(db: Database) -> int:
    item = meeting_store.PlannedItem(
        title="Risks", kind="discussion", planned_seconds=600, prompts=(), segments=()
    )
    return meeting_store.create_meeting(
        db, series_id=None, template="scrum", title="Weekly", scope=None, started_at=NOW,
        items=[item], min_actions=3, max_actions=5,
    )  # fmt: skip


def fill_disk(db: Database) -> None:
    pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
    db.conn.execute(f"PRAGMA max_page_count = {pages}")


@pytest.mark.parametrize("first_write", ["draft", "note"])
def test_a_full_disk_is_an_error_from_the_first_write_on(db: Database, first_write: str) -> None:
    """sqlite-utils' upsert must not fall back to INSERT OR IGNORE when the disk is full."""
    meeting_id = meeting(db)
    db.close()
    db = open_database(db.path)  # a new connection: nothing through sqlite-utils yet
    fill_disk(db)
    long_text = "a long draft " + "x" * 20_000
    with pytest.raises(sqlite3.OperationalError) as error:
        if first_write == "draft":
            meeting_store.save_draft(db, meeting_id, long_text, None, None, NOW)
        else:
            note_store.add_note(db, meeting_id=meeting_id, agenda_item_id=None, account_id=None,
                                kind="note", text=long_text, at=NOW)  # fmt: skip
    assert isinstance(classify(error.value), StoreFull)
    with pytest.raises(sqlite3.OperationalError):
        meeting_store.save_draft(db, meeting_id, long_text, None, None, NOW)
    assert not db.conn.in_transaction
    db.conn.execute("PRAGMA max_page_count = 1073741823")
    meeting_store.save_draft(db, meeting_id, long_text, None, None, NOW)
    draft = meeting_store.get_draft(db, meeting_id)
    assert draft is not None and draft.text == long_text
    db.close()


def test_an_upsert_that_breaks_a_constraint_raises(db: Database) -> None:
    meeting_id = meeting(db)
    with pytest.raises(sqlite3.IntegrityError):
        db.upsert("drafts", {"meeting_id": meeting_id, "text": None, "updated_at": "x"},
                  pk="meeting_id")  # fmt: skip
    with pytest.raises(sqlite3.IntegrityError):
        note_store.add_note(db, meeting_id=meeting_id, agenda_item_id=None, account_id=None,
                            kind="gossip", text="not a kind", at=NOW)  # fmt: skip
    assert db.query("SELECT * FROM drafts") == [] and db.query("SELECT * FROM notes") == []


def test_bulk_upserts_land_every_row_across_batches(db: Database) -> None:
    rows = [(f"account {n:04d}", f"Account {n:04d}", n * 100, float(n % 101)) for n in range(1234)]
    with db.write():
        account_bulk.insert_accounts(db, ["name", "arr_cents", "health"], rows, NOW)
        account_bulk.snapshot_accounts(db, NOW.date(), ["leads"], [(r[0], 7) for r in rows])
    stored = db.tuples("SELECT key, name, arr_cents, health, created_at FROM accounts ORDER BY key")
    assert stored == [(*r, "2026-11-26T14:00:00Z") for r in rows]
    snaps = db.tuples(
        "SELECT a.key, s.as_of, s.arr_cents, s.health, s.leads FROM metric_snapshots s"
        " JOIN accounts a ON a.id = s.account_id ORDER BY a.key"
    )
    assert snaps == [(r[0], "2026-11-26", r[2], r[3], 7) for r in rows]
    # Again the same day: the snapshots are replaced, not doubled.
    with db.write():
        account_bulk.snapshot_accounts(db, NOW.date(), ["leads"], [(r[0], 9) for r in rows])
    assert db.column("SELECT DISTINCT leads FROM metric_snapshots") == [9]
    assert db.column("SELECT count(*) FROM metric_snapshots") == [1234]
