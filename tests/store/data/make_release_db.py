"""Writes `release_v4.db`: a database as reviewtui wrote it at schema version 4, before actions'
owners and notes' authors referred to people.

Kept to show how the file was made; it was run once with the code of that release
(`.venv/bin/python tests/store/data/make_release_db.py`). Run now, it would write the current
schema, so the committed file is what the migration tests open.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from reviewtui.domain.clock import ManualClock
from reviewtui.services.meeting import start_meeting
from reviewtui.services.workspace import open_workspace
from reviewtui.store import accounts as account_store
from reviewtui.store import notes as note_store
from reviewtui.store import people as people_store

HERE = Path(__file__).parent


def main(target: Path) -> None:
    if target.exists():
        target.unlink()
    clock = ManualClock("2026-10-01T14:00:00Z")
    ws = open_workspace(target, clock=clock, config=target.parent / "no-config")
    db = ws.db
    now = clock.now()
    people_store.upsert_person(db, "Ana Lima", now, role="csm", team="North")
    people_store.upsert_person(db, "José Ortiz", now, role="leader", team="North")
    people_store.upsert_person(db, "Priya Raman", now, role="csm", team="South")
    acme = account_store.upsert_account(
        db, {"name": "Acme Corp", "owner": "Ana Lima", "health": 35.0, "status": "red"}, now
    )
    account_store.upsert_account(
        db, {"name": "Globex", "owner": "Priya Raman", "health": 82.0, "status": "green"}, now
    )
    first = start_meeting(
        ws,
        "scrum",
        series="Book review: Ana Lima",
        scope="csm:Ana Lima",
        attendees=["Ana Lima:csm", "José Ortiz:leader"],
    )
    first.add("d: budget approved for [bold]Q2[/bold]")
    first.add("r: champion leaving in March")
    gone = first.add("n: this note was deleted")
    first.apply(first.delete_change(gone.note))
    # Owners as people type them: another case, without accents, a name nobody has yet, none.
    for title, owner in [
        ("send the renewal quote", "ana lima"),
        ("book the QBR", "jose ortiz"),
        ("ask legal about the DPA", "Sam Okafor"),
        ("clean up the CRM", None),
        ("check usage dip", "Ana Lima"),
    ]:
        first.add_action(title, owner or "", "fri")
    first.close("fixture")
    clock.advance(minutes=60 * 24 * 14)
    second = start_meeting(ws, "scrum", series="Book review: Ana Lima", scope="csm:Ana Lima")
    for action in second.carryover():
        if action.title == "book the QBR":
            second.apply(second.carry_change(action))
        elif action.title == "send the renewal quote":
            second.apply(second.done_change(action))
    note_store.add_note(
        db,
        meeting_id=second.id,
        agenda_item_id=second.current.id,
        account_id=acme,
        kind="note",
        text="imported note with an author",
        at=clock.now(),
        author="priya raman",
    )
    note_store.add_note(
        db,
        meeting_id=second.id,
        agenda_item_id=second.current.id,
        account_id=None,
        kind="note",
        text="another by a newcomer",
        at=clock.now(),
        author="Zoë Quinn",
    )
    ws.close()
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("VACUUM")
    conn.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "release_v4.db")
