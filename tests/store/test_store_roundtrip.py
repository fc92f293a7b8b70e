"""Everything written through the store comes back exactly, from a real SQLite file.

Raw rows are read back with `db.query` to check the stored representation too: instants as
UTC ISO-8601 text, days as ISO dates, money as integer cents, flags as 0/1.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest
from hostile import HOSTILE_TEXTS
from store_reads import count_accounts

from reviewtui.store import Database, open_database
from reviewtui.store import accounts as account_store
from reviewtui.store import actions as action_store
from reviewtui.store import meetings as meeting_store
from reviewtui.store import notes as note_store
from reviewtui.store import people as people_store
from reviewtui.store.actions import ConflictError

NOW = pendulum.datetime(2026, 11, 26, 14, 0, 0, tz="UTC")
UTC_INSTANT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|\+00:00)$")
ISO_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")

EXPECTED_TABLES = {
    "people",
    "accounts",
    "metric_snapshots",
    "series",
    "meetings",
    "attendance",
    "agenda_items",
    "clock_spans",
    "notes",
    "actions",
    "account_reviews",
    "drafts",
    "schema_migrations",
}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    try:
        yield database
    finally:
        database.close()


def raw(db: Database, table: str, row_id: int, key: str = "id") -> dict:
    row = db.query_one(f"SELECT * FROM {table} WHERE {key} = ?", (row_id,))
    assert row is not None, f"no {table} row {row_id}"
    return row


def types(db: Database, table: str, row_id: int) -> dict[str, str]:
    columns = [c["name"] for c in db.query(f"PRAGMA table_info({table})")]
    select = ", ".join(f"typeof({c}) AS {c}" for c in columns)
    row = db.query_one(f"SELECT {select} FROM {table} WHERE id = ?", (row_id,))
    assert row is not None
    return row


def make_meeting(
    db: Database,
    *,
    series_id: int | None = None,
    started_at: pendulum.DateTime = NOW,
    items: tuple[meeting_store.PlannedItem, ...] = (
        meeting_store.PlannedItem("Last actions", "carryover", 300),
        meeting_store.PlannedItem("Wrap-up", "wrapup", 300),
    ),
) -> int:
    return meeting_store.create_meeting(
        db,
        series_id=series_id,
        template="book-of-business",
        title="Book review",
        scope="csm:Maria",
        started_at=started_at,
        items=items,
        min_actions=3,
        max_actions=5,
    )


# -- accounts ----------------------------------------------------------------------------

FULL_ACCOUNT: dict[str, object] = {
    "external_id": "SF-0001",
    "name": "Acme Analytics",
    "owner": "Maria Lopez",
    "arr_cents": 12_345_678_901,  # $123,456,789.01: more than 32 bits
    "tcv_cents": 1,
    "client_since": pendulum.date(2019, 2, 28),
    "renewal_date": pendulum.date(2028, 2, 29),
    "health": 39.9,
    "status": "red",
    "status_changed_on": pendulum.date(2026, 11, 1),
    "lifecycle": "renewal",
    "last_touch": pendulum.date(2026, 10, 31),
    "last_engaged": pendulum.date(2026, 9, 30),
    "nps": -42,
    "tier": "strategic",
    "usage": 0.125,
    "goals": "on track",
    "expansion": True,
    "industry": "Fintech · 顧客",
    "is_media": True,
    "churned_on": None,
    "renewed_on": pendulum.date(2025, 12, 31),
}


def test_account_every_field_round_trips(db: Database) -> None:
    account_id = account_store.upsert_account(db, dict(FULL_ACCOUNT), NOW)
    account = account_store.get_account(db, account_id)
    assert account is not None
    assert account.key == "acme analytics"
    for field in (
        "name",
        "owner",
        "arr_cents",
        "tcv_cents",
        "client_since",
        "renewal_date",
        "health",
        "status",
        "lifecycle",
        "last_touch",
        "last_engaged",
        "nps",
        "tier",
        "usage",
        "goals",
        "expansion",
        "industry",
    ):
        assert getattr(account, field) == FULL_ACCOUNT[field], field
    assert account.health == 39.9  # not 39.899999 or 40
    assert account.nps == -42
    assert isinstance(account.renewal_date, pendulum.Date)
    assert account.renewal_date == pendulum.date(2028, 2, 29)
    assert account.expansion is True

    row = raw(db, "accounts", account_id)
    assert row["external_id"] == "SF-0001"
    assert row["renewal_date"] == "2028-02-29"
    assert row["client_since"] == "2019-02-28"
    assert row["status_changed_on"] == "2026-11-01"
    assert row["renewed_on"] == "2025-12-31"
    assert row["churned_on"] is None
    assert row["is_media"] == 1 and row["expansion"] == 1
    assert row["created_at"] == row["updated_at"]
    assert UTC_INSTANT.match(row["created_at"]), row["created_at"]
    kinds = types(db, "accounts", account_id)
    assert kinds["arr_cents"] == "integer" and kinds["tcv_cents"] == "integer"
    assert kinds["health"] == "real" and kinds["usage"] == "real"
    assert kinds["nps"] == "integer"
    assert kinds["renewal_date"] == "text" and kinds["created_at"] == "text"
    assert kinds["churned_on"] == "null"


def test_account_with_only_a_name_keeps_everything_else_empty(db: Database) -> None:
    account_id = account_store.upsert_account(db, {"name": "Bare Co"}, NOW)
    account = account_store.get_account(db, account_id)
    assert account is not None
    assert account.name == "Bare Co"
    for field in (
        "owner",
        "arr_cents",
        "tcv_cents",
        "client_since",
        "renewal_date",
        "health",
        "status",
        "lifecycle",
        "last_touch",
        "last_engaged",
        "nps",
        "tier",
        "usage",
        "goals",
        "industry",
    ):
        assert getattr(account, field) is None, field
    assert account.expansion is False
    assert raw(db, "accounts", account_id)["is_media"] == 0


def test_account_health_and_nps_edges(db: Database) -> None:
    for name, health, nps in (("Zero", 0.0, -100), ("Full", 100.0, 100), ("Mid", 40.0, 0)):
        account = account_store.get_account(
            db, account_store.upsert_account(db, {"name": name, "health": health, "nps": nps}, NOW)
        )
        assert account is not None
        assert (account.health, account.nps) == (health, nps)


@pytest.mark.parametrize(
    "bad",
    [{"health": 100.5}, {"health": -1}, {"nps": -101}, {"status": "purple"}, {"goals": "maybe"}],
)
def test_account_out_of_range_values_are_refused_and_nothing_is_written(
    db: Database, bad: dict[str, object]
) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        account_store.upsert_account(db, {"name": "Broken", **bad}, NOW)
    assert count_accounts(db) == 0


def test_account_upsert_matches_by_normalised_name(db: Database) -> None:
    first = account_store.upsert_account(db, {"name": "Acme  Analytics", "health": 50}, NOW)
    later = NOW.add(days=1)
    second = account_store.upsert_account(db, {"name": " acme analytics ", "health": 61.5}, later)
    assert first == second
    assert count_accounts(db) == 1
    row = raw(db, "accounts", first)
    assert row["health"] == 61.5
    assert row["created_at"] != row["updated_at"]
    assert pendulum.parse(row["created_at"]) == NOW
    assert pendulum.parse(row["updated_at"]) == later
    found = account_store.find_account(db, "ACME ANALYTICS")
    assert found is not None and found.id == first


def test_account_instants_are_stored_in_utc(db: Database) -> None:
    berlin = pendulum.datetime(2026, 7, 1, 9, 30, tz="Europe/Berlin")
    account_id = account_store.upsert_account(db, {"name": "Zoned"}, berlin)
    stored = raw(db, "accounts", account_id)["created_at"]
    assert UTC_INSTANT.match(stored), stored
    assert stored.startswith("2026-07-01T07:30:00")


@pytest.mark.parametrize("text", HOSTILE_TEXTS, ids=range(len(HOSTILE_TEXTS)))
def test_hostile_text_is_stored_byte_for_byte(db: Database, text: str) -> None:
    name = f"{text}#name"  # names are unique by key; keep even the empty string distinct
    account_id = account_store.upsert_account(
        db, {"name": name, "owner": text, "tier": text, "industry": text, "lifecycle": text}, NOW
    )
    account = account_store.get_account(db, account_id)
    assert account is not None
    assert account.name == name
    assert account.owner == text and account.tier == text and account.industry == text
    assert account.lifecycle == text
    person = people_store.get_or_create_person(db, name, NOW, role=text)
    assert person.name == name and person.role == text


def test_accounts_by_id(db: Database) -> None:
    a = account_store.upsert_account(db, {"name": "Beta", "owner": "Maria"}, NOW)
    b = account_store.upsert_account(db, {"name": "Alpha", "owner": "maria"}, NOW)
    c = account_store.upsert_account(db, {"name": "Gamma", "owner": "Sam"}, NOW)
    assert set(account_store.accounts_by_ids(db, [a, c])) == {a, c}
    assert account_store.accounts_by_ids(db, []) == {}
    assert account_store.owners(db) == ["Maria", "Sam", "maria"]
    assert account_store.get_account(db, b + 1000) is None


# -- metric snapshots --------------------------------------------------------------------


def test_snapshots_round_trip_in_order_and_upsert_by_day(db: Database) -> None:
    account_id = account_store.upsert_account(db, {"name": "Acme"}, NOW)
    months = [pendulum.date(2026, m, 1) for m in range(1, 13)] + [pendulum.date(2025, 12, 31)]
    account_store.add_snapshots(
        db,
        {
            account_id: [
                {
                    "as_of": d,
                    "health": 30.5 + i,
                    "usage": 0.5,
                    "nps": -10 + i,
                    "arr_cents": 100_000_00 + i,
                    "status": "yellow",
                    "spend_cents": 250_00,
                    "cost_per_lead_cents": 1_99,
                    "leads": i,
                }
                for i, d in enumerate(months)
            ]
        },
    )
    latest = account_store.snapshots(db, account_id, limit=12)
    assert [s.as_of for s in latest] == [pendulum.date(2026, m, 1) for m in range(1, 13)]
    first = latest[0]
    assert (first.health, first.usage, first.nps, first.arr_cents) == (30.5, 0.5, -10, 10_000_000)
    assert (first.status, first.spend_cents, first.cost_per_lead_cents, first.leads) == (
        "yellow",
        25_000,
        199,
        0,
    )
    everything = account_store.snapshots(db, account_id, limit=100)
    assert everything[0].as_of == pendulum.date(2025, 12, 31)
    assert len(everything) == 13

    # The same day again updates rather than duplicating.
    account_store.add_snapshots(db, {account_id: [{"as_of": months[0], "health": 99.0}]})
    again = account_store.snapshots(db, account_id, limit=100)
    assert len(again) == 13
    assert next(s for s in again if s.as_of == months[0]).health == 99.0

    rows = db.query(
        "SELECT as_of, typeof(arr_cents) AS t FROM metric_snapshots WHERE account_id = ?",
        (account_id,),
    )
    assert all(ISO_DAY.match(r["as_of"]) for r in rows)
    assert {r["t"] for r in rows} == {"integer"}


def test_snapshot_with_no_values_is_stored(db: Database) -> None:
    account_id = account_store.upsert_account(db, {"name": "Acme"}, NOW)
    day = pendulum.date(2026, 1, 1)
    account_store.add_snapshots(db, {account_id: [{"as_of": day}]})
    account_store.add_snapshots(db, {account_id: [{"as_of": day}]})  # again: still one row
    [snap] = account_store.snapshots(db, account_id)
    assert snap.as_of == day and snap.health is None and snap.arr_cents is None


def test_snapshot_for_missing_account_is_refused(db: Database) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        account_store.add_snapshots(db, {999: [{"as_of": pendulum.date(2026, 1, 1), "nps": 1}]})
    with pytest.raises(sqlite3.IntegrityError):
        account_store.add_snapshots(db, {999: [{"as_of": pendulum.date(2026, 1, 1)}]})
    assert db.query("SELECT id FROM metric_snapshots") == []


# -- people and series ---------------------------------------------------------------------


def test_people_round_trip(db: Database) -> None:
    maria = people_store.get_or_create_person(db, "Maria López", NOW, role="csm")
    again = people_store.get_or_create_person(db, "Maria López", NOW, role="leader")
    assert again == maria  # found, not duplicated, role not overwritten
    assert maria.role == "csm"
    people_store.upsert_person(db, "Maria López", NOW, role="leader", team="EMEA", email="m@x.io")
    people_store.upsert_person(db, "ana", NOW)
    people = people_store.list_people(db)
    assert [p.name for p in people] == ["ana", "Maria López"]
    assert people[1].role == "leader" and people[1].team == "EMEA"
    row = raw(db, "people", maria.id)
    assert row["email"] == "m@x.io"
    assert UTC_INSTANT.match(row["created_at"])


def test_series_round_trip(db: Database) -> None:
    s1 = meeting_store.get_or_create_series(db, "Maria's book", "book-of-business", NOW, "csm:M")
    s2 = meeting_store.get_or_create_series(db, "Maria's book", "growth", NOW)
    assert s1 == s2 and s1.template == "book-of-business"
    meeting_store.get_or_create_series(db, "acme QBR", "account-planning", NOW)
    assert [s.name for s in meeting_store.list_series(db)] == ["acme QBR", "Maria's book"]
    assert raw(db, "series", s1.id)["scope"] == "csm:M"


# -- meetings, agenda, attendance, drafts ---------------------------------------------------


def test_meeting_and_agenda_round_trip(db: Database) -> None:
    series = meeting_store.get_or_create_series(db, "Weekly", "book-of-business", NOW)
    prompts = tuple(t for t in HOSTILE_TEXTS if t)
    items = (
        meeting_store.PlannedItem("Last actions", "carryover", 300, ("What is done?",) * 3),
        meeting_store.PlannedItem("Queues [bold]", "queues", 1500, prompts, ("red", "new-90")),
        meeting_store.PlannedItem("Wrap-up", "wrapup", 300),
    )
    meeting_id = make_meeting(db, series_id=series.id, items=items)
    meeting = meeting_store.get_meeting(db, meeting_id)
    assert meeting is not None
    assert meeting.series_id == series.id and meeting.series_name == "Weekly"
    assert (meeting.template, meeting.title, meeting.scope) == (
        "book-of-business",
        "Book review",
        "csm:Maria",
    )
    assert meeting.status == "live" and meeting.ended_at is None
    assert meeting.started_at == NOW
    assert (meeting.min_actions, meeting.max_actions) == (3, 5)
    assert meeting.current_item_id is None and meeting.focus_account_id is None

    agenda = meeting_store.agenda(db, meeting_id)
    assert [i.position for i in agenda] == [0, 1, 2]
    assert [i.title for i in agenda] == ["Last actions", "Queues [bold]", "Wrap-up"]
    assert agenda[1].prompts == prompts
    assert agenda[1].segments == ("red", "new-90")
    assert agenda[2].prompts == () and agenda[2].segments == ()
    assert (agenda[1].planned_seconds, agenda[1].extra_seconds, agenda[1].actual_seconds) == (
        1500,
        0,
        0,
    )
    assert UTC_INSTANT.match(raw(db, "meetings", meeting_id)["started_at"])


def test_meeting_focus_attendance_close_and_listing(db: Database) -> None:
    account_id = account_store.upsert_account(db, {"name": "Acme"}, NOW)
    first = make_meeting(db)
    second = make_meeting(db, started_at=NOW.add(hours=1))
    meeting_store.set_focus_account(db, first, account_id)
    meeting = meeting_store.get_meeting(db, first)
    assert meeting is not None and meeting.focus_account_id == account_id

    maria = people_store.get_or_create_person(db, "Maria", NOW, role="csm")
    lee = people_store.get_or_create_person(db, "lee", NOW, role="leader")
    meeting_store.set_attendance(db, first, maria.id, True, None)
    meeting_store.set_attendance(db, first, lee.id, False, "sponsor")
    meeting_store.set_attendance(db, first, lee.id, True, "sponsor")  # changes, not duplicates
    attendees = meeting_store.attendance(db, first)
    assert [(a.person, a.present, a.role) for a in attendees] == [
        ("lee", True, "sponsor"),
        ("Maria", True, "csm"),
    ]

    assert [m.id for m in meeting_store.list_meetings(db)] == [second, first]
    ended = NOW.add(minutes=50)
    meeting_store.close_meeting(db, first, ended, "only two actions agreed", "/tmp/m.md")
    closed = meeting_store.get_meeting(db, first)
    assert closed is not None
    assert (closed.status, closed.ended_at) == ("closed", ended)
    assert (closed.override_reason, closed.minutes_path) == ("only two actions agreed", "/tmp/m.md")
    assert [m.id for m in meeting_store.list_meetings(db, status="live")] == [second]
    assert [m.id for m in meeting_store.list_meetings(db, status="closed")] == [first]
    meeting_store.set_minutes_path(db, first, "/tmp/other.md")
    again = meeting_store.get_meeting(db, first)
    assert again is not None and again.minutes_path == "/tmp/other.md"


def test_drafts_save_replace_clear_and_heartbeat(db: Database) -> None:
    meeting_id = make_meeting(db)
    item = meeting_store.agenda(db, meeting_id)[0]
    assert meeting_store.get_draft(db, meeting_id) is None
    meeting_store.save_draft(db, meeting_id, "half a thought [bold]", item.id, None, NOW)
    later = NOW.add(seconds=5)
    meeting_store.save_draft(db, meeting_id, "half a thought, finished", item.id, None, later)
    draft = meeting_store.get_draft(db, meeting_id)
    assert draft is not None
    assert (draft.text, draft.agenda_item_id, draft.updated_at) == (
        "half a thought, finished",
        item.id,
        later,
    )
    assert meeting_store.last_heartbeat(db, meeting_id) == later
    meeting_store.save_draft(db, meeting_id, "", None, None, later.add(seconds=1))
    assert meeting_store.get_draft(db, meeting_id) is None
    assert meeting_store.last_heartbeat(db, meeting_id) == later.add(seconds=1)


def test_clock_spans_round_trip(db: Database) -> None:
    meeting_id = make_meeting(db)
    first, second = meeting_store.agenda(db, meeting_id)
    meeting_store.open_span(db, meeting_id, first.id, NOW)
    meeting_store.open_span(db, meeting_id, second.id, NOW.add(seconds=90))
    meeting_store.close_open_span(db, meeting_id, NOW.add(seconds=100))
    meeting_store.open_span(db, meeting_id, first.id, NOW.add(seconds=200))
    spans = meeting_store.spans(db, meeting_id)
    assert [(s.agenda_item_id, s.seconds(NOW.add(seconds=230))) for s in spans] == [
        (first.id, 90),
        (second.id, 10),
        (first.id, 30),
    ]
    assert spans[-1].ended_at is None
    items = {i.id: i for i in meeting_store.agenda(db, meeting_id)}
    assert items[first.id].actual_seconds == 90  # closed spans only
    assert items[second.id].actual_seconds == 10
    assert items[first.id].started_at == NOW
    meeting = meeting_store.get_meeting(db, meeting_id)
    assert meeting is not None and meeting.current_item_id == first.id


# -- notes -----------------------------------------------------------------------------


def test_note_round_trip_edit_and_soft_delete(db: Database) -> None:
    account_id = account_store.upsert_account(db, {"name": "Acme [red]"}, NOW)
    meeting_id = make_meeting(db)
    item = meeting_store.agenda(db, meeting_id)[0]
    note_id = note_store.add_note(
        db,
        meeting_id=meeting_id,
        agenda_item_id=item.id,
        account_id=account_id,
        kind="insight",
        text="[@click=app.quit]budget moved[/]",
        at=NOW,
        author="Maria",
        category="market",
    )
    note = note_store.get_note(db, note_id)
    assert note is not None
    assert (note.meeting_id, note.agenda_item_id, note.account_id) == (
        meeting_id,
        item.id,
        account_id,
    )
    assert (note.kind, note.text, note.author, note.category) == (
        "insight",
        "[@click=app.quit]budget moved[/]",
        "Maria",
        "market",
    )
    assert note.created_at == NOW and note.deleted is False
    assert note.account_name == "Acme [red]"

    note_store.update_note(db, note_id, "budget moved to Q3", NOW.add(minutes=1))
    edited = note_store.get_note(db, note_id)
    assert edited is not None
    assert edited.text == "budget moved to Q3" and edited.category == "market"
    assert edited.created_at == NOW
    assert pendulum.parse(raw(db, "notes", note_id)["updated_at"]) == NOW.add(minutes=1)

    note_store.delete_note(db, note_id, NOW.add(minutes=2))
    row = raw(db, "notes", note_id)  # the row survives, marked deleted
    assert row["text"] == "budget moved to Q3"
    assert UTC_INSTANT.match(row["deleted_at"])
    assert note_store.notes_for_meeting(db, meeting_id) == []
    kept = note_store.notes_for_meeting(db, meeting_id, include_deleted=True)
    assert [(n.id, n.deleted) for n in kept] == [(note_id, True)]
    assert note_store.notes_for_account(db, account_id) == []

    # A deleted note cannot be edited, and deleting again keeps the first deletion time.
    note_store.update_note(db, note_id, "rewritten", NOW.add(minutes=3))
    note_store.delete_note(db, note_id, NOW.add(minutes=4))
    row = raw(db, "notes", note_id)
    assert row["text"] == "budget moved to Q3"
    assert pendulum.parse(row["deleted_at"]) == NOW.add(minutes=2)


def test_notes_filter_and_order(db: Database) -> None:
    account_id = account_store.upsert_account(db, {"name": "Acme"}, NOW)
    meeting_id = make_meeting(db)
    first, second = meeting_store.agenda(db, meeting_id)
    ids = []
    for minute, (item, kind) in enumerate(
        [(first, "note"), (second, "decision"), (first, "risk"), (second, "blocker")]
    ):
        ids.append(
            note_store.add_note(
                db,
                meeting_id=meeting_id,
                agenda_item_id=item.id,
                account_id=account_id,
                kind=kind,
                text=f"n{minute}",
                at=NOW.add(minutes=minute),
            )
        )
    assert [n.id for n in note_store.notes_for_meeting(db, meeting_id)] == ids
    assert [n.kind for n in note_store.notes_for_meeting(db, meeting_id, first.id)] == [
        "note",
        "risk",
    ]
    latest = note_store.notes_for_account(db, account_id, limit=2)
    assert [n.text for n in latest] == ["n3", "n2"]


def test_note_kind_and_meeting_are_checked(db: Database) -> None:
    meeting_id = make_meeting(db)
    with pytest.raises(sqlite3.IntegrityError):
        note_store.add_note(
            db, meeting_id=meeting_id, agenda_item_id=None, account_id=None, kind="gossip",
            text="x", at=NOW,
        )  # fmt: skip
    with pytest.raises(sqlite3.IntegrityError):  # foreign keys are enforced
        note_store.add_note(
            db, meeting_id=meeting_id + 100, agenda_item_id=None, account_id=None, kind="note",
            text="x", at=NOW,
        )  # fmt: skip
    assert db.query("SELECT id FROM notes") == []


# -- actions -----------------------------------------------------------------------------


def test_action_round_trip(db: Database) -> None:
    account_id = account_store.upsert_account(db, {"name": "Acme"}, NOW)
    meeting_id = make_meeting(db)
    note_id = note_store.add_note(
        db, meeting_id=meeting_id, agenda_item_id=None, account_id=account_id, kind="action",
        text="Send the renewal deck", at=NOW,
    )  # fmt: skip
    action_id = action_store.add_action(
        db,
        meeting_id=meeting_id,
        title="Send the renewal deck",
        owner="Maria López",
        due=pendulum.date(2026, 12, 4),
        at=NOW,
        account_id=account_id,
        note_id=note_id,
    )
    action = action_store.get_action(db, action_id)
    assert action is not None
    assert (action.meeting_id, action.account_id, action.account_name) == (
        meeting_id,
        account_id,
        "Acme",
    )
    assert (action.title, action.owner, action.due) == (
        "Send the renewal deck",
        "Maria López",
        pendulum.date(2026, 12, 4),
    )
    assert (action.status, action.carried_from, action.version, action.times_carried) == (
        "open",
        None,
        1,
        0,
    )
    assert action.created_at == NOW and action.completed_at is None
    assert action.complete
    assert action_store.action_for_note(db, note_id) == action
    row = raw(db, "actions", action_id)
    assert row["due"] == "2026-12-04"
    assert UTC_INSTANT.match(row["created_at"])

    bare = action_store.get_action(
        db,
        action_store.add_action(db, meeting_id=meeting_id, title="t", owner=None, due=None, at=NOW),
    )
    assert bare is not None
    assert (bare.owner, bare.due, bare.account_name, bare.complete) == (None, None, None, False)


def test_action_update_checks_the_version(db: Database) -> None:
    meeting_id = make_meeting(db)
    action_id = action_store.add_action(
        db, meeting_id=meeting_id, title="Call the CFO", owner="Sam", due=None, at=NOW
    )
    action_store.update_action(
        db, action_id, expected_version=1, at=NOW.add(minutes=1), due=pendulum.date(2026, 12, 1)
    )
    updated = action_store.get_action(db, action_id)
    assert updated is not None
    assert (updated.version, updated.due, updated.owner, updated.title) == (
        2,
        pendulum.date(2026, 12, 1),
        "Sam",
        "Call the CFO",
    )

    before = raw(db, "actions", action_id)
    with pytest.raises(ConflictError):
        action_store.update_action(db, action_id, expected_version=1, at=NOW, owner="Someone else")
    assert raw(db, "actions", action_id) == before  # nothing changed
    with pytest.raises(ConflictError):
        action_store.update_action(db, action_id + 50, expected_version=1, at=NOW, owner="x")

    done_at = NOW.add(minutes=5)
    action_store.update_action(db, action_id, expected_version=2, at=done_at, status="done")
    done = action_store.get_action(db, action_id)
    assert done is not None
    assert (done.status, done.completed_at, done.version) == ("done", done_at, 3)
    action_store.update_action(db, action_id, expected_version=3, at=NOW, status="open")
    reopened = action_store.get_action(db, action_id)
    assert reopened is not None and reopened.completed_at is None

    with pytest.raises(sqlite3.IntegrityError):
        action_store.update_action(db, action_id, expected_version=4, at=NOW, status="lost")
    still = action_store.get_action(db, action_id)
    assert still is not None and (still.status, still.version) == ("open", 4)


def test_carry_chain_counts_times_carried(db: Database) -> None:
    series = meeting_store.get_or_create_series(db, "Weekly", "book-of-business", NOW)
    m1 = make_meeting(db, series_id=series.id, started_at=NOW)
    m2 = make_meeting(db, series_id=series.id, started_at=NOW.add(weeks=1))
    m3 = make_meeting(db, series_id=series.id, started_at=NOW.add(weeks=2))
    first = action_store.add_action(
        db, meeting_id=m1, title="Fix onboarding", owner="Sam", due=pendulum.date(2026, 12, 1),
        at=NOW,
    )  # fmt: skip
    a1 = action_store.get_action(db, first)
    assert a1 is not None
    assert [a.id for a in action_store.open_actions_from_series(db, series.id, m2)] == [first]

    second = action_store.carry_action(db, a1, m2, NOW.add(weeks=1))
    a2 = action_store.get_action(db, second)
    assert a2 is not None
    assert (a2.carried_from, a2.times_carried, a2.due, a2.status) == (
        first,
        1,
        pendulum.date(2026, 12, 1),
        "open",
    )
    third = action_store.carry_action(db, a2, m3, NOW.add(weeks=2), due=pendulum.date(2026, 12, 18))
    a3 = action_store.get_action(db, third)
    assert a3 is not None
    assert (a3.carried_from, a3.times_carried, a3.due) == (second, 2, pendulum.date(2026, 12, 18))

    old = action_store.get_action(db, first)
    assert old is not None and old.status == "carried" and old.times_carried == 0
    assert [a.id for a in action_store.carried_into(db, m3)] == [third]
    # Every open action of the series now lives in m3 itself: nothing is left to carry into it.
    assert action_store.open_actions_from_series(db, series.id, m3) == []
    # Carried originals are history, not work: listings skip them.
    assert [a.id for a in action_store.list_actions(db)] == [third]


def test_carrying_a_stale_action_changes_nothing(db: Database) -> None:
    m1, m2 = make_meeting(db), make_meeting(db)
    action_id = action_store.add_action(
        db, meeting_id=m1, title="Chase invoice", owner="Sam", due=None, at=NOW
    )
    stale = action_store.get_action(db, action_id)
    assert stale is not None
    action_store.update_action(db, action_id, expected_version=1, at=NOW, owner="Ana")
    with pytest.raises(ConflictError):
        action_store.carry_action(db, stale, m2, NOW)
    assert action_store.actions_for_meeting(db, m2) == []
    current = action_store.get_action(db, action_id)
    assert current is not None and current.status == "open"


def test_list_actions_filters_and_delete(db: Database) -> None:
    meeting_id = make_meeting(db)

    def add(title: str, owner: str | None, due: pendulum.Date | None) -> int:
        return action_store.add_action(
            db, meeting_id=meeting_id, title=title, owner=owner, due=due, at=NOW
        )

    late = add("late", "Maria", pendulum.date(2026, 11, 20))
    soon = add("soon", "maria", pendulum.date(2026, 11, 30))
    undated = add("undated", "Sam", None)
    action_store.update_action(db, soon, expected_version=1, at=NOW, status="done")
    assert [a.id for a in action_store.list_actions(db)] == [late, soon, undated]
    assert [a.id for a in action_store.list_actions(db, owner="MARIA")] == [late, soon]
    assert [a.id for a in action_store.list_actions(db, status="open")] == [late, undated]
    overdue = action_store.list_actions(db, due_before=pendulum.date(2026, 11, 26))
    assert [a.id for a in overdue] == [late]
    late_action = action_store.get_action(db, late)
    assert late_action is not None and late_action.is_overdue(pendulum.date(2026, 11, 26))

    assert [a.id for a in action_store.actions_for_meeting(db, meeting_id)] == [
        late,
        soon,
        undated,
    ]


# -- the file itself ---------------------------------------------------------------------


def test_new_file_is_private(db: Database, db_path: Path) -> None:
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    account_store.upsert_account(db, {"name": "Acme"}, NOW)
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists():
        assert stat.S_IMODE(wal.stat().st_mode) & 0o077 == 0


def test_pragmas(db: Database) -> None:
    assert db.query_one("PRAGMA foreign_keys") == {"foreign_keys": 1}
    assert db.query_one("PRAGMA journal_mode") == {"journal_mode": "wal"}
    assert db.query_one("PRAGMA busy_timeout") == {"timeout": 5000}
    assert db.query_one("PRAGMA synchronous") == {"synchronous": 2}  # FULL


def test_every_column_has_an_explicit_type(db: Database) -> None:
    tables = {
        r["name"]
        for r in db.query(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE '%!_fts!_%' ESCAPE '!'"
        )
        if not r["name"].startswith("sqlite_")
    }
    assert tables >= EXPECTED_TABLES
    untyped = [
        f"{table}.{column['name']}"
        for table in sorted(tables)
        for column in db.query(f"PRAGMA table_info({table})")
        if column["type"].upper() not in ("INTEGER", "TEXT", "REAL")
    ]
    assert untyped == []
    assert db.query("PRAGMA foreign_key_check") == []
    assert db.query_one("PRAGMA integrity_check") == {"integrity_check": "ok"}


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 command is not installed")
def test_sqlite3_cli_reads_the_file(db: Database, db_path: Path) -> None:
    account_store.upsert_account(db, {"name": "Acme 顧客", "arr_cents": 1_000_00}, NOW)
    schema = subprocess.run(
        ["sqlite3", str(db_path), ".schema"], capture_output=True, text=True, timeout=30, check=True
    ).stdout
    for table in EXPECTED_TABLES:
        assert re.search(rf"CREATE TABLE (IF NOT EXISTS )?\"?{table}\"?\s*\(", schema), table
    assert re.search(r'"?arr_cents"? INTEGER', schema) and re.search(r'"?health"? REAL', schema)
    rows = subprocess.run(
        ["sqlite3", str(db_path), "SELECT name, arr_cents FROM accounts"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    ).stdout
    assert rows.strip() == "Acme 顧客|100000"
