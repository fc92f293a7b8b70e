"""The follow-up report and the action list, against figures worked out by hand.

The fixture runs three monthly strategy reviews of one series through the real services on
a manual clock, with known section times, actions done on time, late, carried twice or
dropped, insights on some accounts and reviews of others. Every expected number below is
derived in the comments next to it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pendulum
import pytest
from meeting_notes import add_note

from reviewtui.domain.clock import ManualClock
from reviewtui.domain.models import Action
from reviewtui.services.changes import Change, apply_change
from reviewtui.services.meeting import MeetingSession, start_meeting
from reviewtui.services.report_text import report_lines
from reviewtui.services.reporting import Report, build_report, list_action_lines, report_as_dict
from reviewtui.services.workspace import Workspace, open_workspace
from reviewtui.store.accounts import upsert_account
from reviewtui.store.convert import instant

AS_OF = pendulum.date(2026, 5, 10)
ATTENDANCE_RULE = ("strategy", "growth marketer", 1)

# Minutes spent per strategy section, in template order:
#   carry-over 5, overall strategy 10, client 7, deliverables 6, data 8, roadmap 6,
#   support 5, wrap-up 5  (52 planned per meeting)
SPENT = {
    "m1": [0, 12, 7, 4, 10, 6, 5, 8],  # no carry-over to triage: opens on section 2
    "m2": [6, 10, 9, 6, 8, 3, 5, 5],
    "m3": [4, 14, 7, 6, 8, 6, 5, 6],
}


def mark_reviewed(ws: Workspace, meeting_id: int, account_id: int) -> None:
    args = {"meeting_id": meeting_id, "account_id": account_id, "at": instant(ws.clock.now())}
    apply_change(ws, Change("account.reviewed", args))


@dataclass
class Book:
    ws: Workspace
    clock: ManualClock
    db_path: Path
    actions: dict[str, int]
    meetings: dict[str, int]


def _at(clock: ManualClock, when: str) -> None:
    moment = pendulum.parse(when)
    assert isinstance(moment, pendulum.DateTime)
    clock.set(moment)


def _spend(session: MeetingSession, clock: ManualClock, minutes: list[int]) -> None:
    """Spend the given minutes in each section from the current one to the last."""
    for spent in minutes[session.index :]:
        clock.advance(minutes=spent)
        if not (moves := session.clock.next()):
            break
        session.apply(moves)


def _by_title(session: MeetingSession, title: str) -> Action:
    return next(a for a in session.triage.carryover() if a.title == title)


@pytest.fixture
def book(tmp_path: Path) -> Iterator[Book]:
    clock = ManualClock("2026-03-02T10:00:00Z")
    db_path = tmp_path / "follow.db"
    ws = open_workspace(db_path, clock=clock, config=tmp_path / "config")
    now = clock.now()
    ids = {
        name: upsert_account(ws.db, {"name": name, "churned_on": churned}, now)
        for name, churned in [
            ("Acme", None),
            ("Beta", None),
            ("Gamma", None),
            ("Delta", pendulum.date(2026, 1, 1)),  # churned: out of scope
        ]
    }
    actions: dict[str, int] = {}
    meetings: dict[str, int] = {}

    # -- M1, Mon 2 March ---------------------------------------------------------------
    m1 = start_meeting(
        ws,
        "strategy",
        series="Acme strategy",
        attendees=["Dana:strategist", "Gail:growth marketer"],
        absent=["Gus:growth marketer"],
    )
    meetings["m1"] = m1.id
    m1.apply(m1.notebook.focus(ids["Acme"]))
    add_note(m1, "i: Acme is moving budget to search #market")
    add_note(m1, "i: new CMO starts in April #people")
    m1.apply(m1.notebook.focus(ids["Beta"]))
    add_note(m1, "i: Beta wants fewer reports #company")
    m1.apply(m1.notebook.focus(ids["Gamma"]))
    m1.apply(m1.notebook.delete(add_note(m1, "i: deleted insight does not count #market").note))
    m1.apply(m1.notebook.focus(None))
    add_note(m1, "i: an insight about no account #market")
    mark_reviewed(ws, m1.id, ids["Acme"])
    for key, title, owner, due in [
        ("a1", "Send the pacing plan", "Dana", "2026-03-06"),
        ("a2", "Book the QBR room", "Lee", "2026-03-09"),
        ("a3", "Draft the test roadmap", "Dana", "2026-03-20"),
    ]:
        saved = m1.apply(m1.closing.add_action(title, owner, due))
        assert saved.action is not None
        actions[key] = saved.action.id
    _spend(m1, clock, SPENT["m1"])
    m1.apply(m1.closing.close())

    # Thu 5 March: a1 done a day early.
    _at(clock, "2026-03-05T16:00:00Z")
    m1.apply(m1.triage.done(next(a for a in m1.closing.actions() if a.id == actions["a1"])))

    # -- M2, Mon 6 April ---------------------------------------------------------------
    _at(clock, "2026-04-06T10:00:00Z")
    m2 = start_meeting(
        ws, "strategy", series="Acme strategy", attendees=["Dana:strategist", "Gus:growth marketer"]
    )
    meetings["m2"] = m2.id
    actions["a2b"] = m2.apply(m2.triage.carry(_by_title(m2, "Book the QBR room"), "2026-04-10")).id
    m2.apply(m2.triage.done(_by_title(m2, "Draft the test roadmap")))  # due 20 March: late
    for key, title, owner, due in [
        ("b1", "Ask for the data export", "Lee", "2026-04-08"),
        ("b2", "Rework the creative brief", "Dana", "2026-04-30"),
        ("b3", "Audit the tracking", "Gail", "2026-05-15"),
    ]:
        saved = m2.apply(m2.closing.add_action(title, owner, due))
        assert saved.action is not None
        actions[key] = saved.action.id
    _spend(m2, clock, SPENT["m2"])
    m2.apply(m2.closing.close())

    # -- M3, Mon 4 May -----------------------------------------------------------------
    _at(clock, "2026-05-04T10:00:00Z")
    m3 = start_meeting(
        ws,
        "strategy",
        series="Acme strategy",
        attendees=["Dana:strategist", "Gail:growth marketer"],
    )
    meetings["m3"] = m3.id
    actions["a2c"] = m3.apply(m3.triage.carry(_by_title(m3, "Book the QBR room"), "2026-05-08")).id
    m3.apply(m3.triage.drop(_by_title(m3, "Ask for the data export"), "the client sent it unasked"))
    mark_reviewed(ws, m3.id, ids["Beta"])
    for key, title, owner, due in [
        ("c1", "Call the new CMO", "Dana", "2026-05-06"),
        ("c2", "Price the search pilot", "Lee", "2026-05-07"),
        ("c3", "Share the benchmarks", "Gus", "2026-05-20"),
    ]:
        saved = m3.apply(m3.closing.add_action(title, owner, due))
        assert saved.action is not None
        actions[key] = saved.action.id
    _spend(m3, clock, SPENT["m3"])
    m3.apply(m3.closing.close())

    _at(clock, "2026-05-10T12:00:00Z")
    try:
        yield Book(ws, clock, db_path, actions, meetings)
    finally:
        ws.close()


@pytest.fixture
def report(book: Book) -> Report:
    return build_report(book.ws, as_of=AS_OF)


def test_follow_through_overall_and_per_owner(report: Report) -> None:
    # Due by 10 May, not dropped and not carried on: a1 (done early), a3 (done late),
    # a2c (due 8 May, open), b2 (30 Apr, open), c1 (6 May, open), c2 (7 May, open).
    # b3 (15 May) and c3 (20 May) are not due yet; b1 was dropped; a2, a2b were carried.
    overall = report.follow_through.overall
    assert (overall.due, overall.on_time, overall.late, overall.overdue) == (6, 1, 1, 4)
    assert overall.share == pytest.approx(1 / 6)
    by_owner = {
        r.who: (r.due, r.on_time, r.late, r.overdue) for r in report.follow_through.by_owner
    }
    # Dana: a1 on time, a3 late, b2 and c1 overdue.  Lee: a2c and c2 overdue.
    assert by_owner == {"Dana": (4, 1, 1, 2), "Lee": (2, 0, 0, 2)}
    assert [r.who for r in report.follow_through.by_owner] == ["Lee", "Dana"]  # worst first


def test_open_actions_by_age_count_from_the_first_version(report: Report) -> None:
    # Open on 10 May: a2c (chain started 2 Mar: 69 days), b2 and b3 (6 Apr: 34 days),
    # c1, c2, c3 (4 May: 6 days).
    assert {b.label: b.count for b in report.open_by_age} == {
        "0-7 days": 3,
        "8-14 days": 0,
        "15-30 days": 0,
        "31-60 days": 2,
        "61-90 days": 1,
        "over 90 days": 0,
    }


def test_actions_carried_twice(report: Report, book: Book) -> None:
    assert [(a.id, a.title, a.times_carried, a.owner) for a in report.carried] == [
        (book.actions["a2c"], "Book the QBR room", 2, "Lee")
    ]


def test_timebox_adherence_per_section_and_template(report: Report) -> None:
    sections = {
        t.label: (t.count, t.planned_minutes, t.actual_minutes) for t in report.timebox.by_section
    }
    planned = [5, 10, 7, 6, 8, 6, 5, 5]
    titles = [
        "Last meeting's actions",
        "Overall strategy",
        "Client & mindset",
        "Next deliverables",
        "Data & health metrics",
        "Roadmap",
        "Where I need support",
        "Wrap-up",
    ]
    expected = {
        title: (3, 3 * planned[i], sum(SPENT[m][i] for m in SPENT))
        for i, title in enumerate(titles)
    }
    assert sections == expected
    # e.g. overall strategy: 12 + 10 + 14 = 36 spent of 30 planned: +2 per section.
    overall = next(t for t in report.timebox.by_section if t.label == "Overall strategy")
    assert overall.average_overrun_minutes == pytest.approx(2.0)
    assert report.timebox.by_section[0].label == "Overall strategy"  # worst overrun first
    (template,) = report.timebox.by_template
    # 52 + 52 + 56 = 160 spent of 3 x 52 = 156 planned: +4/3 per meeting.
    assert (template.label, template.count) == ("strategy", 3)
    assert (template.planned_minutes, template.actual_minutes) == (156, 160)
    assert report.timebox.average_overrun_minutes == pytest.approx(4 / 3)
    assert report.timebox.meetings == 3


def test_attendance_per_month_and_rule_breaches(report: Report) -> None:
    monthly = {(m.month, m.person, m.role): m.attended for m in report.attendance.monthly}
    assert monthly == {
        ("2026-03", "Dana", "strategist"): 1,
        ("2026-03", "Gail", "growth marketer"): 1,
        ("2026-04", "Dana", "strategist"): 1,
        ("2026-04", "Gus", "growth marketer"): 1,
        ("2026-05", "Dana", "strategist"): 1,
        ("2026-05", "Gail", "growth marketer"): 1,
    }
    assert [(r.template, r.role, r.at_least_per_month) for r in report.attendance.rules] == [
        ATTENDANCE_RULE
    ]
    # Gail missed April; Gus was absent in March and has not come in May (month not over).
    assert [
        (b.person, b.month, b.attended, b.required, b.month_complete)
        for b in report.attendance.breaches
    ] == [
        ("Gail", "2026-04", 0, 1, True),
        ("Gus", "2026-03", 0, 1, True),
        ("Gus", "2026-05", 0, 1, False),
    ]


def test_insight_coverage(report: Report) -> None:
    # In scope: Acme, Beta, Gamma (Delta churned). Acme has 2 insights, Beta 1, Gamma only
    # a deleted one; the insight about no account counts for nobody.
    insights = report.insights
    assert (insights.in_scope, insights.covered, insights.target_per_account) == (3, 1, 2)
    assert insights.share == pytest.approx(1 / 3)
    assert insights.short == [("Gamma", 0), ("Beta", 1)]


def test_review_coverage(report: Report) -> None:
    # Acme reviewed 2 March (69 days before 10 May), Beta on 4 May (6 days), Gamma never.
    reviews = report.reviews
    assert (reviews.in_scope, reviews.never_reviewed) == (3, 1)
    assert {g.days: g.count for g in reviews.gaps} == {30: 2, 60: 2, 90: 1}
    assert reviews.not_reviewed == [("Gamma", None), ("Acme", 69)]


def test_report_text_lists_the_first_accounts_and_counts_the_rest(report: Report) -> None:
    lines = report_lines(report, shown=1)
    at = lines.index(next(line for line in lines if line.startswith("\nInsight coverage")))
    assert lines[at + 1 : at + 3] == ["  Gamma: 0", "  ... and 1 more"]
    at = lines.index(next(line for line in lines if line.startswith("\nReview coverage")))
    assert lines[at + 1 : at + 3] == ["  Gamma: never", "  ... and 1 more"]
    everything = report_lines(report, shown=2)
    assert "  Beta: 1" in everything and "  Acme: 69 days ago" in everything
    assert not any("more" in line and line.startswith("  ...") for line in everything)


def test_since_narrows_the_window(book: Book) -> None:
    report = build_report(book.ws, since=pendulum.date(2026, 4, 1), as_of=AS_OF)
    # Promised 1 Apr - 10 May: b2, c1, c2 (all open and overdue). a2c was carried to 8 May
    # but was promised for 9 March, before the window: the miss stays in March.
    overall = report.follow_through.overall
    assert (overall.due, overall.on_time, overall.overdue) == (3, 0, 3)
    assert report.timebox.meetings == 2
    assert [(b.person, b.month) for b in report.attendance.breaches] == [
        ("Gail", "2026-04"),
        ("Gus", "2026-05"),
    ]
    assert report.insights.covered == 0  # all insights were recorded on 2 March
    with pytest.raises(ValueError, match="after the as-of date"):
        build_report(book.ws, since=pendulum.date(2026, 6, 1), as_of=AS_OF)


def test_an_earlier_as_of_sees_the_book_as_it_was(book: Book) -> None:
    report = build_report(book.ws, as_of=pendulum.date(2026, 3, 31))
    # Only M1 had happened: a1 done on time, a2 (due 9 Mar) and a3 (due 20 Mar) were open
    # then, but both have moved on since (a2 carried, a3 done) so only a3 still counts.
    overall = report.follow_through.overall
    assert (overall.due, overall.on_time, overall.late) == (2, 1, 1)
    assert report.timebox.meetings == 1
    assert report.reviews.gaps[0].count == 2  # Acme reviewed 29 days before; Beta, Gamma not


def test_action_list_with_days_overdue(book: Book) -> None:
    lines = list_action_lines(book.ws, overdue=True, as_of=AS_OF)
    got = [(line.action.title, line.days_overdue, line.action.times_carried) for line in lines]
    assert got == [
        ("Rework the creative brief", 10, 0),
        ("Call the new CMO", 4, 0),
        ("Price the search pilot", 3, 0),
        ("Book the QBR room", 2, 2),
    ]
    assert all(line.meeting_title for line in lines)
    dana = list_action_lines(book.ws, owner="dana", as_of=AS_OF)
    assert sorted(line.action.id for line in dana) == sorted(
        book.actions[k] for k in ("a1", "a3", "b2", "c1")
    )
    done = list_action_lines(book.ws, status="done", as_of=AS_OF)
    assert [line.days_overdue for line in done] == [0, 0]
    with pytest.raises(ValueError, match="overdue actions are open"):
        list_action_lines(book.ws, status="done", overdue=True)


def _cli(book: Book, *args: str) -> subprocess.CompletedProcess[str]:
    book.ws.close()
    return subprocess.run(
        [sys.executable, "-m", "reviewtui", "--db", str(book.db_path), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "TZ": "UTC"},
    )


def test_actions_command_json(book: Book) -> None:
    done = _cli(book, "actions", "--overdue", "--as-of", "2026-05-10", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [(r["title"], r["days_overdue"]) for r in rows] == [
        ("Rework the creative brief", 10),
        ("Call the new CMO", 4),
        ("Price the search pilot", 3),
        ("Book the QBR room", 2),
    ]
    last = rows[-1]
    assert {k: last[k] for k in ("id", "owner", "due", "status", "times_carried")} == {
        "id": book.actions["a2c"],
        "owner": "Lee",
        "due": "2026-05-08",
        "status": "open",
        "times_carried": 2,
    }
    assert last["meeting_id"] == book.meetings["m3"]
    assert "account" in last


def test_actions_command_csv_and_text(book: Book) -> None:
    done = _cli(book, "actions", "--owner", "Lee", "--as-of", "2026-05-10", "--csv")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert (
        lines[0]
        == "id,title,owner,due,status,days_overdue,times_carried,meeting_id,meeting,account"
    )
    # b1 (dropped), c2 and a2c (the current version of a2; the carried ones are not listed)
    assert [line.split(",")[4] for line in lines[1:]] == ["dropped", "open", "open"]
    text = _cli(book, "actions", "--as-of", "2026-05-10")
    assert text.returncode == 0
    assert "Book the QBR room" in text.stdout and "carried 2x" in text.stdout
    both = _cli(book, "actions", "--overdue", "--status", "done")
    assert both.returncode == 1 and len(both.stderr.splitlines()) == 1


def test_report_command(book: Book) -> None:
    done = _cli(book, "report", "--as-of", "2026-05-10", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    expected = report_as_dict(
        build_report(open_workspace(book.db_path, clock=book.clock), as_of=AS_OF)
    )
    assert data == expected
    assert data["follow_through"]["overall"]["share"] == pytest.approx(1 / 6)
    assert data["review_coverage"]["not_reviewed_within"] == {"30": 2, "60": 2, "90": 1}
    text = _cli(book, "report", "--as-of", "2026-05-10", "--since", "2026-03-01")
    assert text.returncode == 0, text.stderr
    assert "Gus (growth marketer) attended 0 of 1 strategy meetings in 2026-05" in text.stdout
    bad_since = _cli(book, "report", "--since", "yesterday")
    assert bad_since.returncode == 1
    assert bad_since.stderr == (
        "reviewtui report: argument --since: 'yesterday' is not a date; use YYYY-MM-DD"
        " (see reviewtui report --help)\n"
    )
