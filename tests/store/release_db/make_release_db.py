"""Write the database that tests/store/test_release_database.py opens: a file as a released
reviewtui (schema version 4, before tables were made with sqlite-utils) left it.

The committed `release_v4.db` was made by this script run on that release (commit ddd3047),
with its clock fixed and the times the migrations ran set to it afterwards, so the file is
the same on every run. Run it again only from a checkout of that release:

    python tests/store/release_db/make_release_db.py tests/store/release_db/release_v4.db [DUMP.sql]

Everything a user's file holds is there: the sample book (accounts, metric history, people,
two series of past meetings), an import of accounts and snapshots from CSV, and a meeting run
through the services: carry-over triaged (done, carried, dropped), notes of every kind with
hostile text, one edited and one deleted, account notes and reviews, actions, a draft, the
clock's spans, and the close with its minutes; then a second meeting left live.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

import pendulum

from reviewtui.domain.clock import ManualClock
from reviewtui.importers.sample import load_sample
from reviewtui.services.importing import import_accounts
from reviewtui.services.meeting import start_meeting
from reviewtui.services.workspace import Workspace, open_workspace
from reviewtui.store import accounts as account_store

START = pendulum.datetime(2026, 11, 26, 14, 0, 0, tz="UTC")
IMPORT_CSV = """name,owner,arr,health,status,renewal_date,nps,usage,spend,leads
Quillwort Analytics,Dana Ortiz,120000.00,35,red,2027-01-15,-40,12.5,4000.00,17
"Ångström & Søn [bold]",Dana Ortiz,88000.50,82,green,2027-06-30,55,91,,
Brightmoor Bakeries,Priya Raman,540000.00,90,green,2027-01-12,64,90,12000.00,220
"""


def build(target: Path, work: Path) -> None:
    clock = ManualClock(START)
    ws = open_workspace(target, clock=clock, config=work / "config")
    try:
        load_sample(ws)
        csv = work / "import.csv"
        csv.write_text(IMPORT_CSV, encoding="utf-8")
        report = import_accounts(ws, csv)
        assert report.written, report.message
        clock.advance(minutes=5)
        _run_meeting(ws, clock)
        clock.advance(minutes=30)
        live = start_meeting(ws, "scrum", series="Team scrum", attendees=["Dana Ortiz:lead"])
        live.start_clock()
        clock.advance(seconds=40)
        live.add("r: the [/] budget line moved \x1b[31m again")
        live.save_draft("half a thought about the ren")
        live.heartbeat()
    finally:
        ws.close()


def _run_meeting(ws: Workspace, clock: ManualClock) -> None:
    session = start_meeting(
        ws,
        "book-of-business",
        series="Book review: Priya Raman",
        attendees=["Priya Raman:csm", "Morgan Lee:leader"],
        absent=["Sam Okafor"],
    )
    carried = session.carryover()
    assert len(carried) >= 3, carried
    session.start_clock()
    session.mark_done(carried[0])
    session.carry(carried[1], "+7d")
    session.drop(carried[2], "no longer relevant: the client paused the project")
    clock.advance(minutes=3)
    session.next()
    texts = [
        "plain note about pacing",
        "d: keep the budget flat [bold]not bold[/bold]",
        "r: champion may leave \x1b[2J",
        "i: new CFO is cost-focused 🚀 全角 #company",
        "b: waiting on data access [@click=app.quit]",
        "a: send the renewal deck @Priya Raman fri",
    ]
    for text in texts:
        session.add(text)
    clock.advance(minutes=4)
    account = account_store.find_account(ws.db, "Quillwort Analytics")
    assert account is not None
    session.focus_account(account.id)
    session.add("usage fell after the migration; '; DROP TABLE notes; --")
    session.add("a: book a health call @Morgan Lee +3d")
    session.apply(session.reviewed_change(account.id))
    session.focus_account(None)
    notes = session.notes()
    session.edit_note(notes[0], "plain note about pacing, edited after the call")
    session.delete_note(notes[2])
    session.save_draft("a draft that was still being typed")
    clock.advance(minutes=5)
    while session.next() is not None:
        clock.advance(minutes=2)
    session.add_action("share the churn list", "Priya Raman", "eom")
    session.add_action("ask finance for the Q4 numbers", "Morgan Lee", "2026-12-04")
    session.close()


def dump(db_file: Path) -> str:
    conn = sqlite3.connect(db_file)
    try:
        return "\n".join(conn.iterdump()) + "\n"
    finally:
        conn.close()


def main(argv: list[str]) -> int:
    target = Path(argv[1])
    if target.exists():
        target.unlink()
    # A fixed place to work in: the minutes' path is recorded in the meeting.
    work = Path(tempfile.gettempdir()) / "reviewtui-release-db"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        built = work / "reviews.db"
        build(built, work)
        conn = sqlite3.connect(built)
        # The one time not read from the workspace's clock: when each migration ran.
        conn.execute("UPDATE schema_migrations SET applied_at = ?", (START.isoformat(),))
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("VACUUM INTO ?", (str(target),))
        conn.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if len(argv) > 2:  # a text dump too, to compare two runs
        Path(argv[2]).write_text(dump(target), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
