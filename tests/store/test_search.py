"""Full-text search of notes and actions: order, filters, re-indexing, hostile queries, and the
migration that adds the indexes to a file made by schema version 3."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pendulum
import pytest
import sqlite_utils
from hostile import HOSTILE_TEXTS

from reviewtui.store import accounts as account_store
from reviewtui.store import actions as action_store
from reviewtui.store import db as db_module
from reviewtui.store import meetings as meeting_store
from reviewtui.store import notes as note_store
from reviewtui.store import open_database
from reviewtui.store import schema as schema_module
from reviewtui.store.db import Database
from reviewtui.store.schema import check_version
from reviewtui.store.search import MATCH_END, MATCH_START, SearchError, SearchHit, fts_query, search

NOW = pendulum.datetime(2026, 11, 26, 14, 0, 0, tz="UTC")


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(tmp_path / "search.db")
    yield database
    database.close()


def meeting(db: Database, title: str, at: pendulum.DateTime) -> tuple[int, int]:
    meeting_id = meeting_store.create_meeting(
        db,
        series_id=None,
        template="weekly",
        title=title,
        scope=None,
        started_at=at,
        items=[meeting_store.PlannedItem("Renewals", "discussion", 600)],
        min_actions=3,
        max_actions=5,
    )
    item = meeting_store.agenda(db, meeting_id)[0]
    return meeting_id, item.id


def note(
    db: Database,
    where: tuple[int, int],
    text: str,
    at: pendulum.DateTime,
    account_id: int | None = None,
    kind: str = "note",
) -> int:
    return note_store.add_note(
        db,
        meeting_id=where[0],
        agenda_item_id=where[1],
        account_id=account_id,
        kind=kind,
        text=text,
        at=at,
    )


def hits(result: list[SearchHit] | SearchError) -> list[SearchHit]:
    assert not isinstance(result, SearchError), result
    return result


def test_hits_come_newest_first_with_where_they_were_said(db: Database) -> None:
    acme = account_store.upsert_account(db, {"name": "Acme", "owner": "Dana"}, NOW)
    old = meeting(db, "Weekly review", NOW.subtract(days=14))
    new = meeting(db, "Weekly review 2", NOW)
    first = note(db, old, "renewal renewal renewal at risk", NOW.subtract(days=14), acme)
    second = note(db, new, "the renewal slipped a quarter", NOW.add(minutes=5), acme)
    found = hits(search(db, "renewal"))
    assert [(h.source, h.id) for h in found] == [("note", second), ("note", first)]
    top = found[0]
    assert top.meeting_id == new[0]
    assert top.meeting_title == "Weekly review 2"
    assert top.meeting_started_at == "2026-11-26T14:00:00Z"
    assert top.section == "Renewals"
    assert top.account == "Acme"
    assert top.kind == "note"
    assert f"{MATCH_START}renewal{MATCH_END}" in top.snippet


def test_equally_new_hits_come_better_match_first(db: Database) -> None:
    where = meeting(db, "Weekly", NOW)
    weak = note(db, where, "budget talk and many other words about the quarter plan", NOW)
    strong = note(db, where, "budget budget budget", NOW)
    assert [h.id for h in hits(search(db, "budget"))] == [strong, weak]


def test_every_word_must_match_and_a_trailing_star_is_a_prefix(db: Database) -> None:
    where = meeting(db, "Weekly", NOW)
    both = note(db, where, "Champion left the company", NOW)
    note(db, where, "Champion is happy", NOW)
    assert [h.id for h in hits(search(db, "champion company"))] == [both]
    assert [h.id for h in hits(search(db, "compan*"))] == [both]
    assert hits(search(db, "compan")) == []


def test_actions_are_found_by_title(db: Database) -> None:
    acme = account_store.upsert_account(db, {"name": "Acme", "owner": "Dana"}, NOW)
    where = meeting(db, "Weekly", NOW)
    action_id = action_store.add_action(
        db,
        meeting_id=where[0],
        title="Send the pricing deck",
        owner="Sam",
        due=None,
        at=NOW,
        account_id=acme,
    )
    found = hits(search(db, "pricing"))
    assert [(h.source, h.id, h.kind, h.account) for h in found] == [
        ("action", action_id, "action", "Acme")
    ]
    assert [h.id for h in hits(search(db, "pricing", owner="sam"))] == [action_id]
    assert [h.id for h in hits(search(db, "pricing", owner="dana"))] == [action_id]
    assert hits(search(db, "pricing", kind="risk")) == []


def test_an_action_said_as_a_note_is_found_once(db: Database) -> None:
    where = meeting(db, "Weekly", NOW)
    note_id = note(db, where, "Call the sponsor", NOW, kind="action")
    action_id = action_store.add_action(
        db,
        meeting_id=where[0],
        title="Call the sponsor",
        owner=None,
        due=None,
        at=NOW,
        note_id=note_id,
    )
    found = hits(search(db, "sponsor"))
    assert [(h.source, h.id, h.section) for h in found] == [("action", action_id, "Renewals")]


def test_filters_account_owner_kind_since(db: Database) -> None:
    acme = account_store.upsert_account(db, {"name": "Acme", "owner": "Dana"}, NOW)
    globex = account_store.upsert_account(db, {"name": "Globex", "owner": "Lee"}, NOW)
    old = meeting(db, "Old", pendulum.datetime(2026, 10, 1, tz="UTC"))
    new = meeting(db, "New", NOW)
    a_risk = note(db, new, "churn risk", NOW, acme, kind="risk")
    g_note = note(db, new, "churn talk", NOW, globex)
    old_note = note(db, old, "churn history", pendulum.datetime(2026, 10, 1, tz="UTC"), acme)
    ids = lambda **kw: sorted(h.id for h in hits(search(db, "churn", **kw)))  # noqa: E731
    assert ids() == sorted([a_risk, g_note, old_note])
    assert ids(account="acme") == sorted([a_risk, old_note])
    assert ids(owner="Lee") == [g_note]
    assert ids(kind="risk") == [a_risk]
    assert ids(since="2026-11-01") == sorted([a_risk, g_note])
    assert ids(account="Nobody") == []
    assert len(hits(search(db, "churn", limit=1))) == 1


def test_deleted_notes_are_not_found_and_restored_ones_are(db: Database) -> None:
    where = meeting(db, "Weekly", NOW)
    note_id = note(db, where, "secret merger plan", NOW)
    note_store.delete_note(db, note_id, NOW)
    assert hits(search(db, "merger")) == []
    note_store.restore_note(db, note_id, "secret merger plan", None, NOW)
    assert [h.id for h in hits(search(db, "merger"))] == [note_id]


def test_an_edited_note_is_found_by_its_new_words_only(db: Database) -> None:
    where = meeting(db, "Weekly", NOW)
    note_id = note(db, where, "budget frozen", NOW)
    note_store.update_note(db, note_id, "budget approved", NOW)
    assert hits(search(db, "frozen")) == []
    assert [h.id for h in hits(search(db, "approved"))] == [note_id]
    action_id = action_store.add_action(
        db, meeting_id=where[0], title="Draft contract", owner=None, due=None, at=NOW
    )
    db.execute("UPDATE actions SET title = 'Sign contract' WHERE id = ?", (action_id,))
    assert hits(search(db, "draft")) == []
    assert [h.id for h in hits(search(db, "sign"))] == [action_id]


HOSTILE_QUERIES = [
    '"',
    '""',
    '"unbalanced',
    "NEAR(",
    "NEAR(a b",
    "*",
    "**",
    "a*b",
    "*a",
    "[bold]",
    "AND",
    "OR NOT",
    "-minus",
    "col:umn",
    "^caret",
    "(paren",
    "{brace}",
    "x\x00y",
    "\x1b[31m",
    "顧客 👩‍💼",
    "",
    "   ",
    *HOSTILE_TEXTS,
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_never_raise(db: Database, query: str) -> None:
    where = meeting(db, "Weekly", NOW)
    for text in HOSTILE_TEXTS:
        note(db, where, text or "empty", NOW)
    result = search(db, query)
    if isinstance(result, SearchError):
        assert result.message and "\n" not in result.message
    else:
        assert all(isinstance(h, SearchHit) for h in result)


def test_hostile_text_is_found_as_words(db: Database) -> None:
    where = meeting(db, "Weekly", NOW)
    bold = note(db, where, "[bold] NEAR(x) said 顧客レビュー", NOW)
    assert [h.id for h in hits(search(db, "[bold]"))] == [bold]
    assert [h.id for h in hits(search(db, "NEAR("))] == [bold]
    assert [h.id for h in hits(search(db, "顧客レビュー"))] == [bold]
    assert isinstance(search(db, ""), SearchError)
    assert isinstance(search(db, "*"), SearchError)


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('say "hi" NEAR( ab*') == '"say" """hi""" "NEAR(" "ab"*'
    assert fts_query("  * ** ") == ""


def test_the_indexes_are_the_ones_sqlite_utils_makes(db: Database, tmp_path: Path) -> None:
    utils = sqlite_utils.Database(db.conn)
    assert utils["notes"].detect_fts() == "notes_fts"
    assert utils["actions"].detect_fts() == "actions_fts"
    # The same tables and triggers, statement for statement, as sqlite-utils' enable_fts.

    reference = sqlite_utils.Database(tmp_path / "reference.db")
    reference.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    reference.execute("CREATE TABLE actions (id INTEGER PRIMARY KEY, title TEXT)")
    reference["notes"].enable_fts(["text"], fts_version="FTS5", create_triggers=True)
    reference["actions"].enable_fts(["title"], fts_version="FTS5", create_triggers=True)
    query = (
        "SELECT type, name, sql FROM sqlite_master WHERE (name LIKE 'notes%' OR name LIKE"
        " 'actions%') AND type IN ('table', 'trigger') ORDER BY name"
    )
    ours = [r for r in db.tuples(query) if r[1] not in ("notes", "actions")]
    theirs = [r for r in reference.execute(query).fetchall() if r[1] not in ("notes", "actions")]
    assert ours == theirs


def test_a_version_3_file_is_indexed_when_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v3.db"
    real = list(schema_module.MIGRATIONS)
    v3 = [m for m in real if m[0] <= 3]
    monkeypatch.setattr(schema_module, "MIGRATIONS", v3)
    monkeypatch.setattr(db_module, "MIGRATIONS", v3)
    old = open_database(path)
    where = meeting(old, "Weekly", NOW)
    texts = [f"note number {i} about topic{i}" for i in range(30)] + HOSTILE_TEXTS
    # Written as that version wrote them: the columns it had, no more.
    ids = [
        old.execute(
            "INSERT INTO notes (meeting_id, agenda_item_id, kind, text, created_at)"
            " VALUES (?, ?, 'note', ?, ?)",
            (*where, text, NOW.to_iso8601_string()),
        )
        for text in texts
    ]
    action_id = old.execute(
        "INSERT INTO actions (meeting_id, title, created_at) VALUES (?, 'Old action title', ?)",
        (where[0], NOW.to_iso8601_string()),
    )
    assert check_version(old.conn) == 3
    old.close()
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert "notes_fts" not in tables

    monkeypatch.setattr(schema_module, "MIGRATIONS", real)
    monkeypatch.setattr(db_module, "MIGRATIONS", real)
    new = open_database(path)
    try:
        assert check_version(new.conn) == real[-1][0]
        for i in range(30):
            assert [h.id for h in hits(search(new, f"topic{i}"))] == [ids[i]]
        assert len(hits(search(new, "note number", limit=100))) == 30
        for note_id, text in zip(ids[30:], HOSTILE_TEXTS, strict=True):
            words = [w for w in text.split() if any(c.isalnum() for c in w)][:1]
            if words:
                found = hits(search(new, words[0], limit=200))
                assert note_id in [h.id for h in found], text
        assert [h.id for h in hits(search(new, "old action"))] == [action_id]
        assert new.query_one("PRAGMA integrity_check") == {"integrity_check": "ok"}
    finally:
        new.close()


def test_a_tie_at_the_limit_keeps_the_better_match(db: Database) -> None:
    where = meeting(db, "Weekly", NOW)
    strong = note(db, where, "budget budget budget", NOW)
    for i in range(80):
        note(db, where, f"budget and words number {i} about the plan for the quarter", NOW)
    note(db, where, "budget later", NOW.add(minutes=1))
    found = hits(search(db, "budget", limit=5))
    assert len(found) == 5
    assert found[0].snippet.startswith(f"{MATCH_START}budget{MATCH_END} later")
    assert found[1].id == strong
