"""The record is what happened: two meetings of an account-planning series and two of a
book-of-business series (with one abandoned between them), run through the real services on
a manual clock, then the report, the minutes and the exports checked against values worked
out by hand in the comments.

The book (owners as in the account data):
    Acme Corp   Priya Raman   health 72, green, ARR $120,000, NPS 30, renews 2026-09-30
    Globex      Priya Raman   health 35, red,   ARR $80,000,  NPS -10, renews 2026-05-01
    Hooli       Priya Raman
    Initech     Tomás Reyes
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pendulum
import pytest
from meeting_notes import add_note
from store_reads import chain_ids, redates

from reviewtui.domain.clock import ManualClock
from reviewtui.domain.models import Action
from reviewtui.services.exporting import export_meeting
from reviewtui.services.follow_up import mark_done
from reviewtui.services.meeting import LiveSeriesError, MeetingSession, start_meeting
from reviewtui.services.reporting import build_report, list_action_lines
from reviewtui.services.scopes import ScopeError, check_scope
from reviewtui.services.workspace import Workspace, open_workspace
from reviewtui.store import people as people_store
from reviewtui.store.accounts import upsert_account

AS_OF = pendulum.date(2026, 3, 31)


@dataclass
class Run:
    ws: Workspace
    clock: ManualClock
    db_path: Path
    meetings: dict[str, int]
    accounts: dict[str, int]
    files: dict[str, str]  # minutes file text as written at close


def _at(clock: ManualClock, when: str) -> None:
    moment = pendulum.parse(when)
    assert isinstance(moment, pendulum.DateTime)
    clock.set(moment)


def _close(session: MeetingSession, clock: ManualClock) -> str:
    """Walk the rest of the agenda two minutes a section, close; the file as written."""
    while True:
        clock.advance(minutes=2)
        if not (moves := session.clock.next()):
            break
        session.apply(moves)
    path = session.apply(session.closing.close())
    return Path(path).read_text(encoding="utf-8")


def _open(session: MeetingSession, title: str) -> Action:
    return next(a for a in session.triage.carryover() if a.title == title)


@pytest.fixture
def run(tmp_path: Path) -> Iterator[Run]:
    clock = ManualClock("2026-03-01T09:00:00Z")
    db_path = tmp_path / "record.db"
    ws = open_workspace(db_path, clock=clock, config=tmp_path / "config")
    now = clock.now()
    accounts = {
        "Acme": upsert_account(
            ws.db,
            {
                "name": "Acme Corp",
                "owner": "Priya Raman",
                "health": 72,
                "status": "green",
                "arr_cents": 12_000_000,
                "nps": 30,
                "renewal_date": "2026-09-30",
            },
            now,
        ),
        "Globex": upsert_account(
            ws.db,
            {
                "name": "Globex",
                "owner": "Priya Raman",
                "health": 35,
                "status": "red",
                "arr_cents": 8_000_000,
                "nps": -10,
                "renewal_date": "2026-05-01",
            },
            now,
        ),
        "Hooli": upsert_account(ws.db, {"name": "Hooli", "owner": "Priya Raman"}, now),
        "Initech": upsert_account(ws.db, {"name": "Initech", "owner": "Tomás Reyes"}, now),
    }
    people_store.upsert_person(ws.db, "Tomás Reyes", now, "csm")
    meetings: dict[str, int] = {}
    files: dict[str, str] = {}

    # -- account planning, meeting 1: Mon 2 March ----------------------------------------
    _at(clock, "2026-03-02T10:00:00Z")
    ap1 = start_meeting(
        ws,
        "account-planning",
        series="Acme planning",
        scope="account:acme corp",  # checked, and kept as the data spells it
        attendees=["Ana Diaz:account executive", "Sam Okafor:campaigns lead"],
    )
    meetings["ap1"] = ap1.id
    add_note(ap1, "i: Acme is moving budget to search #market")
    add_note(ap1, "i: a reorg merges two business units #company")
    add_note(ap1, "i: the new CMO starts in April #people")
    add_note(ap1, "r: the sponsor may leave after the reorg")
    for text in (
        "a: send the market map @ana 2026-03-06",
        "a: book the sponsor call @sam 2026-03-09",
        "a: draft the campaign plan @ana 2026-03-13",
    ):
        add_note(ap1, text)
    files["ap1"] = _close(ap1, clock)

    # Thu 5 March: the market map is sent a day early.
    _at(clock, "2026-03-05T15:00:00Z")
    mark_done(ws, next(a for a in ap1.closing.actions() if a.title == "send the market map"))

    # -- book of business, meeting 1: Tue 3 March ---------------------------------------
    _at(clock, "2026-03-03T10:00:00Z")
    bob1 = start_meeting(
        ws,
        "book-of-business",
        series="Priya's book",
        scope="csm:priya",  # the start of a name: csm:Priya Raman
        attendees=["Priya Raman:csm", "Lee Chen:leader"],
    )
    meetings["bob1"] = bob1.id
    bob1.apply(bob1.notebook.mark_reviewed(accounts["Globex"]))  # Ctrl+R in the queues
    bob1.apply(bob1.clock.next())  # to Wins: notes tie to an account with &name from any section
    add_note(bob1, "i: &globex wants a pilot of the new module #company")
    add_note(bob1, "a: &globex call the CFO @priya fri")  # Tue 3 March: fri is 6 March
    add_note(bob1, "a: escalate the pricing question @lee 2026-03-10")
    add_note(bob1, "a: write the renewal plan @priya 2026-03-13")
    files["bob1"] = _close(bob1, clock)

    # Wed 4 March: a meeting of the series started by mistake, abandoned.
    _at(clock, "2026-03-04T09:00:00Z")
    mistake = start_meeting(ws, "book-of-business", series="Priya's book")
    meetings["mistake"] = mistake.id
    mistake.apply(mistake.notebook.mark_reviewed(accounts["Hooli"]))
    add_note(mistake, "a: an action typed by mistake @priya 2026-03-05")
    with pytest.raises(LiveSeriesError):
        start_meeting(ws, "book-of-business", series="Priya's book")
    mistake.apply(mistake.record.abandon("started by mistake, wrong day"))

    # -- account planning, meeting 2: Mon 16 March (no scope given: the series keeps it) --
    _at(clock, "2026-03-16T10:00:00Z")
    ap2 = start_meeting(
        ws,
        "account-planning",
        series="Acme planning",
        attendees=["Ana Diaz:account executive", "Sam Okafor:campaigns lead"],
    )
    meetings["ap2"] = ap2.id
    ap2.apply(
        ap2.triage.carry(_open(ap2, "book the sponsor call"), "2026-03-20")
    )  # promised 9 March
    ap2.apply(ap2.triage.drop(_open(ap2, "draft the campaign plan"), "merged into the plan"))
    ap2.apply(ap2.clock.next())
    add_note(ap2, "i: search budget doubled in March #market")
    for text in (
        "a: share the media plan @ana 2026-04-03",
        "a: brief the creative team @sam 2026-04-10",
        "a: prepare the sponsor review @ana 2026-04-17",
    ):
        add_note(ap2, text)
    files["ap2"] = _close(ap2, clock)

    # Thu 19 March: the sponsor call is booked: before the new date, after the promise.
    _at(clock, "2026-03-19T12:00:00Z")
    call = next(a for a in ap2.closing.actions() if a.title == "book the sponsor call")
    mark_done(ws, call)

    # -- book of business, meeting 2: Tue 17 March --------------------------------------
    _at(clock, "2026-03-17T10:00:00Z")
    bob2 = start_meeting(
        ws,
        "book-of-business",
        series="Priya's book",
        attendees=["Priya Raman:csm", "Lee Chen:leader", "tomas reyes"],  # no second Tomás
    )
    meetings["bob2"] = bob2.id
    bob2.apply(bob2.triage.done(_open(bob2, "call the CFO")))  # promised 6 March: late
    bob2.apply(
        bob2.triage.carry(_open(bob2, "escalate the pricing question"), "2026-03-24")
    )  # promised 10 March
    # "write the renewal plan" (due 13 March) is left open.
    bob2.apply(bob2.clock.next())
    for text in (
        "a: send Globex the pilot terms @priya 2026-04-02",
        "a: join the Globex exec call @lee 2026-04-07",
        "a: review the Hooli usage @priya 2026-04-14",
    ):
        add_note(bob2, text)
    files["bob2"] = _close(bob2, clock)

    _at(clock, "2026-03-31T12:00:00Z")
    try:
        yield Run(ws, clock, db_path, meetings, accounts, files)
    finally:
        ws.close()


def test_follow_through_is_measured_against_the_first_promise(run: Run) -> None:
    # Promised by 31 March, not dropped, not carried on (abandoned meeting left out):
    #   send the market map       Ana    6 Mar  done 5 Mar              on time
    #   book the sponsor call     Sam    9 Mar  re-dated 20 Mar, done 19 Mar   late
    #   call the CFO              Priya  6 Mar  done 17 Mar             late
    #   escalate the pricing ...  Lee   10 Mar  re-dated 24 Mar, open   overdue
    #   write the renewal plan    Priya 13 Mar  open                    overdue
    # Everything made in the second meetings is promised in April.
    report = build_report(run.ws, as_of=AS_OF)
    overall = report.follow_through.overall
    assert (overall.due, overall.on_time, overall.late, overall.overdue) == (5, 1, 2, 2)
    assert overall.share == pytest.approx(0.2)
    by_owner = {
        r.who: (r.due, r.on_time, r.late, r.overdue) for r in report.follow_through.by_owner
    }
    assert by_owner == {
        "Ana Diaz": (1, 1, 0, 0),
        "Sam Okafor": (1, 0, 1, 0),
        "Priya Raman": (2, 0, 1, 1),
        "Lee Chen": (1, 0, 0, 1),
    }
    # Four meetings held: the abandoned one is not one of them.
    assert report.timebox.meetings == 4


def test_every_redate_is_kept_with_when_where_and_by_whom(run: Run) -> None:
    ws = run.ws
    call = next(
        line.action
        for line in list_action_lines(ws, as_of=AS_OF)
        if line.action.title == "book the sponsor call"
    )
    assert (call.due, call.promised_due) == (pendulum.date(2026, 3, 20), pendulum.date(2026, 3, 9))
    (redate,) = redates(ws.db, chain_ids(ws.db, call.id))
    assert (redate.old_due, redate.new_due) == (
        pendulum.date(2026, 3, 9),
        pendulum.date(2026, 3, 20),
    )
    assert redate.meeting_id == run.meetings["ap2"]
    assert redate.changed_at == pendulum.datetime(2026, 3, 16, 10, 0, tz="UTC")
    assert redate.changed_by  # the person at the terminal


def test_account_scoped_notes_land_on_the_account_and_count_as_reviews(run: Run) -> None:
    ws = run.ws
    acme = run.accounts["Acme"]
    for key in ("ap1", "ap2"):
        session = MeetingSession(ws, run.meetings[key])
        assert session.meeting.scope == "account:Acme Corp"  # kept as spelt; inherited in ap2
        assert {n.account_id for n in session.notebook.notes()} == {acme}
        assert {a.account_id for a in session.closing.actions()} == {acme}
    report = build_report(ws, as_of=AS_OF, scope=check_scope(ws, "csm:Priya Raman"))
    # Priya's book: Acme (4 insights, reviewed 16 March: 15 days), Globex (1 insight,
    # reviewed 3 March: 28 days), Hooli (nothing; its review in the abandoned meeting does
    # not count). Initech is Tomás's and out of scope.
    assert (report.reviews.in_scope, report.reviews.never_reviewed) == (3, 1)
    assert {g.days: g.count for g in report.reviews.gaps} == {30: 1, 60: 1, 90: 1}
    assert report.reviews.not_reviewed == [("Hooli", None)]
    assert (report.insights.in_scope, report.insights.covered) == (3, 1)
    assert report.insights.short == [("Hooli", 0), ("Globex", 1)]
    whole = build_report(ws, as_of=AS_OF)
    assert (whole.reviews.in_scope, whole.reviews.never_reviewed) == (4, 2)


def test_minutes_say_what_happened_to_last_meetings_actions(run: Run) -> None:
    ap2 = run.files["ap2"]
    assert "| send the market map | Ana Diaz | Acme Corp | done before the meeting |" in ap2
    assert (
        "| book the sponsor call | Sam Okafor | Acme Corp | carried, due 2026-03-09 → 2026-03-20 |"
        in ap2
    )
    assert (
        "| draft the campaign plan | Ana Diaz | Acme Corp | dropped: merged into the plan |" in ap2
    )
    assert "| Acme Corp | 72 | green | $120,000 | 30 | 2026-09-30 |" in ap2  # as reviewed
    assert "- Scope: account:Acme Corp" in ap2
    assert "| 2 | share the media plan | Ana Diaz | 2026-04-03 | Acme Corp | open |" in ap2
    assert "\\[market\\] search budget doubled in March (Acme Corp)" in ap2

    bob2 = run.files["bob2"]
    assert "| call the CFO | Priya Raman | Globex | done |" in bob2
    assert (
        "| escalate the pricing question | Lee Chen |   | carried, due 2026-03-10 → 2026-03-24 |"
        in bob2
    )
    assert "| write the renewal plan | Priya Raman |   | left open (due 2026-03-13) |" in bob2
    assert "an action typed by mistake" not in bob2  # the abandoned meeting's
    # Actions by role: the CSM's, then the leader's, numbered through.
    csm, leader = bob2.index("### For the csm"), bob2.index("### For the leader")
    assert csm < bob2.index("send Globex the pilot terms") < leader
    assert leader < bob2.index("join the Globex exec call")
    # The first meeting opened on its first real section: nothing to triage.
    assert "Time: not reached" in run.files["ap1"]
    assert "Nothing was left open by the last meeting." in run.files["ap1"]
    assert "| Globex | 35 | red | $80,000 | -10 | 2026-05-01 |" in run.files["bob1"]


def test_minutes_and_json_are_frozen_at_close(run: Run) -> None:
    ws = run.ws
    # Since the first book meeting closed, its actions were done, carried and left; since
    # the second, the open one is done too. Neither meeting's record changes.
    renewal = next(
        line.action
        for line in list_action_lines(ws, as_of=AS_OF)
        if line.action.title == "write the renewal plan"
    )
    mark_done(ws, renewal)
    for key in ("ap1", "ap2", "bob1", "bob2"):
        assert export_meeting(ws, run.meetings[key], "md") == run.files[key]
    bob1 = json.loads(export_meeting(ws, run.meetings["bob1"], "json"))
    assert [a["status"] for a in bob1["actions"]] == ["open", "open", "open"]
    bob2 = json.loads(export_meeting(ws, run.meetings["bob2"], "json"))
    assert [(t["title"], t["outcome"]) for t in bob2["triage"]] == [
        ("escalate the pricing question", "carried"),
        ("call the CFO", "done"),
        ("write the renewal plan", "open"),
    ]
    assert bob2["triage"][0]["old_due"] == "2026-03-10"
    assert bob2["triage"][0]["new_due"] == "2026-03-24"
    ap2 = json.loads(export_meeting(ws, run.meetings["ap2"], "json"))
    assert ap2["accounts_reviewed"] == [
        {
            "account": "Acme Corp",
            "health": 72,
            "status": "green",
            "arr_cents": 12_000_000,
            "nps": 30,
            "renewal_date": "2026-09-30",
        }
    ]
    carried = next(a for a in ap2["actions"] if a["title"] == "book the sponsor call")
    assert (carried["due"], carried["promised_due"]) == ("2026-03-20", "2026-03-09")
    # The installed command exports the same bytes as the file written at close.
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "reviewtui",
            "--db",
            str(run.db_path),
            "export",
            str(run.meetings["bob2"]),
            "--format",
            "md",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.rstrip("\n") == run.files["bob2"].rstrip("\n")


def test_an_abandoned_meeting_is_kept_marked_and_left_out(run: Run) -> None:
    ws = run.ws
    mistake = MeetingSession(ws, run.meetings["mistake"])
    assert mistake.meeting.abandon_reason == "started by mistake, wrong day"
    assert mistake.meeting.abandoned_at == pendulum.datetime(2026, 3, 4, 9, 0, tz="UTC")
    assert not mistake.live
    doc = json.loads(export_meeting(ws, mistake.id, "json"))
    assert (doc["meeting"]["status"], doc["meeting"]["abandon_reason"]) == (
        "abandoned",
        "started by mistake, wrong day",
    )
    titles = [line.action.title for line in list_action_lines(ws, as_of=AS_OF)]
    assert "an action typed by mistake" in titles  # kept in the record


def test_scopes_and_names_are_checked_when_given(run: Run) -> None:
    ws = run.ws
    with pytest.raises(ScopeError, match="closest: csm:Priya Raman"):
        check_scope(ws, "csm:Pirya")
    with pytest.raises(ScopeError, match="account:Globex"):
        check_scope(ws, "account:globx")
    assert str(check_scope(ws, "csm:tomas")) == "csm:Tomás Reyes"
    # "tomas reyes" typed as an attendee is Tomás Reyes, not a second person.
    names = [p.name for p in people_store.list_people(ws.db)]
    assert sum(1 for n in names if n.casefold().startswith("tom")) == 1
